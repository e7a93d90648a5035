// The packed products of whole decode steps, back to back as a model runs them (per layer q, k, v, o, gate,
// up, down; one token), against a memory-only pass over the same bytes in the same structure (one parallel
// region per product, each thread summing its contiguous half): how close the kernels come to what merely
// streaming those bytes costs on this machine. The passes alternate within one run, so the machine's swings
// in bandwidth (here 30-50 GB/s from one minute to the next) fall on both alike; the ratio of their means is
// the number to read. A third pass reads the same bytes in one parallel region, without a join per product:
// set beside bench/read_bandwidth.sh (a 1 GiB sequential sum, the rooflines' numerator), the two memory-only
// passes tell what the step's structure (154 products, a join after each) costs by itself.
//
//   bench_decode_products [--preset tinyllama|llama2-7b] [--layers N] [--bits 3] [--group 128]
//                         [--weak-frac 0.01] [--rounding split15,int8] [--passes 10] [--threads 2]
// Results: docs/BENCHMARKS.md.
#include "../tests/packed_testutil.h"
#include "owq/engine.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/process.h"

#include <CLI/CLI.hpp>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace ok = owq::kernels;

namespace {

// A decode step's linears per layer, out x in.
struct Shape {
    std::int64_t hidden = 2048, intermediate = 5632, kvDim = 256, layers = 22;
};

Shape presetShape(const std::string& name) {
    if (name == "llama2-7b") return {4096, 11008, 4096, 4}; // 4 of its 32 layers: 350 MB at 3 bits, past L3
    if (name != "tinyllama") throw CLI::ValidationError("--preset", "tinyllama or llama2-7b");
    return {};
}

// Sum of a buffer's bytes as 64-byte vectors (the tail byte by byte), the part [b, e) of n bytes. Built for
// the widest vectors the CPU has, as bench_packed_gemv's read-only sum: at the SSE2 baseline this loop
// reads far below what the memory delivers (bench_packed_gemv.cpp, rangeSum).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
std::uint64_t
sumBytes(const std::uint8_t* p, std::size_t b, std::size_t e) {
    typedef std::uint64_t U8 __attribute__((vector_size(64), aligned(1), may_alias));
    U8 a0 = {}, a1 = {};
    std::size_t k = b;
    for (; k + 128 <= e; k += 128) {
        a0 += *reinterpret_cast<const U8*>(p + k);
        a1 += *reinterpret_cast<const U8*>(p + k + 64);
    }
    std::uint64_t s = 0;
    for (; k < e; ++k) s += p[k];
    const U8 a = a0 + a1;
    for (int l = 0; l < 8; ++l) s += a[l];
    return s;
}

// Thread t's contiguous share of every array of one product, as the kernels split them.
std::uint64_t shareOfLinear(const owqtest::HostPackedLinear& h, std::size_t t, std::size_t T) {
    std::uint64_t total = 0;
    auto share = [&](const void* data, std::size_t bytes) {
        const auto* p = static_cast<const std::uint8_t*>(data);
        total += sumBytes(p, bytes / T * t, t + 1 == T ? bytes : bytes / T * (t + 1));
    };
    share(h.qweight.data(), h.qweight.size());
    share(h.scales.data(), 2 * h.scales.size());
    share(h.zeros.data(), h.zeros.size());
    share(h.weakWeight.data(), 2 * h.weakWeight.size());
    return total;
}

// One product's bytes read by the threads, one parallel region per product as the kernels run.
std::uint64_t streamLinear(const owqtest::HostPackedLinear& h, int threads) {
    std::uint64_t total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    total += shareOfLinear(h, std::size_t(omp_get_thread_num()), std::size_t(omp_get_num_threads()));
    return total;
}

// Every product's bytes in one parallel region, no barrier between products: what the same reads cost
// without a region's start and join per product (a decode step cannot skip them all: a product needs the
// one before it).
std::uint64_t streamAll(const std::vector<owqtest::HostPackedLinear>& linears, int threads) {
    std::uint64_t total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    for (const auto& h : linears)
        total += shareOfLinear(h, std::size_t(omp_get_thread_num()), std::size_t(omp_get_num_threads()));
    return total;
}

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    owq::reexecWithShortOpenMPSpin(argv);
    CLI::App app("packed products of decode steps against a memory-only pass over the same bytes");
    std::string preset = "tinyllama", roundings = "split15,int8";
    std::int64_t layers = 0, bits = 3, group = 128;
    double weakFrac = 0.01;
    int passes = 10, threads = 2;
    app.add_option("--preset", preset, "model shape: tinyllama (the random 1.1B) or llama2-7b");
    app.add_option("--layers", layers, "layers (0: 22 for tinyllama, 4 for llama2-7b)");
    app.add_option("--bits", bits, "bits per weight (2, 3, 4)");
    app.add_option("--group", group, "group size (0: per channel)");
    app.add_option("--weak-frac", weakFrac, "fraction of weak (fp16) columns per linear");
    app.add_option("--rounding", roundings, "activation roundings of the avx512vnni path: split15, int8");
    app.add_option("--passes", passes, "decode steps per kind (alternated)");
    app.add_option("--threads", threads, "threads");
    CLI11_PARSE(app, argc, argv);
    owq::initRuntime(threads);
    ok::setCpuThreads(threads);

