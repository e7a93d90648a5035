// Internals shared by the exporters (export.cpp: owq, hf, the folder and the model card; export_gptq.cpp:
// gptq+lora).
#pragma once

#include "export/staging.h"
#include "model/engine_impl.h"
#include "model/packed_linear.h"
#include "owq/export.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace owq::detail {

// One decoder linear of the model being exported.
struct LinearRef {
    std::string base; // "model.layers.3.self_attn.q_proj"
    std::size_t layer = 0;
    std::string kind; // "self_attn.q_proj"
    std::int64_t rows = 0, cols = 0;
};

std::vector<LinearRef> decoderLinears(const LanguageModel& lm);

// The packed linear: the loaded layer's when it is in memory, else read (and checked) from the
// checkpoint. Throws Unsupported when the linear is not packed.
std::shared_ptr<const PackedLinear> packedLinearOf(const LanguageModel& lm, const LinearRef& L);
// Float32 weight [rows, cols] and bias [rows] (undefined when none) on the CPU, as the model computes.
at::Tensor denseWeightOf(const LanguageModel& lm, const LinearRef& L);
at::Tensor biasOf(const LanguageModel& lm, const LinearRef& L);

// A contiguous CPU tensor's bytes, kept alive by the blob.
Blob blobOf(const at::Tensor& t);
at::ScalarType scalarTypeOf(ExportDType d);
DType dtypeOf(ExportDType d);
// A floating checkpoint tensor converted to `d` (bytes of other dtypes are copied unchanged).
PlannedTensor convertedTensor(const Checkpoint& ckpt, const std::string& name, ExportDType d);

// gptq+lora. gptqBlocker: the reason the model cannot be written (empty when it can). planGptqLora: the
// model tensors (linears in the GPTQ layout or dense, the rest in options.dtype), the adapter tensors,
// config.json's quantization_config and the adapter's adapter_config.json; fills the gptq fields of
// `result`.
std::string gptqBlocker(const LanguageModel& lm, const ExportOptions& options);
void planGptqLora(const LanguageModel& lm, const ExportOptions& options, const std::string& targetName,
                  std::vector<PlannedTensor>& model, std::vector<PlannedTensor>& adapter,
                  nlohmann::ordered_json& quantizationConfig, nlohmann::ordered_json& adapterConfig,
                  ExportResult& result);

// Name of the adapter folder inside a gptq+lora export.
inline constexpr const char* kWeakLoraDir = "weak_lora";

} // namespace owq::detail
