// vocab.json + merges.txt and the folder's special-token files, turned into the parts a GPT-2 tokenizer.json
// would hold (transformers' GPT2Converter: BPE, ByteLevel pre-tokenizer with GPT-2's regex, ByteLevel
// decoder, TemplateProcessing "bos $A" when add_bos_token) and built by HfTokenizer::fromParts, so the BPE,
// pre-tokenizer, added-token and decoder code is the tokenizer.json pipeline's own.
#include "tokenizers/gpt2_files.h"

#include "owq/error.h"
#include "tokenizers/hf_internal.h"

#include <climits>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace owq {

namespace {

using json = nlohmann::json;

// The special tokens GPT2Tokenizer knows by name; bos, eos and unk default to "<|endoftext|>".
const char* const kSpecialKeys[] = {"bos_token", "eos_token", "unk_token", "pad_token",
                                    "sep_token", "cls_token", "mask_token"};
const char* const kGpt2Default = "<|endoftext|>";

[[noreturn]] void fail(const fs::path& file, const std::string& msg) {
    throw Error(ErrorKind::Tokenizer, file.string() + ": " + msg);
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, p.string() + ": cannot open for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(ErrorKind::Io, p.string() + ": cannot read");
    return ss.str();
}

json parseJson(const fs::path& p) {
    try {
        return json::parse(readText(p));
    } catch (const json::exception& e) {
        fail(p, std::string("not valid JSON: ") + e.what());
    }
}

// A JSON file of the folder, an empty object when absent.
json readOptionalJson(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return json::object();
    json j = parseJson(p);
    if (!j.is_object()) fail(p, "must be a JSON object");
    return j;
}

bool boolOf(const json& j, const char* key, bool def) {
    const json* v = hf::field(j, key);
    return v && v->is_boolean() ? v->get<bool>() : def;
}

// 'text' for messages, long text cut (at a character boundary).
std::string shown(std::string_view s) {
    constexpr std::size_t kMax = 60;
    std::size_t cut = s.size();
    if (cut > kMax) {
        cut = kMax;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    }
    std::string out(1, '\'');
    out.append(s.substr(0, cut));
    if (cut < s.size()) out.append("...");
    out.push_back('\'');
    return out;
}

// vocab.json: {"token": id, ...}.
json readVocab(const fs::path& p) {
    json v = parseJson(p);
    if (!v.is_object()) fail(p, "must be a JSON object mapping tokens to ids");
    if (v.empty()) fail(p, "has no tokens");
    for (const auto& [tok, id] : v.items()) {
        if (!id.is_number_integer()) fail(p, "the id of token " + shown(tok) + " is not an integer");
        if ((id.is_number_unsigned() && id.get<std::uint64_t>() > std::uint64_t(INT32_MAX)) ||
            id.get<std::int64_t>() < 0)
            fail(p, "the id of token " + shown(tok) + " is out of range");
    }
    return v;
}

// merges.txt: an optional "#version" first line, then one merge "a b" a line, highest priority first.
hf::MergeList readMerges(const fs::path& p, const json& vocab) {
    const std::string text = readText(p);
    hf::MergeList merges;
    std::size_t lineNo = 0;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + at, end - at);
        at = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (lineNo == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
        if (lineNo == 1 && line.substr(0, 8) == "#version") continue;
        if (line.empty()) continue;
        const std::size_t sp = line.find(' ');
        if (sp == std::string::npos || sp == 0 || sp + 1 == line.size() ||
            line.find(' ', sp + 1) != std::string::npos)
            fail(p, "line " + std::to_string(lineNo) + ": " + shown(line) +
                        " is not two tokens separated by one space");
        std::string a(line.substr(0, sp)), b(line.substr(sp + 1));
        for (const std::string& t : {a, b, a + b})
            if (!vocab.contains(t))
                fail(p, "line " + std::to_string(lineNo) + ": the merge " + shown(line) + " needs token " +
                            shown(t) + ", which is not in vocab.json");
        merges.emplace_back(std::move(a), std::move(b));
    }
    return merges;
}

struct NamedToken {
    std::string content;
    json flags = json::object(); // lstrip / rstrip / single_word of the {"content": ...} form
};

// "</s>" or {"content": "</s>", "lstrip": false, ...}; nullopt for null or anything else.
std::optional<NamedToken> namedToken(const json& v) {
    if (v.is_string() && !v.get<std::string>().empty()) return NamedToken{v.get<std::string>()};
    if (!v.is_object() || !v.contains("content") || !v["content"].is_string()) return std::nullopt;
    NamedToken t{v["content"].get<std::string>()};
    for (const char* k : {"lstrip", "rstrip", "single_word"})
        if (v.contains(k) && v[k].is_boolean()) t.flags[k] = v[k];
    if (t.content.empty()) return std::nullopt;
    return t;
}

