// See attention_cpu.h. Compiled with -O3 -fopenmp-simd; the row loops are vectorised in target clones.
#include "model/attention_cpu.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace owq::detail {

namespace {

// e^x for x <= 0 (scores minus their maximum), within ~2 float32 ulps; 0 below e^-87.
inline float expNonPositive(float x) {
    x = std::max(x, -87.0f);
    const float k = std::nearbyint(x * 1.44269504f); // x = k ln2 + f, |f| <= ln2 / 2
    const float f = x - k * 0.693145752f - k * 1.42860677e-6f;
    const float p =
        1.0f +
        f * (1.0f +
             f * (0.5f + f * (1.0f / 6 +
                              f * (1.0f / 24 + f * (1.0f / 120 + f * (1.0f / 720 + f * (1.0f / 5040)))))));
    std::uint32_t bits = std::uint32_t(int(k) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, 4);
    return p * scale;
}

// s[j] = scale * sum_d q[d] kt[d][j] for j < n: one axpy per dimension over keys laid out [hd, S].
__attribute__((target_clones("avx512f", "avx2", "default"))) void scores(const float* q, const float* kt,
                                                                         std::int64_t S, std::int64_t n,
                                                                         std::int64_t hd, float scale,
                                                                         float* s) {
#pragma omp simd
    for (std::int64_t j = 0; j < n; ++j) s[j] = 0.0f;
    for (std::int64_t d = 0; d < hd; ++d) {
        const float qd = q[d] * scale;
        const float* row = kt + d * S;
#pragma omp simd
        for (std::int64_t j = 0; j < n; ++j) s[j] += qd * row[j];
    }
}

__attribute__((target_clones("avx512f", "avx2", "default"))) float exponentiate(float* s, std::int64_t n,
                                                                                float max) {
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (std::int64_t j = 0; j < n; ++j) {
        s[j] = expNonPositive(s[j] - max);
        sum += s[j];
    }
    return sum;
}

// out[d] = norm * sum_j p[j] vt[d][j], values laid out [hd, S].
__attribute__((target_clones("avx512f", "avx2", "default"))) void
weightedValues(const float* p, const float* vt, std::int64_t S, std::int64_t n, std::int64_t hd, float norm,
               float* out) {
    for (std::int64_t d = 0; d < hd; ++d) {
        const float* row = vt + d * S;
        float acc = 0.0f;
#pragma omp simd reduction(+ : acc)
        for (std::int64_t j = 0; j < n; ++j) acc += p[j] * row[j];
        out[d] = acc * norm;
    }
}

// The same two steps over keys and values in their own [S, hd] rows, for few query rows (decoding): no
// transpose of the whole cache per token.
__attribute__((target_clones("avx512f", "avx2", "default"))) void scoresByRow(const float* q, const float* k,
                                                                              std::int64_t stride,
                                                                              std::int64_t n, std::int64_t hd,
                                                                              float scale, float* s) {
    for (std::int64_t j = 0; j < n; ++j) {
        const float* kj = k + j * stride;
        float dot = 0.0f;
#pragma omp simd reduction(+ : dot)
        for (std::int64_t d = 0; d < hd; ++d) dot += q[d] * kj[d];
        s[j] = dot * scale;
    }
}

__attribute__((target_clones("avx512f", "avx2", "default"))) void
weightedValuesByRow(const float* p, const float* v, std::int64_t stride, std::int64_t n, std::int64_t hd,
                    float norm, float* out) {
    for (std::int64_t d = 0; d < hd; ++d) out[d] = 0.0f;
    for (std::int64_t j = 0; j < n; ++j) {
        const float w = p[j];
        const float* vj = v + j * stride;
#pragma omp simd
        for (std::int64_t d = 0; d < hd; ++d) out[d] += w * vj[d];
    }
#pragma omp simd
    for (std::int64_t d = 0; d < hd; ++d) out[d] *= norm;
}

// Query rows per head from which transposing its keys and values pays for itself.
constexpr std::int64_t kTransposeRows = 8;

} // namespace

at::Tensor causalAttentionCpu(const at::Tensor& qIn, const at::Tensor& kIn, const at::Tensor& vIn,
                              float scale, float cap, std::int64_t window) {
    const at::Tensor q = qIn.stride(3) == 1 ? qIn : qIn.contiguous();
    const at::Tensor k = kIn.stride(3) == 1 ? kIn : kIn.contiguous();
    const at::Tensor v = vIn.stride(3) == 1 ? vIn : vIn.contiguous();
    const std::int64_t B = q.size(0), H = q.size(1), T = q.size(2), hd = q.size(3);
    const std::int64_t KV = k.size(1), S = k.size(2), group = H / KV;
    at::Tensor out = at::empty({B, H, T, hd}, q.options().memory_format(at::MemoryFormat::Contiguous));
    const float* qp = q.data_ptr<float>();
    const float* kp = k.data_ptr<float>();
    const float* vp = v.data_ptr<float>();
    float* op = out.data_ptr<float>();
    // One task per (batch, head). With many query rows its keys and values are transposed to [hd, S] once,
    // so each row's scores and weighted sums run along contiguous keys; a few rows read them as they are.
    const bool transpose = T >= kTransposeRows;
    at::parallel_for(0, B * H, 1, [&](std::int64_t t0, std::int64_t t1) {
        std::vector<float> s(static_cast<std::size_t>(S));
        std::vector<float> kt(transpose ? static_cast<std::size_t>(S * hd) : 0), vt(kt.size());
        for (std::int64_t task = t0; task < t1; ++task) {
            const std::int64_t b = task / H, h = task % H;
            const float* kh = kp + b * k.stride(0) + (h / group) * k.stride(1);
            const float* vh = vp + b * v.stride(0) + (h / group) * v.stride(1);
            if (transpose)
                for (std::int64_t j = 0; j < S; ++j)
                    for (std::int64_t d = 0; d < hd; ++d) {
                        kt[std::size_t(d * S + j)] = kh[j * k.stride(2) + d];
                        vt[std::size_t(d * S + j)] = vh[j * v.stride(2) + d];
                    }
            for (std::int64_t t = 0; t < T; ++t) {
                const std::int64_t p = S - T + t;
                const std::int64_t lo = window > 0 ? std::max<std::int64_t>(0, p - window + 1) : 0;
                const std::int64_t n = p - lo + 1;
                const float* qr = qp + b * q.stride(0) + h * q.stride(1) + t * q.stride(2);
                float* o = op + ((b * H + h) * T + t) * hd;
                if (transpose)
                    scores(qr, kt.data() + lo, S, n, hd, scale, s.data());
                else
                    scoresByRow(qr, kh + lo * k.stride(2), k.stride(2), n, hd, scale, s.data());
                if (cap > 0)
                    for (std::int64_t j = 0; j < n; ++j) s[j] = std::tanh(s[j] / cap) * cap;
                const float max = *std::max_element(s.begin(), s.begin() + n);
                const float norm = 1.0f / exponentiate(s.data(), n, max);
                if (transpose)
                    weightedValues(s.data(), vt.data() + lo, S, n, hd, norm, o);
                else
                    weightedValuesByRow(s.data(), vh + lo * v.stride(2), v.stride(2), n, hd, norm, o);
            }
        }
    });
    return out;
}

} // namespace owq::detail
