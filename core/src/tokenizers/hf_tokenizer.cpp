// HfTokenizer: loads tokenizer.json into a Pipeline and runs HF's encode (added tokens, normalizer,
// pre-tokenizer, BPE, post-processor) and decode (ids to tokens, decoder chain, lossy UTF-8).
#include "tokenizers/hf_tokenizer.h"

#include "tokenizers/hf_internal.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace owq {

namespace hf {

const json* field(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

std::string getString(const json& obj, const char* key, const std::string& what,
                      const std::optional<std::string>& def) {
    const json* v = field(obj, key);
    if (!v) {
        if (def) return *def;
        throw Error(ErrorKind::Format, what + ": missing '" + key + "'");
    }
    if (!v->is_string()) throw Error(ErrorKind::Format, what + ": '" + key + "' must be a string");
    return v->get<std::string>();
}

std::optional<std::string> getOptString(const json& obj, const char* key, const std::string& what) {
    const json* v = field(obj, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) throw Error(ErrorKind::Format, what + ": '" + key + "' must be a string or null");
    return v->get<std::string>();
}

bool getBool(const json& obj, const char* key, const std::string& what, bool def) {
    const json* v = field(obj, key);
    if (!v) return def;
    if (!v->is_boolean()) throw Error(ErrorKind::Format, what + ": '" + key + "' must be true or false");
    return v->get<bool>();
}

std::int64_t getInt(const json& obj, const char* key, const std::string& what, std::int64_t def) {
    const json* v = field(obj, key);
    if (!v) return def;
    if (v->is_number_unsigned()) {
        const auto u = v->get<std::uint64_t>();
        return u > std::uint64_t(INT64_MAX) ? INT64_MAX : std::int64_t(u);
    }
    if (!v->is_number_integer()) throw Error(ErrorKind::Format, what + ": '" + key + "' must be an integer");
    return v->get<std::int64_t>();
}

std::string typeOf(const json& obj, const std::string& what) {
    if (!obj.is_object()) throw Error(ErrorKind::Format, what + " must be an object or null");
    const json* t = field(obj, "type");
    if (!t || !t->is_string()) throw Error(ErrorKind::Format, what + " has no \"type\"");
    return t->get<std::string>();
}

namespace {

std::vector<AddedToken> readAddedTokens(const json& doc, std::int64_t idLimit) {
    std::vector<AddedToken> out;
    const json* list = field(doc, "added_tokens");
    if (!list) return out;
    if (!list->is_array()) throw Error(ErrorKind::Format, "'added_tokens' must be a list");
    for (const json& e : *list) {
        const std::string what = "added_tokens[" + std::to_string(out.size()) + "]";
        if (!e.is_object()) throw Error(ErrorKind::Format, what + " must be an object");
        AddedToken t;
        const json* id = field(e, "id");
        if (!id || !id->is_number_integer())
            throw Error(ErrorKind::Format, what + ": 'id' must be an integer");
        const std::int64_t v = getInt(e, "id", what, 0);
        t.content = getString(e, "content", what);
        if (v < 0 || v >= idLimit)
            throw Error(ErrorKind::Format, what + " ('" + t.content + "'): id " + std::to_string(v) +
                                               " is out of range (0.." + std::to_string(idLimit - 1) + ")");
        t.id = static_cast<std::int32_t>(v);
        t.special = getBool(e, "special", what, false);
        t.lstrip = getBool(e, "lstrip", what, false);
        t.rstrip = getBool(e, "rstrip", what, false);
        t.normalized = getBool(e, "normalized", what, !t.special);
        t.singleWord = getBool(e, "single_word", what, false);
        out.push_back(std::move(t));
    }
    return out;
}

struct Template {
    std::vector<std::int32_t> prefix, suffix;
};

void checkIds(const std::vector<std::int32_t>& ids, std::int32_t vocabSize, const std::string& what) {
    for (std::int32_t id : ids)
        if (id < 0 || id >= vocabSize)
            throw Error(ErrorKind::Format, what + ": special id " + std::to_string(id) +
                                               " is out of range (0.." + std::to_string(vocabSize - 1) + ")");
}

// The single-sequence template of a post-processor: the ids before and after $A.
Template readPostProcessor(const json& j, std::int32_t vocabSize) {
    Template t;
    if (j.is_null()) return t;
    const std::string type = typeOf(j, "post_processor");
    const std::string what = "post_processor '" + type + "'";
    if (type == "ByteLevel") return t; // offsets only
    if (type == "TemplateProcessing") {
        const json* single = field(j, "single");
        if (!single) throw Error(ErrorKind::Format, what + ": missing 'single'");
        const json* specials = field(j, "special_tokens");
        auto idsOf = [&](const std::string& name) {
            const json* st = specials ? field(*specials, name.c_str()) : nullptr;
            const json* ids = st ? field(*st, "ids") : nullptr;
            if (!ids || !ids->is_array())
                throw Error(ErrorKind::Format,
                            what + ": special token '" + name + "' is not in special_tokens");
            std::vector<std::int32_t> out;
            for (const json& id : *ids) {
                if (!id.is_number_integer()) throw Error(ErrorKind::Format, what + ": ids must be integers");
                const auto v = id.get<std::int64_t>();
                out.push_back(v < 0 || v > INT32_MAX ? -1 : static_cast<std::int32_t>(v));
            }
            checkIds(out, vocabSize, what);
            return out;
        };
        // The serialized form is a list of {"SpecialToken": {...}} / {"Sequence": {...}}; "[CLS] $A [SEP]"
        // strings are accepted too.
        std::vector<json> items;
        if (single->is_string()) {
            std::istringstream ss(single->get<std::string>());
            for (std::string w; ss >> w;) items.emplace_back(w);
        } else if (single->is_array()) {
            items.assign(single->begin(), single->end());
        } else {
            throw Error(ErrorKind::Format, what + ": 'single' must be a list");
        }
        bool afterSequence = false;
        for (const json& item : items) {
            std::optional<std::string> special;
            if (item.is_string()) {
                std::string w = item.get<std::string>();
                if (!w.empty() && w[0] == '$') {
                    afterSequence = true;
                    continue;
                }
                if (auto colon = w.rfind(':'); colon != std::string::npos && colon > 0) w.resize(colon);
                special = w;
            } else if (const json* s = field(item, "SpecialToken")) {
                special = getString(*s, "id", what);
            } else if (field(item, "Sequence")) {
                afterSequence = true;
                continue;
            } else {
                throw Error(ErrorKind::Format,
                            what + ": a template item is neither SpecialToken nor Sequence");
            }
            const std::vector<std::int32_t> ids = idsOf(*special);
            auto& dst = afterSequence ? t.suffix : t.prefix;
            dst.insert(dst.end(), ids.begin(), ids.end());
        }
        return t;
    }
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        auto idOf = [&](const char* key) {
            const json* p = field(j, key);
            if (!p || !p->is_array() || p->size() != 2 || !(*p)[1].is_number_integer())
                throw Error(ErrorKind::Format, what + ": '" + key + "' must be [token, id]");
            const auto v = (*p)[1].get<std::int64_t>();
            std::vector<std::int32_t> out{v < 0 || v > INT32_MAX ? -1 : static_cast<std::int32_t>(v)};
            checkIds(out, vocabSize, what);
            return out;
        };
        t.prefix = idOf("cls");
        t.suffix = idOf("sep");
        return t;
    }
    if (type == "Sequence") {
        const json* list = field(j, "processors");
        if (!list || !list->is_array())
            throw Error(ErrorKind::Format, what + ": 'processors' must be a list");
        // Each processor wraps what the previous ones made.
        for (const json& p : *list) {
            Template inner = readPostProcessor(p, vocabSize);
            t.prefix.insert(t.prefix.begin(), inner.prefix.begin(), inner.prefix.end());
            t.suffix.insert(t.suffix.end(), inner.suffix.begin(), inner.suffix.end());
        }
        return t;
    }
    throw Error(ErrorKind::Unsupported, "post_processor type '" + type + "' is not supported");
}

void buildPipeline(Pipeline& p, RawTokenizerJson&& raw) {
    const json& doc = raw.doc;
    if (!doc.is_object()) throw Error(ErrorKind::Format, "the top level is not a JSON object");
    const json* model = field(doc, "model");
    if (!model || !model->is_object())
        throw Error(ErrorKind::Format, "missing \"model\" (not a tokenizer.json?)");
    std::string type = "BPE";
    if (const json* t = field(*model, "type")) {
        if (!t->is_string()) throw Error(ErrorKind::Format, "model type must be a string");
        type = t->get<std::string>();
    }
    if (type != "BPE") throw Error(ErrorKind::Unsupported, "model type '" + type + "' is not supported");
    if (!raw.haveVocab) throw Error(ErrorKind::Format, "model.vocab is missing or not an object");
    if (!raw.haveMerges && field(*model, "merges"))
        throw Error(ErrorKind::Format, "model.merges is not a list");

    const std::size_t addedCount =
        field(doc, "added_tokens") && doc["added_tokens"].is_array() ? doc["added_tokens"].size() : 0;
    // Ids are dense in real files; the slack bounds the tables a corrupt file can make us allocate.
    const std::int64_t idLimit =
        std::min<std::int64_t>(INT32_MAX, 2 * std::int64_t(raw.vocab.size() + addedCount) + 1024);
    std::vector<AddedToken> added = readAddedTokens(doc, idLimit);

    p.normalizer = makeNormalizer(field(doc, "normalizer") ? doc["normalizer"] : json());
    p.preTokenizer = makePreTokenizer(field(doc, "pre_tokenizer") ? doc["pre_tokenizer"] : json());
    p.decoder = makeDecoder(field(doc, "decoder") ? doc["decoder"] : json());
    p.model.build(*model, std::move(raw.vocab), std::move(raw.merges), idLimit);

    // Added tokens: one content per id and one id per content (exact repeats are ignored).
    std::vector<AddedToken> unique;
    std::unordered_map<std::int32_t, std::size_t> byId;
    for (AddedToken& t : added) {
        auto byContent = p.addedByContent.find(t.content);
        auto sameId = byId.find(t.id);
        if (sameId != byId.end() && unique[sameId->second].content != t.content)
            throw Error(ErrorKind::Format, "added_tokens: duplicate id " + std::to_string(t.id) + " ('" +
                                               unique[sameId->second].content + "' and '" + t.content + "')");
        if (byContent != p.addedByContent.end() && byContent->second != t.id)
            throw Error(ErrorKind::Format, "added_tokens: token '" + t.content + "' has two ids (" +
                                               std::to_string(byContent->second) + " and " +
                                               std::to_string(t.id) + ")");
        if (sameId != byId.end()) continue;
        p.addedByContent.emplace(t.content, t.id);
        byId.emplace(t.id, unique.size());
        unique.push_back(std::move(t));
    }

    std::int32_t vocabSize = static_cast<std::int32_t>(p.model.tokens().size());
    for (const AddedToken& t : unique) vocabSize = std::max(vocabSize, t.id + 1);
    p.vocabSize = vocabSize;
    p.addedIndex.assign(std::size_t(vocabSize), -1);
    for (std::size_t i = 0; i < unique.size(); ++i)
        p.addedIndex[std::size_t(unique[i].id)] = static_cast<int>(i);
    p.byteValue.assign(std::size_t(vocabSize), -1);
    const auto& toks = p.model.tokens();
    for (std::size_t id = 0; id < toks.size(); ++id) {
        const std::string& s = toks[id];
        if (s.size() == 6 && s.compare(0, 3, "<0x") == 0 && s[5] == '>' && p.addedIndex[id] < 0) {
            const std::string hex = s.substr(3, 2);
            if (std::isxdigit(static_cast<unsigned char>(hex[0])) &&
                std::isxdigit(static_cast<unsigned char>(hex[1])))
                p.byteValue[id] = static_cast<std::int16_t>(std::stoi(hex, nullptr, 16));
        }
    }
    const std::size_t addedTotal = unique.size();
    p.added.build(std::move(unique), p.normalizer.get());

    Template t = readPostProcessor(field(doc, "post_processor") ? doc["post_processor"] : json(), vocabSize);
    p.prefix = std::move(t.prefix);
    p.suffix = std::move(t.suffix);

    const bool preByteLevel = p.preTokenizer && p.preTokenizer->isByteLevel();
    const bool decByteLevel = p.decoder && p.decoder->isByteLevel();
    p.byteLevel = preByteLevel && decByteLevel;
    p.description = "BPE, " + std::to_string(p.model.size()) + " tokens + " + std::to_string(addedTotal) +
                    " added, " + std::to_string(p.model.mergeCount()) + " merges";
    if (p.byteLevel)
        p.description += ", byte-level";
    else if (p.model.byteFallback())
        p.description += ", byte-fallback";
}

} // namespace
} // namespace hf

