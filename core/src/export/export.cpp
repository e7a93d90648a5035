// Exporters (docs/EXPORT.md): the folder around every format (temporary sibling renamed into place, config,
// tokenizer files, diagnostics, model card) and the owq and hf formats. gptq+lora is in export_gptq.cpp.
#include "export/export_impl.h"

#include "model/compact_head.h"
#include "model/decoder_model.h"
#include "owq/error.h"
#include "owq/text_file.h"
#include "owq/version.h"
#include "packed/head_tensors.h"
#include "packed/packed_tensors.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace owq {

namespace detail {

std::vector<LinearRef> decoderLinears(const LanguageModel& lm) {
    const ModelConfig& cfg = lm.config();
    const std::vector<LinearSpec> specs = layerLinears(cfg);
    std::vector<LinearRef> out;
    for (std::int64_t i = 0; i < cfg.numLayers; ++i)
        for (const LinearSpec& s : specs) {
            LinearRef L;
            L.base = layerPrefix(cfg, i) + s.path;
            L.layer = std::size_t(i);
            L.kind = s.path;
            L.rows = s.rows;
            L.cols = s.cols;
            out.push_back(std::move(L));
        }
    return out;
}

namespace {

// The loaded layer's op for L, or null when the layer is still only in the checkpoint.
std::shared_ptr<LinearOp> loadedOp(const LanguageModel& lm, const LinearRef& L) {
    DecoderModel& m = *lm.impl().model;
    if (!m.layerLoaded(L.layer)) return nullptr;
    for (const auto& [kind, op] : linearsOf(m.layers()[L.layer]))
        if (kind == L.kind) return *op;
    return nullptr;
}

} // namespace

std::shared_ptr<const PackedLinear> packedLinearOf(const LanguageModel& lm, const LinearRef& L) {
    if (auto op = loadedOp(lm, L)) {
        if (auto p = std::dynamic_pointer_cast<const PackedLinear>(op)) return p;
        throw Error(ErrorKind::Unsupported, L.base + " is not held in the packed OWQ format");
    }
    const Checkpoint& ck = lm.checkpoint();
    if (!ck.config().quantization.packed)
        throw Error(ErrorKind::Unsupported, ck.dir() + ": not a packed OWQ folder (" + L.base + ")");
    return loadPackedLinear(ck, L.base, L.rows, L.cols, at::kCPU);
}

at::Tensor denseWeightOf(const LanguageModel& lm, const LinearRef& L) {
    if (auto op = loadedOp(lm, L)) return op->denseWeight().to(at::kCPU, at::kFloat).contiguous();
    const Checkpoint& ck = lm.checkpoint();
    if (ck.config().quantization.packed) return packedLinearOf(lm, L)->denseWeight().contiguous();
    return loadFloatTensor(ck, L.base + ".weight", at::kCPU).contiguous();
}

at::Tensor biasOf(const LanguageModel& lm, const LinearRef& L) {
    if (auto op = loadedOp(lm, L)) {
        at::Tensor b = op->biasVector();
        return b.defined() ? b.to(at::kCPU, at::kFloat).contiguous() : b;
    }
    const Checkpoint& ck = lm.checkpoint();
    return ck.has(L.base + ".bias") ? loadFloatTensor(ck, L.base + ".bias", at::kCPU).contiguous()
                                    : at::Tensor();
}

Blob blobOf(const at::Tensor& t) {
    auto keep = std::make_shared<at::Tensor>(t.to(at::kCPU).contiguous());
    return {keep->data_ptr(), std::size_t(keep->nbytes()), keep};
}

at::ScalarType scalarTypeOf(ExportDType d) {
    return d == ExportDType::BF16 ? at::kBFloat16 : at::kHalf;
}

DType dtypeOf(ExportDType d) {
    return d == ExportDType::BF16 ? DType::BF16 : DType::F16;
}

namespace {

bool isFloat(DType d) {
    return d == DType::F64 || d == DType::F32 || d == DType::F16 || d == DType::BF16;
}

// The checkpoint's bytes of `name`, unchanged.
PlannedTensor rawTensor(const Checkpoint& ckpt, const std::string& name) {
    const TensorRef& r = ckpt.tensor(name);
    PlannedTensor t{name, r.info->dtype, r.info->shape, {}};
    t.produce = [r] { return Blob{r.file->data(*r.info), r.info->nbytes(), r.file}; };
    return t;
}

} // namespace

PlannedTensor convertedTensor(const Checkpoint& ckpt, const std::string& name, ExportDType d) {
    const TensorRef& r = ckpt.tensor(name);
    if (!isFloat(r.info->dtype)) return rawTensor(ckpt, name);
    PlannedTensor t{name, dtypeOf(d), r.info->shape, {}};
    t.produce = [r, d] {
        at::Tensor view = at::from_blob(const_cast<std::uint8_t*>(r.file->data(*r.info)), r.info->shape,
                                        at::TensorOptions().dtype(storedFloatType(r.info->dtype)));
        return blobOf(view.to(scalarTypeOf(d), /*non_blocking=*/false, /*copy=*/true));
    };
    return t;
}

} // namespace detail

