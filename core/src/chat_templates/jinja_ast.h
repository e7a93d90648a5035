// Internal types of the Jinja subset: source positions, tokens, run-time values and the syntax tree.
#pragma once

#include "chat_templates/jinja.h"
#include "owq/error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace owq::jinja {

struct SrcPos {
    int line = 1;
    int col = 1;
};

// Throws Error(kind, "<name>:<line>:<col>: <what>").
[[noreturn]] void fail(ErrorKind kind, const std::string& name, SrcPos pos, const std::string& what);

// ---- tokens ----

enum class TokType {
    Text,
    VarBegin,
    VarEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    End
};

struct Token {
    TokType type = TokType::End;
    std::string text; // Text data, name, decoded string literal, operator
    std::int64_t integer = 0;
    double number = 0;
    SrcPos pos;
};

// Splits a template into text and tag tokens, applying trim_blocks/lstrip_blocks and "-"/"+" controls.
std::vector<Token> tokenize(const std::string& source, const std::string& name);

// ---- values ----

struct Value;
struct ListObj;
struct DictObj;
struct NamespaceObj;
struct FuncObj;
struct LoopObj;

// Jinja's Undefined; `hint` is the message UndefinedError would give ("'x' is undefined").
struct Undefined {
    std::string hint;
};
struct NoneType {};

struct Value {
    std::variant<Undefined, NoneType, bool, std::int64_t, double, std::string, std::shared_ptr<ListObj>,
                 std::shared_ptr<DictObj>, std::shared_ptr<NamespaceObj>, std::shared_ptr<FuncObj>,
                 std::shared_ptr<LoopObj>>
        v;

    Value() = default;
    Value(Undefined u) : v(std::move(u)) {}
    Value(NoneType n) : v(n) {}
    Value(bool b) : v(b) {}
    Value(std::int64_t i) : v(i) {}
    Value(int i) : v(std::int64_t(i)) {}
    Value(double d) : v(d) {}
    Value(std::string s) : v(std::move(s)) {}
    Value(const char* s) : v(std::string(s)) {}
    Value(std::shared_ptr<ListObj> l) : v(std::move(l)) {}
    Value(std::shared_ptr<DictObj> d) : v(std::move(d)) {}
    Value(std::shared_ptr<NamespaceObj> n) : v(std::move(n)) {}
    Value(std::shared_ptr<FuncObj> f) : v(std::move(f)) {}
    Value(std::shared_ptr<LoopObj> l) : v(std::move(l)) {}

    bool isUndefined() const { return std::holds_alternative<Undefined>(v); }
    bool isNone() const { return std::holds_alternative<NoneType>(v); }
    bool isBool() const { return std::holds_alternative<bool>(v); }
    bool isInt() const { return std::holds_alternative<std::int64_t>(v); }
    bool isFloat() const { return std::holds_alternative<double>(v); }
    bool isNumber() const { return isInt() || isFloat() || isBool(); } // bool is an int in Python
    bool isString() const { return std::holds_alternative<std::string>(v); }
    bool isList() const { return std::holds_alternative<std::shared_ptr<ListObj>>(v); }
    bool isDict() const { return std::holds_alternative<std::shared_ptr<DictObj>>(v); }
    bool isNamespace() const { return std::holds_alternative<std::shared_ptr<NamespaceObj>>(v); }
    bool isFunc() const { return std::holds_alternative<std::shared_ptr<FuncObj>>(v); }
    bool isLoop() const { return std::holds_alternative<std::shared_ptr<LoopObj>>(v); }