HfTokenizer::HfTokenizer() = default;
HfTokenizer::~HfTokenizer() = default;

std::unique_ptr<HfTokenizer> HfTokenizer::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, path + ": cannot open: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(ErrorKind::Io, path + ": cannot read");
    const std::string bytes = ss.str();

    hf::RawTokenizerJson raw;
    try {
        if (bytes.empty()) throw Error(ErrorKind::Format, "the file is empty");
        raw = hf::readTokenizerJson(bytes);
    } catch (const Error& e) {
        throw Error(e.kind(), path + ": " + e.what());
    }
    return fromParts(path, std::move(raw));
}

std::unique_ptr<HfTokenizer> HfTokenizer::fromParts(const std::string& path, hf::RawTokenizerJson&& raw) {
    std::unique_ptr<HfTokenizer> tok(new HfTokenizer());
    tok->p_ = std::make_unique<hf::Pipeline>();
    tok->p_->path = path;
    try {
        hf::buildPipeline(*tok->p_, std::move(raw));
    } catch (const Error& e) {
        throw Error(e.kind(), path + ": " + e.what());
    } catch (const hf::json::exception& e) {
        throw Error(ErrorKind::Format, path + ": unexpected structure: " + e.what());
    }
    return tok;
}

std::vector<std::int32_t> HfTokenizer::encode(const std::string& text, bool addSpecialTokens,
                                              bool parseSpecialTokens) const {
    const hf::Pipeline& p = *p_;
    std::vector<std::int32_t> ids;
    if (addSpecialTokens) ids = p.prefix;
    const std::string input = hf::validUtf8(text) ? text : hf::utf8Lossy(text);
    const bool skipSpecial = !parseSpecialTokens;
    const auto& added = p.added.tokens();
    std::vector<hf::PreToken> pieces;

    // Like HF's PreTokenizedString: added tokens split the raw text, then each plain part is normalized and
    // split by the normalized added tokens, and only then pre-tokenized; empty parts vanish at every step.
    for (const hf::Segment& seg : p.added.split(input, false, skipSpecial)) {
        if (seg.token >= 0) {
            ids.push_back(added[std::size_t(seg.token)].id);
            continue;
        }
        std::string part = input.substr(seg.start, seg.end - seg.start);
        const bool atStart = seg.start == 0;
        if (p.normalizer) p.normalizer->normalize(part);
        for (const hf::Segment& sub : p.added.split(part, true, skipSpecial)) {
            if (sub.token >= 0) {
                ids.push_back(added[std::size_t(sub.token)].id);
                continue;
            }
            pieces.clear();
            pieces.push_back({part.substr(sub.start, sub.end - sub.start), atStart && sub.start == 0});
            if (p.preTokenizer) p.preTokenizer->split(pieces);
            for (const hf::PreToken& w : pieces) p.model.tokenize(w.text, ids);
        }
    }
    if (addSpecialTokens) ids.insert(ids.end(), p.suffix.begin(), p.suffix.end());
    return ids;
}

