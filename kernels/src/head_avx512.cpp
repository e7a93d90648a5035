// AVX-512 path of the cheaper head's products: 16 weights a load, widened in registers (bfloat16: zero-extend
// and shift left 16, which is exactly its float32; int8: sign-extend and convert), two FMA chains per row.
// The head is streamed once per token, so the point is reading 2 or 1 bytes per weight; the arithmetic
// stays float32 (vdpbf16ps would round the activations to bfloat16 as well).
#include "head_paths.h"
#include "owq/kernels/half.h"
#include "owq/kernels/head_cpu.h"

#include <immintrin.h>

namespace owq::kernels::detail {
namespace {

inline __m512 widen(const std::uint16_t* p) {
    const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}
inline __m512 widen(const std::int8_t* p) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(b));
}
inline __m512 widen(const float* p) {
    return _mm512_loadu_ps(p);
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

template <typename T> float dot(const T* w, const float* x, std::int64_t n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    std::int64_t c = 0;
    for (; c + 32 <= n; c += 32) {
        a0 = _mm512_fmadd_ps(widen(w + c), _mm512_loadu_ps(x + c), a0);
        a1 = _mm512_fmadd_ps(widen(w + c + 16), _mm512_loadu_ps(x + c + 16), a1);
    }
    for (; c + 16 <= n; c += 16) a0 = _mm512_fmadd_ps(widen(w + c), _mm512_loadu_ps(x + c), a0);
    float s = _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
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

void gemmBf16Avx512(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                    std::int64_t m, float* y) {
    gemmRows(W, nullptr, rows, cols, x, m, y);
}

void gemmF32Avx512(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                   float* y) {
    gemmRows(W, nullptr, rows, cols, x, m, y);
}

void gemmInt8Avx512(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols,
                    const float* x, std::int64_t m, float* y) {
    gemmRows(Q, s, rows, cols, x, m, y);
}

} // namespace owq::kernels::detail
