#include "model/kv_store_cpu.h"

#include <c10/util/BFloat16.h>

#include <cstring>

namespace owq::detail {

namespace {

// hd floats into the cache's elements [at, at + hd): float32, or bfloat16 rounded to nearest even as copy_
// does.
void storeRow(const float* from, void* cache, bool bf16, std::int64_t at, std::int64_t hd) {
    if (bf16) {
        c10::BFloat16* to = static_cast<c10::BFloat16*>(cache) + at;
        for (std::int64_t d = 0; d < hd; ++d) to[d] = c10::BFloat16(from[d]);
    } else {
        std::memcpy(static_cast<float*>(cache) + at, from, std::size_t(hd) * sizeof(float));
    }
}

} // namespace

void storeKvCpu(const at::Tensor& src, const at::Tensor& cache, std::int64_t pos) {
    const std::int64_t B = src.size(0), H = src.size(1), T = src.size(2), hd = src.size(3);
    const bool plain = src.device().is_cpu() && cache.device().is_cpu() && src.scalar_type() == at::kFloat &&
                       (cache.scalar_type() == at::kFloat || cache.scalar_type() == at::kBFloat16) &&
                       cache.is_contiguous() && src.stride(3) == 1 && cache.size(0) == B &&
                       cache.size(1) == H && cache.size(3) == hd && pos >= 0 && pos + T <= cache.size(2);
    if (!plain) {
        cache.narrow(2, pos, T).copy_(src);
        return;
    }
    const float* s = src.data_ptr<float>();
    const std::int64_t s0 = src.stride(0), s1 = src.stride(1), s2 = src.stride(2);
    const std::int64_t cap = cache.size(2);
    const bool bf16 = cache.scalar_type() == at::kBFloat16;
    void* to = cache.data_ptr();
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t h = 0; h < H; ++h)
            for (std::int64_t t = 0; t < T; ++t)
                storeRow(s + b * s0 + h * s1 + t * s2, to, bf16, ((b * H + h) * cap + pos + t) * hd, hd);
}

void storeKvRowCpu(const float* src, std::int64_t heads, std::int64_t hd, void* cache, bool bf16,
                   std::int64_t capacity, std::int64_t pos) {
    for (std::int64_t h = 0; h < heads; ++h)
        storeRow(src + h * hd, cache, bf16, (h * capacity + pos) * hd, hd);
}

} // namespace owq::detail
