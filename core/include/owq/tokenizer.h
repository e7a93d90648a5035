// Tokenizers of Hugging Face model folders: sentencepiece tokenizer.model files, tokenizer.json ("fast")
// files with their BPE model, normalizers, pre-tokenizers, added tokens, post-processor and decoders, and
// GPT-2 style byte-level BPE given as vocab.json + merges.txt (OPT and other GPT-2 derived checkpoints).
// The sentencepiece library is loaded from a small shim shared library with dlopen(RTLD_LOCAL|RTLD_DEEPBIND)
// because it bundles a protobuf that clashes with LibTorch's.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace owq {

enum class TokenizerKind {
    SentencePiece,
    HuggingFaceJson,
    Gpt2Files, // vocab.json + merges.txt, run by the tokenizer.json pipeline (as a GPT-2 tokenizer.json)
};

// What happens to special-token text ("<|im_end|>", "<s>") written in the input.
enum class SpecialTokens {
    Parse,  // matched and turned into their ids (Hugging Face's default)
    AsText, // tokenized as ordinary text (for untrusted text, and sentencepiece's own behaviour)
};

class Tokenizer {
public:
    // Loads a tokenizer file (tokenizer.model, tokenizer.json, or vocab.json with merges.txt and the special
    // token files of its folder) or, given a folder, loadFromFolder(path).
    // Throws Error(Tokenizer / Format / Unsupported) naming the file.
    static std::shared_ptr<Tokenizer> load(const std::string& path);
    // Loads the tokenizer of a model folder (or a folder holding only tokenizer files) the way transformers
    // would: tokenizer.json when present, else tokenizer.model, else vocab.json + merges.txt (GPT-2's
    // byte-level BPE; tokenizer_config.json's add_bos_token and add_prefix_space apply, as for OPT: BOS
    // "</s>" in front, no prefix space). BOS/EOS and add_bos_token come from config.json /
    // generation_config.json / tokenizer_config.json when present.
    static std::shared_ptr<Tokenizer> loadFromFolder(const std::string& dir);
    // The tokenizer file loadFromFolder would use, or empty when the folder has none.
    static std::string fileInFolder(const std::string& dir);
    ~Tokenizer();

    // Ids of `text`. addSpecial: the tokens the tokenizer adds around a sequence (sentencepiece: BOS;
    // tokenizer.json: its post-processor, e.g. BOS). The one-argument form uses the tokenizer's own default
    // for special-token text: tokenizer.json parses it (as transformers does), sentencepiece never does.
    std::vector<std::int32_t> encode(const std::string& text, bool addSpecial = false) const;
    std::vector<std::int32_t> encode(const std::string& text, bool addSpecial, SpecialTokens special) const;
    // The ids every model input starts with (BOS when the tokenizer adds one; may be empty, e.g. Qwen).
    std::vector<std::int32_t> startIds() const;
    // A document as the model reads it: startIds() followed by the ids of `text` (perplexity, calibration,
    // tuning and prompts all start this way).
    std::vector<std::int32_t> encodeDocument(const std::string& text) const;
    // Text of `ids` (valid UTF-8; special tokens written out unless skipped).
    std::string decode(const std::vector<std::int32_t>& ids) const;
    std::string decode(const std::vector<std::int32_t>& ids, bool skipSpecial) const;
    // The decoded bytes before invalid UTF-8 is replaced: may end inside a character (for streaming).
    std::string decodeBytes(const std::vector<std::int32_t>& ids) const;
    std::string idToPiece(std::int32_t id) const;
    std::int32_t pieceToId(const std::string& piece) const; // unk id when absent (-1 without an unk token)
    // The id of exactly this piece or added token, without falling back to unk.
    std::optional<std::int32_t> findPiece(const std::string& piece) const;
    std::int32_t vocabSize() const;
    std::int32_t bosId() const { return bos_; } // -1 when the tokenizer has no BOS token
    std::int32_t eosId() const { return eos_; }
    std::int32_t unkId() const;
    // True for the EOS id and for the extra EOS ids (eos_token_id lists in config.json /
    // generation_config.json).
    bool isEos(std::int32_t id) const;
    // The EOS id followed by the extra EOS ids.
    std::vector<std::int32_t> eosIds() const;
    // True for special tokens (tokenizer.json added tokens marked special; sentencepiece control pieces).
    bool isSpecial(std::int32_t id) const;
    // The byte a byte-fallback piece ("<0xNN>") stands for, or -1 for any other id.
    int byteValue(std::int32_t id) const;
    bool addBosByDefault() const { return addBos_; }
    // The file it was loaded from (tokenizer.model, tokenizer.json or vocab.json).
    const std::string& path() const { return path_; }
    TokenizerKind kind() const;
    // "sentencepiece", "tokenizer.json" or "vocab.json + merges.txt".
    std::string kindName() const;
    // One line for people: kind, model, vocabulary, e.g. "tokenizer.json (BPE, 151643 tokens + 26 added)" or
    // "vocab.json + merges.txt (byte-level BPE, 50265 tokens, 50000 merges)".
    std::string describe() const;