    bool boolean() const { return std::get<bool>(v); }
    std::int64_t integer() const { return std::get<std::int64_t>(v); }
    double number() const { return std::get<double>(v); }
    const std::string& str() const { return std::get<std::string>(v); }
    const std::shared_ptr<ListObj>& list() const { return std::get<std::shared_ptr<ListObj>>(v); }
    const std::shared_ptr<DictObj>& dict() const { return std::get<std::shared_ptr<DictObj>>(v); }
    const std::shared_ptr<NamespaceObj>& ns() const { return std::get<std::shared_ptr<NamespaceObj>>(v); }
    const std::shared_ptr<FuncObj>& func() const { return std::get<std::shared_ptr<FuncObj>>(v); }
    const std::shared_ptr<LoopObj>& loop() const { return std::get<std::shared_ptr<LoopObj>>(v); }
    const std::string& undefinedHint() const { return std::get<Undefined>(v).hint; }
};

// Containers record their nesting depth: destruction, repr and equality recurse over it, so makeList and
// DictObj::set throw std::length_error past kMaxValueDepth (the renderer reports it as Error(Resource)).
constexpr int kMaxValueDepth = 1000;
int valueDepth(const Value& v);

struct ListObj {
    std::vector<Value> items;
    int depth = 1;
    bool tuple = false;
    const char* view = nullptr; // "dict_items" etc.: a list that prints as Python's dict view
};

// Insertion-ordered like a Python dict; chat-template dicts are small, so lookups are linear.
struct DictObj {
    std::vector<std::pair<Value, Value>> items;
    int depth = 1;
    const Value* find(const Value& key) const;
    void set(Value key, Value value);
};

struct NamespaceObj {
    DictObj attrs;
};

struct Stmt;

// Something callable: a macro, a global function or a method bound to its object.
struct FuncObj {
    enum class Kind { Macro, Global, Method };
    Kind kind = Kind::Global;
    std::string name;
    const Stmt* macro = nullptr;
    Value self;
};

// The `loop` variable; one object per for statement, advanced in place as Jinja's LoopContext is.
struct LoopObj {
    std::shared_ptr<ListObj> items;
    std::size_t index0 = 0;
    int depth0 = 0; // recursive loops are outside the subset, so always 0
};

std::shared_ptr<ListObj> makeList(std::vector<Value> items = {}, bool tuple = false);
std::shared_ptr<DictObj> makeDict();

// Python semantics.
bool truthy(const Value& v);
std::string toStr(const Value& v);  // str(v); undefined is ""
std::string toRepr(const Value& v); // repr(v)
std::string typeName(const Value& v);
std::string floatRepr(double d);
bool equals(const Value& a, const Value& b);
// <0, 0, >0; throws std::invalid_argument when the types do not order.
int compare(const Value& a, const Value& b);

Value fromJson(const nlohmann::json& j);
Value fromJson(const nlohmann::ordered_json& j);
// json.dumps(v, ensure_ascii, indent, separators, sort_keys); indent < 0 means None. Throws
// std::invalid_argument for what json.dumps rejects.
struct DumpOptions {
    bool ensureAscii = false;
    bool hasIndent = false;
    std::string indent;
    bool hasSeparators = false;
    std::string itemSep = ", ";
    std::string keySep = ": ";
    bool sortKeys = false;
};
std::string dumpJson(const Value& v, const DumpOptions& opts);

// UTF-8 as Python code points (strings index, slice and count by code point).
std::vector<std::uint32_t> decodeUtf8(const std::string& s);
std::string encodeUtf8(const std::vector<std::uint32_t>& cps);
void appendUtf8(std::string& out, std::uint32_t cp);
std::size_t codepointCount(const std::string& s);
bool isPySpace(std::uint32_t cp);

// ---- syntax tree ----

