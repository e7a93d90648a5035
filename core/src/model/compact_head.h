// The LM head kept in a cheaper form than float32 (quantization_config.head bf16 or int8, docs/FORMAT.md):
// decoding streams the whole head once per token, so it stays in 2 or 1 bytes per weight and the CPU kernels
// (owq/kernels/head_cpu.h) widen it in registers. Also the embedding of a tied model, one row at a time.
#pragma once

#include "model/linear.h"
#include "owq/checkpoint.h"
#include "owq/quant_pipeline.h"

#include <ATen/ATen.h>

#include <memory>

namespace owq::detail {

class CompactHead final : public LinearOp {
public:
    // From float32 weights [vocab, embed] (on the CPU): bf16 rounded to nearest even, or int8 per row.
    static std::shared_ptr<CompactHead> fromFloat(const at::Tensor& w, HeadFormat format);
    // The head of a packed checkpoint whose quantization_config.head is bf16 or int8 (header checked at
    // open): values finite, int8 scales >= 0. Throws Error(Format) naming the file and the tensor.
    static std::shared_ptr<CompactHead> load(const Checkpoint& ckpt);

    at::Tensor forward(const at::Tensor& x) const override; // float32 [..., embed] -> [..., vocab]
    std::int64_t inFeatures() const override { return cols_; }
    std::int64_t outFeatures() const override { return rows_; }
    at::Tensor denseWeight() const override { return rowsFloat(0, rows_); }
    at::Tensor biasVector() const override { return {}; }

    // The float32 rows of `ids` (any shape) -> [..., embed]: the embedding lookup of a tied model.
    at::Tensor embedding(const at::Tensor& ids) const;

    HeadFormat format() const { return format_; }
    const at::Tensor& bf16() const { return weight_; }   // bfloat16 [vocab, embed] (BF16)
    const at::Tensor& codes() const { return codes_; }   // int8 [vocab, embed] (Int8)
    const at::Tensor& scales() const { return scales_; } // float32 [vocab] (Int8)

private:
    at::Tensor rowsFloat(std::int64_t r0, std::int64_t n) const; // float32 [n, embed]

    HeadFormat format_ = HeadFormat::BF16;
    std::int64_t rows_ = 0, cols_ = 0;
    at::Tensor weight_, codes_, scales_;
};

} // namespace owq::detail
