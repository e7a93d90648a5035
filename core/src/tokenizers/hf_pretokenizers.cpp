// Pre-tokenizers: ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit, Punctuation,
// BertPreTokenizer, Sequence. Each turns every piece into smaller pieces (empty ones are dropped, as HF
// does).
#include "tokenizers/hf_internal.h"

namespace owq::hf {

namespace {

// Splits every piece by p with behaviour b; a sub-piece keeps "first" only when it starts its piece.
void splitPieces(std::vector<PreToken>& pieces, const Pattern& p, SplitBehavior b, bool invert) {
    std::vector<PreToken> out;
    out.reserve(pieces.size());
    for (PreToken& piece : pieces) {
        for (auto [s, e] : splitRanges(p.find(piece.text), b, invert))
            out.push_back({piece.text.substr(s, e - s), piece.first && s == 0});
    }
    pieces = std::move(out);
}

class Split : public PreTokenizer {
public:
    Split(Pattern p, SplitBehavior b, bool invert) : p_(std::move(p)), b_(b), invert_(invert) {}
    void split(std::vector<PreToken>& pieces) const override { splitPieces(pieces, p_, b_, invert_); }

private:
    Pattern p_;
    SplitBehavior b_;
    bool invert_;
};

class ByteLevel : public PreTokenizer {
public:
    ByteLevel(bool addPrefixSpace, bool useRegex) : addPrefixSpace_(addPrefixSpace), useRegex_(useRegex) {}
    void split(std::vector<PreToken>& pieces) const override {
        if (addPrefixSpace_)
            for (PreToken& p : pieces)
                if (p.text.empty() || p.text[0] != ' ') p.text.insert(0, 1, ' ');
        if (useRegex_) {
            static const Pattern gpt2 = Pattern::regex(kGpt2Pattern);
            splitPieces(pieces, gpt2, SplitBehavior::Isolated, false);
        }
        for (PreToken& p : pieces) p.text = byteLevelEncode(p.text);
    }
    bool isByteLevel() const override { return true; }

private:
    bool addPrefixSpace_, useRegex_;
};

class Metaspace : public PreTokenizer {
public:
    enum class Prepend { Always, First, Never };
    Metaspace(std::string replacement, Prepend scheme, bool split)
        : repl_(std::move(replacement)), scheme_(scheme), split_(split), pattern_(Pattern::literal(repl_)) {}
    void split(std::vector<PreToken>& pieces) const override {
        static const Pattern space = Pattern::literal(" ");
        for (PreToken& p : pieces) {
            p.text = replaceAll(p.text, space, repl_);
            const bool needsPrefix = p.text.compare(0, repl_.size(), repl_) != 0;
            if (needsPrefix && (scheme_ == Prepend::Always || (scheme_ == Prepend::First && p.first)))
                p.text.insert(0, repl_);
        }
        if (split_) splitPieces(pieces, pattern_, SplitBehavior::MergedWithNext, false);
    }

private:
    std::string repl_;
    Prepend scheme_;
    bool split_;
    Pattern pattern_;
};

// HF's Whitespace: the matches of \w+|[^\w\s]+, i.e. runs of word characters and runs of other non-space
// characters; done by character class rather than a regex so \w and \s are exactly Rust's.
class Whitespace : public PreTokenizer {
public:
    void split(std::vector<PreToken>& pieces) const override {
        std::vector<PreToken> out;
        for (const PreToken& piece : pieces) {
            const std::string& t = piece.text;
            std::size_t runStart = 0;
            int runClass = -1; // 0 word, 1 other, -1 none
            auto flush = [&](std::size_t end) {
                if (runClass >= 0 && end > runStart)
                    out.push_back({t.substr(runStart, end - runStart), piece.first && runStart == 0});
            };
            for (std::size_t i = 0; i < t.size();) {
                const std::size_t at = i;
                const char32_t c = nextChar(t, i);
                const int cls = isWordChar(c) ? 0 : isWhitespace(c) ? -1 : 1;
                if (cls != runClass) {
                    flush(at);
                    runStart = at;
                    runClass = cls;
                }
            }
            flush(t.size());
        }
        pieces = std::move(out);
    }
};

class CharSplit : public PreTokenizer {
public:
    CharSplit(bool (*pred)(char32_t), SplitBehavior b) : p_(Pattern::predicate(pred)), b_(b) {}
    void split(std::vector<PreToken>& pieces) const override { splitPieces(pieces, p_, b_, false); }

private:
    Pattern p_;
    SplitBehavior b_;
};

class Sequence : public PreTokenizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<PreTokenizer>> steps) : steps_(std::move(steps)) {}
    void split(std::vector<PreToken>& pieces) const override {
        for (const auto& s : steps_) s->split(pieces);
    }
    bool isByteLevel() const override {
        for (const auto& s : steps_)
            if (s->isByteLevel()) return true;
        return false;
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

bool isBertPunctuation(char32_t c) {
    return isPunctuation(c);
}

} // namespace

std::unique_ptr<PreTokenizer> makePreTokenizer(const json& j) {
    if (j.is_null()) return nullptr;
    const std::string type = typeOf(j, "pre_tokenizer");
    const std::string what = "pre_tokenizer '" + type + "'";
    if (type == "ByteLevel")
        return std::make_unique<ByteLevel>(getBool(j, "add_prefix_space", what, true),
                                           getBool(j, "use_regex", what, true));
    if (type == "Split") {
        const json* p = field(j, "pattern");
        if (!p) throw Error(ErrorKind::Format, what + ": missing 'pattern'");
        return std::make_unique<Split>(Pattern::fromJson(*p, what),
                                       parseBehavior(getString(j, "behavior", what), what),
                                       getBool(j, "invert", what, false));
    }
    if (type == "Metaspace") {
        const std::string repl = getString(j, "replacement", what, std::string("\xE2\x96\x81"));
        std::size_t i = 0;
        if (repl.empty() || (nextChar(repl, i), i != repl.size()))
            throw Error(ErrorKind::Format, what + ": 'replacement' must be one character");
        Metaspace::Prepend scheme = Metaspace::Prepend::Always;
        if (field(j, "prepend_scheme")) {
            const std::string s = getString(j, "prepend_scheme", what);
            if (s == "always")
                scheme = Metaspace::Prepend::Always;
            else if (s == "first")
                scheme = Metaspace::Prepend::First;
            else if (s == "never")
                scheme = Metaspace::Prepend::Never;
            else
                throw Error(ErrorKind::Unsupported, what + ": prepend_scheme '" + s + "' is not supported");
        } else if (!getBool(j, "add_prefix_space", what, true)) {
            scheme = Metaspace::Prepend::Never; // the older form of the same setting
        }
        return std::make_unique<Metaspace>(repl, scheme, getBool(j, "split", what, true));
    }
    if (type == "Digits")
        return std::make_unique<CharSplit>(&isNumeric, getBool(j, "individual_digits", what, false)
                                                           ? SplitBehavior::Isolated
                                                           : SplitBehavior::Contiguous);
    if (type == "Whitespace") return std::make_unique<Whitespace>();
    if (type == "WhitespaceSplit") return std::make_unique<CharSplit>(&isWhitespace, SplitBehavior::Removed);
    if (type == "Punctuation")
        return std::make_unique<CharSplit>(&isPunctuation,
                                           parseBehavior(getString(j, "behavior", what, "Isolated"), what));
    if (type == "BertPreTokenizer") {
        std::vector<std::unique_ptr<PreTokenizer>> steps;
        steps.push_back(std::make_unique<CharSplit>(&isWhitespace, SplitBehavior::Removed));
        steps.push_back(std::make_unique<CharSplit>(&isBertPunctuation, SplitBehavior::Isolated));
        return std::make_unique<Sequence>(std::move(steps));
    }
    if (type == "Sequence") {
        const json* list = field(j, "pretokenizers");
        if (!list || !list->is_array())
            throw Error(ErrorKind::Format, what + ": 'pretokenizers' must be a list");
        std::vector<std::unique_ptr<PreTokenizer>> steps;
        for (const json& p : *list)
            if (auto step = makePreTokenizer(p)) steps.push_back(std::move(step));
        return std::make_unique<Sequence>(std::move(steps));
    }
    throw Error(ErrorKind::Unsupported, "pre_tokenizer type '" + type + "' is not supported");
}

} // namespace owq::hf
