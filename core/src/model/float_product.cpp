// See float_product.h.
#include "model/float_product.h"

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

} // namespace owq::detail
