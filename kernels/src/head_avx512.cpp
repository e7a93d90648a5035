// AVX-512 path of the cheaper head's products: 16 weights a load, widened in registers (bfloat16: zero-extend
// and shift left 16, which is exactly its float32; int8: sign-extend and convert), four rows at a time.
// The head is streamed once per token, so the point is reading 2 or 1 bytes per weight; the arithmetic
// stays float32 (vdpbf16ps would round the activations to bfloat16 as well).
#include "head_paths.h"
#include "head_rows.h"
#include "owq/kernels/half.h"
#include "owq/kernels/head_cpu.h"

#include "avx512_intrinsics.h"

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

// Four rows at a time: each activation vector loaded serves four rows, and their eight FMA chains are
// independent (one row's two chains kept the loop at the FMA latency: 14.6 GB/s for the int8 head of a 1.1B
// decode step, against ~19 for the packed products beside it). Each step prefetches the same columns of the
// next four rows into L2: the hardware prefetchers alone fall behind four concurrent streams per thread.
template <typename T> void fourRows(const T* W, std::int64_t cols, const float* x, float (&out)[4]) {
    constexpr int R = 4;
    __m512 a[R][2];
    for (int r = 0; r < R; ++r) a[r][0] = a[r][1] = _mm512_setzero_ps();
    std::int64_t c = 0;
    for (; c + 32 <= cols; c += 32) {
        const __m512 x0 = _mm512_loadu_ps(x + c), x1 = _mm512_loadu_ps(x + c + 16);
        for (int r = 0; r < R; ++r) {
            const T* w = W + r * cols + c;
            prefetchLinesAhead(W + r * cols, c * std::int64_t(sizeof(T)), 32 * std::int64_t(sizeof(T)),
                               R * cols * std::int64_t(sizeof(T)));
            a[r][0] = _mm512_fmadd_ps(widen(w), x0, a[r][0]);
            a[r][1] = _mm512_fmadd_ps(widen(w + 16), x1, a[r][1]);
        }
    }
    for (; c + 16 <= cols; c += 16)
        for (int r = 0; r < R; ++r)
            a[r][0] = _mm512_fmadd_ps(widen(W + r * cols + c), _mm512_loadu_ps(x + c), a[r][0]);
    for (int r = 0; r < R; ++r) {
        float s = _mm512_reduce_add_ps(_mm512_add_ps(a[r][0], a[r][1]));
        for (std::int64_t k = c; k < cols; ++k) s += widen1(W[r * cols + k]) * x[k];
        out[r] = s;
    }
}

template <typename T>
void gemmRows(const T* W, const float* scales, std::int64_t rows, std::int64_t cols, const float* x,
              std::int64_t m, float* y) {
    headRows(W, scales, rows, cols, x, m, y, fourRows<T>, dot<T>);
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
