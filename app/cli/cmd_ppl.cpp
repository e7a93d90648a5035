// owq ppl MODEL --data FILE [--seqlen N]: perplexity by the protocol in docs/EVALUATION.md.
#include "cli_common.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/text_file.h"

#include <cstdio>

namespace owqcli {

void addPplCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("ppl", "Perplexity of a model on a text file");
    auto model = std::make_shared<std::string>();
    auto data = std::make_shared<std::string>();
    auto seqlen = std::make_shared<long long>(0);
    cmd->add_option("MODEL", *model, "Model folder")->required();
    cmd->add_option("--data", *data, "UTF-8 text file")->required();
    cmd->add_option("--seqlen", *seqlen, "Window length (default: min(2048, context))");
    cmd->callback([&g, model, data, seqlen] {
        const std::string text = owq::readTextFile(*data);
        auto lm = owq::LanguageModel::open(*model, {g.device, g.threads}, {progressBar(g), interruptToken()});
        owq::PerplexityResult r = lm->perplexity(text, *seqlen, {progressBar(g), interruptToken()});
        finishProgress(g);
        if (g.json) {
            printJson({{"ppl", r.ppl},
                       {"tokens", r.tokens},
                       {"windows", r.windows},
                       {"seqlen", r.seqlen},
                       {"nll", r.nll},
                       {"seconds", r.seconds}});
        } else {
            std::printf("perplexity %.4f over %lld tokens (%lld windows of %lld) in %.1f s\n", r.ppl,
                        (long long)r.tokens, (long long)r.windows, (long long)r.seqlen, r.seconds);
        }
    });
}

} // namespace owqcli
