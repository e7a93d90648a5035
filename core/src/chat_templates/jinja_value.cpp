// Run-time values of the Jinja subset with Python's semantics: truthiness, str()/repr(), equality and
// ordering, JSON in (the render context) and out (transformers' tojson, i.e. json.dumps).
#include "chat_templates/jinja_ast.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace owq::jinja {

// ---- UTF-8 ----
// Invalid bytes decode to U+DC80..U+DCFF and encode back to the same byte (Python's surrogateescape), so
// any byte string survives slicing and counting unchanged.

std::vector<std::uint32_t> decodeUtf8(const std::string& s) {
    std::vector<std::uint32_t> out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80                  ? 1
                          : (c >= 0xC2 && c < 0xE0) ? 2
                          : (c >= 0xE0 && c < 0xF0) ? 3
                          : (c >= 0xF0 && c < 0xF5) ? 4
                                                    : 0;
        std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
        bool ok = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
                   (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
            ok = false;
        if (!ok) {
            out.push_back(0xDC00u + c);
            ++i;
        } else {
            out.push_back(cp);
            i += len;
        }
    }
    return out;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
        out += char(cp - 0xDC00);
    } else if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

std::string encodeUtf8(const std::vector<std::uint32_t>& cps) {
    std::string out;
    out.reserve(cps.size());
    for (auto cp : cps) appendUtf8(out, cp);
    return out;
}

std::size_t codepointCount(const std::string& s) {
    bool ascii = true;
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    return ascii ? s.size() : decodeUtf8(s).size();
}

bool isPySpace(std::uint32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

// ---- containers ----

int valueDepth(const Value& v) {
    if (v.isList()) return v.list()->depth;
    if (v.isDict()) return v.dict()->depth;
    if (v.isNamespace()) return v.ns()->attrs.depth;
    if (v.isFunc()) return 1 + valueDepth(v.func()->self);
    if (v.isLoop()) return 1 + v.loop()->items->depth;
    return 0;
}

namespace {
int checkedDepth(int d) {
    if (d > kMaxValueDepth)
        throw std::length_error("values nested deeper than " + std::to_string(kMaxValueDepth) + " levels");
    return d;
}
} // namespace

std::shared_ptr<ListObj> makeList(std::vector<Value> items, bool tuple) {
    auto l = std::make_shared<ListObj>();
    int d = 0;
    for (const auto& v : items) d = std::max(d, valueDepth(v));
    l->depth = checkedDepth(d + 1);
    l->items = std::move(items);
    l->tuple = tuple;
    return l;
}

std::shared_ptr<DictObj> makeDict() {
    return std::make_shared<DictObj>();
}

const Value* DictObj::find(const Value& key) const {
    if (key.isString()) {
        for (const auto& [k, v] : items)
            if (k.isString() && k.str() == key.str()) return &v;
        return nullptr;
    }
    for (const auto& [k, v] : items)
        if (equals(k, key)) return &v;
    return nullptr;
}

void DictObj::set(Value key, Value value) {
    depth = std::max(depth, checkedDepth(1 + std::max(valueDepth(key), valueDepth(value))));
    for (auto& [k, v] : items)
        if (equals(k, key)) {
            v = std::move(value);
            return;
        }
    items.emplace_back(std::move(key), std::move(value));
}

// ---- Python semantics ----

bool truthy(const Value& v) {
    return std::visit(
        [](const auto& x) -> bool {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, Undefined> || std::is_same_v<T, NoneType>)
                return false;
            else if constexpr (std::is_same_v<T, bool>)
                return x;
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return x != 0;
            else if constexpr (std::is_same_v<T, double>)
                return x != 0.0;
            else if constexpr (std::is_same_v<T, std::string>)
                return !x.empty();
            else if constexpr (std::is_same_v<T, std::shared_ptr<ListObj>>)
                return !x->items.empty();
            else if constexpr (std::is_same_v<T, std::shared_ptr<DictObj>>)
                return !x->items.empty();
            else
                return true;
        },
        v.v);
}

