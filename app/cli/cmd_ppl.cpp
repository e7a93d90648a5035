// owq ppl MODEL --data FILE [--seqlen N] [--reference FP_DIR [--record]]: perplexity by the protocol in
// docs/EVALUATION.md, and with a reference the KL divergence of the model's next-token distribution from it.
#include "cli_common.h"
#include "owq/checkpoint.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/eval_path.h"
#include "owq/text_file.h"

#include <cstdio>
#include <filesystem>

namespace owqcli {

namespace {

std::string idsText(const std::vector<std::int32_t>& ids) {
    std::string s;
    for (std::int32_t id : ids) s += (s.empty() ? "" : " ") + std::to_string(id);
    return s;
}

} // namespace

void addPplCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("ppl", "Perplexity of a model on a text file");
    struct Flags {
        std::string model, data, reference;
        long long seqlen = 0;
        bool record = false;
    };
    auto f = std::make_shared<Flags>();
    cmd->add_option("MODEL", f->model, "Model folder")->required();
    cmd->add_option("--data", f->data, "UTF-8 text file")->required();
    cmd->add_option("--seqlen", f->seqlen, "Window length (default: min(2048, context))");
    cmd->add_option("--reference", f->reference,
                    "Float model folder: also report the KL divergence of MODEL's next-token distribution "
                    "from it and the top-1 agreement (each model whole or layer by layer, as memory allows)");
    cmd->add_flag("--record", f->record,
                  "Add the measurement to MODEL's owq_diagnostics.json, where model cards quote it");
    cmd->callback([&g, f] {
        const std::string text = owq::readTextFile(f->data);
        if (f->record) requireDiagnosticsFor("--record", f->model);
        // Whole or layer by layer (docs/EVALUATION.md): the reference's choice counts the model's memory.
        const owq::EvalPathChoice path =
            owq::chooseEvalPath(owq::Checkpoint::open(f->model)->config(), f->seqlen);
        owq::LoadOptions load = loadOptions(g);
        load.evalPath = path.path;
        auto lm = owq::LanguageModel::open(f->model, load, {progressBar(g), interruptToken()});
        owq::PerplexityResult r;
        owq::KlDivergenceResult k;
        const bool withReference = !f->reference.empty();
        if (withReference) {
            owq::LoadOptions refLoad = load;
            refLoad.evalPath =
                owq::chooseEvalPath(owq::Checkpoint::open(f->reference)->config(), f->seqlen,
                                    path.path == owq::EvalPath::Whole ? path.wholeBytes : path.layersBytes)
                    .path;
            auto ref = owq::LanguageModel::open(f->reference, refLoad, {progressBar(g), interruptToken()});
            k = lm->klDivergence(*ref, text, f->seqlen, {progressBar(g), interruptToken()});
            r = k.model;
        } else {
            r = lm->perplexity(text, f->seqlen, {progressBar(g), interruptToken()});
        }
        r.protocol.file = std::filesystem::path(f->data).filename().string();
        finishProgress(g);
        const std::string refName =
            withReference ? std::filesystem::path(f->reference).lexically_normal().string() : std::string();
        const std::string record = owq::evaluationJson(r, withReference ? &k : nullptr, refName);
        if (f->record) owq::recordEvaluation(f->model, record);
        if (g.json) {
            printJson(nlohmann::json::parse(record));
            return;
        }
        std::printf("perplexity %.4f over %lld tokens (%lld windows of %lld) in %.1f s, %s\n", r.ppl,
                    (long long)r.tokens, (long long)r.windows, (long long)r.seqlen, r.seconds,
                    path.path == owq::EvalPath::Layers ? "layer by layer" : "whole model");
        if (withReference) {
            const owq::KlDivergenceStats& s = k.kld;
            std::printf(
                "KL divergence from %s (perplexity %.4f): mean %.6f, median %.6f, p99 %.6f, max %.6f\n",
                refName.c_str(), k.reference.ppl, s.mean, s.median, s.p99, s.max);
            std::printf("top-1 agreement %.2f%% of %lld tokens\n", s.top1, (long long)s.tokens);
        }
        const owq::EvalProtocol& p = r.protocol;
        std::printf("protocol: %s (FNV-1a %s), %lld tokens with BOS %s%s, windows of %lld tokens every %lld, "
                    "%lld predicted\n",
                    p.file.c_str(), p.textDigest.c_str(), (long long)p.textTokens, p.bos(),
                    p.startIds.empty() ? "" : (" [" + idsText(p.startIds) + "]").c_str(), (long long)p.seqlen,
                    (long long)p.stride, (long long)p.predictedTokens);
        if (f->record) std::printf("recorded in %s/owq_diagnostics.json\n", f->model.c_str());
    });
}

} // namespace owqcli
