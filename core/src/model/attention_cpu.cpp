// See attention_cpu.h. Compiled with -O3 -fopenmp-simd; the row loops are vectorised in target clones.
//
// Layout: per (batch, head), keys and values transposed to [hd, S] (kt, vt) so every loop runs along keys.
// Query rows go in blocks of kRowBlock: each key is loaded once for the block (one row alone is bound by
// loads at small head sizes), and every loop over keys runs in whole vectors of kLanes: rows' score buffers
// and kt/vt are padded so, the padding's scores are -inf before the softmax and its weights exactly 0.
// Decoding (fewer than kTransposeRows query rows) reads the cache's rows as they are: per (batch, KV head)
// all the query rows that share it at once when the head size is whole vectors (decodeAttention: with
// grouped-query heads each key is loaded once for its whole group, 4x faster at 1.1B's 32/4 heads), one row
// at a time otherwise. A bfloat16 cache is read as it is there (each element widened by a shift as it is
// loaded: half the bytes of a long cache), and widened to float32 once per call on the other paths.
#include "model/attention_cpu.h"
#include "util/checked_extent.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace owq::detail {

namespace {

constexpr std::int64_t kLanes = 16;   // keys per vector step (one AVX-512 register of floats)
constexpr std::int64_t kRowBlock = 8; // query rows per scoresBlock / weightedValuesBlock call
// Query rows per head from which transposing its keys and values pays for itself.
constexpr std::int64_t kTransposeRows = 8;
// Query rows of one KV head from which decoding transposes blocks of its keys (scoresOfKeys).
constexpr std::int64_t kTransposedScoreRows = 4;

constexpr std::int64_t roundUp(std::int64_t n) {
    return (n + kLanes - 1) / kLanes * kLanes;
}

// e^x for x <= 0 (scores minus their maximum), within ~2 float32 ulps; exactly 0 below -87 (and for -inf).
OWQ_UNINSTRUMENTED inline float expNonPositive(float x) {
    const bool tiny = x < -87.0f;
    // The builtins, not std::max / std::nearbyint: sanitizer builds keep this function uninstrumented, and
    // GCC does not inline their instrumented instantiations into it (see util/checked_extent.h).
    x = x < -87.0f ? -87.0f : x;
    const float k = __builtin_nearbyintf(x * 1.44269504f); // x = k ln2 + f, |f| <= ln2 / 2
    const float f = x - k * 0.693145752f - k * 1.42860677e-6f;
    const float p =
        1.0f +
        f * (1.0f +
             f * (0.5f + f * (1.0f / 6 +
                              f * (1.0f / 24 + f * (1.0f / 120 + f * (1.0f / 720 + f * (1.0f / 5040)))))));
    std::uint32_t bits = std::uint32_t(int(k) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, 4);
    return tiny ? 0.0f : p * scale;
}

// s[j] = e^(s[j] - max) for j < n; returns their sum.
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) float
exponentiate(float* s, std::int64_t n, float max) {
    OWQ_CHECK_EXTENT(s, n);
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (std::int64_t j = 0; j < n; ++j) {
        s[j] = expNonPositive(s[j] - max);
        sum += s[j];
    }
    return sum;
}

OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) float maxOf(const float* s,
                                                                                            std::int64_t n) {
    OWQ_CHECK_EXTENT(s, n);
    // Plain loops, no std::fill / max_element / max: the sanitizer build leaves this function uninstrumented,
    // and their instrumented instantiations would check stack slots it never unpoisons
    // (util/checked_extent.h).
    float lanes[kLanes];
    for (std::int64_t l = 0; l < kLanes; ++l) lanes[l] = -__builtin_inff();
    std::int64_t j = 0;
    for (; j + kLanes <= n; j += kLanes)
#pragma omp simd
        for (std::int64_t l = 0; l < kLanes; ++l) lanes[l] = s[j + l] > lanes[l] ? s[j + l] : lanes[l];
    float m = lanes[0];
    for (std::int64_t l = 1; l < kLanes; ++l) m = lanes[l] > m ? lanes[l] : m;
    for (; j < n; ++j) m = s[j] > m ? s[j] : m;
    return m;
}

// Sixteen floats as one value: GCC keeps such variables in registers (one zmm in the AVX-512 clone, two ymm
// in the AVX2 one), where arrays of accumulators may be spilled to the stack. Unaligned loads and stores.
typedef float Floats16 __attribute__((vector_size(64), aligned(4), may_alias));
static_assert(kLanes == 16);
// Helpers take and give vectors by reference: passed by value, a 64-byte vector's ABI would depend on the
// clone (-Wpsabi). Always inlined into the clones that call them, and uninstrumented like them: an
// instrumented body inlined there would poison its locals' stack at scope end with nothing to unpoison it
// at the caller's exit, and later frames would be reported as stack-use-after-scope.
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void load16(Floats16& v, const float* p) {
    v = *reinterpret_cast<const Floats16*>(p); // an unaligned load (aligned(4), may_alias)
}
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void store16(float* p, const Floats16& v) {
    *reinterpret_cast<Floats16*>(p) = v;
}