std::string floatRepr(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    const std::string sci(buf, res.ptr);
    // sci: [-]d[.ddd]e[+-]xx
    const std::size_t epos = sci.find('e');
    std::string mant = sci.substr(0, epos);
    const int exp = std::stoi(sci.substr(epos + 1));
    std::string sign;
    if (mant[0] == '-') {
        sign = "-";
        mant.erase(0, 1);
    }
    std::string digits;
    for (char c : mant)
        if (c != '.') digits += c;
    if (exp >= -4 && exp < 16) {
        std::string out;
        if (exp < 0) {
            out = "0." + std::string(std::size_t(-exp - 1), '0') + digits;
        } else if (std::size_t(exp) + 1 >= digits.size()) {
            out = digits + std::string(std::size_t(exp) + 1 - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, std::size_t(exp) + 1) + "." + digits.substr(std::size_t(exp) + 1);
        }
        return sign + out;
    }
    std::string out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return sign + out + ebuf;
}

namespace {

std::string stringRepr(const std::string& s) {
    const bool hasSingle = s.find('\'') != std::string::npos;
    const bool hasDouble = s.find('"') != std::string::npos;
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    std::string out(1, quote);
    char buf[16];
    for (std::uint32_t cp : decodeUtf8(s)) {
        if (cp == std::uint32_t(quote) || cp == '\\') {
            out += '\\';
            out += char(cp);
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD) {
            std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(cp));
            out += buf;
        } else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0xD800 && cp < 0xE000)) {
            std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(cp));
            out += buf;
        } else {
            appendUtf8(out, cp);
        }
    }
    out += quote;
    return out;
}

std::string dictRepr(const DictObj& d) {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : d.items) {
        if (!first) out += ", ";
        first = false;
        out += toRepr(k) + ": " + toRepr(v);
    }
    return out + "}";
}

} // namespace

std::string toRepr(const Value& v) {
    if (v.isString()) return stringRepr(v.str());
    if (v.isList()) {
        const auto& l = *v.list();
        std::string out = l.tuple ? "(" : "[";
        for (std::size_t i = 0; i < l.items.size(); ++i) {
            if (i) out += ", ";
            out += toRepr(l.items[i]);
        }
        if (l.tuple && l.items.size() == 1) out += ",";
        out += l.tuple ? ")" : "]";
        return l.view ? std::string(l.view) + "(" + out + ")" : out;
    }
    if (v.isDict()) return dictRepr(*v.dict());
    if (v.isUndefined()) return "Undefined";
    return toStr(v);
}

std::string toStr(const Value& v) {
    return std::visit(
        [&](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, Undefined>)
                return "";
            else if constexpr (std::is_same_v<T, NoneType>)
                return "None";
            else if constexpr (std::is_same_v<T, bool>)
                return x ? "True" : "False";
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return std::to_string(x);
            else if constexpr (std::is_same_v<T, double>)
                return floatRepr(x);
            else if constexpr (std::is_same_v<T, std::string>)
                return x;
            else if constexpr (std::is_same_v<T, std::shared_ptr<NamespaceObj>>)
                return "<Namespace " + dictRepr(x->attrs) + ">";
            else if constexpr (std::is_same_v<T, std::shared_ptr<FuncObj>>)
                return x->kind == FuncObj::Kind::Macro ? "<Macro '" + x->name + "'>"
                                                       : "<built-in function " + x->name + ">";
            else if constexpr (std::is_same_v<T, std::shared_ptr<LoopObj>>)
                return "<LoopContext " + std::to_string(x->index0 + 1) + "/" +
                       std::to_string(x->items->items.size()) + ">";
            else
                return toRepr(v);
        },
        v.v);
}

