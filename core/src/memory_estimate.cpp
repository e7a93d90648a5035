#include "owq/memory_estimate.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

namespace owq {

MemoryEstimate estimateInferenceMemory(const ModelConfig& cfg, std::int64_t context) {
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
    e.kvCacheBytes = std::uint64_t(2 * cfg.numLayers * cfg.numKvHeads * cfg.headDim * context) * 4;
    // One forward over `context` tokens: attention scores [heads, T, T], MLP [T, intermediate] x3, logits.
    const std::uint64_t scores = std::uint64_t(cfg.numHeads) * context * context;
    const std::uint64_t mlp = 3ull * std::uint64_t(context) * std::uint64_t(cfg.intermediateSize);
    const std::uint64_t logits = std::uint64_t(context) * std::uint64_t(cfg.vocabSize);
    e.activationBytes =
        4 * (scores * 2 + mlp + logits + 8ull * context * std::uint64_t(cfg.hiddenSize)) + largestLinear;
    return e;
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
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t value = 0;
    std::string unit;
    while (in >> key >> value >> unit)
        if (key == "MemAvailable:") return value * 1024;
    return 0;
}

} // namespace owq
