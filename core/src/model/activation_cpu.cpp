// See activation_cpu.h. Compiled with -O3 -fopenmp-simd (core/CMakeLists.txt); the block loop is vectorised
// in target clones.
#include "model/activation_cpu.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

// glibc's libmvec has expf for every x86-64 vector width (the x86_64 vector function ABI: _ZGVbN4v_expf,
// _ZGVdN8v_expf, _ZGVeN16v_expf); declared "simd", a vectorised loop calls them, as <math.h> itself declares
// them under -ffast-math. SiLU with it: within 2.5 ulp of its definition in double (test_attention_cpu).
extern "C" {
#pragma omp declare simd notinbranch
float expf(float) noexcept;
}

namespace owq::detail {

namespace {

constexpr std::int64_t kBlock = 16; // values per vector exp call (AVX-512); AVX2 makes two, SSE four

// 16 values: a fixed trip count, so each clone vectorises the whole block with no scalar remainder.
__attribute__((target_clones("avx512f", "avx2", "default"))) void
siluBlock(const float* __restrict g, const float* __restrict u, float* __restrict out) {
    float s[kBlock];
#pragma omp simd
    for (std::int64_t j = 0; j < kBlock; ++j) s[j] = g[j] / (1.0f + expf(-g[j]));
    if (u) {
#pragma omp simd
        for (std::int64_t j = 0; j < kBlock; ++j) out[j] = s[j] * u[j];
    } else {
#pragma omp simd
        for (std::int64_t j = 0; j < kBlock; ++j) out[j] = s[j];
    }
}

} // namespace

void siluTimesRowCpu(const float* gate, const float* up, float* out, std::int64_t n) {
    std::int64_t j = 0;
    for (; j + kBlock <= n; j += kBlock) siluBlock(gate + j, up ? up + j : nullptr, out + j);
    if (j == n) return;
    // The last values through the same block, padded (a padding of zeros gives silu 0, never read back).
    float g[kBlock] = {}, u[kBlock] = {}, o[kBlock];
    std::copy(gate + j, gate + n, g);
    if (up) std::copy(up + j, up + n, u);
    siluBlock(g, up ? u : nullptr, o);
    std::copy(o, o + (n - j), out + j);
}

at::Tensor siluTimesCpu(const at::Tensor& gate, const at::Tensor& up) {
    const std::int64_t I = gate.size(-1);
    TORCH_CHECK(gate.is_cpu() && gate.scalar_type() == at::kFloat && gate.stride(-1) == 1 &&
                    (!up.defined() ||
                     (up.scalar_type() == at::kFloat && up.stride(-1) == 1 && up.sizes() == gate.sizes())),
                "siluTimesCpu: float32 gate (and up) [..., I] with contiguous rows");
    // Rows as [rows, I] views: the fused [gate; up] projection's halves are narrows (row stride 2I).
    const at::Tensor g2 = gate.reshape({-1, I});
    const at::Tensor u2 = up.defined() ? up.reshape({-1, I}) : at::Tensor();
    const std::int64_t rows = g2.size(0);
    at::Tensor out = at::empty(gate.sizes(), gate.options().memory_format(at::MemoryFormat::Contiguous));
    const float* gp = g2.data_ptr<float>();
    const float* upp = u2.defined() ? u2.data_ptr<float>() : nullptr;
    const std::int64_t gs = g2.stride(0), us = u2.defined() ? u2.stride(0) : 0;
    float* op = out.data_ptr<float>();
    at::parallel_for(0, rows, std::max<std::int64_t>(1, 16384 / std::max<std::int64_t>(I, 1)),
                     [&](std::int64_t r0, std::int64_t r1) {
                         for (std::int64_t r = r0; r < r1; ++r)
                             siluTimesRowCpu(gp + r * gs, upp ? upp + r * us : nullptr, op + r * I, I);
                     });
    return out;
}

} // namespace owq::detail
