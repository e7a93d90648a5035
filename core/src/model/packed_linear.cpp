#include "model/packed_linear.h"

#include "model/decoder_model.h"
#include "model/stored_tensor.h"

#include "owq/error.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/kernels/packed_cuda.h"
#include "quant/gptq.h"

#include <algorithm>
#include <numeric>

namespace owq::detail {

namespace {

const std::uint16_t* halfBits(const at::Tensor& t) {
    return reinterpret_cast<const std::uint16_t*>(t.data_ptr<at::Half>());
}

// A copy of a checkpoint tensor's bytes as a CPU tensor of `dtype`.
at::Tensor copyOf(const TensorRef& ref, at::ScalarType dtype) {
    return copyStoredTensor(*ref.file, *ref.info, dtype);
}

} // namespace

std::int64_t PackedParts::bytes() const {
    std::int64_t n = 0;
    for (const at::Tensor* t : {&qweight, &scales, &zeros, &perm, &weakIdx, &weakWeight, &bias})
        if (t->defined()) n += t->numel() * std::int64_t(t->element_size());
    return n;
}

PackedLinear::PackedLinear(PackedParts parts, at::Device device) : parts_(std::move(parts)) {
    const PackedParts& p = parts_;
    const std::int64_t rowBytes = kernels::packedRowBytes(p.dense(), p.bits);
    // The kernels may read whole words past the last row: give the buffer zeroed slack.
    at::Tensor buf = at::zeros({p.rows * rowBytes + kernels::kPackedTailBytes}, at::kByte);
    buf.narrow(0, 0, p.rows * rowBytes).copy_(p.qweight.reshape({-1}));
    qweightBuf_ = buf.to(device);
    if (qweightBuf_.is_cpu())
        parts_.qweight = buf.narrow(0, 0, p.rows * rowBytes).view({p.rows, rowBytes}); // one copy
    auto onDevice = [&](const at::Tensor& t) { return t.defined() ? t.to(device).contiguous() : t; };
    device_ = p;
    device_.qweight = qweightBuf_;
    device_.scales = onDevice(p.scales);
    device_.zeros = onDevice(p.zeros);
    device_.perm = onDevice(p.perm);
    device_.weakIdx = onDevice(p.weakIdx);
    device_.weakWeight = onDevice(p.weakWeight);
    device_.bias = onDevice(p.bias);

    kernels::PackedLinearView& v = view_;
    v.bits = p.bits;
    v.rows = p.rows;
    v.cols = p.cols;
    v.dense = p.dense();
    v.groupSize = p.groupSize;
    v.nGroups = kernels::packedGroups(v.dense, p.groupSize);
    v.rowBytes = rowBytes;
    v.qweight = qweightBuf_.data_ptr<std::uint8_t>();
    v.scales = halfBits(device_.scales);
    v.zeros = device_.zeros.data_ptr<std::uint8_t>();
    v.perm = device_.perm.defined() ? device_.perm.data_ptr<std::int32_t>() : nullptr;
    v.weak = p.weak();
    v.weakIdx = v.weak ? device_.weakIdx.data_ptr<std::int32_t>() : nullptr;
    v.weakWeight = v.weak ? halfBits(device_.weakWeight) : nullptr;
    v.bias = device_.bias.defined() ? device_.bias.data_ptr<float>() : nullptr;
}

at::Tensor PackedLinear::denseWeight() const {
    const at::Device dev = qweightBuf_.device();
    if (dev.is_cpu()) {
        at::Tensor W = at::empty({parts_.rows, parts_.cols}, at::kFloat);
        kernels::dequantize(view_, W.data_ptr<float>());
        return W;
    }
    if (dev.is_cuda() && kernels::cudaKernelsAvailable()) {
        at::Tensor W = at::empty({parts_.rows, parts_.cols}, at::TensorOptions(at::kFloat).device(dev));
        kernels::dequantizeCuda(view_, W.data_ptr<float>()); // the default stream, as LibTorch's
        return W;
    }
    // No kernels for this device (a build without CUDA kernels): dequantize the CPU copy and move it.
    return PackedLinear(parts_, at::kCPU).denseWeight().to(dev);
}

at::Tensor PackedLinear::forward(const at::Tensor& x) const {
    std::vector<std::int64_t> shape = x.sizes().vec();
    if (shape.empty() || shape.back() != parts_.cols)
        throw Error(ErrorKind::InvalidArgument,
                    "packed linear expects " + std::to_string(parts_.cols) + " input features, got " +
                        (shape.empty() ? std::string("a scalar") : std::to_string(shape.back())));
    const std::int64_t m = x.numel() / parts_.cols;
    at::Tensor x2 = x.reshape({m, parts_.cols}).to(at::kFloat).contiguous();
    at::Tensor y;
    if (m <= kPackedGemmMaxBatch && x2.is_cpu()) {
        y = at::empty({m, parts_.rows}, x2.options());
        kernels::gemm(view_, x2.data_ptr<float>(), m, y.data_ptr<float>(), kernels::detectPackedCpuIsa(),
                      rounding_.load(std::memory_order_relaxed));
    } else if (m <= kPackedCudaGemvMaxBatch && x2.is_cuda() && kernels::cudaKernelsAvailable()) {
        y = at::empty({m, parts_.rows}, x2.options());
        kernels::gemmCuda(view_, x2.data_ptr<float>(), m, y.data_ptr<float>());
    } else {
        y = device_.bias.defined() ? at::linear(x2, denseWeight(), device_.bias)
                                   : at::matmul(x2, denseWeight().t());
    }
    shape.back() = parts_.rows;
    return y.view(shape);
}

void PackedLinear::forwardRow(const float* x, float* y) const {
    if (!qweightBuf_.is_cpu()) return LinearOp::forwardRow(x, y);
    kernels::gemm(view_, x, 1, y, kernels::detectPackedCpuIsa(), rounding_.load(std::memory_order_relaxed));
}

std::shared_ptr<PackedLinear> packQuantized(const QuantizedMatrix& q, const at::Tensor& weakColumns,
                                            const at::Tensor& bias, int bits, std::int64_t groupSize,
                                            at::Device device) {
    if (!kernels::packedBitsSupported(bits))
        throw Error(ErrorKind::Unsupported, std::to_string(bits) +
                                                "-bit weights have no packed format (2, 3 or 4 bits); save "
                                                "them fake-quantized instead");
    const at::Tensor codes = q.codes.to(at::kCPU).contiguous();
    const std::int64_t rows = codes.size(0), cols = codes.size(1);
    const at::Tensor gIdx = q.groupIndex.to(at::kCPU, at::kInt).contiguous();
    std::vector<char> isWeak(std::size_t(cols), 0);
    at::Tensor weak =
        weakColumns.defined() ? weakColumns.to(at::kCPU, at::kLong).contiguous() : at::empty({0}, at::kLong);
    for (std::int64_t k = 0; k < weak.numel(); ++k) isWeak[std::size_t(weak.data_ptr<std::int64_t>()[k])] = 1;

    // Packed order: the quantized columns by group (stable), so every group is one run of columns.
    std::vector<std::int64_t> order;
    for (std::int64_t c = 0; c < cols; ++c)
        if (!isWeak[std::size_t(c)]) order.push_back(c);
    const std::int32_t* g = gIdx.data_ptr<std::int32_t>();
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return g[a] < g[b]; });
    const std::int64_t dense = std::int64_t(order.size());
    const std::int64_t nGroups = kernels::packedGroups(dense, groupSize);
    if (q.scales.size(1) != nGroups)
        throw Error(ErrorKind::Unsupported, "the quantizer made " + std::to_string(q.scales.size(1)) +
                                                " groups where the packed format expects " +
                                                std::to_string(nGroups) +
                                                " (static groups with weak columns cannot be packed)");
    for (std::int64_t j = 0; j < dense; ++j)
        if (g[order[std::size_t(j)]] != (groupSize > 0 ? j / groupSize : 0))
            throw Error(ErrorKind::Unsupported,
                        "the quantizer's groups are not runs of " + std::to_string(groupSize) +
                            " columns and cannot be packed; save fake-quantized instead");

    PackedParts p;
    p.bits = bits;
    p.rows = rows;
    p.cols = cols;
    p.groupSize = groupSize;
    const at::Tensor orderT = at::tensor(order, at::kLong);
    bool identity = dense == cols;
    for (std::int64_t j = 0; identity && j < dense; ++j) identity = order[std::size_t(j)] == j;
    if (!identity) p.perm = orderT.to(at::kInt);
    const at::Tensor packedCodes = codes.index_select(1, orderT).contiguous();
    p.qweight = at::empty({rows, kernels::packedRowBytes(dense, bits)}, at::kByte);
    kernels::packCodes(packedCodes.data_ptr<std::uint8_t>(), rows, dense, bits,
                       p.qweight.data_ptr<std::uint8_t>());

    const at::Tensor zeros = q.zeros.to(at::kCPU, at::kFloat);
    const std::int64_t maxq = (std::int64_t(1) << bits) - 1;
    if (!at::equal(zeros, zeros.round()) || zeros.min().item<float>() < 0 || zeros.max().item<float>() > maxq)
        throw Error(ErrorKind::Unsupported, "zero points that are not integers in [0, " +
                                                std::to_string(maxq) + "] cannot be packed");
    p.zeros = zeros.to(at::kByte).contiguous();
    p.scales = q.scales.to(at::kCPU, at::kFloat).to(at::kHalf).contiguous();
    if (!at::isfinite(p.scales).all().item<bool>())
        throw Error(ErrorKind::Unsupported,
                    "a quantization scale exceeds the fp16 range of the packed format");
    p.weakIdx = weak.to(at::kInt);
    p.weakWeight = q.dequantized.to(at::kCPU, at::kFloat).index_select(1, weak).to(at::kHalf).contiguous();
    if (!at::isfinite(p.weakWeight).all().item<bool>())
        throw Error(ErrorKind::Unsupported,
                    "a weak-column weight exceeds the fp16 range of the packed format");
    if (bias.defined()) p.bias = bias.to(at::kCPU, at::kFloat).contiguous();
    return std::make_shared<PackedLinear>(std::move(p), device);
}

