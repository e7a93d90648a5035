// AVX2 path (+ FMA, F16C). Runs of 8 codes: `bits` bytes starting on a byte boundary, loaded as one
// little-endian u32 (the row padding and the buffer's tail slack make the over-read safe), broadcast, shifted
// per lane by [0, b, ..., 7b] (vpsrlvd), masked and converted to float. The product uses the group-sum form
// of the scalar path: per group a vector accumulator of code * activation, folded into the row's accumulator
// as scale * dot at the end of the group, with scale * zero * sum(activations of the group) subtracted in
// scalar. Several output rows (m = 1) or activation rows (m > 1) run together so the decoded codes and the
// activation loads are shared, with two accumulators per pair to keep the FMA latency chains short. As in
// the AVX-512 path: ragged group sizes go to a separate instantiation, scales are converted per tile up
// front, and each run prefetches the same bytes of the next R rows.
//
// 3 bits (groups whose boundaries fall on runs of 8) instead decode into weights directly, as the AVX-512
// path does: a table of the 8 weights scale * (i - zero) per row and group, read by vpermps, which uses only
// the low 3 bits of each lane, so no mask, no conversion and no group sums. Whole 64-column blocks (groups of
// multiples of 64, or per channel) are spread once by vinserti128 + vpshufb so that lane d holds columns
// 8d .. 8d + 9 from its bit 0, and the k-th code of every lane is then one vpsrld away; the activations are
// reordered to match (xk). Per 8 codes: a shift, a vpermps and the FMAs, against a broadcast, a variable
// shift, a mask, a conversion and the FMAs before.
#include "owq/kernels/packed_cpu.h"
#include "packed_common.h"
#include "packed_paths.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace owq::kernels::detail {
namespace {

constexpr std::int64_t kRun = 8;
constexpr std::int64_t kTileRows = 16; // output rows per OpenMP work item (64 bytes of y)
constexpr int kMaxM = 4;               // activation rows per pass over the weights

constexpr std::int64_t kWide = 64; // 3-bit block spread at once (24 bytes)

struct Decoder {
    __m256i shift;   // [0, b, ..., 7b]
    __m256i mask;    // 2^b - 1
    __m256i wideCtl; // 3 bits: vpshufb giving dword e of each 128-bit lane its bytes 3e .. 3e + 3
    __m256 iota;     // 0, 1, ..., 7: the 3-bit code table before scale and zero
};

Decoder makeDecoder(int bits) {
    const __m128i ctl = _mm_setr_epi8(0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9, 10, 11, 12);
    return {_mm256_setr_epi32(0, bits, 2 * bits, 3 * bits, 4 * bits, 5 * bits, 6 * bits, 7 * bits),
            _mm256_set1_epi32((1 << bits) - 1), _mm256_set_m128i(ctl, ctl),
            _mm256_setr_ps(0, 1, 2, 3, 4, 5, 6, 7)};
}

// The 8 raw codes of the run at byte p in the low bits of each lane (garbage above; 3 bits).
inline __m256i runCodes(const std::uint8_t* p, const Decoder& d) {
    std::uint32_t u;
    std::memcpy(&u, p, sizeof u);
    return _mm256_srlv_epi32(_mm256_set1_epi32(int(u)), d.shift);
}

// The 64-column 3-bit block at p (24 bytes; 28 are read, within the row padding or the buffer's tail slack):
// lane d holds column 8d + k at bit 3k. 128-bit lane L covers bytes 12L .. 12L + 15.
inline __m256i wideCodes3(const std::uint8_t* p, const Decoder& d) {
    const __m256i q =
        _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(p + 12), reinterpret_cast<const __m128i*>(p));
    return _mm256_shuffle_epi8(q, d.wideCtl);
}

// scale * (i - zero), i = 0..7: the same two roundings as dequantCode.
inline __m256 weightTable(const Decoder& d, float s, float z) {
    return _mm256_mul_ps(_mm256_sub_ps(d.iota, _mm256_set1_ps(z)), _mm256_set1_ps(s));
}

