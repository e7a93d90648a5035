// AVX2 path of the cheaper head's products: 8 weights a load, widened in registers (bfloat16: zero-extend and
// shift left 16, which is exactly its float32; int8: sign-extend and convert), two FMA chains per row.
#include "head_paths.h"
#include "owq/kernels/half.h"
#include "owq/kernels/head_cpu.h"

#include <immintrin.h>

namespace owq::kernels::detail {
namespace {

inline __m256 widen(const std::uint16_t* p) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
inline __m256 widen(const std::int8_t* p) {
    const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(b));
}
inline __m256 widen(const float* p) {
    return _mm256_loadu_ps(p);
}
inline float widen1(float v) {
    return v;
}
inline float widen1(std::uint16_t v) {
    return bf16ToFloat(v);
}
inline float widen1(std::int8_t v) {
    return float(v);
}

inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

template <typename T> float dot(const T* w, const float* x, std::int64_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    std::int64_t c = 0;
    for (; c + 16 <= n; c += 16) {
        a0 = _mm256_fmadd_ps(widen(w + c), _mm256_loadu_ps(x + c), a0);
        a1 = _mm256_fmadd_ps(widen(w + c + 8), _mm256_loadu_ps(x + c + 8), a1);
    }
    for (; c + 8 <= n; c += 8) a0 = _mm256_fmadd_ps(widen(w + c), _mm256_loadu_ps(x + c), a0);
    float s = hsum(_mm256_add_ps(a0, a1));
    for (; c < n; ++c) s += widen1(w[c]) * x[c];
    return s;
}

template <typename T>
void gemmRows(const T* W, const float* scales, std::int64_t rows, std::int64_t cols, const float* x,
              std::int64_t m, float* y) {
#pragma omp parallel for schedule(static) num_threads(cpuThreads())
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t i = 0; i < m; ++i) {
            const float d = dot(W + r * cols, x + i * cols, cols);
            y[i * rows + r] = scales ? scales[r] * d : d;
        }
}

} // namespace

void gemmBf16Avx2(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                  std::int64_t m, float* y) {
    gemmRows(W, nullptr, rows, cols, x, m, y);
}

void gemmF32Avx2(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                 float* y) {
    gemmRows(W, nullptr, rows, cols, x, m, y);
}

void gemmInt8Avx2(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols, const float* x,
                  std::int64_t m, float* y) {
    gemmRows(Q, s, rows, cols, x, m, y);
}

} // namespace owq::kernels::detail
