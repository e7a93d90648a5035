// SiLU for inference on the CPU on plain rows, and the gated MLP's silu(gate) * up with it: what the tensor
// path's at::silu(gate) * up computes, in one pass. A decode step's at::silu on 5632 floats took 20-27 us
// between two products (LibTorch's dispatch and kernel code, cold after the weights streamed through the
// caches) against 4.5 us when hot: 0.5 ms of a 1.1B model's 24 ms step while the other thread waits
// (docs/BENCHMARKS.md, issue 22, session 29). Both paths call these, so a decode step keeps the tensor
// path's bits.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>

namespace owq::detail {

// out[j] = silu(gate[j]) * up[j] for j < n (up null: silu(gate[j])), silu(x) = x / (1 + exp(-x)), the
// product rounded once after silu's float result. Every value takes the same vector exp whatever its position
// or n (no scalar tail), so rows of any length and alignment give each value the same bits. out may be gate.
void siluTimesRowCpu(const float* gate, const float* up, float* out, std::int64_t n);
// The same over tensors: gate and up [..., I] float32 with the last dimension contiguous (up undefined:
// silu(gate) alone). Returns a new contiguous tensor; many rows are split between threads.
at::Tensor siluTimesCpu(const at::Tensor& gate, const at::Tensor& up);

} // namespace owq::detail
