// Rope's tables are built on first use, and a narrow model's calibration batches run in lanes side by side
// (core/src/quant/batch_lanes.h), so several threads can be first at once. This probe starts threads on a
// fresh Rope together, many times over, and checks each one's rotation against one computed alone, bit for
// bit. In the sanitized build a table replaced under a reader, or one lost between two writers, is also an
// ASan or LSan report (the race CI once hit as a 16 KiB leak in test_packed_model). Plain C++ with LibTorch:
// test TUs with Qt never include LibTorch headers.
#include "model/rope.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <thread>
#include <vector>

namespace {

owq::ModelConfig config(const char* scaling) {
    owq::ModelConfig c;
    c.numHeads = 2;
    c.headDim = 8;
    c.maxPositions = 512;
    c.ropeScaling.type = scaling;
    c.ropeScaling.factor = 2.0;
    return c;
}

// Rotates x at positions [pos0, pos0 + T) with a Rope nobody else touches.
at::Tensor alone(const owq::ModelConfig& cfg, const at::Tensor& x, std::int64_t pos0) {
    owq::detail::Rope rope(cfg, at::kCPU);
    return rope.apply(x, pos0);
}

// Returns the number of mismatches over `rounds` fresh Ropes raced by `threads` threads.
int race(const owq::ModelConfig& cfg, int threads, int rounds) {
    // Each thread rotates its own window, the odd ones past the trained context at one position (dynamic NTK
    // builds a table with a grown base there, for the longest sequence seen, so one length for all of them):
    // first users ask for tables of different lengths, and with dynamic NTK of different bases.
    std::vector<at::Tensor> x(threads), want(threads);
    std::vector<std::int64_t> pos0(threads);
    for (int t = 0; t < threads; ++t) {
        x[t] = at::randn({1, cfg.numHeads, 16, cfg.headDim}, at::kFloat);
        pos0[t] = t % 2 ? 600 : 16 * t;
        want[t] = alone(cfg, x[t], pos0[t]);
    }
    int bad = 0;
    for (int r = 0; r < rounds; ++r) {
        owq::detail::Rope rope(cfg, at::kCPU);
        std::atomic<int> ready{0};
        std::vector<at::Tensor> got(threads);
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                c10::InferenceMode guard;
                ready.fetch_add(1);
                while (ready.load() < threads) {
                }
                try {
                    got[t] = rope.apply(x[t], pos0[t]);
                } catch (const std::exception& e) { // a table swapped under this call: too short for it
                    std::fprintf(stderr, "thread %d: %s\n", t, e.what());
                }
            });
        for (auto& th : pool) th.join();
        for (int t = 0; t < threads; ++t) bad += !got[t].defined() || !at::equal(got[t], want[t]);
    }
    return bad;
}

} // namespace

int main() {
    at::set_num_threads(1);
    int bad = 0;
    // "none": one table serves every window here; "dynamic": the windows past 512 positions need another.
    for (const char* scaling : {"none", "dynamic"}) {
        const int b = race(config(scaling), 4, 300);
        std::printf("%s: %d of %d rotations differ from one made alone\n", scaling, b, 4 * 300);
        bad += b;
    }
    return bad == 0 ? 0 : 1;
}
