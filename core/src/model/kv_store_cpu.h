// Writing a step's keys or values into the KV cache on the CPU in one plain loop: the tensor path
// (cache.narrow(2, pos, T).copy_(k) on a transposed view) took 5-6 us per call for a decode step's 256 floats
// on the 2-core bench machine (a 1.1B model: 0.052-0.067 s per 257 tokens, this loop 0.021-0.029 s, timers
// included). Same values: a float32 cache gets the floats, a bfloat16 one their round-to-nearest-even
// bfloat16, as copy_ converts.
#pragma once

#include <ATen/ATen.h>

namespace owq::detail {

// src [B, heads, T, hd] float32 (any strides); cache [B, heads, capacity, hd] contiguous float32 or bfloat16,
// pos + T <= capacity: cache[:, :, pos + t, :] = src[:, :, t, :]. Other dtypes or layouts take copy_.
void storeKvCpu(const at::Tensor& src, const at::Tensor& cache, std::int64_t pos);
// A decode step's row of one sequence on plain arrays: src [heads, hd] float32 into the cache [heads,
// capacity, hd] at position pos, float32 or (bf16) bfloat16 as storeKvCpu rounds.
void storeKvRowCpu(const float* src, std::int64_t heads, std::int64_t hd, void* cache, bool bf16,
                   std::int64_t capacity, std::int64_t pos);

} // namespace owq::detail