    Shape s = presetShape(preset);
    if (layers > 0) s.layers = layers;
    const std::int64_t perLayer[7][2] = {{s.hidden, s.hidden},       {s.kvDim, s.hidden},
                                         {s.kvDim, s.hidden},        {s.hidden, s.hidden},
                                         {s.intermediate, s.hidden}, {s.intermediate, s.hidden},
                                         {s.hidden, s.intermediate}};
    std::mt19937 rng(1);
    std::vector<owqtest::HostPackedLinear> linears;
    double bytes = 0;
    for (std::int64_t l = 0; l < s.layers; ++l)
        for (const auto& [rows, cols] : perLayer) {
            const std::int64_t weak = std::int64_t(weakFrac * double(cols) + 0.5);
            linears.push_back(owqtest::randomPackedLinear(int(bits), rows, cols, weak, group, rng));
            bytes += linears.back().weightBytes();
        }
    std::vector<ok::ActivationRounding> kinds;
    for (const std::string& r : CLI::detail::split(roundings, ','))
        kinds.push_back(r == "int8" ? ok::ActivationRounding::Int8 : ok::ActivationRounding::Split15);
    const ok::CpuIsa isa = ok::detectPackedCpuIsa();
    std::printf(
        "%s x %lld layers, %lld-bit group %lld, %.1f%% weak: %zu products, %.0f MB per step; path %s, "
        "%d threads\n",
        preset.c_str(), (long long)s.layers, (long long)bits, (long long)group, 100 * weakFrac,
        linears.size(), bytes / 1e6, ok::cpuIsaName(isa), threads);

    std::vector<float> x(std::size_t(std::max(s.hidden, s.intermediate)), 0.01f), y(x.size());
    std::vector<double> memory, oneRegion, best(kinds.size() + 1, 1e30);
    double bestOne = 1e30;
    std::vector<std::vector<double>> kernel(kinds.size());
    volatile std::uint64_t sink = 0;
    for (int p = -1; p < passes; ++p) { // pass -1 warms up
        auto t0 = std::chrono::steady_clock::now();
        for (const auto& h : linears) sink = sink + streamLinear(h, threads);
        if (p >= 0) memory.push_back(seconds(t0)), best[0] = std::min(best[0], memory.back());
        t0 = std::chrono::steady_clock::now();
        sink = sink + streamAll(linears, threads);
        if (p >= 0) oneRegion.push_back(seconds(t0)), bestOne = std::min(bestOne, oneRegion.back());
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            t0 = std::chrono::steady_clock::now();
            for (const auto& h : linears) ok::gemm(h.view(), x.data(), 1, y.data(), isa, kinds[k]);
            if (p >= 0)
                kernel[k].push_back(seconds(t0)), best[k + 1] = std::min(best[k + 1], kernel[k].back());
        }
    }
    auto mean = [](const std::vector<double>& v) {
        double a = 0;
        for (double t : v) a += t;
        return a / double(v.size());
    };
    const double mm = mean(memory);
    std::printf("memory only        : %7.2f ms per step (best %.2f), %5.1f GB/s\n", 1e3 * mm, 1e3 * best[0],
                bytes / mm / 1e9);
    const double om = mean(oneRegion);
    std::printf("memory, one region : %7.2f ms per step (best %.2f), %5.1f GB/s\n", 1e3 * om, 1e3 * bestOne,
                bytes / om / 1e9);
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        const double km = mean(kernel[k]);
        std::printf("kernels %-11s: %7.2f ms per step (best %.2f), %5.1f GB/s, %.0f%% of memory only\n",
                    ok::activationRoundingName(kinds[k]), 1e3 * km, 1e3 * best[k + 1], bytes / km / 1e9,
                    100 * mm / km);
    }
    return 0;
}
