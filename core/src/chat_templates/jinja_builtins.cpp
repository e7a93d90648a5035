// Built-ins of the Jinja subset: attribute/item lookup, filters, tests, global functions and the methods of
// dict, list and loop, each with Jinja 3.1's (or transformers') behaviour.
#include "chat_templates/jinja_builtins.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <optional>
#include <stdexcept>

namespace owq::jinja {

namespace {

using Cps = std::vector<std::uint32_t>;

// ---- small helpers ----

std::string objectDesc(const Value& v) {
    if (v.isNone()) return "None";
    return typeName(v) + " object";
}

Value missingAttr(const Value& obj, const std::string& attr) {
    return Value(Undefined{"'" + objectDesc(obj) + "' has no attribute '" + attr + "'"});
}

const char* const kDictMethods[] = {"items",    "keys", "values",  "get",        "clear", "copy",
                                    "fromkeys", "pop",  "popitem", "setdefault", "update"};
const char* const kListMethods[] = {"index",  "count", "append", "clear",   "copy", "extend",
                                    "insert", "pop",   "remove", "reverse", "sort"};

template <std::size_t N> bool inList(const char* const (&list)[N], const std::string& name) {
    for (const char* n : list)
        if (name == n) return true;
    return false;
}

Value boundMethod(const Value& self, const std::string& name) {
    auto f = std::make_shared<FuncObj>();
    f->kind = FuncObj::Kind::Method;
    f->name = name;
    f->self = self;
    return Value(std::move(f));
}

Value dictMethod(const Env& env, const Value& self, const std::string& m, const CallArgs& a) {
    const DictObj& d = *self.dict();
    const std::string what = "dict." + m + "()";
    if (m == "items" || m == "keys" || m == "values") {
        bind(env, what, a, {});
        std::vector<Value> items;
        items.reserve(d.items.size());
        for (const auto& [k, v] : d.items)
            items.push_back(m == "items" ? makeTuple(k, v) : m == "keys" ? k : v);
        auto view = makeList(std::move(items));
        view->view = m == "items" ? "dict_items" : m == "keys" ? "dict_keys" : "dict_values";
        return Value(std::move(view));
    }
    if (m == "get") {
        auto p = bind(env, what, a, {"key", "default"});
        if (!p[0]) typeError(env, what + " takes at least 1 argument");
        const Value* v = d.find(*p[0]);
        return v ? *v : (p[1] ? *p[1] : Value(NoneType{}));
    }
    if (m == "copy") env.error(ErrorKind::Unsupported, "method 'dict.copy' is not supported");
    env.error(ErrorKind::Unsupported,
              "method 'dict." + m + "' is not allowed: chat templates render in an immutable sandbox");
}

Value listMethod(const Env& env, const Value& self, const std::string& m, const CallArgs& a) {
    const auto& items = self.list()->items;
    const std::string what = typeName(self) + "." + m + "()";
    if (m == "index" || m == "count") {
        auto p = bind(env, what, a, {"value"});
        if (!p[0]) typeError(env, what + " takes exactly one argument");
        std::int64_t n = 0;
        for (std::size_t i = 0; i < items.size(); ++i)
            if (equals(items[i], *p[0])) {
                if (m == "index") return Value(std::int64_t(i));
                ++n;
            }
        if (m == "index") typeError(env, what + ": value is not in the list");
        return Value(n);
    }
    if (m == "copy") env.error(ErrorKind::Unsupported, "method 'list.copy' is not supported");
    env.error(ErrorKind::Unsupported, "method '" + typeName(self) + "." + m +
                                          "' is not allowed: chat templates render in an immutable sandbox");
}

// ---- sequences ----

std::vector<Value> stringChars(const std::string& s) {
    std::vector<Value> out;
    for (auto cp : decodeUtf8(s)) {
        std::string c;
        appendUtf8(c, cp);
        out.emplace_back(std::move(c));
    }
    return out;
}

// Jinja's make_attrgetter: "a.b.0" looked up item by item (digits as integers).
Value attrPath(const Env& env, const Value& v, const Value& attribute) {
    if (!attribute.isString()) return getItem(env, v, attribute);
    Value cur = v;
    const std::string& path = attribute.str();
    std::size_t pos = 0;
    while (true) {
        const std::size_t dot = path.find('.', pos);
        const std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        if (cur.isUndefined()) undefinedError(env, cur);
        if (!part.empty() &&
            std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
            cur = getItem(env, cur, Value(std::int64_t(std::stoll(part))));
        else
            cur = getItem(env, cur, Value(part));
        if (dot == std::string::npos) return cur;
        pos = dot + 1;
    }
}

Value lowerIfString(const Value& v, bool caseSensitive) {
    if (!caseSensitive && v.isString()) return Value(mapCase(v.str(), false));
    return v;
}

int safeCompare(const Env& env, const Value& a, const Value& b) {
    try {
        return compare(a, b);
    } catch (const std::invalid_argument& e) {
        env.error(ErrorKind::InvalidArgument, e.what());
    }
}

std::size_t pyLen(const Env& env, const Value& v) {
    if (v.isUndefined()) return 0;
    if (v.isString()) return codepointCount(v.str());
    if (v.isList()) return v.list()->items.size();
    if (v.isDict()) return v.dict()->items.size();
    if (v.isLoop()) return v.loop()->items->items.size();
    typeError(env, "object of type '" + typeName(v) + "' has no len()");
}

// select/reject/selectattr/rejectattr: args after the attribute are a test name and its arguments.
Value selectFilter(const Env& env, const Value& seq, const CallArgs& a, bool byAttr, bool keep) {
    std::size_t k = 0;
    Value attribute;
    if (byAttr) {
        if (a.args.empty()) typeError(env, "selectattr/rejectattr need an attribute");
        attribute = a.args[k++];
    }
    std::string test;
    CallArgs testArgs;
    if (k < a.args.size()) {
        test = argStr(env, a.args[k++], "test name");
        if (testSupport(test) == 0) env.error(ErrorKind::Format, "no test named '" + test + "'");
        if (testSupport(test) == 2) env.error(ErrorKind::Unsupported, "test '" + test + "' is not supported");
        testArgs.args.assign(a.args.begin() + std::ptrdiff_t(k), a.args.end());
        testArgs.kwargs = a.kwargs;
    }
    std::vector<Value> out;
    for (const auto& item : iterate(env, seq)) {
        const Value subject = byAttr ? attrPath(env, item, attribute) : item;
        const bool ok = test.empty() ? truthy(subject) : applyTest(env, test, subject, testArgs);
        if (ok == keep) out.push_back(item);
    }
    return Value(makeList(std::move(out)));
}

Value roundFilter(const Env& env, const Value& v, std::int64_t precision, const std::string& method) {
    if (method != "common" && method != "ceil" && method != "floor")
        env.error(ErrorKind::InvalidArgument, "round: method must be 'common', 'ceil' or 'floor'");
    if (!v.isNumber()) typeError(env, "round: expected a number, got '" + typeName(v) + "'");
    if (method == "common" && !v.isFloat()) {
        if (precision >= 0) return v.isBool() ? Value(std::int64_t(v.boolean())) : v;
        env.error(ErrorKind::Unsupported, "round: a negative precision is not supported");
    }
    const double x = toDouble(v);
    if (precision < 0 || precision > 300) env.error(ErrorKind::Unsupported, "round: precision out of range");
    if (method == "common") {
        if (!std::isfinite(x)) return Value(x);
        // printf rounds the exact binary value half-to-even, as Python's round() does.
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.*f", int(precision), x);
        return Value(std::strtod(buf, nullptr));
    }
    const double scale = std::pow(10.0, double(precision));
    return Value((method == "ceil" ? std::ceil(x * scale) : std::floor(x * scale)) / scale);
}

std::string indentFilter(const Env& env, const std::string& s0, const std::optional<Value>& width, bool first,
                         bool blank) {
    std::string ind;
    if (width && width->isString())
        ind = width->str();
    else
        ind = std::string(std::size_t(std::max<std::int64_t>(0, argInt(env, width, 4, "indent"))), ' ');
    const std::vector<std::string> lines = splitLines(s0 + "\n", false);
    std::string rv;
    if (blank) {
        for (std::size_t i = 0; i < lines.size(); ++i) rv += (i ? "\n" + ind : "") + lines[i];
    } else {
        rv = lines.empty() ? "" : lines[0];
        for (std::size_t i = 1; i < lines.size(); ++i) rv += "\n" + (lines[i].empty() ? "" : ind + lines[i]);
    }
    return first ? ind + rv : rv;
}

std::vector<Value> sortedItems(const Env& env, std::vector<Value> items, bool reverse, bool caseSensitive,
                               const std::optional<Value>& attribute) {
    std::vector<std::pair<Value, Value>> keyed;
    for (auto& it : items) {
        Value key = attribute && !attribute->isNone() ? attrPath(env, it, *attribute) : it;
        keyed.emplace_back(lowerIfString(key, caseSensitive), std::move(it));
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return reverse ? safeCompare(env, y.first, x.first) < 0 : safeCompare(env, x.first, y.first) < 0;
    });
    std::vector<Value> out;
    for (auto& [k, v] : keyed) out.push_back(std::move(v));
    return out;
}

} // namespace

// ---- lookup ----

Value getAttr(const Env& env, const Value& obj, const std::string& attr) {
    if (obj.isUndefined()) undefinedError(env, obj);
    if (obj.isDict()) {
        if (inList(kDictMethods, attr)) return boundMethod(obj, attr);
        if (const Value* v = obj.dict()->find(Value(attr))) return *v;
        return missingAttr(obj, attr);
    }
    if (obj.isString()) return isStrMethod(attr) ? boundMethod(obj, attr) : missingAttr(obj, attr);
    if (obj.isList()) {
        if (inList(kListMethods, attr) && (!obj.list()->tuple || attr == "index" || attr == "count"))
            return boundMethod(obj, attr);
        return missingAttr(obj, attr);
    }
    if (obj.isNamespace()) {
        if (const Value* v = obj.ns()->attrs.find(Value(attr))) return *v;
        return missingAttr(obj, attr);
    }
    if (obj.isLoop()) {
        const LoopObj& l = *obj.loop();
        const auto n = std::int64_t(l.items->items.size());
        const auto i = std::int64_t(l.index0);
        if (attr == "index") return Value(i + 1);
        if (attr == "index0") return Value(i);
        if (attr == "revindex") return Value(n - i);
        if (attr == "revindex0") return Value(n - i - 1);
        if (attr == "first") return Value(i == 0);
        if (attr == "last") return Value(i == n - 1);
        if (attr == "length") return Value(n);
        if (attr == "depth") return Value(std::int64_t(l.depth0 + 1));
        if (attr == "depth0") return Value(std::int64_t(l.depth0));
        if (attr == "previtem")
            return i > 0 ? l.items->items[std::size_t(i - 1)] : Value(Undefined{"there is no previous item"});
        if (attr == "nextitem")
            return i + 1 < n ? l.items->items[std::size_t(i + 1)] : Value(Undefined{"there is no next item"});
        if (attr == "cycle" || attr == "changed") return boundMethod(obj, attr);
        return missingAttr(obj, attr);
    }
    return missingAttr(obj, attr);
}

Value getItem(const Env& env, const Value& obj, const Value& key) {
    if (obj.isUndefined()) undefinedError(env, obj);
    if (obj.isDict()) {
        if (const Value* v = obj.dict()->find(key)) return *v;
    } else if ((obj.isList() || obj.isString()) && (key.isInt() || key.isBool())) {
        std::int64_t i = key.isInt() ? key.integer() : std::int64_t(key.boolean());
        if (obj.isList()) {
            const auto n = std::int64_t(obj.list()->items.size());
            if (i < 0) i += n;
            if (i >= 0 && i < n) return obj.list()->items[std::size_t(i)];
        } else {
            const Cps cps = decodeUtf8(obj.str());
            const auto n = std::int64_t(cps.size());
            if (i < 0) i += n;
            if (i >= 0 && i < n) {
                std::string c;
                appendUtf8(c, cps[std::size_t(i)]);
                return Value(std::move(c));
            }
        }
        return Value(Undefined{"'" + objectDesc(obj) + "' has no attribute " + toRepr(key)});
    }
    if (key.isString()) {
        Value v = getAttr(env, obj, key.str());
        if (!v.isUndefined() && !obj.isDict()) return v;
        if (obj.isDict() && inList(kDictMethods, key.str())) return v;
    }
    return Value(Undefined{"'" + objectDesc(obj) + "' has no attribute " + toRepr(key)});
}

Value getSlice(const Env& env, const Value& obj, const Value& startV, const Value& stopV,
               const Value& stepV) {
    if (obj.isUndefined()) undefinedError(env, obj);
    auto idx = [&](const Value& v, const char* what) -> std::optional<std::int64_t> {
        if (v.isUndefined() || v.isNone()) return std::nullopt;
        if (v.isInt()) return v.integer();
        if (v.isBool()) return std::int64_t(v.boolean());
        typeError(env,
                  std::string("slice ") + what + " must be an integer or None, got '" + typeName(v) + "'");
    };
    const auto step = idx(stepV, "step").value_or(1);
    if (step == 0) env.error(ErrorKind::InvalidArgument, "slice step cannot be zero");
    std::vector<Value> items;
    Cps cps;
    const bool isStr = obj.isString();
    std::int64_t n = 0;
    if (isStr) {
        cps = decodeUtf8(obj.str());
        n = std::int64_t(cps.size());
    } else if (obj.isList()) {
        n = std::int64_t(obj.list()->items.size());
    } else {
        // Jinja subscripts slices directly (no getitem fallback), so Python's TypeError surfaces.
        typeError(env, obj.isDict() ? std::string("unhashable type: 'slice'")
                                    : "'" + typeName(obj) + "' object is not subscriptable");
    }
    // Python's PySlice_AdjustIndices.
    auto adjust = [&](std::optional<std::int64_t> v, std::int64_t dflt) {
        if (!v) return dflt;
        std::int64_t x = *v;
        if (x < 0) {
            x += n;
            if (x < 0) x = step < 0 ? -1 : 0;
        } else if (x >= n) {
            x = step < 0 ? n - 1 : n;
        }
        return x;
    };
    const std::int64_t start = adjust(idx(startV, "start"), step < 0 ? n - 1 : 0);
    const std::int64_t stop = adjust(idx(stopV, "stop"), step < 0 ? -1 : n);
    std::vector<std::size_t> picks;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) picks.push_back(std::size_t(i));
    if (isStr) {
        std::string out;
        for (auto i : picks) appendUtf8(out, cps[i]);
        return Value(std::move(out));
    }
    for (auto i : picks) items.push_back(obj.list()->items[i]);
    return Value(makeList(std::move(items), obj.list()->tuple));
}

