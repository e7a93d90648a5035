// Sanitized builds only (OWQ_SANITIZE): LibTorch's CPU tensors come from a pool of reused blocks.
//
// Under AddressSanitizer every block above 128 KiB (the top of ASan's size classes) is a fresh mmap that is
// munmap'ed again on free, so each large tensor is zero-filled by the kernel page by page: half of an
// instrumented test's time was kernel page faults (docs/RELIABILITY.md). The normal build's glibc heap reuses
// those pages instead (initRuntime). This allocator keeps freed large blocks and hands them out again, and
// keeps ASan's checks on them by poisoning by hand: a free block is poisoned whole (a use after free is
// reported as use-after-poison), and a block in use is poisoned past the size asked for (an overflow into
// the rounding slack is reported too). Blocks below 128 KiB go straight to ASan's allocator, which checks
// them fully. Linked into every executable that links owq_core (core/CMakeLists.txt), installed before main.
#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <sanitizer/asan_interface.h>
#include <torch/version.h>

#include <cstddef>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::size_t kPooledFrom = std::size_t(128) << 10; // ASan mmaps each block from here up
constexpr std::size_t kCacheLimit = std::size_t(1) << 30;   // free bytes kept; beyond, blocks go back

// Size classes an eighth of a power of two apart: a block serves requests up to 12.5% smaller.
std::size_t sizeClass(std::size_t n) {
    const int log2 = 63 - __builtin_clzll(n);
    const std::size_t step = std::size_t(1) << (log2 - 3);
    return (n + step - 1) & ~(step - 1);
}

class BlockPool {
public:
    void* take(std::size_t n) {
        const std::size_t capacity = sizeClass(n);
        void* block = nullptr;
        {
            std::lock_guard lock(mutex_);
            auto& list = free_[capacity];
            if (!list.empty()) {
                block = list.back();
                list.pop_back();
                cached_ -= capacity;
            }
        }
        if (!block) block = c10::alloc_cpu(capacity); // throws c10::Error when out of memory
        ASAN_POISON_MEMORY_REGION(block, capacity);
        ASAN_UNPOISON_MEMORY_REGION(block, n);
        std::lock_guard lock(mutex_);
        live_[block] = capacity;
        return block;
    }

    void give(void* block) {
        std::unique_lock lock(mutex_);
        const auto it = live_.find(block);
        if (it == live_.end()) { // a small block, or one from before this allocator was installed
            lock.unlock();
            c10::free_cpu(block);
            return;
        }
        const std::size_t capacity = it->second;
        live_.erase(it);
        if (cached_ + capacity <= kCacheLimit) {
            ASAN_POISON_MEMORY_REGION(block, capacity);
            free_[capacity].push_back(block);
            cached_ += capacity;
            return;
        }
        lock.unlock();
        ASAN_UNPOISON_MEMORY_REGION(block, capacity);
        c10::free_cpu(block);
    }

private:
    std::mutex mutex_;
    std::unordered_map<void*, std::size_t> live_;              // block -> capacity, for blocks in use
    std::unordered_map<std::size_t, std::vector<void*>> free_; // capacity -> poisoned free blocks
    std::size_t cached_ = 0;
};

// Never destroyed: tensors may be freed by other objects' destructors after main returns.
BlockPool& pool() {
    static BlockPool* instance = new BlockPool;
    return *instance;
}

void releaseBlock(void* block) {
    pool().give(block);
}

class PooledCpuAllocator final : public c10::Allocator {
public:
    c10::DataPtr allocate(std::size_t n) const override {
        void* block = n < kPooledFrom ? c10::alloc_cpu(n) : pool().take(n);
        return {block, block, &releaseBlock, c10::Device(c10::DeviceType::CPU)};
    }
    c10::DeleterFnPtr raw_deleter() const override { return &releaseBlock; }
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
    // LibTorch 2.3 and later ask every allocator how to copy between its blocks.
    void copy_data(void* dest, const void* src, std::size_t count) const override {
        std::memcpy(dest, src, count);
    }
#endif
};

// Above LibTorch's own CPU allocator (priority 0), before main and so before any tensor of ours.
const bool installed = [] {
    c10::SetCPUAllocator(new PooledCpuAllocator, /*priority=*/1); // never destroyed, like the pool
    return true;
}();

} // namespace
