// The float pre-pass of sensitivity allocation (quant/allocation_pass.h).
#include "quant/allocation_pass.h"

#include "model/engine_impl.h"
#include "model/linear.h"
#include "owq/allocation.h"
#include "owq/architecture.h"
#include "owq/error.h"
#include "owq/memory_estimate.h"
#include "quant/quantize_impl.h"
#include "quant/quantizer.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace owq::detail {

namespace {

// Windows the loss and layer probes run on: enough for a stable ranking (stories260K: 32 of 128 measured
// best, docs/QUANTIZATION.md), a quarter of the pass's cost at 128.
constexpr std::int64_t kProbeWindows = 32;

// The storage the reference rule spends on all decoder linears: the budget sensitivity allocation keeps.
double referenceBudgetBits(const ModelConfig& cfg, const QuantRecipe& recipe) {
    const auto plan = weakColumnPlan(cfg, recipe);
    double bits = 0;
    for (std::int64_t l = 0; l < cfg.numLayers; ++l)
        for (const LinearSpec& s : layerLinears(cfg)) {
            const std::string name = linearName(cfg, l, s.kind);
            const auto it = recipe.weakOverrides.find(name);
            const int weak = it != recipe.weakOverrides.end() ? it->second : plan.at(s.kind);
            bits += linearStorageBits(s.rows, s.cols, weak, linearQuantizer(recipe, name));
        }
    return bits;
}

// Column scores of one linear, most sensitive first: the OWQ score H_jj * ||W_:,j - RTN(W)_:,j||^2, the
// output error a column's rounding causes, in the linear's own output units.
std::vector<double> columnScores(const at::Tensor& W, const at::Tensor& H, const QuantRecipe& recipe,
                                 int bits) {
    QuantizerConfig q = recipe.quantizer;
    q.bits = bits;
    at::Tensor s = columnSensitivity(W, H, q, recipe.sensitivityFromHDiagOnly).to(at::kDouble);
    s = std::get<0>(at::sort(s, /*stable=*/true, 0, /*descending=*/true)).contiguous();
    return std::vector<double>(s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
}

// The whole linear rounded to nearest on the per-channel grid the scores use.
at::Tensor rtnWeight(const at::Tensor& W, const QuantRecipe& recipe, int bits) {
    QuantizerConfig perChannel = recipe.quantizer;
    perChannel.groupSize = 0;
    perChannel.bits = bits;
    return fakeQuantize(W, fitGrid(W, perChannel, recipe.quantizer.owqGroupGrid), maxCode(perChannel.bits));
}

// The probe to run: the recipe's, with Auto resolved: Kl when bit widths are allocated (only it compares
// them across layers) or when `klBytes` fits the memory available, else Layer.
AllocationProbe probeFor(const QuantRecipe& recipe, std::uint64_t klBytes) {
    if (recipe.allocationProbe != AllocationProbe::Auto) return recipe.allocationProbe;
    if (!recipe.allocationBits.empty()) return AllocationProbe::Kl;
    const std::uint64_t avail = availableMemoryBytes();
    return avail == 0 || klBytes <= avail ? AllocationProbe::Kl : AllocationProbe::Layer;
}

// Scales a width's gains so that they sum to `total`, the loss of rounding the linear at that width.
void scaleTo(WidthGains& w, double total) {
    double sum = 0;
    for (double v : w.gains) sum += v;
    if (sum > 0)
        for (double& v : w.gains) v *= std::max(total, 0.0) / sum;
    w.loss = sum > 0 ? std::max(total, 0.0) : 0.0;
}

// The widths a linear may take: recipe.allocationBits, or the recipe's own bits.
std::vector<int> widthsOf(const QuantRecipe& recipe) {
    std::vector<int> w = recipe.allocationBits;
    if (w.empty()) w.push_back(recipe.quantizer.bits);
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    return w;
}

} // namespace

AllocationResult sensitivityAllocation(
    DecoderModel& m, const ActivationStore& embedded, const at::Tensor& ids, const QuantRecipe& recipe,
    const std::function<std::unique_ptr<ActivationStore>(std::int64_t)>& makeStore, const JobContext& job) {
    const ModelConfig& cfg = m.config();
    const std::vector<int> widths = widthsOf(recipe);
    const std::int64_t n = embedded.samples(), T = embedded.seqlen();
    const std::int64_t batch = layerBatch(cfg, n, T);
    const std::int64_t probe = std::min(n, kProbeWindows);
    // The KL probes hold every float decoder layer and the float log-probabilities of the probe windows (plus
    // one batch's working copies).
    std::uint64_t klBytes = 0;
    {
        std::uint64_t unloaded = 0;
        for (std::size_t li = 0; li < m.layers().size(); ++li) unloaded += m.layerLoaded(li) ? 0 : 1;
        // One float32 decoder layer: loading everything minus loading with layers deferred (which keeps one).
        const std::uint64_t perLayer = cfg.numLayers > 1
                                           ? (estimateLoadBytes(cfg, false) - estimateLoadBytes(cfg, true)) /
                                                 std::uint64_t(cfg.numLayers - 1)
                                           : 0;
        const std::uint64_t layers = perLayer * unloaded;
        const std::uint64_t logits =
            std::uint64_t(probe) * std::uint64_t(T) * std::uint64_t(cfg.vocabSize) * 4;
        const std::uint64_t perBatch =
            std::uint64_t(batch) * std::uint64_t(T) * std::uint64_t(cfg.vocabSize) * 4;
        klBytes = layers + logits + 4 * perBatch;
    }
    const AllocationProbe probeKind = probeFor(recipe, klBytes);
    // Bit widths need the KL probe: a layer's output error does not compare across layers, and on
    // stories260K the layer probe moved bits to the last layers and made the model worse than the reference
    // rule (docs/QUANTIZATION.md, "Mixed precision").
    if (!recipe.allocationBits.empty() && probeKind != AllocationProbe::Kl)
        throw Error(ErrorKind::InvalidArgument,
                    std::string("bit widths per linear (--allocation-bits) need the kl probe, not ") +
                        allocationProbeName(probeKind));
    // KL probes that do not fit are refused up front rather than run out of memory halfway.
    const std::string probes =
        " (the KL probes: every float layer and " + std::to_string(probe) + " windows of log-probabilities";
    if (probeKind == AllocationProbe::Kl)
        requireMemory(klBytes, recipe.allocationBits.empty()
                                   ? "--allocation sensitivity" + probes +
                                         "; --allocation-probe layer measures one layer at a time)"
                                   : "--allocation-bits" + probes + ")");
    job.report({"allocate", 0, std::int64_t(m.layers().size()),
                std::string("probe: ") + allocationProbeName(probeKind)});
    std::unique_ptr<ActivationStore> a = makeStore(cfg.hiddenSize), b = makeStore(cfg.hiddenSize);
    const ActivationStore* in = &embedded;
    std::vector<LinearChoices> linears;
    std::vector<bool> deferred(m.layers().size(), false);
    // Back to deferred: the pipeline reads the layer again when it gets there.
    auto release = [&](std::size_t li) {
        DecoderLayer& L = m.layers()[li];
        DecoderLayer empty;
        empty.specs = L.specs;
        empty.linears.resize(L.linears.size());
        L = std::move(empty);
    };
    for (std::size_t li = 0; li < m.layers().size(); ++li) {
        job.checkCancel("weak-column allocation");
        deferred[li] = !m.layerLoaded(li);
        m.loadLayer(li);
        // The float layer's group inputs (q/k/v; o; gate/up; down), as in the pipeline's float pass.
        std::array<at::Tensor, 4> H;
        std::array<std::int64_t, 4> samples{};
        auto add = [&](int g, const at::Tensor& x) {
            at::Tensor& h = H[std::size_t(g)];
            if (!h.defined()) h = at::zeros({x.size(-1), x.size(-1)}, x.options());
            accumulateHessian(h, samples[std::size_t(g)], x, x.size(0), /*upperOnly=*/true);
        };
        for (std::int64_t s = 0; s < n; s += batch) {
            const at::Tensor h = in->read(s, std::min(batch, n - s));
            const at::Tensor n0 = m.attentionInput(li, h);
            add(0, n0);
            const at::Tensor mixed = m.attentionMix(li, n0, 0, nullptr);
            add(1, mixed);
            const at::Tensor x = m.afterAttention(li, h, mixed);
            const at::Tensor n2 = m.mlpInput(li, x);
            add(2, n2);
            const at::Tensor hidden = m.mlpHidden(li, n2);
            add(3, hidden);
            a->write(s, m.layerOutput(li, x, hidden));
        }
        for (at::Tensor& h : H) symmetrizeHessian(h);
        DecoderLayer& L = m.layers()[li];
        for (std::size_t j = 0; j < L.specs->size(); ++j) {
            const LinearSpec& spec = (*L.specs)[j];
            auto* dense = dynamic_cast<DenseLinear*>(L.linears[j].get());
            if (!dense)
                throw Error(ErrorKind::InvalidArgument,
                            linearName(cfg, std::int64_t(li), spec.kind) + " is already quantized");
            LinearChoices c{linearName(cfg, std::int64_t(li), spec.kind), spec.rows, spec.cols, {}};
            for (int bits : widths) {
                WidthGains w{bits, 0, columnScores(dense->weight, H[std::size_t(spec.group)], recipe, bits)};
                for (double v : w.gains) w.loss += v; // raw: the loss is the scores' sum
                if (probeKind == AllocationProbe::Layer) {
                    const at::Tensor W0 = dense->weight;
                    dense->weight = rtnWeight(W0, recipe, bits);
                    double sq = 0;
                    for (std::int64_t s = 0; s < probe; s += batch) {
                        const std::int64_t bs = std::min(batch, probe - s);
                        sq += (m.decoderLayer(li, in->read(s, bs), 0, nullptr) - a->read(s, bs))
                                  .pow(2)
                                  .sum()
                                  .item<double>();
                    }
                    dense->weight = W0;
                    scaleTo(w, sq);
                }
                c.widths.push_back(std::move(w));
            }
            linears.push_back(std::move(c));
        }
        if (deferred[li] && probeKind != AllocationProbe::Kl) release(li);
        std::swap(a, b);
        in = b.get(); // this layer's outputs, the next one's inputs
        job.report({"allocate", std::int64_t(li) + 1, std::int64_t(m.layers().size()),
                    "sensitivity of layer " + std::to_string(li)});
    }
    if (probeKind == AllocationProbe::Kl) {
        // Each linear rounded alone, measured where it ends: the model's next-token distribution. The float
        // log-probabilities are kept per batch; each probe's are made and compared a batch at a time.
        const at::Tensor probeIds = ids.narrow(0, 0, probe);
        auto logProbs = [&](std::int64_t s) {
            return at::log_softmax(
                m.forward(probeIds.narrow(0, s, std::min(batch, probe - s))).to(at::kFloat), -1);
        };
        std::vector<at::Tensor> logp0;
        for (std::int64_t s = 0; s < probe; s += batch) logp0.push_back(logProbs(s));
        std::size_t idx = 0;
        for (std::size_t li = 0; li < m.layers().size(); ++li) {
            job.checkCancel("weak-column allocation");
            DecoderLayer& L = m.layers()[li];
            for (std::size_t j = 0; j < L.linears.size(); ++j, ++idx) {
                auto* dense = dynamic_cast<DenseLinear*>(L.linears[j].get());
                const at::Tensor W0 = dense->weight;
                for (WidthGains& w : linears[idx].widths) {
                    dense->weight = rtnWeight(W0, recipe, w.bits);
                    double klSum = 0;
                    std::int64_t positions = 0;
                    for (std::size_t k = 0; k < logp0.size(); ++k) {
                        const at::Tensor& lp0 = logp0[k];
                        klSum += (lp0.exp() * (lp0 - logProbs(std::int64_t(k) * batch))).sum().item<double>();
                        positions += lp0.numel() / lp0.size(-1);
                    }
                    scaleTo(w, klSum / double(positions));
                }
                dense->weight = W0;
            }
        }
        for (std::size_t li = 0; li < m.layers().size(); ++li)
            if (deferred[li]) release(li);
    }
    const double budget = referenceBudgetBits(cfg, recipe);
    AllocationResult out;
    out.probe = probeKind;
    if (recipe.allocationBits.empty()) {
        // One width: the column greedy alone (the same counts as before bit widths could be allocated).
        std::vector<LinearGains> g;
        for (const LinearChoices& c : linears) g.push_back({c.name, c.rows, c.cols, c.widths.front().gains});
        out.weak = allocateWeakColumns(g, budget, recipe.quantizer);
        return out;
    }
    for (const auto& [name, p] : allocateBitsAndWeakColumns(linears, budget, recipe.quantizer)) {
        out.weak[name] = p.weak;
        if (p.bits != recipe.quantizer.bits) out.bits[name] = p.bits;
    }
    return out;
}

} // namespace owq::detail
