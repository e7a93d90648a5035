// Layer-wise quantization of a whole model (the GPTQ/OWQ references' procedure): calibration windows run
// through the embeddings, then decoder layer by decoder layer the inputs of each true-sequential group of
// linears (q/k/v; o; gate/up; down) give Hessians, the group is quantized, and the quantized layer's outputs
// feed the next layer. Also the bit budget (weak columns per linear) and per-linear diagnostics.
#pragma once

#include "owq/allocation.h"
#include "owq/architecture.h"
#include "owq/config.h"
#include "owq/engine.h"
#include "owq/job.h"
#include "owq/quantize.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace owq {

// How calibration windows are drawn from the tokenized text (calibrationWindows).
enum class CalibrationSampling {
    Uniform,   // starts uniform over [0, tokens - seqlen] from std::mt19937_64(seed) (the default)
    Reference, // the official OWQ code's: Python random.seed(seed), randint(0, tokens - seqlen - 1)
};
const char* samplingName(CalibrationSampling s); // "uniform" | "reference"
// Throws InvalidArgument naming the value and the choices.
CalibrationSampling samplingFromName(const std::string& name);

// How a packed folder stores the LM head (the embedding too when they are tied; docs/FORMAT.md, "The head").
enum class HeadFormat {
    Source, // as the source checkpoint stores it, byte for byte (the default)
    F32,
    BF16, // bfloat16, rounded to nearest even; kept bfloat16 in memory
    Int8, // symmetric int8 per output row + a float32 scale per row (format version 2)
};
const char* headFormatName(HeadFormat h); // "source" | "f32" | "bf16" | "int8"
// Throws InvalidArgument naming the value and the choices.
HeadFormat headFormatFromName(const std::string& name);

// Everything that defines a quantization run; serialised to the same JSON by the CLI, GUI and model card.
struct QuantRecipe {
    Method method = Method::OWQ;
    QuantizerConfig quantizer; // bits, groups, sym, mse/minmax
    GptqConfig gptq;           // percdamp, block, act-order
    double targetBits = 0; // OWQ: average bits the weak columns may raise the model to (0: use weakColumns)
    int weakColumns = 0;   // OWQ without targetBits: the same count in every linear
    std::map<std::string, int> weakOverrides; // full linear name ("model.layers.3.self_attn.q_proj") -> count
    // Sensitivity: the bits the rule above would spend go where a float pre-pass measures the most gain
    // (owq/allocation.h); the report's recipe then holds the counts as weakOverrides.
    Allocation allocation = Allocation::Owq;
    // Base bit width of a linear where it is not quantizer.bits (full name -> 2, 3 or 4): mixed precision.
    // Sensitivity allocation with allocationBits fills it. In the JSON only when not empty.
    std::map<std::string, int> bitsOverrides;
    // The bit widths sensitivity allocation may give each linear (e.g. {2, 3, 4}) under the same storage;
    // empty: quantizer.bits only (weak columns are then all it moves). In the JSON only when not empty.
    std::vector<int> allocationBits;
    // What ranks the linears for sensitivity allocation; a report's recipe holds the probe that ran. In the
    // JSON only when not Auto.
    AllocationProbe allocationProbe = AllocationProbe::Auto;
    // Per-type shares of the budget; 0: the family's (the reference's LLaMA 1 / 0.375, OPT 1 / 0.25). A
    // report's recipe holds the shares used.
    double attentionRatio = 0;
    double mlpRatio = 0;
    bool sensitivityFromHDiagOnly = false;
    int nsamples = 128;
    int seqlen = 0; // 0: min(2048, context)
    std::uint64_t seed = 0;
    CalibrationSampling sampling = CalibrationSampling::Uniform;
    bool trueSequential = true;
    HeadFormat head = HeadFormat::Source; // in the JSON only when not Source (older recipes stay identical)
    // Calibration windows (the first ones) each layer's output error is measured on; 0: all of them. The
    // measure runs the float layer over those windows: on all, a third of a small model's quantization time.
    // In the JSON only when not 16.
    int outputErrorWindows = 16;

