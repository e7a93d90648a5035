// Shared by the built-ins (jinja_builtins.cpp) and the string functions (jinja_strings.cpp): argument
// binding with Python's rules and the str operations the filters reuse.
#pragma once

#include "chat_templates/jinja_ast.h"

#include <optional>

namespace owq::jinja {

[[noreturn]] inline void undefinedError(const Env& env, const Value& v) {
    env.error(ErrorKind::InvalidArgument, v.undefinedHint().empty() ? "undefined value" : v.undefinedHint());
}

[[noreturn]] inline void typeError(const Env& env, const std::string& what) {
    env.error(ErrorKind::InvalidArgument, what);
}

inline const Value* kwarg(const CallArgs& a, const char* key) {
    for (const auto& [k, v] : a.kwargs)
        if (k == key) return &v;
    return nullptr;
}

// Binds arguments to a Python signature; missing ones are nullopt.
inline std::vector<std::optional<Value>> bind(const Env& env, const std::string& what, const CallArgs& a,
                                              std::initializer_list<const char*> params) {
    std::vector<std::optional<Value>> out(params.size());
    if (a.args.size() > params.size())
        typeError(env, what + " takes at most " + std::to_string(params.size()) + " argument(s), " +
                           std::to_string(a.args.size()) + " given");
    for (std::size_t i = 0; i < a.args.size(); ++i) out[i] = a.args[i];
    for (const auto& [k, v] : a.kwargs) {
        std::size_t i = 0;
        for (const char* p : params) {
            if (k == p) break;
            ++i;
        }
        if (i == params.size()) typeError(env, what + " got an unexpected keyword argument '" + k + "'");
        if (out[i]) typeError(env, what + " got multiple values for argument '" + k + "'");
        out[i] = v;
    }
    return out;
}

inline bool argBool(const std::optional<Value>& v, bool dflt) {
    return v ? truthy(*v) : dflt;
}

inline std::int64_t argInt(const Env& env, const std::optional<Value>& v, std::int64_t dflt,
                           const char* what) {
    if (!v || v->isNone()) return dflt;
    if (v->isInt()) return v->integer();
    if (v->isBool()) return v->boolean() ? 1 : 0;
    typeError(env, std::string(what) + ": expected an integer, got '" + typeName(*v) + "'");
}

inline const std::string& argStr(const Env& env, const Value& v, const char* what) {
    if (!v.isString()) typeError(env, std::string(what) + ": expected a string, got '" + typeName(v) + "'");
    return v.str();
}

inline Value makeTuple(Value a, Value b) {
    return Value(makeList({std::move(a), std::move(b)}, true));
}

inline double toDouble(const Value& v) {
    if (v.isFloat()) return v.number();
    if (v.isInt()) return double(v.integer());
    return v.isBool() && v.boolean() ? 1.0 : 0.0;
}

// Python int(str, base) for base 10 (what templates use); nullopt when it would raise.

// ---- strings (jinja_strings.cpp) ----

std::uint32_t toUpperCp(std::uint32_t c);
std::uint32_t toLowerCp(std::uint32_t c);
bool isCased(std::uint32_t c);
std::string mapCase(const std::string& s, bool upper); // upper()/lower()
std::string capitalize(const std::string& s);
std::string jinjaTitle(const std::string& s);  // the title filter (not str.title)
bool caseIs(const std::string& s, bool upper); // str.isupper()/islower()
// str.strip(chars) and its left/right halves.
std::string pyStrip(const Env& env, const std::string& s, const std::optional<Value>& chars, bool left,
                    bool right);
std::string pyReplace(const std::string& s, const std::string& from, const std::string& to,
                      std::int64_t count);
std::vector<std::string> splitLines(const std::string& s, bool keepEnds);
// Python int(s, base) / float(s); nullopt where Python raises.
std::optional<std::int64_t> parseIntStr(const std::string& s, int base);
std::optional<double> parseFloatStr(const std::string& s);
std::string htmlEscape(const std::string& s);
// A str method by name; isStrMethod says whether Python's str has it (supported here or not).
bool isStrMethod(const std::string& name);
Value strMethod(const Env& env, const std::string& s, const std::string& m, const CallArgs& a);

} // namespace owq::jinja
