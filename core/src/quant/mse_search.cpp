// See mse_search.h. Plain loops the compiler vectorises (compiled for AVX-512, AVX2 and baseline x86-64,
// picked at run time); |d|^2.4 as exp2(2.4 log2 |d|) with polynomials accurate to ~1e-7 relative.
#include "quant/mse_search.h"
#include "util/checked_extent.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace owq::detail {

namespace {

OWQ_UNINSTRUMENTED inline float bitsToFloat(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

OWQ_UNINSTRUMENTED inline std::uint32_t floatToBits(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

// a^2.4 for a >= 0 (0 for a = 0; values below 2^-52 give 0, far below anything a row's error sums see).
OWQ_UNINSTRUMENTED inline float pow24(float a) {
    const std::uint32_t bits = floatToBits(a);
    int e = int((bits >> 23) & 0xff) - 127;
    float m = bitsToFloat((bits & 0x7fffffu) | 0x3f800000u); // [1, 2)
    const bool high = m > 1.41421356f;
    m = high ? m * 0.5f : m;
    e = high ? e + 1 : e;
    // log2(m) = 2/ln2 * atanh(t), t = (m - 1)/(m + 1), |t| <= 0.172
    const float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
    const float atanh = t * (1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7 + t2 * (1.0f / 9)))));
    float y = 2.4f * (float(e) + 2.88539008f * atanh);
    // Builtins and ternaries, not std::max / std::nearbyint: uninstrumented in sanitizer builds, this
    // function cannot inline their instrumented instantiations (util/checked_extent.h).
    y = y < -125.0f ? -125.0f : y;
    // 2^y = 2^k * 2^f, k = round(y), |f| <= 0.5
    const float k = __builtin_nearbyintf(y);
    const float f = (y - k) * 0.693147181f; // in natural-log units for the exp series
    const float p =
        1.0f +
        f * (1.0f + f * (0.5f + f * (1.0f / 6 + f * (1.0f / 24 + f * (1.0f / 120 + f * (1.0f / 720))))));
    const float scale = bitsToFloat(std::uint32_t(int(k) + 127) << 23);
    return a == 0.0f ? 0.0f : p * scale;
}

// pow24(|(clamp(c + zero, 0, maxq) - zero) * delta - x|): one candidate's error term for a weight x whose
// rounded code is c.
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline float candidateTerm(float c, float x, float zero, float maxq,
                                                                     float delta) {
    const float lifted = c + zero, clamped = lifted < 0.0f ? 0.0f : lifted;
    const float q = ((maxq < clamped ? maxq : clamped) - zero) * delta; // as std::min(std::max(..))
    return pow24(__builtin_fabsf(q - x));
}

// sum over j of candidateTerm(c_j, x_j)
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) float
candidateError(const float* x, const float* c, std::int64_t n, float zero, float maxq, float delta) {
    OWQ_CHECK_EXTENT(x, n);
    OWQ_CHECK_EXTENT(c, n);
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (std::int64_t j = 0; j < n; ++j) sum += candidateTerm(c[j], x[j], zero, maxq, delta);
    return sum;
}

// Sixteen floats as one value (kept in registers); loads through a may_alias, unaligned vector type.
typedef float Floats16 __attribute__((vector_size(64), aligned(4), may_alias));
typedef int Ints16 __attribute__((vector_size(64)));

// The sum of v's lanes by halving (any order serves the bound below): four shuffles and adds.
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline float laneSum(Floats16 v) {
    v += __builtin_shuffle(v, Ints16{8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7});
    v += __builtin_shuffle(v, Ints16{4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3});
    v += __builtin_shuffle(v, Ints16{2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1});
    v += __builtin_shuffle(v, Ints16{1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0});
    return v[0];
}

