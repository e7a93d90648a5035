// Recursive-descent parser of the Jinja subset, following Jinja2 3.1's grammar and operator precedence.
#include "chat_templates/jinja_ast.h"

#include <algorithm>

namespace owq::jinja {

namespace {

constexpr int kMaxNesting = 200;    // parser recursion (brackets, blocks): deeper is no chat template
constexpr int kMaxExprHeight = 400; // operator chains included (a + b + c ...)

class Parser {
public:
    Parser(std::vector<Token> tokens, const std::string& name) : toks_(std::move(tokens)), name_(name) {}

    Body parseTemplate() {
        std::string which;
        return parseUntil({}, &which);
    }

private:
    // ---- token helpers ----
    const Token& cur() const { return toks_[i_]; }
    const Token& peek(std::size_t k = 1) const { return toks_[std::min(i_ + k, toks_.size() - 1)]; }
    void next() {
        if (i_ + 1 < toks_.size()) ++i_;
    }
    bool isOp(const char* op) const { return cur().type == TokType::Operator && cur().text == op; }
    bool isName(const char* n) const { return cur().type == TokType::Name && cur().text == n; }
    bool skipOp(const char* op) {
        if (!isOp(op)) return false;
        next();
        return true;
    }
    bool skipName(const char* n) {
        if (!isName(n)) return false;
        next();
        return true;
    }

    static std::string describe(const Token& t) {
        switch (t.type) {
        case TokType::Text:
            return "template text";
        case TokType::VarBegin:
            return "'{{'";
        case TokType::VarEnd:
            return "'}}'";
        case TokType::BlockBegin:
            return "'{%'";
        case TokType::BlockEnd:
            return "'%}'";
        case TokType::Name:
            return "'" + t.text + "'";
        case TokType::String:
            return "a string";
        case TokType::Integer:
        case TokType::Float:
            return "a number";
        case TokType::Operator:
            return "'" + t.text + "'";
        case TokType::End:
            return "end of template";
        }
        return "a token";
    }

    [[noreturn]] void syntaxError(const std::string& what) const {
        fail(ErrorKind::Format, name_, cur().pos, what);
    }
    [[noreturn]] void unsupported(SrcPos pos, const std::string& what) const {
        fail(ErrorKind::Unsupported, name_, pos, what);
    }

