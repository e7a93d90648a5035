// The multiple-choice task file (JSONL of {"context", "choices", "label"}) and the result's JSON. Every bad
// line is refused with the file and the line, so a user can fix an export.
#include "owq/choice_eval.h"
#include "owq/error.h"
#include "owq/text_file.h"
#include "quant/quant_state.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace owq {

namespace {

[[noreturn]] void bad(const std::string& name, int line, const std::string& why) {
    throw Error(ErrorKind::Format, name + ":" + std::to_string(line) + ": " + why);
}

ChoiceItem parseLine(const std::string& text, const std::string& name, int line) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        bad(name, line, std::string("not JSON (") + e.what() + ")");
    }
    if (!j.is_object()) bad(name, line, "not a JSON object");
    for (const char* key : {"context", "choices", "label"})
        if (!j.contains(key)) bad(name, line, std::string("missing field \"") + key + "\"");
    ChoiceItem item;
    item.line = line;
    if (!j["context"].is_string()) bad(name, line, "\"context\" is not a string");
    item.context = j["context"].get<std::string>();
    const nlohmann::json& choices = j["choices"];
    if (!choices.is_array() || choices.size() < 2)
        bad(name, line, "\"choices\" is not an array of at least two strings");
    for (const nlohmann::json& c : choices) {
        if (!c.is_string()) bad(name, line, "\"choices\" holds a value that is not a string");
        if (c.get<std::string>().empty()) bad(name, line, "\"choices\" holds an empty string");
        item.choices.push_back(c.get<std::string>());
    }
    const nlohmann::json& label = j["label"];
    if (!label.is_number_integer()) bad(name, line, "\"label\" is not an integer");
    const long long l = label.get<long long>();
    if (l < 0 || l >= static_cast<long long>(item.choices.size()))
        bad(name, line,
            "\"label\" " + std::to_string(l) + " is out of range for " + std::to_string(item.choices.size()) +
                " choices (0-based)");
    item.label = static_cast<int>(l);
    return item;
}

} // namespace

ChoiceTasks parseChoiceTasks(const std::string& text, const std::string& name) {
    ChoiceTasks t;
    t.file = name;
    t.digest = detail::textDigest(text);
    std::size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        std::string s = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (!s.empty() && s.back() == '\r') s.pop_back();
        if (s.find_first_not_of(" \t") == std::string::npos) continue; // blank lines are allowed
        t.items.push_back(parseLine(s, name, line));
    }
    if (t.items.empty()) throw Error(ErrorKind::Format, name + ": no task items (one JSON object per line)");
    return t;
}

ChoiceTasks readChoiceTasks(const std::string& path) {
    ChoiceTasks t = parseChoiceTasks(readTextFile(path), path);
    t.file = std::filesystem::path(path).filename().string();
    return t;
}

std::int64_t utf8Characters(const std::string& text) {
    std::int64_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80; // count every byte that starts a character
    return n;
}

std::string ChoiceResult::toJson() const {
    return nlohmann::ordered_json{{"task_file", file},
                                  {"task_digest", digest},
                                  {"n", n},
                                  {"acc", acc},
                                  {"acc_stderr", accStderr},
                                  {"acc_norm", accNorm},
                                  {"acc_norm_stderr", accNormStderr}}
        .dump();
}

} // namespace owq
