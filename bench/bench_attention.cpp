// CPU causal attention (core's causalAttentionCpu, the kernel of prefill and of the quantize pipeline's
// passes) on random q/k/v: milliseconds per call and GFLOP/s, counting 4 * hd flops per (query, visible key)
// pair (q.k and the weighted value). Defaults: a quantize pass's batch on stories260K (16 windows of 512
// tokens, 8 query heads over 4 KV heads of 8 dimensions). --queries N times the last N positions only
// against the whole cache (decoding: --queries 1; the 1.1B shape: --batch 1 --heads 32 --kv-heads 4
// --head-dim 64 --seqlen S), where the flops are 4 * hd per visible key of those rows and the cache's bytes
// (keys and values) are reported too. --kv-cache bf16 keeps keys and values in bfloat16 (a bf16 KV cache);
// --layers N gives each call its own of N caches in turn, as a decode step walks every layer's cache (N
// caches larger than the last-level cache time them from memory). Results: docs/BENCHMARKS.md.
#include "model/attention_cpu.h"
#include "owq/engine.h"
#include "owq/process.h"

#include <ATen/ATen.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    owq::reexecWithShortOpenMPSpin(argv);
    CLI::App app("causal attention on the CPU");
    std::int64_t B = 16, H = 8, KV = 4, T = 512, hd = 8;
    std::int64_t queries = 0; // 0: all seqlen positions
    int reps = 7, threads = 1, layers = 1;
    std::string kvCache = "f32";
    app.add_option("--batch", B, "sequences per call");
    app.add_option("--heads", H, "query heads");
    app.add_option("--kv-heads", KV, "key/value heads (a divisor of --heads)");
    app.add_option("--seqlen", T, "tokens per sequence");
    app.add_option("--head-dim", hd, "dimensions per head");
    app.add_option("--queries", queries, "query rows: the last N positions (0: all; 1: one decode step)");
    app.add_option("--reps", reps, "timed calls (the median is reported)");
    app.add_option("--threads", threads, "CPU threads");
    app.add_option("--kv-cache", kvCache, "keys and values in f32 or bf16")
        ->check(CLI::IsMember({"f32", "bf16"}));
    app.add_option("--layers", layers, "caches the calls take in turn (a decode step's layers)")
        ->check(CLI::PositiveNumber);
    CLI11_PARSE(app, argc, argv);
    owq::initRuntime(threads);
    at::manual_seed(0);
    const std::int64_t Q = queries > 0 ? std::min(queries, T) : T;
    const at::ScalarType kvType = kvCache == "bf16" ? at::kBFloat16 : at::kFloat;
    const at::Tensor q = at::randn({B, H, Q, hd});
    std::vector<at::Tensor> k, v;
    for (int l = 0; l < layers; ++l) {
        k.push_back(at::randn({B, KV, T, hd}).to(kvType));
        v.push_back(at::randn({B, KV, T, hd}).to(kvType));
    }
    const float scale = 1.0f / std::sqrt(float(hd));
    for (int l = 0; l < layers; ++l) owq::detail::causalAttentionCpu(q, k[l], v[l], scale, 0, 0); // warm-up
    std::vector<double> ms;
    for (int r = 0; r < reps; ++r)
        for (int l = 0; l < layers; ++l) {
            const auto t0 = std::chrono::steady_clock::now();
            owq::detail::causalAttentionCpu(q, k[std::size_t(l)], v[std::size_t(l)], scale, 0, 0);
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    // Row t of the last Q sees T - Q + t + 1 keys.
    const double pairs = double(Q) * double(T - Q) + double(Q) * double(Q + 1) / 2;
    const double flops = 4.0 * double(hd) * double(B * H) * pairs;
    const double cacheBytes = 2.0 * (kvType == at::kBFloat16 ? 2.0 : 4.0) * double(B * KV * T * hd);
    std::printf("attention B=%lld H=%lld KV=%lld T=%lld queries=%lld hd=%lld threads=%d kv-cache=%s "
                "layers=%d: median %.3f ms (min %.3f), %.1f GFLOP/s, cache %.1f MB at %.1f GB/s\n",
                (long long)B, (long long)H, (long long)KV, (long long)T, (long long)Q, (long long)hd, threads,
                kvCache.c_str(), layers, median, ms.front(), flops / median / 1e6, cacheBytes / 1e6,
                cacheBytes / median / 1e6);
    return 0;
}