using namespace detail;

// ---------------------------------------------------------------------------------------------------------
// Names and sizes

const char* exportFormatName(ExportFormat format) {
    switch (format) {
    case ExportFormat::Owq:
        return "owq";
    case ExportFormat::Hf:
        return "hf";
    case ExportFormat::GptqLora:
        return "gptq+lora";
    }
    return "?";
}

ExportFormat parseExportFormat(const std::string& name) {
    if (name == "owq") return ExportFormat::Owq;
    if (name == "hf") return ExportFormat::Hf;
    if (name == "gptq+lora" || name == "gptq-lora") return ExportFormat::GptqLora;
    throw Error(ErrorKind::InvalidArgument,
                "unknown export format '" + name + "' (use owq, hf or gptq+lora)");
}

const char* exportDTypeName(ExportDType dtype) {
    return dtype == ExportDType::BF16 ? "bf16" : "f16";
}

ExportDType parseExportDType(const std::string& name) {
    if (name == "f16" || name == "fp16" || name == "float16") return ExportDType::F16;
    if (name == "bf16" || name == "bfloat16") return ExportDType::BF16;
    throw Error(ErrorKind::InvalidArgument, "unknown export dtype '" + name + "' (use f16 or bf16)");
}

std::uint64_t parseByteSize(const std::string& text) {
    auto bad = [&] {
        return Error(ErrorKind::InvalidArgument,
                     "size '" + text + "' is not a size (examples: 5GB, 500MB, 2GiB, 1048576)");
    };
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (i == 0) throw bad();
    double number = 0;
    try {
        std::size_t used = 0;
        number = std::stod(text.substr(0, i), &used);
        if (used != i) throw bad();
    } catch (const std::logic_error&) {
        throw bad();
    }
    std::string unit = text.substr(i);
    unit.erase(0, unit.find_first_not_of(' '));
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    static const std::vector<std::pair<std::string, double>> units = {
        {"", 1},      {"b", 1},      {"kb", 1e3},        {"mb", 1e6},           {"gb", 1e9},
        {"tb", 1e12}, {"kib", 1024}, {"mib", 1048576.0}, {"gib", 1073741824.0}, {"tib", 1099511627776.0}};
    for (const auto& [u, factor] : units)
        if (unit == u) {
            const double bytes = std::floor(number * factor);
            if (!(bytes >= 1) || bytes > 1.8e19) throw bad();
            return std::uint64_t(bytes);
        }
    throw bad();
}

std::string ExportResult::toJson() const {
    ordered_json j;
    j["out"] = dir;
    j["format"] = exportFormatName(format);
    j["files"] = files;
    j["bytes_on_disk"] = bytes;
    j["shards"] = shards;
    if (format == ExportFormat::GptqLora) {
        j["checkpoint_format"] = gptqCheckpointFormat;
        j["gptq_linears"] = gptqLinears;
        j["dense_linears"] = denseLinears;
        j["lora_linears"] = loraLinears;
        j["lora_rank_max"] = loraRankMax;
    }
    j["seconds"] = seconds;
    return j.dump();
}

