// Tokenizer over the sentencepiece shim (see spm_loader.h for why sentencepiece is dlopen'ed).
#include "owq/tokenizer.h"

#include "owq/error.h"
#include "spm_loader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace owq {

namespace {

constexpr std::size_t kErrLen = 2048;

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// "<0xNN>" -> NN, else -1 (sentencepiece's byte-fallback pieces).
int bytePieceValue(const std::string& piece) {
    if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>') return -1;
    const int hi = hexDigit(piece[3]), lo = hexDigit(piece[4]);
    if (hi < 0 || lo < 0) return -1;
    return hi * 16 + lo;
}

// Number of bytes a UTF-8 sequence starting with lead byte c has; 0 for a continuation byte, 1 for ASCII
// and for bytes that can never start a sequence (they are complete, if invalid, on their own).
int utf8SequenceLength(unsigned char c) {
    if (c < 0x80) return 1;
    if (c < 0xC0) return 0;
    if (c < 0xE0) return 2;
    if (c < 0xF0) return 3;
    if (c < 0xF8) return 4;
    return 1;
}

std::optional<json> readJsonIfPresent(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return std::nullopt;
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, p.string() + ": cannot open for reading");
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, p.string() + ": invalid JSON: " + e.what());
    }
}

// An id or a list of ids ("eos_token_id": 2 or [2, 32000]); empty when absent or null.
std::vector<std::int32_t> idList(const json& j, const char* key) {
    std::vector<std::int32_t> out;
    if (!j.is_object() || !j.contains(key)) return out;
    const json& v = j.at(key);
    if (v.is_number_integer()) {
        out.push_back(v.get<std::int32_t>());
    } else if (v.is_array()) {
        for (const auto& e : v)
            if (e.is_number_integer()) out.push_back(e.get<std::int32_t>());
    }
    return out;
}

// "bos_token": "<s>" or {"content": "<s>", ...} (older AddedToken form); empty when absent.
std::string tokenString(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) return {};
    const json& v = j.at(key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v.at("content").is_string())
        return v.at("content").get<std::string>();
    return {};
}

} // namespace

struct Tokenizer::Impl {
    const detail::SpmApi* api = nullptr;
    owq_spm* sp = nullptr;
    std::int32_t vocab = 0;
    std::vector<std::int16_t> byteOf; // byte value of byte-fallback pieces, -1 for others

    ~Impl() {
        if (api && sp) api->free_model(sp);
    }
};

Tokenizer::~Tokenizer() = default;

std::shared_ptr<Tokenizer> Tokenizer::load(const std::string& modelPath) {
    std::error_code ec;
    if (fs::is_directory(modelPath, ec)) return loadFromFolder(modelPath);
    if (!fs::exists(modelPath, ec))
        throw Error(ErrorKind::Tokenizer, modelPath + ": tokenizer.model not found");
    if (!fs::is_regular_file(modelPath, ec))
        throw Error(ErrorKind::Tokenizer, modelPath + ": not a sentencepiece model: not a regular file");

    const detail::SpmApi& api = detail::spmApi();
    std::shared_ptr<Tokenizer> tok(new Tokenizer());
    tok->impl_ = std::make_unique<Impl>();
    tok->impl_->api = &api;
    tok->path_ = modelPath;

    char err[kErrLen] = {0};
    owq_spm* sp = nullptr;
    if (api.load(modelPath.c_str(), &sp, err, sizeof err) != 0 || !sp)
        throw Error(ErrorKind::Tokenizer, modelPath + ": not a sentencepiece model: " +
                                              (err[0] ? std::string(err) : std::string("load failed")));
    tok->impl_->sp = sp;
    tok->impl_->vocab = api.vocab_size(sp);
    tok->bos_ = api.bos_id(sp);
    tok->eos_ = api.eos_id(sp);
    tok->addBos_ = true;

    auto& byteOf = tok->impl_->byteOf;
    byteOf.assign(std::size_t(std::max(tok->impl_->vocab, 0)), -1);
    char buf[64];
    for (std::int32_t id = 0; id < tok->impl_->vocab; ++id) {
        const int n = api.id_to_piece(sp, id, buf, sizeof buf);
        if (n == 6) byteOf[std::size_t(id)] = std::int16_t(bytePieceValue(std::string(buf, 6)));
    }
    return tok;
}