std::vector<Value> iterate(const Env& env, const Value& v) {
    if (v.isList()) return v.list()->items;
    if (v.isDict()) {
        std::vector<Value> keys;
        for (const auto& [k, val] : v.dict()->items) keys.push_back(k);
        return keys;
    }
    if (v.isString()) return stringChars(v.str());
    if (v.isUndefined()) return {};
    if (v.isLoop()) return v.loop()->items->items;
    typeError(env, "'" + typeName(v) + "' object is not iterable");
}

bool contains(const Env& env, const Value& container, const Value& item) {
    if (container.isString()) {
        if (!item.isString())
            typeError(env, "'in <string>' requires string as left operand, not " + typeName(item));
        return container.str().find(item.str()) != std::string::npos;
    }
    if (container.isDict()) {
        if ((item.isList() && !item.list()->tuple) || item.isDict() || item.isNamespace())
            typeError(env, "unhashable type: '" + typeName(item) + "'");
        return container.dict()->find(item) != nullptr;
    }
    if (container.isList()) {
        for (const auto& x : container.list()->items)
            if (equals(x, item)) return true;
        return false;
    }
    if (container.isUndefined()) return false;
    typeError(env, "argument of type '" + typeName(container) + "' is not iterable");
}

// ---- filters ----

int filterSupport(const std::string& name) {
    static const char* const supported[] = {
        "abs",    "attr",       "capitalize", "count",       "d",      "default", "dictsort", "e",
        "escape", "first",      "float",      "forceescape", "format", "indent",  "int",      "items",
        "join",   "last",       "length",     "list",        "lower",  "map",     "max",      "min",
        "reject", "rejectattr", "replace",    "reverse",     "round",  "safe",    "select",   "selectattr",
        "sort",   "string",     "sum",        "title",       "tojson", "trim",    "unique",   "upper"};
    static const char* const known[] = {"batch",  "center",    "filesizeformat", "groupby",  "pprint",
                                        "random", "slice",     "striptags",      "truncate", "urlencode",
                                        "urlize", "wordcount", "wordwrap",       "xmlattr"};
    if (inList(supported, name)) return 1;
    if (inList(known, name)) return 2;
    return 0;
}

