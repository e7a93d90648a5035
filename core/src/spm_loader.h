// Internal: finds and loads the sentencepiece shim (libowq_spm_shim.so) once per process and exposes its C
// functions. core never links sentencepiece itself: sentencepiece bundles a protobuf that clashes with
// LibTorch's, so the shim is dlopen'ed with RTLD_LOCAL|RTLD_DEEPBIND and reached only through this table.
#pragma once

#include "spm_shim.h"

#include <string>

namespace owq::detail {

struct SpmApi {
    int (*abi_version)(void) = nullptr;
    int (*load)(const char*, owq_spm**, char*, size_t) = nullptr;
    void (*free_model)(owq_spm*) = nullptr;
    int (*encode)(const owq_spm*, const char*, size_t, int32_t**, size_t*, char*, size_t) = nullptr;
    int (*decode)(const owq_spm*, const int32_t*, size_t, char**, size_t*, char*, size_t) = nullptr;
    void (*free_buffer)(void*) = nullptr;
    int32_t (*vocab_size)(const owq_spm*) = nullptr;
    int32_t (*bos_id)(const owq_spm*) = nullptr;
    int32_t (*eos_id)(const owq_spm*) = nullptr;
    int32_t (*unk_id)(const owq_spm*) = nullptr;
    int32_t (*piece_to_id)(const owq_spm*, const char*) = nullptr;
    int (*id_to_piece)(const owq_spm*, int32_t, char*, size_t) = nullptr;
    int (*train)(const char*, char*, size_t) = nullptr;
    std::string path; // the file that was loaded
};

// Returns the loaded shim's functions, loading it on first use (thread-safe). Throws
// Error(ErrorKind::Tokenizer, "cannot load the sentencepiece shim libowq_spm_shim.so (tried: ...): ...")
// when no candidate loads. A failed attempt is not cached: a later call tries again.
// Lookup order: $OWQ_SPM_SHIM; <exe dir>/../lib/owq-studio/; <exe dir>/lib/; <exe dir>/../lib/;
// OWQ_SPM_SHIM_BUILD_PATH; OWQ_SPM_SHIM_INSTALL_PATH.
const SpmApi& spmApi();

} // namespace owq::detail