std::shared_ptr<Tokenizer> Tokenizer::loadFromFolder(const std::string& dir) {
    std::error_code ec;
    const fs::path d(dir);
    if (!fs::is_directory(d, ec)) throw Error(ErrorKind::Tokenizer, dir + ": model folder not found");
    const fs::path model = d / "tokenizer.model";
    if (!fs::exists(model, ec)) {
        std::string msg = dir + ": no tokenizer.model in this folder";
        if (fs::exists(d / "tokenizer.json", ec))
            msg += " (it has a tokenizer.json; only sentencepiece tokenizer.model files are supported)";
        throw Error(ErrorKind::Tokenizer, msg);
    }
    auto tok = load(model.string());

    const json config = readJsonIfPresent(d / "config.json").value_or(json::object());
    const json genConfig = readJsonIfPresent(d / "generation_config.json").value_or(json::object());
    const json tokConfig = readJsonIfPresent(d / "tokenizer_config.json").value_or(json::object());

    // A special-token string of tokenizer_config.json, mapped through the vocabulary (nullopt when absent).
    auto pieceId = [&](const std::string& piece) -> std::optional<std::int32_t> {
        if (piece.empty()) return std::nullopt;
        const std::int32_t id = tok->pieceToId(piece);
        if (id < 0 || (id == tok->unkId() && piece != tok->idToPiece(id))) return std::nullopt;
        return id;
    };

    std::int32_t bos = tok->bos_;
    if (auto ids = idList(config, "bos_token_id"); !ids.empty())
        bos = ids.front();
    else if (auto g = idList(genConfig, "bos_token_id"); !g.empty())
        bos = g.front();
    else if (auto p = pieceId(tokenString(tokConfig, "bos_token")))
        bos = *p;

    std::vector<std::int32_t> eos;
    auto addEos = [&](std::int32_t id) {
        if (std::find(eos.begin(), eos.end(), id) == eos.end()) eos.push_back(id);
    };
    for (auto id : idList(config, "eos_token_id")) addEos(id);
    for (auto id : idList(genConfig, "eos_token_id")) addEos(id);
    if (eos.empty()) {
        if (auto p = pieceId(tokenString(tokConfig, "eos_token"))) addEos(*p);
    }
    if (eos.empty()) addEos(tok->eos_);
    tok->setBosEos(bos, eos);

    if (tokConfig.is_object() && tokConfig.contains("add_bos_token") &&
        tokConfig.at("add_bos_token").is_boolean())
        tok->addBos_ = tokConfig.at("add_bos_token").get<bool>();
    tok->path_ = model.string();
    return tok;
}

std::vector<std::int32_t> Tokenizer::encode(const std::string& text, bool addBos) const {
    std::vector<std::int32_t> out;
    if (addBos && bos_ >= 0) out.push_back(bos_);
    if (text.empty()) return out;
    char err[kErrLen] = {0};
    std::int32_t* ids = nullptr;
    std::size_t n = 0;
    if (impl_->api->encode(impl_->sp, text.data(), text.size(), &ids, &n, err, sizeof err) != 0)
        throw Error(ErrorKind::Tokenizer, path_ + ": " + err);
    out.insert(out.end(), ids, ids + n);
    impl_->api->free_buffer(ids);
    return out;
}

std::string Tokenizer::decode(const std::vector<std::int32_t>& ids) const {
    if (ids.empty()) return {};
    for (auto id : ids)
        if (id < 0 || id >= impl_->vocab)
            throw Error(ErrorKind::InvalidArgument, path_ + ": token id " + std::to_string(id) +
                                                        " is out of range (vocabulary of " +
                                                        std::to_string(impl_->vocab) + ")");
    char err[kErrLen] = {0};
    char* text = nullptr;
    std::size_t len = 0;
    if (impl_->api->decode(impl_->sp, ids.data(), ids.size(), &text, &len, err, sizeof err) != 0)
        throw Error(ErrorKind::Tokenizer, path_ + ": " + err);
    std::string out(text, len);
    impl_->api->free_buffer(text);
    return out;
}

std::string Tokenizer::idToPiece(std::int32_t id) const {
    char buf[256];
    const int n = impl_->api->id_to_piece(impl_->sp, id, buf, sizeof buf);
    if (n < 0)
        throw Error(ErrorKind::InvalidArgument, path_ + ": token id " + std::to_string(id) +
                                                    " is out of range (vocabulary of " +
                                                    std::to_string(impl_->vocab) + ")");
    if (std::size_t(n) < sizeof buf) return std::string(buf, std::size_t(n));
    std::string big(std::size_t(n) + 1, '\0');
    impl_->api->id_to_piece(impl_->sp, id, big.data(), big.size());
    big.resize(std::size_t(n));
    return big;
}

