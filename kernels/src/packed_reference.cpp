// The scalar reference of the packed kernels: the layout read literally, one weight at a time. Tests
// compare every other path against it.
#include "owq/kernels/packed_cpu.h"

#include <cstring>
#include <vector>

namespace owq::kernels {

void packCodes(const std::uint8_t* codes, std::int64_t rows, std::int64_t dense, int bits, std::uint8_t* out) {
    const std::int64_t rowBytes = packedRowBytes(dense, bits);
    std::memset(out, 0, std::size_t(rows * rowBytes));
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t j = 0; j < dense; ++j)
            setPackedCode(out + r * rowBytes, j, bits, codes[r * dense + j]);
}

void dequantizeReference(const PackedLinearView& v, float* W) {
    for (std::int64_t r = 0; r < v.rows; ++r) {
        float* w = W + r * v.cols;
        const std::uint8_t* row = v.qweight + r * v.rowBytes;
        for (std::int64_t j = 0; j < v.dense; ++j) {
            const std::int64_t g = r * v.nGroups + v.groupOf(j);
            w[v.perm ? v.perm[j] : j] = dequantCode(packedCode(row, j, v.bits), v.scales[g], v.zeros[g]);
        }
        for (std::int64_t k = 0; k < v.weak; ++k) w[v.weakIdx[k]] = f16ToFloat(v.weakWeight[r * v.weak + k]);
    }
}

void gemmReference(const PackedLinearView& v, const float* x, std::int64_t m, float* y) {
    std::vector<float> W(std::size_t(v.rows * v.cols));
    dequantizeReference(v, W.data());
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t r = 0; r < v.rows; ++r) {
            double acc = v.bias ? v.bias[r] : 0.0;
            for (std::int64_t c = 0; c < v.cols; ++c) acc += double(W[r * v.cols + c]) * x[i * v.cols + c];
            y[i * v.rows + r] = float(acc);
        }
}

} // namespace owq::kernels