std::string typeName(const Value& v) {
    if (v.isUndefined()) return "Undefined";
    if (v.isNone()) return "NoneType";
    if (v.isBool()) return "bool";
    if (v.isInt()) return "int";
    if (v.isFloat()) return "float";
    if (v.isString()) return "str";
    if (v.isList()) return v.list()->tuple ? "tuple" : "list";
    if (v.isDict()) return "dict";
    if (v.isNamespace()) return "Namespace";
    if (v.isFunc()) return v.func()->kind == FuncObj::Kind::Macro ? "Macro" : "builtin_function_or_method";
    return "LoopContext";
}

namespace {

double asDouble(const Value& v) {
    if (v.isFloat()) return v.number();
    if (v.isInt()) return double(v.integer());
    return v.boolean() ? 1.0 : 0.0;
}

std::int64_t asInt(const Value& v) {
    return v.isInt() ? v.integer() : (v.boolean() ? 1 : 0);
}

} // namespace

bool equals(const Value& a, const Value& b) {
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat()) return asDouble(a) == asDouble(b);
        return asInt(a) == asInt(b);
    }
    if (a.v.index() != b.v.index()) return false;
    if (a.isUndefined() || a.isNone()) return true;
    if (a.isString()) return a.str() == b.str();
    if (a.isList()) {
        const auto& x = *a.list();
        const auto& y = *b.list();
        if (x.tuple != y.tuple || x.items.size() != y.items.size()) return false;
        for (std::size_t i = 0; i < x.items.size(); ++i)
            if (!equals(x.items[i], y.items[i])) return false;
        return true;
    }
    if (a.isDict()) {
        const auto& x = *a.dict();
        const auto& y = *b.dict();
        if (x.items.size() != y.items.size()) return false;
        for (const auto& [k, v] : x.items) {
            const Value* o = y.find(k);
            if (!o || !equals(v, *o)) return false;
        }
        return true;
    }
    if (a.isNamespace()) return a.ns() == b.ns();
    if (a.isFunc()) return a.func() == b.func();
    return a.loop() == b.loop();
}

int compare(const Value& a, const Value& b) {
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat()) {
            const double x = asDouble(a), y = asDouble(b);
            return x < y ? -1 : x > y ? 1 : 0;
        }
        const auto x = asInt(a), y = asInt(b);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.isString() && b.isString()) {
        const int c = a.str().compare(b.str());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.isList() && b.isList() && a.list()->tuple == b.list()->tuple) {
        const auto& x = a.list()->items;
        const auto& y = b.list()->items;
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (equals(x[i], y[i])) continue;
            return compare(x[i], y[i]);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    throw std::invalid_argument("'<' not supported between instances of '" + typeName(a) + "' and '" +
                                typeName(b) + "'");
}

// ---- JSON ----

namespace {

template <class J> Value fromJsonT(const J& j) {
    switch (j.type()) {
    case nlohmann::json::value_t::null:
        return Value(NoneType{});
    case nlohmann::json::value_t::boolean:
        return Value(j.template get<bool>());
    case nlohmann::json::value_t::number_integer:
        return Value(j.template get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
        const auto u = j.template get<std::uint64_t>();
        if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max())) return Value(double(u));
        return Value(std::int64_t(u));
    }
    case nlohmann::json::value_t::number_float:
        return Value(j.template get<double>());
    case nlohmann::json::value_t::string:
        return Value(j.template get<std::string>());
    case nlohmann::json::value_t::array: {
        std::vector<Value> items;
        items.reserve(j.size());
        for (const auto& e : j) items.push_back(fromJsonT(e));
        return Value(makeList(std::move(items)));
    }
    case nlohmann::json::value_t::object: {
        // JSON object keys are unique already: append without DictObj::set's lookup.
        auto d = makeDict();
        d->items.reserve(j.size());
        int depth = 0;
        for (auto it = j.begin(); it != j.end(); ++it) {
            d->items.emplace_back(Value(it.key()), fromJsonT(it.value()));
            depth = std::max(depth, valueDepth(d->items.back().second));
        }
        d->depth = checkedDepth(depth + 1);
        return Value(std::move(d));
    }
    default:
        return Value(Undefined{"a JSON value that is neither null, bool, number, string, array nor object"});
    }
}

