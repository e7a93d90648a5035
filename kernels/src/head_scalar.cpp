// Portable path of the cheaper head's products: plain loops, threaded over output rows; also the run-time
// choice between it and the vector paths.
#include "head_paths.h"
#include "owq/kernels/half.h"
#include "owq/kernels/head_cpu.h"

namespace owq::kernels {

namespace detail {

namespace {
inline float value(std::uint16_t v) {
    return bf16ToFloat(v);
}
inline float value(float v) {
    return v;
}
inline float value(std::int8_t v) {
    return float(v);
}

// y[i, r] = (scales ? scales[r] : 1) * sum_c value(W[r, c]) x[i, c], as the vector paths' gemmRows.
template <typename T>
void gemmRows(const T* W, const float* scales, std::int64_t rows, std::int64_t cols, const float* x,
              std::int64_t m, float* y) {
#pragma omp parallel for schedule(static) num_threads(cpuThreads())
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t i = 0; i < m; ++i) {
            float dot = 0;
            for (std::int64_t c = 0; c < cols; ++c) dot += value(W[r * cols + c]) * x[i * cols + c];
            y[i * rows + r] = scales ? scales[r] * dot : dot;
        }
}
} // namespace

void gemmBf16Scalar(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                    std::int64_t m, float* y) {
    gemmRows(W, nullptr, rows, cols, x, m, y);
}

void gemmF32Scalar(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                   float* y) {
    gemmRows(W, nullptr, rows, cols, x, m, y);
}

void gemmInt8Scalar(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols,
                    const float* x, std::int64_t m, float* y) {
    gemmRows(Q, s, rows, cols, x, m, y);
}

} // namespace detail

// Any AVX-512 variant takes the AVX-512 path, an AVX2 CPU the AVX2 one.
void gemmBf16(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
              float* y, CpuIsa isa) {
#if defined(OWQ_KERNELS_AVX512)
    if (isa != CpuIsa::Scalar && isa != CpuIsa::Avx2) return detail::gemmBf16Avx512(W, rows, cols, x, m, y);
#endif
#if defined(OWQ_KERNELS_AVX2)
    if (isa != CpuIsa::Scalar) return detail::gemmBf16Avx2(W, rows, cols, x, m, y);
#endif
    detail::gemmBf16Scalar(W, rows, cols, x, m, y);
}

void gemmF32(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m, float* y,
             CpuIsa isa) {
#if defined(OWQ_KERNELS_AVX512)
    if (isa != CpuIsa::Scalar && isa != CpuIsa::Avx2) return detail::gemmF32Avx512(W, rows, cols, x, m, y);
#endif
#if defined(OWQ_KERNELS_AVX2)
    if (isa != CpuIsa::Scalar) return detail::gemmF32Avx2(W, rows, cols, x, m, y);
#endif
    detail::gemmF32Scalar(W, rows, cols, x, m, y);
}

void gemmInt8Rows(const std::int8_t* Q, const float* scales, std::int64_t rows, std::int64_t cols,
                  const float* x, std::int64_t m, float* y, CpuIsa isa) {
#if defined(OWQ_KERNELS_AVX512_VNNI)
    if (isa == CpuIsa::Avx512Vnni) return detail::gemmInt8Avx512Vnni(Q, scales, rows, cols, x, m, y);
#endif
#if defined(OWQ_KERNELS_AVX512)
    if (isa != CpuIsa::Scalar && isa != CpuIsa::Avx2)
        return detail::gemmInt8Avx512(Q, scales, rows, cols, x, m, y);
#endif
#if defined(OWQ_KERNELS_AVX2)
    if (isa != CpuIsa::Scalar) return detail::gemmInt8Avx2(Q, scales, rows, cols, x, m, y);
#endif
    detail::gemmInt8Scalar(Q, scales, rows, cols, x, m, y);
}

} // namespace owq::kernels
