// The trainable form of a packed OWQ linear for weak column tuning:
//   y = D(x) + x[..., weak_idx] W_weak^T (+ bias)
// where D is the frozen packed dense part (a PackedLinear whose weak weights are zero and which has no bias)
// and W_weak [rows, k] is a float32 parameter. D runs through a custom autograd function: forward is the
// packed kernel (or dequantize + GEMM), backward is grad_x = grad_y W_D with W_D dequantized on the fly and
// dropped, so no float copy of any frozen weight outlives its use (docs/TUNING.md).
#pragma once

#include "model/linear.h"
#include "model/packed_linear.h"

#include <ATen/ATen.h>

#include <memory>
#include <vector>

namespace owq::detail {

class WeakTunedLinear final : public LinearOp {
public:
    // Takes the packed linear apart: the dense part (weak weights zeroed, bias removed), the weak columns'
    // fp16 weights as a float32 tensor on `device` (requires_grad set by the caller), the bias.
    WeakTunedLinear(const PackedLinear& packed, at::Device device);

    at::Tensor forward(const at::Tensor& x) const override;
    std::int64_t inFeatures() const override { return dense_->inFeatures(); }
    std::int64_t outFeatures() const override { return dense_->outFeatures(); }
    at::Tensor denseWeight() const override; // dense part with the current weak weights, float32
    at::Tensor biasVector() const override { return bias_; }

    at::Tensor& weakWeight() { return weight_; } // float32 [rows, k], the trainable parameter
    const at::Tensor& weakWeight() const { return weight_; }
    std::int64_t weak() const { return weight_.size(1); }
    const PackedLinear& densePart() const { return *dense_; } // its weak_weight is zeros, no bias

    // The packed linear with the current weak weights rounded to fp16 (every other tensor shared with the
    // source's). Throws Error(Resource) when a weight left the fp16 range.
    std::shared_ptr<PackedLinear> toPacked(at::Device device) const;

private:
    std::shared_ptr<PackedLinear> dense_;
    at::Tensor weakIdx_; // int64 [k] on the device
    at::Tensor weight_;  // float32 [rows, k] on the device
    at::Tensor bias_;    // float32 [rows] on the device, or undefined
};

// The parts of `p` with the input columns `cols` (not weak yet) moved from the packed part to the weak
// columns: their codes leave qweight (rows repacked), perm loses them, weak_idx gains them (after the
// existing ones) and weak_weight their dequantized values rounded to fp16. Per-channel quantization only
// (group_size 0): groups must stay runs of group_size columns. Throws Error(Unsupported / InvalidArgument).
PackedParts withExtraWeakColumns(const PackedParts& p, const std::vector<std::int64_t>& cols);

} // namespace owq::detail
