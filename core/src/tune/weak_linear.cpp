#include "tune/weak_linear.h"

#include "owq/error.h"
#include "owq/kernels/half.h"
#include "owq/kernels/packed_layout.h"

#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <cstdint>

namespace owq::detail {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// y = x W_D^T for the frozen packed dense part D. Forward: the packed kernels (GEMV for a few rows,
// dequantize + GEMM above). Backward: grad_x = grad_y W_D, W_D dequantized again for that product and
// released with it; nothing of D is saved in the graph but a pointer (the linear outlives the graph: it is
// owned by the WeakTunedLinear that built the graph, which lives for the whole tuning run).
struct PackedDenseFunction : public torch::autograd::Function<PackedDenseFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const PackedLinear* dense) {
        ctx->saved_data["dense"] = static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(dense));
        return dense->forward(x);
    }
    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        const auto* dense = reinterpret_cast<const PackedLinear*>(
            static_cast<std::intptr_t>(ctx->saved_data["dense"].toInt()));
        const at::Tensor& gy = grads[0];
        at::Tensor gx;
        if (gy.defined()) gx = at::matmul(gy, dense->denseWeight()); // [..., rows] x [rows, cols]
        return {gx, at::Tensor()};
    }
};

} // namespace

WeakTunedLinear::WeakTunedLinear(const PackedLinear& packed, at::Device device) {
    PackedParts p = packed.parts();
    const at::Tensor weakHalf = p.weak() > 0 ? p.weakWeight : at::empty({p.rows, 0}, at::kHalf);
    weight_ = weakHalf.to(at::kFloat).to(device).contiguous();
    weakIdx_ = (p.weak() > 0 ? p.weakIdx : at::empty({0}, at::kInt)).to(at::kLong).to(device);
    if (p.bias.defined()) bias_ = p.bias.to(at::kFloat).to(device).clone();
    // The dense part: same codes, scales, zeros, perm and weak indices, zero weak weights, no bias.
    p.weakWeight = at::zeros({p.rows, p.weak()}, at::kHalf);
    p.bias = at::Tensor();
    dense_ = std::make_shared<PackedLinear>(std::move(p), device);
}

at::Tensor WeakTunedLinear::forward(const at::Tensor& x) const {
    at::Tensor y = PackedDenseFunction::apply(x, dense_.get());
    if (weak() > 0) y = y + at::matmul(x.index_select(-1, weakIdx_), weight_.t());
    if (bias_.defined()) y = y + bias_;
    return y;
}

at::Tensor WeakTunedLinear::denseWeight() const {
    at::Tensor W = dense_->denseWeight();
    if (weak() > 0) W.index_copy_(1, weakIdx_, weight_.detach().to(W.device()));
    return W;
}

std::shared_ptr<PackedLinear> WeakTunedLinear::toPacked(at::Device device) const {
    PackedParts p = dense_->parts();
    if (p.weak() > 0) {
        p.weakWeight = weight_.detach().to(at::kCPU).to(at::kHalf).contiguous();
        if (!at::isfinite(p.weakWeight).all().item<bool>())
            throw Error(ErrorKind::Resource,
                        "a tuned weak-column weight left the fp16 range of the packed format (lower the "
                        "learning rate)");
    }
    if (bias_.defined()) p.bias = bias_.to(at::kCPU).contiguous();
    return std::make_shared<PackedLinear>(std::move(p), device);
}