// A bfloat16 cache (KvCache of bf16 keys and values) holds the high 16 bits of each float32: widening is a
// shift, the same two instructions in every clone (no F16C or AVX512-BF16 needed).
typedef std::uint16_t BFloat16Bits;
typedef unsigned short Halves16 __attribute__((vector_size(32), aligned(2), may_alias));
typedef unsigned Words16 __attribute__((vector_size(64)));
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void load16(Floats16& v, const BFloat16Bits* p) {
    const Words16 w = __builtin_convertvector(*reinterpret_cast<const Halves16*>(p), Words16) << 16;
    v = reinterpret_cast<const Floats16&>(w);
}
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline float sum16(const Floats16& v) {
    float acc = 0.0f;
    for (int l = 0; l < 16; ++l) acc += v[l];
    return acc;
}
// Zeroes n vectors one by one: an aggregate `= {}` of a vector array is a memset (rep stos) at every use.
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void zero16(Floats16* v, int n) {
#pragma GCC unroll 16
    for (int i = 0; i < n; ++i) v[i] = Floats16{};
}

typedef int Ints16 __attribute__((vector_size(64)));
// One step of the 16 x 16 transpose, pairing vectors i and i + B (B = 8, 4, 2, 1): lanes p with (p & B) set
// trade places with their partners; after the four steps lane l of vector k holds lane k of vector l.
template <int B> OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void swapStep(Floats16* v) {
    Ints16 lo, hi;
    for (int p = 0; p < 16; ++p) {
        lo[p] = (p & B) ? 16 + p - B : p;
        hi[p] = (p & B) ? 16 + p : p + B;
    }
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i)
        if ((i & B) == 0) {
            const Floats16 x = __builtin_shuffle(v[i], v[i + B], lo),
                           y = __builtin_shuffle(v[i], v[i + B], hi);
            v[i] = x;
            v[i + B] = y;
        }
}
// Transposes 16 vectors of 16: lane l of vector k and lane k of vector l trade places.
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void transpose16(Floats16* v) {
    swapStep<8>(v);
    swapStep<4>(v);
    swapStep<2>(v);
    swapStep<1>(v);
}

// The lane sums of 16 vectors, each added from lane 0 to 15 in order (as sum16: the same bits): transposed
// in four shuffle steps, 15 vector adds give all 16 sums at once, where one vector at a time is a chain of
// extracts and scalar adds per sum.
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void sums16x16(Floats16* v, float* out) {
    transpose16(v);
    Floats16 acc = Floats16{} + v[0];
#pragma GCC unroll 16
    for (int l = 1; l < 16; ++l) acc += v[l];
    store16(out, acc);
}

// s_r[j] = sum_d q_r[d] kt[d][j] for the block's rows r, j < n (q already scaled, row r at q + r * hd, its
// scores at s + r * ss). Keys go two vectors at a time for all eight rows: sixteen accumulators, and per head
// dimension two key loads and eight broadcasts for sixteen multiply-adds (one key vector alone is bound by
// the loads); a last single vector for the rest. kt must be readable kLanes floats past n. Each score sums
// over d in order.
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
scoresBlock(const float* q, const float* kt, std::int64_t S, std::int64_t n, std::int64_t hd, float* s,
            std::int64_t ss) {
    static_assert(kRowBlock == 8);
    OWQ_CHECK_EXTENT(q, kRowBlock * hd);
    for (std::int64_t d = 0; d < hd; ++d) OWQ_CHECK_EXTENT(kt + d * S, roundUp(n));
    for (std::int64_t r = 0; r < kRowBlock; ++r) OWQ_CHECK_EXTENT(s + r * ss, n);
    std::int64_t j0 = 0;
    for (; j0 + 2 * kLanes <= roundUp(n); j0 += 2 * kLanes) {
        Floats16 a[kRowBlock][2];
        zero16(&a[0][0], 2 * kRowBlock);
        for (std::int64_t d = 0; d < hd; ++d) {
            Floats16 k0, k1;
            load16(k0, kt + d * S + j0);
            load16(k1, kt + d * S + j0 + kLanes);
            for (std::int64_t r = 0; r < kRowBlock; ++r) {
                const float qr = q[r * hd + d];
                a[r][0] += qr * k0;
                a[r][1] += qr * k1;
            }
        }
        for (std::int64_t r = 0; r < kRowBlock; ++r) {
            store16(s + r * ss + j0, a[r][0]);
            if (j0 + 2 * kLanes <= n) {
                store16(s + r * ss + j0 + kLanes, a[r][1]);
            } else {
                for (std::int64_t l = 0; l < n - j0 - kLanes; ++l) s[r * ss + j0 + kLanes + l] = a[r][1][l];
            }
        }
    }
    if (j0 < n) { // one vector of keys left, part of it past n
        Floats16 a[kRowBlock];
        zero16(a, kRowBlock);
        for (std::int64_t d = 0; d < hd; ++d) {
            Floats16 k0;
            load16(k0, kt + d * S + j0);
            for (std::int64_t r = 0; r < kRowBlock; ++r) a[r] += q[r * hd + d] * k0;
        }
        for (std::int64_t r = 0; r < kRowBlock; ++r) {
            // Plain loops, no std::copy / std::min or memcpy calls: see maxOf.
            for (std::int64_t l = 0; l < kLanes && l < n - j0; ++l) s[r * ss + j0 + l] = a[r][l];
        }
    }
}

