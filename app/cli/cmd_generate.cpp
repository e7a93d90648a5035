// owq generate MODEL --prompt TEXT: prints only the generated text on stdout, streamed token by token.
#include "cli_common.h"
#include "owq/engine.h"

#include <cstdio>
#include <iostream>

namespace owqcli {

struct SamplingFlags {
    owq::SamplingOptions s;
    void add(CLI::App* cmd) {
        cmd->add_option("--temperature", s.temperature, "Sampling temperature (0: greedy)")
            ->capture_default_str();
        cmd->add_option("--top-k", s.topK, "Keep the k most likely tokens (0: off)")->capture_default_str();
        cmd->add_option("--top-p", s.topP, "Nucleus sampling mass (1: off)")->capture_default_str();
        cmd->add_option("--repetition-penalty", s.repetitionPenalty, "Penalty for recent tokens (1: off)")
            ->capture_default_str();
        cmd->add_option("--seed", s.seed, "Random seed")->capture_default_str();
        cmd->add_option("--max-tokens", s.maxTokens, "Most tokens to generate")->capture_default_str();
    }
};

void addGenerateCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("generate", "Generate text from a prompt (\"\" starts from BOS)");
    auto model = std::make_shared<std::string>();
    auto prompt = std::make_shared<std::string>();
    auto flags = std::make_shared<SamplingFlags>();
    cmd->add_option("MODEL", *model, "Model folder")->required();
    cmd->add_option("--prompt", *prompt, "Prompt text; empty starts from BOS")->required();
    flags->add(cmd);
    cmd->callback([&g, model, prompt, flags] {
        auto lm = owq::LanguageModel::open(*model, loadOptions(g), {progressBar(g), interruptToken()});
        finishProgress(g);
        owq::TokenCallback stream;
        if (!g.json) stream = streamToStdout();
        owq::GenerationResult r = lm->generateText(*prompt, flags->s, stream, {{}, interruptToken()});
        if (g.json) {
            printJson({{"text", r.text},
                       {"tokens", r.tokens},
                       {"prompt_tokens", r.promptTokens},
                       {"generated_tokens", r.tokens.size()},
                       {"stop_reason", r.stopReason},
                       {"load_seconds", lm->loadSeconds()},
                       {"prefill_seconds", r.prefillSeconds},
                       {"prompt_tokens_per_second", r.promptTokensPerSecond()},
                       {"decode_seconds", r.decodeSeconds},
                       {"tokens_per_second", r.tokensPerSecond()},
                       {"kernels", lm->kernelPath()},
                       {"kv_cache", owq::kvCacheTypeName(lm->kvCacheType())}});
        } else {
            std::printf("\n");
            if (!g.quiet)
                std::fprintf(
                    stderr,
                    "[%zu tokens, %.1f tokens/s, stop: %s, kernels: %s, KV cache: %s; prompt %lld tokens, "
                    "%.1f tokens/s]\n",
                    r.tokens.size(), r.tokensPerSecond(), r.stopReason.c_str(), lm->kernelPath().c_str(),
                    owq::kvCacheTypeName(lm->kvCacheType()), static_cast<long long>(r.promptTokens),
                    r.promptTokensPerSecond());
        }
    });
}

} // namespace owqcli
