// The built-in chat formats and the lookup of a folder's chat_template source.
#include "owq/chat_template.h"

#include "owq/error.h"

#include <nlohmann/json.hpp>

#include "chat_templates/template_source.h"
#include "util/text_util.h"
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace owq {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

void checkRoles(const std::vector<ChatMessage>& messages) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& r = messages[i].role;
        if (r != "system" && r != "user" && r != "assistant")
            throw Error(ErrorKind::InvalidArgument, "chat message " + std::to_string(i + 1) +
                                                        ": unknown role '" + r +
                                                        "' (expected system, user or assistant)");
    }
}

// Hugging Face's llama-2-chat template, without the leading BOS (the caller adds it as an id). The "</s><s>"
// between turns stays text: the HF template emits it as text too, and LLaMA-2's sentencepiece tokenizer
// encodes it as ordinary pieces, so the ids match what transformers feeds these models.
std::string renderLlama2(const std::vector<ChatMessage>& messages) {
    std::size_t first = 0;
    std::string system;
    bool haveSystem = false;
    if (!messages.empty() && messages[0].role == "system") {
        system = trim(messages[0].content);
        haveSystem = true;
        first = 1;
    }
    if (first >= messages.size()) {
        if (!haveSystem) return {};
        throw Error(ErrorKind::InvalidArgument,
                    "Llama2 chat: a system message needs a user message after it");
    }
    std::string out;
    for (std::size_t i = first; i < messages.size(); ++i) {
        const auto& m = messages[i];
        const bool expectUser = (i - first) % 2 == 0;
        if (m.role != (expectUser ? "user" : "assistant"))
            throw Error(ErrorKind::InvalidArgument,
                        "Llama2 chat: messages must alternate user/assistant after an optional first system "
                        "message (message " +
                            std::to_string(i + 1) + " is '" + m.role + "')");
        if (expectUser) {
            if (i != first) out += "<s>";
            out += "[INST] ";
            if (i == first && haveSystem) {
                out += "<<SYS>>\n";
                out += system;
                out += "\n<</SYS>>\n\n";
            }
            out += trim(m.content);
            out += " [/INST]";
        } else {
            out += ' ';
            out += trim(m.content);
            if (i + 1 < messages.size()) out += " </s>"; // a final assistant message is an open prefill
        }
    }
    return out;
}

std::string renderZephyr(const std::vector<ChatMessage>& messages) {
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        const bool prefill = m.role == "assistant" && i + 1 == messages.size();
        out += "<|" + m.role + "|>\n" + m.content;
        if (!prefill) out += "</s>\n";
    }
    if (messages.empty() || messages.back().role != "assistant") out += "<|assistant|>\n";
    return out;
}

std::string renderChatML(const std::vector<ChatMessage>& messages) {
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        const bool prefill = m.role == "assistant" && i + 1 == messages.size();
        out += "<|im_start|>" + m.role + "\n" + m.content;
        if (!prefill) out += "<|im_end|>\n";
    }
    if (messages.empty() || messages.back().role != "assistant") out += "<|im_start|>assistant\n";
    return out;
}

std::string renderLlama3(const std::vector<ChatMessage>& messages) {
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        const bool prefill = m.role == "assistant" && i + 1 == messages.size();
        out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + trim(m.content);
        if (!prefill) out += "<|eot_id|>";
    }
    if (messages.empty() || messages.back().role != "assistant")
        out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
}

std::string renderPlain(const std::vector<ChatMessage>& messages) {
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i) out += "\n";
        out += messages[i].content;
    }
    return out;
}

} // namespace

const char* chatFormatName(ChatFormat f) {
    switch (f) {
    case ChatFormat::Plain:
        return "plain";
    case ChatFormat::Llama2:
        return "llama2";
    case ChatFormat::Zephyr:
        return "zephyr";
    case ChatFormat::ChatML:
        return "chatml";
    case ChatFormat::Llama3:
        return "llama3";
    }
    return "plain";
}