// out_r[d] = norm_r * sum_j p_r[j] vt[d][j] for the block's rows, n a multiple of kLanes (weights zero past
// each row's own keys). Four rows by four head dimensions at a time: sixteen accumulators, four weight and
// four value loads per sixteen multiply-adds; head sizes not a multiple of four take their last dimensions
// one at a time.
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
weightedValuesBlock(const float* p, std::int64_t ps, const float* vt, std::int64_t S, std::int64_t n,
                    std::int64_t hd, const float* norm, float* out, std::int64_t os) {
    for (std::int64_t r = 0; r < kRowBlock; ++r) {
        OWQ_CHECK_EXTENT(p + r * ps, n);
        OWQ_CHECK_EXTENT(out + r * os, hd);
    }
    for (std::int64_t d = 0; d < hd; ++d) OWQ_CHECK_EXTENT(vt + d * S, n);
    OWQ_CHECK_EXTENT(norm, kRowBlock);
    constexpr std::int64_t R = 4, Dq = 4; // R * Dq = 16 accumulators: one sums16x16
    for (std::int64_t r0 = 0; r0 < kRowBlock; r0 += R) {
        std::int64_t d0 = 0;
        for (; d0 + Dq <= hd; d0 += Dq) {
            Floats16 a[R][Dq];
            zero16(&a[0][0], R * Dq);
            for (std::int64_t j = 0; j < n; j += kLanes) {
                Floats16 w[R], x[Dq];
                for (std::int64_t r = 0; r < R; ++r) load16(w[r], p + (r0 + r) * ps + j);
                for (std::int64_t e = 0; e < Dq; ++e) load16(x[e], vt + (d0 + e) * S + j);
                for (std::int64_t r = 0; r < R; ++r)
                    for (std::int64_t e = 0; e < Dq; ++e) a[r][e] += w[r] * x[e];
            }
            float sums[R * Dq];
            sums16x16(&a[0][0], sums);
            for (std::int64_t r = 0; r < R; ++r)
                for (std::int64_t e = 0; e < Dq; ++e)
                    out[(r0 + r) * os + d0 + e] = sums[r * Dq + e] * norm[r0 + r];
        }
        for (; d0 < hd; ++d0) {
            Floats16 a[R];
            zero16(a, R);
            for (std::int64_t j = 0; j < n; j += kLanes) {
                Floats16 x, w;
                load16(x, vt + d0 * S + j);
                for (std::int64_t r = 0; r < R; ++r) {
                    load16(w, p + (r0 + r) * ps + j);
                    a[r] += w * x;
                }
            }
            for (std::int64_t r = 0; r < R; ++r) out[(r0 + r) * os + d0] = sum16(a[r]) * norm[r0 + r];
        }
    }
}

// One row at a time, for the rows left over from the blocks: s[j] = scale * sum_d q[d] kt[d][j] for j < n.
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
scores(const float* q, const float* kt, std::int64_t S, std::int64_t n, std::int64_t hd, float scale,
       float* s) {
    OWQ_CHECK_EXTENT(q, hd);
    OWQ_CHECK_EXTENT(s, n);
    for (std::int64_t d = 0; d < hd; ++d) OWQ_CHECK_EXTENT(kt + d * S, n);
#pragma omp simd
    for (std::int64_t j = 0; j < n; ++j) s[j] = 0.0f;
    for (std::int64_t d = 0; d < hd; ++d) {
        const float qd = q[d] * scale;
        const float* row = kt + d * S;
#pragma omp simd
        for (std::int64_t j = 0; j < n; ++j) s[j] += qd * row[j];
    }
}

// out[d] = norm * sum_j p[j] vt[d][j].
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
weightedValues(const float* p, const float* vt, std::int64_t S, std::int64_t n, std::int64_t hd, float norm,
               float* out) {
    OWQ_CHECK_EXTENT(p, n);
    OWQ_CHECK_EXTENT(out, hd);
    for (std::int64_t d = 0; d < hd; ++d) OWQ_CHECK_EXTENT(vt + d * S, n);
    for (std::int64_t d = 0; d < hd; ++d) {
        const float* row = vt + d * S;
        float acc = 0.0f;
#pragma omp simd reduction(+ : acc)
        for (std::int64_t j = 0; j < n; ++j) acc += p[j] * row[j];
        out[d] = acc * norm;
    }
}

