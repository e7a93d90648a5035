// Chat prompt formats of the common LLaMA-family checkpoints, chosen from the checkpoint's
// tokenizer_config.json (chat_template) and config, or by name.
#pragma once

#include <string>
#include <vector>

namespace owq {

struct ChatMessage {
    std::string role; // system | user | assistant
    std::string content;
};

enum class ChatFormat { Plain, Llama2, Zephyr, ChatML };

const char* chatFormatName(ChatFormat f);
ChatFormat chatFormatFromName(const std::string& name); // throws InvalidArgument listing valid names

// Guesses the format of a model folder: from tokenizer_config.json's chat_template text when present
// ([INST] -> Llama2, <|user|> -> Zephyr, <|im_start|> -> ChatML), else Plain.
ChatFormat detectChatFormat(const std::string& modelDir);

// Renders the conversation as prompt text ending where the assistant's reply starts. The BOS token is not
// part of the text (the caller adds it as an id); Llama2 turns after the first start with "</s><s>" pieces
// only as ids, so this returns one string per prompt segment joined by the caller via encodeChat().
std::string renderChat(ChatFormat format, const std::vector<ChatMessage>& messages);

// Strings that end an assistant turn for the format (besides EOS), e.g. "<|im_end|>" for ChatML.
std::vector<std::string> chatStopStrings(ChatFormat format);

} // namespace owq
