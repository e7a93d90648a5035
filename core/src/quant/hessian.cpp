// The calibration Hessian H = 2/N sum X^T X, accumulated a batch at a time (quantize_impl.h).
//
// X^T X is symmetric, so on the CPU only its upper triangle is computed, by the BLAS's SYRK (half the
// multiply-adds of the GEMM), and mirrored into the lower one after each batch, or once at the end when the
// caller asks (the pipeline: mirroring an 11008-wide H is a fifth of a 2048-token batch's SYRK). Found at
// run time in the process's BLAS (the one LibTorch uses, OpenBLAS on Debian); without one, or on a GPU, a
// full GEMM.
#include "quant/quantize_impl.h"

#include "owq/error.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <dlfcn.h>
#include <string>

namespace owq::detail {

namespace {

// cblas_ssyrk(order, uplo, trans, n, k, alpha, A, lda, beta, C, ldc): C = alpha A^T A + beta C (trans).
using Ssyrk = void (*)(int, int, int, int, int, float, const float*, int, float, float*, int);
constexpr int kRowMajor = 101, kUpper = 121, kTrans = 112;

Ssyrk blasSsyrk() {
    static const Ssyrk f = reinterpret_cast<Ssyrk>(dlsym(RTLD_DEFAULT, "cblas_ssyrk"));
    return f;
}

// Whether H is accumulated by SYRK (upper triangle only): a float32 CPU matrix and a BLAS that has it.
bool usesSyrk(const at::Tensor& H) {
    return blasSsyrk() && H.device().is_cpu() && H.scalar_type() == at::kFloat && H.is_contiguous() &&
           H.size(0) <= INT_MAX;
}

// H's lower triangle from its upper one, in tiles so both sides stay in cache.
void mirrorUpper(float* h, std::int64_t n) {
    constexpr std::int64_t tile = 64;
    for (std::int64_t i0 = 0; i0 < n; i0 += tile)
        for (std::int64_t j0 = i0; j0 < n; j0 += tile)
            for (std::int64_t i = i0; i < std::min(n, i0 + tile); ++i)
                for (std::int64_t j = std::max(j0, i + 1); j < std::min(n, j0 + tile); ++j)
                    h[j * n + i] = h[i * n + j];
}

} // namespace

void accumulateHessian(at::Tensor& H, std::int64_t& samples, const at::Tensor& X, std::int64_t batchSamples,
                       bool upperOnly) {
    const std::int64_t in = H.size(0);
    if (X.dim() < 1 || X.size(-1) != in || batchSamples < 1)
        throw Error(ErrorKind::InvalidArgument,
                    "accumulateHessian: inputs of width " + std::to_string(X.dim() ? X.size(-1) : 0) +
                        " for a " + std::to_string(in) + "x" + std::to_string(in) + " Hessian");
    const double keep = double(samples) / double(samples + batchSamples);
    samples += batchSamples;
    const double add = 2.0 / double(samples);
    const at::Tensor x = X.reshape({-1, in}).to(H.scalar_type()).contiguous();
    const Ssyrk ssyrk = blasSsyrk();
    if (usesSyrk(H)) {
        float* h = H.data_ptr<float>();
        // H <- keep * H + add * X^T X on the upper triangle, in row chunks the BLAS's int can count.
        float beta = float(keep);
        for (std::int64_t r0 = 0, rows = x.size(0); r0 < rows; r0 += INT_MAX) {
            const std::int64_t k = std::min<std::int64_t>(INT_MAX, rows - r0);
            ssyrk(kRowMajor, kUpper, kTrans, int(in), int(k), float(add), x.data_ptr<float>() + r0 * in,
                  int(in), beta, h, int(in));
            beta = 1.0f;
        }
        if (!upperOnly) mirrorUpper(h, in);
        return;
    }
    H.mul_(keep);
    const at::Tensor xs = x.mul(std::sqrt(add));
    H.addmm_(xs.t(), xs);
}

void symmetrizeHessian(at::Tensor& H) {
    if (usesSyrk(H)) mirrorUpper(H.data_ptr<float>(), H.size(0)); // else the GEMM kept all of H
}

} // namespace owq::detail
