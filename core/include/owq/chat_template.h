// Chat prompts: the model's own Jinja chat_template (rendered by core's Jinja subset, chat_templates/jinja.h)
// and the built-in formats of the common families, used when a folder has no template or one outside the
// subset, or when chosen by name.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace owq {

struct ChatMessage {
    std::string role; // system | user | assistant
    std::string content;
};

enum class ChatFormat { Plain, Llama2, Zephyr, ChatML, Llama3 };

const char* chatFormatName(ChatFormat f);
ChatFormat chatFormatFromName(const std::string& name); // throws InvalidArgument listing valid names

// Guesses the format of a model folder: from tokenizer_config.json's chat_template text when present
// ([INST] -> Llama2, <|user|> -> Zephyr, <|im_start|> -> ChatML, <|start_header_id|> -> Llama3), else Plain.
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
//   Llama3: "<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>..." then the assistant header
//           (contents are trimmed)
//   Plain:  the contents joined by "\n" (a completion prompt; a lone user message renders as itself).
// A final assistant message is a prefill: it is rendered open (no end marker) so the model continues it.
// Throws InvalidArgument for an unknown role or (Llama2) a conversation that does not alternate.
std::string renderChat(ChatFormat format, const std::vector<ChatMessage>& messages);

// Strings that end an assistant turn for the format (besides EOS), e.g. "<|im_end|>" for ChatML.
std::vector<std::string> chatStopStrings(ChatFormat format);

// The chat_template source of a model folder: tokenizer_config.json's chat_template (a string, or the list
// entry named "default"), else chat_template.jinja; empty when there is none. Throws Error(Format) for a
// tokenizer_config.json that is not JSON.
std::string chatTemplateSource(const std::string& modelDir);

// A conversation renderer: the model's own Jinja template, or a built-in format.
class ChatTemplate {
public:
    // The folder's own template when it has one that core's Jinja subset renders; otherwise the built-in
    // format detectChatFormat() picks, with fallbackReason() saying why (the unsupported feature and its
    // line:column). bos_token/eos_token/unk_token/pad_token come from tokenizer_config.json.
    static ChatTemplate fromFolder(const std::string& modelDir);
    static ChatTemplate builtin(ChatFormat format);
    // Template text with its special-token strings; throws Error(Unsupported/Format) when it cannot be used.
    static ChatTemplate fromSource(const std::string& source, const std::string& bosToken = {},
                                   const std::string& eosToken = {},
                                   const std::string& name = "chat_template");

    // The prompt text as transformers' apply_chat_template(tokenize=False) gives it. Jinja templates write
    // BOS and other special tokens as text (encode with SpecialTokens::Parse and no start ids); built-in
    // formats leave BOS to the caller. addGenerationPrompt: end with the assistant's turn header.
    // Throws Error(InvalidArgument) for raise_exception() in the template (e.g. roles that do not alternate).
    std::string render(const std::vector<ChatMessage>& messages, bool addGenerationPrompt = true) const;

    bool isJinja() const { return jinja_ != nullptr; }
    ChatFormat builtinFormat() const { return format_; } // the fallback (or chosen) built-in format
    // "model template" for a Jinja template, else the built-in format's name.
    std::string name() const;
    // Why the folder's template is not used (empty when it is, or when the folder has none).
    const std::string& fallbackReason() const { return fallbackReason_; }
    // What the template writes right after an assistant's reply, up to the next turn (e.g. "<|im_end|>\n");
    // its first special token is the end-of-turn token that stops generation.
    std::string textAfterReply() const;
    // End-of-turn strings that stop generation as text (built-in formats' chatStopStrings).
    std::vector<std::string> stopStrings() const;

private:
    struct Jinja;
    // A parsed template checked by rendering probe conversations; throws what the probes hit.
    static ChatTemplate probed(std::shared_ptr<const Jinja> jinja);
    std::shared_ptr<const Jinja> jinja_;
    ChatFormat format_ = ChatFormat::Plain;
    std::string fallbackReason_;
};

} // namespace owq
