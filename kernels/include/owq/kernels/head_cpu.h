// CPU kernels for a language-model head kept in a cheaper form than float32 (docs/FORMAT.md, "The head"):
// bfloat16 weights, or int8 codes with one float32 scale per output row (symmetric); and the same product on
// float32 weights for a few rows. Decoding streams the whole head once per token, so these read 2 or 1 bytes
// per weight instead of 4 and widen to float32 in registers. Same ISA choice as the packed kernels
// (owq/kernels/packed_cpu.h).
#pragma once

#include "owq/kernels/packed_cpu.h"

#include <cstdint>

namespace owq::kernels {

// y [m, rows] = x [m, cols] W^T with W [rows, cols] row-major bfloat16 bits.
void gemmBf16(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
              float* y, CpuIsa isa = detectCpuIsa());
// y [m, rows] = x [m, cols] W^T with W [rows, cols] row-major float32: the float head, and float linears, at
// a few rows (decoding), where a BLAS GEMM repacks all of W on every call (OpenBLAS's sgemm does for m = 1:
// twice the bytes of the product itself) and wakes its own thread pool beside the kernels' threads.
void gemmF32(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m, float* y,
             CpuIsa isa = detectCpuIsa());
// y [m, rows] = x [m, cols] (scales[r] * Q[r, :])^T with Q [rows, cols] row-major int8. isa Avx512Vnni (the
// packed kernels' path that takes integer activations, detectPackedCpuIsa) rounds each token's activations to
// 15-bit integers first, at most 3.1e-5 of its largest |x| each (head_avx512_vnni.cpp); the others multiply
// by the activations as they are.
void gemmInt8Rows(const std::int8_t* Q, const float* scales, std::int64_t rows, std::int64_t cols,
                  const float* x, std::int64_t m, float* y, CpuIsa isa = detectCpuIsa());

// One dot product at a time in double, for tests.
void gemmBf16Reference(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                       std::int64_t m, float* y);
void gemmF32Reference(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                      float* y);
void gemmInt8RowsReference(const std::int8_t* Q, const float* scales, std::int64_t rows, std::int64_t cols,
                           const float* x, std::int64_t m, float* y);

// Symmetric per-row int8: scale = max|w| / 127 (0 for an all-zero row), code = round(w / scale) in
// [-127, 127]. W [rows, cols] float32 -> Q [rows, cols], scales [rows].
void quantizeInt8Rows(const float* W, std::int64_t rows, std::int64_t cols, std::int8_t* Q, float* scales);

} // namespace owq::kernels
