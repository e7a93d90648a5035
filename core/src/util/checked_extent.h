// Hot inner loops in sanitizer builds. ASan and UBSan check every element access of a vector loop: the
// attention and MSE-search kernels ran ~40x slower instrumented and were most of the sanitizer suite's time.
// OWQ_UNINSTRUMENTED turns the per-element checks off for such a function, and OWQ_CHECK_EXTENT checks the
// whole range it touches once per call instead, so an out-of-bounds read or write is still reported (as an
// ordinary ASan report at the first bad byte). Both are empty in normal builds. Inside such a function call no
// library function (std::min, std::copy, memcpy of locals...): an instrumented callee checks stack slots the
// uninstrumented caller never unpoisons and reports stack-use-after-scope; use builtins, plain loops and
// inline helpers that are OWQ_UNINSTRUMENTED themselves (an instrumented one inlined here leaves poison).
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>

namespace owq::detail {
// Touches the first poisoned byte of [p, p + bytes) through an instrumented read: ASan reports it there.
__attribute__((noinline)) inline void checkExtent(const void* p, std::size_t bytes) {
    if (bytes == 0) return;
    if (const void* bad = __asan_region_is_poisoned(const_cast<void*>(p), bytes)) {
        const volatile char* c = static_cast<const volatile char*>(bad);
        (void)*c;
    }
}
} // namespace owq::detail

#define OWQ_UNINSTRUMENTED __attribute__((no_sanitize("address", "undefined")))
// count elements of ptr's type from ptr.
#define OWQ_CHECK_EXTENT(ptr, count) ::owq::detail::checkExtent((ptr), std::size_t(count) * sizeof(*(ptr)))
#else
#define OWQ_UNINSTRUMENTED
#define OWQ_CHECK_EXTENT(ptr, count) ((void)0)
#endif