// A named special token as transformers resolves it: special_tokens_map.json over tokenizer_config.json
// (null in either means none), else GPT2Tokenizer's default.
std::optional<NamedToken> specialOf(const json& specialsMap, const json& tokConfig, const std::string& key) {
    for (const json* src : {&specialsMap, &tokConfig})
        if (src->contains(key)) return namedToken(src->at(key));
    if (key == "bos_token" || key == "eos_token" || key == "unk_token") return NamedToken{kGpt2Default};
    return std::nullopt;
}

// The added tokens: tokenizer_config.json's added_tokens_decoder, added_tokens.json, then the named special
// tokens (marked special; added with their vocab.json id when not added yet, skipped when they name no
// token).
class AddedTokens {
public:
    explicit AddedTokens(const json& vocab) : vocab_(vocab) {}

    void fromDecoder(const json& decoder, const fs::path& file) {
        if (!decoder.is_object()) fail(file, "added_tokens_decoder must be an object");
        for (const auto& [key, e] : decoder.items()) {
            std::int64_t id = -1;
            try {
                std::size_t used = 0;
                id = std::stoll(key, &used);
                if (used != key.size()) id = -1;
            } catch (const std::exception&) {
            }
            if (id < 0 || id > INT32_MAX)
                fail(file, "added_tokens_decoder: " + shown(key) + " is not a token id");
            if (!e.is_object() || !e.contains("content") || !e["content"].is_string())
                fail(file, "added_tokens_decoder[" + key + "] has no \"content\" string");
            const bool special = boolOf(e, "special", false);
            json t = {
                {"id", id},        {"content", e["content"]}, {"special", special},    {"lstrip", false},
                {"rstrip", false}, {"single_word", false},    {"normalized", !special}};
            for (const char* k : {"lstrip", "rstrip", "single_word", "normalized"})
                if (e.contains(k) && e[k].is_boolean()) t[k] = e[k];
            add(std::move(t));
        }
    }

    void fromAddedTokensJson(const json& j, const fs::path& file) {
        for (const auto& [content, id] : j.items()) {
            if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > INT32_MAX)
                fail(file, "the id of token " + shown(content) + " is not a token id");
            const std::size_t at = list_.size();
            if (add({{"id", id},
                     {"content", content},
                     {"special", false},
                     {"lstrip", false},
                     {"rstrip", false},
                     {"single_word", false},
                     {"normalized", true}}))
                fromAddedJson_.insert(at);
        }
    }

    void markSpecial(const NamedToken& t) {
        if (auto it = index_.find(t.content); it != index_.end()) {
            json& e = list_[it->second];
            e["special"] = true;
            if (fromAddedJson_.count(it->second)) { // no flags of its own: a special token's defaults
                e["normalized"] = false;
                e.update(t.flags);
            }
            return;
        }
        if (!vocab_.contains(t.content)) return;
        json e = {{"id", vocab_[t.content]}, {"content", t.content}, {"special", true},    {"lstrip", false},
                  {"rstrip", false},         {"single_word", false}, {"normalized", false}};
        e.update(t.flags);
        add(std::move(e));
    }

    std::optional<std::int64_t> idOf(const std::string& content) const {
        if (auto it = index_.find(content); it != index_.end())
            return list_[it->second]["id"].get<std::int64_t>();
        if (auto it = vocab_.find(content); it != vocab_.end()) return it->get<std::int64_t>();
        return std::nullopt;
    }
    // Added tokens that are not vocab.json entries.
    std::size_t extraCount() const {
        std::size_t n = 0;
        for (const json& t : list_) n += vocab_.contains(t["content"].get<std::string>()) ? 0 : 1;
        return n;
    }
    const json& list() const { return list_; }

private:
    bool add(json t) {
        const std::string content = t["content"].get<std::string>();
        if (index_.count(content)) return false; // the first source wins
        index_.emplace(content, list_.size());
        list_.push_back(std::move(t));
        return true;
    }
    const json& vocab_;
    json list_ = json::array();
    std::map<std::string, std::size_t> index_;
    std::set<std::size_t> fromAddedJson_; // entries of added_tokens.json
};

} // namespace

