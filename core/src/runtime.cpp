#include "owq/engine.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

namespace owq {

void initRuntime(int threads) {
    // LibTorch starts with one intra-op thread here; use every core unless told otherwise.
    const int n = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    if (at::get_num_threads() != n) at::set_num_threads(n);
}

int runtimeThreads() { return at::get_num_threads(); }

bool cudaAvailable() { return at::hasCUDA(); }

} // namespace owq
