// AVX-512 path (F + BW). Codes are decoded 32 at a time (one padding block, 4 * bits bytes) into two vectors
// of 16 dword lanes whose low bits hold the codes, and turned into weights with one vpermps each: a 16-entry
// table per row and group holds scale * ((i & (2^bits - 1)) - zero), exactly the reference's dequantCode, and
// vpermps reads only the low 4 bits of each lane, so no masking is needed and the garbage above a code (the
// next code's bits) selects the same entry of the periodic table. No group sums and no per-group reduction:
// every FMA adds weight * activation into one accumulator per (row, activation row).
//
// For the product the codes come out in whatever order is cheapest to decode (see gemmOrderCol) and the
// activations are gathered once per call into that order (xk). Per 32 codes:
//   4 bits: vpmovzxbd of 16 bytes (low nibbles = even columns), vpsrld 4 (odd columns); whole 128-column
//           blocks instead: one 64-byte load and a vpsrld per 16 codes (see gemmRows)
//   2 bits: vpbroadcastq of 8 bytes, two vpsrlvd (dword lanes alternate the two 32-bit halves)
//   3 bits: vbroadcasti32x4 of 12 (+4) bytes, two vpshufb + vpsrlvd (natural order); whole 128-column
//           blocks instead: 48 bytes spread by one vpermd + vpshufb (with VBMI: one vpermb, in the second
//           build of this file, packed_avx512_vbmi.cpp) so that lane d holds columns 8d .. 8d + 7 from its
//           bit 0, then one vpsrld per 16 codes, as for 4 bits (see gemmRows and wideCodes)
// then 2 vpermps and 2 FMAs per activation row. Four output rows run together, with up to 4 activation rows
// per pass over the weights (m > 4: several passes) and two accumulators per pair while R * M <= 8, so the
// FMA latency chains stay independent and each activation vector loaded serves four rows.
// Columns of a group that do not fill a whole aligned run (ragged group sizes) are done one code at a time,
// in a separate instantiation so the common case has no calls in its loop and keeps every accumulator in a
// register. Scales and zero points of a tile of rows are converted to float 16 groups at a time up front (a
// table then costs one subtract and one multiply with broadcast memory operands), and each run prefetches
// the same bytes of the next R rows: with the hardware prefetchers alone a GEMV streamed weights from DRAM
// at about half the bandwidth a plain read reached on the machine they were written on.
#include "owq/kernels/packed_cpu.h"
#include "packed_common.h"
#include "packed_paths.h"

#include "avx512_intrinsics.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(OWQ_PACKED_AVX512_VNNI)
#include "packed_split_int8.h"
#endif

// packed_avx512_vbmi.cpp compiles this file again with VBMI (OWQ_PACKED_AVX512_VBMI): then the 3-bit wide
// decode is one vpermb and the entry points are gemmAvx512Vbmi / dequantizeAvx512Vbmi. This one must not
// emit VBMI (Skylake-X has AVX-512 without it).
// packed_avx512_vnni.cpp compiles it a third time with VBMI and VNNI (OWQ_PACKED_AVX512_VNNI too): then a
// product of up to kSplitInt8MaxTokens tokens takes its whole 128-column blocks from split-int8 activations
// (packed_split_int8.h) and the entry point is gemmAvx512Vnni (dequantize is the VBMI build's).
#if defined(OWQ_PACKED_AVX512_VNNI)
#if !defined(OWQ_PACKED_AVX512_VBMI) || !defined(__AVX512VNNI__)
#error "OWQ_PACKED_AVX512_VNNI needs OWQ_PACKED_AVX512_VBMI and -mavx512vnni"
#endif
#define OWQ_AVX512_ENTRY(name) name##Avx512Vnni
#elif defined(OWQ_PACKED_AVX512_VBMI)
#if !defined(__AVX512VBMI__)
#error "OWQ_PACKED_AVX512_VBMI needs -mavx512vbmi"
#endif
#define OWQ_AVX512_ENTRY(name) name##Avx512Vbmi
#else
#define OWQ_AVX512_ENTRY(name) name##Avx512
#endif