// The same two steps over keys and values in their own [S, hd] rows, for few query rows (decoding): no
// transpose of the whole cache per token.
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
scoresByRow(const float* q, const float* k, std::int64_t stride, std::int64_t n, std::int64_t hd, float scale,
            float* s) {
    OWQ_CHECK_EXTENT(q, hd);
    OWQ_CHECK_EXTENT(s, n);
    for (std::int64_t j = 0; j < n; ++j) OWQ_CHECK_EXTENT(k + j * stride, hd);
    for (std::int64_t j = 0; j < n; ++j) {
        const float* kj = k + j * stride;
        float dot = 0.0f;
#pragma omp simd reduction(+ : dot)
        for (std::int64_t d = 0; d < hd; ++d) dot += q[d] * kj[d];
        s[j] = dot * scale;
    }
}

OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
weightedValuesByRow(const float* p, const float* v, std::int64_t stride, std::int64_t n, std::int64_t hd,
                    float norm, float* out) {
    OWQ_CHECK_EXTENT(p, n);
    OWQ_CHECK_EXTENT(out, hd);
    for (std::int64_t j = 0; j < n; ++j) OWQ_CHECK_EXTENT(v + j * stride, hd);
    for (std::int64_t d = 0; d < hd; ++d) out[d] = 0.0f;
    for (std::int64_t j = 0; j < n; ++j) {
        const float w = p[j];
        const float* vj = v + j * stride;
#pragma omp simd
        for (std::int64_t d = 0; d < hd; ++d) out[d] += w * vj[d];
    }
#pragma omp simd
    for (std::int64_t d = 0; d < hd; ++d) out[d] *= norm;
}

// Decoding (few query rows, keys read in their own [S, hd] rows), head sizes a multiple of kLanes: all the
// query rows of one KV head at once, so each key is read once for the whole group of heads sharing it.

// s_r[j] = sum_d q_r[d] k_j[d] for `rows` query rows (q_r at q + r * hd, already scaled) and keys j < n (k_j
// at k + j * stride); s_r at s + r * ss, written in whole vectors up to roundUp(n) (0 past n). Keys go 16 at
// a time: their [16, hd] block is transposed (four lane-swap steps per 16 x 16) into kt [hd][16], so each
// row's 16 scores are hd multiply-adds of a broadcast query element and a vector of keys, eight rows side by
// side: no lane sums per key, and each key loaded once for every head of its group. Each score sums over d in
// order.
template <typename K>
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
scoresOfKeys(const float* q, std::int64_t rows, const K* k, std::int64_t stride, std::int64_t n,
             std::int64_t hd, float* kt, float* s, std::int64_t ss) {
    OWQ_CHECK_EXTENT(q, rows * hd);
    OWQ_CHECK_EXTENT(kt, hd * kLanes);
    for (std::int64_t j = 0; j < n; ++j) OWQ_CHECK_EXTENT(k + j * stride, hd);
    for (std::int64_t r = 0; r < rows; ++r) OWQ_CHECK_EXTENT(s + r * ss, roundUp(n));
    constexpr std::int64_t kRows = 8;
    for (std::int64_t j0 = 0; j0 < n; j0 += kLanes) {
        const std::int64_t keys = n - j0 < kLanes ? n - j0 : kLanes;
        for (std::int64_t c = 0; c < hd; c += kLanes) {
            Floats16 v[kLanes];
            for (std::int64_t jj = 0; jj < kLanes; ++jj) {
                if (jj < keys)
                    load16(v[jj], k + (j0 + jj) * stride + c);
                else
                    v[jj] = Floats16{};
            }
            transpose16(v); // v[e] lane jj: k_{j0 + jj}[c + e]
            for (std::int64_t e = 0; e < kLanes; ++e) store16(kt + (c + e) * kLanes, v[e]);
        }
        for (std::int64_t r0 = 0; r0 < rows; r0 += kRows) {
            Floats16 a[kRows];
            zero16(a, kRows);
            if (rows - r0 >= kRows) {
                for (std::int64_t d = 0; d < hd; ++d) {
                    Floats16 kd;
                    load16(kd, kt + d * kLanes);
#pragma GCC unroll 8
                    for (std::int64_t r = 0; r < kRows; ++r) a[r] += q[(r0 + r) * hd + d] * kd;
                }
            } else {
                for (std::int64_t d = 0; d < hd; ++d) {
                    Floats16 kd;
                    load16(kd, kt + d * kLanes);
                    for (std::int64_t r = 0; r < rows - r0; ++r) a[r] += q[(r0 + r) * hd + d] * kd;
                }
            }
            for (std::int64_t r = 0; r < kRows && r0 + r < rows; ++r) store16(s + (r0 + r) * ss + j0, a[r]);
        }
    }
}

