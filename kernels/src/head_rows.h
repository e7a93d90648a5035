// The row driver the vector head paths share (head_avx2.cpp, head_avx512.cpp): output rows four at a time
// through the path's `fourRows`, the last rows % 4 one at a time through its `dot`, each scaled by its
// row's scale when the weights are int8. Internal linkage, as packed_common.h: each path's translation unit
// is compiled with its own ISA flags.
#pragma once

#include "owq/kernels/packed_cpu.h"

#include <cstdint>

namespace owq::kernels::detail {
namespace {

// The prefetches of one loop step that covers `bytes` bytes from byte `at` of a row: one per 64-byte line
// starting in [at, at + bytes), at the same place `ahead` bytes further on.
inline void prefetchLinesAhead(const void* row, std::int64_t at, std::int64_t bytes, std::int64_t ahead) {
    const char* p = static_cast<const char*>(row) + ahead;
    for (std::int64_t b = (at + 63) / 64 * 64; b < at + bytes; b += 64)
        __builtin_prefetch(p + b, 0, 2); // into L2, as _MM_HINT_T1
}

// y [m, rows] = x [m, cols] (scales[r] * W[r, :])^T (no scales: W itself). fourRows(W4, cols, x, out[4]):
// four adjacent rows' dot products with x; dot(w, x, cols): one row's.
template <typename T, typename FourRows, typename Dot>
void headRows(const T* W, const float* scales, std::int64_t rows, std::int64_t cols, const float* x,
              std::int64_t m, float* y, FourRows fourRows, Dot dot) {
    const std::int64_t quads = rows / 4;
#pragma omp parallel for schedule(static) num_threads(cpuThreads())
    for (std::int64_t q = 0; q < quads; ++q)
        for (std::int64_t i = 0; i < m; ++i) {
            float d[4];
            fourRows(W + 4 * q * cols, cols, x + i * cols, d);
            for (int k = 0; k < 4; ++k) {
                const std::int64_t r = 4 * q + k;
                y[i * rows + r] = scales ? scales[r] * d[k] : d[k];
            }
        }
    for (std::int64_t r = 4 * quads; r < rows; ++r) // the last rows % 4
        for (std::int64_t i = 0; i < m; ++i) {
            const float d = dot(W + r * cols, x + i * cols, cols);
            y[i * rows + r] = scales ? scales[r] * d : d;
        }
}

} // namespace
} // namespace owq::kernels::detail
