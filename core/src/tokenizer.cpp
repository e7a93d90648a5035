// The Tokenizer facade over its two backends: sentencepiece through the shim (see spm_loader.h for why it is
// dlopen'ed) and Hugging Face tokenizer.json (tokenizers/hf_tokenizer.h), which also runs vocab.json +
// merges.txt (tokenizers/gpt2_files.h). The model folder's configuration (BOS/EOS ids, add_bos_token) is read
// here, the same way for all.
#include "owq/tokenizer.h"

#include "chat_templates/template_source.h"
#include "owq/error.h"
#include "spm_loader.h"
#include "tokenizers/gpt2_files.h"
#include "tokenizers/hf_tokenizer.h"
#include "util/utf8.h"

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

std::optional<bool> boolField(const json& j, const char* key) {
    if (j.is_object() && j.contains(key) && j.at(key).is_boolean()) return j.at(key).get<bool>();
    return std::nullopt;
}

} // namespace

struct Tokenizer::Impl {
    // sentencepiece
    const detail::SpmApi* api = nullptr;
    owq_spm* sp = nullptr;
    std::int32_t vocab = 0;
    std::vector<std::int16_t> byteOf; // byte value of byte-fallback pieces, -1 for others
    // tokenizer.json
    std::unique_ptr<HfTokenizer> hf;
    std::vector<std::int32_t> prefix, suffix; // what addSpecial puts around a sequence (after the config)
    bool gpt2Files = false;                   // built from vocab.json + merges.txt
    std::string gpt2Description;

    ~Impl() {
        if (api && sp) api->free_model(sp);
    }
};

Tokenizer::~Tokenizer() = default;

std::shared_ptr<Tokenizer> Tokenizer::load(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return loadFromFolder(path);
    const fs::path name = fs::path(path).filename();
    if (name == "tokenizer.json") return loadJson(path);
    if (name == "vocab.json") return loadGpt2Files(path);
    if (name == "merges.txt") return loadGpt2Files((fs::path(path).parent_path() / "vocab.json").string());
    return loadSentencePiece(path);
}

