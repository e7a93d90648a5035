// See rope_cpu.h. Compiled with -O3 -ffp-contract=off (core/CMakeLists.txt): a fused multiply-add would round
// once where the tensor expression rounds the product and the sum separately.
#include "model/rope_cpu.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

namespace owq::detail {

namespace {

// out[d] = x[d] cos[d] + r[d] sin[d], r = (-x[half..hd), x[0..half)): rotate_half, as the tensor path.
__attribute__((target_clones("avx512f", "avx2", "default"))) void
rotateRow(const float* __restrict x, const float* __restrict c, const float* __restrict s, std::int64_t hd,
          float* __restrict out) {
    const std::int64_t half = hd / 2;
#pragma omp simd
    for (std::int64_t d = 0; d < half; ++d) out[d] = x[d] * c[d] + (-x[d + half]) * s[d];
#pragma omp simd
    for (std::int64_t d = half; d < hd; ++d) out[d] = x[d] * c[d] + x[d - half] * s[d];
}

} // namespace

void rotateHeadsCpu(float* x, std::int64_t heads, std::int64_t hd, const float* cos, const float* sin) {
    // rotateRow reads x while it writes out: each head goes through a copy.
    float small[512];
    std::vector<float> large(hd > 512 ? std::size_t(hd) : 0);
    float* row = hd > 512 ? large.data() : small;
    for (std::int64_t h = 0; h < heads; ++h) {
        float* xh = x + h * hd;
        std::copy(xh, xh + hd, row);
        rotateRow(row, cos, sin, hd, xh);
    }
}

at::Tensor rotateCpu(const at::Tensor& xIn, const at::Tensor& cos, const at::Tensor& sin) {
    const at::Tensor x = xIn.stride(3) == 1 ? xIn : xIn.contiguous();
    const std::int64_t B = x.size(0), H = x.size(1), T = x.size(2), hd = x.size(3);
    TORCH_CHECK(cos.is_contiguous() && sin.is_contiguous() && cos.size(0) == T && cos.size(1) == hd,
                "rotateCpu: cos/sin must be contiguous [T, hd]");
    at::Tensor out = at::empty({B, T, H, hd}, x.options().memory_format(at::MemoryFormat::Contiguous));
    const float* xp = x.data_ptr<float>();
    const float* cp = cos.data_ptr<float>();
    const float* sp = sin.data_ptr<float>();
    float* op = out.data_ptr<float>();
    const std::int64_t s0 = x.stride(0), s1 = x.stride(1), s2 = x.stride(2);
    at::parallel_for(0, B * T, 64, [&](std::int64_t r0, std::int64_t r1) {
        for (std::int64_t r = r0; r < r1; ++r) {
            const std::int64_t b = r / T, t = r % T;
            for (std::int64_t h = 0; h < H; ++h)
                rotateRow(xp + b * s0 + h * s1 + t * s2, cp + t * hd, sp + t * hd, hd, op + (r * H + h) * hd);
        }
    });
    return out.transpose(1, 2);
}

} // namespace owq::detail