PackedParts withExtraWeakColumns(const PackedParts& src, const std::vector<std::int64_t>& cols) {
    if (cols.empty()) return src;
    if (src.groupSize > 0 && kernels::packedGroups(src.dense(), src.groupSize) > 1)
        throw Error(ErrorKind::Unsupported,
                    "extra weak columns need per-channel quantization (group_size 0): with groups of " +
                        std::to_string(src.groupSize) +
                        " columns, removing columns from the packed part would break the group runs");
    const std::int64_t rows = src.rows, cols0 = src.cols, dense = src.dense();
    std::vector<std::int64_t> packedPos(std::size_t(cols0), -1); // input column -> packed position
    std::vector<std::int32_t> perm(static_cast<std::size_t>(dense));
    const at::Tensor permT = src.perm.defined() ? src.perm.to(at::kCPU).contiguous() : at::Tensor();
    for (std::int64_t j = 0; j < dense; ++j) {
        perm[std::size_t(j)] = permT.defined() ? permT.data_ptr<std::int32_t>()[j] : std::int32_t(j);
        packedPos[std::size_t(perm[std::size_t(j)])] = j;
    }
    std::vector<char> moving(std::size_t(cols0), 0);
    for (std::int64_t c : cols) {
        if (c < 0 || c >= cols0 || packedPos[std::size_t(c)] < 0 || moving[std::size_t(c)])
            throw Error(ErrorKind::InvalidArgument, "extra weak column " + std::to_string(c) +
                                                        " is out of range, already weak or repeated");
        moving[std::size_t(c)] = 1;
    }
    std::vector<std::int64_t> keep; // packed positions that stay
    for (std::int64_t j = 0; j < dense; ++j)
        if (!moving[std::size_t(perm[std::size_t(j)])]) keep.push_back(j);
    const std::int64_t newDense = std::int64_t(keep.size());
    if (newDense < 1)
        throw Error(ErrorKind::InvalidArgument, "extra weak columns would leave no quantized column");

    const int bits = src.bits;
    const std::int64_t oldRowBytes = kernels::packedRowBytes(dense, bits);
    const std::int64_t newRowBytes = kernels::packedRowBytes(newDense, bits);
    const at::Tensor qw = src.qweight.to(at::kCPU).contiguous();
    const at::Tensor scales = src.scales.to(at::kCPU).contiguous();
    const at::Tensor zeros = src.zeros.to(at::kCPU).contiguous();
    const std::uint8_t* q = qw.data_ptr<std::uint8_t>();
    const auto* sc = reinterpret_cast<const std::uint16_t*>(scales.data_ptr<at::Half>());
    const std::uint8_t* z = zeros.data_ptr<std::uint8_t>();
    const std::int64_t nGroups = kernels::packedGroups(dense, src.groupSize); // 1 here

    PackedParts p = src;
    p.qweight = at::zeros({rows, newRowBytes}, at::kByte);
    std::uint8_t* nq = p.qweight.data_ptr<std::uint8_t>();
    const std::int64_t k = std::int64_t(cols.size());
    at::Tensor vals = at::empty({rows, k}, at::kFloat);
    float* v = vals.data_ptr<float>();
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::uint8_t* row = q + r * oldRowBytes;
        std::uint8_t* out = nq + r * newRowBytes;
        for (std::int64_t jj = 0; jj < newDense; ++jj)
            kernels::setPackedCode(out, jj, bits, kernels::packedCode(row, keep[std::size_t(jj)], bits));
        for (std::int64_t i = 0; i < k; ++i) {
            const std::int64_t j = packedPos[std::size_t(cols[std::size_t(i)])];
            v[r * k + i] =
                kernels::dequantCode(kernels::packedCode(row, j, bits), sc[r * nGroups], z[r * nGroups]);
        }
    }
    std::vector<std::int32_t> newPerm;
    newPerm.reserve(std::size_t(newDense));
    for (std::int64_t j : keep) newPerm.push_back(perm[std::size_t(j)]);
    p.perm = at::tensor(newPerm, at::kInt);
    std::vector<std::int32_t> added(cols.begin(), cols.end());
    const at::Tensor addedIdx = at::tensor(added, at::kInt);
    const at::Tensor oldIdx = src.weak() > 0 ? src.weakIdx.to(at::kCPU) : at::empty({0}, at::kInt);
    const at::Tensor oldW = src.weak() > 0 ? src.weakWeight.to(at::kCPU) : at::empty({rows, 0}, at::kHalf);
    p.weakIdx = at::cat({oldIdx, addedIdx}).contiguous();
    p.weakWeight = at::cat({oldW, vals.to(at::kHalf)}, 1).contiguous();
    return p;
}

} // namespace owq::detail