std::shared_ptr<Tokenizer> Tokenizer::loadSentencePiece(const std::string& modelPath) {
    std::error_code ec;
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

std::shared_ptr<Tokenizer> Tokenizer::loadJson(const std::string& jsonPath) {
    std::error_code ec;
    if (!fs::is_regular_file(jsonPath, ec))
        throw Error(ErrorKind::Tokenizer, jsonPath + ": tokenizer.json not found");
    std::shared_ptr<Tokenizer> tok(new Tokenizer());
    tok->impl_ = std::make_unique<Impl>();
    tok->impl_->hf = HfTokenizer::load(jsonPath);
    tok->path_ = jsonPath;
    const HfTokenizer& hf = *tok->impl_->hf;
    tok->impl_->prefix = hf.prefixSpecialIds();
    tok->impl_->suffix = hf.suffixSpecialIds();
    tok->bos_ = tok->impl_->prefix.empty() ? -1 : tok->impl_->prefix.front();
    tok->eos_ = -1;
    tok->addBos_ = !tok->impl_->prefix.empty();
    return tok;
}

std::shared_ptr<Tokenizer> Tokenizer::loadGpt2Files(const std::string& vocabPath) {
    Gpt2FilesTokenizer files = owq::loadGpt2Files(vocabPath);
    std::shared_ptr<Tokenizer> tok(new Tokenizer());
    tok->impl_ = std::make_unique<Impl>();
    tok->impl_->hf = std::move(files.tok);
    tok->impl_->gpt2Files = true;
    tok->impl_->gpt2Description = std::move(files.description);
    tok->path_ = vocabPath;
    tok->impl_->prefix = tok->impl_->hf->prefixSpecialIds();
    tok->impl_->suffix = tok->impl_->hf->suffixSpecialIds();
    tok->bos_ = files.bos;
    tok->eos_ = files.eos;
    tok->addBos_ = !tok->impl_->prefix.empty();
    return tok;
}

std::string Tokenizer::fileInFolder(const std::string& dir) {
    std::error_code ec;
    // transformers loads the fast tokenizer (tokenizer.json) whenever a folder has one; vocab.json (with
    // merges.txt) is the slow GPT-2 tokenizer's, which it converts.
    for (const char* name : {"tokenizer.json", "tokenizer.model", "vocab.json"}) {
        const fs::path p = fs::path(dir) / name;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    return {};
}

std::shared_ptr<Tokenizer> Tokenizer::loadFromFolder(const std::string& dir) {
    std::error_code ec;
    const fs::path d(dir);
    if (!fs::is_directory(d, ec)) throw Error(ErrorKind::Tokenizer, dir + ": model folder not found");
    const std::string file = fileInFolder(dir);
    if (file.empty())
        throw Error(ErrorKind::Tokenizer,
                    dir + ": no tokenizer in this folder (expected tokenizer.json or tokenizer.model, or "
                          "vocab.json + merges.txt)");
    auto tok = load(file);
    const bool hf = tok->impl_->hf != nullptr;

    const json config = readJsonIfPresent(d / "config.json").value_or(json::object());
    const json genConfig = readJsonIfPresent(d / "generation_config.json").value_or(json::object());
    const json tokConfig = readJsonIfPresent(d / "tokenizer_config.json").value_or(json::object());

    // A special-token string of tokenizer_config.json, mapped through the vocabulary (nullopt when absent).
    auto pieceId = [&](const std::string& piece) -> std::optional<std::int32_t> {
        if (piece.empty()) return std::nullopt;
        return tok->findPiece(piece);
    };

    // tokenizer_config.json names the tokens the tokenizer itself uses; config.json the model's ids.
    std::int32_t bos = tok->bos_;
    const std::optional<std::int32_t> bosOfTokConfig =
        pieceId(detail::specialTokenString(tokConfig, "bos_token"));
    if (hf && bosOfTokConfig)
        bos = *bosOfTokConfig;
    else if (auto ids = idList(config, "bos_token_id"); !ids.empty())
        bos = ids.front();
    else if (auto g = idList(genConfig, "bos_token_id"); !g.empty())
        bos = g.front();
    else if (bosOfTokConfig)
        bos = *bosOfTokConfig;

    std::vector<std::int32_t> eos;
    auto addEos = [&](std::int32_t id) {
        if (id >= 0 && std::find(eos.begin(), eos.end(), id) == eos.end()) eos.push_back(id);
    };
    for (auto id : idList(config, "eos_token_id")) addEos(id);
    for (auto id : idList(genConfig, "eos_token_id")) addEos(id);
    // A tokenizer.json model's eos_token (Qwen's <|im_end|>) ends its turns even when config.json names
    // another id; sentencepiece folders keep the config's ids when it has any.
    if (hf || eos.empty()) {
        if (auto p = pieceId(detail::specialTokenString(tokConfig, "eos_token"))) addEos(*p);
    }
    if (eos.empty()) addEos(tok->eos_);
    tok->setBosEos(bos, eos);

    const std::optional<bool> addBos = boolField(tokConfig, "add_bos_token");
    if (!hf) {
        if (addBos) tok->addBos_ = *addBos;
    } else {
        // transformers' Llama fast tokenizer rebuilds its post-processor from add_bos_token/add_eos_token.
        auto& prefix = tok->impl_->prefix;
        auto& suffix = tok->impl_->suffix;
        if (addBos && *addBos && tok->bos_ >= 0 &&
            std::find(prefix.begin(), prefix.end(), tok->bos_) == prefix.end())
            prefix.insert(prefix.begin(), tok->bos_);
        if (addBos && !*addBos)
            prefix.erase(std::remove(prefix.begin(), prefix.end(), tok->bos_), prefix.end());
        const std::optional<bool> addEos = boolField(tokConfig, "add_eos_token");
        if (addEos && *addEos && tok->eos_ >= 0 &&
            std::find(suffix.begin(), suffix.end(), tok->eos_) == suffix.end())
            suffix.push_back(tok->eos_);
        if (addEos && !*addEos)
            suffix.erase(std::remove(suffix.begin(), suffix.end(), tok->eos_), suffix.end());
        tok->addBos_ = !prefix.empty();
    }
    return tok;
}

TokenizerKind Tokenizer::kind() const {
    if (impl_->gpt2Files) return TokenizerKind::Gpt2Files;
    return impl_->hf ? TokenizerKind::HuggingFaceJson : TokenizerKind::SentencePiece;
}

std::string Tokenizer::kindName() const {
    if (impl_->gpt2Files) return "vocab.json + merges.txt";
    return impl_->hf ? "tokenizer.json" : "sentencepiece";
}

std::string Tokenizer::describe() const {
    if (impl_->gpt2Files) return kindName() + " (" + impl_->gpt2Description + ")";
    if (impl_->hf) return "tokenizer.json (" + impl_->hf->describe() + ")";
    return "sentencepiece (" + std::to_string(impl_->vocab) + " pieces)";
}

std::vector<std::int32_t> Tokenizer::encode(const std::string& text, bool addSpecial) const {
    return encode(text, addSpecial, impl_->hf ? SpecialTokens::Parse : SpecialTokens::AsText);
}

std::vector<std::int32_t> Tokenizer::encode(const std::string& text, bool addSpecial,
                                            SpecialTokens special) const {
    if (impl_->hf) {
        std::vector<std::int32_t> ids = impl_->hf->encode(text, false, special == SpecialTokens::Parse);
        if (!addSpecial) return ids;
        std::vector<std::int32_t> out = impl_->prefix;
        out.insert(out.end(), ids.begin(), ids.end());
        out.insert(out.end(), impl_->suffix.begin(), impl_->suffix.end());
        return out;
    }

    std::vector<std::int32_t> out;
    if (addSpecial && bos_ >= 0) out.push_back(bos_);
    auto encodePlain = [&](const std::string& piece) {
        if (piece.empty()) return;
        char err[kErrLen] = {0};
        std::int32_t* ids = nullptr;
        std::size_t n = 0;
        if (impl_->api->encode(impl_->sp, piece.data(), piece.size(), &ids, &n, err, sizeof err) != 0)
            throw Error(ErrorKind::Tokenizer, path_ + ": " + err);
        out.insert(out.end(), ids, ids + n);
        impl_->api->free_buffer(ids);
    };
    if (special == SpecialTokens::AsText) {
        encodePlain(text);
        return out;
    }
    // The control pieces (BOS, EOS) written in the text become their ids, as a fast tokenizer would.
    std::vector<std::pair<std::string, std::int32_t>> controls;
    std::vector<std::int32_t> ids = eosIds();
    ids.push_back(bos_);
    for (std::int32_t id : ids)
        if (id >= 0 && id < impl_->vocab) controls.push_back({idToPiece(id), id});
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t best = std::string::npos, bestLen = 0;
        std::int32_t bestId = -1;
        for (const auto& [piece, id] : controls) {
            if (piece.empty()) continue;
            const std::size_t f = text.find(piece, at);
            if (f != std::string::npos && (f < best || (f == best && piece.size() > bestLen))) {
                best = f;
                bestLen = piece.size();
                bestId = id;
            }
        }
        if (best == std::string::npos) break;
        encodePlain(text.substr(at, best - at));
        out.push_back(bestId);
        at = best + bestLen;
    }
    encodePlain(text.substr(at));
    return out;
}

std::vector<std::int32_t> Tokenizer::startIds() const {
    if (impl_->hf) return impl_->prefix;
    // sentencepiece models: BOS starts every sequence (the evaluation protocol of docs/EVALUATION.md).
    return bos_ >= 0 ? std::vector<std::int32_t>{bos_} : std::vector<std::int32_t>{};
}

std::vector<std::int32_t> Tokenizer::encodeDocument(const std::string& text) const {
    std::vector<std::int32_t> ids = startIds();
    const std::vector<std::int32_t> body = encode(text, false);
    ids.insert(ids.end(), body.begin(), body.end());
    return ids;
}

std::string Tokenizer::decode(const std::vector<std::int32_t>& ids) const {
    return decode(ids, false);
}

std::string Tokenizer::decode(const std::vector<std::int32_t>& ids, bool skipSpecial) const {
    if (ids.empty()) return {};
    if (impl_->hf) return impl_->hf->decode(ids, skipSpecial);
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

std::string Tokenizer::decodeBytes(const std::vector<std::int32_t>& ids) const {
    if (impl_->hf) return impl_->hf->decodeBytes(ids, false);
    return decode(ids);
}

std::string Tokenizer::idToPiece(std::int32_t id) const {
    if (impl_->hf) return impl_->hf->idToToken(id);
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
    if (impl_->hf) return impl_->hf->tokenToId(piece).value_or(unkId());
    return impl_->api->piece_to_id(impl_->sp, piece.c_str());
}

std::optional<std::int32_t> Tokenizer::findPiece(const std::string& piece) const {
    if (impl_->hf) return impl_->hf->tokenToId(piece);
    const std::int32_t id = pieceToId(piece);
    if (id < 0 || (id == unkId() && piece != idToPiece(id))) return std::nullopt;
    return id;
}

std::int32_t Tokenizer::vocabSize() const {
    if (impl_->hf) return impl_->hf->vocabSize();
    return impl_->vocab;
}

std::int32_t Tokenizer::unkId() const {
    if (impl_->hf) return impl_->hf->unkId();
    return impl_->api->unk_id(impl_->sp);
}

bool Tokenizer::isEos(std::int32_t id) const {
    return (id == eos_ && id >= 0) || std::find(extraEos_.begin(), extraEos_.end(), id) != extraEos_.end();
}

std::vector<std::int32_t> Tokenizer::eosIds() const {
    std::vector<std::int32_t> out;
    if (eos_ >= 0) out.push_back(eos_);
    out.insert(out.end(), extraEos_.begin(), extraEos_.end());
    return out;
}

bool Tokenizer::isSpecial(std::int32_t id) const {
    if (impl_->hf) return impl_->hf->isSpecial(id);
    return id >= 0 && (id == bos_ || isEos(id) || id == unkId());
}

int Tokenizer::byteValue(std::int32_t id) const {
    if (impl_->hf) return impl_->hf->byteValue(id);
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
// A push decodes a window of ids, not the whole reply: decoding everything at every token made a reply of n
// tokens cost n^2 / 2 token decodes (at 2048 tokens about 0.8 ms per token for the LLaMA-2 sentencepiece
// model, more than a small model's whole step). Once everything decoded so far has been returned, the window
// restarts at the last id, kept as context: decoders treat a text's first token apart (sentencepiece and
// Metaspace drop its leading space), and with the context in front the new id decodes as it does in the whole
// text; the part past the context's own decode is the new text. A decoder whose text is not local (the
// window's text then does not begin with its context's) makes the stream decode from the first id again, as
// it always did: none of the decoders read here does that (each of the shared tokenizers is streamed in the
// tests), so it guards decoders added later.
// tokenizer.json (and vocab.json + merges.txt): the raw decoded bytes are cut at
// the last complete UTF-8 character, so a byte-level token that ends inside a character waits for the rest.
// sentencepiece turns the bytes of an unfinished byte-fallback run into U+FFFD, so the trailing byte-fallback
// ids that form an incomplete UTF-8 sequence are left out of the decode until the sequence completes (or
// cannot complete any more), and a byte-fallback id is never the context. Either way the concatenated pushes
// plus flush() equal decode(all ids).

std::string StreamDecoder::decodeWindow(std::size_t end) const {
    return tok_->decodeBytes({ids_.begin() + std::ptrdiff_t(from_), ids_.begin() + std::ptrdiff_t(end)});
}

bool StreamDecoder::restartIfNotLocal(const std::string& windowText) {
    if (from_ == 0 || windowText.compare(0, context_.size(), context_) == 0) return false;
    emitted_ = before_ + (emitted_ - context_.size()); // the same position in decode(all ids)
    from_ = 0;
    before_ = 0;
    context_.clear();
    sliding_ = false;
    return true;
}

std::string StreamDecoder::push(std::int32_t id) {
    ids_.push_back(id);
    const bool spm = tok_->kind() == TokenizerKind::SentencePiece;
    std::size_t hold = 0; // sentencepiece: trailing byte-fallback ids of an unfinished character
    if (spm) {
        std::string tail; // up to 4 trailing byte-fallback ids' bytes
        for (std::size_t run = 0; run < ids_.size() - from_ && run < 4; ++run) {
            const int b = tok_->byteValue(ids_[ids_.size() - 1 - run]);
            if (b < 0) break;
            tail.insert(tail.begin(), char(b));
        }
        if (!tail.empty()) hold = tail.size() - completeUtf8Prefix(tail);
    }
    std::string text = decodeWindow(ids_.size() - hold);
    if (restartIfNotLocal(text)) text = decodeWindow(ids_.size() - hold);
    const std::size_t end = completeUtf8Prefix(text);
    std::string out;
    if (end > emitted_) {
        out = text.substr(emitted_, end - emitted_);
        if (!spm) out = detail::utf8Lossy(out);
        emitted_ = end;
    }
    // Everything decoded has been returned: the window restarts at this id, unless its text alone is empty
    // (a control token, a lone space): the next id would then be a text's first to the decoder.
    if (sliding_ && hold == 0 && end == text.size() && (!spm || tok_->byteValue(id) < 0) &&
        ids_.size() - from_ > 1) {
        std::string context = tok_->decodeBytes({id});
        if (!context.empty()) {
            before_ += emitted_ - context_.size();
            from_ = ids_.size() - 1;
            context_ = std::move(context);
            emitted_ = context_.size();
        }
    }
    return out;
}

std::string StreamDecoder::flush() {
    std::string text = decodeWindow(ids_.size());
    if (restartIfNotLocal(text)) text = decodeWindow(ids_.size());
    if (text.size() <= emitted_) return {};
    std::string out = text.substr(emitted_);
    emitted_ = text.size();
    const std::size_t ok = completeUtf8Prefix(out);
    if (ok < out.size()) out = out.substr(0, ok) + "\xEF\xBF\xBD";
    return tok_->kind() != TokenizerKind::SentencePiece ? detail::utf8Lossy(out) : out;
}

void trainSentencePiece(const std::string& args) {
    const detail::SpmApi& api = detail::spmApi();
    char err[kErrLen] = {0};
    if (api.train(args.c_str(), err, sizeof err) != 0)
        throw Error(ErrorKind::Tokenizer, "sentencepiece training failed (" + args + "): " +
                                              (err[0] ? std::string(err) : std::string("unknown error")));
}

std::size_t completeUtf8Prefix(const std::string& s) {
    return detail::completeUtf8Prefix(s);
}

} // namespace owq
