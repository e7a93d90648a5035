// GPTQ's blocked solve (Frantar et al., 2023, Algorithm 1) on tensors, shared by GPTQ and OWQ.
#pragma once

#include "owq/job.h"
#include "owq/quantize.h"
#include "quant/quantizer.h"

#include <ATen/ATen.h>

namespace owq::detail {

// Quantized matrix in the caller's column order.
struct QuantizedMatrix {
    at::Tensor dequantized; // [rows, cols] float32
    at::Tensor codes;       // [rows, cols] uint8 (0 in columns that stay in full precision)
    at::Tensor scales;      // [rows, nGroups] float32
    at::Tensor zeros;       // [rows, nGroups] float32
    at::Tensor groupIndex;  // [cols] int32 (0 in columns that stay in full precision)
};

// Runs GPTQ on W [rows, cols] with Hessian H [cols, cols] (neither is modified).
// order: the column processing order (int64 [cols], a permutation) or undefined for the natural order. The
// first nQuant columns of `order` are quantized; the rest ("weak" columns, OWQ) only receive GPTQ's error
// compensation and keep their final full-precision values, exactly as the OWQ reference does.
// gcfg.clipSearch: the solve runs again with each grid's scale times 0.95, 0.9, 0.85 and 0.8, and every row
// keeps the run with the least layer loss (W - Q) H (W - Q)^T (the solve's own objective, not the weights'
// error the mse grid searches minimise).
// Throws Error(InvalidArgument) when H + damping is not positive definite, Error(Cancelled) between blocks.
QuantizedMatrix gptqSolve(const at::Tensor& W, const at::Tensor& H, const at::Tensor& order,
                          std::int64_t nQuant, const QuantizerConfig& qcfg, const GptqConfig& gcfg,
                          const JobContext& job);

// Upper Cholesky factor U of (H + damp I)^-1 (H^-1 = U^T U), computed like the reference:
// cholesky -> cholesky_inverse -> cholesky(upper). H is modified (damped) in place.
at::Tensor dampedInverseCholesky(at::Tensor& H, double percdamp);

} // namespace owq::detail
