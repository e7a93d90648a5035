// owq quantize MODEL --method owq|gptq|rtn --wbits B [--target-bit T | --weak-columns K] --calib FILE --out
// DIR: writes the packed OWQ folder (docs/FORMAT.md), or with --fake a float32 fake-quantized one, each with
// owq_diagnostics.json.
#include "cli_common.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"

#include <cstdio>
#include <filesystem>

namespace owqcli {

void addQuantizeCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("quantize", "Quantize a model with OWQ, GPTQ/OPTQ or RTN");
    struct Flags {
        std::string model, calib, out, method = "owq", eval, sampling = "uniform", head = "source";
        int wbits = 3, groupsize = 0, nsamples = 128, seqlen = 0, weak = -1, errorWindows = 16;
        double target = 0, percdamp = 0.01;
        bool actOrder = false, clipSearch = false, mse = false, minmax = false, sym = false,
             hdiagOnly = false, fake = false, resume = false;
        std::uint64_t seed = 0;
        AllocationFlags allocation;
    };
    auto f = std::make_shared<Flags>();
    cmd->add_option("MODEL", f->model, "Model folder")->required();
    cmd->add_option("--method", f->method, "owq, gptq (alias optq) or rtn")->capture_default_str();
    cmd->add_option("--wbits", f->wbits, "Base bit width: 2, 3, 4 or 8")->capture_default_str();
    cmd->add_option("--target-bit", f->target, "OWQ: average bits to reach with fp16 weak columns");
    cmd->add_option("--weak-columns", f->weak, "OWQ: the same number of weak columns in every linear");
    addAllocationOptions(
        cmd, f->allocation,
        "OWQ: where the weak-column bits go: owq (the reference's per-type rule) or "
        "sensitivity (the same total bits, by measured sensitivity across all linears)",
        "With --allocation sensitivity: the base bit widths a linear may take (e.g. 2,3,4), "
        "chosen per linear under the same total bits",
        "With --allocation sensitivity: what ranks the linears: kl (the model's KL divergence "
        "with each linear rounded; every float layer in memory), layer (each layer's output "
        "error; one layer at a time), raw, or auto (kl where it fits, else layer)");
    cmd->add_option("--groupsize", f->groupsize, "Quantization group size (0: per output channel)")
        ->capture_default_str();
    cmd->add_flag("--act-order", f->actOrder, "Process columns by decreasing Hessian diagonal");
    cmd->add_flag(
        "--clip-search", f->clipSearch,
        "GPTQ/OWQ: also solve with each grid's range shrunk to 95-80% and keep, per output row, the "
        "solve with the least layer loss (5 solves per linear)");
    cmd->add_flag("--mse", f->mse, "Grid search for scale/zero (OWQ's default)");
    cmd->add_flag("--minmax", f->minmax, "Plain min/max scale/zero (GPTQ's and RTN's default)");
    cmd->add_flag("--sym", f->sym, "Symmetric quantization");
    cmd->add_flag("--h-diag-only", f->hdiagOnly, "OWQ: rank columns by H_jj alone");
    cmd->add_option("--percdamp", f->percdamp, "Hessian damping (fraction of its mean diagonal)")
        ->capture_default_str();
    cmd->add_option("--calib", f->calib, "Calibration text file")->required();
    cmd->add_option("--nsamples", f->nsamples, "Calibration windows")->capture_default_str();
    cmd->add_option("--seqlen", f->seqlen, "Tokens per window (default: min(2048, context))");
    cmd->add_option("--seed", f->seed, "Seed of the window sampling")->capture_default_str();
    cmd->add_option("--sampling", f->sampling,
                    "Window sampling: uniform, or reference (the official OWQ code's Python random)")
        ->capture_default_str();
    cmd->add_option(
           "--head", f->head,
           "How the packed folder stores the LM head (the embedding when tied): source (as the model "
           "has it), f32, bf16 or int8 (per-row, format version 2)")
        ->check(CLI::IsMember({"source", "f32", "bf16", "int8"}))
        ->capture_default_str();
    cmd->add_option(
           "--output-error-windows", f->errorWindows,
           "Calibration windows each layer's output error is measured on (0: all; each costs a float "
           "pass of the layer over it)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--eval", f->eval, "Also report perplexity of the result on this text");
    cmd->add_option("--out", f->out, "Output folder (must not exist)")->required();
    cmd->add_flag("--fake", f->fake, "Write dequantized float32 weights instead of the packed format");
    cmd->add_flag("--resume", f->resume,
                  "Continue an interrupted run from its last finished layer (kept in OUT.partial; the same "
                  "model, calibration text and options are required)");
    cmd->callback([&g, f] {
        if (f->mse && f->minmax)
            throw owq::Error(owq::ErrorKind::InvalidArgument, "--mse and --minmax exclude each other");
        const owq::Method method =
            f->method == "owq"                           ? owq::Method::OWQ
            : f->method == "gptq" || f->method == "optq" ? owq::Method::GPTQ
            : f->method == "rtn"
                ? owq::Method::RTN
                : throw owq::Error(owq::ErrorKind::InvalidArgument,
                                   "--method must be owq, gptq or rtn, not '" + f->method + "'");
        owq::QuantRecipe r = owq::QuantRecipe::defaults(method, f->wbits);
        if (f->mse) r.quantizer.mse = true;
        if (f->minmax) r.quantizer.mse = false;
        r.quantizer.groupSize = f->groupsize;
        r.quantizer.symmetric = f->sym;
        r.gptq.actOrder = f->actOrder;
        r.gptq.clipSearch = f->clipSearch;
        r.gptq.percdamp = float(f->percdamp);
        r.targetBits = f->target;
        if (f->weak >= 0) r.weakColumns = f->weak;
        r.sensitivityFromHDiagOnly = f->hdiagOnly;
        r.nsamples = f->nsamples;
        r.seqlen = f->seqlen;
        r.seed = f->seed;
        r.sampling = samplingFlag(f->sampling);
        applyAllocationFlags(f->allocation, r);
        r.head = owq::headFormatFromName(f->head);
        r.outputErrorWindows = f->errorWindows;
        if (std::filesystem::exists(f->out) && !std::filesystem::is_empty(f->out))
            throw owq::Error(owq::ErrorKind::InvalidArgument, f->out + ": already exists and is not empty");
        const std::string calib = owq::readTextFile(f->calib);
        const std::string eval = f->eval.empty() ? std::string() : owq::readTextFile(f->eval);
        // Layers are read as the pipeline reaches them: one float32 decoder layer in memory at a time.
        owq::LoadOptions load = loadOptions(g);
        load.deferLayers = true;
        auto lm = owq::LanguageModel::open(f->model, load, {progressBar(g), interruptToken()});
        // Finished layers, their diagnostics and the next layer's inputs are kept in OUT.partial as the run
        // goes, so a killed or interrupted run continues with --resume; it is removed once OUT is written.
        std::filesystem::path outPath = std::filesystem::path(f->out).lexically_normal();
        if (!outPath.has_filename()) outPath = outPath.parent_path(); // "out/"
        const std::string partial = outPath.string() + ".partial";
        // The output (packed, or float32 with --fake) is assembled from those layer files, so finished layers
        // leave memory as they are written: memory does not grow with the number of layers.
        const std::filesystem::path state = std::filesystem::path(partial) / "state.json";
        const bool partialBefore = std::filesystem::exists(partial);
        const bool stateBefore = std::filesystem::exists(state);
        owq::QuantReport rep;
        try {
            rep = owq::quantizeModel(*lm, calib, r, {progressBar(g), interruptToken()}, nullptr,
                                     {partial, f->resume, /*releaseFinished=*/true});
            if (f->fake)
                owq::saveFakeQuantized(*lm, rep, f->out, {progressBar(g), interruptToken()}, partial);
            else
                owq::savePacked(*lm, rep, f->out, {progressBar(g), interruptToken()}, partial);
        } catch (const owq::Error& e) {
            // Stopped before any layer was recorded: nothing to resume, so the folder this run made goes
            // (a full disk gets its space back, and the next run is not refused for it).
            if (!std::filesystem::exists(state)) {
                std::error_code ec;
                if (!partialBefore) std::filesystem::remove_all(partial, ec);
                throw;
            }
            // A run that stops after finished layers (cancelled, a NaN weight in a later layer, disk full)
            // keeps them, and the next plain run would refuse OUT.partial: say what it is and what to do,
            // unless it was there before this run (the user already knows of it).
            if (stateBefore) throw;
            throw owq::Error(e.kind(),
                             std::string(e.what()) + " (the finished layers are kept in " + partial +
                                 ": the same command with --resume continues there once the cause " +
                                 "is fixed; delete that folder to start over)");
        }
        std::filesystem::remove_all(partial);
        lm.reset();
        double ppl = 0;
        // --eval measures the model as written, read back from OUT.
        if (!eval.empty())
            ppl = owq::LanguageModel::open(f->out, loadOptions(g), {progressBar(g), interruptToken()})
                      ->perplexity(eval, 0, {progressBar(g), interruptToken()})
                      .ppl;
        finishProgress(g);
        std::uint64_t bytes = 0;
        for (const auto& e : std::filesystem::directory_iterator(f->out))
            if (e.is_regular_file()) bytes += e.file_size();
        if (g.json) {
            nlohmann::json j = {{"out", std::filesystem::absolute(f->out).string()},
                                {"method", owq::methodName(method)},
                                {"bits", f->wbits},
                                {"average_bits", rep.averageBits},
                                {"weak_columns_total", rep.weakColumnsTotal},
                                {"seconds", rep.seconds},
                                {"bytes_on_disk", bytes},
                                {"format", f->fake ? "fake" : "packed"},
                                {"recipe", nlohmann::json::parse(rep.recipe.toJson())}};
            if (!eval.empty()) j["ppl"] = ppl;
            printJson(j);
            return;
        }
        std::printf("%s %d-bit: %.4f bits/weight achieved, %lld weak columns, %.1f s -> %s (%.2f MiB, %s)\n",
                    owq::methodName(method), f->wbits, rep.averageBits, (long long)rep.weakColumnsTotal,
                    rep.seconds, f->out.c_str(), double(bytes) / 1048576.0,
                    f->fake ? "fake-quantized F32" : "packed");
        if (!eval.empty()) std::printf("perplexity on %s: %.4f\n", f->eval.c_str(), ppl);
    });
}

} // namespace owqcli
