// What generation keeps of past keys and values. float32 is exact; bfloat16 halves the cache's memory and
// the bytes a decode step reads from it (at long contexts the cache rivals the weights: a 7B model's float32
// cache is 2 GiB at 4096 positions), rounding each key and value to 8 significant bits as it is stored.
#pragma once

#include <cstdint>
#include <string>

namespace owq {

enum class KvCacheType { Float32, BFloat16 };

const char* kvCacheTypeName(KvCacheType t); // "f32" | "bf16"
// "f32" / "float32" or "bf16" / "bfloat16"; throws Error(InvalidArgument) naming the choices otherwise.
KvCacheType kvCacheTypeFromName(const std::string& name);
int kvCacheBytesPerValue(KvCacheType t); // 4 | 2

} // namespace owq