// The 8 codes of the run starting at byte p, as floats.
inline __m256 decodeRun(const std::uint8_t* p, const Decoder& d) {
    std::uint32_t u;
    std::memcpy(&u, p, sizeof u);
    const __m256i c = _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32(int(u)), d.shift), d.mask);
    return _mm256_cvtepi32_ps(c);
}

inline float halfToFloat(std::uint16_t h) {
    return _cvtsh_ss(h); // exact, like f16ToFloat
}

inline float hsum(__m256 a) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

struct GemmArgs {
    const PackedLinearView* v;
    Decoder dec;
    const GemmInputs* in;
    const GroupSpan* spans; // [nGroups], the same for every row
    bool ragged;            // some group boundary falls inside a run of 8
    const float* xk;        // 3 bits: [m, pd] activations, whole 64-column blocks in wideCodes3 order
    bool wide;              // 3 bits: every group is whole 64-column blocks (or per channel)
};

// The 3-bit form (not RAGGED): weights from a table per row and group, straight into the row accumulators.
template <int R, int M>
void gemmRows3(const GemmArgs& a, std::int64_t r0, std::int64_t i0, const float* sF, const float* zF,
               float* y) {
    const PackedLinearView& v = *a.v;
    const std::int64_t pd = a.in->paddedDense, nG = v.nGroups;
    const std::int64_t gsz = v.groupSize > 0 ? v.groupSize : pd;
    const float* xk = a.xk + i0 * pd;
    const std::uint8_t* row[R];
    for (int r = 0; r < R; ++r) row[r] = v.qweight + (r0 + r) * v.rowBytes;
    const std::int64_t prefetchAhead = R * v.rowBytes;
    if (v.weak > 0 && r0 + 2 * R <= v.rows) prefetchBytes(v.weakWeight + (r0 + R) * v.weak, R * v.weak * 2);
    __m256 acc[R][M][2];
    for (int r = 0; r < R; ++r)
        for (int i = 0; i < M; ++i) acc[r][i][0] = acc[r][i][1] = _mm256_setzero_ps();
    for (std::int64_t g = 0; g < nG; ++g) {
        const std::int64_t b0 = g * gsz, b1 = std::min(b0 + gsz, pd);
        __m256 tab[R];
        for (int r = 0; r < R; ++r) tab[r] = weightTable(a.dec, sF[r * nG + g], zF[r * nG + g]);
        std::int64_t j = b0;
        if (a.wide)
            for (; j + kWide <= b1; j += kWide) {
                const std::int64_t off = j / 8 * 3;
#pragma GCC unroll 4
                for (int r = 0; r < R; ++r) {
                    _mm_prefetch(reinterpret_cast<const char*>(row[r] + off + prefetchAhead), _MM_HINT_T0);
                    const __m256i q = wideCodes3(row[r] + off, a.dec);
#pragma GCC unroll 8
                    for (int k = 0; k < 8; ++k) {
                        const __m256 w =
                            _mm256_permutevar8x32_ps(tab[r], k ? _mm256_srli_epi32(q, 3 * k) : q);
#pragma GCC unroll 4
                        for (int i = 0; i < M; ++i)
                            acc[r][i][k % 2] = _mm256_fmadd_ps(w, _mm256_loadu_ps(xk + i * pd + j + 8 * k),
                                                               acc[r][i][k % 2]);
                    }
                }
            }
        for (; j < b1; j += kRun) {
            const std::int64_t off = j / 8 * 3;
            for (int r = 0; r < R; ++r) {
                _mm_prefetch(reinterpret_cast<const char*>(row[r] + off + prefetchAhead), _MM_HINT_T0);
                const __m256 w = _mm256_permutevar8x32_ps(tab[r], runCodes(row[r] + off, a.dec));
                for (int i = 0; i < M; ++i)
                    acc[r][i][0] = _mm256_fmadd_ps(w, _mm256_loadu_ps(xk + i * pd + j), acc[r][i][0]);
            }
        }
    }
    // The weak columns (fp16 converted 8 at a time) and the bias.
    const float* xw = a.in->xw + i0 * v.weak;
    float side[R][M] = {};
    std::int64_t k = 0;
    for (; k + 8 <= v.weak; k += 8)
        for (int r = 0; r < R; ++r) {
            const __m256 w = _mm256_cvtph_ps(
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(v.weakWeight + (r0 + r) * v.weak + k)));
            for (int i = 0; i < M; ++i)
                acc[r][i][1] = _mm256_fmadd_ps(w, _mm256_loadu_ps(xw + i * v.weak + k), acc[r][i][1]);
        }
    for (; k < v.weak; ++k)
        for (int r = 0; r < R; ++r) {
            const float w = halfToFloat(v.weakWeight[(r0 + r) * v.weak + k]);
            for (int i = 0; i < M; ++i) side[r][i] += w * xw[i * v.weak + k];
        }
    for (int r = 0; r < R; ++r)
        for (int i = 0; i < M; ++i)
            y[(i0 + i) * v.rows + r0 + r] = hsum(_mm256_add_ps(acc[r][i][0], acc[r][i][1])) + side[r][i] +
                                            (v.bias ? v.bias[r0 + r] : 0.0f);
}

