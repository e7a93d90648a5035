// Layer-wise quantization of a LanguageModel (see owq/quant_pipeline.h).
#include "model/engine_impl.h"
#include "model/packed_linear.h"
#include "owq/architecture.h"
#include "owq/error.h"
#include "owq/memory_estimate.h"
#include "owq/quant_pipeline.h"
#include "quant/activation_store.h"
#include "quant/allocation_pass.h"
#include "quant/batch_lanes.h"
#include "quant/python_random.h"
#include "quant/quant_state.h"
#include "quant/quantize_impl.h"
#include "util/stopwatch.h"

#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <random>
#include <tuple>

namespace owq {

namespace {

using detail::Clock;
using detail::secondsSince;

// Stands in for a finished layer's linear once it is written to the state folder and released from memory
// (QuantStateOptions::releaseFinished): the layer can no longer run.
class ReleasedLinear final : public detail::LinearOp {
public:
    ReleasedLinear(std::int64_t in, std::int64_t out) : in_(in), out_(out) {}
    at::Tensor forward(const at::Tensor&) const override { throw released(); }
    std::int64_t inFeatures() const override { return in_; }
    std::int64_t outFeatures() const override { return out_; }
    at::Tensor denseWeight() const override { throw released(); }
    at::Tensor biasVector() const override { throw released(); }

private:
    static Error released() {
        return Error(ErrorKind::InvalidArgument,
                     "this quantized linear was released after being written to the resume folder");
    }
    std::int64_t in_, out_;
};

void releaseLayer(detail::DecoderLayer& L) {
    for (auto& [name, op] : detail::linearsOf(L))
        *op = std::make_shared<ReleasedLinear>((*op)->inFeatures(), (*op)->outFeatures());
}

// The slot of linear `kind` ("q_proj", ...) in a decoder layer.
std::shared_ptr<detail::LinearOp>& slot(detail::DecoderLayer& L, const std::string& kind) {
    for (std::size_t j = 0; j < L.specs->size(); ++j)
        if ((*L.specs)[j].kind == kind) return L.linears[j];
    throw Error(ErrorKind::InvalidArgument, "unknown linear kind '" + kind + "'");
}

// Linears that read the same input share one Hessian; groups run in true-sequential order (the
// architecture table's groups: q/k/v; o; gate/up; down, or a family's fused or plain equivalents).
std::vector<std::vector<std::string>> sequentialGroups(const ModelConfig& cfg) {
    std::vector<std::vector<std::string>> groups;
    int current = -1;
    for (const LinearSpec& s : layerLinears(cfg)) {
        if (s.group != current) groups.emplace_back();
        current = s.group;
        groups.back().push_back(s.kind);
    }
    return groups;
}

std::vector<std::string> kindsOf(const ModelConfig& cfg) {
    std::vector<std::string> kinds;
    for (const LinearSpec& s : layerLinears(cfg)) kinds.push_back(s.kind);
    return kinds;
}

std::vector<float> toFloats(const at::Tensor& t) {
    if (!t.defined()) return {};
    const at::Tensor c = t.to(at::kCPU, at::kFloat).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

// A Hessian 2/N sum X^T X being accumulated over batches (N counts sequences, as the references' add_batch).
struct HessianSum {
    at::Tensor H;
    std::int64_t samples = 0;
    double seconds = 0; // spent accumulating (timed on the host; a GPU's queue is not waited for)
    void add(const at::Tensor& x) {
        const auto t0 = Clock::now();
        if (!H.defined()) H = at::zeros({x.size(-1), x.size(-1)}, x.options().dtype(at::kFloat));
        detail::accumulateHessian(H, samples, x, x.dim() == 3 ? x.size(0) : 1, /*upperOnly=*/true);
        seconds += secondsSince(t0);
    }
    // The whole symmetric H, once every batch is in.
    const at::Tensor& finished() {
        const auto t0 = Clock::now();
        detail::symmetrizeHessian(H);
        seconds += secondsSince(t0);
        return H;
    }
};

// sum x^2 in double, in element order on the CPU: the same bits whichever thread count computes it (a
// tensor sum splits across the intra-op threads, and the lanes of batch_lanes.h run with one).
double sumOfSquares(const at::Tensor& x) {
    if (!x.device().is_cpu()) return x.to(at::kDouble).pow(2).sum().item<double>();
    const at::Tensor c = x.to(at::kFloat).contiguous();
    const float* p = c.data_ptr<float>();
    double sum = 0;
    for (std::int64_t i = 0, n = c.numel(); i < n; ++i) sum += double(p[i]) * double(p[i]);
    return sum;
}

// Runs decoder layer i over every calibration sequence of `in`, a batch at a time, only as far as each step
// needs (DecoderModel's pieces): the true-sequential groups' inputs are the normalised layer input (group 0),
// the attention mix (1) and the MLP's inputs (2, 3). What a finished group fixes is kept for the later steps
// instead of being computed again: the attention mix once q/k/v are final (attention then runs once per
// layer with quantized q/k/v, and in float only over the windows the output error is measured on), and where
// stores for them are given, the residual after attention once o is final and the MLP hidden once gate/up
// are final (the final pass then only runs down). The same ops on the same batches as recomputing, so the
// same bits. A narrow model's batches run in lanes, side by side (batch_lanes.h).
class LayerPasses {
public:
    // errorWindows: how many of the first windows the output error is measured on (0: all).
    LayerPasses(const detail::DecoderModel& m, std::size_t i, const detail::ActivationStore& in,
                detail::ActivationStore& mix, detail::ActivationStore* resid, detail::ActivationStore* hidden,
                std::int64_t errorWindows)
        : m_(m), i_(i), in_(in), mix_(mix), resid_(resid), hidden_(hidden),
          batch_(detail::layerBatch(m.config(), in.samples(), in.seqlen())),
          lanes_(detail::batchLanes(m.config(), m.device())),
          narrow_(detail::narrowPasses(m.config(), m.device())),
          errorWindows_(errorWindows > 0 ? std::min(errorWindows, in.samples()) : in.samples()) {}

    // The float layer: its outputs into `out` (the reference for the output error) for the windows the error
    // is measured on, and the Hessian of each group g with sums[g] set (group 0's only with true-sequential;
    // all four without). Past those windows, with true-sequential, only the normalised input is computed.
    void floatPass(detail::ActivationStore& out, const std::array<HessianSum*, 4>& sums) {
        struct Float {
            at::Tensor inputs[4]; // of the four groups: normalised input, mix, MLP input, MLP hidden
            at::Tensor y;
        };
        forBatches(
            [&](std::int64_t s, std::int64_t b) {
                const at::Tensor h = in_.read(s, b);
                Float f;
                f.inputs[0] = m_.attentionInput(i_, h);
                if (s >= errorWindows_ && !sums[1] && !sums[2] && !sums[3]) return f;
                f.inputs[1] = m_.attentionMix(i_, f.inputs[0], 0, nullptr);
                const at::Tensor x = m_.afterAttention(i_, h, f.inputs[1]);
                f.inputs[2] = m_.mlpInput(i_, x);
                f.inputs[3] = m_.mlpHidden(i_, f.inputs[2]);
                f.y = m_.layerOutput(i_, x, f.inputs[3]);
                return f;
            },
            [&](std::int64_t s, const Float& f) {
                for (std::size_t g = 0; g < 4; ++g)
                    if (sums[g]) sums[g]->add(f.inputs[g]);
                if (f.y.defined()) out.write(s, f.y);
            });
    }

    // Group g's Hessian (g >= 1) from the layer as quantized so far, keeping what group g - 1 fixed.
    void groupPass(int g, HessianSum& sum) {
        struct Step {
            at::Tensor input; // group g's
            at::Tensor kept;  // the mix (g = 1), the residual (g = 2), the MLP hidden (g = 3)
        };
        forBatches(
            [&](std::int64_t s, std::int64_t b) {
                if (g == 1) {
                    at::Tensor mixed = m_.attentionMix(i_, m_.attentionInput(i_, in_.read(s, b)), 0, nullptr);
                    return Step{mixed, mixed};
                }
                at::Tensor x = residual(s, b);
                if (g == 2) return Step{m_.mlpInput(i_, x), x};
                at::Tensor hid = m_.mlpHidden(i_, m_.mlpInput(i_, x));
                return Step{hid, hid};
            },
            [&](std::int64_t s, const Step& r) {
                sum.add(r.input);
                if (g == 1) mix_.write(s, r.kept);
                if (g == 2 && resid_) resid_->write(s, r.kept);
                if (g == 3 && hidden_) hidden_->write(s, r.kept);
            });
        // What this pass wrote for the later ones (its consume step stored it for every batch).
        if (g == 1) mixKept_ = true;
        if (g == 2) residKept_ = resid_ != nullptr;
        if (g == 3) hiddenKept_ = hidden_ != nullptr;
    }

    // The finished layer's outputs into `out`; returns their mean squared difference from what `out` held
    // (the float layer's outputs) over the windows the error is measured on.
    double finalPass(detail::ActivationStore& out) {
        double sq = 0;
        forBatches(
            [&](std::int64_t s, std::int64_t b) {
                const at::Tensor x = residual(s, b);
                const at::Tensor hid =
                    hiddenKept_ ? hidden_->read(s, b) : m_.mlpHidden(i_, m_.mlpInput(i_, x));
                at::Tensor y = m_.layerOutput(i_, x, hid);
                const std::int64_t k = std::min(b, errorWindows_ - s); // of this batch's windows
                const double d =
                    k > 0 ? sumOfSquares(y.narrow(0, 0, k) - out.read(s, b).narrow(0, 0, k)) : 0.0;
                return std::make_pair(std::move(y), d);
            },
            [&](std::int64_t s, const std::pair<at::Tensor, double>& r) {
                sq += r.second; // in batch order, as with one lane
                out.write(s, r.first);
            });
        return sq / (double(errorWindows_) * double(in_.seqlen()) * double(m_.config().hiddenSize));
    }

private:
    // The residual after attention of batch (s, b): kept, or from the kept mix, or computed.
    at::Tensor residual(std::int64_t s, std::int64_t b) const {
        if (residKept_) return resid_->read(s, b);
        const at::Tensor h = in_.read(s, b);
        return m_.afterAttention(
            i_, h, mixKept_ ? mix_.read(s, b) : m_.attentionMix(i_, m_.attentionInput(i_, h), 0, nullptr));
    }

    // compute(s, b) may run on a lane's thread (it reads, never writes, the stores); consume(s, result)
    // runs one batch at a time, in batch order (see batch_lanes.h).
    template <class Compute, class Consume> void forBatches(Compute&& compute, Consume&& consume) {
        const detail::BlasOnOneThread blas(narrow_); // lanes or not (batch_lanes.h)
        detail::forBatchesInLanes(in_.samples(), batch_, lanes_, compute, consume);
    }

    const detail::DecoderModel& m_;
    std::size_t i_;
    const detail::ActivationStore& in_;
    detail::ActivationStore& mix_;
    detail::ActivationStore* resid_;
    detail::ActivationStore* hidden_;
    std::int64_t batch_;
    int lanes_;
    bool narrow_;
    std::int64_t errorWindows_;
    // What the stores hold for every batch once a group's pass has run: the attention mix (from group 1's
    // pass), the residual after attention (group 2's), the MLP hidden (group 3's).
    bool mixKept_ = false, residKept_ = false, hiddenKept_ = false;
};

// Linears of one group are independent (they share a Hessian, or with true-sequential off, see only float
// inputs): they may be solved concurrently. OWQ_GROUP_CONCURRENCY=N sets how many at once; by default one
// per 4 runtime threads (each solve's GEMMs and Cholesky already use the threads; concurrency fills the
// column-serial parts of GPTQ), so 1 on small machines. Each solve is the same arithmetic either way.
// On a GPU, one at a time: the solves share the device's stream, so concurrency gains nothing there, and
// LibTorch's CUDA linear algebra library, loaded lazily by the first Cholesky, must not be loaded by two
// threads at once ("lazy wrapper should be called at most once", LibTorch 2.11).
std::size_t groupConcurrency(std::size_t groupSize, const at::Device& device) {
    if (!device.is_cpu()) return 1;
    long n = std::max(1, runtimeThreads() / 4);
    if (const char* e = std::getenv("OWQ_GROUP_CONCURRENCY"); e && *e) n = std::strtol(e, nullptr, 10);
    return std::size_t(std::clamp<long>(n, 1, long(std::max<std::size_t>(1, groupSize))));
}

// Activation spill: OWQ_ACTIVATION_SPILL=1 always, =0 never; otherwise only when the two in-memory buffers
// would not fit the memory budget (owq/memory_estimate.h) while the streamed ones do.
bool spillActivations(const ModelConfig& cfg, std::int64_t n, std::int64_t T) {
    if (const char* e = std::getenv("OWQ_ACTIVATION_SPILL"); e && *e) return std::string(e) != "0";
    const std::uint64_t avail = availableMemoryBytes();
    return avail > 0 && estimateQuantizeBytes(cfg, n, T) > avail;
}

// What the later passes of a layer read back instead of recomputing (LayerPasses): the residual after
// attention always (as wide as the layer's input, stored the same way); the MLP hidden, [n, T, intermediate]
// float32, only with the buffers in memory and when it fits what is available beside them (spilled, reading
// it back would cost about what running gate/up again does). OWQ_KEEP_STEPS=0 keeps neither, =1 both (tests
// compare the two: the same bits).
struct KeptSteps {
    bool residual = true, hidden = false;
};
KeptSteps keptSteps(const ModelConfig& cfg, std::int64_t n, std::int64_t T, bool spilled) {
    if (const char* e = std::getenv("OWQ_KEEP_STEPS"); e && *e) {
        const bool all = std::string(e) != "0";
        return {all, all};
    }
    const std::uint64_t avail = availableMemoryBytes();
    const std::uint64_t hidden =
        std::uint64_t(n) * std::uint64_t(T) * std::uint64_t(cfg.intermediateSize) * 4;
    return {true, !spilled && (avail == 0 || estimateQuantizeBytes(cfg, n, T) + hidden <= avail)};
}

// The quantized linear that replaces a float one: packed when the format holds it (2/3/4 bits, groups
// as runs of columns), else the dequantized float weights (8 bits; static groups with weak columns).
std::shared_ptr<detail::LinearOp> quantizedLinear(const detail::TensorQuantResult& r,
                                                  const detail::DenseLinear& src, const QuantizerConfig& q,
                                                  bool* packed) {
    *packed = false;
    if (kernels::packedBitsSupported(q.bits)) {
        try {
            auto p =
                detail::packQuantized(r.q, r.weakColumns, src.bias, q.bits, q.groupSize, src.weight.device());
            *packed = true;
            return p;
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Unsupported) throw;
        }
    }
    return std::make_shared<detail::DenseLinear>(r.q.dequantized.to(src.weight.device()), src.bias);
}

} // namespace

std::pair<double, double> budgetShares(const ModelConfig& cfg, const QuantRecipe& recipe) {
    const Architecture& a = architectureOf(cfg);
    return {recipe.attentionRatio > 0 ? recipe.attentionRatio : a.attentionShare,
            recipe.mlpRatio > 0 ? recipe.mlpRatio : a.mlpShare};
}

std::map<std::string, int> weakColumnPlan(const ModelConfig& cfg, const QuantRecipe& recipe) {
    std::map<std::string, int> plan;
    const std::vector<LinearSpec> specs = layerLinears(cfg);
    for (const LinearSpec& s : specs) plan[s.kind] = 0;
    if (recipe.method != Method::OWQ) return plan;
    const int b = recipe.quantizer.bits;
    int parts = 0; // the reference divides by its linears per layer; a fused linear counts as its parts
    for (const LinearSpec& s : specs) parts += s.parts;
    const auto [attentionShare, mlpShare] = budgetShares(cfg, recipe);
    for (const LinearSpec& s : specs) {
        const std::int64_t in = s.cols;
        int n = recipe.weakColumns;
        if (recipe.targetBits > 0) {
            if (recipe.targetBits < b)
                throw Error(ErrorKind::InvalidArgument, "target bits " + std::to_string(recipe.targetBits) +
                                                            " is below the base bit width " +
                                                            std::to_string(b));
            // The OWQ reference's budget: r = 12/(16-b) * (B-b) / linears per layer, shared by per-type
            // ratios. A fused [q; k; v] linear gets the columns each of q, k and v would: its weak columns
            // span all their rows, so the bits spent are the same.
            const double r = 12.0 / (16.0 - b) * (recipe.targetBits - b) / double(parts);
            const double ratio = s.attention ? attentionShare : mlpShare;
            n = int(std::nearbyint(double(in) * r * ratio)); // round half to even, like Python's round()
            if (n % 2 == 1) ++n;                             // even counts, as the reference
        }
        plan[s.kind] = int(std::clamp<std::int64_t>(n, 0, in));
    }
    return plan;
}

double linearStorageBits(std::int64_t rows, std::int64_t cols, int weak, const QuantizerConfig& q) {
    const std::int64_t dense = cols - weak;
    const std::int64_t groups = q.groupSize > 0 ? (dense + q.groupSize - 1) / q.groupSize : 1;
    const double perGroup = 16.0 + (q.symmetric ? 0.0 : double(q.bits)); // fp16 scale + b-bit zero
    return double(rows) * double(dense) * q.bits + double(rows) * double(groups) * perGroup +
           double(rows) * double(weak) * 16.0 + double(weak) * 32.0;
}

QuantizerConfig linearQuantizer(const QuantRecipe& recipe, const std::string& name) {
    QuantizerConfig q = recipe.quantizer;
    if (const auto it = recipe.bitsOverrides.find(name); it != recipe.bitsOverrides.end())
        q.bits = it->second;
    return q;
}

double averageBitsPerWeight(const ModelConfig& cfg, const QuantRecipe& recipe) {
    const auto plan = weakColumnPlan(cfg, recipe);
    const std::vector<LinearSpec> specs = layerLinears(cfg);
    double bits = 0, weights = 0;
    for (std::int64_t l = 0; l < cfg.numLayers; ++l)
        for (const LinearSpec& s : specs) {
            const std::string name = linearName(cfg, l, s.kind);
            auto it = recipe.weakOverrides.find(name);
            const int weak = it != recipe.weakOverrides.end() ? it->second : plan.at(s.kind);
            bits += linearStorageBits(s.rows, s.cols, weak, linearQuantizer(recipe, name));
            weights += double(s.rows) * double(s.cols);
        }
    return weights > 0 ? bits / weights : 0;
}

std::vector<std::vector<std::int32_t>> calibrationWindows(const std::vector<std::int32_t>& tokens,
                                                          int nsamples, int seqlen, std::uint64_t seed,
                                                          CalibrationSampling sampling) {
    if (nsamples < 1 || seqlen < 2)
        throw Error(ErrorKind::InvalidArgument, "calibration needs at least 1 sample of at least 2 tokens");
    // The reference's randint(0, tokens - seqlen - 1) never starts at the last possible token.
    const bool reference = sampling == CalibrationSampling::Reference;
    if (std::int64_t(tokens.size()) < seqlen + (reference ? 1 : 0))
        throw Error(ErrorKind::InvalidArgument, "the calibration text has " + std::to_string(tokens.size()) +
                                                    " tokens, fewer than one window of " +
                                                    std::to_string(seqlen) +
                                                    (reference ? " plus one (reference sampling)" : ""));
    std::vector<std::vector<std::int32_t>> out;
    auto take = [&](std::size_t i) {
        out.emplace_back(tokens.begin() + std::ptrdiff_t(i), tokens.begin() + std::ptrdiff_t(i) + seqlen);
    };
    if (reference) {
        // owq/utils/datautils.py: random.seed(seed); i = random.randint(0, N - seqlen - 1) per window.
        detail::PythonRandom rng(seed);
        for (int s = 0; s < nsamples; ++s)
            take(std::size_t(rng.randint(0, std::int64_t(tokens.size()) - seqlen - 1)));
        return out;
    }
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> start(0, tokens.size() - std::size_t(seqlen));
    for (int s = 0; s < nsamples; ++s) take(start(rng));
    return out;
}

struct CalibrationCache::Impl {
    std::string key; // model, text, nsamples, seqlen, seed, sampling
    std::vector<std::vector<std::int32_t>> windows;
    std::map<std::string, at::Tensor> hessians; // first linear kind of a layer-0 group -> its FP Hessian
    std::int64_t hits = 0;
};

CalibrationCache::CalibrationCache() : impl_(std::make_unique<Impl>()) {}
CalibrationCache::~CalibrationCache() = default;
std::int64_t CalibrationCache::hessianHits() const {
    return impl_->hits;
}

namespace {

// Step 0: a recipe this model can take.
void validateRecipe(const LanguageModel& lm, const QuantRecipe& recipe) {
    const ModelConfig& cfg = lm.config();
    detail::validateQuantizerConfig(recipe.quantizer);
    if (!cfg.quantization.method.empty())
        throw Error(ErrorKind::InvalidArgument, lm.checkpoint().dir() +
                                                    ": the model is already quantized; quantize the original "
                                                    "float checkpoint instead");
    if (recipe.method != Method::OWQ &&
        (recipe.targetBits > 0 || recipe.weakColumns > 0 || !recipe.weakOverrides.empty() ||
         recipe.allocation != Allocation::Owq))
        throw Error(ErrorKind::InvalidArgument,
                    std::string("weak columns and target bits apply to OWQ, not ") +
                        methodName(recipe.method));
    if (recipe.method == Method::RTN && recipe.gptq.clipSearch)
        throw Error(
            ErrorKind::InvalidArgument,
            "clip search (--clip-search, recipe clip_search) chooses among GPTQ solves: it applies to "
            "GPTQ and OWQ, not rtn");
    for (const auto& [name, k] : recipe.weakOverrides) {
        const bool known = parseLinearName(cfg, name).first >= 0;
        if (!known || k < 0)
            throw Error(ErrorKind::InvalidArgument,
                        "weak-column override '" + name + "': no such linear or negative count");
    }
    for (const auto& [name, b] : recipe.bitsOverrides)
        if (parseLinearName(cfg, name).first < 0 || b < 2 || b > 4)
            throw Error(ErrorKind::InvalidArgument,
                        "bit-width override '" + name + "': no such linear, or not 2, 3 or 4 bits");
    if (!recipe.allocationBits.empty() && recipe.allocation != Allocation::Sensitivity)
        throw Error(ErrorKind::InvalidArgument,
                    "bit widths to allocate (--allocation-bits, recipe allocation_bits) need the "
                    "sensitivity allocation (--allocation sensitivity)");
    if (recipe.allocationProbe != AllocationProbe::Auto && recipe.allocation != Allocation::Sensitivity)
        throw Error(ErrorKind::InvalidArgument,
                    "an allocation probe (--allocation-probe, recipe allocation_probe) needs the sensitivity "
                    "allocation (--allocation sensitivity)");
    for (int b : recipe.allocationBits)
        if (b < 2 || b > 4)
            throw Error(ErrorKind::InvalidArgument,
                        "bit widths to allocate: " + std::to_string(b) + " is not 2, 3 or 4");
}

// Step 1: the calibration windows, from `cached` when an earlier run used the same model, text and window
// settings (else into `own`).
const std::vector<std::vector<std::int32_t>>& calibrationFor(const LanguageModel& lm, const std::string& text,
                                                             const QuantRecipe& recipe, int seqlen,
                                                             CalibrationCache::Impl* cached,
                                                             std::vector<std::vector<std::int32_t>>& own) {
    const std::string key = lm.checkpoint().dir() + "|" + std::to_string(std::hash<std::string>{}(text)) +
                            "|" + std::to_string(recipe.nsamples) + "|" + std::to_string(seqlen) + "|" +
                            std::to_string(recipe.seed) + "|" + samplingName(recipe.sampling);
    if (cached && cached->key != key) *cached = CalibrationCache::Impl{key, {}, {}, 0};
    if (!cached || cached->windows.empty()) {
        std::vector<std::int32_t> tokens = lm.tokenizer()->encodeDocument(text);
        own = calibrationWindows(tokens, recipe.nsamples, seqlen, recipe.seed, recipe.sampling);
        if (cached) cached->windows = std::move(own);
    }
    return cached ? cached->windows : own;
}

// What one layer's steps share: the layer, its passes, the recipe and plan, and where progress goes.
struct LayerStep {
    const ModelConfig& cfg;
    std::size_t li;
    detail::DecoderLayer& L;
    LayerPasses& passes;
    const QuantRecipe& recipe;
    const std::map<std::string, int>& plan;
    const detail::TensorQuantOptions& opts;
    const JobContext& job;
};

// Step 1 of a group: the Hessian of each of its linears. One per distinct input, the first linear of each
// true-sequential group (all four groups when not true-sequential, which then see only float inputs). The
// first group's pass is the float layer's and also keeps the float outputs in `outs` (the reference for the
// output error); later groups run the layer only as far as their input. While the inputs are still the
// float model's (layer 0 before anything is quantized), Hessians from an earlier run on the same
// calibration serve.
std::map<std::string, at::Tensor> captureHessians(const LayerStep& st, std::size_t gi,
                                                  const std::vector<std::string>& group,
                                                  const std::vector<std::vector<std::string>>& seqGroups,
                                                  CalibrationCache::Impl* cached,
                                                  detail::ActivationStore& outs, LayerDiagnostics& timing) {
    const auto t0 = Clock::now();
    const bool floatInputs = st.li == 0 && (!st.recipe.trueSequential || gi == 0);
    std::map<std::string, at::Tensor> hessianOf;
    std::array<HessianSum, 4> sums;
    std::array<HessianSum*, 4> wanted{};
    for (std::size_t g = 0; g < seqGroups.size(); ++g) {
        if (std::find(group.begin(), group.end(), seqGroups[g].front()) == group.end()) continue;
        if (floatInputs && cached && cached->hessians.count(seqGroups[g].front())) {
            for (const auto& k : seqGroups[g]) hessianOf[k] = cached->hessians.at(seqGroups[g].front());
            ++cached->hits;
            continue;
        }
        wanted[g] = &sums[g];
    }
    if (gi == 0)
        st.passes.floatPass(outs, wanted);
    else
        st.passes.groupPass(int(gi), sums[gi]);
    for (std::size_t g = 0; g < seqGroups.size(); ++g) {
        if (!wanted[g] && !(gi > 0 && g == gi)) continue;
        const at::Tensor& H = sums[g].finished();
        for (const auto& k : seqGroups[g]) hessianOf[k] = H;
        if (floatInputs && cached) cached->hessians[seqGroups[g].front()] = H;
    }
    double hessian = 0;
    for (const HessianSum& sum : sums) hessian += sum.seconds;
    timing.hessianSeconds += hessian;
    timing.passSeconds += secondsSince(t0) - hessian;
    return hessianOf;
}

// A linear solved, not yet swapped into the layer.
struct SolvedLinear {
    detail::DenseLinear* dense = nullptr;
    detail::TensorQuantResult result;
    double seconds = 0;
};

// Step 2: quantize the group's linears on their Hessians, concurrently when threads allow.
std::vector<SolvedLinear> solveGroup(const LayerStep& st, const std::vector<std::string>& group,
                                     const std::map<std::string, at::Tensor>& hessianOf) {
    std::vector<SolvedLinear> solved(group.size());
    for (std::size_t j = 0; j < group.size(); ++j) {
        solved[j].dense = dynamic_cast<detail::DenseLinear*>(slot(st.L, group[j]).get());
        if (!solved[j].dense)
            throw Error(ErrorKind::InvalidArgument,
                        linearName(st.cfg, std::int64_t(st.li), group[j]) + " is already quantized");
    }
    auto solve = [&](std::size_t j, const JobContext& ctx) {
        ctx.checkCancel("quantization");
        const auto tq = Clock::now();
        const std::string name = linearName(st.cfg, std::int64_t(st.li), group[j]);
        auto ov = st.recipe.weakOverrides.find(name);
        const int weak = ov != st.recipe.weakOverrides.end() ? ov->second : st.plan.at(group[j]);
        solved[j].result = detail::quantizeLinearTensor(solved[j].dense->weight, hessianOf.at(group[j]),
                                                        st.recipe.method, linearQuantizer(st.recipe, name),
                                                        st.recipe.gptq, weak, st.opts, ctx);
        solved[j].seconds = secondsSince(tq);
    };
    const std::size_t concurrent = groupConcurrency(group.size(), solved.front().dense->weight.device());
    for (std::size_t j0 = 0; j0 < group.size(); j0 += concurrent) {
        const std::size_t j1 = std::min(group.size(), j0 + concurrent);
        if (j1 - j0 == 1) {
            solve(j0, st.job);
            continue;
        }
        std::vector<std::future<void>> running; // workers get the cancel token, not the progress
        for (std::size_t j = j0; j < j1; ++j)
            running.push_back(std::async(std::launch::async, solve, j, JobContext{{}, st.job.cancel}));
        for (auto& f : running) f.wait();
        for (auto& f : running) f.get(); // the first error, after every worker has stopped
    }
    return solved;
}

// Step 3: swap the quantized linears into the layer, in order, and say what each one became.
std::vector<LinearDiagnostics> installGroup(const LayerStep& st, const std::vector<std::string>& group,
                                            std::vector<SolvedLinear>& solved) {
    std::vector<LinearDiagnostics> out;
    for (std::size_t j = 0; j < group.size(); ++j) {
        const detail::TensorQuantResult& r = solved[j].result;
        LinearDiagnostics d;
        d.name = linearName(st.cfg, std::int64_t(st.li), group[j]);
        const QuantizerConfig q = linearQuantizer(st.recipe, d.name);
        slot(st.L, group[j]) = quantizedLinear(r, *solved[j].dense, q, &d.packed);
        d.layer = std::int64_t(st.li);
        d.kind = group[j];
        d.rows = r.q.dequantized.size(0);
        d.cols = r.q.dequantized.size(1);
        const at::Tensor weakIdx = r.weakColumns.defined() ? r.weakColumns.to(at::kCPU, at::kInt).contiguous()
                                                           : at::empty({0}, at::kInt);
        d.weakColumns.assign(weakIdx.data_ptr<std::int32_t>(),
                             weakIdx.data_ptr<std::int32_t>() + weakIdx.numel());
        d.hDiag = toFloats(r.hDiag);
        d.sensitivity = toFloats(r.sensitivity);
        d.errorBefore = r.errorBefore;
        d.errorAfter = r.errorAfter;
        d.bits = linearStorageBits(d.rows, d.cols, int(d.weakColumns.size()), q) / double(d.rows * d.cols);
        d.seconds = solved[j].seconds;
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace

QuantReport quantizeModel(LanguageModel& lm, const std::string& calibrationText, const QuantRecipe& recipe,
                          const JobContext& job, CalibrationCache* cache,
                          const QuantStateOptions& stateOptions) {
    const auto t0 = Clock::now();
    c10::InferenceMode guard;
    detail::DecoderModel& m = *lm.impl().model;
    const ModelConfig& cfg = m.config();
    validateRecipe(lm, recipe);
    const auto plan = weakColumnPlan(cfg, recipe);

    QuantReport report;
    report.recipe = recipe;
    std::tie(report.recipe.attentionRatio, report.recipe.mlpRatio) = budgetShares(cfg, recipe);
    report.model = lm.checkpoint().dir();
    report.threads = runtimeThreads();
    const int seqlen = recipe.seqlen > 0 ? recipe.seqlen : int(lm.defaultSeqlen());
    report.recipe.seqlen =
        seqlen; // the report says what ran: front ends and model cards need not re-derive it
    if (seqlen > cfg.maxPositions)
        throw Error(ErrorKind::InvalidArgument, "calibration window of " + std::to_string(seqlen) +
                                                    " tokens exceeds the model's context of " +
                                                    std::to_string(cfg.maxPositions));
    const bool spill = spillActivations(cfg, recipe.nsamples, seqlen);
    if (m.device().is_cpu())
        requireMemory(estimateQuantizeBytes(cfg, recipe.nsamples, seqlen, spill),
                      "quantizing with " + std::to_string(recipe.nsamples) + " calibration windows of " +
                          std::to_string(seqlen) + " tokens" +
                          (spill ? " (activations spilled to disk)" : ""));
    // Runs on the same model, text and window settings share windows and float-input Hessians.
    CalibrationCache::Impl* cached = cache ? &cache->impl() : nullptr;
    std::vector<std::vector<std::int32_t>> ownWindows;
    const auto& windows = calibrationFor(lm, calibrationText, recipe, seqlen, cached, ownWindows);
    std::vector<std::int64_t> flat;
    for (const auto& w : windows) flat.insert(flat.end(), w.begin(), w.end());
    job.report({"calibrate", 0, 1, "embedding " + std::to_string(windows.size()) + " windows"});
    // One buffer pair: each layer reads `inps` and writes `outs`, then they swap. Spilled, they are files
    // and only a batch of windows is in memory at a time.
    const std::int64_t n = recipe.nsamples, D = cfg.hiddenSize;
    auto makeStore = [&](std::int64_t width) {
        return spill ? std::make_unique<detail::ActivationStore>(n, seqlen, width, m.device(),
                                                                 detail::activationSpillDir())
                     : std::make_unique<detail::ActivationStore>(n, seqlen, width, m.device());
    };
    std::unique_ptr<detail::ActivationStore> inps = makeStore(D), outs = makeStore(D);
    const std::unique_ptr<detail::ActivationStore> mixes = makeStore(cfg.numHeads * cfg.headDim);
    const KeptSteps keep = keptSteps(cfg, n, seqlen, spill);
    std::unique_ptr<detail::ActivationStore> resids, hiddens;
    if (keep.residual) resids = makeStore(D);
    if (keep.hidden)
        hiddens = std::make_unique<detail::ActivationStore>(n, seqlen, cfg.intermediateSize, m.device());
    // A run keeping its progress on disk: a resumed one restores its finished layers, their diagnostics
    // and the next layer's inputs, and goes on from there.
    std::unique_ptr<detail::QuantState> state;
    if (!stateOptions.folder.empty()) {
        const nlohmann::json settings = {
            {"recipe", nlohmann::json::parse(recipe.toJson())},
            {"seqlen", seqlen},
            {"model", std::filesystem::absolute(lm.checkpoint().dir()).lexically_normal().string()},
            {"calibration_text", detail::textDigest(calibrationText)},
            {"layers", cfg.numLayers}};
        state = std::make_unique<detail::QuantState>(stateOptions.folder, stateOptions.resume, settings);
    }
    const std::size_t first = state ? std::size_t(state->finishedLayers()) : 0;
    double earlierSeconds = 0;
    if (first > 0) {
        const QuantReport& done = state->report();
        report.linears = done.linears;
        report.layers = done.layers;
        report.weakColumnsTotal = done.weakColumnsTotal;
        earlierSeconds = done.seconds;
        for (std::size_t i = 0; i < first && !stateOptions.releaseFinished; ++i) {
            state->restoreLayer(m, i);
            lm.checkpoint().dropLayerPages(std::int64_t(i));
        }
        if (first < m.layers().size()) state->restoreInputs(*inps);
    } else {
        const at::Tensor ids = at::tensor(flat, at::kLong).view({n, seqlen});
        for (std::int64_t s = 0, batch = detail::layerBatch(cfg, n, seqlen); s < n; s += batch)
            inps->write(s, m.embed(ids.narrow(0, s, std::min(batch, n - s))));
    }
    report.calibrationTokens = std::int64_t(flat.size());
    // Sensitivity allocation: per-linear counts from a float pre-pass, before the first layer is quantized
    // (a resumed run has them in its report's recipe).
    QuantRecipe planned = recipe;
    if (recipe.allocation == Allocation::Sensitivity) {
        if (first > 0) {
            planned.weakOverrides = state->report().recipe.weakOverrides;
            planned.bitsOverrides = state->report().recipe.bitsOverrides;
            report.recipe.allocationProbe = state->report().recipe.allocationProbe;
        } else {
            detail::AllocationResult a = detail::sensitivityAllocation(
                m, *inps, at::tensor(flat, at::kLong).view({n, seqlen}), recipe, makeStore, job);
            planned.weakOverrides = std::move(a.weak);
            report.recipe.allocationProbe = a.probe; // the report says which probe ranked the linears
            if (!recipe.allocationBits.empty())
                planned.bitsOverrides = std::move(a.bits); // every width chosen
        }
        report.recipe.weakOverrides = planned.weakOverrides;
        report.recipe.bitsOverrides = planned.bitsOverrides;
    }
    job.report({"calibrate", 1, 1, "calibration ready"});

    const std::vector<std::vector<std::string>> seqGroups = sequentialGroups(cfg);
    if (seqGroups.size() != 4) // LayerPasses makes the inputs of exactly these four
        throw Error(ErrorKind::Unsupported,
                    architectureOf(cfg).family + " layers do not have four true-sequential groups");
    const long long totalLinears = cfg.numLayers * std::int64_t(kindsOf(cfg).size());
    long long doneLinears = (long long)report.linears.size();
    detail::TensorQuantOptions opts;
    opts.sensitivityFromHDiagOnly = recipe.sensitivityFromHDiagOnly;
    const char* killAfter = std::getenv("OWQ_TEST_KILL_AFTER_LAYER"); // test hook: a kill after layer k
    for (std::size_t li = first; li < m.layers().size(); ++li) {
        const auto tl = Clock::now();
        job.checkCancel("quantization");
        m.loadLayer(li); // deferred models hold one float32 layer at a time
        lm.checkpoint().dropLayerPages(
            std::int64_t(li)); // converted: its mapped bytes need not stay resident
        detail::DecoderLayer& L = m.layers()[li];
        std::vector<std::vector<std::string>> groups = seqGroups;
        if (!recipe.trueSequential) groups = {kindsOf(cfg)};
        LayerPasses passes(m, li, *inps, *mixes, resids.get(), hiddens.get(), recipe.outputErrorWindows);
        const LayerStep st{cfg, li, L, passes, planned, plan, opts, job};
        LayerDiagnostics ld;
        for (std::size_t gi = 0; gi < groups.size(); ++gi) {
            job.checkCancel("quantization");
            const auto hessianOf = captureHessians(st, gi, groups[gi], seqGroups, cached, *outs, ld);
            const auto ts = Clock::now();
            std::vector<SolvedLinear> solved = solveGroup(st, groups[gi], hessianOf);
            ld.solveSeconds += secondsSince(ts);
            for (LinearDiagnostics& d : installGroup(st, groups[gi], solved)) {
                report.weakColumnsTotal += std::int64_t(d.weakColumns.size());
                job.report({"quantize", ++doneLinears, totalLinears, d.name});
                report.linears.push_back(std::move(d));
            }
        }
        ld.layer = std::int64_t(li);
        const auto tf = Clock::now();
        ld.outputMse = passes.finalPass(*outs);
        ld.passSeconds += secondsSince(tf);
        ld.seconds = secondsSince(tl);
        report.layers.push_back(ld);
        std::swap(inps, outs); // the next layer sees the quantized layer's outputs
        if (state) {
            report.seconds = earlierSeconds + secondsSince(t0);
            state->layerFinished(m, li, report, li + 1 < m.layers().size() ? inps.get() : nullptr);
            if (stateOptions.releaseFinished) releaseLayer(L); // its layer file holds it now
        }
        if (killAfter && *killAfter && std::strtoll(killAfter, nullptr, 10) == (long long)li)
            std::raise(SIGKILL);
    }
    double bits = 0, weights = 0;
    for (const LinearDiagnostics& d : report.linears) {
        bits += d.bits * double(d.rows * d.cols);
        weights += double(d.rows * d.cols);
    }
    report.averageBits = weights > 0 ? bits / weights : 0;
    // The model in memory (the studio's chat and Compare rows) runs the head it will be saved with.
    m.useCompactHead(recipe.head);
    report.seconds = earlierSeconds + secondsSince(t0);
    return report;
}

} // namespace owq