Value applyFilter(const Env& env, const std::string& name, const Value& v, const CallArgs& a) {
    const std::string what = "filter '" + name + "'";
    if (name == "default" || name == "d") {
        auto p = bind(env, what, a, {"default_value", "boolean"});
        if (v.isUndefined() || (argBool(p[1], false) && !truthy(v)))
            return p[0] ? *p[0] : Value(std::string());
        return v;
    }
    if (name == "length" || name == "count")
        return bind(env, what, a, {}), Value(std::int64_t(pyLen(env, v)));
    if (name == "string") return bind(env, what, a, {}), Value(toStr(v));
    if (name == "safe") return bind(env, what, a, {}), v.isString() ? v : Value(toStr(v));
    if (name == "e" || name == "escape" || name == "forceescape") return Value(htmlEscape(toStr(v)));
    if (name == "format") {
        if (!a.args.empty() && !a.kwargs.empty())
            typeError(env, "format: can't handle positional and keyword arguments at the same time");
        if (!a.kwargs.empty()) {
            auto d = makeDict();
            for (const auto& [k, x] : a.kwargs) d->set(Value(k), x);
            return Value(percentFormat(env, toStr(v), Value(std::move(d))));
        }
        return Value(percentFormat(env, toStr(v), Value(makeList(a.args, true))));
    }
    if (name == "trim") {
        auto p = bind(env, what, a, {"chars"});
        return Value(pyStrip(env, toStr(v), p[0], true, true));
    }
    if (name == "upper" || name == "lower")
        return bind(env, what, a, {}), Value(mapCase(toStr(v), name == "upper"));
    if (name == "capitalize") return bind(env, what, a, {}), Value(capitalize(toStr(v)));
    if (name == "title") return bind(env, what, a, {}), Value(jinjaTitle(toStr(v)));
    if (name == "replace") {
        auto p = bind(env, what, a, {"old", "new", "count"});
        if (!p[0] || !p[1]) typeError(env, what + " needs 'old' and 'new'");
        return Value(pyReplace(toStr(v), toStr(*p[0]), toStr(*p[1]), argInt(env, p[2], -1, "count")));
    }
    if (name == "indent") {
        auto p = bind(env, what, a, {"width", "first", "blank"});
        return Value(indentFilter(env, toStr(v), p[0], argBool(p[1], false), argBool(p[2], false)));
    }
    if (name == "tojson") {
        // transformers' override: json.dumps(x, ensure_ascii=False, indent=None, separators=None,
        // sort_keys=False)
        auto p = bind(env, what, a, {"ensure_ascii", "indent", "separators", "sort_keys"});
        DumpOptions o;
        o.ensureAscii = argBool(p[0], false);
        if (p[1] && !p[1]->isNone()) {
            o.hasIndent = true;
            o.itemSep = ",";
            if (p[1]->isString())
                o.indent = p[1]->str();
            else
                o.indent =
                    std::string(std::size_t(std::max<std::int64_t>(0, argInt(env, p[1], 0, "indent"))), ' ');
        }
        if (p[2] && !p[2]->isNone()) {
            if (!p[2]->isList() || p[2]->list()->items.size() != 2)
                typeError(env, "tojson: separators must be an (item_separator, key_separator) pair");
            o.itemSep = argStr(env, p[2]->list()->items[0], "separators");
            o.keySep = argStr(env, p[2]->list()->items[1], "separators");
        }
        o.sortKeys = argBool(p[3], false);
        try {
            return Value(dumpJson(v, o));
        } catch (const std::invalid_argument& e) {
            env.error(ErrorKind::InvalidArgument, std::string("tojson: ") + e.what());
        }
    }
    if (name == "items") {
        bind(env, what, a, {});
        if (v.isUndefined()) return Value(makeList());
        if (!v.isDict()) typeError(env, "Can only get item pairs from a mapping.");
        std::vector<Value> items;
        for (const auto& [k, val] : v.dict()->items) items.push_back(makeTuple(k, val));
        return Value(makeList(std::move(items)));
    }
    if (name == "list") return bind(env, what, a, {}), Value(makeList(iterate(env, v)));
    if (name == "first" || name == "last") {
        bind(env, what, a, {});
        auto items = iterate(env, v);
        if (items.empty()) return Value(Undefined{"No " + name + " item, sequence was empty."});
        return name == "first" ? items.front() : items.back();
    }
    if (name == "reverse") {
        bind(env, what, a, {});
        if (v.isString()) {
            Cps cps = decodeUtf8(v.str());
            std::reverse(cps.begin(), cps.end());
            return Value(encodeUtf8(cps));
        }
        auto items = iterate(env, v);
        std::reverse(items.begin(), items.end());
        return Value(makeList(std::move(items)));
    }
    if (name == "join") {
        auto p = bind(env, what, a, {"d", "attribute"});
        const std::string sep = p[0] ? toStr(*p[0]) : "";
        std::string out;
        bool first = true;
        for (const auto& item : iterate(env, v)) {
            if (!first) out += sep;
            first = false;
            out += toStr(p[1] && !p[1]->isNone() ? attrPath(env, item, *p[1]) : item);
        }
        return Value(std::move(out));
    }
    if ((name == "int" || name == "float") && v.isUndefined())
        undefinedError(env, v); // Undefined.__int__ raises
    if (name == "int") {
        auto p = bind(env, what, a, {"default", "base"});
        const Value dflt = p[0] ? *p[0] : Value(std::int64_t(0));
        const std::int64_t base = argInt(env, p[1], 10, "base");
        if (v.isInt()) return v;
        if (v.isBool()) return Value(std::int64_t(v.boolean()));
        if (v.isString()) {
            if (auto i = parseIntStr(v.str(), int(base))) return Value(*i);
            if (auto d = parseFloatStr(v.str()); d && std::isfinite(*d) && std::fabs(*d) < 9.2e18)
                return Value(std::int64_t(*d));
            return dflt;
        }
        if (v.isFloat() && std::isfinite(v.number()) && std::fabs(v.number()) < 9.2e18)
            return Value(std::int64_t(v.number()));
        return dflt;
    }
    if (name == "float") {
        auto p = bind(env, what, a, {"default"});
        const Value dflt = p[0] ? *p[0] : Value(0.0);
        if (v.isNumber()) return Value(toDouble(v));
        if (v.isString()) {
            if (auto d = parseFloatStr(v.str())) return Value(*d);
        }
        return dflt;
    }
    if (name == "abs") {
        bind(env, what, a, {});
        if (v.isFloat()) return Value(std::fabs(v.number()));
        if (v.isBool()) return Value(std::int64_t(v.boolean()));
        if (v.isInt()) {
            if (v.integer() == std::numeric_limits<std::int64_t>::min())
                env.error(ErrorKind::Unsupported, "integer overflow (Python big integers are not supported)");
            return Value(v.integer() < 0 ? -v.integer() : v.integer());
        }
        typeError(env, "bad operand type for abs(): '" + typeName(v) + "'");
    }
    if (name == "round") {
        auto p = bind(env, what, a, {"precision", "method"});
        return roundFilter(env, v, argInt(env, p[0], 0, "precision"), p[1] ? toStr(*p[1]) : "common");
    }
    if (name == "dictsort") {
        auto p = bind(env, what, a, {"case_sensitive", "by", "reverse"});
        if (!v.isDict()) typeError(env, "dictsort: expected a mapping, got '" + typeName(v) + "'");
        const std::string by = p[1] ? toStr(*p[1]) : "key";
        if (by != "key" && by != "value")
            env.error(ErrorKind::InvalidArgument, "dictsort: 'by' must be 'key' or 'value'");
        std::vector<Value> pairs;
        for (const auto& [k, val] : v.dict()->items) pairs.push_back(makeTuple(k, val));
        return Value(makeList(sortedItems(env, std::move(pairs), argBool(p[2], false), argBool(p[0], false),
                                          Value(std::int64_t(by == "key" ? 0 : 1)))));
    }
    if (name == "sort") {
        auto p = bind(env, what, a, {"reverse", "case_sensitive", "attribute"});
        return Value(
            makeList(sortedItems(env, iterate(env, v), argBool(p[0], false), argBool(p[1], false), p[2])));
    }
    if (name == "unique") {
        auto p = bind(env, what, a, {"case_sensitive", "attribute"});
        std::vector<Value> out, seen;
        for (const auto& item : iterate(env, v)) {
            const Value key = lowerIfString(p[1] && !p[1]->isNone() ? attrPath(env, item, *p[1]) : item,
                                            argBool(p[0], false));
            if (std::any_of(seen.begin(), seen.end(), [&](const Value& s) { return equals(s, key); }))
                continue;
            seen.push_back(key);
            out.push_back(item);
        }
        return Value(makeList(std::move(out)));
    }
    if (name == "min" || name == "max") {
        auto p = bind(env, what, a, {"case_sensitive", "attribute"});
        auto items = iterate(env, v);
        if (items.empty()) return Value(Undefined{"No aggregated item, sequence was empty."});
        const bool cs = argBool(p[0], false);
        auto key = [&](const Value& x) {
            return lowerIfString(p[1] && !p[1]->isNone() ? attrPath(env, x, *p[1]) : x, cs);
        };
        std::size_t best = 0;
        for (std::size_t i = 1; i < items.size(); ++i) {
            const int c = safeCompare(env, key(items[i]), key(items[best]));
            if (name == "min" ? c < 0 : c > 0) best = i;
        }
        return items[best];
    }
    if (name == "sum") {
        auto p = bind(env, what, a, {"attribute", "start"});
        Value total = p[1] ? *p[1] : Value(std::int64_t(0));
        for (const auto& item : iterate(env, v)) {
            const Value x = p[0] && !p[0]->isNone() ? attrPath(env, item, *p[0]) : item;
            if (!x.isNumber() || !total.isNumber())
                typeError(env, "sum: unsupported operand type(s) for +: '" + typeName(total) + "' and '" +
                                   typeName(x) + "'");
            if (total.isFloat() || x.isFloat()) {
                total = Value(toDouble(total) + toDouble(x));
            } else {
                const std::int64_t t = total.isInt() ? total.integer() : std::int64_t(total.boolean());
                const std::int64_t y = x.isInt() ? x.integer() : std::int64_t(x.boolean());
                std::int64_t r = 0;
                if (__builtin_add_overflow(t, y, &r))
                    env.error(ErrorKind::Unsupported,
                              "integer overflow (Python big integers are not supported)");
                total = Value(r);
            }
        }
        return total;
    }
    if (name == "select" || name == "reject") return selectFilter(env, v, a, false, name == "select");
    if (name == "selectattr" || name == "rejectattr")
        return selectFilter(env, v, a, true, name == "selectattr");
    if (name == "map") {
        std::vector<Value> out;
        if (const Value* attribute = kwarg(a, "attribute")) {
            const Value* dflt = kwarg(a, "default");
            for (const auto& item : iterate(env, v)) {
                Value x = attrPath(env, item, *attribute);
                if (x.isUndefined() && dflt) x = *dflt;
                out.push_back(std::move(x));
            }
            return Value(makeList(std::move(out)));
        }
        if (a.args.empty()) typeError(env, "map: needs a filter name or attribute=");
        const std::string f = argStr(env, a.args[0], "map");
        if (filterSupport(f) == 0) env.error(ErrorKind::Format, "no filter named '" + f + "'");
        if (filterSupport(f) == 2) env.error(ErrorKind::Unsupported, "filter '" + f + "' is not supported");
        CallArgs rest;
        rest.args.assign(a.args.begin() + 1, a.args.end());
        rest.kwargs = a.kwargs;
        for (const auto& item : iterate(env, v)) out.push_back(applyFilter(env, f, item, rest));
        return Value(makeList(std::move(out)));
    }
    if (name == "attr") {
        auto p = bind(env, what, a, {"name"});
        if (!p[0]) typeError(env, "attr: needs a name");
        if (v.isDict()) {
            const std::string& n = argStr(env, *p[0], "attr");
            return inList(kDictMethods, n) ? getAttr(env, v, n) : missingAttr(v, n);
        }
        return getAttr(env, v, argStr(env, *p[0], "attr"));
    }
    env.error(ErrorKind::Unsupported, "filter '" + name + "' is not supported");
}

