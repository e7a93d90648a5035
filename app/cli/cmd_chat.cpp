// owq chat MODEL: an interactive conversation using the checkpoint's chat template. Lines starting with '/'
// are commands (/reset, /exit). With --json, reads every stdin line as one user turn and prints one object.
#include "cli_common.h"
#include "owq/chat.h"

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace owqcli {

void addChatCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("chat", "Chat with a model (reads turns from stdin)");
    auto model = std::make_shared<std::string>();
    auto system = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("auto");
    auto s = std::make_shared<owq::SamplingOptions>();
    cmd->add_option("MODEL", *model, "Model folder")->required();
    cmd->add_option("--system", *system, "System prompt");
    cmd->add_option(
           "--template", *format,
           "auto (the model's own chat template), or a built-in format: plain, llama2, llama3, zephyr, "
           "chatml")
        ->capture_default_str();
    cmd->add_option("--temperature", s->temperature, "Sampling temperature (0: greedy)")
        ->capture_default_str();
    cmd->add_option("--top-k", s->topK, "Top-k (0: off)")->capture_default_str();
    cmd->add_option("--top-p", s->topP, "Top-p (1: off)")->capture_default_str();
    cmd->add_option("--seed", s->seed, "Random seed")->capture_default_str();
    cmd->add_option("--max-tokens", s->maxTokens, "Most tokens per reply")->capture_default_str();
    cmd->callback([&g, model, system, format, s] {
        // A misspelled --template is refused before the model is read (minutes for a large one).
        if (*format != "auto") owq::chatFormatFromName(*format);
        auto lm = owq::LanguageModel::open(*model, loadOptions(g), {progressBar(g), interruptToken()});
        finishProgress(g);
        const owq::ChatTemplate tmpl = *format == "auto"
                                           ? owq::ChatTemplate::fromFolder(*model)
                                           : owq::ChatTemplate::builtin(owq::chatFormatFromName(*format));
        // Never a silent wrong prompt: say when the model's own template could not be used.
        if (!tmpl.fallbackReason().empty() && !g.quiet)
            std::fprintf(stderr,
                         "owq: the model's chat template cannot be used (%s); using the built-in %s format\n",
                         tmpl.fallbackReason().c_str(), tmpl.name().c_str());
        owq::ChatSession chat(lm, tmpl, *system);
        const bool interactive = ::isatty(STDIN_FILENO) && !g.json;
        if (interactive)
            std::fprintf(stderr, "Chatting with %s (template %s). /reset clears, /exit or Ctrl-D quits.\n",
                         model->c_str(), tmpl.name().c_str());
        nlohmann::json turns = nlohmann::json::array();
        std::string line;
        while (true) {
            if (interactive) std::fprintf(stderr, "\n> ");
            if (!std::getline(std::cin, line)) break;
            if (line == "/exit" || line == "/quit") break;
            if (line == "/reset") {
                chat.reset();
                continue;
            }
            if (line.empty()) continue;
            owq::TokenCallback stream;
            if (!g.json) stream = streamToStdout();
            resetInterrupt();
            owq::GenerationResult r = chat.reply(line, *s, stream, {{}, interruptToken()});
            if (g.json)
                turns.push_back(
                    {{"user", line}, {"assistant", r.text}, {"tokens_per_second", r.tokensPerSecond()}});
            else
                std::printf("\n");
        }
        if (g.json)
            printJson(
                {{"template", tmpl.name()}, {"fallback_reason", tmpl.fallbackReason()}, {"turns", turns}});
    });
}

} // namespace owqcli