ChatFormat chatFormatFromName(const std::string& name) {
    const std::string n = lower(trim(name));
    if (n == "plain" || n == "none") return ChatFormat::Plain;
    if (n == "llama2" || n == "llama-2") return ChatFormat::Llama2;
    if (n == "zephyr") return ChatFormat::Zephyr;
    if (n == "chatml") return ChatFormat::ChatML;
    if (n == "llama3" || n == "llama-3") return ChatFormat::Llama3;
    throw Error(ErrorKind::InvalidArgument,
                "unknown chat format '" + name + "' (valid: plain, llama2, llama3, zephyr, chatml)");
}

namespace detail {

json readTokenizerConfig(const fs::path& dir) {
    const fs::path cfg = dir / "tokenizer_config.json";
    std::error_code ec;
    if (!fs::is_regular_file(cfg, ec)) return json::object();
    try {
        return json::parse(readWholeFile(cfg));
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, cfg.string() + ": invalid JSON: " + e.what());
    }
}

std::string chatTemplateSourceOf(const json& j, const fs::path& dir) {
    if (j.is_object() && j.contains("chat_template")) {
        const json& t = j.at("chat_template");
        if (t.is_string()) return t.get<std::string>();
        if (t.is_array()) {
            std::string firstTemplate;
            for (const auto& e : t) {
                if (!e.is_object() || !e.contains("template") || !e.at("template").is_string()) continue;
                const std::string text = e.at("template").get<std::string>();
                if (e.contains("name") && e.at("name") == "default") return text;
                if (firstTemplate.empty()) firstTemplate = text;
            }
            return firstTemplate;
        }
    }
    // Newer checkpoints keep the template in its own file.
    std::error_code ec;
    const fs::path jinja = dir / "chat_template.jinja";
    if (fs::is_regular_file(jinja, ec)) return readWholeFile(jinja);
    return {};
}

ChatFormat chatFormatOfSource(const std::string& t) {
    if (t.find("<|im_start|>") != std::string::npos) return ChatFormat::ChatML;
    if (t.find("<|start_header_id|>") != std::string::npos) return ChatFormat::Llama3;
    if (t.find("<|user|>") != std::string::npos) return ChatFormat::Zephyr;
    if (t.find("[INST]") != std::string::npos) return ChatFormat::Llama2;
    return ChatFormat::Plain;
}

std::string specialTokenString(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) return {};
    const json& v = j.at(key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v.at("content").is_string())
        return v.at("content").get<std::string>();
    return {};
}

} // namespace detail

std::string chatTemplateSource(const std::string& modelDir) {
    return detail::chatTemplateSourceOf(detail::readTokenizerConfig(modelDir), modelDir);
}

ChatFormat detectChatFormat(const std::string& modelDir) {
    return detail::chatFormatOfSource(chatTemplateSource(modelDir));
}

std::string renderChat(ChatFormat format, const std::vector<ChatMessage>& messages) {
    checkRoles(messages);
    switch (format) {
    case ChatFormat::Llama2:
        return renderLlama2(messages);
    case ChatFormat::Zephyr:
        return renderZephyr(messages);
    case ChatFormat::ChatML:
        return renderChatML(messages);
    case ChatFormat::Llama3:
        return renderLlama3(messages);
    case ChatFormat::Plain:
        break;
    }
    return renderPlain(messages);
}

std::vector<std::string> chatStopStrings(ChatFormat format) {
    switch (format) {
    case ChatFormat::ChatML:
        return {"<|im_end|>"};
    case ChatFormat::Llama3:
        return {"<|eot_id|>"};
    case ChatFormat::Zephyr:
        return {"</s>", "<|user|>"};
    case ChatFormat::Llama2:
        return {"[INST]"};
    case ChatFormat::Plain:
        break;
    }
    return {};
}

} // namespace owq
