// UTF-8 helpers, Unicode character classes (ICU), PCRE2 regexes and HF's pattern split behaviours.
#include "tokenizers/hf_internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <unicode/uchar.h>

#include <algorithm>

namespace owq::hf {

// ---- UTF-8

char32_t nextChar(std::string_view s, std::size_t& i) {
    const std::size_t len = detail::utf8SequenceAt(s, i);
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (len == 0) {
        ++i;
        return 0xFFFD;
    }
    char32_t c;
    if (len == 1)
        c = b0;
    else if (len == 2)
        c = b0 & 0x1F;
    else if (len == 3)
        c = b0 & 0x0F;
    else
        c = b0 & 0x07;
    for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return c;
}

void appendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool isWhitespace(char32_t c) {
    return u_isUWhiteSpace(static_cast<UChar32>(c));
}

bool isWordChar(char32_t c) {
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const auto cp = static_cast<UChar32>(c);
    return u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) ||
           (U_GET_GC_MASK(cp) & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0 ||
           u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL);
}

bool isNumeric(char32_t c) {
    return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_N_MASK) != 0;
}

bool isPunctuation(char32_t c) {
    if (c < 0x80)
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
               (c >= '{' && c <= '~');
    return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_P_MASK) != 0;
}

// ---- PCRE2

namespace {

// A bigger JIT stack for long inputs, one per thread (the default 32 KiB can run out on long whitespace).
struct JitContext {
    pcre2_jit_stack* stack = nullptr;
    pcre2_match_context* ctx = nullptr;
    JitContext() {
        stack = pcre2_jit_stack_create(32 * 1024, 16 * 1024 * 1024, nullptr);
        ctx = pcre2_match_context_create(nullptr);
        if (stack && ctx) pcre2_jit_stack_assign(ctx, nullptr, stack);
    }
    ~JitContext() {
        if (ctx) pcre2_match_context_free(ctx);
        if (stack) pcre2_jit_stack_free(stack);
    }
};

pcre2_match_context* jitContext() {
    thread_local JitContext jc;
    return jc.ctx;
}

} // namespace

Regex::Regex(const std::string& pattern) {
    int err = 0;
    PCRE2_SIZE off = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     PCRE2_UTF | PCRE2_UCP, &err, &off, nullptr);
    if (!code) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof buf);
        throw Error(ErrorKind::Format, "regex '" + pattern + "' does not compile (at " + std::to_string(off) +
                                           "): " + reinterpret_cast<const char*>(buf));
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); // the interpreter still works when JIT is unavailable
    code_ = code;
}

Regex::~Regex() {
    pcre2_code_free(static_cast<pcre2_code*>(code_));
}

void Regex::findAll(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>>& out) const {
    if (!validUtf8(text)) throw Error(ErrorKind::Tokenizer, "regex applied to text that is not valid UTF-8");
    auto* code = static_cast<pcre2_code*>(code_);
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
    if (!md) throw Error(ErrorKind::Resource, "out of memory for a regex match");
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    std::size_t pos = 0;
    int failure = 0;
    while (pos <= text.size()) {
        // The text was checked once above: checking again per match would be quadratic.
        int rc = pcre2_match(code, subject, text.size(), pos, PCRE2_NO_UTF_CHECK, md, jitContext());
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) {
            failure = rc;
            break;
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        const std::size_t s = ov[0], e = ov[1];
        if (e < s) break; // \K tricks; not in tokenizer patterns
        out.emplace_back(s, e);
        if (e == s) {
            if (e >= text.size()) break;
            std::size_t next = e;
            nextChar(text, next);
            pos = next;
        } else {
            pos = e;
        }
    }
    pcre2_match_data_free(md);
    if (failure) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(failure, buf, sizeof buf);
        throw Error(ErrorKind::Tokenizer,
                    std::string("regex match failed: ") + reinterpret_cast<const char*>(buf));
    }
}

// ---- Patterns and split behaviours

