// A multi-turn conversation over a LanguageModel using the checkpoint's chat template.
#pragma once

#include "owq/chat_template.h"
#include "owq/engine.h"

namespace owq {

class ChatSession {
public:
    ChatSession(std::shared_ptr<LanguageModel> model, ChatTemplate chatTemplate,
                std::string systemPrompt = {});
    ChatSession(std::shared_ptr<LanguageModel> model, ChatFormat format, std::string systemPrompt = {})
        : ChatSession(std::move(model), ChatTemplate::builtin(format), std::move(systemPrompt)) {}

    // Appends the user's message, generates the assistant's reply (streamed through onToken) and records it.
    // Generation ends at EOS, at the template's end-of-turn token (<|eot_id|>, <|im_end|>, ...) or at a
    // built-in format's stop string.
    GenerationResult reply(const std::string& userText, const SamplingOptions& sampling,
                           const TokenCallback& onToken = {}, const JobContext& job = {});
    void reset();
    const std::vector<ChatMessage>& messages() const { return messages_; }
    const ChatTemplate& chatTemplate() const { return template_; }
    ChatFormat format() const { return template_.builtinFormat(); }
    // The ids the model reads for the conversation so far (rendered with the generation prompt).
    std::vector<std::int32_t> promptIds() const;
    // Token ids that end an assistant turn besides EOS.
    const std::vector<std::int32_t>& endOfTurnIds() const { return endOfTurn_; }

private:
    std::shared_ptr<LanguageModel> model_;
    ChatTemplate template_;
    std::vector<ChatMessage> messages_;
    std::vector<std::int32_t> endOfTurn_;
};

} // namespace owq