// Columns [j0, j1) of R rows one code at a time: dot[r][i] += code * x.
template <int BITS, int R, int M>
[[gnu::noinline]] void oneByOne(const std::uint8_t* const* row, const float* xp, std::int64_t pd,
                                std::int64_t j0, std::int64_t j1, float (*dot)[M]) {
    for (std::int64_t j = j0; j < j1; ++j)
        for (int r = 0; r < R; ++r) {
            const float c = float(packedCode(row[r], j, BITS));
            for (int i = 0; i < M; ++i) dot[r][i] += c * xp[i * pd + j];
        }
}

// y[i * rows + r] = packed part of row r for activation rows i0 .. i0 + M - 1, rows r0 .. r0 + R - 1.
// sF, zF: scales and zero points of row r0 as floats ([R][nGroups], row stride nGroups). RAGGED: group
// boundaries inside runs (otherwise the loop makes no calls and keeps its accumulators in registers).
template <int BITS, int R, int M, bool RAGGED>
void gemmRows(const GemmArgs& a, std::int64_t r0, std::int64_t i0, const float* sF, const float* zF,
              float* y) {
    if constexpr (BITS == 3 && !RAGGED) return gemmRows3<R, M>(a, r0, i0, sF, zF, y);
    const PackedLinearView& v = *a.v;
    const std::int64_t pd = a.in->paddedDense, nG = v.nGroups;
    const std::int64_t gsz = v.groupSize > 0 ? v.groupSize : pd;
    const float* xp = a.in->xp + i0 * pd;
    const float* gs = a.in->gs + i0 * nG;
    const std::uint8_t* row[R];
    for (int r = 0; r < R; ++r) row[r] = v.qweight + (r0 + r) * v.rowBytes;
    const std::int64_t prefetchAhead = R * v.rowBytes;
    if (v.weak > 0 && r0 + 2 * R <= v.rows) prefetchBytes(v.weakWeight + (r0 + R) * v.weak, R * v.weak * 2);
    __m256 accRow[R][M];
    float dot[R][M]; // codes * activations done one at a time, per group (RAGGED)
    float side[R][M];
    for (int r = 0; r < R; ++r)
        for (int i = 0; i < M; ++i) {
            accRow[r][i] = _mm256_setzero_ps();
            side[r][i] = 0.0f;
        }
    for (std::int64_t g = 0; g < nG; ++g) {
        std::int64_t b0 = g * gsz, b1 = std::min(b0 + gsz, pd);
        if constexpr (RAGGED) {
            const GroupSpan& sp = a.spans[g];
            b0 = sp.bodyBegin;
            b1 = sp.bodyEnd;
            for (int r = 0; r < R; ++r)
                for (int i = 0; i < M; ++i) dot[r][i] = 0.0f;
            if (sp.j0 < sp.bodyBegin) oneByOne<BITS, R, M>(row, xp, pd, sp.j0, sp.bodyBegin, dot);
            if (sp.bodyEnd < sp.j1) oneByOne<BITS, R, M>(row, xp, pd, sp.bodyEnd, sp.j1, dot);
        }
        __m256 acc[R][M][2];
        for (int r = 0; r < R; ++r)
            for (int i = 0; i < M; ++i) acc[r][i][0] = acc[r][i][1] = _mm256_setzero_ps();
        std::int64_t j = b0;
        for (; j + 2 * kRun <= b1; j += 2 * kRun) {
            const std::int64_t off = j / 8 * BITS;
#pragma GCC unroll 4
            for (int r = 0; r < R; ++r) {
                // The same bytes of the next R rows (the hardware prefetchers alone leave the loads waiting).
                _mm_prefetch(reinterpret_cast<const char*>(row[r] + off + prefetchAhead), _MM_HINT_T0);
                const __m256 c0 = decodeRun(row[r] + off, a.dec);
                const __m256 c1 = decodeRun(row[r] + off + BITS, a.dec);
#pragma GCC unroll 4
                for (int i = 0; i < M; ++i) {
                    acc[r][i][0] = _mm256_fmadd_ps(c0, _mm256_loadu_ps(xp + i * pd + j), acc[r][i][0]);
                    acc[r][i][1] = _mm256_fmadd_ps(c1, _mm256_loadu_ps(xp + i * pd + j + 8), acc[r][i][1]);
                }
            }
        }
        if (j < b1) {
            for (int r = 0; r < R; ++r) {
                const __m256 c0 = decodeRun(row[r] + j / 8 * BITS, a.dec);
                for (int i = 0; i < M; ++i)
                    acc[r][i][0] = _mm256_fmadd_ps(c0, _mm256_loadu_ps(xp + i * pd + j), acc[r][i][0]);
            }
        }
        for (int r = 0; r < R; ++r) {
            const __m256 vs = _mm256_set1_ps(sF[r * nG + g]);
            for (int i = 0; i < M; ++i) {
                accRow[r][i] = _mm256_fmadd_ps(_mm256_add_ps(acc[r][i][0], acc[r][i][1]), vs, accRow[r][i]);
                if constexpr (RAGGED) side[r][i] += sF[r * nG + g] * dot[r][i];
            }
        }
    }
    // The weak columns, into the same accumulators (their fp16 weights converted 8 at a time).
    const float* xw = a.in->xw + i0 * v.weak;
    std::int64_t k = 0;
    for (; k + 8 <= v.weak; k += 8)
        for (int r = 0; r < R; ++r) {
            const __m256 w = _mm256_cvtph_ps(
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(v.weakWeight + (r0 + r) * v.weak + k)));
            for (int i = 0; i < M; ++i)
                accRow[r][i] = _mm256_fmadd_ps(w, _mm256_loadu_ps(xw + i * v.weak + k), accRow[r][i]);
        }
    for (; k < v.weak; ++k)
        for (int r = 0; r < R; ++r) {
            const float w = halfToFloat(v.weakWeight[(r0 + r) * v.weak + k]);
            for (int i = 0; i < M; ++i) side[r][i] += w * xw[i * v.weak + k];
        }
    // - scale * zero * (sum of the group's activations), per group; the bias.
    for (int r = 0; r < R; ++r)
        for (int i = 0; i < M; ++i) {
            float c = 0.0f;
            for (std::int64_t g = 0; g < nG; ++g) c += sF[r * nG + g] * zF[r * nG + g] * gs[i * nG + g];
            y[(i0 + i) * v.rows + r0 + r] =
                hsum(accRow[r][i]) + side[r][i] - c + (v.bias ? v.bias[r0 + r] : 0.0f);
        }
}