std::string HfTokenizer::decodeBytes(const std::vector<std::int32_t>& ids, bool skipSpecialTokens) const {
    const hf::Pipeline& p = *p_;
    const auto& model = p.model.tokens();
    const auto& added = p.added.tokens();
    std::vector<hf::DecToken> toks;
    toks.reserve(ids.size());
    for (std::int32_t id : ids) {
        if (id < 0 || id >= p.vocabSize) continue; // HF skips ids it has no token for
        const int a = p.addedIndex[std::size_t(id)];
        if (a >= 0) {
            const hf::AddedToken& t = added[std::size_t(a)];
            if (!(skipSpecialTokens && t.special)) toks.push_back({t.content, true});
        } else if (std::size_t(id) < model.size() && !model[std::size_t(id)].empty()) {
            toks.push_back({model[std::size_t(id)], false});
        }
    }
    std::string out;
    if (p.decoder) {
        p.decoder->decodeChain(toks);
        for (const auto& t : toks) out += t.text;
    } else {
        for (std::size_t i = 0; i < toks.size(); ++i) out += (i ? " " : "") + toks[i].text;
    }
    return out;
}

std::string HfTokenizer::decode(const std::vector<std::int32_t>& ids, bool skipSpecialTokens) const {
    return hf::utf8Lossy(decodeBytes(ids, skipSpecialTokens));
}