namespace owq::kernels::detail {
namespace {

constexpr std::int64_t kRun = 32;      // codes per decode: one padding block
constexpr std::int64_t kTileRows = 16; // output rows per OpenMP work item (64 bytes of y)
// Activation rows per pass over the weights: 4 rows x 4 of them fill 16 accumulators; 8 per pass (2 rows)
// measured slower than two passes of 4, the activations then coming from L2 for fewer rows each.
constexpr int kMaxM = 4;

// Column (within its run of 32) of position p of the order decodeGemm<bits> delivers: lanes 0..15 of the
// first vector, then lanes 0..15 of the second.
constexpr int gemmOrderCol(int bits, int p) {
    const int h = p >> 4, l = p & 15;
    if (bits == 4) return 2 * l + h;                             // byte l: low nibble, then high nibble
    if (bits == 2) return ((l & 1) ? 16 : 0) + 8 * h + (l >> 1); // lanes alternate the u64's two halves
    return p;
}

struct Decoder {
    __m512i shA, shB;   // per-lane right shifts (first and second vector)
    __m512i ctlA, ctlB; // vpshufb controls: bytes [o, o+1] of the run into each dword lane
    __m512 iota;        // i & (2^bits - 1), i = 0..15: the periodic code table
    __m512i wideIdx;    // 3-bit 128-column blocks: vpermd putting dwords 3L .. 3L + 3 into 128-bit lane L
    __m512i wideCtl;    // then vpshufb: dword e of each lane from its bytes 3e .. 3e + 3
    __m512i wideBytes;  // or, with VBMI, one vpermb: dword d from bytes 3d .. 3d + 3 (of 64 loaded)
};

// natural: lane k of the first vector is code k, of the second code 16 + k (any bit width; dequantize).
// Otherwise the constants decodeGemm<bits> needs.
Decoder makeDecoder(int bits, bool natural) {
    alignas(64) std::int32_t sh[2][16];
    alignas(64) std::uint8_t ctl[2][64];
    alignas(64) float io[16];
    for (int h = 0; h < 2; ++h)
        for (int l = 0; l < 16; ++l) {
            const int k = 16 * h + l;
            const int bit = bits * k, o = bit >> 3;
            sh[h][l] = bit & 7;
            if (!natural && bits == 2) sh[h][l] = 2 * (8 * h + (l >> 1));
            std::uint8_t* c = ctl[h] + 4 * l;
            c[0] = std::uint8_t(o);
            c[1] = o + 1 < 16 ? std::uint8_t(o + 1) : 0x80;
            c[2] = c[3] = 0x80;
        }
    for (int i = 0; i < 16; ++i) io[i] = float(i & ((1 << bits) - 1));
    alignas(64) std::int32_t wideIdx[16];
    alignas(64) std::uint8_t wideCtl[64], wideBytes[64];
    for (int d = 0; d < 16; ++d) {
        wideIdx[d] = 3 * (d / 4) + d % 4;
        for (int b = 0; b < 4; ++b) {
            wideCtl[4 * d + b] = std::uint8_t(3 * (d % 4) + b);
            wideBytes[4 * d + b] = std::uint8_t(3 * d + b); // byte 48 (d = 15): garbage above code 7
        }
    }
    Decoder d;
    d.shA = _mm512_load_si512(sh[0]);
    d.shB = _mm512_load_si512(sh[1]);
    d.ctlA = _mm512_load_si512(ctl[0]);
    d.ctlB = _mm512_load_si512(ctl[1]);
    d.iota = _mm512_load_ps(io);
    d.wideIdx = _mm512_load_si512(wideIdx);
    d.wideCtl = _mm512_load_si512(wideCtl);
    d.wideBytes = _mm512_load_si512(wideBytes);
    return d;
}

// The run of 32 codes at p (bits * 4 bytes; up to 16 bytes are read) in gemmOrderCol order.
template <int BITS> inline void decodeGemm(const std::uint8_t* p, const Decoder& d, __m512i& a, __m512i& b) {
    if constexpr (BITS == 4) {
        a = _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
        b = _mm512_srli_epi32(a, 4);
    } else if constexpr (BITS == 2) {
        std::uint64_t u;
        std::memcpy(&u, p, sizeof u);
        const __m512i q = _mm512_set1_epi64(static_cast<long long>(u));
        a = _mm512_srlv_epi32(q, d.shA);
        b = _mm512_srlv_epi32(q, d.shB);
    } else {
        const __m512i q = _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
        a = _mm512_srlv_epi32(_mm512_shuffle_epi8(q, d.ctlA), d.shA);
        b = _mm512_srlv_epi32(_mm512_shuffle_epi8(q, d.ctlB), d.shB);
    }
}

// A whole 128-column block at p (BITS * 16 bytes) with dword lane d holding column 8d + k at bit BITS * k
// (and the next codes above it, which the periodic table ignores). 4 bits: the plain load. 3 bits: lane d
// must start at byte 3d, so 128-bit lane L gets bytes 12L .. 12L + 15 (vpermd) and each dword its 4 bytes
// (vpshufb), or with VBMI both at once (vpermb). The load takes 64 bytes for the block's 48: the last block
// of a buffer reads exactly its kPackedTailBytes of slack (a masked load measured 3% slower).
template <int BITS> inline __m512i wideCodes(const std::uint8_t* p, const Decoder& d) {
    static_assert(BITS == 4 || 16 * BITS + kPackedTailBytes >= 64);
    const __m512i q = _mm512_loadu_si512(p);
    if constexpr (BITS == 4) {
        return q;
    } else {
#if defined(OWQ_PACKED_AVX512_VBMI)
        return _mm512_permutexvar_epi8(d.wideBytes, q);
#else
        return _mm512_shuffle_epi8(_mm512_permutexvar_epi32(d.wideIdx, q), d.wideCtl);
#endif
    }
}

// Natural order, any width (16 bytes are read).
inline void decodeNatural(const std::uint8_t* p, const Decoder& d, __m512i& a, __m512i& b) {
    const __m512i q = _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    a = _mm512_srlv_epi32(_mm512_shuffle_epi8(q, d.ctlA), d.shA);
    b = _mm512_srlv_epi32(_mm512_shuffle_epi8(q, d.ctlB), d.shB);
}

// The first min(left, 16) lanes (left > 0): the mask of a loop's last, partial vector.
inline __mmask16 tailMask(std::int64_t left) {
    return left >= 16 ? __mmask16(0xffff) : __mmask16((1u << left) - 1u);
}

inline float halfToFloat(std::uint16_t h) {
    return _cvtsh_ss(h); // exact, like f16ToFloat
}

// scale * (code - zero) for every 4-bit index, periodic in the code width: the same two roundings as
// dequantCode.
inline __m512 weightTable(const Decoder& d, float s, float z) {
    return _mm512_mul_ps(_mm512_sub_ps(d.iota, _mm512_set1_ps(z)), _mm512_set1_ps(s));
}

// The sums of four vectors' lanes, as lanes 0..3: pairs of lanes added within each 128-bit lane, then the
// four 128-bit lanes (14 instructions where four horizontal sums take about 32).
inline __m128 sumsOfFour(__m512 a, __m512 b, __m512 c, __m512 d) {
    const __m512 ab =
        _mm512_add_ps(_mm512_unpacklo_ps(a, b), _mm512_unpackhi_ps(a, b)); // a0+a2 b0+b2 a1+a3 b1+b3
    const __m512 cd = _mm512_add_ps(_mm512_unpacklo_ps(c, d), _mm512_unpackhi_ps(c, d));
    const __m512 abcd = _mm512_add_ps(_mm512_shuffle_ps(ab, cd, _MM_SHUFFLE(1, 0, 1, 0)),
                                      _mm512_shuffle_ps(ab, cd, _MM_SHUFFLE(3, 2, 3, 2))); // a b c d per 128
    const __m512 h = _mm512_add_ps(abcd, _mm512_shuffle_f32x4(abcd, abcd, _MM_SHUFFLE(1, 0, 3, 2)));
    const __m512 q = _mm512_add_ps(h, _mm512_shuffle_f32x4(h, h, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm512_castps512_ps128(q);
}

struct GemmArgs {
    const PackedLinearView* v;
    Decoder dec;
    const GroupSpan* spans; // [nGroups], the same for every row
    bool ragged;            // some group boundary falls inside a run of 32
    const float* xk;        // [m, pd] activations in decodeGemm order
    const float* xp;        // [m, pd] activations in packed order (columns done one at a time)
    std::int64_t pd;        // padded dense columns
    const float* xw;        // [m, weak] activations of the weak columns
    bool wide;              // 3 or 4 bits, groups of whole 128-column blocks: see gemmRows
#if defined(OWQ_PACKED_AVX512_VNNI)
    // [m], m <= kSplitInt8MaxTokens, wide: whole blocks go through splitRows
    const SplitActs* split = nullptr;
    SplitDecoder splitDec{};
#endif
};

#if defined(OWQ_PACKED_AVX512_VNNI)
// The block loop of splitRows: acc[r][i] += f[(r * M + i) * nB + b] * (c . v) over the blocks b, c . v from
// the halves (Split15) or the bytes (INT8) of token i's activations.
template <int BITS, int R, int M, bool INT8>
[[gnu::always_inline]] inline void splitBlocks(const GemmArgs& a, std::int64_t i0,
                                               const std::uint8_t* const* row, const float* f,
                                               std::int64_t prefetchAhead, __m512 (&acc)[R][M]) {
    const SplitActs* sa = a.split + i0;
    const std::int64_t nB = sa[0].blocks;
    constexpr int kVecs = INT8 ? 2 : 4;          // 64-byte vectors of activations per block and token
    constexpr std::int64_t kStride = 64 * kVecs; // bytes per block
    // One or two tokens: their vectors held in registers for the block's R rows; Split15's two halves'
    // products in separate chains (shorter dependencies: from DRAM, measured 10-13% faster at 4 bits than
    // the form below). More tokens would not fit registers: their halves come from L1 (memory operands) and
    // share one accumulator, 128 * (c . hi) shifted before the low half is added.
    constexpr bool kHeld = M <= 2;
    for (std::int64_t b = 0; b < nB; ++b) {
        __m512i held[kHeld ? M : 1][kVecs];
        if constexpr (kHeld)
            for (int i = 0; i < M; ++i)
                for (int k = 0; k < kVecs; ++k)
                    held[i][k] = _mm512_load_si512(sa[i].data + kStride * b + 64 * k);
        const std::int64_t off = b * 16 * BITS;
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            __m512i c0, c1;
            splitCodes<BITS>(row[r] + off, a.splitDec, c0, c1);
            // Into L2, not L1 as the float loops do: this loop consumes bytes twice as fast, and L2 keeps
            // more misses in flight (measured on Zen 5: 4-bit from DRAM 30-40% faster, 3-bit 10-25%; no gain
            // for the float loops; on the Xeon L1 and L2 measure the same).
            _mm_prefetch(reinterpret_cast<const char*>(row[r] + off + prefetchAhead), _MM_HINT_T1);
#pragma GCC unroll 4
            for (int i = 0; i < M; ++i) {
                const __m512i zero = _mm512_setzero_si512();
                const std::int8_t* vb = sa[i].data + kStride * b;
                __m512i cv;
                if constexpr (INT8) {
                    cv = kHeld
                             ? _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(zero, c0, held[i][0]), c1, held[i][1])
                             : _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(zero, c0, _mm512_load_si512(vb)), c1,
                                                   _mm512_load_si512(vb + 64));
                } else if constexpr (kHeld) {
                    const __m512i hs =
                        _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(zero, c0, held[i][0]), c1, held[i][1]);
                    const __m512i ls =
                        _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(zero, c0, held[i][2]), c1, held[i][3]);
                    cv = _mm512_add_epi32(_mm512_slli_epi32(hs, 7), ls); // exact: |.| < 2^21
                } else {
                    cv = _mm512_dpbusd_epi32(zero, c0, _mm512_load_si512(vb));
                    cv = _mm512_dpbusd_epi32(cv, c1, _mm512_load_si512(vb + 64));
                    cv = _mm512_slli_epi32(cv, 7);
                    cv = _mm512_dpbusd_epi32(cv, c0, _mm512_load_si512(vb + 128));
                    cv = _mm512_dpbusd_epi32(cv, c1, _mm512_load_si512(vb + 192));
                }
                acc[r][i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(cv), _mm512_set1_ps(f[(r * M + i) * nB + b]),
                                            acc[r][i]);
            }
        }
    }
}

