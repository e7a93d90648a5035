#include "owq/memory_estimate.h"

#include "owq/architecture.h"
#include "owq/error.h"
#include "util/batch_budget.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace owq {

MemoryEstimate estimateInferenceMemory(const ModelConfig& cfg, std::int64_t context, KvCacheType kvCache) {
    MemoryEstimate e;
    e.weightBytes = std::uint64_t(cfg.parameterCount()) * 4;
    const QuantizationInfo& q = cfg.quantization;
    const std::uint64_t D = std::uint64_t(cfg.hiddenSize), I = std::uint64_t(cfg.intermediateSize);
    const std::uint64_t attn = std::uint64_t(cfg.numHeads * cfg.headDim),
                        kv = std::uint64_t(cfg.numKvHeads * cfg.headDim);
    std::uint64_t largestLinear = 0;
    if (q.packed) {
        // Decoder linears stay packed: their bits per weight (scales, zeros and weak columns included)
        // instead of 32; long prompts dequantize one linear at a time.
        const std::uint64_t linear = std::uint64_t(cfg.numLayers) * (2 * attn * D + 2 * kv * D + 3 * D * I);
        const double bits = q.averageBits > 0 ? q.averageBits : q.bits + 0.5;
        e.weightBytes -= linear * 4;
        e.weightBytes += std::uint64_t(double(linear) * bits / 8.0);
        largestLinear = std::max(D * I, attn * D) * 4;
    }
    if (q.packed && (q.head == "bf16" || q.head == "int8")) {
        // The head (one tensor, also the embedding when tied) at 2 bytes, or 1 plus a float32 scale per row.
        const std::uint64_t vocab = std::uint64_t(cfg.vocabSize),
                            headWeights = vocab * std::uint64_t(cfg.embedDim());
        e.weightBytes -= headWeights * 4;
        e.weightBytes += q.head == "bf16" ? headWeights * 2 : headWeights + vocab * 4;
    }
    e.kvCacheBytes = std::uint64_t(2 * cfg.numLayers * cfg.numKvHeads * cfg.headDim * context) *
                     std::uint64_t(kvCacheBytesPerValue(kvCache));
    // One forward over `context` tokens: attention scores [heads, T, T], MLP [T, intermediate] x3, logits.
    const std::uint64_t scores = std::uint64_t(cfg.numHeads) * context * context;
    const std::uint64_t mlp = 3ull * std::uint64_t(context) * std::uint64_t(cfg.intermediateSize);
    const std::uint64_t logits = std::uint64_t(context) * std::uint64_t(cfg.vocabSize);
    e.activationBytes =
        4 * (scores * 2 + mlp + logits + 8ull * context * std::uint64_t(cfg.hiddenSize)) + largestLinear;
    return e;
}

namespace {

// Weights of the decoder linears of one layer.
std::uint64_t linearWeightsPerLayer(const ModelConfig& cfg) {
    std::uint64_t n = 0;
    for (const LinearSpec& s : layerLinears(cfg)) n += std::uint64_t(s.rows) * std::uint64_t(s.cols);
    return n;
}

} // namespace

std::uint64_t estimateLoadBytes(const ModelConfig& cfg, bool deferLayers) {
    const std::uint64_t all = estimateInferenceMemory(cfg, 1).weightBytes;
    if (!deferLayers || cfg.numLayers <= 1) return all;
    const std::uint64_t layersFloat = std::uint64_t(cfg.numLayers) * linearWeightsPerLayer(cfg) * 4;
    const std::uint64_t rest = std::uint64_t(cfg.parameterCount()) * 4 > layersFloat
                                   ? std::uint64_t(cfg.parameterCount()) * 4 - layersFloat
                                   : 0;
    return rest + linearWeightsPerLayer(cfg) * 4;
}

std::uint64_t activationBufferBytes(const ModelConfig& cfg, std::int64_t nsamples, std::int64_t seqlen) {
    // A layer's inputs and outputs, and what its later groups read: the attention mix and the residual
    // after attention (docs/QUANTIZATION.md).
    const std::uint64_t width = 3 * std::uint64_t(cfg.hiddenSize) + std::uint64_t(cfg.numHeads * cfg.headDim);
    return std::uint64_t(nsamples) * std::uint64_t(seqlen) * width * 4;
}

std::uint64_t estimateQuantizeBytes(const ModelConfig& cfg, std::int64_t nsamples, std::int64_t seqlen,
                                    bool spillActivations) {
    const std::uint64_t T = std::uint64_t(seqlen);
    const std::uint64_t D = std::uint64_t(cfg.hiddenSize), I = std::uint64_t(cfg.intermediateSize);
    // The pipeline's batch of windows, also its spill chunk: the chunks of one batch in flight are two
    // inputs, the kept attention mix and residual, and one output.
    const std::uint64_t batch = std::uint64_t(detail::layerBatch(cfg, nsamples, seqlen));
    const std::uint64_t buffers =
        spillActivations ? 5 * batch * T * D * 4 : activationBufferBytes(cfg, nsamples, seqlen);
    const std::uint64_t perBatch = batch * T * (4 * D + 3 * I) * 4 + (std::uint64_t(16) << 20);
    const std::uint64_t hessians = (2 * D * D + I * I) * 4;
    const std::uint64_t linear = 6 * std::max(D * I, D * D) * 4; // W, its copy, Q, errors, codes
    // A packed copy of everything quantized so far stays in memory (~4.5 bits per weight).
    const std::uint64_t packed = std::uint64_t(cfg.numLayers) * linearWeightsPerLayer(cfg) * 5 / 8;
    return buffers + perBatch + hessians + linear + packed;
}

void requireMemory(std::uint64_t need, const std::string& what) {
    const std::uint64_t avail = availableMemoryBytes();
    if (avail == 0 || need <= avail) return;
    throw Error(ErrorKind::Resource, what + " needs about " + formatBytes(need) + " of memory but only " +
                                         formatBytes(avail) + " is available");
}

std::string formatBytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", v, units[u]);
    return buf;
}

std::uint64_t availableMemoryBytes() {
    if (const char* env = std::getenv("OWQ_AVAILABLE_MEMORY")) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(env, &end, 10);
        if (end != env && *end == '\0') return v;
    }
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t value = 0;
    std::string unit;
    while (in >> key >> value >> unit)
        if (key == "MemAvailable:") return value * 1024;
    return 0;
}

} // namespace owq