std::int32_t HfTokenizer::vocabSize() const {
    return p_->vocabSize;
}

std::string HfTokenizer::idToToken(std::int32_t id) const {
    if (id < 0 || id >= p_->vocabSize)
        throw Error(ErrorKind::InvalidArgument, "token id " + std::to_string(id) +
                                                    " is out of range (vocab of " +
                                                    std::to_string(p_->vocabSize) + ")");
    const int a = p_->addedIndex[std::size_t(id)];
    if (a >= 0) return p_->added.tokens()[std::size_t(a)].content;
    const auto& model = p_->model.tokens();
    return std::size_t(id) < model.size() ? model[std::size_t(id)] : std::string();
}

std::optional<std::int32_t> HfTokenizer::tokenToId(const std::string& token) const {
    if (auto it = p_->addedByContent.find(token); it != p_->addedByContent.end()) return it->second;
    return p_->model.tokenToId(token);
}

bool HfTokenizer::isSpecial(std::int32_t id) const {
    if (id < 0 || id >= p_->vocabSize) return false;
    const int a = p_->addedIndex[std::size_t(id)];
    return a >= 0 && p_->added.tokens()[std::size_t(a)].special;
}

std::int32_t HfTokenizer::unkId() const {
    return p_->model.unkId().value_or(-1);
}

int HfTokenizer::byteValue(std::int32_t id) const {
    if (id < 0 || id >= p_->vocabSize) return -1;
    return p_->byteValue[std::size_t(id)];
}

const std::vector<std::int32_t>& HfTokenizer::prefixSpecialIds() const {
    return p_->prefix;
}

const std::vector<std::int32_t>& HfTokenizer::suffixSpecialIds() const {
    return p_->suffix;
}

std::string HfTokenizer::describe() const {
    return p_->description;
}

bool HfTokenizer::byteLevel() const {
    return p_->byteLevel;
}

} // namespace owq
