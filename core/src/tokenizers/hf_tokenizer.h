// Internal: a Hugging Face tokenizer.json tokenizer (BPE model with its normalizers, pre-tokenizers, added
// tokens, post-processor and decoders) that gives exactly the ids of Hugging Face's tokenizers. The public
// owq::Tokenizer wraps it; nothing here depends on LibTorch.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace owq {

namespace hf {
struct Pipeline;         // hf_internal.h
struct RawTokenizerJson; // hf_internal.h
} // namespace hf

class HfTokenizer {
public:
    // path: tokenizer.json. Throws owq::Error naming the file and the problem (ErrorKind::Format for
    // truncated / not-JSON / wrong structure / merge naming a missing token / id out of range / duplicate
    // ids; ErrorKind::Unsupported for an unknown model type, normalizer, pre-tokenizer, decoder or
    // post-processor, naming it: e.g. "tokenizer.json: model type 'WordPiece' is not supported").
    static std::unique_ptr<HfTokenizer> load(const std::string& path);
    // The same from parts already read: `raw` holds what a tokenizer.json would (the document without
    // model.vocab / model.merges, and those two as lists); used for vocab.json + merges.txt (gpt2_files.h).
    // Errors as load's, with `path` in front.
    static std::unique_ptr<HfTokenizer> fromParts(const std::string& path, hf::RawTokenizerJson&& raw);
    ~HfTokenizer();

    // addSpecialTokens: apply the post-processor (TemplateProcessing adds BOS etc.; ByteLevel adds nothing).
    // parseSpecialTokens: match special added tokens written in the text (HF default true); false leaves them
    // as plain text (HF's split_special_tokens=True) while non-special added tokens still match. Invalid
    // UTF-8 in text is read as U+FFFD (HF only takes valid strings).
    std::vector<std::int32_t> encode(const std::string& text, bool addSpecialTokens,
                                     bool parseSpecialTokens = true) const;
    // HF tokenizers' decode (skip_special_tokens as given), result is valid UTF-8 (invalid bytes -> U+FFFD as
    // from_utf8_lossy). decodeBytes: the same before the lossy step (may end inside a UTF-8 char), for
    // streaming. Ids that name no token are skipped, as HF does.
    std::string decode(const std::vector<std::int32_t>& ids, bool skipSpecialTokens = false) const;
    std::string decodeBytes(const std::vector<std::int32_t>& ids, bool skipSpecialTokens = false) const;
    std::int32_t vocabSize() const; // max id + 1 over the model vocab and added tokens
    // Throws Error(InvalidArgument) when out of range; "" for an id inside the range that names no token.
    std::string idToToken(std::int32_t id) const;
    std::optional<std::int32_t> tokenToId(const std::string& token) const; // model vocab or added token
    bool isSpecial(std::int32_t id) const;                                 // an added token with special=true
    int byteValue(std::int32_t id) const;
    std::int32_t unkId() const; // the model's unk_token id, -1 when it has none // byte of a byte-fallback
                                // "<0xNN>" token, else -1
    // Ids the post-processor's single template puts before / after the sequence (e.g. {1} / {}).
    const std::vector<std::int32_t>& prefixSpecialIds() const;
    const std::vector<std::int32_t>& suffixSpecialIds() const;
    std::string describe() const; // one line, e.g. "BPE, 151643 tokens + 26 added, byte-level"
    bool byteLevel() const;       // ByteLevel pre-tokenizer and decoder (any UTF-8 round-trips)

private:
    HfTokenizer();
    std::unique_ptr<hf::Pipeline> p_;
};

} // namespace owq
