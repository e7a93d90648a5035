// owq eval-choice MODEL --tasks FILE.jsonl: multiple-choice accuracy (acc, acc_norm) as lm-evaluation-harness
// scores HellaSwag/ARC/PIQA, on a JSONL file of {"context", "choices", "label"} (docs/EVALUATION.md).
#include "cli_common.h"
#include "owq/checkpoint.h"
#include "owq/choice_eval.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/eval_path.h"

#include <cstdio>

namespace owqcli {

void addEvalChoiceCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand(
        "eval-choice", "Multiple-choice accuracy (acc, acc_norm) on a JSONL file of context, choices, label");
    struct Flags {
        std::string model, tasks, delimiter = " ";
        bool items = false, record = false;
    };
    auto f = std::make_shared<Flags>();
    cmd->add_option("MODEL", f->model, "Model folder (float or packed)")->required();
    cmd->add_option("--tasks", f->tasks, "JSONL file: one {\"context\", \"choices\", \"label\"} per line")
        ->required();
    cmd->add_option("--delimiter", f->delimiter,
                    "Text between context and choice (lm-eval's target_delimiter)")
        ->capture_default_str();
    cmd->add_flag("--items", f->items, "Also list every item's log-likelihoods (JSON: \"items\")");
    cmd->add_flag("--record", f->record,
                  "Add the result to MODEL's owq_diagnostics.json, where model cards quote it");
    cmd->callback([&g, f] {
        const owq::ChoiceTasks tasks = owq::readChoiceTasks(f->tasks);
        if (f->record) requireDiagnosticsFor("--record", f->model);
        // Whole or layer by layer (docs/EVALUATION.md), as owq ppl chooses.
        const owq::EvalPathChoice path = owq::chooseEvalPath(owq::Checkpoint::open(f->model)->config());
        owq::LoadOptions load = loadOptions(g);
        load.evalPath = path.path;
        auto lm = owq::LanguageModel::open(f->model, load, {progressBar(g), interruptToken()});
        owq::ChoiceOptions o;
        o.delimiter = f->delimiter;
        const owq::ChoiceResult r = owq::evaluateChoices(*lm, tasks, o, {progressBar(g), interruptToken()});
        finishProgress(g);
        if (f->record)
            owq::recordEvaluation(
                f->model,
                nlohmann::json{{"choice", nlohmann::json::parse(r.toJson())}, {"seconds", r.seconds}}.dump());
        if (g.json) {
            nlohmann::json j = nlohmann::json::parse(r.toJson());
            j["sequences"] = r.sequences;
            j["seconds"] = r.seconds;
            j["eval_path"] = owq::evalPathName(path.path);
            if (f->items) {
                nlohmann::json items = nlohmann::json::array();
                for (std::size_t i = 0; i < r.items.size(); ++i)
                    items.push_back({{"line", tasks.items[i].line},
                                     {"label", tasks.items[i].label},
                                     {"loglikelihoods", r.items[i].logLikelihoods},
                                     {"tokens", r.items[i].tokens},
                                     {"pred", r.items[i].pred},
                                     {"pred_norm", r.items[i].predNorm}});
                j["items"] = items;
            }
            printJson(j);
            return;
        }
        if (f->items)
            for (std::size_t i = 0; i < r.items.size(); ++i) {
                std::printf("line %d: label %d, pred %d, pred_norm %d, loglikelihoods", tasks.items[i].line,
                            tasks.items[i].label, r.items[i].pred, r.items[i].predNorm);
                for (double ll : r.items[i].logLikelihoods) std::printf(" %.4f", ll);
                std::printf("\n");
            }
        std::printf("%s (FNV-1a %s): %lld items, %lld sequences in %.1f s, %s\n", r.file.c_str(),
                    r.digest.c_str(), (long long)r.n, (long long)r.sequences, r.seconds,
                    path.path == owq::EvalPath::Layers ? "layer by layer" : "whole model");
        std::printf("acc      %.4f +- %.4f\n", r.acc, r.accStderr);
        std::printf("acc_norm %.4f +- %.4f\n", r.accNorm, r.accNormStderr);
        if (f->record) std::printf("recorded in %s/owq_diagnostics.json\n", f->model.c_str());
    });
}

} // namespace owqcli
