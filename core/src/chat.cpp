#include "owq/chat.h"

namespace owq {

ChatSession::ChatSession(std::shared_ptr<LanguageModel> model, ChatFormat format, std::string systemPrompt)
    : model_(std::move(model)), format_(format) {
    if (!systemPrompt.empty()) messages_.push_back({"system", std::move(systemPrompt)});
}

void ChatSession::reset() {
    std::vector<ChatMessage> keep;
    for (const ChatMessage& m : messages_)
        if (m.role == "system") keep.push_back(m);
    messages_ = std::move(keep);
}

GenerationResult ChatSession::reply(const std::string& userText, const SamplingOptions& sampling,
                                    const TokenCallback& onToken, const JobContext& job) {
    messages_.push_back({"user", userText});
    SamplingOptions opts = sampling;
    for (const std::string& s : chatStopStrings(format_)) opts.stopStrings.push_back(s);
    GenerationResult r;
    try {
        r = model_->generateText(renderChat(format_, messages_), opts, onToken, job);
    } catch (...) {
        messages_.pop_back(); // a failed turn leaves the conversation as it was
        throw;
    }
    messages_.push_back({"assistant", r.text});
    return r;
}

} // namespace owq