std::shared_ptr<PackedLinear> loadPackedLinear(const Checkpoint& ckpt, const std::string& base,
                                               std::int64_t rows, std::int64_t cols, at::Device device) {
    const PackedLinearRefs r = findPackedLinear(ckpt, base, rows, cols);
    validatePackedContent(r);
    PackedParts p;
    p.bits = r.bits;
    p.rows = rows;
    p.cols = cols;
    p.groupSize = r.groupSize;
    p.qweight = copyOf(r.qweight, at::kByte);
    p.scales = copyOf(r.scales, at::kHalf);
    p.zeros = copyOf(r.qzeros, at::kByte);
    if (r.perm.info) p.perm = copyOf(r.perm, at::kInt);
    p.weakIdx = r.weak ? copyOf(r.weakIdx, at::kInt) : at::empty({0}, at::kInt);
    p.weakWeight = r.weak ? copyOf(r.weakWeight, at::kHalf) : at::empty({rows, 0}, at::kHalf);
    if (ckpt.has(base + ".bias")) {
        const TensorRef& b = ckpt.tensor(base + ".bias");
        const at::ScalarType t = storedFloatType(b.info->dtype);
        p.bias = copyOf(b, t).to(at::kFloat);
    }
    return std::make_shared<PackedLinear>(std::move(p), device);
}

} // namespace owq::detail