// ---------------------------------------------------------------------------------------------------------
// Checks

namespace {

void checkOptions(const ExportOptions& o) {
    if (o.maxShardBytes == 0)
        throw Error(ErrorKind::InvalidArgument, "the maximum shard size must be positive");
    if (o.format == ExportFormat::GptqLora && o.gptqCheckpointFormat != "gptq" &&
        o.gptqCheckpointFormat != "gptq_v2")
        throw Error(ErrorKind::InvalidArgument,
                    "unknown GPTQ checkpoint format '" + o.gptqCheckpointFormat + "' (use gptq or gptq_v2)");
}

std::string sourceBlocker(const LanguageModel& lm, const ExportOptions& o) {
    if (o.format == ExportFormat::Hf) return {};
    const Checkpoint& ck = lm.checkpoint();
    if (!ck.config().quantization.packed)
        return ck.dir() +
               ": not a packed OWQ folder (config.json has no quantization_config with quant_method "
               "owq and format packed); the " +
               std::string(exportFormatName(o.format)) +
               " export starts from what `owq quantize` writes (the hf export takes any model)";
    return {};
}

ordered_json readJsonFile(const fs::path& p) {
    try {
        return ordered_json::parse(readTextFile(p.string()));
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::Format, p.string() + ": not valid JSON: " + e.what());
    }
}

} // namespace

std::string exportBlocker(const LanguageModel& lm, const ExportOptions& options) {
    checkOptions(options);
    std::string why = sourceBlocker(lm, options);
    if (why.empty() && options.format == ExportFormat::GptqLora) why = gptqBlocker(lm, options);
    return why;
}

Matrix linearWeight(const LanguageModel& lm, const std::string& name) {
    for (const LinearRef& L : decoderLinears(lm))
        if (L.base == name) {
            const at::Tensor w = denseWeightOf(lm, L);
            Matrix m;
            m.rows = w.size(0);
            m.cols = w.size(1);
            m.data.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
            return m;
        }
    const ModelConfig& cfg = lm.config();
    throw Error(ErrorKind::InvalidArgument, "'" + name + "' is not a decoder linear of this model (e.g. " +
                                                linearName(cfg, 0, layerLinears(cfg).front().kind) + ")");
}

// ---------------------------------------------------------------------------------------------------------
// The model card

