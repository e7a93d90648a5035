// Rotary embedding on the CPU in one pass: what Rope::apply's tensor expression x * cos + rotate_half(x) *
// sin makes in five ops and four temporaries, with the same roundings (each product rounded, then the sum:
// this file is compiled without FMA contraction), so the same bits.
#pragma once

#include <ATen/ATen.h>

namespace owq::detail {

// x [B, heads, T, hd] float32 (any strides, the last dimension contiguous), cos and sin [T, hd] contiguous
// float32 (the rows of x's positions). Returns [B, heads, T, hd], the transposed view of a contiguous
// [B, T, heads, hd] (the layout q and k come from their projections in).
at::Tensor rotateCpu(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
// The same for `heads` contiguous rows of hd values on plain arrays, in place (a decode step's q or k): cos
// and sin [hd], the position's rows.
void rotateHeadsCpu(float* x, std::int64_t heads, std::int64_t hd, const float* cos, const float* sin);

} // namespace owq::detail
