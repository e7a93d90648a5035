#include "util/staging_folder.h"

#include "owq/error.h"

#include <atomic>
#include <unistd.h>

namespace fs = std::filesystem;

namespace owq::detail {

namespace {

// True when `inner` is `outer` or lies below it (both already absolute and normalised).
bool isWithin(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin(), o = outer.begin();
    for (; o != outer.end(); ++o, ++i) {
        if (o->empty()) continue; // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

fs::path normalised(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
    return ec ? fs::absolute(p).lexically_normal() : c;
}

} // namespace

StagingFolder::StagingFolder(const std::string& target, const std::string& sourceDir, const std::string& what)
    : what_(what) {
    if (target.empty()) throw Error(ErrorKind::InvalidArgument, "the " + what + " folder is empty");
    target_ = normalised(target);
    std::error_code ec;
    if (fs::exists(target_, ec) && !(fs::is_directory(target_, ec) && fs::is_empty(target_, ec)))
        throw Error(ErrorKind::InvalidArgument,
                    target_.string() + ": already exists and is not empty; choose a new folder");
    if (!sourceDir.empty()) {
        const fs::path src = normalised(sourceDir);
        if (isWithin(target_, src))
            throw Error(ErrorKind::InvalidArgument, target_.string() + ": lies inside the model folder " +
                                                        src.string() + "; the " + what +
                                                        " is never written into its source");
    }
    static std::atomic<int> counter{0};
    tmp_ = target_.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    fs::remove_all(tmp_, ec);
    fs::create_directories(tmp_, ec);
    if (ec) throw Error(ErrorKind::Io, tmp_.string() + ": cannot create: " + ec.message());
}

StagingFolder::~StagingFolder() {
    if (committed_) return;
    std::error_code ec;
    fs::remove_all(tmp_, ec);
}

void StagingFolder::commit() {
    std::error_code ec;
    if (fs::exists(target_, ec)) fs::remove(target_, ec); // an empty folder (checked at construction)
    fs::rename(tmp_, target_, ec);
    if (ec)
        throw Error(ErrorKind::Io, target_.string() + ": cannot move the finished " + what_ +
                                       " into place (from " + tmp_.string() + "): " + ec.message());
    committed_ = true;
}

void copyFile(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec)
        throw Error(ErrorKind::Io, from.string() + ": cannot copy to " + to.string() + ": " + ec.message());
    // The copy is the user's file: writable even when the source was read-only.
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add, ec);
}

void copyTokenizerFiles(const fs::path& srcDir, const fs::path& dstDir) {
    for (const char* f : {"tokenizer.model", "tokenizer.json", "vocab.json", "merges.txt",
                          "added_tokens.json", "tokenizer_config.json", "special_tokens_map.json",
                          "generation_config.json", "chat_template.jinja"}) {
        std::error_code ec;
        if (fs::is_regular_file(srcDir / f, ec)) copyFile(srcDir / f, dstDir / f);
    }
}

} // namespace owq::detail
