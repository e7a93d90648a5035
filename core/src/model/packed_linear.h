// A linear layer held in OWQ's packed form (owq/kernels/packed_layout.h) and run through the packed
// kernels: GEMV / small-batch GEMM straight from the codes, dequantize + BLAS for long prefills.
#pragma once

#include "model/linear.h"
#include "owq/kernels/packed_layout.h"
#include "packed/packed_tensors.h"

#include "owq/kernels/packed_cpu.h"

#include <ATen/ATen.h>

#include <atomic>
#include <memory>

namespace owq::detail {

struct QuantizedMatrix;

// The tensors of one packed linear (the file format's, see docs/FORMAT.md), all on the CPU.
struct PackedParts {
    int bits = 0;
    std::int64_t rows = 0, cols = 0, groupSize = 0;
    at::Tensor qweight;    // uint8 [rows, rowBytes]
    at::Tensor scales;     // half  [rows, nGroups]
    at::Tensor zeros;      // uint8 [rows, nGroups]
    at::Tensor perm;       // int32 [dense], or undefined when packed column j is input column j
    at::Tensor weakIdx;    // int32 [weak] (weak may be 0)
    at::Tensor weakWeight; // half  [rows, weak]
    at::Tensor bias;       // float [rows], or undefined

    std::int64_t weak() const { return weakIdx.defined() ? weakIdx.numel() : 0; }
    std::int64_t dense() const { return cols - weak(); }
    std::int64_t bytes() const; // bytes of every tensor above
};

class PackedLinear final : public LinearOp {
public:
    // `parts` must be consistent (packQuantized and loadPackedLinear guarantee it).
    PackedLinear(PackedParts parts, at::Device device);

    at::Tensor forward(const at::Tensor& x) const override;
    void forwardRow(const float* x, float* y) const override;
    std::int64_t inFeatures() const override { return parts_.cols; }
    std::int64_t outFeatures() const override { return parts_.rows; }
    at::Tensor denseWeight() const override; // float32 [rows, cols] on the model's device
    at::Tensor biasVector() const override { return device_.bias; }

    const PackedParts& parts() const { return parts_; }

    // How the CPU kernels round activations where they take integer products (owq/kernels/packed_cpu.h;
    // only the avx512vnni path does): Split15 by default, Int8 when the user asks for the faster decode.
    void setActivationRounding(kernels::ActivationRounding r) { rounding_ = r; }

private:
    PackedParts parts_;     // on the CPU
    at::Tensor qweightBuf_; // qweight plus kPackedTailBytes of zeros, on the device
    PackedParts device_;    // the other tensors on the device (same as parts_ on the CPU)
    kernels::PackedLinearView view_;
    std::atomic<kernels::ActivationRounding> rounding_{kernels::ActivationRounding::Split15};
};

// Largest batch (rows of x) run by the GEMV/GEMM kernels; above it, dequantize + BLAS GEMM is faster.
constexpr std::int64_t kPackedGemmMaxBatch = 16;
// The same on CUDA, where the GEMV kernel handles up to 8 rows per pass and cuBLAS takes over above.
constexpr std::int64_t kPackedCudaGemvMaxBatch = 8;

// Packs a quantization result (codes, scales, zeros, g_idx in the caller's column order; weak columns
// holding their final full-precision values in q.dequantized). Throws Error(Unsupported) when the result
// does not fit the format: bits other than 2/3/4, or groups that are not runs of groupSize columns.
std::shared_ptr<PackedLinear> packQuantized(const QuantizedMatrix& q, const at::Tensor& weakColumns,
                                            const at::Tensor& bias, int bits, std::int64_t groupSize,
                                            at::Device device);

// Reads linear `base` of a packed checkpoint, checking its contents first.
std::shared_ptr<PackedLinear> loadPackedLinear(const Checkpoint& ckpt, const std::string& base,
                                               std::int64_t rows, std::int64_t cols, at::Device device);

} // namespace owq::detail
