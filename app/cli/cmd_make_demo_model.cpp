// owq make-demo-model [DIR]: builds the embedded demo model (story corpus, sentencepiece tokenizer, a small
// LLaMA trained on the CPU) into DIR, by default the per-user data folder the studio looks in.
#include "cli_common.h"
#include "owq/demo_model.h"
#include "owq/error.h"

#include <cstdio>
#include <filesystem>

namespace owqcli {

namespace {

// A folder that already holds a model (what --if-missing accepts as done).
bool holdsModel(const std::string& dir) {
    std::error_code ec;
    const std::filesystem::path d(dir);
    return std::filesystem::is_regular_file(d / "config.json", ec) &&
           std::filesystem::is_regular_file(d / "model.safetensors", ec) &&
           std::filesystem::is_regular_file(d / "tokenizer.model", ec);
}

} // namespace

void addMakeDemoModelCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("make-demo-model",
                                   "Build the small demo model (own story corpus, tokenizer and training; no "
                                   "downloads)");
    auto dir = std::make_shared<std::string>();
    auto options = std::make_shared<owq::DemoModelOptions>();
    auto ifMissing = std::make_shared<bool>(false);
    cmd->add_option("DIR", *dir, "Target folder, new or empty (default: " + owq::defaultDemoModelDir() + ")");
    cmd->add_option("--seed", options->seed, "Seed for the corpus, the initial weights and the batches")
        ->capture_default_str();
    cmd->add_option("--steps", options->trainSteps, "Training steps (0: the default schedule)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_flag("--if-missing", *ifMissing, "Do nothing (exit 0) when DIR already holds a model");
    cmd->callback([&g, dir, options, ifMissing] {
        const std::string target = dir->empty() ? owq::defaultDemoModelDir() : *dir;
        if (*ifMissing && holdsModel(target)) {
            if (g.json) printJson({{"dir", target}, {"skipped", true}});
            return;
        }
        options->threads = g.threads;
        const owq::DemoModelReport r =
            owq::makeDemoModel(target, *options, {progressBar(g), interruptToken()});
        finishProgress(g);
        if (g.json) {
            printJson({{"dir", r.dir},
                       {"skipped", false},
                       {"stories", r.stories},
                       {"corpus_bytes", r.corpusBytes},
                       {"corpus_tokens", r.corpusTokens},
                       {"vocab_size", r.vocabSize},
                       {"parameters", r.parameters},
                       {"steps", r.steps},
                       {"first_loss", r.firstLoss},
                       {"final_loss", r.finalLoss},
                       {"corpus_seconds", r.corpusSeconds},
                       {"tokenizer_seconds", r.tokenizerSeconds},
                       {"train_seconds", r.trainSeconds},
                       {"seconds", r.seconds}});
        } else {
            std::printf("demo model written to %s\n", r.dir.c_str());
            std::printf("  corpus     %d stories, %lld bytes, %lld tokens (%.1f s)\n", r.stories,
                        (long long)r.corpusBytes, (long long)r.corpusTokens, r.corpusSeconds);
            std::printf("  tokenizer  %lld pieces (%.1f s)\n", (long long)r.vocabSize, r.tokenizerSeconds);
            std::printf("  model      %lld parameters, %d steps, loss %.2f -> %.2f (%.1f s)\n",
                        (long long)r.parameters, r.steps, r.firstLoss, r.finalLoss, r.trainSeconds);
            std::printf("  total      %.1f s\n", r.seconds);
            std::printf("try: owq generate \"%s\" --prompt \"Once upon a time\" --temperature 0.7\n",
                        r.dir.c_str());
        }
    });
}

} // namespace owqcli