std::int32_t Tokenizer::pieceToId(const std::string& piece) const {
    return impl_->api->piece_to_id(impl_->sp, piece.c_str());
}

std::int32_t Tokenizer::vocabSize() const {
    return impl_->vocab;
}

std::int32_t Tokenizer::unkId() const {
    return impl_->api->unk_id(impl_->sp);
}

bool Tokenizer::isEos(std::int32_t id) const {
    return id == eos_ || std::find(extraEos_.begin(), extraEos_.end(), id) != extraEos_.end();
}

std::vector<std::int32_t> Tokenizer::eosIds() const {
    std::vector<std::int32_t> out{eos_};
    out.insert(out.end(), extraEos_.begin(), extraEos_.end());
    return out;
}

int Tokenizer::byteValue(std::int32_t id) const {
    if (id < 0 || std::size_t(id) >= impl_->byteOf.size()) return -1;
    return impl_->byteOf[std::size_t(id)];
}

void Tokenizer::setBosEos(std::int32_t bos, std::vector<std::int32_t> eos) {
    bos_ = bos;
    if (eos.empty()) return;
    eos_ = eos.front();
    extraEos_.clear();
    for (std::size_t i = 1; i < eos.size(); ++i)
        if (eos[i] != eos_ && std::find(extraEos_.begin(), extraEos_.end(), eos[i]) == extraEos_.end())
            extraEos_.push_back(eos[i]);
}

// ---- StreamDecoder ----------------------------------------------------------------------------------------
// Each push decodes the whole id list (so sentencepiece's rule of dropping the leading space of the first
// piece applies exactly as in a one-shot decode) and returns the part beyond what was already returned.
// sentencepiece turns the bytes of an unfinished byte-fallback run into U+FFFD, so the trailing byte-fallback
// ids that form an incomplete UTF-8 sequence are left out of the decode until the sequence completes (or
// cannot complete any more); the concatenated pushes plus flush() equal decode(all ids).

std::string StreamDecoder::push(std::int32_t id) {
    ids_.push_back(id);

    // Trailing byte-fallback ids: gather up to 4 of their bytes and hold back an unfinished sequence.
    std::size_t run = 0;
    std::string tail;
    while (run < ids_.size() && run < 4) {
        const int b = tok_->byteValue(ids_[ids_.size() - 1 - run]);
        if (b < 0) break;
        tail.insert(tail.begin(), char(b));
        ++run;
    }
    std::size_t hold = 0;
    if (!tail.empty()) hold = tail.size() - completeUtf8Prefix(tail);

    std::string text;
    if (hold == 0) {
        text = tok_->decode(ids_);
    } else {
        const std::vector<std::int32_t> head(ids_.begin(), ids_.end() - std::ptrdiff_t(hold));
        text = tok_->decode(head);
    }
    const std::size_t end = completeUtf8Prefix(text);
    if (end <= emitted_) return {};
    std::string out = text.substr(emitted_, end - emitted_);
    emitted_ = end;
    return out;
}

std::string StreamDecoder::flush() {
    std::string text = tok_->decode(ids_);
    if (text.size() <= emitted_) return {};
    std::string out = text.substr(emitted_);
    emitted_ = text.size();
    const std::size_t ok = completeUtf8Prefix(out);
    if (ok < out.size()) out = out.substr(0, ok) + "\xEF\xBF\xBD";
    return out;
}

void trainSentencePiece(const std::string& args) {
    const detail::SpmApi& api = detail::spmApi();
    char err[kErrLen] = {0};
    if (api.train(args.c_str(), err, sizeof err) != 0)
        throw Error(ErrorKind::Tokenizer, "sentencepiece training failed (" + args + "): " +
                                              (err[0] ? std::string(err) : std::string("unknown error")));
}

std::size_t completeUtf8Prefix(const std::string& s) {
    // Only the last sequence can be incomplete: find its lead byte within the last 4 bytes.
    const std::size_t n = s.size();
    for (std::size_t back = 1; back <= 4 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(s[n - back]);
        const int len = utf8SequenceLength(c);
        if (len == 0) continue; // continuation byte: keep looking for the lead
        return std::size_t(len) > back ? n - back : n;
    }
    return n; // only continuation bytes (or empty): nothing that could still complete
}

} // namespace owq