// s[j] = sum_d q[d] k_j[d] for one query row (already scaled) and keys j < n (k_j at k + j * stride), hd a
// multiple of kLanes; s written in whole vectors up to roundUp(n). Sixteen keys at a time, each key's
// products summed along the head dimension in its own vector (one query load per vector of it for all 16
// keys), then one transpose adds the lanes of all 16 (sums16x16), where a key at a time pays a sum across
// the lanes per key. Multi-head attention has one query row per key and value head: this is its decode.
template <typename K>
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
scoresOfKeysOneRow(const float* q, const K* k, std::int64_t stride, std::int64_t n, std::int64_t hd,
                   float* s) {
    OWQ_CHECK_EXTENT(q, hd);
    OWQ_CHECK_EXTENT(s, roundUp(n));
    for (std::int64_t j = 0; j < n; ++j) OWQ_CHECK_EXTENT(k + j * stride, hd);
    for (std::int64_t j0 = 0; j0 < n; j0 += kLanes) {
        const std::int64_t keys = n - j0 < kLanes ? n - j0 : kLanes;
        Floats16 acc[kLanes];
        zero16(acc, kLanes);
#pragma GCC unroll 16
        for (std::int64_t jj = 0; jj < kLanes; ++jj) {
            if (jj >= keys) break;
            const K* kj = k + (j0 + jj) * stride;
            for (std::int64_t c = 0; c < hd; c += kLanes) {
                Floats16 qc, x;
                load16(qc, q + c);
                load16(x, kj + c);
                acc[jj] += qc * x;
            }
        }
        sums16x16(acc, s + j0);
    }
}

// out_r[e] += w_r[j] * v_j[c0 + e] over keys j < n for R rows and C vectors of the head dimension from c0:
// R * C accumulators in registers, per key C value loads and R broadcasts for R * C multiply-adds.
template <int R, int C, typename K>
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void
valuesTile(const float* const* w, const K* v, std::int64_t stride, std::int64_t n, std::int64_t c0,
           const float* norm, float* const* out) {
    Floats16 a[R][C];
    zero16(&a[0][0], R * C);
    for (std::int64_t j = 0; j < n; ++j) {
        Floats16 x[C];
#pragma GCC unroll 4
        for (int e = 0; e < C; ++e) load16(x[e], v + j * stride + c0 + e * kLanes);
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const float wr = w[r][j];
#pragma GCC unroll 4
            for (int e = 0; e < C; ++e) a[r][e] += wr * x[e];
        }
    }
    for (int r = 0; r < R; ++r)
        for (int e = 0; e < C; ++e) store16(out[r] + c0 + e * kLanes, a[r][e] * norm[r]);
}

// valuesTile for R rows over the whole head dimension, four vectors of it at a time.
template <int R, typename K>
OWQ_UNINSTRUMENTED [[gnu::always_inline]] inline void
valuesRows(const float* const* w, const K* v, std::int64_t stride, std::int64_t n, std::int64_t hd,
           const float* norm, float* const* out) {
    std::int64_t c0 = 0;
    for (; c0 + 4 * kLanes <= hd; c0 += 4 * kLanes) valuesTile<R, 4>(w, v, stride, n, c0, norm, out);
    switch ((hd - c0) / kLanes) {
    case 3:
        return valuesTile<R, 3>(w, v, stride, n, c0, norm, out);
    case 2:
        return valuesTile<R, 2>(w, v, stride, n, c0, norm, out);
    case 1:
        return valuesTile<R, 1>(w, v, stride, n, c0, norm, out);
    default:
        return;
    }
}

// out_r = norm_r * sum_{j < n} w_r[j] v_j for `rows` rows (w_r at w + r * ws, weights zero past each row's
// own keys; out_r at outs[r]) and values v_j at v + j * stride, hd a multiple of kLanes: up to four rows by
// four vectors of the head dimension at a time. Each element sums over j in order.
template <typename K>
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
valuesOfKeys(const float* w, std::int64_t rows, std::int64_t ws, const K* v, std::int64_t stride,
             std::int64_t n, std::int64_t hd, const float* norm, float* const* outs) {
    for (std::int64_t r = 0; r < rows; ++r) {
        OWQ_CHECK_EXTENT(w + r * ws, n);
        OWQ_CHECK_EXTENT(outs[r], hd);
    }
    for (std::int64_t j = 0; j < n; ++j) OWQ_CHECK_EXTENT(v + j * stride, hd);
    for (std::int64_t r0 = 0; r0 < rows; r0 += 4) {
        const float* wr[4];
        for (int r = 0; r < 4; ++r) wr[r] = w + (r0 + r) * ws; // only the first rows - r0 are read
        switch (rows - r0) {
        case 1:
            valuesRows<1>(wr, v, stride, n, hd, norm + r0, outs + r0);
            break;
        case 2:
            valuesRows<2>(wr, v, stride, n, hd, norm + r0, outs + r0);
            break;
        case 3:
            valuesRows<3>(wr, v, stride, n, hd, norm + r0, outs + r0);
            break;
        default:
            valuesRows<4>(wr, v, stride, n, hd, norm + r0, outs + r0);
            break;
        }
    }
}

