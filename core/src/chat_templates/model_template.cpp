// ChatTemplate: a model's own Jinja chat_template, checked once by rendering probe conversations, with the
// built-in family format as the fallback when the template is outside core's Jinja subset.
#include "owq/chat_template.h"

#include "chat_templates/jinja.h"
#include "chat_templates/template_source.h"
#include "owq/error.h"

#include <nlohmann/json.hpp>

using json = nlohmann::json;

namespace owq {

namespace {

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
    json specials = json::object();
    if (!bosToken.empty()) specials["bos_token"] = bosToken;
    if (!eosToken.empty()) specials["eos_token"] = eosToken;
    return probed(std::make_shared<Jinja>(Jinja{jinja::Template::parse(source, name), std::move(specials)}));
}

ChatTemplate ChatTemplate::probed(std::shared_ptr<const Jinja> jinja) {
    ChatTemplate t;
    t.jinja_ = std::move(jinja);
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
    // tokenizer_config.json is read once: the template source, its family and the special tokens.
    const json cfg = detail::readTokenizerConfig(modelDir);
    const std::string source = detail::chatTemplateSourceOf(cfg, modelDir);
    const ChatFormat family = detail::chatFormatOfSource(source);
    if (source.empty()) return builtin(family);
    // What transformers passes: the special-token strings that are set (a null one is absent).
    json specials = json::object();
    for (const char* key : {"bos_token", "eos_token", "unk_token", "pad_token"})
        if (const std::string v = detail::specialTokenString(cfg, key); !v.empty()) specials[key] = v;
    try {
        ChatTemplate t =
            probed(std::make_shared<Jinja>(Jinja{jinja::Template::parse(source, "chat_template"), specials}));
        t.format_ = family;
        return t;
    } catch (const Error& e) {
        ChatTemplate t = builtin(family);
        t.fallbackReason_ = e.what();
        return t;
    }
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, bool addGenerationPrompt) const {
    if (!jinja_) return renderChat(format_, messages);
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