// Columns [0, 128 * blocks) of R rows for M tokens from their split-int8 activations (packed_split_int8.h;
// a.split[i0 + i] for token i): acc[r][i] gets sum_b s * d_b * (c . v) over the blocks, zeroTerm[r][i] (a
// vector whose lanes add up to it) the part sum_b s * z * d_b * sum_j v_j to subtract. Per block and row: one
// load and the byte decode (4 bits: 3 instructions; 3 bits: 5), then per token 4 vpdpbusd and a shift (and an
// add), a conversion and an FMA (Int8 rounding: 2 vpdpbusd, a conversion and an FMA), where the float decode
// takes 8 shifts and 8 vpermps, then 8 FMAs per token. Zen 5 (dev-2c, where this was measured) issues one
// 512-bit multiply (either kind) per cycle (256-bit: two): the 7 (Int8: 4) per token are what the time grows
// by. From DRAM the decode is not what bounds a one-token product on the Intel Xeon of docs/BENCHMARKS.md:
// with no decode at all it streamed no faster (issue 22, session 24).
// The per-block factors f and the zero term come straight from the row's fp16 scales and byte zero points,
// 16 groups per step, in one pass (scalesToFloat's float tile covers only the groups after the blocks).
// Through the float tile and two passes this prologue took 7% of a hot 2048 x 5632 product, and its removal
// also sped some products from DRAM by 10-15% (docs/BENCHMARKS.md, issue 22, session 25).
template <int BITS, int R, int M>
[[gnu::always_inline]] inline void splitRows(const GemmArgs& a, std::int64_t i0, std::int64_t r0,
                                             const std::uint8_t* const* row, std::int64_t prefetchAhead,
                                             __m512 (&acc)[R][M], __m512 (&zeroTerm)[R][M]) {
    const PackedLinearView& v = *a.v;
    const SplitActs* sa = a.split + i0;
    const std::int64_t nB = sa[0].blocks, nG = v.nGroups;
    // f[(r * M + i) * nB + b] = scale of row r's group holding block b, times token i's d_b.
    thread_local Scratch<float> fBuf;
    float* f = fBuf.get(std::size_t(R * M * nB));
    // Groups holding split blocks: all of them but a last one that starts beyond the blocks.
    const std::int64_t gEnd = v.groupSize > 0 ? std::min(nG, (128 * nB + v.groupSize - 1) / v.groupSize) : 1;
    for (int r = 0; r < R; ++r) {
        const std::uint16_t* sh = v.scales + (r0 + r) * nG;
        const std::uint8_t* zu = v.zeros + (r0 + r) * nG;
        __m512 zt[M];
        for (int i = 0; i < M; ++i) zt[i] = _mm512_setzero_ps();
        for (std::int64_t g = 0; g < gEnd; g += 16) {
            const __mmask16 k = tailMask(gEnd - g);
            const __m512 sc = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(k, sh + g));
            const __m512 sz =
                _mm512_mul_ps(sc, _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(k, zu + g))));
            for (int i = 0; i < M; ++i) {
                const SplitActs& s = sa[i];
                zt[i] = _mm512_fmadd_ps(sz, _mm512_maskz_loadu_ps(k, s.groupX + g), zt[i]);
                if (v.groupSize == 128) // group g is block g
                    _mm512_mask_storeu_ps(f + (r * M + i) * nB + g, k,
                                          _mm512_mul_ps(sc, _mm512_maskz_loadu_ps(k, s.d + g)));
            }
        }
        if (v.groupSize != 128) {
            const float s0 = halfToFloat(sh[0]);
            for (int i = 0; i < M; ++i) {
                const SplitActs& s = sa[i];
                float* fr = f + (r * M + i) * nB;
                if (v.groupSize == 0) {
                    for (std::int64_t b = 0; b < nB; b += 16) {
                        const __mmask16 k = tailMask(nB - b);
                        _mm512_mask_storeu_ps(
                            fr + b, k, _mm512_mul_ps(_mm512_set1_ps(s0), _mm512_maskz_loadu_ps(k, s.d + b)));
                    }
                } else {
                    for (std::int64_t b = 0; b < nB; ++b)
                        fr[b] = halfToFloat(sh[128 * b / v.groupSize]) * s.d[b];
                }
            }
        }
        // zeroTerm: lanes summing to the term (gemmRows subtracts it before its one reduction).
        for (int i = 0; i < M; ++i) {
            zeroTerm[r][i] = zt[i];
            acc[r][i] = _mm512_setzero_ps();
        }
    }
    if (sa[0].int8)
        splitBlocks<BITS, R, M, true>(a, i0, row, f, prefetchAhead, acc);
    else
        splitBlocks<BITS, R, M, false>(a, i0, row, f, prefetchAhead, acc);
}
#endif

