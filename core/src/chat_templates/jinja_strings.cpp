// The str side of the Jinja subset: Python's str methods, case mapping, number parsing and printf-style
// formatting, all by code point as Python strings are.
#include "chat_templates/jinja_builtins.h"

#include <algorithm>
#include <cstring>

namespace owq::jinja {

namespace {

using Cps = std::vector<std::uint32_t>;

// Python's str.title(): a cased character after an uncased one starts a word.
std::string pyTitle(const std::string& s) {
    Cps cps = decodeUtf8(s);
    bool prevCased = false;
    for (auto& c : cps) {
        const bool cased = isCased(c);
        c = cased ? (prevCased ? toLowerCp(c) : toUpperCp(c)) : c;
        prevCased = cased;
    }
    return encodeUtf8(cps);
}

// ---- str methods ----

Cps stripSet(const Env& env, const std::optional<Value>& chars, bool* whitespace) {
    *whitespace = !chars || chars->isNone();
    if (*whitespace) return {};
    return decodeUtf8(argStr(env, *chars, "strip"));
}

std::vector<std::string> pySplit(const Env& env, const std::string& s, const std::optional<Value>& sepV,
                                 std::int64_t maxsplit, bool fromRight) {
    std::vector<std::string> parts;
    if (sepV && !sepV->isNone()) {
        const std::string& sep = argStr(env, *sepV, "split");
        if (sep.empty()) env.error(ErrorKind::InvalidArgument, "split: empty separator");
        if (!fromRight) {
            std::size_t pos = 0;
            while (maxsplit < 0 || std::int64_t(parts.size()) < maxsplit) {
                const std::size_t f = s.find(sep, pos);
                if (f == std::string::npos) break;
                parts.push_back(s.substr(pos, f - pos));
                pos = f + sep.size();
            }
            parts.push_back(s.substr(pos));
        } else {
            std::size_t end = s.size();
            std::vector<std::string> rev;
            while (maxsplit < 0 || std::int64_t(rev.size()) < maxsplit) {
                if (end < sep.size()) break;
                const std::size_t f = s.rfind(sep, end - sep.size());
                if (f == std::string::npos) break;
                rev.push_back(s.substr(f + sep.size(), end - f - sep.size()));
                end = f;
            }
            rev.push_back(s.substr(0, end));
            parts.assign(rev.rbegin(), rev.rend());
        }
        return parts;
    }
    const Cps cps = decodeUtf8(s);
    if (!fromRight) {
        std::size_t i = 0;
        while (true) {
            while (i < cps.size() && isPySpace(cps[i])) ++i;
            if (i >= cps.size()) break;
            if (maxsplit >= 0 && std::int64_t(parts.size()) >= maxsplit) {
                // The remainder keeps its trailing whitespace, as in Python.
                parts.push_back(encodeUtf8(Cps(cps.begin() + std::ptrdiff_t(i), cps.end())));
                break;
            }
            std::size_t j = i;
            while (j < cps.size() && !isPySpace(cps[j])) ++j;
            parts.push_back(
                encodeUtf8(Cps(cps.begin() + std::ptrdiff_t(i), cps.begin() + std::ptrdiff_t(j))));
            i = j;
        }
        return parts;
    }
    std::size_t e = cps.size();
    std::vector<std::string> rev;
    while (true) {
        while (e > 0 && isPySpace(cps[e - 1])) --e;
        if (e == 0) break;
        if (maxsplit >= 0 && std::int64_t(rev.size()) >= maxsplit) {
            rev.push_back(encodeUtf8(Cps(cps.begin(), cps.begin() + std::ptrdiff_t(e))));
            break;
        }
        std::size_t b = e;
        while (b > 0 && !isPySpace(cps[b - 1])) --b;
        rev.push_back(encodeUtf8(Cps(cps.begin() + std::ptrdiff_t(b), cps.begin() + std::ptrdiff_t(e))));
        e = b;
    }
    parts.assign(rev.rbegin(), rev.rend());
    return parts;
}

bool isLineBreak(std::uint32_t c) {
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E ||
           c == 0x85 || c == 0x2028 || c == 0x2029;
}

// Python's start/end arguments resolved to a code-point range.
void sliceBounds(const Env& env, const std::optional<Value>& start, const std::optional<Value>& end,
                 std::size_t len, std::size_t* b, std::size_t* e) {
    auto norm = [&](const std::optional<Value>& v, std::int64_t dflt) {
        std::int64_t x = argInt(env, v, dflt, "index");
        if (x < 0) x += std::int64_t(len);
        return std::size_t(std::clamp<std::int64_t>(x, 0, std::int64_t(len)));
    };
    *b = norm(start, 0);
    *e = norm(end, std::int64_t(len));
}

// Code-point index of sub in s[b:e] searching from the left or right, or -1.
std::int64_t pyFind(const Env& env, const std::string& s, const std::string& sub,
                    const std::optional<Value>& start, const std::optional<Value>& end, bool right) {
    const Cps cps = decodeUtf8(s);
    const Cps pat = decodeUtf8(sub);
    std::size_t b = 0, e = 0;
    sliceBounds(env, start, end, cps.size(), &b, &e);
    if (e < b || e - b < pat.size()) return -1;
    if (!right) {
        for (std::size_t i = b; i + pat.size() <= e; ++i)
            if (std::equal(pat.begin(), pat.end(), cps.begin() + std::ptrdiff_t(i))) return std::int64_t(i);
    } else {
        for (std::size_t i = e - pat.size() + 1; i-- > b;)
            if (std::equal(pat.begin(), pat.end(), cps.begin() + std::ptrdiff_t(i))) return std::int64_t(i);
    }
    return -1;
}

// str.format with {} / {0} / {name} fields and !s / !r conversions (format specs are outside the subset).
std::string pyFormat(const Env& env, const std::string& fmt, const CallArgs& a) {
    std::string out;
    std::size_t auto_ = 0;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        const char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}')
                ++i;
            else
                env.error(ErrorKind::InvalidArgument, "format: single '}' encountered in format string");
            out += '}';
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        const std::size_t close = fmt.find('}', i);
        if (close == std::string::npos)
            env.error(ErrorKind::InvalidArgument, "format: single '{' encountered");
        std::string field = fmt.substr(i + 1, close - i - 1);
        i = close;
        char conv = 0;
        if (const auto bang = field.find('!'); bang != std::string::npos) {
            conv = bang + 1 < field.size() ? field[bang + 1] : 0;
            field.resize(bang);
        }
        if (field.find(':') != std::string::npos || field.find('.') != std::string::npos ||
            field.find('[') != std::string::npos)
            env.error(ErrorKind::Unsupported,
                      "format specs and field lookups in str.format are not supported");
        const Value* v = nullptr;
        if (field.empty()) {
            if (auto_ >= a.args.size()) env.error(ErrorKind::InvalidArgument, "format: not enough arguments");
            v = &a.args[auto_++];
        } else if (std::all_of(field.begin(), field.end(), [](char d) { return d >= '0' && d <= '9'; })) {
            const std::size_t k = std::stoul(field);
            if (k >= a.args.size()) env.error(ErrorKind::InvalidArgument, "format: index out of range");
            v = &a.args[k];
        } else {
            v = kwarg(a, field.c_str());
            if (!v) env.error(ErrorKind::InvalidArgument, "format: missing argument '" + field + "'");
        }
        out += conv == 'r' ? toRepr(*v) : toStr(*v);
    }
    return out;
}

