#include "owq/kv_cache.h"

#include "owq/error.h"

namespace owq {

const char* kvCacheTypeName(KvCacheType t) {
    return t == KvCacheType::BFloat16 ? "bf16" : "f32";
}

KvCacheType kvCacheTypeFromName(const std::string& name) {
    if (name == "f32" || name == "float32") return KvCacheType::Float32;
    if (name == "bf16" || name == "bfloat16") return KvCacheType::BFloat16;
    throw Error(ErrorKind::InvalidArgument, "KV cache type '" + name + "': expected f32 or bf16");
}

int kvCacheBytesPerValue(KvCacheType t) {
    return t == KvCacheType::BFloat16 ? 2 : 4;
}

} // namespace owq
