// The interpreter of the Jinja subset: statements, scopes, macros and Python's operators; the Template API.
#include "chat_templates/jinja_ast.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace owq::jinja {

namespace {

// One scope: the template's top level, a loop iteration, a macro call or a with block.
struct Frame {
    std::vector<std::pair<std::string, Value>> vars;
    Value* find(const std::string& name) {
        for (auto& [k, v] : vars)
            if (k == name) return &v;
        return nullptr;
    }
    void set(const std::string& name, Value v) {
        if (Value* p = find(name))
            *p = std::move(v);
        else
            vars.emplace_back(name, std::move(v));
    }
};

enum class Flow { Normal, Break, Continue };

constexpr int kMaxEvalDepth = 3000;
// Stack the render may use below its entry: frame sizes vary (sanitizers make them several times larger), so
// recursion (nested expressions, statements, macro calls) is bounded by bytes as well as by counts.
constexpr std::ptrdiff_t kStackBudget = std::ptrdiff_t(2) << 20;

std::int64_t asInt(const Value& v) {
    return v.isInt() ? v.integer() : std::int64_t(v.isBool() && v.boolean());
}
double asDouble(const Value& v) {
    return v.isFloat() ? v.number() : double(asInt(v));
}

class Renderer {
public:
    Renderer(const Program& program, const RenderOptions& opts) : prog_(program), opts_(opts) {}

    std::string run(const Value& context) {
        stackBase_ = static_cast<const char*>(__builtin_frame_address(0));
        if (context.isDict()) {
            for (const auto& [k, v] : context.dict()->items)
                if (k.isString()) root_.set(k.str(), v);
        } else if (!context.isNone()) {
            throw Error(ErrorKind::InvalidArgument,
                        prog_.name + ": the render context must be a JSON object");
        }
        chain_.push_back(&root_);
        std::string out;
        out_ = &out;
        exec(prog_.body);
        return out;
    }

private:
    Env env(SrcPos pos) const { return Env{prog_.name, pos, opts_}; }

    [[noreturn]] void error(ErrorKind kind, SrcPos pos, const std::string& what) const {
        fail(kind, prog_.name, pos, what);
    }

    void emit(const std::string& s, SrcPos pos) {
        if (out_->size() + s.size() > opts_.maxOutputBytes)
            error(ErrorKind::Resource, pos,
                  "rendered output exceeds " + std::to_string(opts_.maxOutputBytes) + " bytes");
        out_->append(s);
    }

    void checkSize(std::size_t n, SrcPos pos) const {
        if (n > opts_.maxOutputBytes)
            error(ErrorKind::Resource, pos,
                  "a value exceeds " + std::to_string(opts_.maxOutputBytes) + " bytes");
    }

    Value lookup(const std::string& name) {
        for (auto it = chain_.rbegin(); it != chain_.rend(); ++it)
            if (Value* v = (*it)->find(name)) return *v;
        if (isGlobal(name)) {
            auto f = std::make_shared<FuncObj>();
            f->kind = FuncObj::Kind::Global;
            f->name = name;
            return Value(std::move(f));
        }
        return Value(Undefined{"'" + name + "' is undefined"});
    }

    void assign(const std::string& name, Value v) { chain_.back()->set(name, std::move(v)); }

    void assignTargets(const Stmt& s, const Value& v, SrcPos pos) {
        if (!s.unpack) return assign(s.targets[0], v);
        const std::vector<Value> items = iterate(env(pos), v);
        if (items.size() != s.targets.size())
            error(ErrorKind::InvalidArgument, pos,
                  items.size() > s.targets.size()
                      ? "too many values to unpack (expected " + std::to_string(s.targets.size()) + ")"
                      : "not enough values to unpack (expected " + std::to_string(s.targets.size()) +
                            ", got " + std::to_string(items.size()) + ")");
        for (std::size_t i = 0; i < items.size(); ++i) assign(s.targets[i], items[i]);
    }

    // ---- statements ----

    Flow exec(const Body& body) {
        for (const auto& s : body) {
            Flow f = Flow::Normal;
            try {
                f = execStmt(*s);
            } catch (const std::length_error& e) {
                error(ErrorKind::Resource, s->pos, e.what()); // value nesting bound (makeList, DictObj::set)
            }
            if (f != Flow::Normal) return f;
        }
        return Flow::Normal;
    }

    std::string capture(const Body& body) {
        std::string buf;
        std::string* saved = out_;
        out_ = &buf;
        try {
            exec(body);
        } catch (...) {
            out_ = saved;
            throw;
        }
        out_ = saved;
        return buf;
    }

