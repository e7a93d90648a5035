#pragma once
// A tensor's bytes in a memory-mapped safetensors file, copied out as a CPU tensor that owns its data.

#include "owq/safetensors.h"

#include <ATen/ATen.h>

#include <cstdint>

namespace owq::detail {

// `type` must be the stored dtype's LibTorch type: the bytes are copied as they are, not converted.
inline at::Tensor copyStoredTensor(const SafetensorsFile& f, const TensorInfo& info, at::ScalarType type) {
    return at::from_blob(const_cast<std::uint8_t*>(f.data(info)), info.shape, at::TensorOptions().dtype(type))
        .clone();
}

} // namespace owq::detail