enum class ExprKind {
    Literal,
    Name,
    List,
    Tuple,
    Dict,    // args: key, value, key, value, ...
    GetAttr, // args[0] . name
    GetItem, // args[0] [ args[1] ]
    Slice,   // args[0] [ args[1] : args[2] : args[3] ] (null parts allowed)
    Call,    // args[0] ( args[1..], kwargs )
    Filter,  // args[0] | name ( args[1..], kwargs ); args[0] null in a filter block
    Test,    // args[0] is [not] name ( args[1..] )
    Unary,   // name: "-", "+", "not"
    Binary,  // name: + - * / // % ** ~
    Compare, // args[0] ops[0] args[1] ops[1] args[2] ...
    And,
    Or,
    CondExpr, // args[1] if args[0] else args[2] (args[2] may be null)
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
    ExprKind kind = ExprKind::Literal;
    SrcPos pos;
    std::string name;
    Value literal;
    std::vector<ExprPtr> args;
    std::vector<std::pair<std::string, ExprPtr>> kwargs;
    std::vector<std::string> ops;
    bool negated = false;     // "is not"
    bool unsupported = false; // a Jinja filter/test outside the subset: fails when evaluated
    int height = 1;           // longest path to a leaf (bounded by the parser)
};

enum class StmtKind { Text, Output, If, For, Set, SetBlock, Macro, Break, Continue, With, FilterBlock };

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Stmt {
    StmtKind kind = StmtKind::Text;
    SrcPos pos;
    std::string text;                 // Text: the data; Macro: its name
    ExprPtr expr;                     // Output, For iterable, Set value
    std::vector<std::string> targets; // For/Set/SetBlock names; With names; Macro parameters
    std::string attr;                 // Set ns.attr: targets[0] is the namespace
    bool unpack = false;              // targets written as a tuple
    ExprPtr cond;                     // For "if" filter
    ExprPtr filter;                   // SetBlock / FilterBlock filter chain (innermost subject null)
    std::vector<ExprPtr> values;      // With values; Macro defaults (null where none)
    std::vector<std::pair<ExprPtr, Body>> branches; // If: (condition or null for else, body)
    Body body;
    Body elseBody; // For else
};

struct Program {
    std::string name;
    Body body;
};

std::shared_ptr<const Program> parseProgram(const std::string& source, const std::string& name);

// Filters and tests Jinja 3.1 knows: 0 unknown to Jinja, 1 supported here, 2 known but not supported here.
int filterSupport(const std::string& name);
int testSupport(const std::string& name);

// ---- built-ins (jinja_builtins.cpp; percentFormat in jinja_strings.cpp) ----

// Where a built-in runs, for its error messages, and the render's options.
struct Env {
    const std::string& name;
    SrcPos pos;
    const RenderOptions& opts;
    [[noreturn]] void error(ErrorKind kind, const std::string& what) const { fail(kind, name, pos, what); }
};

struct CallArgs {
    std::vector<Value> args;
    std::vector<std::pair<std::string, Value>> kwargs;
};

// Jinja's sandboxed getattr/getitem: a missing attribute or item is undefined; dicts fall back from
// attributes to items and back; a Python method comes back as a bound FuncObj.
Value getAttr(const Env& env, const Value& obj, const std::string& attr);
Value getItem(const Env& env, const Value& obj, const Value& key);
Value getSlice(const Env& env, const Value& obj, const Value& start, const Value& stop, const Value& step);
// Python iteration: list/tuple items, dict keys, string characters; undefined iterates as empty.
std::vector<Value> iterate(const Env& env, const Value& v);
bool contains(const Env& env, const Value& container, const Value& item);

Value applyFilter(const Env& env, const std::string& name, const Value& subject, const CallArgs& args);
bool applyTest(const Env& env, const std::string& name, const Value& subject, const CallArgs& args);
// A global function or bound method (not a macro: the evaluator runs those).
Value callBuiltin(const Env& env, const FuncObj& fn, const CallArgs& args);
// Python's printf-style "fmt % args" (also the format filter): %s %r %d %i %f %e %g %x %% with flags,
// width and precision; args is a tuple, a mapping for %(key)s, or one value.
std::string percentFormat(const Env& env, const std::string& fmt, const Value& args);
// range, namespace, dict, raise_exception, strftime_now and the Jinja globals outside the subset.
bool isGlobal(const std::string& name);

} // namespace owq::jinja
