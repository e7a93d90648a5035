// Tokenizer of the Jinja subset: raw text and the tokens inside {{ }}, {% %}; comments and raw blocks are
// resolved here, as are Jinja's whitespace rules (trim_blocks, lstrip_blocks, "-" and "+" controls).
#include "chat_templates/jinja_ast.h"

#include <algorithm>
#include <limits>

namespace owq::jinja {

void fail(ErrorKind kind, const std::string& name, SrcPos pos, const std::string& what) {
    throw Error(kind, name + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col) + ": " + what);
}

namespace {

bool isWs(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c) {
    return isNameStart(c) || isDigit(c);
}
int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Python's str.rstrip() over ASCII whitespace (the separators a template realistically holds).
void rstripWs(std::string& s) {
    while (!s.empty() && (isWs(s.back()) || (s.back() >= '\x1c' && s.back() <= '\x1f'))) s.pop_back();
}

class Lexer {
public:
    Lexer(std::string source, const std::string& name) : src_(std::move(source)), name_(name) {
        lineStarts_.push_back(0);
        for (std::size_t i = 0; i < src_.size(); ++i)
            if (src_[i] == '\n') lineStarts_.push_back(i + 1);
    }

    std::vector<Token> run() {
        const std::size_t n = src_.size();
        std::size_t pos = 0;
        while (pos < n) {
            std::size_t p = pos;
            while (true) {
                p = src_.find('{', p);
                if (p == std::string::npos || p + 1 >= n) {
                    p = std::string::npos;
                    break;
                }
                const char k = src_[p + 1];
                if (k == '{' || k == '%' || k == '#') break;
                ++p;
            }
            if (p == std::string::npos) {
                emitText(src_.substr(pos), pos);
                break;
            }
            const char kind = src_[p + 1];
            char sign = 0;
            if (p + 2 < n && (src_[p + 2] == '-' || (kind != '{' && src_[p + 2] == '+'))) sign = src_[p + 2];
            std::string text = src_.substr(pos, p - pos);
            if (sign == '-') {
                rstripWs(text);
            } else if (sign != '+' && kind != '{') {
                // lstrip_blocks: drop spaces/tabs between a line start and a block or comment tag.
                const bool lineStarting = pos == 0 || src_[pos - 1] == '\n';
                const std::size_t l = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
                if ((l > 0 || lineStarting) && l < text.size() &&
                    std::all_of(text.begin() + std::ptrdiff_t(l), text.end(),
                                [](char c) { return isWs(c) && c != '\n'; }))
                    text.resize(l);
            }
            emitText(std::move(text), pos);
            const std::size_t inner = p + 2 + (sign ? 1 : 0);
            if (kind == '#')
                pos = comment(p, inner);
            else if (kind == '%' && isRawBegin(inner))
                pos = raw(p, inner);
            else
                pos = tag(p, inner, kind);
        }
        Token end;
        end.type = TokType::End;
        end.pos = posOf(n);
        out_.push_back(std::move(end));
        return std::move(out_);
    }

private:
    SrcPos posOf(std::size_t i) const {
        const auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), i);
        const std::size_t line = std::size_t(it - lineStarts_.begin());
        return SrcPos{int(line), int(i - lineStarts_[line - 1] + 1)};
    }

    [[noreturn]] void error(std::size_t at, const std::string& what) const {
        fail(ErrorKind::Format, name_, posOf(at), what);
    }

    void emitText(std::string text, std::size_t at) {
        if (text.empty()) return;
        Token t;
        t.type = TokType::Text;
        t.text = std::move(text);
        t.pos = posOf(at);
        out_.push_back(std::move(t));
    }

    void push(TokType type, std::string text, std::size_t at) {
        Token t;
        t.type = type;
        t.text = std::move(text);
        t.pos = posOf(at);
        out_.push_back(std::move(t));
    }

    // After a block/comment end: "-" eats all following whitespace, plain eats one newline (trim_blocks).
    std::size_t afterEnd(std::size_t i, char endSign, bool trimBlocks) const {
        if (endSign == '-') {
            while (i < src_.size() && isWs(src_[i])) ++i;
        } else if (endSign != '+' && trimBlocks && i < src_.size() && src_[i] == '\n') {
            ++i;
        }
        return i;
    }

    std::size_t comment(std::size_t start, std::size_t inner) {
        const std::size_t e = src_.find("#}", inner);
        if (e == std::string::npos) error(start, "unterminated comment: missing '#}'");
        const char endSign = e > inner && (src_[e - 1] == '-' || src_[e - 1] == '+') ? src_[e - 1] : 0;
        return afterEnd(e + 2, endSign, true);
    }

    bool isRawBegin(std::size_t i) const {
        while (i < src_.size() && isWs(src_[i])) ++i;
        if (src_.compare(i, 3, "raw") != 0 || (i + 3 < src_.size() && isNameChar(src_[i + 3]))) return false;
        return true;
    }

    // {% raw %}...{% endraw %}: the body is text. Jinja keeps the newline after "raw %}" (no trim_blocks)
    // but trims after "endraw %}".
    std::size_t raw(std::size_t start, std::size_t inner) {
        std::size_t i = inner;
        while (i < src_.size() && isWs(src_[i])) ++i;
        i += 3;
        while (i < src_.size() && isWs(src_[i])) ++i;
        char beginSign = 0;
        if (i < src_.size() && src_[i] == '-') beginSign = '-', ++i;
        if (src_.compare(i, 2, "%}") != 0) error(start, "expected '%}' after 'raw'");
        i += 2;
        if (beginSign == '-') i = afterEnd(i, '-', false);
        std::size_t search = i;
        while (true) {
            const std::size_t b = src_.find("{%", search);
            if (b == std::string::npos) error(start, "missing '{% endraw %}' for '{% raw %}'");
            std::size_t j = b + 2;
            char sign = 0;
            if (j < src_.size() && (src_[j] == '-' || src_[j] == '+')) sign = src_[j++];
            while (j < src_.size() && isWs(src_[j])) ++j;
            if (src_.compare(j, 6, "endraw") != 0 || (j + 6 < src_.size() && isNameChar(src_[j + 6]))) {
                search = b + 2;
                continue;
            }
            j += 6;
            while (j < src_.size() && isWs(src_[j])) ++j;
            char endSign = 0;
            if (j < src_.size() && (src_[j] == '-' || src_[j] == '+')) endSign = src_[j++];
            if (src_.compare(j, 2, "%}") != 0) error(b, "expected '%}' after 'endraw'");
            std::string body = src_.substr(i, b - i);
            if (sign == '-') rstripWs(body);
            emitText(std::move(body), i);
            return afterEnd(j + 2, endSign, true);
        }
    }

    std::size_t tag(std::size_t start, std::size_t i, char kind) {
        push(kind == '%' ? TokType::BlockBegin : TokType::VarBegin, kind == '%' ? "{%" : "{{", start);
        const std::size_t n = src_.size();
        int balance = 0;
        while (true) {
            while (i < n && isWs(src_[i])) ++i;
            if (i >= n)
                error(start, kind == '%' ? "unexpected end of template: '{%' is never closed"
                                         : "unexpected end of template: '{{' is never closed");
            if (balance == 0) {
                if (kind == '%') {
                    if (src_.compare(i, 3, "-%}") == 0 || src_.compare(i, 3, "+%}") == 0) {
                        push(TokType::BlockEnd, "%}", i);
                        return afterEnd(i + 3, src_[i], true);
                    }
                    if (src_.compare(i, 2, "%}") == 0) {
                        push(TokType::BlockEnd, "%}", i);
                        return afterEnd(i + 2, 0, true);
                    }
                } else {
                    if (src_.compare(i, 3, "-}}") == 0) {
                        push(TokType::VarEnd, "}}", i);
                        return afterEnd(i + 3, '-', false);
                    }
                    if (src_.compare(i, 2, "}}") == 0) {
                        push(TokType::VarEnd, "}}", i);
                        return i + 2;
                    }
                }
            }
            const char c = src_[i];
            if (isNameStart(c)) {
                std::size_t j = i;
                while (j < n && isNameChar(src_[j])) ++j;
                push(TokType::Name, src_.substr(i, j - i), i);
                i = j;
            } else if (isDigit(c)) {
                i = number(i);
            } else if (c == '\'' || c == '"') {
                i = stringLiteral(i);
            } else {
                static const char* const ops[] = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "*",
                                                  "/",  "%",  "~",  "<",  ">",  "=",  "(", ")", "[",
                                                  "]",  "{",  "}",  ",",  ".",  ":",  "|", ";"};
                std::string op;
                for (const char* o : ops)
                    if (src_.compare(i, std::char_traits<char>::length(o), o) == 0) {
                        op = o;
                        break;
                    }
                if (op.empty()) error(i, std::string("unexpected character '") + c + "' in a tag");
                if (op == "(" || op == "[" || op == "{") ++balance;
                if (op == ")" || op == "]" || op == "}") {
                    if (balance == 0) error(i, "unexpected '" + op + "'");
                    --balance;
                }
                push(TokType::Operator, op, i);
                i += op.size();
            }
        }
    }

    // Jinja's integer and float literals (underscores allowed; 0b/0o/0x prefixes; no float right after a
    // '.', so that x.0.1 is two item lookups).
    std::size_t number(std::size_t i) {
        const std::size_t n = src_.size();
        const std::size_t start = i;
        auto digits = [&](std::size_t j, auto pred) {
            std::size_t k = j;
            while (k < n && (pred(src_[k]) || (src_[k] == '_' && k > j && k + 1 < n && pred(src_[k + 1]))))
                ++k;
            return k;
        };
        auto dec = [](char c) { return isDigit(c); };
        if (src_[i] == '0' && i + 1 < n && std::string("bBoOxX").find(src_[i + 1]) != std::string::npos &&
            i + 2 < n) {
            const char p = char(src_[i + 1] | 0x20);
            const int base = p == 'b' ? 2 : p == 'o' ? 8 : 16;
            auto ok = [base](char c) { return hexValue(c) >= 0 && hexValue(c) < base; };
            const std::size_t e = digits(i + 2, ok);
            if (e > i + 2) {
                std::uint64_t v = 0;
                for (std::size_t k = i + 2; k < e; ++k) {
                    if (src_[k] == '_') continue;
                    if (v > (std::uint64_t(std::numeric_limits<std::int64_t>::max()) -
                             std::uint64_t(hexValue(src_[k]))) /
                                std::uint64_t(base))
                        fail(ErrorKind::Unsupported, name_, posOf(start), "integer literal too large");
                    v = v * std::uint64_t(base) + std::uint64_t(hexValue(src_[k]));
                }
                Token t;
                t.type = TokType::Integer;
                t.integer = std::int64_t(v);
                t.text = src_.substr(start, e - start);
                t.pos = posOf(start);
                out_.push_back(std::move(t));
                return e;
            }
        }
        std::size_t e = digits(i, dec);
        bool isFloat = false;
        const bool afterDot = start > 0 && src_[start - 1] == '.';
        if (!afterDot) {
            if (e + 1 < n && src_[e] == '.' && isDigit(src_[e + 1])) {
                e = digits(e + 1, dec);
                isFloat = true;
            }
            if (e < n && (src_[e] == 'e' || src_[e] == 'E')) {
                std::size_t k = e + 1;
                if (k < n && (src_[k] == '+' || src_[k] == '-')) ++k;
                if (k < n && isDigit(src_[k])) {
                    e = digits(k, dec);
                    isFloat = true;
                }
            }
        }
        std::string lit;
        for (std::size_t k = start; k < e; ++k)
            if (src_[k] != '_') lit += src_[k];
        Token t;
        t.text = src_.substr(start, e - start);
        t.pos = posOf(start);
        if (isFloat) {
            t.type = TokType::Float;
            t.number = std::strtod(lit.c_str(), nullptr);
        } else {
            t.type = TokType::Integer;
            std::uint64_t v = 0;
            for (char c : lit) {
                if (v >
                    (std::uint64_t(std::numeric_limits<std::int64_t>::max()) - std::uint64_t(c - '0')) / 10)
                    fail(ErrorKind::Unsupported, name_, posOf(start), "integer literal too large");
                v = v * 10 + std::uint64_t(c - '0');
            }
            t.integer = std::int64_t(v);
        }
        out_.push_back(std::move(t));
        return e;
    }

    // A quoted literal, decoded as Python's "unicode-escape" codec does (Jinja's behaviour).
    std::size_t stringLiteral(std::size_t i) {
        const std::size_t n = src_.size();
        const char quote = src_[i];
        const std::size_t start = i;
        std::string value;
        ++i;
        while (true) {
            if (i >= n) error(start, "unterminated string literal");
            const char c = src_[i];
            if (c == quote) {
                ++i;
                break;
            }
            if (c != '\\') {
                value += c;
                ++i;
                continue;
            }
            if (i + 1 >= n) error(start, "unterminated string literal");
            const char e = src_[i + 1];
            i += 2;
            switch (e) {
            case '\n':
                break;
            case '\\':
                value += '\\';
                break;
            case '\'':
                value += '\'';
                break;
            case '"':
                value += '"';
                break;
            case 'n':
                value += '\n';
                break;
            case 't':
                value += '\t';
                break;
            case 'r':
                value += '\r';
                break;
            case 'a':
                value += '\a';
                break;
            case 'b':
                value += '\b';
                break;
            case 'f':
                value += '\f';
                break;
            case 'v':
                value += '\v';
                break;
            case 'x':
            case 'u':
            case 'U': {
                const int count = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                std::uint32_t cp = 0;
                for (int k = 0; k < count; ++k, ++i) {
                    if (i >= n || hexValue(src_[i]) < 0)
                        error(i, std::string("truncated \\") + e + " escape in a string literal");
                    cp = cp * 16 + std::uint32_t(hexValue(src_[i]));
                }
                if (cp > 0x10FFFF) error(start, "illegal Unicode character in a string literal");
                appendUtf8(value, cp);
                break;
            }
            case 'N':
                fail(ErrorKind::Unsupported, name_, posOf(i - 2), "'\\N{...}' escapes are not supported");
            default:
                if (e >= '0' && e <= '7') {
                    std::uint32_t cp = std::uint32_t(e - '0');
                    for (int k = 0; k < 2 && i < n && src_[i] >= '0' && src_[i] <= '7'; ++k, ++i)
                        cp = cp * 8 + std::uint32_t(src_[i] - '0');
                    appendUtf8(value, cp);
                } else {
                    value += '\\';
                    value += e;
                }
            }
        }
        Token t;
        t.type = TokType::String;
        t.text = std::move(value);
        t.pos = posOf(start);
        out_.push_back(std::move(t));
        return i;
    }

    std::string src_;
    const std::string& name_;
    std::vector<std::size_t> lineStarts_;
    std::vector<Token> out_;
};

// Jinja's newline handling: \r\n and \r become \n, and one trailing newline is dropped
// (keep_trailing_newline=False).
std::string normalizeSource(const std::string& source) {
    std::string s;
    s.reserve(source.size());
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\r') {
            s += '\n';
            if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
        } else {
            s += source[i];
        }
    }
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

} // namespace

std::vector<Token> tokenize(const std::string& source, const std::string& name) {
    return Lexer(normalizeSource(source), name).run();
}

} // namespace owq::jinja