void dumpString(std::string& out, const std::string& s, bool ensureAscii) {
    out += '"';
    char buf[16];
    auto escape = [&](std::uint32_t cp) {
        std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(cp));
        out += buf;
    };
    for (std::uint32_t cp : decodeUtf8(s)) {
        switch (cp) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        case '\b':
            out += "\\b";
            continue;
        case '\f':
            out += "\\f";
            continue;
        default:
            break;
        }
        if (cp < 0x20 || (ensureAscii && cp >= 0x7F)) {
            if (cp >= 0x10000) {
                const std::uint32_t v = cp - 0x10000;
                escape(0xD800 + (v >> 10));
                escape(0xDC00 + (v & 0x3FF));
            } else {
                escape(cp);
            }
        } else {
            appendUtf8(out, cp);
        }
    }
    out += '"';
}

std::string jsonKey(const Value& k) {
    if (k.isString()) return k.str();
    if (k.isBool()) return k.boolean() ? "true" : "false";
    if (k.isInt()) return std::to_string(k.integer());
    if (k.isFloat()) {
        const double d = k.number();
        if (std::isnan(d)) return "NaN";
        if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
        return floatRepr(d);
    }
    if (k.isNone()) return "null";
    throw std::invalid_argument("keys must be str, int, float, bool or None, not " + typeName(k));
}

void dumpValue(std::string& out, const Value& v, const DumpOptions& o, int level) {
    if (level > 512)
        throw std::invalid_argument("maximum recursion depth exceeded while encoding a JSON object");
    auto newline = [&](int lvl) {
        out += '\n';
        for (int i = 0; i < lvl; ++i) out += o.indent;
    };
    if (v.isNone()) {
        out += "null";
    } else if (v.isBool()) {
        out += v.boolean() ? "true" : "false";
    } else if (v.isInt()) {
        out += std::to_string(v.integer());
    } else if (v.isFloat()) {
        const double d = v.number();
        if (std::isnan(d))
            out += "NaN";
        else if (std::isinf(d))
            out += d < 0 ? "-Infinity" : "Infinity";
        else
            out += floatRepr(d);
    } else if (v.isString()) {
        dumpString(out, v.str(), o.ensureAscii);
    } else if (v.isList()) {
        const auto& items = v.list()->items;
        if (items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += o.itemSep;
            if (o.hasIndent) newline(level + 1);
            dumpValue(out, items[i], o, level + 1);
        }
        if (o.hasIndent) newline(level);
        out += ']';
    } else if (v.isDict()) {
        std::vector<std::pair<std::string, const Value*>> entries;
        for (const auto& [k, val] : v.dict()->items) entries.emplace_back(jsonKey(k), &val);
        if (o.sortKeys)
            std::stable_sort(entries.begin(), entries.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
        if (entries.empty()) {
            out += "{}";
            return;
        }
        out += '{';
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (i) out += o.itemSep;
            if (o.hasIndent) newline(level + 1);
            dumpString(out, entries[i].first, o.ensureAscii);
            out += o.keySep;
            dumpValue(out, *entries[i].second, o, level + 1);
        }
        if (o.hasIndent) newline(level);
        out += '}';
    } else {
        throw std::invalid_argument("Object of type " + typeName(v) + " is not JSON serializable");
    }
}

} // namespace

Value fromJson(const nlohmann::json& j) {
    return fromJsonT(j);
}
Value fromJson(const nlohmann::ordered_json& j) {
    return fromJsonT(j);
}

std::string dumpJson(const Value& v, const DumpOptions& opts) {
    std::string out;
    dumpValue(out, v, opts, 0);
    return out;
}

} // namespace owq::jinja
