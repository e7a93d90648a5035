// Where a packed folder keeps its LM head and how (quantization_config.head, docs/FORMAT.md "The head"):
// names, and the header checks made at open. Torch-free.
#pragma once

#include "owq/checkpoint.h"

#include <string>

namespace owq::detail {

// The stored head's ".weight" name: the embedding's when the head is tied to it.
std::string headTensorName(const ModelConfig& cfg);
// Its base name, before ".qweight" / ".scales" (int8 heads).
std::string headBaseName(const ModelConfig& cfg);
inline constexpr const char* kHeadCodes = ".qweight"; // I8 [vocab, embed]
inline constexpr const char* kHeadScales = ".scales"; // F32 [vocab]

// Checks dtype and shape of the head's tensors against quantization_config.head (no-op when empty):
// f32 and bf16 an F32 / BF16 ".weight"; int8 ".qweight" I8 and ".scales" F32 and no ".weight". Throws
// Error(Format) naming the file and the tensor.
void checkStoredHead(const Checkpoint& ckpt);

} // namespace owq::detail