template <int BITS, int M>
void gemmTile(const GemmArgs& a, std::int64_t r0, std::int64_t r1, std::int64_t i0, const float* sF,
              const float* zF, float* y) {
    constexpr int R = M == 1 ? 2 : 1; // 16 ymm registers
    const std::int64_t nG = a.v->nGroups;
    std::int64_t r = r0;
    if (a.ragged) {
        for (; r + R <= r1; r += R)
            gemmRows<BITS, R, M, true>(a, r, i0, sF + (r - r0) * nG, zF + (r - r0) * nG, y);
        for (; r < r1; ++r) gemmRows<BITS, 1, M, true>(a, r, i0, sF + (r - r0) * nG, zF + (r - r0) * nG, y);
    } else {
        for (; r + R <= r1; r += R)
            gemmRows<BITS, R, M, false>(a, r, i0, sF + (r - r0) * nG, zF + (r - r0) * nG, y);
        for (; r < r1; ++r) gemmRows<BITS, 1, M, false>(a, r, i0, sF + (r - r0) * nG, zF + (r - r0) * nG, y);
    }
}

template <int BITS>
void gemmTileAllM(const GemmArgs& a, std::int64_t r0, std::int64_t r1, std::int64_t m, const float* sF,
                  const float* zF, float* y) {
    for (std::int64_t i0 = 0; i0 < m;) {
        const int M = int(std::min<std::int64_t>(m - i0, kMaxM));
        switch (M) {
        case 1:
            gemmTile<BITS, 1>(a, r0, r1, i0, sF, zF, y);
            break;
        case 2:
            gemmTile<BITS, 2>(a, r0, r1, i0, sF, zF, y);
            break;
        case 3:
            gemmTile<BITS, 3>(a, r0, r1, i0, sF, zF, y);
            break;
        default:
            gemmTile<BITS, kMaxM>(a, r0, r1, i0, sF, zF, y);
            break;
        }
        i0 += M;
    }
}

