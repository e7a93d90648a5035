// The per-ISA entry points behind owq::kernels::gemmBf16 / gemmInt8Rows (each in the translation unit of
// its ISA, compiled with that ISA's flags).
#pragma once

#include <cstdint>

namespace owq::kernels::detail {

void gemmBf16Scalar(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                    std::int64_t m, float* y);
void gemmF32Scalar(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                   float* y);
void gemmF32Avx2(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                 float* y);
void gemmF32Avx512(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                   float* y);
void gemmInt8Scalar(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols,
                    const float* x, std::int64_t m, float* y);
void gemmBf16Avx2(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                  std::int64_t m, float* y);
void gemmInt8Avx2(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols, const float* x,
                  std::int64_t m, float* y);
void gemmBf16Avx512(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                    std::int64_t m, float* y);
void gemmInt8Avx512(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols,
                    const float* x, std::int64_t m, float* y);
// Integer activations (head_avx512_vnni.cpp): the path CpuIsa::Avx512Vnni names.
void gemmInt8Avx512Vnni(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols,
                        const float* x, std::int64_t m, float* y);

} // namespace owq::kernels::detail