// Whether candidateError's sum would exceed `limit`, decided from a prefix where it can: the terms are never
// negative, so a partial sum past the limit settles it and the rest of the row is skipped. Sums a vector of
// 16 terms at a time in its own order (the caller's margin covers the rounding difference to
// candidateError's); false when the whole row stays within the limit.
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) bool
candidateErrorExceeds(const float* x, const float* c, std::int64_t n, float zero, float maxq, float delta,
                      float limit) {
    OWQ_CHECK_EXTENT(x, n);
    OWQ_CHECK_EXTENT(c, n);
    constexpr std::int64_t kLanes = 16;
    Floats16 acc = Floats16{};
    std::int64_t j = 0;
    for (; j + kLanes <= n; j += kLanes) {
        float terms[kLanes];
#pragma omp simd
        for (std::int64_t l = 0; l < kLanes; ++l)
            terms[l] = candidateTerm(c[j + l], x[j + l], zero, maxq, delta);
        acc += *reinterpret_cast<const Floats16*>(terms);
        if (laneSum(acc) > limit) return true;
    }
    float sum = laneSum(acc);
    for (; j < n; ++j) sum += candidateTerm(c[j], x[j], zero, maxq, delta);
    return sum > limit;
}

OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
roundCodes(const float* x, std::int64_t n, float delta, float* c) {
    OWQ_CHECK_EXTENT(x, n);
    OWQ_CHECK_EXTENT(c, n);
#pragma omp simd
    for (std::int64_t j = 0; j < n; ++j) c[j] = __builtin_nearbyintf(x[j] / delta);
}

} // namespace

void owqAsymmetricSearch(const float* x, std::int64_t rows, std::int64_t n, const float* range, int num,
                         int levels, float eps, float* bestMin, float* bestMax, bool prune) {
    const int maxq = levels - 1;
    // A pruned candidate's float sum exceeds the best one's times this: more than the rounding of two float
    // sums of n non-negative terms in different orders (each within (n - 1) * 2^-24 relative) can explain.
    const double margin = 1.0 + double(n + 16) * std::ldexp(1.0, -21);
    at::parallel_for(0, rows, 1, [&](std::int64_t r0, std::int64_t r1) {
        std::vector<float> codes(static_cast<std::size_t>(n));
        for (std::int64_t r = r0; r < r1; ++r) {
            const float* xr = x + r * n;
            float best = 1e10f, bmin = bestMin[r], bmax = bestMax[r];
            int bestAt = -1; // scan position of the best (a tie goes to the earlier, as the scan's `<` does)
            const float step = range[r] / float(num); // as the tensor code: range / num, then * i
            // The widest ranges first: the best is then usually found early, and the narrow ranges, far
            // worse, are pruned after a few of their terms. The choice is the scan's own (least score,
            // first in scan order on ties); pruned candidates provably lose.
            for (int i = num; i >= 1; --i) {
                const float tmpMax = step * float(i);
                const float delta = std::max(tmpMax / float(maxq), eps);
                roundCodes(xr, n, delta, codes.data());
                for (int zp = 0; zp < levels; ++zp) {
                    const float shift = delta * float(zp);
                    const float newMin = 0.0f - shift, newMax = tmpMax - shift;
                    const float zero = std::clamp(0.0f - std::nearbyint(newMin / delta), 0.0f, float(maxq));
                    const double limit = double(best) * double(n) * margin;
                    if (prune && limit < 1e30 &&
                        candidateErrorExceeds(xr, codes.data(), n, zero, float(maxq), delta, float(limit)))
                        continue;
                    const float score =
                        candidateError(xr, codes.data(), n, zero, float(maxq), delta) / float(n);
                    const int at = (i - 1) * levels + zp;
                    if (score < best || (score == best && at < bestAt)) {
                        best = score;
                        bestAt = at;
                        bmin = newMin;
                        bmax = newMax;
                    }
                }
            }
            bestMin[r] = bmin;
            bestMax[r] = bmax;
        }
    });
}

} // namespace owq::detail