bool allCp(const std::string& s, bool (*pred)(std::uint32_t)) {
    const Cps cps = decodeUtf8(s);
    return !cps.empty() && std::all_of(cps.begin(), cps.end(), pred);
}

const char* const kStrMethods[] = {
    "startswith", "endswith", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "replace",
    "upper", "lower", "title", "capitalize", "find", "rfind", "index", "rindex", "count", "join", "format",
    "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper", "removeprefix", "removesuffix",
    // Python's other str methods: known, outside the subset
    "casefold", "center", "encode", "expandtabs", "format_map", "isascii", "isdecimal", "isidentifier",
    "isnumeric", "isprintable", "istitle", "ljust", "maketrans", "partition", "rjust", "rpartition",
    "swapcase", "translate", "zfill"};
} // namespace

bool isStrMethod(const std::string& name) {
    for (const char* n : kStrMethods)
        if (name == n) return true;
    return false;
}

std::optional<std::int64_t> parseIntStr(const std::string& s0, int base) {
    std::string s;
    for (auto cp : decodeUtf8(s0)) appendUtf8(s, cp);
    std::size_t b = 0, e = s.size();
    while (b < e && isPySpace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && isPySpace(static_cast<unsigned char>(s[e - 1]))) --e;
    if (b == e) return std::nullopt;
    bool neg = false;
    if (s[b] == '+' || s[b] == '-') neg = s[b++] == '-';
    if (base == 16 && e - b > 2 && s[b] == '0' && (s[b + 1] | 0x20) == 'x') b += 2;
    if (base == 8 && e - b > 2 && s[b] == '0' && (s[b + 1] | 0x20) == 'o') b += 2;
    if (base == 2 && e - b > 2 && s[b] == '0' && (s[b + 1] | 0x20) == 'b') b += 2;
    if (b == e || s[b] == '_' || s[e - 1] == '_') return std::nullopt;
    std::int64_t v = 0;
    for (std::size_t i = b; i < e; ++i) {
        if (s[i] == '_') {
            if (s[i - 1] == '_') return std::nullopt;
            continue;
        }
        const char c = char(s[i] | 0x20);
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
        if (d >= base) return std::nullopt;
        if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v)) return std::nullopt;
    }
    return neg ? -v : v;
}

