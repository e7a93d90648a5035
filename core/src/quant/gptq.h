// GPTQ's blocked solve (Frantar et al., 2023, Algorithm 1) on tensors, shared by GPTQ and OWQ.
#pragma once

#include "owq/job.h"
#include "owq/quantize.h"
#include "quant/quantizer.h"

#include <ATen/ATen.h>

#include <vector>

namespace owq::detail {

// Quantized matrix in the caller's column order.
struct QuantizedMatrix {
    at::Tensor dequantized; // [rows, cols] float32
    at::Tensor codes;       // [rows, cols] uint8 (0 in columns that stay in full precision)
    at::Tensor scales;      // [rows, nGroups] float32
    at::Tensor zeros;       // [rows, nGroups] float32
    at::Tensor groupIndex;  // [cols] int32 (0 in columns that stay in full precision)
    // GPTQ only: [rows] float32. With a clip search, each row's layer loss (W - Q) H (W - Q)^T (dead columns
    // left out), what chose the row. From the solve's own numbers: the sum of err_i^2 = (w_i - q_i)^2 /
    // [U]_ii^2 over the row's quantized columns is that loss with the damped H + lambda I (the
    // optimal-brain-surgeon identity Algorithm 1 rests on), less lambda ||W - Q||^2 of the row: O(rows *
    // cols) instead of the O(rows * cols^2) of the product. Without a search, the damped loss alone.
    at::Tensor rowLoss;
};

// Runs GPTQ on W [rows, cols] with Hessian H [cols, cols] (neither is modified).
// order: the column processing order (int64 [cols], a permutation) or undefined for the natural order. The
// first nQuant columns of `order` are quantized; the rest ("weak" columns, OWQ) only receive GPTQ's error
// compensation and keep their final full-precision values, exactly as the OWQ reference does.
// gcfg.clipSearch: the solve runs again with each grid's scale times each of clipSearchShrinks(), and every
// row keeps the run with the least rowLoss (the layer's own objective, not the weights' error the mse grid
// searches minimise).
// Throws Error(InvalidArgument) when H + damping is not positive definite, Error(Cancelled) between blocks.
QuantizedMatrix gptqSolve(const at::Tensor& W, const at::Tensor& H, const at::Tensor& order,
                          std::int64_t nQuant, const QuantizerConfig& qcfg, const GptqConfig& gcfg,
                          const JobContext& job);

// The grid shrinks a clip search tries besides the grid as fitted (1).
const std::vector<float>& clipSearchShrinks();

// Upper Cholesky factor U of (H + damp I)^-1 (H^-1 = U^T U), computed like the reference:
// cholesky -> cholesky_inverse -> cholesky(upper). H is modified (damped) in place.
at::Tensor dampedInverseCholesky(at::Tensor& H, double percdamp);

} // namespace owq::detail