    std::string toJson() const;
    static QuantRecipe fromJson(const std::string& json); // throws InvalidArgument naming the field
    // Defaults of each method as the references use them (OWQ: mse grid; GPTQ/RTN: min-max).
    static QuantRecipe defaults(Method method, int bits);
};

// The linears of a decoder layer, their names and true-sequential groups: owq/architecture.h.

// The (attention, MLP) shares of the weak-column budget the recipe resolves to for this model's family.
std::pair<double, double> budgetShares(const ModelConfig& cfg, const QuantRecipe& recipe);

// Weak columns per linear of one decoder layer (kind -> count) for the recipe, by the reference's rule:
// r = 12/(16-b) * (B-b) / (number of linears per layer, a fused one counting as its parts);
// count = round(in_features * r * share), odd counts rounded up to even. Overrides are applied by the
// pipeline per full name.
std::map<std::string, int> weakColumnPlan(const ModelConfig& cfg, const QuantRecipe& recipe);

// Storage of one quantized linear in bits, counting everything a packed copy holds: b-bit codes of the dense
// columns, an fp16 scale and a b-bit zero per row and group (symmetric: scale only), fp16 weak columns and
// their int32 indices.
double linearStorageBits(std::int64_t rows, std::int64_t cols, int weak, const QuantizerConfig& q);
// The quantizer of one linear (full name): recipe.quantizer with the linear's bitsOverrides entry.
QuantizerConfig linearQuantizer(const QuantRecipe& recipe, const std::string& name);
// Average bits per weight over all decoder linears of a model quantized with `recipe` (the achieved figure
// every method reports, so "B bits" means the same thing everywhere). Unquantized: 16 per weight.
double averageBitsPerWeight(const ModelConfig& cfg, const QuantRecipe& recipe);

struct LinearDiagnostics {
    std::string name; // full HF name without ".weight"
    std::int64_t layer = 0;
    std::string kind;
    std::int64_t rows = 0, cols = 0;
    std::vector<std::int32_t> weakColumns;
    std::vector<float> hDiag;
    std::vector<float> sensitivity;
    double errorBefore = 0; // tr((W-Q_rtn) H (W-Q_rtn)^T)
    double errorAfter = 0;  // the same for the final weights
    double bits = 0;        // storage bits per weight of this linear
    double seconds = 0;
    bool packed = false; // held in the packed format (else as dequantized floats: 8 bits, static groups)
};

struct LayerDiagnostics {
    std::int64_t layer = 0;
    double outputMse = 0; // mean squared difference of the quantized layer's outputs vs the FP layer's
    double seconds = 0;
    // Where the layer's time went: running it over the calibration windows (float, per group and final
    // passes), accumulating Hessians within those passes, and solving its linears; the rest is packing.
    double passSeconds = 0;
    double hessianSeconds = 0;
    double solveSeconds = 0;
};

struct QuantReport {
    QuantRecipe recipe;
    std::string model; // source folder
    std::vector<LinearDiagnostics> linears;
    std::vector<LayerDiagnostics> layers;
    double averageBits = 0;
    std::int64_t weakColumnsTotal = 0;
    std::int64_t calibrationTokens = 0;
    double seconds = 0;
    int threads = 0;

    std::string toJson() const;
    static QuantReport fromJson(const std::string& json);
};

// Picks nsamples windows of seqlen tokens from the tokenized text (BOS once in front), at starts drawn with
// the seed: uniformly (std::mt19937_64), or exactly as the official OWQ code draws them (Reference: CPython's
// random.seed(seed), then i = random.randint(0, tokens - seqlen - 1), window tokens[i, i + seqlen)). Throws
// InvalidArgument when the text is shorter than one window (Reference: than one window and one token).
std::vector<std::vector<std::int32_t>>
calibrationWindows(const std::vector<std::int32_t>& tokens, int nsamples, int seqlen, std::uint64_t seed,
                   CalibrationSampling sampling = CalibrationSampling::Uniform);

