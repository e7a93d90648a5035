// The cheaper head's reference products (one dot product at a time, in double) and its int8 quantizer.
#include "owq/kernels/half.h"
#include "owq/kernels/head_cpu.h"

#include <cmath>

namespace owq::kernels {

void gemmBf16Reference(const std::uint16_t* W, std::int64_t rows, std::int64_t cols, const float* x,
                       std::int64_t m, float* y) {
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t r = 0; r < rows; ++r) {
            double dot = 0;
            for (std::int64_t c = 0; c < cols; ++c)
                dot += double(bf16ToFloat(W[r * cols + c])) * x[i * cols + c];
            y[i * rows + r] = float(dot);
        }
}

void gemmF32Reference(const float* W, std::int64_t rows, std::int64_t cols, const float* x, std::int64_t m,
                      float* y) {
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t r = 0; r < rows; ++r) {
            double dot = 0;
            for (std::int64_t c = 0; c < cols; ++c) dot += double(W[r * cols + c]) * x[i * cols + c];
            y[i * rows + r] = float(dot);
        }
}

void gemmInt8RowsReference(const std::int8_t* Q, const float* scales, std::int64_t rows, std::int64_t cols,
                           const float* x, std::int64_t m, float* y) {
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t r = 0; r < rows; ++r) {
            double dot = 0;
            for (std::int64_t c = 0; c < cols; ++c) dot += double(Q[r * cols + c]) * x[i * cols + c];
            y[i * rows + r] = float(dot * scales[r]);
        }
}

void quantizeInt8Rows(const float* W, std::int64_t rows, std::int64_t cols, std::int8_t* Q, float* scales) {
    for (std::int64_t r = 0; r < rows; ++r) {
        const float* w = W + r * cols;
        float amax = 0;
        for (std::int64_t c = 0; c < cols; ++c) amax = std::fmax(amax, std::fabs(w[c]));
        const float s = amax / 127.0f;
        scales[r] = s;
        for (std::int64_t c = 0; c < cols; ++c) {
            const float q = s > 0 ? std::nearbyint(w[c] / s) : 0.0f;
            Q[r * cols + c] = std::int8_t(std::fmax(-127.0f, std::fmin(127.0f, q)));
        }
    }
}

} // namespace owq::kernels