// Columns [j0, j1) of R rows one code at a time (group boundaries inside a run): side[r][i] += w * x.
template <int BITS, int R, int M>
[[gnu::noinline]] void oneByOne(const std::uint8_t* const* row, const float* s, const float* z,
                                const float* xp, std::int64_t pd, std::int64_t j0, std::int64_t j1,
                                float (*side)[M]) {
    for (std::int64_t j = j0; j < j1; ++j)
        for (int r = 0; r < R; ++r) {
            const float w = s[r] * (float(packedCode(row[r], j, BITS)) - z[r]);
            for (int i = 0; i < M; ++i) side[r][i] += w * xp[i * pd + j];
        }
}

// y[i * rows + r] = packed part of row r for activation rows i0 .. i0 + M - 1, rows r0 .. r0 + R - 1.
// sF, zF: scales and zero points of row r0 as floats ([R][nGroups], row stride nGroups). RAGGED: group
// boundaries inside runs (otherwise every group is whole runs, and the code keeps all accumulators in
// registers: no calls in the loop).
template <int BITS, int R, int M, bool RAGGED>
void gemmRows(const GemmArgs& a, std::int64_t r0, std::int64_t i0, const float* sF, const float* zF,
              float* y) {
    const PackedLinearView& v = *a.v;
    const std::int64_t pd = a.pd, nG = v.nGroups;
    const std::int64_t gsz = v.groupSize > 0 ? v.groupSize : pd;
    const float* xk = a.xk + i0 * pd;
    const float* xp = a.xp + i0 * pd;
    const std::uint8_t* row[R];
    for (int r = 0; r < R; ++r) row[r] = v.qweight + (r0 + r) * v.rowBytes;
    const std::int64_t prefetchAhead = R * v.rowBytes;
    if (v.weak > 0 && r0 + 2 * R <= v.rows) prefetchBytes(v.weakWeight + (r0 + R) * v.weak, R * v.weak * 2);
    // Two accumulators per (row, activation row) while there are few of them (FMA latency chains), one
    // otherwise (registers).
    constexpr int NA = R * M <= 8 ? 2 : 1;
    __m512 acc[R][M][NA];
    float side[R][M];
    for (int r = 0; r < R; ++r)
        for (int i = 0; i < M; ++i) {
            for (int h = 0; h < NA; ++h) acc[r][i][h] = _mm512_setzero_ps();
            side[r][i] = 0.0f;
        }
    std::int64_t splitEnd = 0; // columns [0, splitEnd) done from split-int8 activations
#if defined(OWQ_PACKED_AVX512_VNNI)
    if constexpr (!RAGGED && (BITS == 3 || BITS == 4))
        if (a.split) {
            __m512 sacc[R][M], zt[R][M];
            splitRows<BITS, R, M>(a, i0, r0, row, prefetchAhead, sacc, zt);
            for (int r = 0; r < R; ++r)
                for (int i = 0; i < M; ++i) acc[r][i][0] = _mm512_sub_ps(sacc[r][i], zt[r][i]);
            splitEnd = 128 * a.split[i0].blocks;
        }
#endif
    // Groups from the first one the split blocks did not cover whole (split groups are whole blocks).
    for (std::int64_t g = splitEnd > 0 ? splitEnd / gsz : 0; g < nG; ++g) {
        std::int64_t b0 = g * gsz, b1 = std::min(b0 + gsz, pd);
        if constexpr (RAGGED) {
            b0 = a.spans[g].bodyBegin;
            b1 = a.spans[g].bodyEnd;
        }
        __m512 tab[R];
        for (int r = 0; r < R; ++r) tab[r] = weightTable(a.dec, sF[r * nG + g], zF[r * nG + g]);
        if constexpr (RAGGED) {
            float s[R], z[R];
            for (int r = 0; r < R; ++r) s[r] = sF[r * nG + g], z[r] = zF[r * nG + g];
            const GroupSpan& sp = a.spans[g];
            if (sp.j0 < sp.bodyBegin) oneByOne<BITS, R, M>(row, s, z, xp, pd, sp.j0, sp.bodyBegin, side);
            if (sp.bodyEnd < sp.j1) oneByOne<BITS, R, M>(row, s, z, xp, pd, sp.bodyEnd, sp.j1, side);
        }
        // 3 or 4 bits in groups of whole 128-column blocks: 16 * BITS bytes per row at once, dword d holding
        // columns 8d .. 8d + 7 from its bit 0 (wideCodes), and the k-th code of every lane selected by a
        // plain shift (vpermps ignores the bits above): per 32 codes one shift, and few shuffles (4 bits:
        // none, measured 17% faster than the 32-code runs; 3 bits: 1 or 2 per 128 codes instead of 8).
        std::int64_t jw = std::max(b0, splitEnd);
        if constexpr ((BITS == 4 || BITS == 3) && !RAGGED) {
            if (a.wide)
                for (; jw + 128 <= b1; jw += 128) {
                    const float* x = xk + jw;
                    const std::int64_t off = jw / 8 * BITS;
#pragma GCC unroll 4
                    for (int r = 0; r < R; ++r) {
                        const __m512i q = wideCodes<BITS>(row[r] + off, a.dec);
                        _mm_prefetch(reinterpret_cast<const char*>(row[r] + off + prefetchAhead),
                                     _MM_HINT_T0);
#pragma GCC unroll 8
                        for (int k = 0; k < 8; ++k) {
                            const __m512 w =
                                _mm512_permutexvar_ps(k ? _mm512_srli_epi32(q, BITS * k) : q, tab[r]);
#pragma GCC unroll 8
                            for (int i = 0; i < M; ++i)
                                acc[r][i][k % NA] = _mm512_fmadd_ps(w, _mm512_load_ps(x + i * pd + 16 * k),
                                                                    acc[r][i][k % NA]);
                        }
                    }
                }
        }
        for (std::int64_t j = jw; j < b1; j += kRun) {
            const float* x = xk + j;
            const std::int64_t off = j / 8 * BITS;
#pragma GCC unroll 4
            for (int r = 0; r < R; ++r) {
                __m512i ca, cb;
                decodeGemm<BITS>(row[r] + off, a.dec, ca, cb);
                // The same bytes of the next R rows: without it the hardware prefetchers leave the loads
                // waiting on DRAM (about half the streaming bandwidth, measured).
                _mm_prefetch(reinterpret_cast<const char*>(row[r] + off + prefetchAhead), _MM_HINT_T0);
                const __m512 wa = _mm512_permutexvar_ps(ca, tab[r]);
                const __m512 wb = _mm512_permutexvar_ps(cb, tab[r]);
#pragma GCC unroll 8
                for (int i = 0; i < M; ++i) {
                    acc[r][i][0] = _mm512_fmadd_ps(wa, _mm512_load_ps(x + i * pd), acc[r][i][0]);
                    acc[r][i][NA - 1] =
                        _mm512_fmadd_ps(wb, _mm512_load_ps(x + i * pd + 16), acc[r][i][NA - 1]);
                }
            }
        }
    }
    // The weak columns, into the same accumulators (their fp16 weights converted 16 at a time), and the bias.
    for (std::int64_t k = 0; k < v.weak; k += 16) {
        const __mmask16 mk = tailMask(v.weak - k);
        for (int r = 0; r < R; ++r) {
            const __m512 w =
                _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mk, v.weakWeight + (r0 + r) * v.weak + k));
            for (int i = 0; i < M; ++i)
                acc[r][i][0] =
                    _mm512_fmadd_ps(w, _mm512_maskz_loadu_ps(mk, a.xw + (i0 + i) * v.weak + k), acc[r][i][0]);
        }
    }
    auto total = [&](int r, int i) {
        return NA == 2 ? _mm512_add_ps(acc[r][i][0], acc[r][i][NA - 1]) : acc[r][i][0];
    };
    if constexpr (R == 4) { // four rows' sums at once, stored together (their y are adjacent)
        const __m128 bias = v.bias ? _mm_loadu_ps(v.bias + r0) : _mm_setzero_ps();
        for (int i = 0; i < M; ++i) {
            const __m128 s = sumsOfFour(total(0, i), total(1, i), total(2, i), total(3, i));
            const __m128 sd = _mm_setr_ps(side[0][i], side[1][i], side[2][i], side[3][i]);
            _mm_storeu_ps(y + (i0 + i) * v.rows + r0, _mm_add_ps(_mm_add_ps(s, sd), bias));
        }
    } else {
        for (int r = 0; r < R; ++r)
            for (int i = 0; i < M; ++i)
                y[(i0 + i) * v.rows + r0 + r] =
                    _mm512_reduce_add_ps(total(r, i)) + side[r][i] + (v.bias ? v.bias[r0 + r] : 0.0f);
    }
}