    void setBosEos(std::int32_t bos, std::vector<std::int32_t> eos);

private:
    Tokenizer() = default;
    static std::shared_ptr<Tokenizer> loadSentencePiece(const std::string& modelPath);
    static std::shared_ptr<Tokenizer> loadJson(const std::string& jsonPath);
    static std::shared_ptr<Tokenizer> loadGpt2Files(const std::string& vocabPath);
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    std::int32_t bos_ = 1;
    std::int32_t eos_ = 2;
    std::vector<std::int32_t> extraEos_;
    bool addBos_ = true;
};

// Turns a stream of generated ids into text pieces that are always complete UTF-8: a token that ends inside
// a multi-byte sequence (byte-fallback tokens) is held back until the sequence completes. Each push decodes
// only a short window (the last returned id as context, and what is held back), so a long reply costs the
// same per token as a short one; the pieces joined with flush() equal decode(all ids).
class StreamDecoder {
public:
    explicit StreamDecoder(std::shared_ptr<const Tokenizer> tok) : tok_(std::move(tok)) {}
    // Returns the new printable text after appending `id` (possibly empty).
    std::string push(std::int32_t id);
    // Returns what is still held back (incomplete UTF-8 is replaced by U+FFFD).
    std::string flush();
    // Forgets all ids pushed so far (a new reply).
    void reset() { *this = StreamDecoder(tok_); }
    // Ids the next push decodes again besides the new one (the context id and held-back ids).
    std::size_t windowIds() const { return ids_.size() - from_; }

private:
    // decodeBytes of ids_[from_, end) (decode's text for sentencepiece): the window's text, context first.
    std::string decodeWindow(std::size_t end) const;
    // Where the window's text does not begin with its context's (a decoder that is not local): decodes from
    // the first id from then on and returns true.
    bool restartIfNotLocal(const std::string& windowText);

    std::shared_ptr<const Tokenizer> tok_;
    std::vector<std::int32_t> ids_; // every id pushed
    std::size_t from_ = 0;          // the window: ids_[from_, end)
    std::string context_;           // decode of ids_[from_] alone when from_ > 0, returned before
    std::size_t emitted_ = 0;       // bytes of the window's decode already returned (the context's included)
    std::size_t before_ = 0;        // bytes of decode(all ids) returned before the window's context
    bool sliding_ = true;
};

// Trains a sentencepiece model with the library's own trainer (via the shim). `args` is the trainer's
// command-line string, e.g. "--input=x.txt --model_prefix=out/tok --vocab_size=512 --model_type=bpe".
void trainSentencePiece(const std::string& args);

// Returns the length of the longest prefix of `s` that is complete UTF-8.
std::size_t completeUtf8Prefix(const std::string& s);

} // namespace owq
