// Checks, in the OWQ_SANITIZE build, that the pooled CPU allocator (core/sanitize/tensor_pool.cpp) is the one
// LibTorch uses and that ASan still catches misuse of the blocks it reuses. One mode per CTest entry
// (tests/CMakeLists.txt): `reuse` exits 0 when a freed large block comes back (its old contents with it);
// `use-after-free` and `overflow` must end in an ASan use-after-poison report.
#include <ATen/ATen.h>

#include <cstdio>
#include <cstring>

namespace {

volatile float sink; // keeps the probing reads

int reuse() {
    const int64_t n = 1 << 20; // 4 MiB: far above ASan's own size classes
    at::Tensor a = at::empty({n}, at::kFloat);
    a.fill_(42.0f);
    const void* first = a.data_ptr();
    a = at::Tensor(); // back to the pool
    at::Tensor b = at::empty({n}, at::kFloat);
    // A fresh mmap would be zero (or ASan's fill pattern); only a reused block still holds 42.
    const bool reused = b.data_ptr() == first && b.data_ptr<float>()[n - 1] == 42.0f;
    std::printf("%s\n", reused ? "block reused" : "block not reused: the pool is not LibTorch's allocator");
    return reused ? 0 : 1;
}

int useAfterFree() {
    at::Tensor a = at::ones({1 << 20}, at::kFloat);
    const float* p = a.data_ptr<float>();
    a = at::Tensor();
    sink = p[1000];
    std::printf("read freed memory unreported\n");
    return 1;
}

int overflow() {
    // 4,000,000 bytes sit in a 4 MiB size class: the read past the end lands in the poisoned slack.
    const int64_t n = 1000000;
    at::Tensor a = at::ones({n}, at::kFloat);
    sink = a.data_ptr<float>()[n + 16];
    std::printf("read past the end unreported\n");
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "";
    if (!std::strcmp(mode, "reuse")) return reuse();
    if (!std::strcmp(mode, "use-after-free")) return useAfterFree();
    if (!std::strcmp(mode, "overflow")) return overflow();
    std::fprintf(stderr, "usage: pool_probe reuse|use-after-free|overflow\n");
    return 2;
}