// What quantization runs of one model on one calibration text share (owq compare's rows): the calibration
// windows, and the Hessians of linears whose inputs are still the float model's (layer 0's first
// true-sequential group; all of layer 0 without true-sequential). Deeper Hessians depend on each run's own
// earlier quantization and are never shared. A cache used with another model, text or window setting
// starts over.
class CalibrationCache {
public:
    CalibrationCache();
    ~CalibrationCache();
    CalibrationCache(const CalibrationCache&) = delete;
    CalibrationCache& operator=(const CalibrationCache&) = delete;
    std::int64_t hessianHits() const; // Hessians served from the cache so far

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

// A run that keeps its progress on disk, layer by layer, so that it can continue after a kill
// (docs/QUANTIZATION.md, "Resume"; owq quantize keeps it in "<out>.partial").
struct QuantStateOptions {
    std::string folder;  // empty: nothing is kept
    bool resume = false; // continue the unfinished run in `folder` (refused when its settings differ);
                         // without it, an existing `folder` is refused
    // Once a finished layer is written to `folder`, its quantized linears leave the model (they throw if
    // used), so memory does not grow with the layer count; save with savePacked(..., folder). Resumed runs
    // then do not restore finished layers into the model either.
    bool releaseFinished = false;
};

// Quantizes `model` in place on calibration text: its float linears become packed quantized linears
// (dequantized floats where the packed format does not apply). Progress stages: "calibrate" (embedding the
// windows) and "quantize" (one unit per linear). `cache`: optional, shared between runs (see above).
// The calibration activations are spilled to a file (in $OWQ_SPILL_DIR, else $TMPDIR, else /tmp) when they
// do not fit the memory budget (owq/memory_estimate.h); OWQ_ACTIVATION_SPILL=1 forces it, =0 forbids it.
QuantReport quantizeModel(LanguageModel& model, const std::string& calibrationText, const QuantRecipe& recipe,
                          const JobContext& job = {}, CalibrationCache* cache = nullptr,
                          const QuantStateOptions& state = {});

// Writes the quantized model in OWQ's packed format (docs/FORMAT.md): a Hugging Face folder whose
// config.json carries quantization_config {quant_method "owq", format "packed", format_version, bits,
// group_size, ...}, with each linear as qweight/scales/qzeros (+ perm, weak_idx, weak_weight, bias) and
// the other tensors copied unchanged from the source, plus owq_diagnostics.json. Built in a temporary
// sibling folder renamed to `dir` when complete; refuses an existing non-empty `dir`. Throws
// Error(Unsupported) when a linear is not packed (8 bits; static groups with weak columns). Progress: stage
// "save"; a cancel (Error(Cancelled)) removes the temporary folder. `stateFolder`: the QuantStateOptions
// folder of the run; the linears are then streamed one tensor at a time from its layer files (same bytes
// as from memory) instead of read from the model, so the model may have released them.
void savePacked(const LanguageModel& model, const QuantReport& report, const std::string& dir,
                const JobContext& job = {}, const std::string& stateFolder = {});

// Writes the fake-quantized model as a Hugging Face folder (F32 safetensors, config.json with a
// quantization_config, tokenizer files) plus owq_diagnostics.json, into a temporary sibling folder that is
// renamed to `dir` when complete. Refuses an existing non-empty `dir`. Progress and cancel as savePacked;
// `stateFolder` as savePacked: each linear is then read back from its layer file and dequantized as it is
// written (same bytes), so the model may have released its layers and memory holds one matrix at a time.
void saveFakeQuantized(const LanguageModel& model, const QuantReport& report, const std::string& dir,
                       const JobContext& job = {}, const std::string& stateFolder = {});

} // namespace owq
