// Internal: reading a model folder's tokenizer_config.json once for everything the chat template and the
// tokenizer take from it (the chat_template source, the special-token strings).
#pragma once

#include "owq/chat_template.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace owq::detail {

// tokenizer_config.json of `dir` (an empty object when the file is absent); Error(Format) naming the file
// when it is not JSON.
nlohmann::json readTokenizerConfig(const std::filesystem::path& dir);
// The chat_template of that config (a string, or the list entry named "default", else the first), else
// dir/chat_template.jinja; empty when there is none.
std::string chatTemplateSourceOf(const nlohmann::json& tokenizerConfig, const std::filesystem::path& dir);
// The built-in family a template's text belongs to (Plain when none is recognised).
ChatFormat chatFormatOfSource(const std::string& source);
// "bos_token": "<s>" or {"content": "<s>", ...} (older AddedToken form); empty when absent or null.
std::string specialTokenString(const nlohmann::json& tokenizerConfig, const char* key);

} // namespace owq::detail
