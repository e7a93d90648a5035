// Memory a model needs to run, computed from its config, so the CLI and GUI can warn before loading.
#pragma once

#include "owq/config.h"
#include "owq/kv_cache.h"

#include <cstdint>
#include <string>

namespace owq {

struct MemoryEstimate {
    std::uint64_t weightBytes = 0;     // float32 weights; packed OWQ linears at their bits per weight
    std::uint64_t kvCacheBytes = 0;    // KV cache for one sequence of `context` tokens
    std::uint64_t activationBytes = 0; // largest transient buffers of one forward pass
    std::uint64_t total() const { return weightBytes + kvCacheBytes + activationBytes; }
};

MemoryEstimate estimateInferenceMemory(const ModelConfig& cfg, std::int64_t context,
                                       KvCacheType kvCache = KvCacheType::Float32);
// Memory that loading holds: float32 weights (packed linears at their bits per weight); with deferLayers,
// embeddings, head and one float32 decoder layer (quantization reads the others as it goes).
std::uint64_t estimateLoadBytes(const ModelConfig& cfg, bool deferLayers);
// What quantizeModel adds on top of the loaded model: two calibration activation buffers
// [nsamples, seqlen, hidden], a batch of attention scores and MLP activations, the Hessians of one group
// and the working copies of one linear. spillActivations: the two buffers live on disk and only the chunks
// of samples in flight are resident (two inputs and one output chunk of one batch).
std::uint64_t estimateQuantizeBytes(const ModelConfig& cfg, std::int64_t nsamples, std::int64_t seqlen,
                                    bool spillActivations = false);
// Bytes of the calibration activation buffers (on disk when spilled): a layer's inputs, outputs and
// residual after attention [nsamples, seqlen, hidden] and its attention mix [nsamples, seqlen, heads x
// head_dim], float32.
std::uint64_t activationBufferBytes(const ModelConfig& cfg, std::int64_t nsamples, std::int64_t seqlen);
// Throws Error(Resource) saying what needs how much and how much is available, when `need` exceeds the
// available memory (no check when that is unknown).
void requireMemory(std::uint64_t need, const std::string& what);

std::string formatBytes(std::uint64_t bytes); // "1.23 GiB"
// MemAvailable from /proc/meminfo (0 when unknown); the environment variable OWQ_AVAILABLE_MEMORY (bytes)
// overrides it, to keep a run within a budget smaller than the machine.
std::uint64_t availableMemoryBytes();

} // namespace owq