namespace {

std::string fmt(double v, int digits = 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// Perplexities the diagnostics may carry (a number or an object of numbers under a ppl-like key).
std::vector<std::pair<std::string, double>> perplexitiesOf(const ordered_json& diag) {
    std::vector<std::pair<std::string, double>> out;
    if (!diag.is_object()) return out;
    for (const char* key : {"ppl", "perplexity", "perplexities", "eval"}) {
        auto it = diag.find(key);
        if (it == diag.end()) continue;
        if (it->is_number()) out.push_back({key, it->get<double>()});
        if (it->is_object())
            for (auto e = it->begin(); e != it->end(); ++e)
                if (e->is_number()) out.push_back({std::string(key) + " " + e.key(), e->get<double>()});
    }
    return out;
}

// Multiple-choice accuracies recorded by `owq eval-choice --record` (evaluations with a "choice" object).
std::string choiceTable(const ordered_json& diag) {
    if (!diag.is_object() || !diag.contains("evaluations") || !diag["evaluations"].is_array()) return {};
    std::ostringstream md;
    int rows = 0;
    for (const ordered_json& e : diag["evaluations"]) {
        if (!e.is_object() || !e.contains("choice") || !e["choice"].is_object()) continue;
        const ordered_json& c = e["choice"];
        const auto num = [&](const char* key) {
            return c.contains(key) && c[key].is_number() ? fmt(c[key].get<double>(), 4) : std::string("-");
        };
        if (rows++ == 0)
            md << "## Multiple-choice accuracy\n\nMeasured with `owq eval-choice --record` "
                  "(docs/EVALUATION.md: "
                  "each choice scored by its summed log-likelihood; acc_norm divides it by the choice's "
                  "length "
                  "in characters; +- the standard error over items):\n\n"
                  "| task file | FNV-1a digest | items | acc | acc_norm |\n| --- | --- | --- | --- | --- |\n";
        md << "| `" << c.value("task_file", std::string("?")) << "` | `"
           << c.value("task_digest", std::string()) << "` | " << c.value("n", 0ll) << " | " << num("acc")
           << " +- " << num("acc_stderr") << " | " << num("acc_norm") << " +- " << num("acc_norm_stderr")
           << " |\n";
    }
    if (rows) md << "\n";
    return md.str();
}

// Measurements recorded by `owq ppl --record` (the diagnostics' "evaluations", evaluationJson's form) as a
// table with each number's protocol.
std::string evaluationsTable(const ordered_json& diag, const std::string& source) {
    if (!diag.is_object() || !diag.contains("evaluations") || !diag["evaluations"].is_array()) return {};
    std::ostringstream md;
    md << "| evaluation text | FNV-1a digest | seqlen / stride | BOS | text tokens | predicted tokens | "
          "perplexity | reference (perplexity) | KLD mean | KLD median | KLD p99 | KLD max | top-1 agreement "
          "|\n";
    md << "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    int rows = 0;
    for (const ordered_json& e : diag["evaluations"]) {
        if (!e.is_object() || !e.contains("ppl") || !e["ppl"].is_number()) continue;
        const ordered_json p = e.value("protocol", ordered_json::object());
        const ordered_json k = e.value("kld", ordered_json::object());
        const ordered_json ref = e.value("reference", ordered_json::object());
        const bool kld = k.is_object() && k.contains("mean");
        const auto num = [](const ordered_json& o, const char* key, int digits) {
            return o.is_object() && o.contains(key) && o[key].is_number() ? fmt(o[key].get<double>(), digits)
                                                                          : std::string("-");
        };
        md << "| `" << p.value("eval_file", std::string("?")) << "` | `"
           << p.value("eval_digest", std::string()) << "` | " << p.value("seqlen", 0ll) << " / "
           << p.value("stride", 0ll) << " | " << p.value("bos", std::string("?")) << " | "
           << p.value("text_tokens", 0ll) << " | " << p.value("predicted_tokens", 0ll) << " | "
           << num(e, "ppl", 4)
           // Measured one decoder layer at a time (a model larger than memory): the same numbers.
           << (p.value("eval_path", std::string()) == "layers" ? " (layer by layer)" : "") << " | ";
        if (kld)
            md << "`" << fs::path(ref.value("model", std::string())).filename().string() << "` ("
               << num(ref, "ppl", 4) << ") | " << num(k, "mean", 6) << " | " << num(k, "median", 6) << " | "
               << num(k, "p99", 6) << " | " << num(k, "max", 6) << " | " << num(e, "top1", 2) << "% |\n";
        else
            md << "- | - | - | - | - | - |\n";
        ++rows;
    }
    if (rows == 0) return {};
    return "Measured on `" + source +
           "` with `owq ppl --record` (docs/EVALUATION.md: the text tokenized at once, BOS as listed, "
           "non-overlapping windows; KL divergence of this model's next-token distribution from the "
           "reference's, per predicted token; top-1: tokens where both models' most likely next token is the "
           "same):\n\n" +
           md.str() + "\n";
}

struct CardInput {
    ExportOptions options;
    std::string name;         // the export folder's name
    std::string source;       // the source folder
    ordered_json config;      // the source config.json
    ordered_json diagnostics; // owq_diagnostics.json or null
    const ExportResult* result = nullptr;
};

std::string modelCard(const CardInput& in) {
    const ordered_json& cfg = in.config;
    const ordered_json qc = cfg.value("quantization_config", ordered_json::object());
    const bool quantized = qc.is_object() && qc.value("quant_method", std::string()) == "owq";
    const ExportFormat f = in.options.format;
    std::ostringstream md;
    md << "---\n";
    md << "library_name: " << (f == ExportFormat::GptqLora ? "peft" : "transformers") << "\n";
    md << "tags:\n  - owq\n  - owq-studio\n";
    if (quantized) md << "  - quantized\n";
    if (f == ExportFormat::GptqLora) md << "  - gptq\n  - lora\n";
    md << "---\n\n";
    md << "# " << in.name << "\n\n";
    md << "Exported by OWQ Studio " << version() << " (`owq export --format " << exportFormatName(f)
       << "`) from `" << fs::path(in.source).filename().string() << "`";
    if (in.diagnostics.is_object() && in.diagnostics.contains("model"))
        md << ", quantized from `"
           << fs::path(in.diagnostics.value("model", std::string())).filename().string() << "`";
    md << ".\n\n";

    md << "| | |\n| --- | --- |\n";
    md << "| architecture | " << (cfg.contains("architectures") ? cfg["architectures"].dump() : "?") << " ("
       << cfg.value("model_type", std::string("?")) << ", " << cfg.value("num_hidden_layers", 0)
       << " layers, hidden " << cfg.value("hidden_size", 0) << ") |\n";
    if (quantized) {
        const int gs = qc.value("group_size", 0);
        md << "| method | " << qc.value("method", std::string("owq"))
           << " (outlier-aware weight quantization: "
           << "weak input columns kept in fp16) |\n";
        md << "| bits | " << qc.value("bits", 0) << " |\n";
        md << "| group size | " << (gs > 0 ? std::to_string(gs) : std::string("per output channel"))
           << " |\n";
        md << "| symmetric | " << (qc.value("sym", false) ? "yes" : "no") << " |\n";
        if (qc.contains("average_bits"))
            md << "| average bits per weight | " << fmt(qc.value("average_bits", 0.0)) << " |\n";
        if (const std::string head = qc.value("head", std::string()); !head.empty() && head != "source")
            md << "| LM head | "
               << (head == "int8"   ? "int8, symmetric per output row with a float32 scale per row"
                   : head == "bf16" ? "bfloat16 (rounded to nearest even)"
                                    : "float32")
               << (cfg.value("tie_word_embeddings", false) ? ", tied to the embedding" : "")
               << (f == ExportFormat::Owq ? "" : "; this export holds it as its other float weights")
               << " |\n";
        if (qc.value("target_bit", 0.0) > 0)
            md << "| target bits | " << fmt(qc.value("target_bit", 0.0), 2) << " |\n";
        if (in.diagnostics.is_object() && in.diagnostics.contains("weak_columns_total"))
            md << "| weak columns | " << in.diagnostics["weak_columns_total"].dump() << " in total |\n";
        if (in.diagnostics.is_object() && in.diagnostics.contains("recipe") &&
            in.diagnostics["recipe"].value("allocation", std::string("owq")) == "sensitivity")
            md << "| weak-column allocation | sensitivity (the reference rule's bits, spent on the linears "
                  "where a float pass measured the most gain) |\n";
        if (qc.value("clip_search", false))
            md << "| clip search | yes: per output row, the solve (grid as fitted or its range shrunk to "
                  "95, 90, 85 or 80%) with the least layer loss on the calibration data |\n";
        if (qc.contains("bits_overrides") && qc["bits_overrides"].is_object() &&
            !qc["bits_overrides"].empty()) {
            // Mixed precision: how many linears took each width.
            std::map<int, int> count;
            for (const auto& [name, b] : qc["bits_overrides"].items())
                if (b.is_number_integer()) ++count[b.get<int>()];
            md << "| bit widths per linear |";
            for (const auto& [b, n] : count) md << " " << n << " linears at " << b << " bits;";
            md << " the rest at " << qc.value("bits", 0) << " bits (chosen by measured sensitivity) |\n";
        }
    } else {
        md << "| method | not quantized (or fake-quantized floats) |\n";
    }
    md << "| export format | " << exportFormatName(f);
    if (f == ExportFormat::Hf) md << ", " << (in.options.dtype == ExportDType::BF16 ? "bfloat16" : "float16");
    if (f == ExportFormat::GptqLora && in.result)
        md << ", checkpoint_format `" << in.result->gptqCheckpointFormat << "`, " << in.result->gptqLinears
           << " GPTQ linears, " << in.result->denseLinears << " dense linears, " << in.result->loraLinears
           << " linears in the LoRA adapter (rank up to " << in.result->loraRankMax << ")";
    md << " |\n\n";

    md << "## Perplexity\n\n";
    const auto ppl = perplexitiesOf(in.diagnostics);
    fs::path sourceName = fs::path(in.source).lexically_normal();
    if (!sourceName.has_filename()) sourceName = sourceName.parent_path(); // "dir/"
    const std::string evaluations = evaluationsTable(in.diagnostics, sourceName.filename().string());
    if (ppl.empty() && evaluations.empty()) {
        // owq ppl reads owq and hf folders; a gptq+lora export computes like its packed source.
        const std::string folder =
            f == ExportFormat::GptqLora ? fs::path(in.source).filename().string() : in.name;
        md << "The diagnostics record no perplexity. Measure it with `owq ppl " << folder
           << " --data eval.txt`"
           << (f == ExportFormat::GptqLora ? " (GPTQ + LoRA reproduce its weights exactly)" : "")
           << "; `--reference FLOAT_MODEL` adds the KL divergence from the float model, `--record` keeps the "
              "numbers for the next export's card.\n\n";
    } else {
        for (const auto& [k, v] : ppl) md << "- " << k << ": " << fmt(v) << "\n";
        if (!ppl.empty()) md << "\n";
        md << evaluations;
    }
    md << choiceTable(in.diagnostics);

    if (quantized) {
        md << "## Recipe\n\n```json\n" << qc.dump(2) << "\n```\n\n";
    }

    md << "## How to load\n\n";
    switch (f) {
    case ExportFormat::Owq:
        md << "The native packed OWQ format (OWQ Studio's docs/FORMAT.md): open it with OWQ Studio or\n\n"
           << "```sh\nowq generate " << in.name << " --prompt \"Once upon a time\"\nowq ppl " << in.name
           << " --data eval.txt\n```\n\n";
        break;
    case ExportFormat::Hf:
        md << "Plain " << cfg.value("model_type", std::string("llama"))
           << " weights, dequantized (every quantized weight equals the OWQ model's up to "
           << (in.options.dtype == ExportDType::BF16 ? "bfloat16" : "float16")
           << " rounding); no quantization_config, so any Hugging Face compatible runtime loads it:\n\n"
           << "```python\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n"
           << "model = AutoModelForCausalLM.from_pretrained(\"" << in.name << "\", torch_dtype=\"auto\")\n"
           << "tokenizer = AutoTokenizer.from_pretrained(\"" << in.name << "\")\n```\n\n";
        break;
    case ExportFormat::GptqLora:
        md << "A GPTQ checkpoint (`quant_method: gptq`) in which the weak columns are zero, plus the PEFT "
              "LoRA "
           << "adapter in `" << kWeakLoraDir
           << "/` whose update B·A (B = the weak columns' fp16 weights, A = "
           << "a 0/1 column selector, scaling 1) adds them back exactly. Load both:\n\n"
           << "```python\nfrom transformers import AutoModelForCausalLM\nfrom peft import PeftModel\n"
           << "base = AutoModelForCausalLM.from_pretrained(\"" << in.name << "\", device_map=\"auto\")\n"
           << "model = PeftModel.from_pretrained(base, \"" << in.name << "/" << kWeakLoraDir << "\")\n```\n\n"
           << "The GPTQ part alone runs too (without its weak columns, so less accurately). The adapter "
              "gives "
           << "each linear its own rank through `rank_pattern`/`alpha_pattern`; a runtime that supports GPTQ "
           << "with LoRA but not per-module ranks cannot use it as is.\n\n";
        break;
    }
    md << "`owq_diagnostics.json` (when present) holds the per-linear diagnostics of the quantization: weak "
       << "columns, Hessian diagonals, errors before and after GPTQ (`owq inspect` reads it).\n";
    return md.str();
}

void copyIfPresent(const fs::path& srcDir, const fs::path& dstDir, const char* file) {
    std::error_code ec;
    if (fs::is_regular_file(srcDir / file, ec)) copyFile(srcDir / file, dstDir / file);
}

std::uint64_t folderBytes(const fs::path& dir, std::vector<std::string>& files) {
    std::uint64_t total = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) {
            total += e.file_size();
            files.push_back(fs::relative(e.path(), dir).generic_string());
        }
    std::sort(files.begin(), files.end());
    return total;
}

// An int8 head (docs/FORMAT.md) leaves as the float ".weight" the other formats' readers expect.
bool isInt8HeadPart(const ModelConfig& cfg, const std::string& name) {
    return cfg.quantization.head == "int8" &&
           (name == headBaseName(cfg) + kHeadCodes || name == headBaseName(cfg) + kHeadScales);
}

void addInt8HeadAsFloat(const Checkpoint& ck, ExportDType d, std::vector<PlannedTensor>& tensors) {
    const ModelConfig& cfg = ck.config();
    if (cfg.quantization.head != "int8") return;
    tensors.push_back({headTensorName(cfg), dtypeOf(d), {cfg.vocabSize, cfg.embedDim()}, [&ck, d] {
                           return blobOf(CompactHead::load(ck)->denseWeight().to(scalarTypeOf(d)));
                       }});
}

} // namespace

