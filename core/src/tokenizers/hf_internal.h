// Internal pieces of the tokenizer.json pipeline (see hf_tokenizer.h): UTF-8 and character classes, PCRE2
// patterns with HF's split behaviours, and the normalizer / pre-tokenizer / model / added-token / decoder
// stages, each built from its JSON object. Stages throw owq::Error with bare messages; HfTokenizer::load
// puts the file path in front.
#pragma once

#include "util/utf8.h"

#include "owq/error.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace owq::hf {

using json = nlohmann::json;

// ---- JSON field access with errors that name the stage and the field (hf_tokenizer.cpp).
// field(): the member, or nullptr when it is absent or null.
const json* field(const json& obj, const char* key);
std::string getString(const json& obj, const char* key, const std::string& what,
                      const std::optional<std::string>& def = std::nullopt);
// A string or null (HF's Option<String>): nullopt for absent or null.
std::optional<std::string> getOptString(const json& obj, const char* key, const std::string& what);
bool getBool(const json& obj, const char* key, const std::string& what, bool def);
std::int64_t getInt(const json& obj, const char* key, const std::string& what, std::int64_t def);
// The "type" of a stage object (what: "normalizer" ...), Format error when missing.
std::string typeOf(const json& obj, const std::string& what);

// ---- UTF-8 (hf_text.cpp)
// Decodes the character at i and advances i; an invalid byte reads as U+FFFD and advances one byte.
char32_t nextChar(std::string_view s, std::size_t& i);
void appendUtf8(std::string& out, char32_t c);
using detail::utf8Lossy; // util/utf8.h
using detail::validUtf8;
bool isWhitespace(char32_t c);  // Unicode White_Space (Rust char::is_whitespace)
bool isWordChar(char32_t c);    // Rust regex \w
bool isNumeric(char32_t c);     // Rust char::is_numeric (N*)
bool isPunctuation(char32_t c); // HF is_punc: ASCII punctuation or P*

// ---- GPT-2 byte <-> unicode map (byte_level.cpp)
char32_t byteToChar(unsigned char b);
int charToByte(char32_t c); // -1 when c is not in the map
std::string byteLevelEncode(std::string_view s);
// The bytes of a byte-level token; nullopt when some character is not in the map.
std::optional<std::string> byteLevelDecode(std::string_view token);
// The pattern ByteLevel uses when use_regex is on.
extern const char* const kGpt2Pattern;

// ---- PCRE2 regex (hf_text.cpp). Compiled once, shared read-only by all threads.
class Regex {
public:
    explicit Regex(const std::string& pattern); // Error(Format) when PCRE2 refuses it
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;
    // Successive non-overlapping matches [start, end) in valid UTF-8 text (an empty match moves on a char).
    void findAll(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>>& out) const;

private:
    void* code_ = nullptr; // pcre2_code_8
};

// ---- Patterns and NormalizedString::split behaviours (hf_text.cpp)
struct Span {
    std::size_t start, end;
    bool match;
};
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };
SplitBehavior parseBehavior(const std::string& name, const std::string& what);

class Pattern {
public:
    static Pattern literal(std::string s);
    static Pattern regex(const std::string& re);
    static Pattern predicate(bool (*pred)(char32_t)); // each matching char is its own match
    // {"String": "..."} or {"Regex": "..."}
    static Pattern fromJson(const json& j, const std::string& what);
    // Matches and the gaps between them, covering text in order ({0,0,false} for empty text).
    std::vector<Span> find(std::string_view text) const;
    bool isLiteral() const { return kind_ == Kind::Literal; }
    const std::string& literalText() const { return literal_; }

private:
    enum class Kind { Literal, Regex, Predicate } kind_ = Kind::Literal;
    std::string literal_;
    std::shared_ptr<const Regex> re_;
    bool (*pred_)(char32_t) = nullptr;
};

// Applies a split behaviour (invert flips matches first); returns the kept non-empty [start, end) ranges.
std::vector<std::pair<std::size_t, std::size_t>> splitRanges(std::vector<Span> spans, SplitBehavior b,
                                                             bool invert);
// Replaces every match of p in s with content.
std::string replaceAll(std::string_view s, const Pattern& p, std::string_view content);

// ---- Normalizers (hf_normalizers.cpp)
class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual void normalize(std::string& s) const = 0;
};
// nullptr for a null normalizer; Error(Unsupported) names an unknown type.
std::unique_ptr<Normalizer> makeNormalizer(const json& j);

// ---- Pre-tokenizers (hf_pretokenizers.cpp)
struct PreToken {
    std::string text;
    bool first; // starts at offset 0 of the input (Metaspace's prepend_scheme "first")
};
class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    virtual void split(std::vector<PreToken>& pieces) const = 0;
    virtual bool isByteLevel() const { return false; }
};
std::unique_ptr<PreTokenizer> makePreTokenizer(const json& j);

// ---- BPE model (hf_bpe.cpp)
using VocabList = std::vector<std::pair<std::string, std::int64_t>>;
using MergeList = std::vector<std::pair<std::string, std::string>>;

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using TokenMap = std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>>;