// ---- case mapping: ASCII, Latin-1, Greek and Cyrillic (what chat templates meet) ----

std::uint32_t toUpperCp(std::uint32_t c) {
    if (c >= 'a' && c <= 'z') return c - 32;
    if (c < 0x80) return c;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        const bool evenUpper = (c < 0x138) || (c > 0x148 && c < 0x178);
        if (evenUpper ? (c % 2 == 1) : (c % 2 == 0 && c != 0x178)) return c - 1;
        return c;
    }
    if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    return c;
}

std::uint32_t toLowerCp(std::uint32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0x80) return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c == 0x178) return 0xFF;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        const bool evenUpper = (c < 0x138) || (c > 0x148 && c < 0x178);
        if (evenUpper ? (c % 2 == 0) : (c % 2 == 1 && c != 0x178)) return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

bool isCased(std::uint32_t c) {
    return toUpperCp(c) != c || toLowerCp(c) != c;
}

std::string mapCase(const std::string& s, bool upper) {
    std::string out;
    out.reserve(s.size());
    for (auto cp : decodeUtf8(s)) appendUtf8(out, upper ? toUpperCp(cp) : toLowerCp(cp));
    return out;
}

std::string capitalize(const std::string& s) {
    Cps cps = decodeUtf8(s);
    for (std::size_t i = 0; i < cps.size(); ++i) cps[i] = i == 0 ? toUpperCp(cps[i]) : toLowerCp(cps[i]);
    return encodeUtf8(cps);
}

// Jinja's title filter: words start after runs of '-', whitespace, '(', '{', '[', '<'.
std::string jinjaTitle(const std::string& s) {
    Cps cps = decodeUtf8(s);
    bool start = true;
    for (auto& c : cps) {
        const bool sep = c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || isPySpace(c);
        if (sep) {
            start = true;
            continue;
        }
        c = start ? toUpperCp(c) : toLowerCp(c);
        start = false;
    }
    return encodeUtf8(cps);
}

std::string pyStrip(const Env& env, const std::string& s, const std::optional<Value>& chars, bool left,
                    bool right) {
    bool ws = false;
    const Cps set = stripSet(env, chars, &ws);
    auto strip = [&](std::uint32_t c) {
        return ws ? isPySpace(c) : std::find(set.begin(), set.end(), c) != set.end();
    };
    bool ascii = true;
    for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    for (auto c : set) ascii = ascii && c < 0x80;
    if (ascii) {
        std::size_t b = 0, e = s.size();
        if (left)
            while (b < e && strip(static_cast<unsigned char>(s[b]))) ++b;
        if (right)
            while (e > b && strip(static_cast<unsigned char>(s[e - 1]))) --e;
        return s.substr(b, e - b);
    }
    const Cps cps = decodeUtf8(s);
    std::size_t b = 0, e = cps.size();
    if (left)
        while (b < e && strip(cps[b])) ++b;
    if (right)
        while (e > b && strip(cps[e - 1])) --e;
    return encodeUtf8(Cps(cps.begin() + std::ptrdiff_t(b), cps.begin() + std::ptrdiff_t(e)));
}

