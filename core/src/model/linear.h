// The one interface every linear layer of the model goes through, so a float linear and a packed
// quantized linear are interchangeable inside a decoder layer.
#pragma once

#include "model/float_product.h"

#include <ATen/ATen.h>

#include <cstring>
#include <memory>

namespace owq::detail {

class LinearOp {
public:
    virtual ~LinearOp() = default;
    virtual at::Tensor forward(const at::Tensor& x) const = 0; // [..., in] -> [..., out]
    // y [out] = forward of one row x [in], both float32 on the CPU: a decode step on plain arrays
    // (decode_step_cpu.cpp). This default wraps forward; PackedLinear calls its kernel with no tensor op.
    virtual void forwardRow(const float* x, float* y) const {
        const at::Tensor out =
            forward(at::from_blob(const_cast<float*>(x), {1, inFeatures()}, at::kFloat)).to(at::kFloat);
        std::memcpy(y, out.contiguous().data_ptr<float>(), std::size_t(outFeatures()) * sizeof(float));
    }
    virtual std::int64_t inFeatures() const = 0;
    virtual std::int64_t outFeatures() const = 0;
    // The weights as a float32 matrix [out, in] (dequantized for a packed linear; for export and checks).
    virtual at::Tensor denseWeight() const = 0;
    virtual at::Tensor biasVector() const = 0; // float32 [out], or undefined when the layer has none
};

// y = x W^T + b with W [out, in] in float32 (or the compute dtype) on the model's device.
class DenseLinear final : public LinearOp {
public:
    DenseLinear(at::Tensor weight, at::Tensor bias) : weight(std::move(weight)), bias(std::move(bias)) {}
    at::Tensor forward(const at::Tensor& x) const override { return timesTransposed(x, weight, bias); }
    void forwardRow(const float* x, float* y) const override;
    std::int64_t inFeatures() const override { return weight.size(1); }
    std::int64_t outFeatures() const override { return weight.size(0); }
    at::Tensor denseWeight() const override { return weight; }
    at::Tensor biasVector() const override { return bias; }

    at::Tensor weight;
    at::Tensor bias; // undefined when the layer has none
};

} // namespace owq::detail
