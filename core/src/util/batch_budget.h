// The batch rule shared by the forward passes and the memory estimate. Torch-free, so memory_estimate.cpp
// (public, LibTorch-free code) sizes the pipeline's batches with the very rule the pipeline runs.
#pragma once

#include "owq/config.h"

#include <algorithm>
#include <cstdint>

namespace owq::detail {

// Most attention-score floats made at once, [batch, heads, query rows, keys]: 16 MB, a block the heap keeps
// and reuses (initRuntime), where whole 2048-token scores of a 7B model (512 MiB each) were mapped and
// page-faulted afresh. DecoderModel::attention blocks its query rows by it; the quantization pipeline batches
// its calibration windows by it.
inline constexpr std::int64_t kAttentionScoreFloats = std::int64_t(4) << 20;

// The pipeline's batch of calibration sequences: the windows whose whole attention scores fit in
// kAttentionScoreFloats, at least one; a single longer window's scores are split into blocks of query rows by
// DecoderModel::attention itself, under the same bound. Also the chunk a spilled activation buffer is read
// and written in, so the arithmetic is the same in memory and spilled.
inline std::int64_t layerBatch(const ModelConfig& cfg, std::int64_t n, std::int64_t T) {
    return std::clamp<std::int64_t>(kAttentionScoreFloats / std::max<std::int64_t>(1, cfg.numHeads * T * T),
                                    1, std::max<std::int64_t>(1, n));
}

} // namespace owq::detail