// s_r[j] = e^(s_r[j] - max_r) for the block's rows r and j < w (a multiple of kLanes); sums_r = their sums.
// Row by row inside each vector step: eight independent exponentials in flight where one row's are a chain,
// and one transpose for the eight sums. Each row's lanes accumulate and are then added lane 0 to 15, as
// exponentiate does: the same bits.
OWQ_UNINSTRUMENTED __attribute__((target_clones("avx512f", "avx2", "default"))) void
exponentiateBlock(float* s, std::int64_t ss, std::int64_t w, const float* max, float* sums) {
    for (std::int64_t r = 0; r < kRowBlock; ++r) OWQ_CHECK_EXTENT(s + r * ss, w);
    Floats16 acc[16];
    zero16(acc, 16);
    for (std::int64_t j = 0; j < w; j += kLanes)
        for (std::int64_t r = 0; r < kRowBlock; ++r) {
            float* p = s + r * ss + j;
            const float m = max[r];
#pragma omp simd
            for (std::int64_t l = 0; l < kLanes; ++l) p[l] = expNonPositive(p[l] - m);
            Floats16 e;
            load16(e, p);
            acc[r] += e;
        }
    float all[16];
    sums16x16(acc, all);
    for (std::int64_t r = 0; r < kRowBlock; ++r) sums[r] = all[r];
}

// softmaxRow for a block's eight rows when all start at the block's first key (no sliding window): row r's
// keys are [0, hi0 + r); n = hi0 + kRowBlock - 1 is the block's width. Writes 1 / each row's sum to norms.
void softmaxBlock(float* s, std::int64_t ss, std::int64_t hi0, std::int64_t n, float cap, float* norms) {
    const std::int64_t w = roundUp(n);
    float max[kRowBlock];
    for (std::int64_t r = 0; r < kRowBlock; ++r) {
        float* row = s + r * ss;
        const std::int64_t hi = hi0 + r;
        if (cap > 0)
            for (std::int64_t j = 0; j < hi; ++j) row[j] = std::tanh(row[j] / cap) * cap;
        max[r] = maxOf(row, hi);
        // e^-inf is exactly 0: the padding up to the block's width gets weight 0 and adds nothing to sums
        std::fill(row + hi, row + w, -std::numeric_limits<float>::infinity());
    }
    exponentiateBlock(s, ss, w, max, norms);
    for (std::int64_t r = 0; r < kRowBlock; ++r) norms[r] = 1.0f / norms[r];
}

// Soft cap (when asked), then the softmax numerators of the row's own keys s[lo, hi), exactly 0 elsewhere in
// [0, width); returns 1 / their sum. s must hold roundUp(width) + kLanes floats: the exponentials run in
// whole vectors over -inf padding.
float softmaxRow(float* s, std::int64_t lo, std::int64_t hi, std::int64_t width, float cap) {
    if (cap > 0)
        for (std::int64_t j = lo; j < hi; ++j) s[j] = std::tanh(s[j] / cap) * cap;
    const float max = maxOf(s + lo, hi - lo);
    const std::int64_t whole = roundUp(hi - lo);
    std::fill(s + hi, s + lo + whole, -std::numeric_limits<float>::infinity());
    const float norm = 1.0f / exponentiate(s + lo, whole, max);
    std::fill(s, s + lo, 0.0f);
    std::fill(s + hi, s + std::max(roundUp(width), lo + whole), 0.0f);
    return norm;
}

// The first key a query at position p may see: 0, or p - window + 1 with a sliding window (window > 0).
std::int64_t lowestVisibleKey(std::int64_t p, std::int64_t window) {
    return window > 0 ? std::max<std::int64_t>(0, p - window + 1) : 0;
}

// Where decodeAttention finds its operands: element strides of q [B, H, T, hd] and of k and v [B, KV, S, hd]
// (the last dimension contiguous).
struct DecodeOperands {
    const float* q;
    std::int64_t qs0, qs1, qs2;
    const void *k, *v;
    std::int64_t ks0, ks1, ks2, vs0, vs1, vs2;
};

