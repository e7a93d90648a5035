// Causal attention for inference on the CPU, one query row at a time: the scores of exactly the keys the row
// may see (causal, sliding window), soft-capped when asked, softmax and the weighted values, without making
// the [rows, keys] score tensors, masks and softmax passes of the tensor version in decoder_forward.cpp. Same
// math; the sums run in another order and exp is a polynomial within ~2 float32 ulps.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>

namespace owq::detail {

// q [B, H, T, hd] float32, k and v [B, KV, S, hd] float32 or both bfloat16 (a bf16 KV cache: decoding reads
// it as it is, other calls widen it once) (any strides with the last dimension contiguous; H a multiple of
// KV); query t sits at absolute position S - T + t. Returns [B, H, T, hd], the transposed view of
// a contiguous [B, T, H, hd] (so .transpose(1, 2).reshape({B, T, H * hd}) is free).
// scale multiplies q.k; cap > 0 soft-caps the scaled scores as cap * tanh(s / cap); window > 0 lets a query
// at position p see keys p - window + 1..p only.
at::Tensor causalAttentionCpu(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, float scale,
                              float cap, std::int64_t window);

// The same for a decode step of one sequence, on plain arrays (no tensor ops: decode_step_cpu.cpp): q [H, hd]
// float32; k and v one layer's cache [KV, capacity, hd], float32 or (bf16) bfloat16, whose first S positions
// are the keys (the step's own last); out [H, hd]. hd a multiple of 16.
void decodeStepAttentionCpu(const float* q, std::int64_t H, std::int64_t hd, const void* k, const void* v,
                            bool bf16, std::int64_t KV, std::int64_t capacity, std::int64_t S, float scale,
                            float cap, std::int64_t window, float* out);

} // namespace owq::detail
