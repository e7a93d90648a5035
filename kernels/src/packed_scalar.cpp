// Portable path: plain C++ with the group-sum formulation, threaded over rows. The fallback on CPUs
// without AVX2 and the baseline the vector paths are measured against.
#include "owq/kernels/packed_cpu.h"
#include "packed_common.h"
#include "packed_paths.h"

#include <algorithm>

namespace owq::kernels::detail {

void dequantizeScalar(const PackedLinearView& v, float* W) {
#pragma omp parallel for schedule(static) num_threads(cpuThreads())
    for (std::int64_t r = 0; r < v.rows; ++r) {
        float* w = W + r * v.cols;
        const std::uint8_t* row = v.qweight + r * v.rowBytes;
        for (std::int64_t g = 0; g < v.nGroups; ++g) {
            const float s = f16ToFloat(v.scales[r * v.nGroups + g]);
            const float z = float(v.zeros[r * v.nGroups + g]);
            const std::int64_t j0 = g * v.groupSize, j1 = groupEnd(v, g);
            for (std::int64_t j = j0; j < j1; ++j)
                w[v.perm ? v.perm[j] : j] = s * (float(packedCode(row, j, v.bits)) - z);
        }
        for (std::int64_t k = 0; k < v.weak; ++k) w[v.weakIdx[k]] = f16ToFloat(v.weakWeight[r * v.weak + k]);
    }
}

void gemmScalar(const PackedLinearView& v, const float* x, std::int64_t m, float* y) {
    const GemmInputs& in = gatherInputs(v, x, m);
    const unsigned mask = (1u << v.bits) - 1u;
#pragma omp parallel for schedule(static) num_threads(cpuThreads())
    for (std::int64_t r = 0; r < v.rows; ++r) {
        const std::uint8_t* row = v.qweight + r * v.rowBytes;
        for (std::int64_t i = 0; i < m; ++i) y[i * v.rows + r] = 0.0f;
        for (std::int64_t g = 0; g < v.nGroups; ++g) {
            const float s = f16ToFloat(v.scales[r * v.nGroups + g]);
            const float z = float(v.zeros[r * v.nGroups + g]);
            const std::int64_t j0 = g * v.groupSize, j1 = groupEnd(v, g);
            for (std::int64_t i = 0; i < m; ++i) {
                const float* xp = in.xp + i * in.paddedDense;
                float dot = 0.0f;
                std::int64_t j = j0;
                // Whole runs of eight codes: one little-endian load of `bits` bytes each.
                for (; j < j1 && (j & 7); ++j) dot += float(packedCode(row, j, v.bits)) * xp[j];
                for (; j + 8 <= j1; j += 8) {
                    const std::uint8_t* run = row + (j >> 3) * v.bits;
                    std::uint32_t word = 0;
                    for (int b = 0; b < v.bits; ++b) word |= std::uint32_t(run[b]) << (8 * b);
                    for (int t = 0; t < 8; ++t) dot += float((word >> (t * v.bits)) & mask) * xp[j + t];
                }
                for (; j < j1; ++j) dot += float(packedCode(row, j, v.bits)) * xp[j];
                y[i * v.rows + r] += s * (dot - z * in.gs[i * v.nGroups + g]);
            }
        }
        addWeakAndBias(v, in, m, r, y);
    }
}

} // namespace owq::kernels::detail