Gpt2FilesTokenizer loadGpt2Files(const std::string& vocabPath) {
    const fs::path vocabFile(vocabPath);
    const fs::path dir = vocabFile.parent_path();
    const fs::path mergesFile = dir / "merges.txt";
    std::error_code ec;
    if (!fs::is_regular_file(vocabFile, ec)) fail(vocabFile, "not found");
    if (!fs::is_regular_file(mergesFile, ec))
        fail(mergesFile, "not found (a vocab.json tokenizer needs merges.txt beside it)");

    const fs::path tokConfigFile = dir / "tokenizer_config.json";
    const json tokConfig = readOptionalJson(tokConfigFile);
    if (const json* c = hf::field(tokConfig, "tokenizer_class"); c && c->is_string()) {
        const std::string cls = c->get<std::string>();
        if (cls != "GPT2Tokenizer" && cls != "GPT2TokenizerFast")
            throw Error(
                ErrorKind::Unsupported,
                tokConfigFile.string() + ": tokenizer_class '" + cls +
                    "' is not supported from vocab.json + merges.txt (only GPT-2's byte-level BPE is; "
                    "a tokenizer.json in the folder would be used instead)");
    }
    const json specialsMap = readOptionalJson(dir / "special_tokens_map.json");
    const fs::path addedFile = dir / "added_tokens.json";
    const json addedJson = readOptionalJson(addedFile);

    const json vocab = readVocab(vocabFile);
    hf::MergeList merges = readMerges(mergesFile, vocab);

    AddedTokens added(vocab);
    if (const json* d = hf::field(tokConfig, "added_tokens_decoder")) added.fromDecoder(*d, tokConfigFile);
    added.fromAddedTokensJson(addedJson, addedFile);
    std::map<std::string, NamedToken> named;
    for (const char* key : kSpecialKeys)
        if (auto t = specialOf(specialsMap, tokConfig, key)) {
            added.markSpecial(*t);
            named.emplace(key, *t);
        }
    const json* extra = hf::field(specialsMap, "additional_special_tokens");
    if (!extra) extra = hf::field(tokConfig, "additional_special_tokens");
    if (extra && extra->is_array())
        for (const json& e : *extra)
            if (auto t = namedToken(e)) added.markSpecial(*t);

    auto contentOf = [&](const char* key) {
        auto it = named.find(key);
        return it == named.end() ? std::string() : it->second.content;
    };
    const std::string bos = contentOf("bos_token"), unk = contentOf("unk_token");
    json post = {
        {"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}};
    // GPT2Tokenizer's add_bos_token (default false): "bos $A", as GPT2Converter writes it.
    if (boolOf(tokConfig, "add_bos_token", false) && !bos.empty()) {
        if (const auto id = added.idOf(bos)) {
            json single = json::array();
            single.push_back(json::object({{"SpecialToken", {{"id", bos}, {"type_id", 0}}}}));
            single.push_back(json::object({{"Sequence", {{"id", "A"}, {"type_id", 0}}}}));
            json spec =
                json::object({{"id", bos}, {"ids", json::array({*id})}, {"tokens", json::array({bos})}});
            post = {{"type", "TemplateProcessing"},
                    {"single", std::move(single)},
                    {"special_tokens", json::object()}};
            post["special_tokens"][bos] = std::move(spec);
        }
    }
    const bool addPrefixSpace = boolOf(tokConfig, "add_prefix_space", false);
    const json byteLevel = {{"type", "ByteLevel"},
                            {"add_prefix_space", addPrefixSpace},
                            {"trim_offsets", true},
                            {"use_regex", true}};

    hf::RawTokenizerJson raw;
    raw.doc = {{"version", "1.0"},
               {"added_tokens", added.list()},
               {"normalizer", nullptr},
               {"pre_tokenizer", byteLevel},
               {"post_processor", post},
               {"decoder", byteLevel},
               {"model",
                {{"type", "BPE"},
                 {"dropout", nullptr},
                 {"unk_token", unk.empty() ? json(nullptr) : json(unk)},
                 {"continuing_subword_prefix", ""},
                 {"end_of_word_suffix", ""},
                 {"fuse_unk", false},
                 {"byte_fallback", false},
                 {"vocab", json::object()},
                 {"merges", json::array()}}}};
    raw.vocab.reserve(vocab.size());
    for (const auto& [tok, id] : vocab.items()) raw.vocab.emplace_back(tok, id.get<std::int64_t>());
    const std::size_t mergeCount = merges.size();
    raw.merges = std::move(merges);
    raw.haveVocab = raw.haveMerges = true;

    Gpt2FilesTokenizer out;
    try {
        out.tok = HfTokenizer::fromParts(vocabPath, std::move(raw));
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Format) throw;
        throw Error(ErrorKind::Tokenizer, e.what()); // e.g. two tokens with one id in vocab.json
    }
    auto idOf = [&](const std::string& content) {
        return content.empty() ? -1 : out.tok->tokenToId(content).value_or(-1);
    };
    out.bos = idOf(bos);
    out.eos = idOf(contentOf("eos_token"));
    out.description = "byte-level BPE, " + std::to_string(vocab.size()) + " tokens";
    if (const std::size_t n = added.extraCount()) out.description += " + " + std::to_string(n) + " added";
    out.description += ", " + std::to_string(mergeCount) + " merges";
    return out;
}

} // namespace owq