// Rows [r0, r1), activation rows i0 .. i0 + M - 1; sF, zF as in gemmRows for row r0.
template <int BITS, int M>
void gemmTile(const GemmArgs& a, std::int64_t r0, std::int64_t r1, std::int64_t i0, const float* sF,
              const float* zF, float* y) {
    // 8 to 16 accumulators: enough independent FMA chains, room for the tables, and each activation vector
    // (from L2 once m * in no longer fits L1) used by four rows.
    constexpr int R = 4;
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
        const std::int64_t left = m - i0;
        const int M = int(std::min<std::int64_t>(left, kMaxM));
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

// Scales and zero points of rows [r0, r1) as floats, 16 groups at a time: sF, zF [r1 - r0][nGroups], groups
// from gFrom on (those before it are the split blocks', which splitRows reads in fp16).
void scalesToFloat(const PackedLinearView& v, std::int64_t r0, std::int64_t r1, float* sF, float* zF,
                   std::int64_t gFrom) {
    const std::int64_t nG = v.nGroups;
    for (std::int64_t r = r0; r < r1; ++r)
        for (std::int64_t g = gFrom; g < nG; g += 16) {
            const __mmask16 k = tailMask(nG - g);
            const std::int64_t at = r * nG + g, to = (r - r0) * nG + g;
            _mm512_mask_storeu_ps(sF + to, k, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(k, v.scales + at)));
            const __m512i z = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(k, v.zeros + at));
            _mm512_mask_storeu_ps(zF + to, k, _mm512_cvtepi32_ps(z));
        }
}

