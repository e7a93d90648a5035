#include "owq/engine.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include "owq/kernels/packed_cpu.h"

#include <algorithm>
#include <dlfcn.h>
#include <malloc.h>
#include <mutex>
#include <thread>

namespace owq {

void initRuntime(int threads) {
    static std::once_flag mallocTuned;
    std::call_once(mallocTuned, [] {
        // Activation buffers of tens of MB are allocated and freed for every layer. glibc would serve each
        // from a fresh mmap and fault every page in again (a quarter of the run time seen here); keeping
        // blocks up to 32 MB on the heap and not trimming it lets them be reused.
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 512 << 20);
    });
    // LibTorch starts with one intra-op thread here; use every core unless told otherwise.
    const int n = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    if (at::get_num_threads() != n) at::set_num_threads(n);
    kernels::setCpuThreads(n);
    // OpenBLAS (behind LibTorch's BLAS calls) keeps its own pool, sized to all cores; left larger than
    // ours, its idle workers spin in sched_yield beside our threads on small matrices. Match it when the
    // BLAS in this process is OpenBLAS.
#if defined(__SANITIZE_ADDRESS__)
    // Instrumented builds: one BLAS thread. OpenBLAS's threaded level-3 path mallocs a 512 KiB job table on
    // every call, which ASan serves from a fresh mmap each time: in test_packed_model that was 12 GB of
    // page faults, half the run time. Our own threads and LibTorch's stay at n.
    const int blasThreads = 1;
#else
    const int blasThreads = n;
#endif
    using SetBlasThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        set(blasThreads);
}

int runtimeThreads() {
    return at::get_num_threads();
}

bool cudaAvailable() {
    return at::hasCUDA();
}

} // namespace owq
