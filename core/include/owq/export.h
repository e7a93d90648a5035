// Exporting a quantized model to formats other tools run (docs/EXPORT.md has every layout):
//   owq        the native packed folder (docs/FORMAT.md), tensors byte for byte;
//   hf         dequantized float16/bfloat16 safetensors in the Hugging Face layout, no quantization_config,
//              sharded with model.safetensors.index.json above a size limit;
//   gptq+lora  a GPTQ checkpoint (qweight/qzeros/scales/g_idx as AutoGPTQ and GPTQModel write them) whose
//              weak columns are zero, plus a PEFT LoRA adapter (weak_lora/) whose rank-k update adds the
//              weak columns back exactly.
// Every export is built in a temporary sibling folder and renamed into place when complete: a failure or a
// cancel leaves nothing behind, and the source folder is only read. A model card (README.md) and the
// diagnostics (owq_diagnostics.json, when the source has them) go along with every format.
#pragma once

#include "owq/engine.h"
#include "owq/job.h"
#include "owq/quantize.h"

#include <cstdint>
#include <string>
#include <vector>

namespace owq {

enum class ExportFormat { Owq, Hf, GptqLora };
enum class ExportDType { F16, BF16 };

const char* exportFormatName(ExportFormat format);       // "owq", "hf", "gptq+lora"
ExportFormat parseExportFormat(const std::string& name); // throws InvalidArgument listing the formats
const char* exportDTypeName(ExportDType dtype);          // "f16", "bf16"
ExportDType parseExportDType(const std::string& name);   // f16|float16|fp16, bf16|bfloat16
// "5GB" (decimal units as Hugging Face counts them: KB = 1e3 ... TB = 1e12), "2GiB" (binary: KiB ... TiB),
// "1.5GB", or a plain number of bytes. Throws InvalidArgument.
std::uint64_t parseByteSize(const std::string& text);

struct ExportOptions {
    ExportFormat format = ExportFormat::Owq;
    // hf: every tensor. gptq+lora: embeddings, norms, head and dense-fallback linears (GPTQ scales and the
    // LoRA adapter are float16 whatever this says). owq: unused (bytes are copied).
    ExportDType dtype = ExportDType::F16;
    std::uint64_t maxShardBytes = 5000000000ull; // Hugging Face's default "5GB"
    // gptq+lora: "gptq" (the legacy layout that AutoGPTQ, transformers, vLLM and TGI read: qzeros hold
    // zero - 1, so a zero point of 0 cannot be stored) or "gptq_v2" (GPTQModel: qzeros hold the zero point).
    std::string gptqCheckpointFormat = "gptq";
    // gptq+lora: linears whose shape the GPTQ layout cannot hold (features not multiples of 32, input
    // features not a multiple of the group size) are written as dequantized `dtype` weights and named as
    // unquantized in quantization_config (GPTQModel/vLLM "dynamic", transformers
    // "modules_in_block_to_quantize"). False: refuse such models.
    bool denseFallback = false;
};

struct ExportResult {
    std::string dir; // absolute path of the finished folder
    ExportFormat format = ExportFormat::Owq;
    std::vector<std::string> files; // relative to dir, sorted
    std::uint64_t bytes = 0;        // total size of those files
    int shards = 1;                 // model safetensors files
    // gptq+lora
    std::string gptqCheckpointFormat;
    int gptqLinears = 0;  // linears in the GPTQ layout
    int denseLinears = 0; // linears kept as dequantized weights (denseFallback)
    int loraLinears = 0;  // linears with weak columns, i.e. in the adapter
    std::int64_t loraRankMax = 0;
    double seconds = 0;

    std::string toJson() const;
};

// Exports an opened model to `dir`, which must not exist or be an empty folder, and must not lie inside the
// model's folder. owq and gptq+lora need a packed OWQ folder (docs/FORMAT.md); hf takes any model the engine
// opens (packed linears are dequantized exactly as the model computes with them). Progress: stage
// "export", one unit per tensor written. Throws Error(Unsupported) naming the linear and the reason where
// the format cannot represent the model, InvalidArgument for options or an unusable target, Io, Cancelled.
ExportResult exportModel(const LanguageModel& model, const std::string& dir, const ExportOptions& options,
                         const JobContext& job = {});
// Opens `modelDir` on the CPU with layers read one at a time, then exports it.
ExportResult exportModelFolder(const std::string& modelDir, const std::string& dir,
                               const ExportOptions& options, const JobContext& job = {});

// Why `options` cannot export `model`, found without writing anything (source kind, shapes against the
// GPTQ layout, zero points against the chosen zeros convention); empty when the export can go ahead. The
// export itself checks the same and throws Error(Unsupported) with this text.
std::string exportBlocker(const LanguageModel& model, const ExportOptions& options);

// The float32 weight [out, in] of decoder linear `name` (e.g. "model.layers.0.self_attn.q_proj") exactly
// as the model computes with it: packed linears dequantized (weak columns included). What `hf` rounds to
// its dtype and what `gptq+lora` reproduces.
Matrix linearWeight(const LanguageModel& model, const std::string& name);

} // namespace owq
