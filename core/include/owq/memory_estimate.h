// Memory a model needs to run, computed from its config, so the CLI and GUI can warn before loading.
#pragma once

#include "owq/config.h"

#include <cstdint>
#include <string>

namespace owq {

struct MemoryEstimate {
    std::uint64_t weightBytes = 0;     // float32 weights; packed OWQ linears at their bits per weight
    std::uint64_t kvCacheBytes = 0;    // KV cache for one sequence of `context` tokens
    std::uint64_t activationBytes = 0; // largest transient buffers of one forward pass
    std::uint64_t total() const { return weightBytes + kvCacheBytes + activationBytes; }
};

MemoryEstimate estimateInferenceMemory(const ModelConfig& cfg, std::int64_t context);
std::string formatBytes(std::uint64_t bytes); // "1.23 GiB"
std::uint64_t availableMemoryBytes();         // MemAvailable from /proc/meminfo (0 when unknown)

} // namespace owq
