// Run-time choice of the CPU kernel path.
#include "owq/kernels/packed_cpu.h"

#include "packed_paths.h"

#include <algorithm>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace owq::kernels {

namespace {
std::atomic<int> gThreads{0};
thread_local int tCap = 0;
} // namespace

void setCpuThreads(int threads) {
    gThreads = threads;
}

void capCpuThreadsOnThisThread(int threads) {
    tCap = threads;
}

int cpuThreads() {
    // Counted once: glibc's hardware_concurrency reads /sys/devices/system/cpu/online on every call, a few
    // microseconds per product where no caller has set the count (benchmarks, library users).
    static const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    const int t = gThreads.load();
    const int n = t > 0 ? t : cores;
    return tCap > 0 ? std::min(n, tCap) : n;
}

CpuIsa detectCpuIsa() {
#if defined(__x86_64__) && defined(OWQ_KERNELS_AVX512)
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) return CpuIsa::Avx512;
#endif
#if defined(__x86_64__) && defined(OWQ_KERNELS_AVX2)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return CpuIsa::Avx2;
#endif
    return CpuIsa::Scalar;
}

bool cpuRunsPackedPath(CpuIsa isa) {
    switch (isa) {
    case CpuIsa::Scalar:
        return true;
    case CpuIsa::Avx2:
        return detectCpuIsa() == CpuIsa::Avx2 || detectCpuIsa() == CpuIsa::Avx512;
    case CpuIsa::Avx512:
        return detectCpuIsa() == CpuIsa::Avx512;
    case CpuIsa::Avx512Vbmi:
#if defined(__x86_64__) && defined(OWQ_KERNELS_AVX512_VBMI)
        return detectCpuIsa() == CpuIsa::Avx512 && __builtin_cpu_supports("avx512vbmi");
#else
        return false;
#endif
    case CpuIsa::Avx512Vnni:
#if defined(__x86_64__) && defined(OWQ_KERNELS_AVX512_VNNI)
        return cpuRunsPackedPath(CpuIsa::Avx512Vbmi) && __builtin_cpu_supports("avx512vnni");
#else
        return false;
#endif
    }
    return false;
}

namespace {
// The best packed path this CPU and build run, or the one OWQ_PACKED_CPU_PATH names (where it runs here).
CpuIsa choosePackedPath() {
    if (const char* e = std::getenv("OWQ_PACKED_CPU_PATH"); e && *e)
        for (CpuIsa isa : kAllCpuIsas)
            if (std::strcmp(e, cpuIsaName(isa)) == 0 && cpuRunsPackedPath(isa)) return isa;
    for (CpuIsa isa : {CpuIsa::Avx512Vnni, CpuIsa::Avx512Vbmi})
        if (cpuRunsPackedPath(isa)) return isa;
    return detectCpuIsa();
}
} // namespace

CpuIsa detectPackedCpuIsa() {
    static const CpuIsa isa = choosePackedPath();
    return isa;
}

bool roundsActivations(CpuIsa isa) {
    return isa == CpuIsa::Avx512Vnni;
}

const char* activationRoundingName(ActivationRounding rounding) {
    return rounding == ActivationRounding::Int8 ? "int8" : "split15";
}

const char* cpuIsaName(CpuIsa isa) {
    switch (isa) {
    case CpuIsa::Avx512Vnni:
        return "avx512vnni";
    case CpuIsa::Avx512Vbmi:
        return "avx512vbmi";
    case CpuIsa::Avx512:
        return "avx512";
    case CpuIsa::Avx2:
        return "avx2";
    default:
        return "scalar";
    }
}

void dequantize(const PackedLinearView& v, float* W, CpuIsa isa) {
    switch (isa) {
#if defined(OWQ_KERNELS_AVX512_VBMI)
    case CpuIsa::Avx512Vnni: // the same decode as VBMI: products are where the two differ
    case CpuIsa::Avx512Vbmi:
        return detail::dequantizeAvx512Vbmi(v, W);
#endif
#if defined(OWQ_KERNELS_AVX512)
    case CpuIsa::Avx512:
        return detail::dequantizeAvx512(v, W);
#endif
#if defined(OWQ_KERNELS_AVX2)
    case CpuIsa::Avx2:
        return detail::dequantizeAvx2(v, W);
#endif
    default:
        return detail::dequantizeScalar(v, W);
    }
}

void gemm(const PackedLinearView& v, const float* x, std::int64_t m, float* y, CpuIsa isa,
          [[maybe_unused]] ActivationRounding rounding) {
    switch (isa) {
#if defined(OWQ_KERNELS_AVX512_VNNI)
    case CpuIsa::Avx512Vnni:
        return detail::gemmAvx512Vnni(v, x, m, y, rounding);
#endif
#if defined(OWQ_KERNELS_AVX512_VBMI)
    case CpuIsa::Avx512Vbmi:
        return detail::gemmAvx512Vbmi(v, x, m, y);
#endif
#if defined(OWQ_KERNELS_AVX512)
    case CpuIsa::Avx512:
        return detail::gemmAvx512(v, x, m, y);
#endif
#if defined(OWQ_KERNELS_AVX2)
    case CpuIsa::Avx2:
        return detail::gemmAvx2(v, x, m, y);
#endif
    default:
        return detail::gemmScalar(v, x, m, y);
    }
}

} // namespace owq::kernels