SplitBehavior parseBehavior(const std::string& name, const std::string& what) {
    if (name == "Removed") return SplitBehavior::Removed;
    if (name == "Isolated") return SplitBehavior::Isolated;
    if (name == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (name == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (name == "Contiguous") return SplitBehavior::Contiguous;
    throw Error(ErrorKind::Unsupported, what + ": split behavior '" + name + "' is not supported");
}

Pattern Pattern::literal(std::string s) {
    Pattern p;
    p.kind_ = Kind::Literal;
    p.literal_ = std::move(s);
    return p;
}

Pattern Pattern::regex(const std::string& re) {
    Pattern p;
    p.kind_ = Kind::Regex;
    p.re_ = std::make_shared<const Regex>(re);
    return p;
}

Pattern Pattern::predicate(bool (*pred)(char32_t)) {
    Pattern p;
    p.kind_ = Kind::Predicate;
    p.pred_ = pred;
    return p;
}

Pattern Pattern::fromJson(const json& j, const std::string& what) {
    if (j.is_object() && j.size() == 1) {
        if (const json* s = field(j, "String"); s && s->is_string()) return literal(s->get<std::string>());
        if (const json* r = field(j, "Regex"); r && r->is_string()) return regex(r->get<std::string>());
    }
    throw Error(ErrorKind::Format, what + ": pattern must be {\"String\": ...} or {\"Regex\": ...}");
}

std::vector<Span> Pattern::find(std::string_view text) const {
    std::vector<Span> spans;
    if (text.empty()) {
        spans.push_back({0, 0, false});
        return spans;
    }
    std::vector<std::pair<std::size_t, std::size_t>> m;
    switch (kind_) {
    case Kind::Literal:
        if (!literal_.empty())
            for (std::size_t at = text.find(literal_); at != std::string_view::npos;
                 at = text.find(literal_, at + literal_.size()))
                m.emplace_back(at, at + literal_.size());
        break;
    case Kind::Regex:
        re_->findAll(text, m);
        break;
    case Kind::Predicate:
        for (std::size_t i = 0; i < text.size();) {
            const std::size_t start = i;
            const char32_t c = nextChar(text, i);
            if (pred_(c)) m.emplace_back(start, i);
        }
        break;
    }
    std::size_t prev = 0;
    for (auto [s, e] : m) {
        if (prev != s) spans.push_back({prev, s, false});
        spans.push_back({s, e, true});
        prev = e;
    }
    if (prev != text.size()) spans.push_back({prev, text.size(), false});
    return spans;
}

std::vector<std::pair<std::size_t, std::size_t>> splitRanges(std::vector<Span> spans, SplitBehavior b,
                                                             bool invert) {
    if (invert)
        for (Span& s : spans) s.match = !s.match;
    // (start, end, remove) as HF's NormalizedString::split folds them.
    struct R {
        std::size_t start, end;
        bool remove;
    };
    std::vector<R> rs;
    rs.reserve(spans.size());
    bool prevMatch = false;
    switch (b) {
    case SplitBehavior::Isolated:
        for (const Span& s : spans) rs.push_back({s.start, s.end, false});
        break;
    case SplitBehavior::Removed:
        for (const Span& s : spans) rs.push_back({s.start, s.end, s.match});
        break;
    case SplitBehavior::Contiguous:
        for (const Span& s : spans) {
            if (s.match == prevMatch && !rs.empty())
                rs.back().end = s.end;
            else
                rs.push_back({s.start, s.end, false});
            prevMatch = s.match;
        }
        break;
    case SplitBehavior::MergedWithPrevious:
        for (const Span& s : spans) {
            if (s.match && !prevMatch && !rs.empty())
                rs.back().end = s.end;
            else
                rs.push_back({s.start, s.end, false});
            prevMatch = s.match;
        }
        break;
    case SplitBehavior::MergedWithNext:
        for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
            if (it->match && !prevMatch && !rs.empty())
                rs.back().start = it->start;
            else
                rs.push_back({it->start, it->end, false});
            prevMatch = it->match;
        }
        std::reverse(rs.begin(), rs.end());
        break;
    }
    std::vector<std::pair<std::size_t, std::size_t>> out;
    out.reserve(rs.size());
    for (const R& r : rs)
        if (!r.remove && r.end > r.start) out.emplace_back(r.start, r.end); // empty splits are dropped
    return out;
}

std::string replaceAll(std::string_view s, const Pattern& p, std::string_view content) {
    std::string out;
    out.reserve(s.size());
    for (const Span& sp : p.find(s)) {
        if (sp.match)
            out.append(content);
        else
            out.append(s.substr(sp.start, sp.end - sp.start));
    }
    return out;
}

} // namespace owq::hf