// ---- tests ----

int testSupport(const std::string& name) {
    static const char* const supported[] = {
        "boolean", "callable", "defined",  "divisibleby", "eq",          "equalto", "even",      "false",
        "filter",  "float",    "ge",       "gt",          "greaterthan", "in",      "integer",   "iterable",
        "le",      "lessthan", "lower",    "lt",          "mapping",     "ne",      "none",      "number",
        "odd",     "sameas",   "sequence", "string",      "test",        "true",    "undefined", "upper"};
    if (inList(supported, name)) return 1;
    if (name == "escaped") return 2;
    return 0;
}

bool applyTest(const Env& env, const std::string& name, const Value& v, const CallArgs& a) {
    const std::string what = "test '" + name + "'";
    auto one = [&]() -> Value {
        auto p = bind(env, what, a, {"other"});
        if (!p[0]) typeError(env, what + " needs an argument");
        return *p[0];
    };
    if (name == "defined") return !v.isUndefined();
    if (name == "undefined") return v.isUndefined();
    if (name == "none") return v.isNone();
    if (name == "boolean") return v.isBool();
    if (name == "true") return v.isBool() && v.boolean();
    if (name == "false") return v.isBool() && !v.boolean();
    if (name == "integer") return v.isInt();
    if (name == "float") return v.isFloat();
    if (name == "number") return v.isNumber();
    if (name == "string") return v.isString();
    if (name == "mapping") return v.isDict();
    if (name == "iterable") return v.isList() || v.isDict() || v.isString() || v.isUndefined() || v.isLoop();
    if (name == "sequence") return v.isList() || v.isDict() || v.isString() || v.isUndefined();
    if (name == "callable") return v.isFunc() || v.isUndefined(); // Undefined has __call__
    if (name == "lower" || name == "upper") return v.isString() && caseIs(v.str(), name == "upper");
    if (name == "filter" || name == "test") {
        if (!v.isString()) return false;
        return name == "filter" ? filterSupport(v.str()) != 0 : testSupport(v.str()) != 0;
    }
    if (name == "odd" || name == "even" || name == "divisibleby") {
        if (v.isUndefined()) undefinedError(env, v);
        if (!v.isNumber()) typeError(env, what + ": expected a number, got '" + typeName(v) + "'");
        if (name != "divisibleby") {
            bind(env, what, a, {});
            if (v.isFloat()) return std::fmod(std::fabs(v.number()), 2.0) == (name == "odd" ? 1.0 : 0.0);
            const std::int64_t i = v.isInt() ? v.integer() : std::int64_t(v.boolean());
            return ((i % 2 + 2) % 2 == 1) == (name == "odd");
        }
        auto p = bind(env, what, a, {"num"});
        if (!p[0] || !p[0]->isNumber()) typeError(env, what + " needs a number");
        if (v.isFloat() || p[0]->isFloat()) {
            const double d = toDouble(*p[0]);
            if (d == 0) env.error(ErrorKind::InvalidArgument, "float modulo by zero");
            return std::fmod(toDouble(v), d) == 0;
        }
        const std::int64_t d = p[0]->isInt() ? p[0]->integer() : std::int64_t(p[0]->boolean());
        if (d == 0) env.error(ErrorKind::InvalidArgument, "integer division or modulo by zero");
        const std::int64_t i = v.isInt() ? v.integer() : std::int64_t(v.boolean());
        return d == -1 || i % d == 0;
    }
    if (name == "eq" || name == "equalto") return equals(v, one());
    if (name == "ne") return !equals(v, one());
    if (name == "lt" || name == "lessthan" || name == "le" || name == "gt" || name == "greaterthan" ||
        name == "ge") {
        const Value o = one();
        if (v.isUndefined()) undefinedError(env, v);
        const int c = safeCompare(env, v, o);
        if (name == "lt" || name == "lessthan") return c < 0;
        if (name == "le") return c <= 0;
        if (name == "gt" || name == "greaterthan") return c > 0;
        return c >= 0;
    }
    if (name == "in") return contains(env, one(), v);
    if (name == "sameas") {
        const Value o = one();
        if (v.v.index() != o.v.index()) return false;
        if (v.isList()) return v.list() == o.list();
        if (v.isDict()) return v.dict() == o.dict();
        if (v.isNamespace() || v.isFunc() || v.isLoop()) return equals(v, o);
        return equals(v, o);
    }
    env.error(ErrorKind::Unsupported, "test '" + name + "' is not supported");
}