// Decoding with head sizes a multiple of kLanes (scoresOfKeys): q [B, H, T, hd], k and v [B, KV, S, hd]; out
// [B, T, H, hd] (os = H * hd between rows). Tasks are (batch, KV head, share of its group's query rows); a
// group's rows are split only where there are fewer KV heads than threads. Every row scores the keys from the
// first row's lowest visible one; softmaxRow gives 0 weight to those a row may not see.
template <typename K>
void decodeAttention(const DecodeOperands& a, std::int64_t B, std::int64_t H, std::int64_t T, std::int64_t hd,
                     std::int64_t KV, std::int64_t S, float scale, float cap, std::int64_t window,
                     float* op) {
    const std::int64_t group = H / KV, os = H * hd;
    const std::int64_t rowsPerKv = group * T;
    const std::int64_t threads = std::max<std::int64_t>(1, at::get_num_threads());
    const std::int64_t shares = std::clamp<std::int64_t>((threads + B * KV - 1) / (B * KV), 1, rowsPerKv);
    const std::int64_t lo = lowestVisibleKey(S - T, window), n = S - lo, ss = roundUp(n) + kLanes;
    const K* kp = static_cast<const K*>(a.k);
    const K* vp = static_cast<const K*>(a.v);
    at::parallel_for(0, B * KV * shares, 1, [&](std::int64_t t0, std::int64_t t1) {
        std::vector<float> qs(std::size_t(rowsPerKv * hd)), s(std::size_t(rowsPerKv * ss));
        std::vector<float> kt(std::size_t(hd * kLanes)), norms(std::size_t(rowsPerKv), 0.0f);
        std::vector<float*> outs(std::size_t(rowsPerKv), nullptr);
        for (std::int64_t task = t0; task < t1; ++task) {
            const std::int64_t b = task / (KV * shares), kvh = task / shares % KV, share = task % shares;
            const std::int64_t r0 = share * rowsPerKv / shares, rows = (share + 1) * rowsPerKv / shares - r0;
            // Row i of the task: query head kvh * group + (r0 + i) / T, position S - T + (r0 + i) % T.
            for (std::int64_t i = 0; i < rows; ++i) {
                const std::int64_t h = kvh * group + (r0 + i) / T, t = (r0 + i) % T;
                const float* qr = a.q + b * a.qs0 + h * a.qs1 + t * a.qs2;
                for (std::int64_t d = 0; d < hd; ++d) qs[std::size_t(i * hd + d)] = qr[d] * scale;
                outs[std::size_t(i)] = op + b * T * os + t * os + h * hd;
            }
            const K* kh = kp + b * a.ks0 + kvh * a.ks1 + lo * a.ks2;
            const K* vh = vp + b * a.vs0 + kvh * a.vs1 + lo * a.vs2;
            // A block's transpose (hd 64: 4 x 80 shuffles per 16 keys) is shared by all the rows; a row on
            // its own sums the lanes of its 16 keys' products with one 16 x 16 transpose (about 80
            // operations per 16 keys, per row), so the block pays from about four rows on.
            if (rows >= kTransposedScoreRows)
                scoresOfKeys(qs.data(), rows, kh, a.ks2, n, hd, kt.data(), s.data(), ss);
            else
                for (std::int64_t i = 0; i < rows; ++i)
                    scoresOfKeysOneRow(qs.data() + i * hd, kh, a.ks2, n, hd, s.data() + i * ss);
            for (std::int64_t i = 0; i < rows; ++i) {
                const std::int64_t p = S - T + (r0 + i) % T;
                norms[std::size_t(i)] =
                    softmaxRow(s.data() + i * ss, lowestVisibleKey(p, window) - lo, p + 1 - lo, n, cap);
            }
            valuesOfKeys(s.data(), rows, ss, vh, a.vs2, n, hd, norms.data(), outs.data());
        }
    });
}

} // namespace

