#include "owq/chat.h"

#include "owq/error.h"

#include <algorithm>

namespace owq {

namespace {

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
}

// The special token a template writes right after a reply (whitespace may come first): "<|eot_id|>",
// "<|im_end|>", "<end_of_turn>", "</s>" ... Generation stops there, as transformers' generation_config would.
std::vector<std::int32_t> endOfTurnTokens(const ChatTemplate& t, const Tokenizer& tok) {
    std::vector<std::int32_t> out;
    const std::string after = t.textAfterReply();
    if (!after.empty()) {
        const std::vector<std::int32_t> ids = tok.encode(after, false, SpecialTokens::Parse);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (tok.isSpecial(ids[i])) {
                if (!tok.isEos(ids[i])) out.push_back(ids[i]);
                break;
            }
            if (!blank(tok.decode({ids[i]}))) break;
        }
    }
    // Built-in formats name their end-of-turn text; when it is one token, stop on the token too.
    for (const std::string& s : t.stopStrings())
        if (auto id = tok.findPiece(s); id && tok.isSpecial(*id) && !tok.isEos(*id)) out.push_back(*id);
    return out;
}

} // namespace

ChatSession::ChatSession(std::shared_ptr<LanguageModel> model, ChatTemplate chatTemplate,
                         std::string systemPrompt)
    : model_(std::move(model)), template_(std::move(chatTemplate)) {
    if (!systemPrompt.empty()) messages_.push_back({"system", std::move(systemPrompt)});
    endOfTurn_ = endOfTurnTokens(template_, *model_->tokenizer());
}

void ChatSession::reset() {
    std::vector<ChatMessage> keep;
    for (const ChatMessage& m : messages_)
        if (m.role == "system") keep.push_back(m);
    messages_ = std::move(keep);
}

std::vector<std::int32_t> ChatSession::promptIds() const {
    const Tokenizer& tok = *model_->tokenizer();
    const std::string text = template_.render(messages_, true);
    // A Jinja template writes BOS and the turn markers as text, encoded as transformers' apply_chat_template
    // does (special tokens parsed, nothing added); a built-in format leaves BOS to us.
    if (template_.isJinja()) return tok.encode(text, false, SpecialTokens::Parse);
    return tok.encodeDocument(text);
}

GenerationResult ChatSession::reply(const std::string& userText, const SamplingOptions& sampling,
                                    const TokenCallback& onToken, const JobContext& job) {
    messages_.push_back({"user", userText});
    SamplingOptions opts = sampling;
    for (const std::string& s : template_.stopStrings()) opts.stopStrings.push_back(s);
    opts.stopTokens.insert(opts.stopTokens.end(), endOfTurn_.begin(), endOfTurn_.end());
    GenerationResult r;
    try {
        r = model_->generate(promptIds(), opts, onToken, job);
    } catch (...) {
        messages_.pop_back(); // a failed turn leaves the conversation as it was
        throw;
    }
    messages_.push_back({"assistant", r.text});
    return r;
}

} // namespace owq
