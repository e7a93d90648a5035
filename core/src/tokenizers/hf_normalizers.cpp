// Normalizers: NFC/NFKC/NFD/NFKD (ICU), Prepend, Replace, Lowercase, Strip, Sequence.
#include "tokenizers/hf_internal.h"

#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace owq::hf {

namespace {

class UnicodeNormalizer : public Normalizer {
public:
    explicit UnicodeNormalizer(const std::string& form) {
        UErrorCode err = U_ZERO_ERROR;
        if (form == "NFC")
            n_ = icu::Normalizer2::getNFCInstance(err);
        else if (form == "NFD")
            n_ = icu::Normalizer2::getNFDInstance(err);
        else if (form == "NFKC")
            n_ = icu::Normalizer2::getNFKCInstance(err);
        else
            n_ = icu::Normalizer2::getNFKDInstance(err);
        if (U_FAILURE(err) || !n_)
            throw Error(ErrorKind::Unsupported, "normalizer '" + form + "': ICU has no data for it");
    }
    void normalize(std::string& s) const override {
        bool ascii = true;
        for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        if (ascii) return; // every form leaves ASCII alone
        std::string out;
        out.reserve(s.size());
        icu::StringByteSink<std::string> sink(&out);
        UErrorCode err = U_ZERO_ERROR;
        n_->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())), sink, nullptr,
                          err);
        if (U_FAILURE(err))
            throw Error(ErrorKind::Tokenizer,
                        std::string("Unicode normalization failed: ") + u_errorName(err));
        s = std::move(out);
    }

private:
    const icu::Normalizer2* n_ = nullptr;
};

class Prepend : public Normalizer {
public:
    explicit Prepend(std::string p) : p_(std::move(p)) {}
    void normalize(std::string& s) const override {
        if (!s.empty()) s.insert(0, p_); // HF prepends only to non-empty text
    }

private:
    std::string p_;
};

class Replace : public Normalizer {
public:
    Replace(Pattern p, std::string content) : p_(std::move(p)), content_(std::move(content)) {}
    void normalize(std::string& s) const override { s = replaceAll(s, p_, content_); }

private:
    Pattern p_;
    std::string content_;
};

class Lowercase : public Normalizer {
public:
    void normalize(std::string& s) const override {
        bool ascii = true;
        for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        if (ascii) {
            for (char& c : s)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            return;
        }
        // Full Unicode lowercase with final-sigma context, as Rust's str::to_lowercase.
        icu::UnicodeString u =
            icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), std::int32_t(s.size())));
        u.toLower(icu::Locale::getRoot());
        s.clear();
        u.toUTF8String(s);
    }
};

class Strip : public Normalizer {
public:
    Strip(bool left, bool right) : left_(left), right_(right) {}
    void normalize(std::string& s) const override {
        std::size_t begin = 0, end = s.size();
        if (left_) {
            for (std::size_t i = 0; i < s.size();) {
                if (!isWhitespace(nextChar(s, i))) break;
                begin = i;
            }
        }
        if (right_) {
            std::size_t lastNonWs = begin;
            for (std::size_t i = begin; i < s.size();) {
                if (!isWhitespace(nextChar(s, i))) lastNonWs = i;
            }
            end = lastNonWs;
        }
        s = s.substr(begin, end - begin);
    }

private:
    bool left_, right_;
};

class Sequence : public Normalizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<Normalizer>> steps) : steps_(std::move(steps)) {}
    void normalize(std::string& s) const override {
        for (const auto& n : steps_) n->normalize(s);
    }

private:
    std::vector<std::unique_ptr<Normalizer>> steps_;
};

} // namespace

std::unique_ptr<Normalizer> makeNormalizer(const json& j) {
    if (j.is_null()) return nullptr;
    const std::string type = typeOf(j, "normalizer");
    const std::string what = "normalizer '" + type + "'";
    if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD")
        return std::make_unique<UnicodeNormalizer>(type);
    if (type == "Prepend") return std::make_unique<Prepend>(getString(j, "prepend", what));
    if (type == "Replace") {
        const json* p = field(j, "pattern");
        if (!p) throw Error(ErrorKind::Format, what + ": missing 'pattern'");
        return std::make_unique<Replace>(Pattern::fromJson(*p, what), getString(j, "content", what));
    }
    if (type == "Lowercase") return std::make_unique<Lowercase>();
    if (type == "Strip")
        return std::make_unique<Strip>(getBool(j, "strip_left", what, true),
                                       getBool(j, "strip_right", what, true));
    if (type == "Sequence") {
        const json* list = field(j, "normalizers");
        if (!list || !list->is_array())
            throw Error(ErrorKind::Format, what + ": 'normalizers' must be a list");
        std::vector<std::unique_ptr<Normalizer>> steps;
        for (const json& n : *list)
            if (auto step = makeNormalizer(n)) steps.push_back(std::move(step));
        return std::make_unique<Sequence>(std::move(steps));
    }
    throw Error(ErrorKind::Unsupported, "normalizer type '" + type + "' is not supported");
}

} // namespace owq::hf
