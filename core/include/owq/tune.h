// Weak column tuning (WCT, the OWQ paper's task adaptation): fine-tune only the fp16 weak columns of a packed
// OWQ model on a task, with the quantized dense part, the embeddings, the norms and the head frozen. The
// weak-column weights train as float32 parameters and are written back as fp16 into the same packed format,
// so the tuned model is the quantized model with only its `weak_weight` tensors changed (docs/TUNING.md).
#pragma once

#include "owq/engine.h"
#include "owq/export.h"
#include "owq/job.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace owq {

enum class TuneDataFormat { Auto, Text, Jsonl };
enum class LrSchedule { Cosine, Linear, Constant };

const char* tuneDataFormatName(TuneDataFormat f);         // "auto", "text", "jsonl"
TuneDataFormat parseTuneDataFormat(const std::string& s); // throws InvalidArgument
const char* lrScheduleName(LrSchedule s);                 // "cosine", "linear", "constant"
LrSchedule parseLrSchedule(const std::string& s);         // throws InvalidArgument

struct TuneOptions {
    // Data. Text: causal-LM loss on windows of `seqlen` tokens of the whole file (BOS once in front).
    // JSONL: one {"prompt": ..., "response": ...} object per line; each example is BOS prompt response EOS
    // (cut to seqlen + 1 tokens) and only the response and EOS tokens are scored.
    std::string dataFile;
    std::string evalFile;                         // held-out data, same format; empty: split `evalSplit` off
    TuneDataFormat format = TuneDataFormat::Auto; // Auto: ".jsonl" / ".json" names are JSONL, others text
    double evalSplit = 0.1;  // without evalFile: the last fraction of the text (at a line) / of the examples
    int evalMaxWindows = 64; // evaluation uses at most this many windows (text) or examples (JSONL)

    // Optimisation: AdamW (torch.optim.AdamW's update) on the weak-column weights only.
    int steps = 100;                          // optimizer steps
    double lr = 1e-3;                         // peak learning rate
    int batch = 8;                            // sequences per micro-batch
    int seqlen = 128;                         // tokens per sequence
    int accum = 1;                            // micro-batches per optimizer step (gradient accumulation)
    int warmup = 0;                           // steps of linear warm-up from lr/warmup to lr
    LrSchedule schedule = LrSchedule::Cosine; // decay after warm-up, down to lr * minLrRatio at `steps`
    double minLrRatio = 0.1;
    double clip = 1.0;        // global gradient-norm clipping; <= 0: off
    double weightDecay = 0.0; // decoupled (AdamW); pulls the columns toward 0, so off by default
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    std::uint64_t seed = 0; // batch sampling (std::mt19937_64); with the same threads a run is repeatable

    int evalEvery = 0; // evaluate every N steps (0: only before the first and after the last step)
    // Checkpoints (weak weights, AdamW moments, sampler state, loss history) every N steps into
    // checkpointDir/step-NNNNNN (0: none). resumeFrom: such a step folder, or a checkpointDir (its latest).
    int saveEvery = 0;
    std::string checkpointDir;
    std::string resumeFrom;

    // Raise the weak columns beyond quantization's choice: the next `extraWeak` columns of every linear (by
    // the stored OWQ sensitivity when owq_diagnostics.json has it, else by the column norm of the weight)
    // leave the packed part and become fp16 weak columns holding their dequantized values, then train. Needs
    // per-channel quantization (group_size 0); the saved packed layout of those linears changes.
    int extraWeak = 0;
};

// One optimizer step (step >= 1), or the evaluation before training (step 0: only evalLoss is set).
struct TuneStep {
    int step = 0;
    double loss = 0;                // mean training cross-entropy of the step's tokens (nats/token)
    double lr = 0;                  // learning rate used by this step
    double gradNorm = 0;            // global gradient norm before clipping
    std::optional<double> evalLoss; // held-out cross-entropy (nats/token) when evaluated after this step
    double seconds = 0;             // since the run started (a resumed run continues the checkpoint's clock)
};
using TuneStepFn = std::function<void(const TuneStep&)>;

