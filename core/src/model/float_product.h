// x W^T for float32 weights W [rows, cols], the one product the float head and the float linears share.
#pragma once

#include <ATen/ATen.h>

namespace owq::detail {

// x [..., cols] -> [..., rows], plus bias [rows] when defined. A few rows on the CPU (a decode step) go
// through the streaming kernel (owq/kernels/head_cpu.h: each weight read once, on the kernels' threads); more
// go to BLAS as at::linear / at::matmul, whose GEMM is faster once its repacking of W is spread over enough
// rows.
at::Tensor timesTransposed(const at::Tensor& x, const at::Tensor& W, const at::Tensor& bias = {});

} // namespace owq::detail
