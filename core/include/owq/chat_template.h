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

// Renders the conversation as prompt text ending where the assistant's reply starts. The leading BOS token
// is not part of the text (the caller adds it as an id). Everything else is plain text, as Hugging Face's
// chat templates produce it: Llama2's later turns are joined by the literal text " </s><s>[INST] ", which
// these models' sentencepiece tokenizers encode as text pieces, exactly as the HF template's output does.
//   Llama2: "[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {assistant} </s><s>[INST] {user} [/INST]"
//           (contents are trimmed; roles must alternate user/assistant after an optional first system)
//   Zephyr:
//   "<|system|>\n{system}</s>\n<|user|>\n{user}</s>\n<|assistant|>\n{assistant}</s>\n...<|assistant|>\n"
//   ChatML: "<|im_start|>{role}\n{content}<|im_end|>\n..." then "<|im_start|>assistant\n"
//   Plain:  the contents joined by "\n" (a completion prompt; a lone user message renders as itself).
// A final assistant message is a prefill: it is rendered open (no end marker) so the model continues it.
// Throws InvalidArgument for an unknown role or (Llama2) a conversation that does not alternate.
std::string renderChat(ChatFormat format, const std::vector<ChatMessage>& messages);

// Strings that end an assistant turn for the format (besides EOS), e.g. "<|im_end|>" for ChatML.
std::vector<std::string> chatStopStrings(ChatFormat format);

} // namespace owq