std::vector<std::string> splitLines(const std::string& s, bool keepEnds) {
    const Cps cps = decodeUtf8(s);
    std::vector<std::string> lines;
    std::size_t i = 0, start = 0;
    while (i < cps.size()) {
        if (!isLineBreak(cps[i])) {
            ++i;
            continue;
        }
        std::size_t eol = i + 1;
        if (cps[i] == '\r' && eol < cps.size() && cps[eol] == '\n') ++eol;
        lines.push_back(encodeUtf8(
            Cps(cps.begin() + std::ptrdiff_t(start), cps.begin() + std::ptrdiff_t(keepEnds ? eol : i))));
        start = i = eol;
    }
    if (start < cps.size()) lines.push_back(encodeUtf8(Cps(cps.begin() + std::ptrdiff_t(start), cps.end())));
    return lines;
}

std::string pyReplace(const std::string& s, const std::string& from, const std::string& to,
                      std::int64_t count) {
    if (count == 0) return s;
    std::string out;
    if (from.empty()) {
        const Cps cps = decodeUtf8(s);
        std::int64_t n = 0;
        for (std::size_t i = 0; i <= cps.size(); ++i) {
            if (count < 0 || n < count) {
                out += to;
                ++n;
            }
            if (i < cps.size()) appendUtf8(out, cps[i]);
        }
        return out;
    }
    std::size_t pos = 0;
    std::int64_t n = 0;
    while (count < 0 || n < count) {
        const std::size_t f = s.find(from, pos);
        if (f == std::string::npos) break;
        out.append(s, pos, f - pos);
        out += to;
        pos = f + from.size();
        ++n;
    }
    out.append(s, pos, std::string::npos);
    return out;
}

bool caseIs(const std::string& s, bool upper) {
    bool any = false;
    for (auto c : decodeUtf8(s)) {
        if (!isCased(c)) continue;
        any = true;
        if ((upper ? toUpperCp(c) : toLowerCp(c)) != c) return false;
    }
    return any;
}