// Peak training memory computed from the shapes (docs/TUNING.md has the formulas), in bytes.
struct TuneMemoryEstimate {
    std::int64_t trainableParameters = 0; // weak-column weights
    std::int64_t modelParameters = 0;     // every weight of the model (embeddings and head once)
    double loraRank = 0;                  // rank r a LoRA on every decoder linear needs for the same count
    std::uint64_t activationBytes = 0;    // saved activations and logits of one micro-batch (all methods)
    std::uint64_t frozenPackedBytes = 0;  // the packed model as held in memory (float32 embeddings/norms)
    std::uint64_t wctBytes = 0;           // packed model + 16 B per trainable + activations + one linear
    std::uint64_t loraPackedBytes = 0;    // same frozen packed base + LoRA of equal count (QLoRA-like)
    std::uint64_t loraFp16Bytes = 0;      // fp16 base + LoRA of equal count
    std::uint64_t fullBytes = 0;          // float32 weights + grads + AdamW moments of every weight
    std::string toJson() const;
};

struct TuneResult {
    std::string model; // source folder
    std::int64_t linears = 0;
    std::int64_t weakColumns = 0;      // weak columns trained (extra ones included)
    std::int64_t extraWeakColumns = 0; // added by extraWeak
    std::int64_t trainableParameters = 0;
    std::int64_t trainTokens = 0, evalTokens = 0; // scored tokens in the data
    int startStep = 0;                            // > 0 when resumed
    int steps = 0;
    std::vector<TuneStep> history; // step 0 (initial evaluation) and every step, resumed ones included
    double initialEvalLoss = 0, finalEvalLoss = 0; // nats/token; ppl = exp(loss)
    double averageBits = 0;                        // of the tuned model (changes only with extraWeak)
    TuneMemoryEstimate memory;
    std::uint64_t peakRssBytes = 0;       // the process's measured peak resident memory (ru_maxrss)
    std::vector<std::string> checkpoints; // step folders written
    double seconds = 0;
    std::string out;     // tuned packed folder (tuneModelFolder)
    std::string loraOut; // gptq+lora export of it (tuneModelFolder, when asked)
    std::string toJson() const;
};

// Tunes an opened packed OWQ model in place: afterwards it holds the tuned packed linears (fp16 weak columns)
// and generates, scores and saves like any packed model. Progress: stage "tune" (one unit per step), "eval".
// onStep: after every step (and once with step 0) on the caller's thread. Throws Unsupported for a model that
// is not packed, InvalidArgument for options or data, Cancelled; on any error the linears are read back from
// the model's folder, so the model is again as it was opened.
TuneResult tuneModel(LanguageModel& model, const TuneOptions& options, const TuneStepFn& onStep = {},
                     const JobContext& job = {});

// Writes the tuned model as a packed folder (docs/FORMAT.md): every tensor but weak_weight (and, with
// extraWeak, the changed linears' qweight/perm/weak_idx) byte for byte as the source, plus owq_tuning.json
// (the options and the curve). Built in a temporary sibling renamed into place; refuses a non-empty `dir`.
void saveTunedModel(const LanguageModel& model, const TuneResult& result, const TuneOptions& options,
                    const std::string& dir);

// Opens `modelDir`, tunes it, saves it to `outDir`; with `loraDir`, also exports the tuned model as
// gptq+lora (the weak columns become the PEFT adapter, docs/EXPORT.md) with `lora` (format forced). Nothing
// appears at outDir / loraDir unless the whole run succeeds (checkpoints stay: they are for resuming).
TuneResult tuneModelFolder(const std::string& modelDir, const std::string& outDir, const TuneOptions& options,
                           const TuneStepFn& onStep = {}, const JobContext& job = {},
                           const LoadOptions& load = {}, const std::string& loraDir = {},
                           const ExportOptions& lora = {});

// The memory figures for tuning `model` (packed) with `options` (batch, seqlen, extraWeak), without tuning.
TuneMemoryEstimate estimateTuneMemory(const LanguageModel& model, const TuneOptions& options);

} // namespace owq