// y[i, r] += weak columns . activations + bias for row r (when every column is weak; otherwise gemmRows
// adds them): addWeakAndBias with the fp16 weights converted 16 at a time. wf: [weak] scratch.
void weakAndBias(const PackedLinearView& v, const GemmInputs& in, std::int64_t m, std::int64_t r, float* wf,
                 float* y) {
    const std::int64_t K = v.weak;
    const std::uint16_t* ww = v.weakWeight + r * K;
    for (std::int64_t k = 0; k < K; k += 16) {
        const __mmask16 mk = tailMask(K - k);
        _mm512_mask_storeu_ps(wf + k, mk, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mk, ww + k)));
    }
    for (std::int64_t i = 0; i < m; ++i) {
        const float* xw = in.xw + i * K;
        __m512 acc = _mm512_setzero_ps();
        for (std::int64_t k = 0; k < K; k += 16) {
            const __mmask16 mk = tailMask(K - k);
            acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mk, wf + k), _mm512_maskz_loadu_ps(mk, xw + k), acc);
        }
        y[i * v.rows + r] += _mm512_reduce_add_ps(acc) + (v.bias ? v.bias[r] : 0.0f);
    }
}

// The product behind the entry point; int8: ActivationRounding::Int8 (the VNNI build's split products).
void gemmPacked(const PackedLinearView& v, const float* x, std::int64_t m, float* y,
                [[maybe_unused]] bool int8) {
    if (m <= 0 || v.rows <= 0) return;
    const GemmInputs& in = gatherInputs(v, x, m, false);
    const std::int64_t pd = in.paddedDense;
    // Activations in decode order (3 bits outside whole 128-column blocks decode in packed order, but want
    // the alignment too). With `wide`, every whole 128-column block holds column 8d + k at position 16k + d
    // (lane d of the k-th code).
    thread_local Scratch<float> xkStore;
    float* xk = xkStore.get(std::size_t(m * pd));
    const bool wide = (v.bits == 4 || v.bits == 3) && (v.groupSize == 0 || v.groupSize % 128 == 0);
    int order[kRun];
    for (int p = 0; p < kRun; ++p) order[p] = gemmOrderCol(v.bits, p);
    const std::int64_t wideEnd = wide ? pd / 128 * 128 : 0;
    bool ragged = false;
    const GroupSpan* spans = groupSpans(v, kRun, pd, ragged);
#if defined(OWQ_PACKED_AVX512_VNNI)
    // Up to kSplitInt8MaxTokens tokens (in passes of kMaxM): their whole 128-column blocks from split-int8
    // activations (packed_split_int8.h), so xk is needed only beyond them.
    const bool split = m <= kSplitInt8MaxTokens && wideEnd > 0 && !ragged;
    thread_local std::vector<SplitActs> acts;
    if (split && acts.size() < std::size_t(m)) acts.resize(std::size_t(m));
    for (std::int64_t i = 0; split && i < m; ++i)
        splitActivations(acts[std::size_t(i)], in.xp + i * pd, wideEnd / 128, v.bits, v.groupSize, v.nGroups,
                         int8);
    const std::int64_t xkFrom = split ? wideEnd : 0;
#else
    const std::int64_t xkFrom = 0;
#endif
    for (std::int64_t i = 0; i < m; ++i) {
        for (std::int64_t j = xkFrom; j < wideEnd; j += 128) {
            const float* src = in.xp + i * pd + j;
            float* dst = xk + i * pd + j;
            for (int k = 0; k < 8; ++k)
                for (int d = 0; d < 16; ++d) dst[16 * k + d] = src[8 * d + k];
        }
        for (std::int64_t j = wideEnd; j < pd; j += kRun) {
            const float* src = in.xp + i * pd + j;
            float* dst = xk + i * pd + j;
            for (int p = 0; p < kRun; ++p) dst[p] = src[order[p]];
        }
    }
    GemmArgs a{&v, makeDecoder(v.bits, false), spans, ragged, xk, in.xp, pd, in.xw, wide};
#if defined(OWQ_PACKED_AVX512_VNNI)
    if (split) a.split = acts.data(), a.splitDec = makeSplitDecoder();
    // Groups whose every column the split blocks cover (as gemmRows' group loop counts them).
    const std::int64_t splitGroups = split ? wideEnd / (v.groupSize > 0 ? v.groupSize : pd) : 0;
#else
    const std::int64_t splitGroups = 0;
#endif
    forEachRowTile(
        v, kTileRows, m, y, cpuThreads(),
        [&](std::int64_t r0, std::int64_t r1, float* sF, float* zF) {
            scalesToFloat(v, r0, r1, sF, zF, splitGroups);
            withBits(v.bits, [&](auto b) { gemmTileAllM<decltype(b)::value>(a, r0, r1, m, sF, zF, y); });
        },
        [&](std::int64_t r, float* wf) { weakAndBias(v, in, m, r, wf, y); });
}

} // namespace