// ---- globals and methods ----

bool isGlobal(const std::string& name) {
    return name == "range" || name == "namespace" || name == "dict" || name == "raise_exception" ||
           name == "strftime_now" || name == "lipsum" || name == "cycler" || name == "joiner";
}

namespace {

void fillDict(const Env& env, DictObj& d, const CallArgs& a, const std::string& what) {
    if (a.args.size() > 1) typeError(env, what + " expected at most 1 positional argument");
    if (!a.args.empty()) {
        const Value& src = a.args[0];
        if (src.isDict()) {
            for (const auto& [k, v] : src.dict()->items) d.set(k, v);
        } else {
            for (const auto& pair : iterate(env, src)) {
                if (!pair.isList() || pair.list()->items.size() != 2)
                    typeError(env, what + ": each element must be a (key, value) pair");
                d.set(pair.list()->items[0], pair.list()->items[1]);
            }
        }
    }
    for (const auto& [k, v] : a.kwargs) d.set(Value(k), v);
}

std::string localStrftime(const std::string& format) {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    if (format.empty()) return "";
    std::string buf(256 + format.size() * 8, '\0');
    const std::size_t n = std::strftime(buf.data(), buf.size(), format.c_str(), &tm);
    buf.resize(n);
    return buf;
}

} // namespace

