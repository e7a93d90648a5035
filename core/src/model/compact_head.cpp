#include "model/compact_head.h"

#include "model/packed_linear.h"
#include "owq/error.h"
#include "owq/kernels/half.h"
#include "owq/kernels/head_cpu.h"
#include "packed/head_tensors.h"

#include <cmath>

namespace owq::detail {

namespace {

// Vocabulary rows dequantized at once for long inputs: 16 MB of float32 at 1024 columns.
constexpr std::int64_t kChunkRows = 4096;

at::Tensor copyOf(const TensorRef& ref, at::ScalarType type) {
    return at::from_blob(const_cast<std::uint8_t*>(ref.file->data(*ref.info)), ref.info->shape,
                         at::TensorOptions().dtype(type))
        .clone();
}

[[noreturn]] void fail(const TensorRef& ref, const std::string& what) {
    throw Error(ErrorKind::Format, ref.file->path() + ": tensor '" + ref.info->name + "' " + what);
}

} // namespace

std::shared_ptr<CompactHead> CompactHead::fromFloat(const at::Tensor& w, HeadFormat format) {
    auto h = std::make_shared<CompactHead>();
    const at::Tensor f = w.to(at::kCPU, at::kFloat).contiguous();
    h->format_ = format;
    h->rows_ = f.size(0);
    h->cols_ = f.size(1);
    const float* src = f.data_ptr<float>();
    if (format == HeadFormat::BF16) {
        h->weight_ = at::empty({h->rows_, h->cols_}, at::kBFloat16);
        auto* dst = reinterpret_cast<std::uint16_t*>(h->weight_.data_ptr());
        for (std::int64_t k = 0; k < f.numel(); ++k) dst[k] = kernels::floatToBf16(src[k]);
    } else if (format == HeadFormat::Int8) {
        h->codes_ = at::empty({h->rows_, h->cols_}, at::kChar);
        h->scales_ = at::empty({h->rows_}, at::kFloat);
        kernels::quantizeInt8Rows(src, h->rows_, h->cols_, h->codes_.data_ptr<std::int8_t>(),
                                  h->scales_.data_ptr<float>());
    } else {
        throw Error(ErrorKind::InvalidArgument, "a compact head is bf16 or int8");
    }
    return h;
}

std::shared_ptr<CompactHead> CompactHead::load(const Checkpoint& ckpt) {
    const ModelConfig& cfg = ckpt.config();
    auto h = std::make_shared<CompactHead>();
    h->rows_ = cfg.vocabSize;
    h->cols_ = cfg.embedDim();
    if (cfg.quantization.head == "bf16") {
        const TensorRef& ref = ckpt.tensor(headTensorName(cfg));
        h->format_ = HeadFormat::BF16;
        h->weight_ = copyOf(ref, at::kBFloat16);
        for (std::int64_t r0 = 0; r0 < h->rows_; r0 += kChunkRows)
            if (!at::isfinite(h->rowsFloat(r0, std::min(kChunkRows, h->rows_ - r0))).all().item<bool>())
                fail(ref, "contains NaN or Inf values");
        return h;
    }
    if (cfg.quantization.head != "int8")
        throw Error(ErrorKind::InvalidArgument, ckpt.dir() + ": the head is not stored as bf16 or int8");
    const std::string base = headBaseName(cfg);
    const TensorRef& scales = ckpt.tensor(base + kHeadScales);
    h->format_ = HeadFormat::Int8;
    h->codes_ = copyOf(ckpt.tensor(base + kHeadCodes), at::kChar);
    h->scales_ = copyOf(scales, at::kFloat);
    const float* s = h->scales_.data_ptr<float>();
    for (std::int64_t r = 0; r < h->rows_; ++r)
        if (!std::isfinite(s[r]) || s[r] < 0)
            fail(scales, "has scale " + std::to_string(s[r]) + " in row " + std::to_string(r) +
                             " (scales must be finite and >= 0)");
    return h;
}

at::Tensor CompactHead::rowsFloat(std::int64_t r0, std::int64_t n) const {
    if (format_ == HeadFormat::BF16) return weight_.narrow(0, r0, n).to(at::kFloat);
    return codes_.narrow(0, r0, n).to(at::kFloat) * scales_.narrow(0, r0, n).unsqueeze(1);
}

at::Tensor CompactHead::embedding(const at::Tensor& ids) const {
    const at::Tensor flat = ids.reshape({-1}).to(at::kLong);
    at::Tensor rows = format_ == HeadFormat::BF16 ? weight_.index_select(0, flat).to(at::kFloat)
                                                  : codes_.index_select(0, flat).to(at::kFloat) *
                                                        scales_.index_select(0, flat).unsqueeze(1);
    std::vector<std::int64_t> shape = ids.sizes().vec();
    shape.push_back(cols_);
    return rows.reshape(shape);
}

at::Tensor CompactHead::forward(const at::Tensor& x) const {
    // Training (weak-column tuning) needs gradients through the head: the dense product has them.
    if (x.requires_grad()) return at::matmul(x, denseWeight().t());
    const at::Tensor x2 = x.reshape({-1, cols_}).to(at::kFloat).contiguous();
    const std::int64_t m = x2.size(0);
    std::vector<std::int64_t> shape = x.sizes().vec();
    shape.back() = rows_;
    at::Tensor y = at::empty({m, rows_}, at::kFloat);
    if (m <= kPackedGemmMaxBatch) {
        if (format_ == HeadFormat::BF16)
            kernels::gemmBf16(reinterpret_cast<const std::uint16_t*>(weight_.data_ptr()), rows_, cols_,
                              x2.data_ptr<float>(), m, y.data_ptr<float>());
        else
            // With integer activations where the packed products take them (avx512vnni).
            kernels::gemmInt8Rows(codes_.data_ptr<std::int8_t>(), scales_.data_ptr<float>(), rows_, cols_,
                                  x2.data_ptr<float>(), m, y.data_ptr<float>(),
                                  kernels::detectPackedCpuIsa());
        return y.reshape(shape);
    }
    // Long inputs (prefill, perplexity): a block of float32 rows at a time through the BLAS.
    for (std::int64_t r0 = 0; r0 < rows_; r0 += kChunkRows) {
        const std::int64_t n = std::min(kChunkRows, rows_ - r0);
        y.narrow(1, r0, n).copy_(at::mm(x2, rowsFloat(r0, n).t()));
    }
    return y.reshape(shape);
}

} // namespace owq::detail