#if defined(OWQ_PACKED_AVX512_VNNI)
void gemmAvx512Vnni(const PackedLinearView& v, const float* x, std::int64_t m, float* y,
                    ActivationRounding rounding) {
    gemmPacked(v, x, m, y, rounding == ActivationRounding::Int8);
}
#else
void OWQ_AVX512_ENTRY(gemm)(const PackedLinearView& v, const float* x, std::int64_t m, float* y) {
    gemmPacked(v, x, m, y, false);
}
#endif

#if !defined(OWQ_PACKED_AVX512_VNNI) // the VNNI build's dequantize is the VBMI build's
void OWQ_AVX512_ENTRY(dequantize)(const PackedLinearView& v, float* W) {
    if (v.rows <= 0) return;
    const Decoder d = makeDecoder(v.bits, true);
    const std::int64_t pd = (v.dense + kRun - 1) / kRun * kRun;
#pragma omp parallel for schedule(static) num_threads(cpuThreads())
    for (std::int64_t r = 0; r < v.rows; ++r) {
        float* w = W + r * v.cols;
        const std::uint8_t* row = v.qweight + r * v.rowBytes;
        alignas(64) float buf[kRun];
        for (std::int64_t g = 0; v.dense > 0 && g < v.nGroups; ++g) {
            const GroupSpan sp = groupSpan(v, g, kRun, pd);
            const float s = halfToFloat(v.scales[r * v.nGroups + g]);
            const float z = float(v.zeros[r * v.nGroups + g]);
            const __m512 tab = weightTable(d, s, z);
            auto oneByOne = [&](std::int64_t j0, std::int64_t j1) {
                for (std::int64_t j = j0; j < j1; ++j)
                    w[v.perm ? v.perm[j] : j] = s * (float(packedCode(row, j, v.bits)) - z);
            };
            oneByOne(sp.j0, sp.bodyBegin);
            for (std::int64_t j = sp.bodyBegin; j < sp.bodyEnd; j += kRun) {
                __m512i ca, cb;
                decodeNatural(row + j / 8 * v.bits, d, ca, cb);
                const __m512 wa = _mm512_permutexvar_ps(ca, tab);
                const __m512 wb = _mm512_permutexvar_ps(cb, tab);
                const std::int64_t n = std::min(kRun, v.dense - j);
                if (!v.perm) {
                    if (n == kRun) {
                        _mm512_storeu_ps(w + j, wa);
                        _mm512_storeu_ps(w + j + 16, wb);
                    } else {
                        const auto lanes = [](std::int64_t k) {
                            return __mmask16(k >= 16 ? 0xffff : k <= 0 ? 0 : (1u << k) - 1u);
                        };
                        _mm512_mask_storeu_ps(w + j, lanes(n), wa);
                        _mm512_mask_storeu_ps(w + j + 16, lanes(n - 16), wb);
                    }
                } else {
                    _mm512_store_ps(buf, wa);
                    _mm512_store_ps(buf + 16, wb);
                    const std::int32_t* p = v.perm + j;
                    for (std::int64_t t = 0; t < n; ++t) w[p[t]] = buf[t];
                }
            }
            oneByOne(sp.bodyEnd, sp.j1);
        }
        for (std::int64_t k = 0; k < v.weak; ++k) w[v.weakIdx[k]] = halfToFloat(v.weakWeight[r * v.weak + k]);
    }
}

#endif

} // namespace owq::kernels::detail

#undef OWQ_AVX512_ENTRY
