// CPU causal attention (core's causalAttentionCpu, the kernel of prefill and of the quantize pipeline's
// passes) on random q/k/v: milliseconds per call and GFLOP/s, counting 4 * hd flops per (query, visible key)
// pair (q.k and the weighted value). Defaults: a quantize pass's batch on stories260K (16 windows of 512
// tokens, 8 query heads over 4 KV heads of 8 dimensions). --queries N times the last N positions only
// against the whole cache (decoding: --queries 1; the 1.1B shape: --batch 1 --heads 32 --kv-heads 4
// --head-dim 64 --seqlen S), where the flops are 4 * hd per visible key of those rows and the cache's bytes
// (keys and values, float32) are reported too. Results: docs/BENCHMARKS.md.
#include "model/attention_cpu.h"
#include "owq/engine.h"
#include "owq/process.h"

#include <ATen/ATen.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
    owq::reexecWithShortOpenMPSpin(argv);
    CLI::App app("causal attention on the CPU");
    std::int64_t B = 16, H = 8, KV = 4, T = 512, hd = 8;
    std::int64_t queries = 0; // 0: all seqlen positions
    int reps = 7, threads = 1;
    app.add_option("--batch", B, "sequences per call");
    app.add_option("--heads", H, "query heads");
    app.add_option("--kv-heads", KV, "key/value heads (a divisor of --heads)");
    app.add_option("--seqlen", T, "tokens per sequence");
    app.add_option("--head-dim", hd, "dimensions per head");
    app.add_option("--queries", queries, "query rows: the last N positions (0: all; 1: one decode step)");
    app.add_option("--reps", reps, "timed calls (the median is reported)");
    app.add_option("--threads", threads, "CPU threads");
    CLI11_PARSE(app, argc, argv);
    owq::initRuntime(threads);
    at::manual_seed(0);
    const std::int64_t Q = queries > 0 ? std::min(queries, T) : T;
    const at::Tensor q = at::randn({B, H, Q, hd}), k = at::randn({B, KV, T, hd}),
                     v = at::randn({B, KV, T, hd});
    const float scale = 1.0f / std::sqrt(float(hd));
    owq::detail::causalAttentionCpu(q, k, v, scale, 0, 0); // warm-up
    std::vector<double> ms;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        owq::detail::causalAttentionCpu(q, k, v, scale, 0, 0);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    // Row t of the last Q sees T - Q + t + 1 keys.
    const double pairs = double(Q) * double(T - Q) + double(Q) * double(Q + 1) / 2;
    const double flops = 4.0 * double(hd) * double(B * H) * pairs;
    const double cacheBytes = 2.0 * 4.0 * double(B * KV * T * hd);
    std::printf("attention B=%lld H=%lld KV=%lld T=%lld queries=%lld hd=%lld threads=%d: median %.3f ms "
                "(min %.3f), %.1f GFLOP/s, cache %.1f MB at %.1f GB/s\n",
                (long long)B, (long long)H, (long long)KV, (long long)T, (long long)Q, (long long)hd, threads,
                median, ms.front(), flops / median / 1e6, cacheBytes / 1e6, cacheBytes / median / 1e6);
    return 0;
}
