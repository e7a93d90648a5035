// A folder built under a temporary sibling name and renamed into place only when complete: every writer of
// a model folder (quantize, export, tune) goes through it, so a failure, a cancel or a kill never leaves a
// folder under the requested name.
#pragma once

#include <filesystem>
#include <string>

namespace owq::detail {

// The constructor checks the target: it must not exist or be an empty folder, and when `sourceDir` is
// given it must not lie inside it. `what` names the folder in messages ("export", "quantized model").
// The temporary sibling "<target>.tmp-<pid>-<n>" is removed by the destructor unless commit() renamed it
// into place.
class StagingFolder {
public:
    StagingFolder(const std::string& target, const std::string& sourceDir, const std::string& what);
    ~StagingFolder();
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;

    const std::filesystem::path& path() const { return tmp_; }      // where to write now
    const std::filesystem::path& target() const { return target_; } // the final folder
    void commit();

private:
    std::filesystem::path target_, tmp_;
    std::string what_;
    bool committed_ = false;
};

// Copies a file byte for byte, the copy writable by its owner (Io error naming both paths).
void copyFile(const std::filesystem::path& from, const std::filesystem::path& to);

// The files besides config.json and the weights that make a model folder usable by tokenizers and
// generation (tokenizer.model, tokenizer.json, vocab.json, merges.txt, added_tokens.json,
// tokenizer_config.json, special_tokens_map.json, generation_config.json, chat_template.jinja): copied from
// `srcDir` where present. Every model writer carries the same list.
void copyTokenizerFiles(const std::filesystem::path& srcDir, const std::filesystem::path& dstDir);

} // namespace owq::detail