    Value applyBlockFilter(const Expr& filter, Value subject) {
        Value saved = std::move(blockSubject_);
        blockSubject_ = std::move(subject);
        Value r = eval(filter);
        blockSubject_ = std::move(saved);
        return r;
    }

    void enter(SrcPos pos) {
        const char* here = static_cast<const char*>(__builtin_frame_address(0));
        if (evalDepth_ >= kMaxEvalDepth || (here < stackBase_ && stackBase_ - here > kStackBudget))
            error(ErrorKind::Resource, pos, "template evaluation nested too deeply");
        ++evalDepth_;
    }

    Flow execStmt(const Stmt& s) {
        enter(s.pos);
        struct Leave {
            int& d;
            ~Leave() { --d; }
        } leave{evalDepth_};
        switch (s.kind) {
        case StmtKind::Text:
            emit(s.text, s.pos);
            return Flow::Normal;
        case StmtKind::Output: {
            const Value v = eval(*s.expr);
            if (v.isString())
                emit(v.str(), s.pos);
            else
                emit(toStr(v), s.pos);
            return Flow::Normal;
        }
        case StmtKind::If:
            for (const auto& [cond, body] : s.branches)
                if (!cond || truthy(eval(*cond))) return exec(body);
            return Flow::Normal;
        case StmtKind::For:
            return execFor(s);
        case StmtKind::Set: {
            Value v = eval(*s.expr);
            if (!s.attr.empty()) {
                const Value ns = lookup(s.targets[0]);
                if (!ns.isNamespace())
                    error(ErrorKind::InvalidArgument, s.pos,
                          "cannot assign attribute on non-namespace object");
                // A namespace holding itself would be a reference cycle (leaked, and endless to print).
                if (reaches(v, ns.ns().get()))
                    error(ErrorKind::Unsupported, s.pos, "a namespace cannot contain itself");
                ns.ns()->attrs.set(Value(s.attr), std::move(v));
            } else {
                assignTargets(s, v, s.pos);
            }
            return Flow::Normal;
        }
        case StmtKind::SetBlock: {
            Value v(capture(s.body));
            if (s.filter) v = applyBlockFilter(*s.filter, std::move(v));
            assign(s.targets[0], std::move(v));
            return Flow::Normal;
        }
        case StmtKind::Macro: {
            auto f = std::make_shared<FuncObj>();
            f->kind = FuncObj::Kind::Macro;
            f->name = s.text;
            f->macro = &s;
            assign(s.text, Value(std::move(f)));
            return Flow::Normal;
        }
        case StmtKind::Break:
            return Flow::Break;
        case StmtKind::Continue:
            return Flow::Continue;
        case StmtKind::With: {
            Frame frame;
            for (std::size_t i = 0; i < s.targets.size(); ++i) frame.set(s.targets[i], eval(*s.values[i]));
            chain_.push_back(&frame);
            Flow f = Flow::Normal;
            try {
                f = exec(s.body);
            } catch (...) {
                chain_.pop_back();
                throw;
            }
            chain_.pop_back();
            return f;
        }
        case StmtKind::FilterBlock: {
            const Value v = applyBlockFilter(*s.filter, Value(capture(s.body)));
            emit(toStr(v), s.pos);
            return Flow::Normal;
        }
        }
        return Flow::Normal;
    }

    Flow execFor(const Stmt& s) {
        const Value seq = eval(*s.expr);
        std::vector<Value> items = iterate(env(s.expr->pos), seq);
        Frame frame;
        chain_.push_back(&frame);
        struct Pop {
            std::vector<Frame*>& chain;
            ~Pop() { chain.pop_back(); }
        } pop{chain_};
        if (s.cond) {
            std::vector<Value> kept;
            for (auto& item : items) {
                frame.vars.clear();
                assignTargets(s, item, s.pos);
                if (truthy(eval(*s.cond))) kept.push_back(std::move(item));
            }
            items = std::move(kept);
        }
        if (items.empty()) {
            frame.vars.clear();
            return exec(s.elseBody); // a break here belongs to an enclosing loop
        }
        auto loop = std::make_shared<LoopObj>();
        loop->items = makeList(std::move(items));
        const Value loopValue(loop);
        const auto& list = loop->items->items;
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (++iterations_ > opts_.maxLoopIterations)
                error(ErrorKind::Resource, s.pos,
                      "more than " + std::to_string(opts_.maxLoopIterations) + " loop iterations");
            // Each iteration starts a fresh scope: Jinja does not carry a loop body's sets over.
            frame.vars.clear();
            loop->index0 = i;
            assignTargets(s, list[i], s.pos);
            frame.set("loop", loopValue);
            if (exec(s.body) == Flow::Break) break;
        }
        return Flow::Normal;
    }

