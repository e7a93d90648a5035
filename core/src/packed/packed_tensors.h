// The tensors of one packed OWQ linear inside a checkpoint (docs/FORMAT.md): finding them, checking
// names, dtypes and shapes (cheap, at open), and checking their contents (indices, permutation, zero
// points, finite values) before a kernel ever reads them. Torch-free.
#pragma once

#include "owq/checkpoint.h"
#include "owq/kernels/packed_layout.h"

#include <string>

namespace owq::detail {

// Suffixes of a packed linear's tensors after its base name ("model.layers.0.self_attn.q_proj").
inline constexpr const char* kQWeight = ".qweight";
inline constexpr const char* kScales = ".scales";
inline constexpr const char* kQZeros = ".qzeros";
inline constexpr const char* kPerm = ".perm";
inline constexpr const char* kWeakIdx = ".weak_idx";
inline constexpr const char* kWeakWeight = ".weak_weight";

struct PackedLinearRefs {
    std::string base;
    std::int64_t rows = 0, cols = 0, dense = 0, weak = 0, nGroups = 1, rowBytes = 0;
    int bits = 0;
    std::int64_t groupSize = 0;
    TensorRef qweight, scales, qzeros;
    TensorRef perm, weakIdx, weakWeight; // info == nullptr when absent

    // A view straight over the memory map (no tail slack: only for the scalar reference and checks).
    kernels::PackedLinearView view() const;
};

// "model.layers.0.self_attn.q_proj.weight" -> true for the weights of the decoder layers' linears
// (owq/architecture.h).
bool isLinearWeightName(const ModelConfig& cfg, const std::string& name);

// Finds the packed tensors of linear `base` with full shape [rows, cols] under the checkpoint's
// quantization_config and checks dtypes and shapes. Throws Error(Format) naming the file and tensor.
PackedLinearRefs findPackedLinear(const Checkpoint& ckpt, const std::string& base, std::int64_t rows,
                                  std::int64_t cols);

// Checks what the kernels rely on: weak indices in range and distinct, perm a permutation of exactly the
// non-weak columns, zero points within [0, 2^bits - 1], scales and weak weights finite. Throws
// Error(Format) naming the file and tensor.
void validatePackedContent(const PackedLinearRefs& refs);

} // namespace owq::detail
