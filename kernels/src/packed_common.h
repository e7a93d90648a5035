// Pieces every CPU path shares: the activations gathered into packed column order, their per-group sums
// (so a row's dot product is sum_g scale_g * (sum_j code_j x_j - zero_g * sum_j x_j)), and the weak-column
// and bias terms, which are tiny next to the packed dot products.
#pragma once

#include "owq/kernels/packed_layout.h"
#include "scratch.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <type_traits>

#include <omp.h>

#if defined(__AVX512F__)
#include "avx512_intrinsics.h"
#endif

namespace owq::kernels::detail {
// Internal linkage on purpose: each path's translation unit is compiled with its own ISA flags, and an inline
// function with external linkage that one of them emits out of line (gatherInputs was) is a weak symbol the
// linker may pick for every caller, e.g. an AVX-512 copy for the AVX2 path on a CPU without AVX-512.
namespace {

// Columns [j0, j1) of group g in packed order.
inline std::int64_t groupEnd(const PackedLinearView& v, std::int64_t g) {
    return v.groupSize > 0 ? std::min<std::int64_t>((g + 1) * v.groupSize, v.dense) : v.dense;
}

struct GemmInputs {
    std::int64_t dense = 0; // packed columns, rounded up to whole 32-column blocks in xp
    std::int64_t paddedDense = 0;
    float* xp = nullptr; // [m, paddedDense] activations in packed order, zero beyond `dense`
    float* gs = nullptr; // [m, nGroups] sum of xp over each group (null when not asked for)
    float* xw = nullptr; // [m, weak] activations of the weak columns
};

// Group sums are summed per group in 8 interleaved partial sums (a single running sum in memory was a chain
// of store-to-load forwards, tens of microseconds per call at 11008 columns); paths that do not use them
// pass groupSums = false and get gs null. The arrays are the calling thread's scratch: valid until its next
// gatherInputs (a product does not start another product).
inline const GemmInputs& gatherInputs(const PackedLinearView& v, const float* x, std::int64_t m,
                                      bool groupSums = true) {
    thread_local GemmInputs in;
    thread_local Scratch<float> xp, gs, xw;
    in.dense = v.dense;
    in.paddedDense = (v.dense + kPackedBlockCols - 1) / kPackedBlockCols * kPackedBlockCols;
    in.xp = xp.get(std::size_t(m * in.paddedDense));
    in.gs = groupSums ? gs.get(std::size_t(m * v.nGroups)) : nullptr;
    in.xw = xw.get(std::size_t(m * v.weak));
    for (std::int64_t i = 0; i < m; ++i) {
        const float* xi = x + i * v.cols;
        float* p = in.xp + i * in.paddedDense;
        std::int64_t j = 0;
#if defined(__AVX512F__)
        // 16 at a time: the scalar loop was most of a one-token product's serial part at 2048 columns.
        if (v.perm)
            for (; j + 16 <= v.dense; j += 16)
                _mm512_storeu_ps(p + j, _mm512_i32gather_ps(_mm512_loadu_si512(v.perm + j), xi, 4));
#endif
        for (; j < v.dense; ++j) p[j] = xi[v.perm ? v.perm[j] : j];
        std::fill(p + v.dense, p + in.paddedDense, 0.0f);
        for (std::int64_t g = 0; groupSums && g < v.nGroups; ++g) {
            float part[8] = {};
            if (v.dense > 0) {
                const std::int64_t j1 = groupEnd(v, g);
                std::int64_t j = g * v.groupSize;
                for (; j + 8 <= j1; j += 8)
                    for (int t = 0; t < 8; ++t) part[t] += p[j + t];
                for (; j < j1; ++j) part[0] += p[j];
            }
            in.gs[i * v.nGroups + g] =
                ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
        }
        for (std::int64_t k = 0; k < v.weak; ++k) in.xw[i * v.weak + k] = xi[v.weakIdx[k]];
    }
    return in;
}

// y[i, r] += weak-column products and bias, for one row r.
inline void addWeakAndBias(const PackedLinearView& v, const GemmInputs& in, std::int64_t m, std::int64_t r,
                           float* y) {
    const std::uint16_t* ww = v.weakWeight + r * v.weak;
    for (std::int64_t i = 0; i < m; ++i) {
        float acc = v.bias ? v.bias[r] : 0.0f;
        const float* xw = in.xw + i * v.weak;
        for (std::int64_t k = 0; k < v.weak; ++k) acc += f16ToFloat(ww[k]) * xw[k];
        y[i * v.rows + r] += acc;
    }
}

// Asks for [p, p + bytes) to be brought into the cache, one request per 64-byte line: the scales, zero points
// and weak columns of the rows a thread takes next, which the hardware prefetchers (following the codes)
// would otherwise leave as a DRAM miss at every row.
inline void prefetchBytes(const void* p, std::int64_t bytes) {
    const char* c = static_cast<const char*>(p);
    for (std::int64_t b = 0; b < bytes; b += 64) __builtin_prefetch(c + b);
}

// Calls f(std::integral_constant<int, B>{}) for B = bits (2, 3, else 4), so a path's kernels are compiled
// once per bit width and chosen at run time.
template <typename F> void withBits(int bits, F f) {
    switch (bits) {
    case 2:
        return f(std::integral_constant<int, 2>{});
    case 3:
        return f(std::integral_constant<int, 3>{});
    default:
        return f(std::integral_constant<int, 4>{});
    }
}

// Tiles [front, back) of one thread's share, claimed one at a time from the front by the thread that owns the
// share and from the back by a thread that has finished its own (both halves in one atomic word).
class TileShare {
public:
    void reset(std::int64_t front, std::int64_t back) {
        fb_.store(std::uint64_t(front) | std::uint64_t(back) << 32, std::memory_order_relaxed);
    }
    std::int64_t takeFront() { return take(true); }
    std::int64_t takeBack() { return take(false); }

private:
    std::int64_t take(bool front) { // -1: nothing left
        std::uint64_t cur = fb_.load(std::memory_order_relaxed);
        for (;;) {
            const std::int64_t f = std::int64_t(cur & 0xffffffffu), b = std::int64_t(cur >> 32);
            if (f >= b) return -1;
            const std::uint64_t next = front ? std::uint64_t(f + 1) | std::uint64_t(b) << 32
                                             : std::uint64_t(f) | std::uint64_t(b - 1) << 32;
            if (fb_.compare_exchange_weak(cur, next, std::memory_order_relaxed)) return front ? f : b - 1;
        }
    }
    alignas(64) std::atomic<std::uint64_t> fb_{0};
};

// The row-tile driver of the vector GEMM paths: output rows in tiles of `tileRows`, shared out over the CPU
// threads. Each thread takes its contiguous share (as schedule(static) would give it: one stream of rows for
// the prefetches to follow) from the front, and when done takes what is left of the others' shares from their
// back end: the threads of a product finish within a tile of each other, where with a static schedule one
// waited at the join for the 5-7% by which the other ran late (docs/BENCHMARKS.md, issue 22, sessions 23 and
// 25). For each tile it prefetches the next tile's scales and zero points and calls
// `denseTile(r0, r1, sF, zF)` with per-thread float buffers for that tile's scales and zero points
// ([tileRows * nGroups] each; the path converts into them, as the fp16 conversion is ISA-specific). When
// every column is weak there is nothing packed: y is zeroed and `weakRow(r, wf)` adds row r's weak columns
// and bias with a per-thread [weak] float buffer.
template <typename DenseTile, typename WeakRow>
void forEachRowTile(const PackedLinearView& v, std::int64_t tileRows, std::int64_t m, float* y, int threads,
                    DenseTile denseTile, WeakRow weakRow) {
    const std::int64_t tiles = (v.rows + tileRows - 1) / tileRows;
    const int shares = int(std::max<std::int64_t>(1, std::min<std::int64_t>(threads, tiles)));
    // The shares live with the calling thread (TileShare is an atomic: sized once, never moved).
    thread_local std::unique_ptr<TileShare[]> shareStore;
    thread_local int shareCapacity = 0;
    if (shares > shareCapacity) {
        shareStore = std::make_unique<TileShare[]>(std::size_t(shares));
        shareCapacity = shares;
    }
    TileShare* share = shareStore.get();
    for (int t = 0; t < shares; ++t) {
        const std::int64_t q = tiles / shares, extra = tiles % shares;
        const std::int64_t front = t * q + std::min<std::int64_t>(t, extra);
        share[t].reset(front, front + q + (t < extra ? 1 : 0));
    }
    auto doTile = [&](std::int64_t t, float* sF, float* zF, float* wf) {
        const std::int64_t r0 = t * tileRows, r1 = std::min(v.rows, r0 + tileRows);
        if (v.dense > 0) {
            if (r1 < v.rows) { // the next tile's scales and zero points
                const std::int64_t n = std::min(tileRows, v.rows - r1) * v.nGroups;
                prefetchBytes(v.scales + r1 * v.nGroups, 2 * n);
                prefetchBytes(v.zeros + r1 * v.nGroups, n);
            }
            denseTile(r0, r1, sF, zF);
        } else {
            for (std::int64_t i = 0; i < m; ++i)
                for (std::int64_t r = r0; r < r1; ++r) y[i * v.rows + r] = 0.0f;
            for (std::int64_t r = r0; r < r1; ++r) weakRow(r, wf);
        }
    };
#pragma omp parallel num_threads(shares)
    {
        thread_local Scratch<float> sz, weak;
        float* sF = sz.get(std::size_t(2 * tileRows * v.nGroups));
        float* zF = sF + tileRows * v.nGroups;
        float* wf = weak.get(std::size_t(v.weak));
        // A smaller team than asked for (nested regions, limits) still does every share: the unowned ones
        // are all taken from the back.
        const int me = omp_get_thread_num(); // < shares: the team is at most that large
        for (std::int64_t t; (t = share[me].takeFront()) >= 0;) doTile(t, sF, zF, wf);
        for (int k = 1; k < shares; ++k) {
            TileShare& other = share[(me + k) % shares];
            for (std::int64_t t; (t = other.takeBack()) >= 0;) doTile(t, sF, zF, wf);
        }
    }
}

// Group g's columns [j0, j1) split for a vector path that decodes aligned runs of `unit` columns (a divisor
// of kPackedBlockCols): [j0, bodyBegin) and [bodyEnd, j1) are read one code at a time (group boundaries that
// fall inside a run), [bodyBegin, bodyEnd) in whole runs. The last group's body runs on to `paddedEnd`, the
// row padding (zero codes; callers give those columns zero activations or do not store them).
struct GroupSpan {
    std::int64_t j0 = 0, bodyBegin = 0, bodyEnd = 0, j1 = 0;
};

inline GroupSpan groupSpan(const PackedLinearView& v, std::int64_t g, std::int64_t unit,
                           std::int64_t paddedEnd) {
    GroupSpan s;
    s.j0 = g * v.groupSize;
    s.j1 = groupEnd(v, g);
    const std::int64_t first = (s.j0 + unit - 1) / unit * unit;
    if (first >= s.j1) {
        s.bodyBegin = s.bodyEnd = s.j1;
        return s;
    }
    s.bodyBegin = first;
    s.bodyEnd = g == v.nGroups - 1 ? paddedEnd : s.j1 / unit * unit;
    return s;
}

// groupSpan for every group (all zero when nothing is packed), in the calling thread's scratch (valid until
// its next groupSpans); `ragged` says whether any group has columns read one code at a time, so a path can
// skip that handling entirely when none does.
inline const GroupSpan* groupSpans(const PackedLinearView& v, std::int64_t unit, std::int64_t paddedEnd,
                                   bool& ragged) {
    thread_local Scratch<GroupSpan> store;
    GroupSpan* spans = store.get(std::size_t(std::max<std::int64_t>(v.nGroups, 0)));
    ragged = false;
    for (std::int64_t g = 0; g < v.nGroups; ++g) {
        const GroupSpan sp = spans[g] = v.dense > 0 ? groupSpan(v, g, unit, paddedEnd) : GroupSpan{};
        ragged = ragged || sp.j0 < sp.bodyBegin || sp.bodyEnd < sp.j1;
    }
    return spans;
}

} // namespace
} // namespace owq::kernels::detail