Value callBuiltin(const Env& env, const FuncObj& fn, const CallArgs& a) {
    if (fn.kind == FuncObj::Kind::Method) {
        const Value& self = fn.self;
        if (self.isString()) return strMethod(env, self.str(), fn.name, a);
        if (self.isDict()) return dictMethod(env, self, fn.name, a);
        if (self.isList()) return listMethod(env, self, fn.name, a);
        if (self.isLoop()) {
            if (fn.name == "cycle") {
                if (a.args.empty()) typeError(env, "loop.cycle() needs at least one item");
                return a.args[self.loop()->index0 % a.args.size()];
            }
            env.error(ErrorKind::Unsupported, "method 'loop." + fn.name + "' is not supported");
        }
        env.error(ErrorKind::Unsupported, "method '" + fn.name + "' is not supported");
    }
    const std::string& name = fn.name;
    if (name == "raise_exception") {
        auto p = bind(env, "raise_exception()", a, {"message"});
        throw Error(ErrorKind::InvalidArgument,
                    env.name + ": raise_exception: " + (p[0] ? toStr(*p[0]) : ""));
    }
    if (name == "range") {
        if (!a.kwargs.empty()) typeError(env, "range() takes no keyword arguments");
        if (a.args.empty() || a.args.size() > 3) typeError(env, "range expected 1 to 3 arguments");
        std::int64_t start = 0, stop = 0, step = 1;
        std::vector<std::int64_t> xs;
        for (const auto& x : a.args) {
            if (!x.isInt() && !x.isBool())
                typeError(env, "'" + typeName(x) + "' object cannot be interpreted as an integer");
            xs.push_back(x.isInt() ? x.integer() : std::int64_t(x.boolean()));
        }
        if (xs.size() == 1)
            stop = xs[0];
        else
            start = xs[0], stop = xs[1], step = xs.size() == 3 ? xs[2] : 1;
        if (step == 0) env.error(ErrorKind::InvalidArgument, "range() arg 3 must not be zero");
        // Jinja's sandbox caps range() at 100000 items.
        const double count = step > 0 ? std::ceil((double(stop) - double(start)) / double(step))
                                      : std::ceil((double(start) - double(stop)) / double(-step));
        if (count > 100000) env.error(ErrorKind::Resource, "range too big: the sandbox allows 100000 items");
        std::vector<Value> items;
        for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) items.emplace_back(i);
        return Value(makeList(std::move(items)));
    }
    if (name == "namespace") {
        auto ns = std::make_shared<NamespaceObj>();
        fillDict(env, ns->attrs, a, "namespace()");
        return Value(std::move(ns));
    }
    if (name == "dict") {
        auto d = makeDict();
        fillDict(env, *d, a, "dict()");
        return Value(std::move(d));
    }
    if (name == "strftime_now") {
        auto p = bind(env, "strftime_now()", a, {"format"});
        if (!p[0]) typeError(env, "strftime_now() needs a format");
        const std::string& f = argStr(env, *p[0], "strftime_now");
        return Value(env.opts.strftimeNow ? env.opts.strftimeNow(f) : localStrftime(f));
    }
    env.error(ErrorKind::Unsupported, "global '" + name + "' is not supported");
}

} // namespace owq::jinja
