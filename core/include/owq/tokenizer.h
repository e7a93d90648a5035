// SentencePiece tokenizer. The sentencepiece library is loaded from a small shim shared library with
// dlopen(RTLD_LOCAL|RTLD_DEEPBIND) because it bundles a protobuf that clashes with LibTorch's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace owq {

class Tokenizer {
public:
    // Loads `modelPath` (a sentencepiece tokenizer.model). Throws Error(Tokenizer) naming the file.
    static std::shared_ptr<Tokenizer> load(const std::string& modelPath);
    // Loads tokenizer.model from a model folder; BOS/EOS and add_bos come from config.json /
    // tokenizer_config.json when present, else from the sentencepiece model.
    static std::shared_ptr<Tokenizer> loadFromFolder(const std::string& dir);
    ~Tokenizer();

    std::vector<std::int32_t> encode(const std::string& text, bool addBos = false) const;
    std::string decode(const std::vector<std::int32_t>& ids) const;
    std::string idToPiece(std::int32_t id) const;
    std::int32_t pieceToId(const std::string& piece) const; // unk id when absent
    std::int32_t vocabSize() const;
    std::int32_t bosId() const { return bos_; }
    std::int32_t eosId() const { return eos_; }
    std::int32_t unkId() const;
    // True for the EOS id and for the extra EOS ids (eos_token_id lists in config.json /
    // generation_config.json).
    bool isEos(std::int32_t id) const;
    // The EOS id followed by the extra EOS ids.
    std::vector<std::int32_t> eosIds() const;
    // The byte a byte-fallback piece ("<0xNN>") stands for, or -1 for any other id.
    int byteValue(std::int32_t id) const;
    bool addBosByDefault() const { return addBos_; }
    const std::string& path() const { return path_; }

    void setBosEos(std::int32_t bos, std::vector<std::int32_t> eos);

private:
    Tokenizer() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    std::int32_t bos_ = 1;
    std::int32_t eos_ = 2;
    std::vector<std::int32_t> extraEos_;
    bool addBos_ = true;
};

// Turns a stream of generated ids into text pieces that are always complete UTF-8: a token that ends inside
// a multi-byte sequence (byte-fallback tokens) is held back until the sequence completes.
class StreamDecoder {
public:
    explicit StreamDecoder(std::shared_ptr<const Tokenizer> tok) : tok_(std::move(tok)) {}
    // Returns the new printable text after appending `id` (possibly empty).
    std::string push(std::int32_t id);
    // Returns what is still held back (incomplete UTF-8 is replaced by U+FFFD).
    std::string flush();
    // Forgets all ids pushed so far (a new reply).
    void reset() {
        ids_.clear();
        emitted_ = 0;
    }

private:
    std::shared_ptr<const Tokenizer> tok_;
    std::vector<std::int32_t> ids_;
    std::size_t emitted_ = 0; // bytes of decode(ids_) already returned
};

// Trains a sentencepiece model with the library's own trainer (via the shim). `args` is the trainer's
// command-line string, e.g. "--input=x.txt --model_prefix=out/tok --vocab_size=512 --model_type=bpe".
void trainSentencePiece(const std::string& args);

// Returns the length of the longest prefix of `s` that is complete UTF-8.
std::size_t completeUtf8Prefix(const std::string& s);

} // namespace owq