// Scales and zero points of rows [r0, r1) as floats: sF, zF [r1 - r0][nGroups].
void scalesToFloat(const PackedLinearView& v, std::int64_t r0, std::int64_t r1, float* sF, float* zF) {
    const std::int64_t nG = v.nGroups;
    for (std::int64_t r = r0; r < r1; ++r) {
        std::int64_t g = 0;
        for (; g + 8 <= nG; g += 8) {
            const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v.scales + r * nG + g));
            _mm256_storeu_ps(sF + (r - r0) * nG + g, _mm256_cvtph_ps(h));
        }
        for (; g < nG; ++g) sF[(r - r0) * nG + g] = halfToFloat(v.scales[r * nG + g]);
        for (g = 0; g < nG; ++g) zF[(r - r0) * nG + g] = float(v.zeros[r * nG + g]);
    }
}

// y[i, r] += weak columns . activations + bias for row r (when every column is weak; otherwise gemmRows
// adds them): addWeakAndBias with the fp16 weights converted 8 at a time. wf: [weak] scratch.
void weakAndBias(const PackedLinearView& v, const GemmInputs& in, std::int64_t m, std::int64_t r, float* wf,
                 float* y) {
    const std::int64_t K = v.weak;
    const std::uint16_t* ww = v.weakWeight + r * K;
    std::int64_t k = 0;
    for (; k + 8 <= K; k += 8)
        _mm256_storeu_ps(wf + k, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(ww + k))));
    for (; k < K; ++k) wf[k] = halfToFloat(ww[k]);
    for (std::int64_t i = 0; i < m; ++i) {
        const float* xw = in.xw + i * K;
        __m256 acc = _mm256_setzero_ps();
        for (k = 0; k + 8 <= K; k += 8)
            acc = _mm256_fmadd_ps(_mm256_loadu_ps(wf + k), _mm256_loadu_ps(xw + k), acc);
        float tail = v.bias ? v.bias[r] : 0.0f;
        for (; k < K; ++k) tail += wf[k] * xw[k];
        y[i * v.rows + r] += hsum(acc) + tail;
    }
}

} // namespace

