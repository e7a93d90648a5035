// RMSNorm for inference on the CPU in one pass per row: what DecoderModel::norm's tensor expression
// x * rsqrt(mean(x^2) + eps) * w makes in six ops and three temporaries (a decode step's 2048-float rows pay
// ~9 us of op dispatch for ~0.3 us of arithmetic, 45 times per token on a 1.1B model). Same math and the same
// roundings after the mean, whose squares sum in another order.
#pragma once

#include <ATen/ATen.h>

namespace owq::detail {

// x [..., D] contiguous float32, weight [D] float32; plusOne: Gemma's (1 + w). Returns a new contiguous
// tensor of x's shape.
at::Tensor rmsNormCpu(const at::Tensor& x, const at::Tensor& weight, float eps, bool plusOne);
// One row on plain arrays: out = x * r * w, r = 1 / sqrt(mean(x^2) + eps) (w already 1 + w for Gemma), the
// same bits as rmsNormCpu's rows.
void rmsNormRowCpu(const float* x, const float* w, std::int64_t D, float eps, float* out);

} // namespace owq::detail
