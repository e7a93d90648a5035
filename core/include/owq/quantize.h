// Quantization of one weight matrix: round-to-nearest (RTN), GPTQ (Frantar et al., 2023) and OWQ
// (Lee et al., 2024: GPTQ with a few "weak" input columns kept in full precision).
//
// The numbers follow the reference implementations (github.com/IST-DASLab/gptq and github.com/xvyaward/owq)
// operation by operation, including their quirks, which are spelled out next to each option below and in
// core/src/quant/*.cpp. Everything is float32 like the references. The layer-wise pipeline calls the tensor
// API in core/src/quant/quantize_impl.h; this header is the torch-free entry point for tests, tools and
// bench.
#pragma once

#include "owq/job.h"

#include <cstdint>
#include <vector>

namespace owq {

// How the quantization grid of a row (or of a group of a row) is found. Both store codes in [0, 2^bits-1]
// with dequantized = scale * (code - zero); they differ in how scale and zero are chosen.
enum class QuantizerStyle {
    // IST-DASLab/gptq quant.py Quantizer.find_params:
    //   xmin = min(x,0), xmax = max(x,0); symmetric: xmax = max(|xmin|, xmax), xmin = -xmax where xmin < 0;
    //   xmin == xmax == 0 -> [-1, 1]; scale = (xmax-xmin)/maxq, zero = round(-xmin/scale) (sym: (maxq+1)/2).
    //   mse: shrink the range by p = 1 - i/grid for i < maxShrink*grid, keep the p with least sum|q-x|^norm.
    Gptq,
    // xvyaward/owq owq/quant.py Quantizer.find_params (the repository's current version; an earlier one kept
    //   GPTQ's symmetric grid and searched zero points even when symmetric - asymmetric is the same in both):
    //   the same asymmetric min-max grid as Gptq; symmetric uses the signed grid [-2^(b-1), 2^(b-1)-1] with
    //   scale = xmax / 2^(b-1) (stored as zero = 2^(b-1)); mse scans max = range*i/num for i = 1..num
    //   together
    //   with every zero point 0..2^b-1 (asymmetric) and keeps the least mean|q-x|^2.4 (the norm is fixed at
    //   2.4 there; mseNorm and mseMaxShrink are ignored). Its mse costs num * 2^bits passes over the matrix
    //   (800 at 3 bits): about 65 core-seconds for a 4096x4096 layer.
    Owq,
};

struct QuantizerConfig {
    int bits = 3;           // 2, 3, 4 or 8
    bool symmetric = false; //
    int groupSize = 0;      // 0: one scale/zero per output channel (row); else per group of columns
    bool mse = false;       // grid search for the clipping range instead of plain min-max
    float mseNorm = 2.4f;   // Gptq style: error norm of the search
    int mseGrid = 100;      // Gptq style: grid; Owq style: the reference's num for per-channel params
    float mseMaxShrink = 0.8f;
    QuantizerStyle style = QuantizerStyle::Gptq;
    // Owq style only: the reference passes num=40 when it fits group parameters and the sensitivity
    // quantizer.
    int owqGroupGrid = 40;
};

struct GptqConfig {
    float percdamp = 0.01f; // damping: percdamp * mean(diag H) is added to the diagonal
    int blockSize = 128;    // columns per lazy-batch block
    bool actOrder = false;  // process columns by decreasing H_jj (GPTQ) / decreasing sensitivity (OWQ)
    // With groups and actOrder: fit each group's parameters up front on the original column order (GPTQ's
    // --static-groups) instead of on the permuted order while the solve proceeds.
    bool staticGroups = false;
    // Clip search: besides the grids as fitted, solve with each grid's range shrunk to 95, 90, 85 and 80%
    // and keep, per output row, the solve whose own layer loss (W - Q) H (W - Q)^T is least. Five solves
    // instead of one; helps most at 2-3 bits (docs/QUANTIZATION.md).
    bool clipSearch = false;
};

// Row-major dense matrix: W is [out, in], H is [in, in].
struct Matrix {
    std::int64_t rows = 0, cols = 0;
    std::vector<float> data;

    float& at(std::int64_t r, std::int64_t c) { return data[std::size_t(r * cols + c)]; }
    float at(std::int64_t r, std::int64_t c) const { return data[std::size_t(r * cols + c)]; }
};

enum class Method { RTN, GPTQ, OWQ };

struct LinearQuantResult {
    // Fake-quantized W [rows, cols]: scale*(code-zero) for quantized columns; weak columns hold their full
    // precision values after GPTQ's error compensation flowed into them (as the OWQ reference stores them).
    Matrix dequantized;
    std::vector<std::int32_t> weakColumns; // input columns kept in full precision, ascending
    std::vector<float> hDiag;              // diag(H) as given (before dead-column and damping fixes)
    // Per column: H_jj * ||W[:,j] - Q(W)[:,j]||^2 where Q is per-channel RTN of the whole matrix with this
    // config (OWQ's selection score); H_jj alone when sensitivityFromHDiagOnly. Empty without H.
    std::vector<float> sensitivity;
    // tr((W - Q) H (W - Q)^T) with the caller's H: errorBefore for RTN of the non-weak columns (weak columns
    // exact), errorAfter for the result. Zero without H.
    double errorBefore = 0;
    double errorAfter = 0;
    // Quantization grid of every group: [rows, nGroups] row-major. nGroups is 1 per channel, else
    // ceil(quantized columns / groupSize) (staticGroups: ceil(cols / groupSize)).
    std::int64_t nGroups = 1;
    std::vector<float> scales;
    std::vector<float> zeros;
    std::vector<std::uint8_t> codes;      // [rows, cols] row-major in [0, 2^bits-1]; weak columns hold 0
    std::vector<std::int32_t> groupIndex; // per column: its group (g_idx); 0 for weak columns
    double seconds = 0;                   // wall time of quantizeLinear
    double solveSeconds = 0;              // of which the RTN / GPTQ solve (Cholesky included)
    double errorSeconds = 0; // of which errorBefore/errorAfter (one [rows,cols]x[cols,cols] GEMM each)
};

// Quantizes W with `method`. H (= 2/n X^T X over the calibration inputs X) is required for GPTQ and OWQ and
// optional for RTN (then used for the errors, the sensitivity and choosing weak columns).
// weakColumns: how many columns OWQ keeps in full precision (0: OWQ is exactly GPTQ). RTN may keep weak
// columns too when H is given; GPTQ requires 0.
// Throws Error(InvalidArgument) for impossible options, shape mismatches, NaN/Inf in W or H and a Hessian
// that is not positive definite after dampening; Error(Cancelled) when job's token is set.
LinearQuantResult quantizeLinear(const Matrix& W, const Matrix* H, Method method, const QuantizerConfig& qcfg,
                                 const GptqConfig& gcfg, int weakColumns,
                                 bool sensitivityFromHDiagOnly = false, const JobContext& job = {});

const char* methodName(Method method); // "rtn", "gptq", "owq"

// Accumulates a layer's input Hessian like the references' add_batch: with X [tokens, in] holding one batch
// of batchSamples calibration samples (sequences), H <- H * n/(n+m) + (2/(n+m)) X^T X and n <- n + m. After
// all batches H = (2/N) sum X^T X over the N samples (GPTQ's scale: per sample, not per token). An empty H
// (0x0) starts as zeros. Throws Error(InvalidArgument) on a shape mismatch.
void accumulateHessian(Matrix& H, std::int64_t& samples, const Matrix& X, std::int64_t batchSamples = 1);

} // namespace owq