at::Tensor causalAttentionCpu(const at::Tensor& qIn, const at::Tensor& kIn, const at::Tensor& vIn,
                              float scale, float cap, std::int64_t window) {
    const at::Tensor q = qIn.stride(3) == 1 ? qIn : qIn.contiguous();
    const at::Tensor k = kIn.stride(3) == 1 ? kIn : kIn.contiguous();
    const at::Tensor v = vIn.stride(3) == 1 ? vIn : vIn.contiguous();
    TORCH_CHECK(q.scalar_type() == at::kFloat && k.scalar_type() == v.scalar_type() &&
                    (k.scalar_type() == at::kFloat || k.scalar_type() == at::kBFloat16),
                "causalAttentionCpu: float32 queries, float32 or bfloat16 keys and values");
    const std::int64_t B = q.size(0), H = q.size(1), T = q.size(2), hd = q.size(3);
    const std::int64_t KV = k.size(1), S = k.size(2), group = H / KV;
    // With many query rows, each head's keys and values are transposed once; a few rows (decoding) read them
    // as they are, a bf16 cache widened as it is read.
    const bool transpose = T >= kTransposeRows;
    const bool bf16 = k.scalar_type() == at::kBFloat16;
    if (!transpose && hd % kLanes == 0) {
        at::Tensor out = at::empty({B, T, H, hd}, q.options().memory_format(at::MemoryFormat::Contiguous));
        const DecodeOperands a{q.data_ptr<float>(), q.stride(0),  q.stride(1), q.stride(2),
                               k.data_ptr(),        v.data_ptr(), k.stride(0), k.stride(1),
                               k.stride(2),         v.stride(0),  v.stride(1), v.stride(2)};
        if (bf16)
            decodeAttention<BFloat16Bits>(a, B, H, T, hd, KV, S, scale, cap, window, out.data_ptr<float>());
        else
            decodeAttention<float>(a, B, H, T, hd, KV, S, scale, cap, window, out.data_ptr<float>());
        return out.transpose(1, 2);
    }
    // The other paths read float32: a bf16 cache is widened once per call (a prefill's rows all read it).
    if (bf16) return causalAttentionCpu(q, k.to(at::kFloat), v.to(at::kFloat), scale, cap, window);
    // Rows of the result in [B, T, H, hd] order (returned as its [B, H, T, hd] view): the layer's next step
    // wants [B, T, H * hd], which is then a view instead of a copy.
    at::Tensor out = at::empty({B, T, H, hd}, q.options().memory_format(at::MemoryFormat::Contiguous));
    const std::int64_t os = H * hd; // between one head's consecutive rows
    const float* qp = q.data_ptr<float>();
    const float* kp = k.data_ptr<float>();
    const float* vp = v.data_ptr<float>();
    float* op = out.data_ptr<float>();
    const std::int64_t rowStride = roundUp(S) + kLanes; // one row's scores, padded (see softmaxRow)
    at::parallel_for(0, B * H, 1, [&](std::int64_t t0, std::int64_t t1) {
        std::vector<float> s(std::size_t((transpose ? kRowBlock : 1) * rowStride));
        std::vector<float> qs(std::size_t(kRowBlock * hd));
        // kLanes floats of padding past the last head dimension's keys: the block loops read whole vectors.
        std::vector<float> kt(transpose ? std::size_t(S * hd + kLanes) : 0), vt(kt.size());
        std::int64_t transposedFor = -1; // the (batch, KV head) whose keys and values kt and vt hold
        for (std::int64_t task = t0; task < t1; ++task) {
            const std::int64_t b = task / H, h = task % H;
            const float* kh = kp + b * k.stride(0) + (h / group) * k.stride(1);
            const float* vh = vp + b * v.stride(0) + (h / group) * v.stride(1);
            const float* qh = qp + b * q.stride(0) + h * q.stride(1);
            float* oh = op + b * T * H * hd + h * hd;
            // Query heads of one KV head are neighbouring tasks: their keys and values are transposed once.
            const std::int64_t kvTask = b * KV + h / group;
            if (transpose && kvTask != transposedFor)
                for (std::int64_t j = 0; j < S; ++j)
                    for (std::int64_t d = 0; d < hd; ++d) {
                        kt[std::size_t(d * S + j)] = kh[j * k.stride(2) + d];
                        vt[std::size_t(d * S + j)] = vh[j * v.stride(2) + d];
                    }
            transposedFor = kvTask;
            std::int64_t t = 0;
            // Blocks of rows at positions p0..p0 + kRowBlock - 1: row r sees keys [lowestVisibleKey(p0 + r),
            // p0 + r]; the block scores keys from lowestVisibleKey(p0) and each row's softmax zeroes the keys
            // it may not see.
            for (; transpose && t + kRowBlock <= T; t += kRowBlock) {
                const std::int64_t p0 = S - T + t, lo = lowestVisibleKey(p0, window), n = p0 + kRowBlock - lo;
                for (std::int64_t r = 0; r < kRowBlock; ++r)
                    for (std::int64_t d = 0; d < hd; ++d)
                        qs[std::size_t(r * hd + d)] = qh[(t + r) * q.stride(2) + d] * scale;
                scoresBlock(qs.data(), kt.data() + lo, S, n, hd, s.data(), rowStride);
                float norms[kRowBlock];
                if (window <= 0)
                    softmaxBlock(s.data(), rowStride, p0 + 1, n, cap, norms);
                else
                    for (std::int64_t r = 0; r < kRowBlock; ++r)
                        norms[r] = softmaxRow(s.data() + r * rowStride, lowestVisibleKey(p0 + r, window) - lo,
                                              p0 + r + 1 - lo, n, cap);
                weightedValuesBlock(s.data(), rowStride, vt.data() + lo, S, roundUp(n), hd, norms,
                                    oh + t * os, os);
            }
            for (; t < T; ++t) {
                const std::int64_t p = S - T + t, lo = lowestVisibleKey(p, window), n = p - lo + 1;
                const float* qr = qh + t * q.stride(2);
                if (transpose)
                    scores(qr, kt.data() + lo, S, n, hd, scale, s.data());
                else
                    scoresByRow(qr, kh + lo * k.stride(2), k.stride(2), n, hd, scale, s.data());
                const float norm = softmaxRow(s.data(), 0, n, n, cap);
                if (transpose)
                    weightedValues(s.data(), vt.data() + lo, S, roundUp(n), hd, norm, oh + t * os);
                else
                    weightedValuesByRow(s.data(), vh + lo * v.stride(2), v.stride(2), n, hd, norm,
                                        oh + t * os);
            }
        }
    });
    return out.transpose(1, 2);
}

void decodeStepAttentionCpu(const float* q, std::int64_t H, std::int64_t hd, const void* k, const void* v,
                            bool bf16, std::int64_t KV, std::int64_t capacity, std::int64_t S, float scale,
                            float cap, std::int64_t window, float* out) {
    TORCH_CHECK(hd % kLanes == 0 && KV > 0 && H % KV == 0 && S >= 1 && S <= capacity,
                "decodeStepAttentionCpu: head size a multiple of 16, H a multiple of KV, 1 <= S <= capacity");
    // One batch entry, one query row per head: q [1, H, 1, hd], the cache [1, KV, capacity, hd].
    const DecodeOperands a{
        q, H * hd, hd, hd, k, v, KV * capacity * hd, capacity * hd, hd, KV * capacity * hd, capacity * hd,
        hd};
    if (bf16)
        decodeAttention<BFloat16Bits>(a, 1, H, 1, hd, KV, S, scale, cap, window, out);
    else
        decodeAttention<float>(a, 1, H, 1, hd, KV, S, scale, cap, window, out);
}

} // namespace owq::detail
