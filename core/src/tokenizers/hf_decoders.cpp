// Decoders: ByteLevel, ByteFallback, Fuse, Strip, Replace, Metaspace, BPEDecoder, Sequence. They work on raw
// bytes; the one lossy UTF-8 step is HfTokenizer::decode's, so decodeBytes can stop inside a character.
#include "tokenizers/hf_internal.h"

namespace owq::hf {

namespace {

// Runs of ordinary tokens become their bytes (a token with a character outside the map stays as it is, as
// in HF); added tokens pass through unmapped between the runs (as transformers.js and the slow tokenizers).
class ByteLevel : public Decoder {
public:
    void decodeChain(std::vector<DecToken>& tokens) const override {
        std::vector<DecToken> out;
        std::string run;
        bool inRun = false;
        for (DecToken& t : tokens) {
            if (t.added) {
                if (inRun) out.push_back({std::move(run), false}), run.clear(), inRun = false;
                out.push_back(std::move(t));
                continue;
            }
            if (auto bytes = byteLevelDecode(t.text))
                run += *bytes;
            else
                run += t.text;
            inRun = true;
        }
        if (inRun) out.push_back({std::move(run), false});
        tokens = std::move(out);
    }
    bool isByteLevel() const override { return true; }
};

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class ByteFallback : public Decoder {
public:
    void decodeChain(std::vector<DecToken>& tokens) const override {
        std::vector<DecToken> out;
        std::string bytes;
        for (DecToken& t : tokens) {
            const std::string& s = t.text;
            if (s.size() == 6 && s.compare(0, 3, "<0x") == 0 && s[5] == '>' && hexDigit(s[3]) >= 0 &&
                hexDigit(s[4]) >= 0) {
                bytes += static_cast<char>(hexDigit(s[3]) * 16 + hexDigit(s[4]));
                continue;
            }
            if (!bytes.empty()) out.push_back({std::move(bytes), false}), bytes.clear();
            out.push_back(std::move(t));
        }
        if (!bytes.empty()) out.push_back({std::move(bytes), false});
        tokens = std::move(out);
    }
};

class Fuse : public Decoder {
public:
    void decodeChain(std::vector<DecToken>& tokens) const override {
        std::string all;
        for (const DecToken& t : tokens) all += t.text;
        tokens.assign(1, DecToken{std::move(all), false});
    }
};

class Strip : public Decoder {
public:
    Strip(std::string content, std::int64_t start, std::int64_t stop)
        : content_(std::move(content)), start_(start), stop_(stop) {}
    void decodeChain(std::vector<DecToken>& tokens) const override {
        if (content_.empty()) return;
        const std::size_t n = content_.size();
        for (DecToken& t : tokens) {
            std::size_t b = 0, e = t.text.size();
            for (std::int64_t k = 0; k < start_ && t.text.compare(b, n, content_) == 0; ++k) b += n;
            for (std::int64_t k = 0; k < stop_ && e >= b + n && t.text.compare(e - n, n, content_) == 0; ++k)
                e -= n;
            t.text = t.text.substr(b, e - b);
        }
    }

private:
    std::string content_;
    std::int64_t start_, stop_;
};

class Replace : public Decoder {
public:
    Replace(Pattern p, std::string content) : p_(std::move(p)), content_(std::move(content)) {}
    void decodeChain(std::vector<DecToken>& tokens) const override {
        for (DecToken& t : tokens) {
            // Literal replacement works on any bytes; a regex needs valid UTF-8.
            if (!p_.isLiteral() && !validUtf8(t.text)) t.text = utf8Lossy(t.text);
            t.text = replaceAll(t.text, p_, content_);
        }
    }

private:
    Pattern p_;
    std::string content_;
};

class Metaspace : public Decoder {
public:
    Metaspace(std::string replacement, bool stripFirst)
        : repl_(std::move(replacement)), stripFirst_(stripFirst) {}
    void decodeChain(std::vector<DecToken>& tokens) const override {
        const Pattern p = Pattern::literal(repl_);
        for (std::size_t i = 0; i < tokens.size(); ++i)
            tokens[i].text = replaceAll(tokens[i].text, p, i == 0 && stripFirst_ ? "" : " ");
    }

private:
    std::string repl_;
    bool stripFirst_;
};

class BpeDecoder : public Decoder {
public:
    explicit BpeDecoder(std::string suffix) : suffix_(std::move(suffix)) {}
    void decodeChain(std::vector<DecToken>& tokens) const override {
        const Pattern p = Pattern::literal(suffix_);
        for (std::size_t i = 0; i < tokens.size(); ++i)
            tokens[i].text = replaceAll(tokens[i].text, p, i + 1 == tokens.size() ? "" : " ");
    }

private:
    std::string suffix_;
};

class Sequence : public Decoder {
public:
    explicit Sequence(std::vector<std::unique_ptr<Decoder>> steps) : steps_(std::move(steps)) {}
    void decodeChain(std::vector<DecToken>& tokens) const override {
        for (const auto& s : steps_) s->decodeChain(tokens);
    }
    bool isByteLevel() const override {
        for (const auto& s : steps_)
            if (s->isByteLevel()) return true;
        return false;
    }

private:
    std::vector<std::unique_ptr<Decoder>> steps_;
};

} // namespace

std::unique_ptr<Decoder> makeDecoder(const json& j) {
    if (j.is_null()) return nullptr;
    const std::string type = typeOf(j, "decoder");
    const std::string what = "decoder '" + type + "'";
    if (type == "ByteLevel") return std::make_unique<ByteLevel>();
    if (type == "ByteFallback") return std::make_unique<ByteFallback>();
    if (type == "Fuse") return std::make_unique<Fuse>();
    if (type == "Strip") {
        const std::string content = getString(j, "content", what, std::string(" "));
        return std::make_unique<Strip>(content, getInt(j, "start", what, 0), getInt(j, "stop", what, 0));
    }
    if (type == "Replace") {
        const json* p = field(j, "pattern");
        if (!p) throw Error(ErrorKind::Format, what + ": missing 'pattern'");
        return std::make_unique<Replace>(Pattern::fromJson(*p, what), getString(j, "content", what));
    }
    if (type == "Metaspace") {
        const std::string repl = getString(j, "replacement", what, std::string("\xE2\x96\x81"));
        bool stripFirst = true;
        if (field(j, "prepend_scheme"))
            stripFirst = getString(j, "prepend_scheme", what) != "never";
        else
            stripFirst = getBool(j, "add_prefix_space", what, true);
        return std::make_unique<Metaspace>(repl, stripFirst);
    }
    if (type == "BPEDecoder") return std::make_unique<BpeDecoder>(getString(j, "suffix", what, "</w>"));
    if (type == "Sequence") {
        const json* list = field(j, "decoders");
        if (!list || !list->is_array()) throw Error(ErrorKind::Format, what + ": 'decoders' must be a list");
        std::vector<std::unique_ptr<Decoder>> steps;
        for (const json& d : *list)
            if (auto step = makeDecoder(d)) steps.push_back(std::move(step));
        return std::make_unique<Sequence>(std::move(steps));
    }
    throw Error(ErrorKind::Unsupported, "decoder type '" + type + "' is not supported");
}

} // namespace owq::hf