    void expectOp(const char* op) {
        if (!skipOp(op)) syntaxError(std::string("expected '") + op + "', found " + describe(cur()));
    }
    std::string expectName() {
        if (cur().type != TokType::Name) syntaxError("expected a name, found " + describe(cur()));
        std::string n = cur().text;
        next();
        return n;
    }
    void expectBlockEnd() {
        if (cur().type != TokType::BlockEnd) syntaxError("expected '%}', found " + describe(cur()));
        next();
    }

    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > kMaxNesting)
                fail(ErrorKind::Resource, p.name_, p.cur().pos, "template nesting is too deep");
        }
        ~DepthGuard() { --p.depth_; }
    };

    // Records a finished node's height: evaluation and destruction recurse over it, so it is bounded.
    ExprPtr done(ExprPtr e) {
        int h = 0;
        for (const auto& a : e->args)
            if (a) h = std::max(h, a->height);
        for (const auto& kv : e->kwargs) h = std::max(h, kv.second->height);
        e->height = h + 1;
        if (e->height > kMaxExprHeight)
            fail(ErrorKind::Resource, name_, e->pos, "expression nested too deeply");
        return e;
    }

    static ExprPtr make(ExprKind kind, SrcPos pos) {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->pos = pos;
        return e;
    }

    // ---- statements ----

    // Parses until a "{% <one of ends> " tag; consumes "{%" and the end name and returns the name in *which.
    Body parseUntil(const std::vector<std::string>& ends, std::string* which) {
        DepthGuard guard(*this);
        Body body;
        while (true) {
            const Token& t = cur();
            if (t.type == TokType::End) {
                if (ends.empty()) return body;
                std::string expected;
                for (const auto& e : ends) expected += (expected.empty() ? "'" : " or '") + e + "'";
                std::string opener;
                if (!open_.empty())
                    opener = " to close the '{% " + open_.back().first + " %}' at " +
                             std::to_string(open_.back().second.line) + ":" +
                             std::to_string(open_.back().second.col);
                syntaxError("unexpected end of template, expected " + expected + opener);
            }
            if (t.type == TokType::Text) {
                auto s = std::make_unique<Stmt>();
                s->kind = StmtKind::Text;
                s->pos = t.pos;
                s->text = t.text;
                body.push_back(std::move(s));
                next();
            } else if (t.type == TokType::VarBegin) {
                auto s = std::make_unique<Stmt>();
                s->kind = StmtKind::Output;
                s->pos = t.pos;
                next();
                s->expr = parseTuple(true, false);
                if (cur().type != TokType::VarEnd) syntaxError("expected '}}', found " + describe(cur()));
                next();
                body.push_back(std::move(s));
            } else if (t.type == TokType::BlockBegin) {
                const Token& n = peek();
                if (n.type == TokType::Name && std::find(ends.begin(), ends.end(), n.text) != ends.end()) {
                    *which = n.text;
                    next();
                    next();
                    return body;
                }
                next();
                parseStatement(body);
            } else {
                syntaxError("unexpected " + describe(t));
            }
        }
    }

    void parseStatement(Body& out) {
        if (cur().type != TokType::Name) syntaxError("expected a tag name, found " + describe(cur()));
        const std::string tag = cur().text;
        const SrcPos pos = cur().pos;
        next();
        open_.emplace_back(tag, pos);
        struct Close {
            std::vector<std::pair<std::string, SrcPos>>& open;
            ~Close() { open.pop_back(); }
        } close{open_};
        if (tag == "if") return out.push_back(parseIf(pos));
        if (tag == "for") return out.push_back(parseFor(pos));
        if (tag == "set") return out.push_back(parseSet(pos));
        if (tag == "macro") return out.push_back(parseMacro(pos));
        if (tag == "with") return out.push_back(parseWith(pos));
        if (tag == "filter") return out.push_back(parseFilterBlock(pos));
        if (tag == "break" || tag == "continue") {
            if (loopDepth_ == 0) fail(ErrorKind::Format, name_, pos, "'" + tag + "' outside of a loop");
            expectBlockEnd();
            auto s = std::make_unique<Stmt>();
            s->kind = tag == "break" ? StmtKind::Break : StmtKind::Continue;
            s->pos = pos;
            return out.push_back(std::move(s));
        }
        if (tag == "generation") {
            // transformers' assistant-mask tag: its body renders as is.
            expectBlockEnd();
            std::string which;
            Body body = parseUntil({"endgeneration"}, &which);
            expectBlockEnd();
            for (auto& s : body) out.push_back(std::move(s));
            return;
        }
        static const char* const known[] = {"call",    "include",   "import",     "from",
                                            "extends", "block",     "autoescape", "do",
                                            "trans",   "pluralize", "debug"};
        for (const char* k : known)
            if (tag == k) unsupported(pos, "'{% " + tag + " %}' is not supported");
        if (tag.rfind("end", 0) == 0 || tag == "else" || tag == "elif")
            fail(ErrorKind::Format, name_, pos, "unexpected '" + tag + "'");
        fail(ErrorKind::Format, name_, pos, "unknown tag '" + tag + "'");
    }

    StmtPtr parseIf(SrcPos pos) {
        auto s = std::make_unique<Stmt>();
        s->kind = StmtKind::If;
        s->pos = pos;
        ExprPtr cond = parseTuple(false, false);
        while (true) {
            expectBlockEnd();
            std::string which;
            Body body = parseUntil({"elif", "else", "endif"}, &which);
            s->branches.emplace_back(std::move(cond), std::move(body));
            if (which == "elif") {
                cond = parseTuple(false, false);
                continue;
            }
            if (which == "else") {
                expectBlockEnd();
                Body elseBody = parseUntil({"endif"}, &which);
                s->branches.emplace_back(nullptr, std::move(elseBody));
            }
            expectBlockEnd();
            return s;
        }
    }

    // for/set targets: a name, names separated by commas, optionally in parentheses; or ns.attr (set only).
    void parseTargets(Stmt& s, bool allowNamespace) {
        const bool paren = skipOp("(");
        while (true) {
            if (isOp("(")) unsupported(cur().pos, "nested unpacking targets are not supported");
            s.targets.push_back(expectName());
            if (allowNamespace && !paren && s.targets.size() == 1 && isOp(".")) {
                next();
                s.attr = expectName();
                return;
            }
            if (!skipOp(",")) break;
            s.unpack = true;
            if (paren && isOp(")")) break;
            if (!paren && (isName("in") || isOp("="))) break;
        }
        if (paren) {
            expectOp(")");
            s.unpack = true;
        }
    }

    StmtPtr parseFor(SrcPos pos) {
        auto s = std::make_unique<Stmt>();
        s->kind = StmtKind::For;
        s->pos = pos;
        parseTargets(*s, false);
        if (!skipName("in")) syntaxError("expected 'in' in a for statement, found " + describe(cur()));
        s->expr = parseTuple(false, true);
        if (skipName("if")) s->cond = parseExpression(true);
        if (isName("recursive")) unsupported(cur().pos, "recursive for loops are not supported");
        expectBlockEnd();
        ++loopDepth_;
        std::string which;
        s->body = parseUntil({"else", "endfor"}, &which);
        --loopDepth_;
        if (which == "else") {
            expectBlockEnd();
            s->elseBody = parseUntil({"endfor"}, &which);
        }
        expectBlockEnd();
        return s;
    }

    StmtPtr parseSet(SrcPos pos) {
        auto s = std::make_unique<Stmt>();
        s->pos = pos;
        parseTargets(*s, true);
        if (skipOp("=")) {
            s->kind = StmtKind::Set;
            s->expr = parseTuple(true, false);
            expectBlockEnd();
            return s;
        }
        if (s->unpack || !s->attr.empty()) syntaxError("expected '=' in a set statement");
        s->kind = StmtKind::SetBlock;
        if (isOp("|")) s->filter = parseFilterChain(nullptr);
        expectBlockEnd();
        std::string which;
        s->body = parseUntil({"endset"}, &which);
        expectBlockEnd();
        return s;
    }

    StmtPtr parseMacro(SrcPos pos) {
        auto s = std::make_unique<Stmt>();
        s->kind = StmtKind::Macro;
        s->pos = pos;
        s->text = expectName();
        expectOp("(");
        while (!isOp(")")) {
            if (!s->targets.empty()) expectOp(",");
            if (isOp(")")) break;
            s->targets.push_back(expectName());
            if (skipOp("="))
                s->values.push_back(parseExpression(true));
            else if (!s->values.empty() && s->values.back())
                syntaxError("non-default argument follows default argument");
            else
                s->values.push_back(nullptr);
        }
        expectOp(")");
        expectBlockEnd();
        const int savedLoops = loopDepth_;
        loopDepth_ = 0;
        std::string which;
        s->body = parseUntil({"endmacro"}, &which);
        loopDepth_ = savedLoops;
        if (cur().type == TokType::Name && cur().text == s->text) next();
        expectBlockEnd();
        return s;
    }

    StmtPtr parseWith(SrcPos pos) {
        auto s = std::make_unique<Stmt>();
        s->kind = StmtKind::With;
        s->pos = pos;
        while (cur().type != TokType::BlockEnd) {
            if (!s->targets.empty()) expectOp(",");
            s->targets.push_back(expectName());
            expectOp("=");
            s->values.push_back(parseExpression(true));
        }
        expectBlockEnd();
        std::string which;
        s->body = parseUntil({"endwith"}, &which);
        expectBlockEnd();
        return s;
    }

    StmtPtr parseFilterBlock(SrcPos pos) {
        auto s = std::make_unique<Stmt>();
        s->kind = StmtKind::FilterBlock;
        s->pos = pos;
        s->filter = parseFilterChain(nullptr, /*leadingPipe=*/false);
        expectBlockEnd();
        std::string which;
        s->body = parseUntil({"endfilter"}, &which);
        expectBlockEnd();
        return s;
    }

    // ---- expressions ----

    bool isTupleEnd(bool forTarget) const {
        const Token& t = cur();
        if (t.type == TokType::VarEnd || t.type == TokType::BlockEnd || t.type == TokType::End) return true;
        if (t.type == TokType::Operator && t.text == ")") return true;
        return forTarget && t.type == TokType::Name && (t.text == "recursive" || t.text == "if");
    }

    // Jinja's parse_tuple: "a, b" is a tuple, "a" is just a.
    ExprPtr parseTuple(bool withCond, bool forIter, bool explicitParens = false) {
        const SrcPos pos = cur().pos;
        std::vector<ExprPtr> items;
        bool isTuple = false;
        while (true) {
            if (!items.empty()) expectOp(",");
            if (isTupleEnd(forIter)) break;
            items.push_back(parseExpression(withCond));
            if (isOp(","))
                isTuple = true;
            else
                break;
        }
        if (!isTuple) {
            if (!items.empty()) return std::move(items[0]);
            if (!explicitParens) syntaxError("expected an expression, found " + describe(cur()));
        }
        auto e = make(ExprKind::Tuple, pos);
        e->args = std::move(items);
        return done(std::move(e));
    }

    ExprPtr parseExpression(bool withCond) { return withCond ? parseCondExpr() : parseOr(); }

    ExprPtr parseCondExpr() {
        DepthGuard guard(*this);
        ExprPtr e = parseOr();
        while (isName("if")) {
            const SrcPos pos = cur().pos;
            next();
            auto c = make(ExprKind::CondExpr, pos);
            c->args.push_back(parseOr());
            c->args.push_back(std::move(e));
            c->args.push_back(skipName("else") ? parseCondExpr() : nullptr);
            e = done(std::move(c));
        }
        return e;
    }

    ExprPtr parseOr() {
        ExprPtr left = parseAnd();
        while (isName("or")) {
            auto e = make(ExprKind::Or, cur().pos);
            next();
            e->args.push_back(std::move(left));
            e->args.push_back(parseAnd());
            left = done(std::move(e));
        }
        return left;
    }

    ExprPtr parseAnd() {
        ExprPtr left = parseNot();
        while (isName("and")) {
            auto e = make(ExprKind::And, cur().pos);
            next();
            e->args.push_back(std::move(left));
            e->args.push_back(parseNot());
            left = done(std::move(e));
        }
        return left;
    }

    ExprPtr parseNot() {
        if (isName("not")) {
            DepthGuard guard(*this);
            auto e = make(ExprKind::Unary, cur().pos);
            e->name = "not";
            next();
            e->args.push_back(parseNot());
            return done(std::move(e));
        }
        return parseCompare();
    }

    ExprPtr parseCompare() {
        const SrcPos pos = cur().pos;
        ExprPtr first = parseMath1();
        std::vector<std::string> ops;
        std::vector<ExprPtr> operands;
        while (true) {
            const Token& t = cur();
            if (t.type == TokType::Operator && (t.text == "==" || t.text == "!=" || t.text == "<" ||
                                                t.text == ">" || t.text == "<=" || t.text == ">=")) {
                ops.push_back(t.text);
                next();
            } else if (isName("in")) {
                ops.push_back("in");
                next();
            } else if (isName("not") && peek().type == TokType::Name && peek().text == "in") {
                ops.push_back("not in");
                next();
                next();
            } else {
                break;
            }
            operands.push_back(parseMath1());
        }
        if (ops.empty()) return first;
        auto e = make(ExprKind::Compare, pos);
        e->args.push_back(std::move(first));
        for (auto& o : operands) e->args.push_back(std::move(o));
        e->ops = std::move(ops);
        return done(std::move(e));
    }

    ExprPtr binary(const std::string& op, ExprPtr left, ExprPtr right, SrcPos pos) {
        auto e = make(ExprKind::Binary, pos);
        e->name = op;
        e->args.push_back(std::move(left));
        e->args.push_back(std::move(right));
        return done(std::move(e));
    }

    ExprPtr parseMath1() {
        ExprPtr left = parseConcat();
        while (isOp("+") || isOp("-")) {
            const std::string op = cur().text;
            const SrcPos pos = cur().pos;
            next();
            left = binary(op, std::move(left), parseConcat(), pos);
        }
        return left;
    }

    ExprPtr parseConcat() {
        ExprPtr left = parseMath2();
        while (isOp("~")) {
            const SrcPos pos = cur().pos;
            next();
            left = binary("~", std::move(left), parseMath2(), pos);
        }
        return left;
    }

    ExprPtr parseMath2() {
        ExprPtr left = parsePow();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            const std::string op = cur().text;
            const SrcPos pos = cur().pos;
            next();
            left = binary(op, std::move(left), parsePow(), pos);
        }
        return left;
    }

    ExprPtr parsePow() {
        ExprPtr left = parseUnary(true);
        while (isOp("**")) {
            const SrcPos pos = cur().pos;
            next();
            left = binary("**", std::move(left), parseUnary(true), pos);
        }
        return left;
    }

    ExprPtr parseUnary(bool withFilter) {
        DepthGuard guard(*this);
        ExprPtr node;
        if (isOp("-") || isOp("+")) {
            node = make(ExprKind::Unary, cur().pos);
            node->name = cur().text;
            next();
            node->args.push_back(parseUnary(false));
            node = parsePostfix(done(std::move(node)));
        } else {
            node = parsePostfix(parsePrimary());
        }
        if (withFilter) node = parseFilterExpr(std::move(node));
        return node;
    }

    ExprPtr parsePrimary() {
        DepthGuard guard(*this);
        const Token& t = cur();
        const SrcPos pos = t.pos;
        if (t.type == TokType::Name) {
            auto e = make(ExprKind::Literal, pos);
            if (t.text == "true" || t.text == "True")
                e->literal = Value(true);
            else if (t.text == "false" || t.text == "False")
                e->literal = Value(false);
            else if (t.text == "none" || t.text == "None")
                e->literal = Value(NoneType{});
            else {
                e->kind = ExprKind::Name;
                e->name = t.text;
            }
            next();
            return e;
        }
        if (t.type == TokType::String) {
            std::string s;
            while (cur().type == TokType::String) {
                s += cur().text;
                next();
            }
            auto e = make(ExprKind::Literal, pos);
            e->literal = Value(std::move(s));
            return e;
        }
        if (t.type == TokType::Integer || t.type == TokType::Float) {
            auto e = make(ExprKind::Literal, pos);
            e->literal = t.type == TokType::Integer ? Value(t.integer) : Value(t.number);
            next();
            return e;
        }
        if (isOp("(")) {
            next();
            ExprPtr e = parseTuple(true, false, true);
            expectOp(")");
            return e;
        }
        if (isOp("[")) {
            next();
            auto e = make(ExprKind::List, pos);
            while (!isOp("]")) {
                if (!e->args.empty()) expectOp(",");
                if (isOp("]")) break;
                e->args.push_back(parseExpression(true));
            }
            expectOp("]");
            return done(std::move(e));
        }
        if (isOp("{")) {
            next();
            auto e = make(ExprKind::Dict, pos);
            while (!isOp("}")) {
                if (!e->args.empty()) expectOp(",");
                if (isOp("}")) break;
                e->args.push_back(parseExpression(true));
                expectOp(":");
                e->args.push_back(parseExpression(true));
            }
            expectOp("}");
            return done(std::move(e));
        }
        syntaxError("unexpected " + describe(t));
    }

    ExprPtr parsePostfix(ExprPtr node) {
        while (true) {
            if (isOp(".")) {
                const SrcPos pos = cur().pos;
                next();
                if (cur().type == TokType::Name) {
                    auto e = make(ExprKind::GetAttr, pos);
                    e->name = cur().text;
                    next();
                    e->args.push_back(std::move(node));
                    node = done(std::move(e));
                } else if (cur().type == TokType::Integer) {
                    auto e = make(ExprKind::GetItem, pos);
                    auto idx = make(ExprKind::Literal, cur().pos);
                    idx->literal = Value(cur().integer);
                    next();
                    e->args.push_back(std::move(node));
                    e->args.push_back(std::move(idx));
                    node = done(std::move(e));
                } else {
                    syntaxError("expected a name after '.', found " + describe(cur()));
                }
            } else if (isOp("[")) {
                node = parseSubscript(std::move(node));
            } else if (isOp("(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    ExprPtr parseSubscript(ExprPtr node) {
        const SrcPos pos = cur().pos;
        next(); // [
        ExprPtr first;
        if (!isOp(":")) {
            first = parseExpression(true);
            if (!isOp(":")) {
                expectOp("]");
                auto e = make(ExprKind::GetItem, pos);
                e->args.push_back(std::move(node));
                e->args.push_back(std::move(first));
                return done(std::move(e));
            }
        }
        auto e = make(ExprKind::Slice, pos);
        e->args.push_back(std::move(node));
        e->args.push_back(std::move(first));
        next(); // :
        e->args.push_back(isOp("]") || isOp(":") ? nullptr : parseExpression(true));
        ExprPtr step;
        if (skipOp(":") && !isOp("]")) step = parseExpression(true);
        e->args.push_back(std::move(step));
        expectOp("]");
        return done(std::move(e));
    }

    // "(" args ")" appended to e->args after its subject, keyword arguments in e->kwargs.
    void parseCallArgs(Expr& e) {
        expectOp("(");
        bool first = true;
        while (!isOp(")")) {
            if (!first) expectOp(",");
            first = false;
            if (isOp(")")) break;
            if (isOp("*") || isOp("**"))
                unsupported(cur().pos, "'*args' and '**kwargs' in calls are not supported");
            if (cur().type == TokType::Name && peek().type == TokType::Operator && peek().text == "=") {
                std::string key = cur().text;
                next();
                next();
                e.kwargs.emplace_back(std::move(key), parseExpression(true));
            } else {
                if (!e.kwargs.empty()) syntaxError("positional argument follows keyword argument");
                e.args.push_back(parseExpression(true));
            }
        }
        expectOp(")");
    }

    ExprPtr parseCall(ExprPtr node) {
        auto e = make(ExprKind::Call, cur().pos);
        e->args.push_back(std::move(node));
        parseCallArgs(*e);
        return done(std::move(e));
    }

    ExprPtr parseFilterExpr(ExprPtr node) {
        while (true) {
            if (isOp("|")) {
                node = parseFilterChain(std::move(node));
            } else if (isName("is")) {
                node = parseTest(std::move(node));
            } else if (isOp("(")) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    // One or more "| name(args)"; with leadingPipe false the first filter has no "|" (filter blocks).
    ExprPtr parseFilterChain(ExprPtr node, bool leadingPipe = true) {
        bool needPipe = leadingPipe;
        while (!needPipe || isOp("|")) {
            if (needPipe) next();
            needPipe = true;
            const SrcPos pos = cur().pos;
            std::string fname = expectName();
            while (isOp(".")) {
                next();
                fname += "." + expectName();
            }
            auto e = make(ExprKind::Filter, pos);
            e->name = fname;
            const int support = filterSupport(fname);
            if (support == 0) fail(ErrorKind::Format, name_, pos, "no filter named '" + fname + "'");
            e->unsupported = support == 2;
            e->args.push_back(std::move(node));
            if (isOp("(")) parseCallArgs(*e);
            node = done(std::move(e));
        }
        return node;
    }

    ExprPtr parseTest(ExprPtr node) {
        next(); // is
        auto e = make(ExprKind::Test, cur().pos);
        e->negated = skipName("not");
        e->pos = cur().pos;
        std::string tname = expectName();
        while (isOp(".")) {
            next();
            tname += "." + expectName();
        }
        e->name = tname;
        const int support = testSupport(tname);
        if (support == 0) fail(ErrorKind::Format, name_, e->pos, "no test named '" + tname + "'");
        e->unsupported = support == 2;
        e->args.push_back(std::move(node));
        const Token& t = cur();
        if (isOp("(")) {
            parseCallArgs(*e);
        } else if ((t.type == TokType::Name || t.type == TokType::String || t.type == TokType::Integer ||
                    t.type == TokType::Float || isOp("[") || isOp("{")) &&
                   !isName("else") && !isName("or") && !isName("and")) {
            if (isName("is")) syntaxError("you cannot chain multiple tests with 'is'");
            e->args.push_back(parsePostfix(parsePrimary()));
        }
        return done(std::move(e));
    }

    std::vector<Token> toks_;
    std::size_t i_ = 0;
    const std::string& name_;
    int depth_ = 0;
    int loopDepth_ = 0;
    std::vector<std::pair<std::string, SrcPos>> open_; // block tags being parsed, for error messages
};

} // namespace

std::shared_ptr<const Program> parseProgram(const std::string& source, const std::string& name) {
    auto program = std::make_shared<Program>();
    program->name = name;
    Parser parser(tokenize(source, name), program->name);
    program->body = parser.parseTemplate();
    return program;
}

} // namespace owq::jinja