class BpeModel {
public:
    // model: the "model" object (its vocab and merges come already read, in vocab / merges).
    void build(const json& model, VocabList&& vocab, MergeList&& merges, std::int64_t maxId);
    void tokenize(std::string_view word, std::vector<std::int32_t>& out) const;
    std::optional<std::int32_t> tokenToId(std::string_view token) const;
    const std::vector<std::string>& tokens() const { return idToToken_; } // by id, "" for gaps
    std::size_t size() const { return vocabCount_; }
    std::size_t mergeCount() const { return mergeCount_; }
    bool byteFallback() const { return byteFallback_; }
    std::optional<std::int32_t> unkId() const { return unkId_; }

private:
    void mergeWord(std::string_view word, std::vector<std::int32_t>& out) const;

    // Open-addressing tables (a 280k-merge file loads in tens of ms instead of allocating a node per entry):
    // vocabSlots_ holds ids whose idToToken_ string is the key, mergeSlots_ packs the pair into one key.
    struct MergeSlot {
        std::uint64_t key = ~std::uint64_t(0); // empty; a real key has both halves < 2^31
        std::int32_t rank = 0, newId = 0;
    };
    std::optional<std::int32_t> findToken(std::string_view s) const;
    const MergeSlot* findMerge(std::int32_t a, std::int32_t b) const;

    std::vector<std::string> idToToken_;
    std::vector<std::int32_t> vocabSlots_; // -1 empty
    std::vector<MergeSlot> mergeSlots_;
    std::size_t vocabCount_ = 0, mergeCount_ = 0;
    std::optional<std::string> unk_, prefix_, suffix_;
    std::optional<std::int32_t> unkId_;
    std::array<std::int32_t, 256> byteIds_{}; // "<0xNN>" ids, -1 when absent
    bool byteFallback_ = false, fuseUnk_ = false, ignoreMerges_ = false;
    mutable std::mutex cacheMu_;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>, StringHash, std::equal_to<>> cache_;
};

// ---- Added tokens (hf_added_tokens.cpp)
struct AddedToken {
    std::int32_t id = 0;
    std::string content;
    bool special = false, lstrip = false, rstrip = false, normalized = true, singleWord = false;
};
struct Segment {
    std::size_t start, end;
    int token; // index into tokens(), -1 for plain text
};
class AddedVocab {
public:
    // norm: the normalizer, applied to the contents of normalized tokens (their match form).
    void build(std::vector<AddedToken> tokens, const Normalizer* norm);
    // HF AddedVocabulary::find_matches: leftmost-longest over the raw-text (normalized=false) or the
    // normalized-text tokens, with single_word / lstrip / rstrip; skipSpecial drops special matches.
    std::vector<Segment> split(std::string_view text, bool normalizedSet, bool skipSpecial) const;
    const std::vector<AddedToken>& tokens() const { return tokens_; }
    bool empty(bool normalizedSet) const { return (normalizedSet ? norm_ : raw_).nodes.size() <= 1; }

private:
    struct Trie {
        struct Node {
            std::vector<std::pair<unsigned char, int>> next;
            int token = -1;
        };
        std::vector<Node> nodes{1};
        std::array<bool, 256> firstByte{};
        void add(std::string_view s, int token);
        // Longest token starting at pos: (token, end), token -1 when none.
        std::pair<int, std::size_t> longestAt(std::string_view text, std::size_t pos) const;
    };
    std::vector<AddedToken> tokens_;
    Trie raw_, norm_;
};

// ---- Decoders (hf_decoders.cpp). Tokens carry raw bytes: ByteLevel / ByteFallback leave bytes as they are
// and decode() applies the lossy UTF-8 step once at the end.
struct DecToken {
    std::string text;
    bool added; // an added token: ByteLevel passes its content through unmapped
};
class Decoder {
public:
    virtual ~Decoder() = default;
    virtual void decodeChain(std::vector<DecToken>& tokens) const = 0;
    virtual bool isByteLevel() const { return false; }
};
std::unique_ptr<Decoder> makeDecoder(const json& j);

// ---- tokenizer.json reading (hf_json.cpp): a DOM of everything except model.vocab and model.merges,
// which are streamed into lists (the bulk of a large file).
struct RawTokenizerJson {
    json doc;
    VocabList vocab;
    MergeList merges;
    bool haveVocab = false, haveMerges = false;
};
RawTokenizerJson readTokenizerJson(std::string_view bytes); // Error(Format) for broken JSON

// ---- The whole pipeline behind HfTokenizer (hf_tokenizer.cpp)
struct Pipeline {
    std::string path;
    BpeModel model;
    std::unique_ptr<Normalizer> normalizer;
    std::unique_ptr<PreTokenizer> preTokenizer;
    std::unique_ptr<Decoder> decoder;
    AddedVocab added;
    std::vector<std::int32_t> prefix, suffix;
    std::vector<int> addedIndex;         // by id: index into added.tokens(), -1 when not an added token
    std::vector<std::int16_t> byteValue; // by id: byte of "<0xNN>", -1 otherwise
    TokenMap addedByContent;
    std::int32_t vocabSize = 0;
    bool byteLevel = false;
    std::string description;
};

} // namespace owq::hf
