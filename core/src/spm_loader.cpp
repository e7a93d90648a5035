#include "spm_loader.h"

#include "owq/error.h"

#include <atomic>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <mutex>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace owq::detail {

namespace {

constexpr const char* kShimName = "libowq_spm_shim.so";

// RTLD_DEEPBIND makes the shim and sentencepiece resolve their own (protobuf) symbols before the global
// ones that LibTorch brought in. AddressSanitizer refuses to dlopen with RTLD_DEEPBIND, and without it
// sentencepiece's protobuf code binds to LibTorch's libprotobuf and fails its version check, so sanitizer
// builds load the (uninstrumented) shim with dlmopen into a link namespace of its own instead: it shares
// nothing with the process but the C API of spm_shim.h, whose buffers it frees itself.
#if defined(__SANITIZE_ADDRESS__)
#define OWQ_SPM_NO_DEEPBIND 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OWQ_SPM_NO_DEEPBIND 1
#endif
#endif
#ifdef OWQ_SPM_NO_DEEPBIND
constexpr int kDlopenFlags = RTLD_NOW | RTLD_LOCAL;
#else
constexpr int kDlopenFlags = RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND;
#endif

std::string executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().string();
}

std::vector<std::string> candidatePaths() {
    std::vector<std::string> out;
    auto add = [&](const fs::path& p) {
        if (p.empty()) return;
        const std::string s = p.lexically_normal().string();
        for (const auto& e : out)
            if (e == s) return;
        out.push_back(s);
    };
    if (const char* env = std::getenv("OWQ_SPM_SHIM"); env && *env) add(env);
    const std::string dir = executableDir();
    if (!dir.empty()) {
        const fs::path d(dir);
        add(d / ".." / "lib" / "owq-studio" / kShimName);
        add(d / "lib" / kShimName);
        add(d / ".." / "lib" / kShimName);
    }
#ifdef OWQ_SPM_SHIM_BUILD_PATH
    add(OWQ_SPM_SHIM_BUILD_PATH);
#endif
#ifdef OWQ_SPM_SHIM_INSTALL_PATH
    add(OWQ_SPM_SHIM_INSTALL_PATH);
#endif
    return out;
}

template <class F> bool resolve(void* handle, const char* name, F& fn, std::string& why) {
    dlerror();
    void* sym = dlsym(handle, name);
    if (!sym) {
        const char* e = dlerror();
        why = std::string("missing symbol ") + name + (e ? std::string(" (") + e + ")" : std::string());
        return false;
    }
    fn = reinterpret_cast<F>(sym);
    return true;
}

// Loads one candidate; on failure returns false and explains why (the handle is closed again).
bool tryLoad(const std::string& path, SpmApi& api, std::string& why) {
    dlerror();
#ifdef OWQ_SPM_NO_DEEPBIND
    void* h = dlmopen(LM_ID_NEWLM, path.c_str(), kDlopenFlags);
#else
    void* h = dlopen(path.c_str(), kDlopenFlags);
#endif
    if (!h) {
        const char* e = dlerror();
        why = e ? e : (path + ": dlopen failed");
        return false;
    }
    SpmApi a;
    bool ok = resolve(h, "owq_spm_abi_version", a.abi_version, why);
    if (ok && a.abi_version() != OWQ_SPM_SHIM_ABI) {
        why = path + ": shim ABI version " + std::to_string(a.abi_version()) + ", expected " +
              std::to_string(OWQ_SPM_SHIM_ABI) + " (a stale build or install?)";
        ok = false;
    }
    ok = ok && resolve(h, "owq_spm_load", a.load, why) && resolve(h, "owq_spm_free", a.free_model, why) &&
         resolve(h, "owq_spm_encode", a.encode, why) && resolve(h, "owq_spm_decode", a.decode, why) &&
         resolve(h, "owq_spm_free_buffer", a.free_buffer, why) &&
         resolve(h, "owq_spm_vocab_size", a.vocab_size, why) && resolve(h, "owq_spm_bos_id", a.bos_id, why) &&
         resolve(h, "owq_spm_eos_id", a.eos_id, why) && resolve(h, "owq_spm_unk_id", a.unk_id, why) &&
         resolve(h, "owq_spm_piece_to_id", a.piece_to_id, why) &&
         resolve(h, "owq_spm_id_to_piece", a.id_to_piece, why) && resolve(h, "owq_spm_train", a.train, why);
    if (!ok) {
        if (why.rfind(path, 0) != 0) why = path + ": " + why;
        dlclose(h);
        return false;
    }
    a.path = path;
    api = a;
    return true; // never dlclose'd: the shim stays for the process's lifetime
}

std::mutex gMutex;
std::atomic<const SpmApi*> gApi{nullptr};

} // namespace

const SpmApi& spmApi() {
    if (const SpmApi* a = gApi.load(std::memory_order_acquire)) return *a;
    std::lock_guard<std::mutex> lock(gMutex);
    if (const SpmApi* a = gApi.load(std::memory_order_relaxed)) return *a;

    std::string tried, firstExistingError, lastError;
    for (const auto& path : candidatePaths()) {
        SpmApi api;
        std::string why;
        if (tryLoad(path, api, why)) {
            static SpmApi loaded; // written once, under the mutex, before publication
            loaded = api;
            gApi.store(&loaded, std::memory_order_release);
            return loaded;
        }
        if (!tried.empty()) tried += ", ";
        tried += path;
        std::error_code ec;
        if (firstExistingError.empty() && fs::exists(path, ec)) firstExistingError = why;
        lastError = why;
    }
    // A candidate that exists but failed (missing libsentencepiece, ABI mismatch) says more than "not found".
    const std::string& detail = !firstExistingError.empty() ? firstExistingError : lastError;
    throw Error(ErrorKind::Tokenizer, std::string("cannot load the sentencepiece shim ") + kShimName +
                                          " (tried: " + (tried.empty() ? std::string("nothing") : tried) +
                                          "): " + (detail.empty() ? std::string("not found") : detail));
}

} // namespace owq::detail
