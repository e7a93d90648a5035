// A Jinja2 subset for Hugging Face chat templates, rendering like transformers' apply_chat_template does:
// Jinja2 3.1 in an ImmutableSandboxedEnvironment with trim_blocks, lstrip_blocks and loop controls,
// transformers' tojson (json.dumps, ensure_ascii=False), raise_exception() and strftime_now().
//
// Errors carry "<name>:<line>:<col>: <what>":
//  - parse(): ErrorKind::Format for a malformed template (bad syntax, unknown tag, a filter or test Jinja
//    itself does not know); ErrorKind::Unsupported for Jinja syntax outside the subset ("'{% call %}' is
//    not supported"); ErrorKind::Resource for absurd nesting.
//  - render(): ErrorKind::Unsupported for a Jinja filter/test/method outside the subset, met while rendering
//    ("filter 'wordcount' is not supported": like Jinja, a branch never taken does not fail);
//    ErrorKind::InvalidArgument for what Jinja raises at run time (undefined attribute of an undefined
//    value, type errors, division by zero) and "<name>: raise_exception: <msg>" for raise_exception();
//    ErrorKind::Resource past the bounds (output size, macro recursion depth, loop iterations).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace owq::jinja {

struct Program; // the parsed statements (jinja_ast.h)

struct RenderOptions {
    // strftime_now(format): local time by default; tests pin it.
    std::function<std::string(const std::string& format)> strftimeNow;
    std::size_t maxOutputBytes = std::size_t(64) << 20;
    int maxMacroDepth = 256;
    std::size_t maxLoopIterations = std::size_t(1) << 20; // all loops of one render together
};

class Template {
public:
    static Template parse(const std::string& source, const std::string& name = "chat_template");

    // context: a JSON object whose keys become variables (messages, add_generation_prompt, bos_token,
    // eos_token, tools, ...). A JSON null is Python's None; an absent key is undefined (renders as "").
    // nlohmann::json objects iterate in sorted key order, so tojson of a context dict prints sorted keys.
    std::string render(const nlohmann::json& context) const;
    std::string render(const nlohmann::json& context, const RenderOptions& options) const;
    // The same with an insertion-ordered context, so dicts keep Python's order (tojson of tool schemas).
    std::string renderOrdered(const nlohmann::ordered_json& context, const RenderOptions& options = {}) const;

    const std::string& name() const;

private:
    explicit Template(std::shared_ptr<const Program> program) : program_(std::move(program)) {}
    std::shared_ptr<const Program> program_;
};

} // namespace owq::jinja