// ---------------------------------------------------------------------------------------------------------
// The export

ExportResult exportModel(const LanguageModel& lm, const std::string& dir, const ExportOptions& o,
                         const JobContext& job) {
    const auto start = std::chrono::steady_clock::now();
    checkOptions(o);
    if (std::string why = sourceBlocker(lm, o); !why.empty()) throw Error(ErrorKind::Unsupported, why);
    if (o.format == ExportFormat::GptqLora)
        if (std::string why = gptqBlocker(lm, o); !why.empty()) throw Error(ErrorKind::Unsupported, why);

    const Checkpoint& ck = lm.checkpoint();
    const fs::path src = ck.dir();
    const ordered_json srcConfig = readJsonFile(src / "config.json");
    ordered_json diagnostics;
    if (fs::is_regular_file(src / "owq_diagnostics.json")) {
        try {
            diagnostics = ordered_json::parse(readTextFile((src / "owq_diagnostics.json").string()));
        } catch (const std::exception&) {
            diagnostics = nullptr; // copied as it is; the card just cannot quote it
        }
    }

    StagingFolder stage(dir, ck.dir(), "export");
    ExportResult result;
    result.format = o.format;
    result.dir = stage.target().string();

    // What goes into the model's safetensors (and the adapter's).
    std::vector<PlannedTensor> tensors, adapter;
    std::map<std::string, std::string> metadata{{"format", "pt"}};
    ordered_json config = srcConfig;
    ordered_json quantizationConfig, adapterConfig;
    const std::vector<LinearRef> linears = decoderLinears(lm);
    std::set<std::string> linearBases;
    for (const LinearRef& L : linears) linearBases.insert(L.base);
    auto belongsToLinear = [&](const std::string& name) {
        const std::size_t dot = name.rfind('.');
        return dot != std::string::npos && linearBases.count(name.substr(0, dot)) != 0;
    };

    switch (o.format) {
    case ExportFormat::Owq: {
        const std::vector<std::string> names = ck.tensorNames();
        for (const std::string& name : names) tensors.push_back(rawTensor(ck, name));
        if (!names.empty()) metadata = ck.tensor(names.front()).file->metadata();
        break;
    }
    case ExportFormat::Hf: {
        for (const std::string& name : ck.tensorNames())
            if (!belongsToLinear(name) && !isInt8HeadPart(ck.config(), name))
                tensors.push_back(convertedTensor(ck, name, o.dtype));
        addInt8HeadAsFloat(ck, o.dtype, tensors);
        const at::ScalarType st = scalarTypeOf(o.dtype);
        for (const LinearRef& L : linears) {
            tensors.push_back({L.base + ".weight", dtypeOf(o.dtype), {L.rows, L.cols}, [&lm, L, st] {
                                   return blobOf(denseWeightOf(lm, L).to(st));
                               }});
            const bool bias =
                lm.impl().model->layerLoaded(L.layer) ? biasOf(lm, L).defined() : ck.has(L.base + ".bias");
            if (bias)
                tensors.push_back({L.base + ".bias", dtypeOf(o.dtype), {L.rows}, [&lm, L, st] {
                                       return blobOf(biasOf(lm, L).to(st));
                                   }});
        }
        config.erase("quantization_config");
        config["torch_dtype"] = o.dtype == ExportDType::BF16 ? "bfloat16" : "float16";
        break;
    }
    case ExportFormat::GptqLora: {
        for (const std::string& name : ck.tensorNames())
            if (!belongsToLinear(name) && !isInt8HeadPart(ck.config(), name))
                tensors.push_back(convertedTensor(ck, name, o.dtype));
        addInt8HeadAsFloat(ck, o.dtype, tensors);
        planGptqLora(lm, o, stage.target().filename().string(), tensors, adapter, quantizationConfig,
                     adapterConfig, result);
        config["quantization_config"] = quantizationConfig;
        config["torch_dtype"] = o.dtype == ExportDType::BF16 ? "bfloat16" : "float16";
        break;
    }
    }
    sortTensorsByLayer(tensors);

    ExportProgress progress{&job, 0, (long long)(tensors.size() + adapter.size())};
    job.report({"export", 0, progress.total, "writing " + result.dir});
    const std::vector<std::string> modelFiles =
        writeShardedSafetensors(stage.path(), "model", tensors, o.maxShardBytes, metadata, progress);
    result.shards = int(std::count_if(modelFiles.begin(), modelFiles.end(), [](const std::string& f) {
        return f.size() > 12 && f.compare(f.size() - 12, 12, ".safetensors") == 0;
    }));
    if (!adapter.empty()) {
        const fs::path adir = stage.path() / kWeakLoraDir;
        fs::create_directories(adir);
        sortTensorsByLayer(adapter);
        writeShardedSafetensors(adir, "adapter_model", adapter, ~std::uint64_t(0), {{"format", "pt"}},
                                progress);
        writeFileAtomic((adir / "adapter_config.json").string(), adapterConfig.dump(2) + "\n");
    }

    progress.check();
    if (o.format == ExportFormat::Owq)
        copyFile(src / "config.json", stage.path() / "config.json");
    else
        writeFileAtomic((stage.path() / "config.json").string(), config.dump(2) + "\n");
    if (o.format == ExportFormat::GptqLora)
        writeFileAtomic((stage.path() / "quantize_config.json").string(), quantizationConfig.dump(2) + "\n");
    copyTokenizerFiles(src, stage.path());
    copyIfPresent(src, stage.path(), "owq_diagnostics.json");

    CardInput card{o, stage.target().filename().string(), src.string(), srcConfig, diagnostics, &result};
    writeFileAtomic((stage.path() / "README.md").string(), modelCard(card));

    progress.check();
    stage.commit();
    result.bytes = folderBytes(stage.target(), result.files);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    job.report({"export", progress.total, progress.total, "done: " + result.dir});
    return result;
}

ExportResult exportModelFolder(const std::string& modelDir, const std::string& dir,
                               const ExportOptions& options, const JobContext& job) {
    checkOptions(options);
    LoadOptions load;
    load.deferLayers = true;
    auto lm = LanguageModel::open(modelDir, load, job);
    return exportModel(*lm, dir, options, job);
}

} // namespace owq
