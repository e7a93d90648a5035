// See norm_cpu.h. Compiled with -O3 -fopenmp-simd (core/CMakeLists.txt); the row loops are vectorised in
// target clones.
#include "model/norm_cpu.h"

#include <ATen/Parallel.h>

#include <cmath>

namespace owq::detail {

namespace {

// out = (x * r) * w with r = 1 / sqrt(mean(x^2) + eps): the tensor expression's two products, in its order.
__attribute__((target_clones("avx512f", "avx2", "default"))) void normRow(const float* __restrict x,
                                                                          const float* __restrict w,
                                                                          std::int64_t D, float eps,
                                                                          float* __restrict out) {
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (std::int64_t d = 0; d < D; ++d) sum += x[d] * x[d];
    const float r = 1.0f / std::sqrt(sum / float(D) + eps);
#pragma omp simd
    for (std::int64_t d = 0; d < D; ++d) out[d] = (x[d] * r) * w[d];
}

} // namespace

void rmsNormRowCpu(const float* x, const float* w, std::int64_t D, float eps, float* out) {
    normRow(x, w, D, eps, out);
}

at::Tensor rmsNormCpu(const at::Tensor& x, const at::Tensor& weight, float eps, bool plusOne) {
    TORCH_CHECK(x.is_contiguous() && x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat &&
                    weight.numel() == x.size(-1),
                "rmsNormCpu: contiguous float32 x [..., D] and weight [D]");
    const at::Tensor w = (plusOne ? weight + 1.0 : weight).contiguous();
    const std::int64_t D = x.size(-1), rows = D > 0 ? x.numel() / D : 0;
    at::Tensor out = at::empty_like(x, at::MemoryFormat::Contiguous);
    const float* xp = x.data_ptr<float>();
    const float* wp = w.data_ptr<float>();
    float* op = out.data_ptr<float>();
    // A decode step's one row runs inline; prefill's and evaluation's many rows are split between threads.
    at::parallel_for(0, rows, std::max<std::int64_t>(1, 16384 / std::max<std::int64_t>(D, 1)),
                     [&](std::int64_t r0, std::int64_t r1) {
                         for (std::int64_t r = r0; r < r1; ++r) normRow(xp + r * D, wp, D, eps, op + r * D);
                     });
    return out;
}

} // namespace owq::detail
