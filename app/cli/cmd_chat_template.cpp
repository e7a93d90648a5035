// owq chat-template DIR --messages FILE.json: the prompt a model's chat template makes of a conversation,
// printed byte for byte (transformers' apply_chat_template(tokenize=False)).
#include "cli_common.h"
#include "owq/chat_template.h"
#include "owq/error.h"
#include "owq/text_file.h"

#include <cstdio>
#include <iostream>

namespace owqcli {

namespace {

// FILE.json: [{"role": "user", "content": "..."}, ...]
std::vector<owq::ChatMessage> readMessages(const std::string& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(owq::readTextFile(path));
    } catch (const nlohmann::json::exception& e) {
        throw owq::Error(owq::ErrorKind::Format, path + ": invalid JSON: " + e.what());
    }
    if (!j.is_array())
        throw owq::Error(owq::ErrorKind::Format,
                         path + ": expected a JSON list of {\"role\", \"content\"} objects");
    std::vector<owq::ChatMessage> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const auto& m = j[i];
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content") ||
            !m["content"].is_string())
            throw owq::Error(owq::ErrorKind::Format, path + ": message " + std::to_string(i + 1) +
                                                         " needs string \"role\" and \"content\" fields");
        out.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    }
    return out;
}

} // namespace

void addChatTemplateCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("chat-template",
                                   "Print the prompt a model's chat template makes of a conversation");
    struct Args {
        std::string dir, messages, format = "auto";
        bool noGenerationPrompt = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("DIR", a->dir, "Model folder, or a folder holding only the tokenizer files")->required();
    cmd->add_option("--messages", a->messages, "JSON list of {\"role\", \"content\"} objects")->required();
    cmd->add_flag("--no-generation-prompt", a->noGenerationPrompt,
                  "Do not end with the assistant's turn header (add_generation_prompt=False)");
    cmd->add_option(
           "--template", a->format,
           "auto (the model's own template), or a built-in format: plain, llama2, llama3, zephyr, chatml")
        ->capture_default_str();
    cmd->callback([&g, a] {
        const std::vector<owq::ChatMessage> messages = readMessages(a->messages);
        const owq::ChatTemplate t = a->format == "auto"
                                        ? owq::ChatTemplate::fromFolder(a->dir)
                                        : owq::ChatTemplate::builtin(owq::chatFormatFromName(a->format));
        if (a->format == "auto" && !t.isJinja() && t.fallbackReason().empty())
            std::cerr << "owq: " << a->dir << " has no chat_template; using the built-in " << t.name()
                      << " format" << std::endl;
        if (!t.fallbackReason().empty())
            std::cerr << "owq: the model's chat template cannot be used (" << t.fallbackReason()
                      << "); using the built-in " << t.name() << " format" << std::endl;
        const std::string prompt = t.render(messages, !a->noGenerationPrompt);
        if (g.json) {
            printJson({{"template", t.name()}, {"fallback_reason", t.fallbackReason()}, {"prompt", prompt}});
            return;
        }
        std::fwrite(prompt.data(), 1, prompt.size(), stdout);
    });
}

} // namespace owqcli