void gemmAvx2(const PackedLinearView& v, const float* x, std::int64_t m, float* y) {
    if (m <= 0 || v.rows <= 0) return;
    const GemmInputs& in = gatherInputs(v, x, m);
    bool ragged = false;
    const GroupSpan* spans = groupSpans(v, kRun, in.paddedDense, ragged);
    // 3 bits: activations with whole 64-column blocks in wideCodes3 order (position 8k + d: column 8d + k).
    const bool wide = v.bits == 3 && (v.groupSize == 0 || v.groupSize % kWide == 0);
    const float* xk = nullptr;
    if (v.bits == 3 && !ragged) {
        thread_local Scratch<float> xkStore;
        const std::int64_t pd = in.paddedDense, wideEnd = wide ? pd / kWide * kWide : 0;
        float* w = xkStore.get(std::size_t(m * pd));
        for (std::int64_t i = 0; i < m; ++i) {
            for (std::int64_t j = 0; j < wideEnd; j += kWide)
                for (int k = 0; k < 8; ++k)
                    for (int d = 0; d < 8; ++d) w[i * pd + j + 8 * k + d] = in.xp[i * pd + j + 8 * d + k];
            std::copy(in.xp + i * pd + wideEnd, in.xp + (i + 1) * pd, w + i * pd + wideEnd);
        }
        xk = w;
    }
    const GemmArgs a{&v, makeDecoder(v.bits), &in, spans, ragged, xk, wide};
    forEachRowTile(
        v, kTileRows, m, y, cpuThreads(),
        [&](std::int64_t r0, std::int64_t r1, float* sF, float* zF) {
            scalesToFloat(v, r0, r1, sF, zF);
            withBits(v.bits, [&](auto b) { gemmTileAllM<decltype(b)::value>(a, r0, r1, m, sF, zF, y); });
        },
        [&](std::int64_t r, float* wf) { weakAndBias(v, in, m, r, wf, y); });
}

void dequantizeAvx2(const PackedLinearView& v, float* W) {
    if (v.rows <= 0) return;
    const Decoder d = makeDecoder(v.bits);
    const std::int64_t pd = (v.dense + kPackedBlockCols - 1) / kPackedBlockCols * kPackedBlockCols;
#pragma omp parallel for schedule(static) num_threads(cpuThreads())
    for (std::int64_t r = 0; r < v.rows; ++r) {
        float* w = W + r * v.cols;
        const std::uint8_t* row = v.qweight + r * v.rowBytes;
        alignas(32) float buf[kRun];
        for (std::int64_t g = 0; v.dense > 0 && g < v.nGroups; ++g) {
            const GroupSpan sp = groupSpan(v, g, kRun, pd);
            const float s = halfToFloat(v.scales[r * v.nGroups + g]);
            const float z = float(v.zeros[r * v.nGroups + g]);
            const __m256 vs = _mm256_set1_ps(s), vz = _mm256_set1_ps(z);
            auto oneByOne = [&](std::int64_t j0, std::int64_t j1) {
                for (std::int64_t j = j0; j < j1; ++j)
                    w[v.perm ? v.perm[j] : j] = s * (float(packedCode(row, j, v.bits)) - z);
            };
            oneByOne(sp.j0, sp.bodyBegin);
            for (std::int64_t j = sp.bodyBegin; j < sp.bodyEnd; j += kRun) {
                // The same two roundings as dequantCode: (code - zero), then * scale.
                const __m256 wv = _mm256_mul_ps(_mm256_sub_ps(decodeRun(row + j / 8 * v.bits, d), vz), vs);
                const std::int64_t n = std::min(kRun, v.dense - j);
                if (!v.perm && n == kRun) {
                    _mm256_storeu_ps(w + j, wv);
                } else {
                    _mm256_store_ps(buf, wv);
                    for (std::int64_t t = 0; t < n; ++t) w[v.perm ? v.perm[j + t] : j + t] = buf[t];
                }
            }
            oneByOne(sp.bodyEnd, sp.j1);
        }
        for (std::int64_t k = 0; k < v.weak; ++k) w[v.weakIdx[k]] = halfToFloat(v.weakWeight[r * v.weak + k]);
    }
}

} // namespace owq::kernels::detail
