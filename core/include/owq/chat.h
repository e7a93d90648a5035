// A multi-turn conversation over a LanguageModel using the checkpoint's chat template.
#pragma once

#include "owq/chat_template.h"
#include "owq/engine.h"

namespace owq {

class ChatSession {
public:
    ChatSession(std::shared_ptr<LanguageModel> model, ChatFormat format, std::string systemPrompt = {});

    // Appends the user's message, generates the assistant's reply (streamed through onToken) and records it.
    GenerationResult reply(const std::string& userText, const SamplingOptions& sampling,
                           const TokenCallback& onToken = {}, const JobContext& job = {});
    void reset();
    const std::vector<ChatMessage>& messages() const { return messages_; }
    ChatFormat format() const { return format_; }

private:
    std::shared_ptr<LanguageModel> model_;
    ChatFormat format_;
    std::vector<ChatMessage> messages_;
};

} // namespace owq
