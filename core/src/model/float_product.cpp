// See float_product.h.
#include "model/float_product.h"
#include "model/linear.h"

#include "owq/kernels/head_cpu.h"

#include <vector>

namespace owq::detail {

namespace {
// Up to this many rows the streaming kernel wins: it reads W once and does rows x cols multiply-adds per
// input row, where OpenBLAS first copies all of W into its panel layout (measured on the 1.1B model's
// 32000 x 2048 head: that copy was a quarter of a decode step).
constexpr std::int64_t kStreamedRows = 4;
} // namespace

at::Tensor timesTransposed(const at::Tensor& x, const at::Tensor& W, const at::Tensor& bias) {
    const std::int64_t cols = W.size(1), m = cols > 0 ? x.numel() / cols : 0;
    if (m < 1 || m > kStreamedRows || !x.is_cpu() || !W.is_cpu() || x.scalar_type() != at::kFloat ||
        W.scalar_type() != at::kFloat || !W.is_contiguous() || x.size(-1) != cols)
        return bias.defined() ? at::linear(x, W, bias) : at::matmul(x, W.t());
    const at::Tensor xc = x.contiguous();
    std::vector<std::int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape.back() = W.size(0);
    at::Tensor y = at::empty(shape, x.options());
    kernels::gemmF32(W.data_ptr<float>(), W.size(0), cols, xc.data_ptr<float>(), m, y.data_ptr<float>());
    return bias.defined() ? y.add_(bias) : y;
}

void DenseLinear::forwardRow(const float* x, float* y) const {
    // timesTransposed's one-row case without its tensors.
    if (!weight.is_cpu() || weight.scalar_type() != at::kFloat || !weight.is_contiguous() ||
        (bias.defined() && (!bias.is_cpu() || bias.scalar_type() != at::kFloat || !bias.is_contiguous())))
        return LinearOp::forwardRow(x, y);
    kernels::gemmF32(weight.data_ptr<float>(), weight.size(0), weight.size(1), x, 1, y);
    if (bias.defined()) {
        const float* b = bias.data_ptr<float>();
        for (std::int64_t r = 0; r < weight.size(0); ++r) y[r] += b[r];
    }
}

} // namespace owq::detail