std::optional<double> parseFloatStr(const std::string& s0) {
    std::string s;
    for (char c : s0)
        if (c != '_') s += c;
    std::size_t b = 0, e = s.size();
    while (b < e && isPySpace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && isPySpace(static_cast<unsigned char>(s[e - 1]))) --e;
    if (b == e) return std::nullopt;
    const std::string t = s.substr(b, e - b);
    std::string low = mapCase(t, false);
    const std::string body = (low[0] == '+' || low[0] == '-') ? low.substr(1) : low;
    if (body == "inf" || body == "infinity") return low[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    if (body == "nan") return std::nan("");
    if (body.empty() || body.find_first_not_of("0123456789.e+-") != std::string::npos) return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return std::nullopt;
    return d;
}

std::string htmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

Value strMethod(const Env& env, const std::string& s, const std::string& m, const CallArgs& a) {
    const std::string what = "str." + m + "()";
    if (m == "startswith" || m == "endswith") {
        auto p = bind(env, what, a, {"prefix", "start", "end"});
        if (!p[0]) typeError(env, what + " takes at least 1 argument");
        std::vector<std::string> cands;
        if (p[0]->isList() && p[0]->list()->tuple) {
            for (const auto& x : p[0]->list()->items) cands.push_back(argStr(env, x, m.c_str()));
        } else {
            cands.push_back(argStr(env, *p[0], m.c_str()));
        }
        std::string sub = s;
        if (p[1] || p[2]) {
            const Cps cps = decodeUtf8(s);
            std::size_t b = 0, e = 0;
            sliceBounds(env, p[1], p[2], cps.size(), &b, &e);
            sub = b <= e ? encodeUtf8(Cps(cps.begin() + std::ptrdiff_t(b), cps.begin() + std::ptrdiff_t(e)))
                         : "";
            if (b > e) return Value(false);
        }
        for (const auto& c : cands) {
            if (c.size() > sub.size()) continue;
            if (m == "startswith" ? sub.compare(0, c.size(), c) == 0
                                  : sub.compare(sub.size() - c.size(), c.size(), c) == 0)
                return Value(true);
        }
        return Value(false);
    }
    if (m == "strip" || m == "lstrip" || m == "rstrip") {
        auto p = bind(env, what, a, {"chars"});
        return Value(pyStrip(env, s, p[0], m != "rstrip", m != "lstrip"));
    }
    if (m == "split" || m == "rsplit") {
        auto p = bind(env, what, a, {"sep", "maxsplit"});
        std::vector<Value> items;
        for (auto& part : pySplit(env, s, p[0], argInt(env, p[1], -1, "maxsplit"), m == "rsplit"))
            items.emplace_back(std::move(part));
        return Value(makeList(std::move(items)));
    }
    if (m == "splitlines") {
        auto p = bind(env, what, a, {"keepends"});
        std::vector<Value> items;
        for (auto& line : splitLines(s, argBool(p[0], false))) items.emplace_back(std::move(line));
        return Value(makeList(std::move(items)));
    }
    if (m == "replace") {
        auto p = bind(env, what, a, {"old", "new", "count"});
        if (!p[0] || !p[1]) typeError(env, what + " takes at least 2 arguments");
        return Value(pyReplace(s, argStr(env, *p[0], "replace"), argStr(env, *p[1], "replace"),
                               argInt(env, p[2], -1, "count")));
    }
    if (m == "upper" || m == "lower") {
        bind(env, what, a, {});
        return Value(mapCase(s, m == "upper"));
    }
    if (m == "title") return bind(env, what, a, {}), Value(pyTitle(s));
    if (m == "capitalize") return bind(env, what, a, {}), Value(capitalize(s));
    if (m == "find" || m == "rfind" || m == "index" || m == "rindex") {
        auto p = bind(env, what, a, {"sub", "start", "end"});
        if (!p[0]) typeError(env, what + " takes at least 1 argument");
        const auto r = pyFind(env, s, argStr(env, *p[0], m.c_str()), p[1], p[2], m[0] == 'r');
        if (r < 0 && m.find("index") != std::string::npos) typeError(env, what + ": substring not found");
        return Value(r);
    }
    if (m == "count") {
        auto p = bind(env, what, a, {"sub", "start", "end"});
        if (!p[0]) typeError(env, what + " takes at least 1 argument");
        const Cps cps = decodeUtf8(s);
        std::size_t b = 0, e = 0;
        sliceBounds(env, p[1], p[2], cps.size(), &b, &e);
        if (b > e) return Value(std::int64_t(0));
        const Cps pat = decodeUtf8(argStr(env, *p[0], "count"));
        if (pat.empty()) return Value(std::int64_t(e - b + 1));
        std::int64_t n = 0;
        for (std::size_t i = b; i + pat.size() <= e;) {
            if (std::equal(pat.begin(), pat.end(), cps.begin() + std::ptrdiff_t(i))) {
                ++n;
                i += pat.size();
            } else {
                ++i;
            }
        }
        return Value(n);
    }
    if (m == "join") {
        auto p = bind(env, what, a, {"iterable"});
        if (!p[0]) typeError(env, what + " takes exactly one argument");
        std::string out;
        std::size_t i = 0;
        for (const auto& item : iterate(env, *p[0])) {
            if (!item.isString())
                typeError(env, "sequence item " + std::to_string(i) + ": expected str instance, " +
                                   typeName(item) + " found");
            if (i++) out += s;
            out += item.str();
        }
        return Value(std::move(out));
    }
    if (m == "format") return Value(pyFormat(env, s, a));
    if (m == "isdigit") return Value(allCp(s, [](std::uint32_t c) { return c >= '0' && c <= '9'; }));
    if (m == "isalpha") return Value(allCp(s, [](std::uint32_t c) { return isCased(c); }));
    if (m == "isalnum")
        return Value(allCp(s, [](std::uint32_t c) { return isCased(c) || (c >= '0' && c <= '9'); }));
    if (m == "isspace") return Value(allCp(s, [](std::uint32_t c) { return isPySpace(c); }));
    if (m == "islower" || m == "isupper") return Value(caseIs(s, m == "isupper"));
    if (m == "removeprefix" || m == "removesuffix") {
        auto p = bind(env, what, a, {"affix"});
        if (!p[0]) typeError(env, what + " takes exactly one argument");
        const std::string& x = argStr(env, *p[0], m.c_str());
        if (x.size() <= s.size()) {
            if (m == "removeprefix" && s.compare(0, x.size(), x) == 0) return Value(s.substr(x.size()));
            if (m == "removesuffix" && s.compare(s.size() - x.size(), x.size(), x) == 0)
                return Value(s.substr(0, s.size() - x.size()));
        }
        return Value(s);
    }
    env.error(ErrorKind::Unsupported, "method 'str." + m + "' is not supported");
}

// ---- printf-style formatting ----

std::string percentFormat(const Env& env, const std::string& fmt, const Value& args) {
    std::vector<Value> items;
    const bool mapping = args.isDict();
    if (args.isList() && args.list()->tuple)
        items = args.list()->items;
    else if (!mapping)
        items.push_back(args);
    std::size_t next = 0;
    bool usedMapping = false;
    std::string out;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%') {
            out += fmt[i];
            continue;
        }
        if (++i >= fmt.size()) typeError(env, "incomplete format");
        const Value* arg = nullptr;
        if (fmt[i] == '(') {
            const std::size_t close = fmt.find(')', i);
            if (close == std::string::npos) typeError(env, "incomplete format key");
            if (!mapping) typeError(env, "format requires a mapping");
            arg = args.dict()->find(Value(fmt.substr(i + 1, close - i - 1)));
            if (!arg) typeError(env, "format: missing key '" + fmt.substr(i + 1, close - i - 1) + "'");
            usedMapping = true;
            i = close + 1;
        }
        std::string flags;
        while (i < fmt.size() && std::strchr("-+ 0#", fmt[i])) flags += fmt[i++];
        std::string width, prec;
        while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') width += fmt[i++];
        if (i < fmt.size() && fmt[i] == '.') {
            prec = ".";
            ++i;
            while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') prec += fmt[i++];
        }
        if (i >= fmt.size()) typeError(env, "incomplete format");
        const char conv = fmt[i];
        if (conv == '%') {
            out += '%';
            continue;
        }
        if (!arg) {
            if (mapping) typeError(env, "format requires a mapping key");
            if (next >= items.size()) typeError(env, "not enough arguments for format string");
            arg = &items[next++];
        }
        char buf[512];
        const std::string spec = "%" + flags + width.substr(0, 3) + prec.substr(0, 4);
        if (conv == 's' || conv == 'r' || conv == 'a') {
            std::string s = conv == 's' ? toStr(*arg) : toRepr(*arg);
            if (prec.size() > 1) {
                const Cps cps = decodeUtf8(s);
                const std::size_t p = std::stoul(prec.substr(1));
                if (p < cps.size()) s = encodeUtf8(Cps(cps.begin(), cps.begin() + std::ptrdiff_t(p)));
            }
            const std::size_t w = width.empty() ? 0 : std::stoul(width.substr(0, 3));
            const std::size_t n = codepointCount(s);
            if (n < w) {
                if (flags.find('-') != std::string::npos)
                    s += std::string(w - n, ' ');
                else
                    s = std::string(w - n, ' ') + s;
            }
            out += s;
        } else if (std::strchr("diouxX", conv)) {
            if (!arg->isNumber())
                typeError(env, "%" + std::string(1, conv) + " format: a real number is required, not " +
                                   typeName(*arg));
            const long long x = arg->isFloat() ? (long long)arg->number()
                                               : (long long)(arg->isInt() ? arg->integer() : arg->boolean());
            const char c = conv == 'i' || conv == 'u' ? 'd' : conv;
            std::snprintf(buf, sizeof buf, (spec + "ll" + c).c_str(), x);
            out += buf;
        } else if (std::strchr("eEfFgG", conv)) {
            if (!arg->isNumber()) typeError(env, "must be real number, not " + typeName(*arg));
            std::snprintf(buf, sizeof buf, (spec + conv).c_str(), toDouble(*arg));
            out += buf;
        } else {
            env.error(ErrorKind::Unsupported,
                      std::string("format character '") + conv + "' is not supported");
        }
    }
    // Python treats a list or Undefined (both have __getitem__) as a mapping: no check.
    const bool listArg = (args.isList() && !args.list()->tuple) || args.isUndefined();
    if (!mapping && !listArg && next < items.size())
        typeError(env, "not all arguments converted during string formatting");
    (void)usedMapping;
    return out;
}

} // namespace owq::jinja
