// owq export MODEL --format owq|hf|gptq+lora [--dtype f16|bf16] [--max-shard-size 5GB] [--gptq-format
// gptq|gptq_v2] [--dense-fallback] --out DIR: writes a packed OWQ model in a format other tools run
// (docs/EXPORT.md).
#include "cli_common.h"
#include "owq/error.h"
#include "owq/export.h"

#include <cstdio>

namespace owqcli {

void addExportCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd =
        app.add_subcommand("export", "Export a packed OWQ model: native (owq), dequantized HF (hf) or "
                                     "GPTQ + LoRA adapter (gptq+lora)");
    struct Flags {
        std::string model, out, format = "owq", dtype = "f16", maxShard = "5GB", gptqFormat = "gptq";
        bool denseFallback = false;
    };
    auto f = std::make_shared<Flags>();
    cmd->add_option("MODEL", f->model, "Packed OWQ model folder (what `owq quantize` writes)")->required();
    cmd->add_option("--format", f->format, "owq, hf or gptq+lora")->capture_default_str();
    cmd->add_option("--dtype", f->dtype, "f16 or bf16: hf weights; gptq+lora embeddings, norms, head")
        ->capture_default_str();
    cmd->add_option("--max-shard-size", f->maxShard,
                    "Split the weights into shards above this (5GB, 500MB, 2GiB)")
        ->capture_default_str();
    cmd->add_option("--gptq-format", f->gptqFormat,
                    "gptq+lora: gptq (qzeros hold zero-1; every GPTQ runtime) or gptq_v2 (GPTQModel)")
        ->capture_default_str();
    cmd->add_flag("--dense-fallback", f->denseFallback,
                  "gptq+lora: keep linears GPTQ cannot pack (features not multiples of 32) as float weights");
    cmd->add_option("--out", f->out, "Output folder (must not exist or be empty)")->required();
    cmd->callback([&g, f] {
        owq::ExportOptions o;
        o.format = owq::parseExportFormat(f->format);
        o.dtype = owq::parseExportDType(f->dtype);
        o.maxShardBytes = owq::parseByteSize(f->maxShard);
        o.gptqCheckpointFormat = f->gptqFormat;
        o.denseFallback = f->denseFallback;
        const owq::ExportResult r =
            owq::exportModelFolder(f->model, f->out, o, {progressBar(g), interruptToken()});
        finishProgress(g);
        if (g.json) {
            printJson(nlohmann::json::parse(r.toJson()));
            return;
        }
        std::printf("exported %s%s -> %s: %zu files, %.2f MiB, %d shard%s, %.1f s\n",
                    owq::exportFormatName(o.format),
                    o.format == owq::ExportFormat::Owq
                        ? ""
                        : (std::string(" (") + owq::exportDTypeName(o.dtype) + ")").c_str(),
                    r.dir.c_str(), r.files.size(), double(r.bytes) / 1048576.0, r.shards,
                    r.shards == 1 ? "" : "s", r.seconds);
        if (o.format == owq::ExportFormat::GptqLora)
            std::printf(
                "checkpoint_format %s: %d GPTQ linears, %d dense linears, %d in the LoRA adapter (rank up to "
                "%lld)\n",
                r.gptqCheckpointFormat.c_str(), r.gptqLinears, r.denseLinears, r.loraLinears,
                (long long)r.loraRankMax);
    });
}

} // namespace owqcli