    static bool reaches(const Value& v, const NamespaceObj* target) {
        if (v.isNamespace()) {
            if (v.ns().get() == target) return true;
            for (const auto& kv : v.ns()->attrs.items)
                if (reaches(kv.second, target)) return true;
        } else if (v.isList()) {
            for (const auto& x : v.list()->items)
                if (reaches(x, target)) return true;
        } else if (v.isDict()) {
            for (const auto& kv : v.dict()->items)
                if (reaches(kv.first, target) || reaches(kv.second, target)) return true;
        } else if (v.isFunc()) {
            return reaches(v.func()->self, target);
        } else if (v.isLoop()) {
            for (const auto& x : v.loop()->items->items)
                if (reaches(x, target)) return true;
        }
        return false;
    }

    // ---- expressions ----

    Value eval(const Expr& e) {
        // Recursion through expressions and macro calls together: bounded well inside an 8 MiB stack.
        enter(e.pos);
        struct Leave {
            int& d;
            ~Leave() { --d; }
        } leave{evalDepth_};
        return evalNode(e);
    }

    Value evalNode(const Expr& e) {
        switch (e.kind) {
        case ExprKind::Literal:
            return e.literal;
        case ExprKind::Name:
            return lookup(e.name);
        case ExprKind::List:
        case ExprKind::Tuple: {
            std::vector<Value> items;
            items.reserve(e.args.size());
            for (const auto& a : e.args) items.push_back(eval(*a));
            return Value(makeList(std::move(items), e.kind == ExprKind::Tuple));
        }
        case ExprKind::Dict: {
            auto d = makeDict();
            for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
                Value k = eval(*e.args[i]);
                if (k.isList() && !k.list()->tuple)
                    error(ErrorKind::InvalidArgument, e.pos, "unhashable type: 'list'");
                if (k.isDict()) error(ErrorKind::InvalidArgument, e.pos, "unhashable type: 'dict'");
                d->set(std::move(k), eval(*e.args[i + 1]));
            }
            return Value(std::move(d));
        }
        case ExprKind::GetAttr:
            return getAttr(env(e.pos), eval(*e.args[0]), e.name);
        case ExprKind::GetItem: {
            const Value obj = eval(*e.args[0]);
            return getItem(env(e.pos), obj, eval(*e.args[1]));
        }
        case ExprKind::Slice: {
            const Value obj = eval(*e.args[0]);
            auto part = [&](const ExprPtr& p) { return p ? eval(*p) : Value(NoneType{}); };
            const Value a = part(e.args[1]), b = part(e.args[2]), c = part(e.args[3]);
            return getSlice(env(e.pos), obj, a, b, c);
        }
        case ExprKind::Call:
            return evalCall(e);
        case ExprKind::Filter: {
            if (e.unsupported)
                error(ErrorKind::Unsupported, e.pos, "filter '" + e.name + "' is not supported");
            const Value subject = e.args[0] ? eval(*e.args[0]) : blockSubject_;
            return applyFilter(env(e.pos), e.name, subject, evalArgs(e));
        }
        case ExprKind::Test: {
            if (e.unsupported) error(ErrorKind::Unsupported, e.pos, "test '" + e.name + "' is not supported");
            const Value subject = eval(*e.args[0]);
            return Value(applyTest(env(e.pos), e.name, subject, evalArgs(e)) != e.negated);
        }
        case ExprKind::Unary:
            return evalUnary(e);
        case ExprKind::Binary: {
            const Value a = eval(*e.args[0]);
            const Value b = eval(*e.args[1]);
            return binary(e.name, a, b, e.pos);
        }
        case ExprKind::Compare: {
            Value left = eval(*e.args[0]);
            for (std::size_t i = 0; i < e.ops.size(); ++i) {
                Value right = eval(*e.args[i + 1]);
                if (!compareOp(e.ops[i], left, right, e.pos)) return Value(false);
                left = std::move(right);
            }
            return Value(true);
        }
        case ExprKind::And: {
            Value l = eval(*e.args[0]);
            return truthy(l) ? eval(*e.args[1]) : l;
        }
        case ExprKind::Or: {
            Value l = eval(*e.args[0]);
            return truthy(l) ? l : eval(*e.args[1]);
        }
        case ExprKind::CondExpr:
            if (truthy(eval(*e.args[0]))) return eval(*e.args[1]);
            if (e.args[2]) return eval(*e.args[2]);
            return Value(
                Undefined{"the inline if-expression evaluated to false and no else section was defined"});
        }
        return Value();
    }

    // Positional arguments follow the subject in args[1..] (filters, tests, calls alike).
    CallArgs evalArgs(const Expr& e) {
        CallArgs a;
        a.args.reserve(e.args.size());
        for (std::size_t i = 1; i < e.args.size(); ++i) a.args.push_back(eval(*e.args[i]));
        for (const auto& [k, v] : e.kwargs) a.kwargs.emplace_back(k, eval(*v));
        return a;
    }

    Value evalCall(const Expr& e) {
        const Value callee = eval(*e.args[0]);
        if (callee.isUndefined())
            error(ErrorKind::InvalidArgument, e.pos,
                  callee.undefinedHint().empty() ? "undefined value is not callable"
                                                 : callee.undefinedHint());
        if (!callee.isFunc())
            error(ErrorKind::InvalidArgument, e.pos, "'" + typeName(callee) + "' object is not callable");
        CallArgs args = evalArgs(e);
        const FuncObj& fn = *callee.func();
        if (fn.kind == FuncObj::Kind::Macro) return callMacro(fn, std::move(args), e.pos);
        return callBuiltin(env(e.pos), fn, args);
    }

    Value callMacro(const FuncObj& fn, CallArgs args, SrcPos pos) {
        const Stmt& m = *fn.macro;
        if (macroDepth_ >= opts_.maxMacroDepth)
            error(ErrorKind::Resource, pos,
                  "macro calls nested deeper than " + std::to_string(opts_.maxMacroDepth));
        Frame local;
        std::vector<Frame*> chain{&root_, &local};
        std::swap(chain, chain_);
        ++macroDepth_;
        struct Restore {
            Renderer& r;
            std::vector<Frame*>& saved;
            ~Restore() {
                std::swap(saved, r.chain_);
                --r.macroDepth_;
            }
        } restore{*this, chain};
        std::vector<bool> given(m.targets.size(), false);
        for (std::size_t i = 0; i < m.targets.size() && i < args.args.size(); ++i) {
            local.set(m.targets[i], args.args[i]);
            given[i] = true;
        }
        auto kw = makeDict();
        for (auto& [k, v] : args.kwargs) {
            bool matched = false;
            for (std::size_t i = 0; i < m.targets.size(); ++i)
                if (m.targets[i] == k) {
                    if (given[i])
                        error(ErrorKind::InvalidArgument, pos,
                              "macro '" + m.text + "' got multiple values for argument '" + k + "'");
                    local.set(k, std::move(v));
                    given[i] = matched = true;
                    break;
                }
            if (!matched) kw->set(Value(k), std::move(v));
        }
        // Defaults are evaluated in the macro's scope, so they may refer to earlier parameters.
        for (std::size_t i = 0; i < m.targets.size(); ++i)
            if (!given[i])
                local.set(m.targets[i], m.values[i]
                                            ? eval(*m.values[i])
                                            : Value(Undefined{"'" + m.targets[i] + "' is undefined"}));
        std::vector<Value> extra;
        for (std::size_t i = m.targets.size(); i < args.args.size(); ++i) extra.push_back(args.args[i]);
        local.set("varargs", Value(makeList(std::move(extra), true)));
        local.set("kwargs", Value(std::move(kw)));
        return Value(capture(m.body));
    }

    Value evalUnary(const Expr& e) {
        const Value v = eval(*e.args[0]);
        if (e.name == "not") return Value(!truthy(v));
        if (v.isUndefined())
            error(ErrorKind::InvalidArgument, e.pos,
                  v.undefinedHint().empty() ? "undefined value" : v.undefinedHint());
        if (!v.isNumber())
            error(ErrorKind::InvalidArgument, e.pos,
                  "bad operand type for unary " + e.name + ": '" + typeName(v) + "'");
        if (e.name == "+") return v.isBool() ? Value(asInt(v)) : v;
        if (v.isFloat()) return Value(-v.number());
        if (asInt(v) == std::numeric_limits<std::int64_t>::min()) overflow(e.pos);
        return Value(-asInt(v));
    }

    [[noreturn]] void overflow(SrcPos pos) const {
        error(ErrorKind::Unsupported, pos, "integer overflow (Python big integers are not supported)");
    }

    [[noreturn]] void operandError(const std::string& op, const Value& a, const Value& b, SrcPos pos) const {
        if (a.isUndefined() || b.isUndefined()) {
            const std::string& hint = a.isUndefined() ? a.undefinedHint() : b.undefinedHint();
            error(ErrorKind::InvalidArgument, pos, hint.empty() ? "undefined value" : hint);
        }
        if (op == "+" && a.isString())
            error(ErrorKind::InvalidArgument, pos,
                  "can only concatenate str (not \"" + typeName(b) + "\") to str");
        if (op == "+" && a.isList() && !a.list()->tuple)
            error(ErrorKind::InvalidArgument, pos,
                  "can only concatenate list (not \"" + typeName(b) + "\") to list");
        error(ErrorKind::InvalidArgument, pos,
              "unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    Value repeat(const Value& seq, std::int64_t n, SrcPos pos) {
        if (n < 0) n = 0;
        if (seq.isString()) {
            if (!seq.str().empty() && std::uint64_t(n) > opts_.maxOutputBytes / seq.str().size())
                checkSize(SIZE_MAX, pos);
            std::string out;
            out.reserve(seq.str().size() * std::size_t(n));
            for (std::int64_t i = 0; i < n; ++i) out += seq.str();
            return Value(std::move(out));
        }
        const auto& items = seq.list()->items;
        if (!items.empty() && std::uint64_t(n) > opts_.maxOutputBytes / items.size())
            checkSize(SIZE_MAX, pos);
        std::vector<Value> out;
        for (std::int64_t i = 0; i < n; ++i) out.insert(out.end(), items.begin(), items.end());
        return Value(makeList(std::move(out), seq.list()->tuple));
    }

    Value binary(const std::string& op, const Value& a, const Value& b, SrcPos pos) {
        if (op == "~") {
            std::string s = toStr(a);
            const std::string t = toStr(b);
            checkSize(s.size() + t.size(), pos);
            return Value(s += t);
        }
        const bool nums = a.isNumber() && b.isNumber();
        const bool ints = nums && !a.isFloat() && !b.isFloat();
        if (op == "+") {
            if (ints) {
                std::int64_t r = 0;
                if (__builtin_add_overflow(asInt(a), asInt(b), &r)) overflow(pos);
                return Value(r);
            }
            if (nums) return Value(asDouble(a) + asDouble(b));
            if (a.isString() && b.isString()) {
                checkSize(a.str().size() + b.str().size(), pos);
                return Value(a.str() + b.str());
            }
            if (a.isList() && b.isList() && a.list()->tuple == b.list()->tuple) {
                checkSize(a.list()->items.size() + b.list()->items.size(), pos);
                std::vector<Value> items = a.list()->items;
                items.insert(items.end(), b.list()->items.begin(), b.list()->items.end());
                return Value(makeList(std::move(items), a.list()->tuple));
            }
            operandError(op, a, b, pos);
        }
        if (op == "-") {
            if (ints) {
                std::int64_t r = 0;
                if (__builtin_sub_overflow(asInt(a), asInt(b), &r)) overflow(pos);
                return Value(r);
            }
            if (nums) return Value(asDouble(a) - asDouble(b));
            operandError(op, a, b, pos);
        }
        if (op == "*") {
            if (ints) {
                std::int64_t r = 0;
                if (__builtin_mul_overflow(asInt(a), asInt(b), &r)) overflow(pos);
                return Value(r);
            }
            if (nums) return Value(asDouble(a) * asDouble(b));
            if ((a.isString() || a.isList()) && (b.isInt() || b.isBool())) return repeat(a, asInt(b), pos);
            if ((b.isString() || b.isList()) && (a.isInt() || a.isBool())) return repeat(b, asInt(a), pos);
            operandError(op, a, b, pos);
        }
        if (op == "/") {
            if (!nums) operandError(op, a, b, pos);
            if (asDouble(b) == 0) error(ErrorKind::InvalidArgument, pos, "division by zero");
            return Value(asDouble(a) / asDouble(b));
        }
        if (op == "//" || op == "%") {
            if (op == "%" && a.isString()) return Value(percentFormat(env(pos), a.str(), b));
            if (!nums) operandError(op, a, b, pos);
            if (ints) {
                const std::int64_t x = asInt(a), y = asInt(b);
                if (y == 0) error(ErrorKind::InvalidArgument, pos, "integer division or modulo by zero");
                if (x == std::numeric_limits<std::int64_t>::min() && y == -1) {
                    if (op == "%") return Value(std::int64_t(0));
                    overflow(pos);
                }
                std::int64_t q = x / y, r = x % y;
                if (r != 0 && ((r < 0) != (y < 0))) {
                    --q;
                    r += y;
                }
                return Value(op == "//" ? q : r);
            }
            const double x = asDouble(a), y = asDouble(b);
            if (y == 0)
                error(ErrorKind::InvalidArgument, pos,
                      op == "%" ? "float modulo" : "float floor division by zero");
            // CPython's float_divmod.
            double mod = std::fmod(x, y);
            double div = (x - mod) / y;
            if (mod != 0) {
                if ((y < 0) != (mod < 0)) {
                    mod += y;
                    div -= 1.0;
                }
            } else {
                mod = std::copysign(0.0, y);
            }
            double floordiv = 0;
            if (div != 0) {
                floordiv = std::floor(div);
                if (div - floordiv > 0.5) floordiv += 1.0;
            } else {
                floordiv = std::copysign(0.0, x / y);
            }
            return Value(op == "//" ? floordiv : mod);
        }
        if (op == "**") {
            if (!nums) operandError(op, a, b, pos);
            if (ints && asInt(b) >= 0) {
                std::int64_t base = asInt(a), e = asInt(b), r = 1;
                while (e > 0) {
                    if (e & 1)
                        if (__builtin_mul_overflow(r, base, &r)) overflow(pos);
                    e >>= 1;
                    if (e > 0 && __builtin_mul_overflow(base, base, &base)) overflow(pos);
                }
                return Value(r);
            }
            const double x = asDouble(a), y = asDouble(b);
            if (x == 0 && y < 0)
                error(ErrorKind::InvalidArgument, pos, "0.0 cannot be raised to a negative power");
            if (x < 0 && y != std::floor(y))
                error(ErrorKind::Unsupported, pos, "complex numbers are not supported");
            return Value(std::pow(x, y));
        }
        error(ErrorKind::Unsupported, pos, "operator '" + op + "' is not supported");
    }

    bool compareOp(const std::string& op, const Value& a, const Value& b, SrcPos pos) {
        if (op == "==") return equals(a, b);
        if (op == "!=") return !equals(a, b);
        if (op == "in") return contains(env(pos), b, a);
        if (op == "not in") return !contains(env(pos), b, a);
        if (a.isUndefined() || b.isUndefined()) operandError(op, a, b, pos);
        int c = 0;
        try {
            c = compare(a, b);
        } catch (const std::invalid_argument&) {
            error(ErrorKind::InvalidArgument, pos,
                  "'" + op + "' not supported between instances of '" + typeName(a) + "' and '" +
                      typeName(b) + "'");
        }
        if (op == "<") return c < 0;
        if (op == "<=") return c <= 0;
        if (op == ">") return c > 0;
        return c >= 0;
    }

    const Program& prog_;
    const RenderOptions& opts_;
    Frame root_;
    std::vector<Frame*> chain_;
    std::string* out_ = nullptr;
    Value blockSubject_;
    int macroDepth_ = 0;
    int evalDepth_ = 0; // eval() and execStmt() frames on the stack
    const char* stackBase_ = nullptr;
    std::size_t iterations_ = 0;
};

template <class J>
std::string renderJson(const Program& program, const J& context, const RenderOptions& options) {
    if (!context.is_object() && !context.is_null())
        throw Error(ErrorKind::InvalidArgument, program.name + ": the render context must be a JSON object");
    Value ctx;
    try {
        ctx = fromJson(context);
    } catch (const std::length_error& e) {
        throw Error(ErrorKind::InvalidArgument, program.name + ": render context: " + e.what());
    }
    Renderer r(program, options);
    return r.run(ctx);
}

} // namespace

Template Template::parse(const std::string& source, const std::string& name) {
    return Template(parseProgram(source, name));
}

std::string Template::render(const nlohmann::json& context) const {
    return renderJson(*program_, context, RenderOptions{});
}

std::string Template::render(const nlohmann::json& context, const RenderOptions& options) const {
    return renderJson(*program_, context, options);
}

std::string Template::renderOrdered(const nlohmann::ordered_json& context,
                                    const RenderOptions& options) const {
    return renderJson(*program_, context, options);
}

const std::string& Template::name() const {
    return program_->name;
}

} // namespace owq::jinja
