// Helpers shared by the Qt Test executables: fixture paths, scratch folders, UTF-8 checks and tiny random
// models (catch_error.h: capturing an owq::Error; stories_config.h: stories260K's shapes).
#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace owqtest {

// ../shared beside the checkout, or empty when absent (tests then QSKIP with a message).
std::string sharedDir();
std::string sharedPath(const std::string& rel);
bool haveShared();
// A fresh empty scratch folder under the build tree, unique per call.
std::string scratchDir(const std::string& tag);
std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& bytes);
// Overwrites element `index` of the float32 tensor `tensor` in the safetensors file at `path` with `value` (a
// damaged weight for the bad-input tests); the tensor is found by reading the file's header here, not with
// core's reader.
void setFloat32(const std::string& path, const std::string& tensor, std::size_t index, float value);

bool contains(const std::string& s, const std::string& part);
// "[1, 2, 3]" for failure messages.
std::string idsToString(const std::vector<std::int32_t>& ids);
// Strict UTF-8 validity, written here independently of core's: shortest forms, no surrogates, nothing above
// U+10FFFF, no sequence cut off.
bool validUtf8(const std::string& s);
// A random-weight model of family `arch` with 2 small layers (hidden 64, MLP 128, 4 heads, 2 KV heads, f32,
// context 256) and the tokenizer files of `tokenizer` (a folder or file), in a fresh scratch folder: every
// tokenizer kind and family opens end to end.
// A byte-level tokenizer.json with no merges (one token per byte, 256 ids) plus <s> and </s>, written into
// dir: a tiny random model needs no fixture. Returns its path.
std::string byteTokenizer(const std::string& dir);
std::string tinyRandomModel(const std::string& tag, const std::string& tokenizer,
                            const std::string& arch = "llama");

} // namespace owqtest

#define OWQ_REQUIRE_SHARED()                                                                                 \
    do {                                                                                                     \
        if (!owqtest::haveShared()) QSKIP("../shared fixtures are absent (a user's clone): skipped");        \
    } while (0)
