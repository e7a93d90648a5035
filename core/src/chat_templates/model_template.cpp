// ChatTemplate: a model's own Jinja chat_template, checked once by rendering probe conversations, with the
// built-in family format as the fallback when the template is outside core's Jinja subset.
#include "owq/chat_template.h"

#include "chat_templates/jinja.h"
#include "owq/error.h"
#include "util/text_util.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace owq {

namespace {

// "bos_token": "<s>" or {"content": "<s>", ...}; empty when absent or null.
std::string specialToken(const json& cfg, const char* key) {
    if (!cfg.is_object() || !cfg.contains(key)) return {};
    const json& v = cfg.at(key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v.at("content").is_string())
        return v.at("content").get<std::string>();
    return {};
}

// A reply no template would write, to find where the template puts its end-of-turn marker.
constexpr const char* kProbeReply = "OWQ-PROBE-REPLY";

} // namespace

struct ChatTemplate::Jinja {
    jinja::Template tmpl;
    json specials =
        json::object(); // bos_token, eos_token, ... as transformers passes them (absent when null)
};

ChatTemplate ChatTemplate::builtin(ChatFormat format) {
    ChatTemplate t;
    t.format_ = format;
    return t;
}

ChatTemplate ChatTemplate::fromSource(const std::string& source, const std::string& bosToken,
                                      const std::string& eosToken, const std::string& name) {
    auto j = std::make_shared<Jinja>(Jinja{jinja::Template::parse(source, name), json::object()});
    if (!bosToken.empty()) j->specials["bos_token"] = bosToken;
    if (!eosToken.empty()) j->specials["eos_token"] = eosToken;
    ChatTemplate t;
    t.jinja_ = std::move(j);
    t.format_ = ChatFormat::Plain;
    // Probe conversations: a template that parses may still reach an unsupported filter or method when it
    // renders. raise_exception is the template's own rule (say, no system role), not a failure of ours.
    const std::vector<std::vector<ChatMessage>> probes = {
        {{"system", "S"}, {"user", "U"}, {"assistant", kProbeReply}, {"user", "U2"}},
        {{"user", "U"}, {"assistant", kProbeReply}, {"user", "U2"}},
    };
    for (const auto& probe : probes) {
        for (bool gen : {true, false}) {
            try {
                t.render(probe, gen);
            } catch (const Error& e) {
                if (e.kind() == ErrorKind::InvalidArgument) continue;
                throw;
            }
        }
    }
    return t;
}

ChatTemplate ChatTemplate::fromFolder(const std::string& modelDir) {
    const ChatFormat family = detectChatFormat(modelDir);
    const std::string source = chatTemplateSource(modelDir);
    if (source.empty()) return builtin(family);
    json cfg = json::object();
    const fs::path cfgPath = fs::path(modelDir) / "tokenizer_config.json";
    std::error_code ec;
    if (fs::is_regular_file(cfgPath, ec)) {
        try {
            cfg = json::parse(detail::readWholeFile(cfgPath));
        } catch (const json::exception& e) {
            throw Error(ErrorKind::Format, cfgPath.string() + ": invalid JSON: " + e.what());
        }
    }
    try {
        ChatTemplate t = fromSource(source, specialToken(cfg, "bos_token"), specialToken(cfg, "eos_token"),
                                    "chat_template");
        auto j = std::make_shared<Jinja>(*t.jinja_);
        for (const char* key : {"unk_token", "pad_token"})
            if (const std::string v = specialToken(cfg, key); !v.empty()) j->specials[key] = v;
        t.jinja_ = std::move(j);
        t.format_ = family;
        return t;
    } catch (const Error& e) {
        ChatTemplate t = builtin(family);
        t.fallbackReason_ = e.what();
        return t;
    }
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, bool addGenerationPrompt) const {
    if (!jinja_) {
        std::string out = renderChat(format_, messages);
        return out;
    }
    json ctx = jinja_->specials;
    json list = json::array();
    for (const ChatMessage& m : messages) list.push_back({{"role", m.role}, {"content", m.content}});
    ctx["messages"] = std::move(list);
    ctx["add_generation_prompt"] = addGenerationPrompt;
    return jinja_->tmpl.render(ctx);
}

std::string ChatTemplate::name() const {
    return jinja_ ? std::string("model template") : std::string(chatFormatName(format_));
}

std::string ChatTemplate::textAfterReply() const {
    const std::vector<ChatMessage> probe = {{"user", "U"}, {"assistant", kProbeReply}, {"user", "U2"}};
    std::string text;
    try {
        text = render(probe, false);
    } catch (const Error&) {
        return {};
    }
    const std::size_t at = text.find(kProbeReply);
    if (at == std::string::npos) return {};
    const std::size_t from = at + std::char_traits<char>::length(kProbeReply);
    const std::size_t next = text.find("U2", from);
    return text.substr(from, next == std::string::npos ? std::string::npos : next - from);
}

std::vector<std::string> ChatTemplate::stopStrings() const {
    return jinja_ ? std::vector<std::string>{} : chatStopStrings(format_);
}

} // namespace owq
