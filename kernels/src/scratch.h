// A buffer that one thread's products reuse from call to call: a one-token product on a 2048-column linear
// takes a few tens of microseconds, and allocating and zero-filling its gathered activations, spans and
// splits on every call was a measurable part of a decode step (docs/BENCHMARKS.md, issue 22, session 28).
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

namespace owq::kernels::detail {
namespace {

template <typename T> class Scratch {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "Scratch holds plain data: its contents are neither constructed nor cleared");

public:
    // n elements, 64-byte aligned, contents unspecified (what the last user left). The memory is kept
    // while later calls ask for no more than it holds, and given back when a call asks for far less than a
    // large buffer holds (a prefill's activations are not kept for the decode steps after it).
    T* get(std::size_t n) {
        const bool tooSmall = n > capacity_;
        const bool oversized = capacity_ * sizeof(T) > kKeepBytes && capacity_ > 4 * n;
        if (tooSmall || oversized) {
            data_.reset(); // the old buffer goes first: never both at once
            data_.reset(static_cast<T*>(
                ::operator new (std::max<std::size_t>(n, 1) * sizeof(T), std::align_val_t{64})));
            capacity_ = n;
        }
        return data_.get();
    }

private:
    static constexpr std::size_t kKeepBytes = std::size_t(1) << 20;
    struct Free {
        void operator()(T* p) const { ::operator delete (p, std::align_val_t{64}); }
    };
    std::unique_ptr<T, Free> data_;
    std::size_t capacity_ = 0;
};

} // namespace
} // namespace owq::kernels::detail
