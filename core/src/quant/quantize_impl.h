// Tensor-level entry points of the quantization engine, for the layer-wise pipeline (no copies through
// owq::Matrix). quantizeLinear in owq/quantize.h is a thin wrapper around quantizeLinearTensor.
#pragma once

#include "owq/job.h"
#include "owq/quantize.h"
#include "quant/gptq.h"
#include "quant/quantizer.h"

#include <ATen/ATen.h>

namespace owq {
struct ModelConfig;
}

namespace owq::detail {

struct TensorQuantOptions {
    bool sensitivityFromHDiagOnly = false; // OWQ's --no_frob_norm: rank columns by H_jj alone
    // The two trace errors each cost one [rows, cols] x [cols, cols] GEMM (more than the GPTQ solve itself);
    // the pipeline may skip them.
    bool computeErrors = true;
    // The sensitivity costs one RTN of the whole matrix; it is always computed when OWQ needs weak columns.
    bool computeSensitivity = true;
};

struct TensorQuantResult {
    QuantizedMatrix q;      // dequantized (weak columns full precision), codes, scales, zeros, g_idx
    at::Tensor weakColumns; // int64, ascending
    at::Tensor hDiag;       // [cols] (undefined without H)
    at::Tensor sensitivity; // [cols] (undefined without H or when not computed)
    double errorBefore = 0; // RTN of the non-weak columns, weak columns exact
    double errorAfter = 0;
    double solveSeconds = 0; // RTN / GPTQ solve including the Cholesky factorizations
    double errorSeconds = 0; // the two trace errors
};

// W [rows, cols] and H [cols, cols] float32 (H undefined for RTN without errors). Neither is modified.
// Validates like quantizeLinear.
TensorQuantResult quantizeLinearTensor(const at::Tensor& W, const at::Tensor& H, Method method,
                                       const QuantizerConfig& qcfg, const GptqConfig& gcfg, int weakColumns,
                                       const TensorQuantOptions& opts, const JobContext& job = {});

// OWQ's column score: H_jj * ||W[:,j] - Q(W)[:,j]||^2 with Q the per-channel RTN of the whole W under qcfg
// (the reference's temporary quantizer; Owq style uses num = owqGroupGrid), or H_jj alone.
at::Tensor columnSensitivity(const at::Tensor& W, const at::Tensor& H, const QuantizerConfig& qcfg,
                             bool hDiagOnly);

// Column processing order for GPTQ/OWQ (int64 [cols]) or undefined for the natural order; the last
// `weakColumns` entries are the weak columns (the top-k by sensitivity).
at::Tensor processingOrder(const at::Tensor& H, const at::Tensor& sensitivity, int weakColumns,
                           bool actOrder);

// Round-to-nearest of the columns not in `weak` (int64, any order; may be undefined), which stay exact.
// Groups are formed over the kept columns in their natural order. perChannel: use this grid ([rows]) instead
// of fitting one (per-channel configs only).
QuantizedMatrix rtnQuantize(const at::Tensor& W, const at::Tensor& weak, const QuantizerConfig& qcfg,
                            const QuantGrid* perChannel = nullptr);

// The references' add_batch on X [..., in] holding m samples: H <- H * n/(n+m) + (2/(n+m)) X^T X, n <- n + m.
// H must be [in, in] (zeros before the first batch). upperOnly: only H's upper triangle is kept up to date
// (where the BLAS has SYRK; the whole of H otherwise), and symmetrizeHessian must follow the last batch.
void accumulateHessian(at::Tensor& H, std::int64_t& samples, const at::Tensor& X, std::int64_t batchSamples,
                       bool upperOnly = false);

// H's lower triangle from its upper one.
void symmetrizeHessian(at::Tensor& H);

// tr((W - Q) H (W - Q)^T), accumulated in double.
double hessianError(const at::Tensor& W, const at::Tensor& Q, const at::Tensor& H);

} // namespace owq::detail
