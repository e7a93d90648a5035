// Split-int8 activations for the VNNI build of the AVX-512 path (packed_avx512_vnni.cpp): a product of up
// to kSplitInt8MaxTokens tokens whose weights are decoded to bytes and multiplied by vpdpbusd (64
// multiply-adds per instruction) instead of being looked up as floats and multiplied by FMAs (16 per
// instruction).
//
// Each whole 128-column block b of the activations (packed order) becomes integers
//   v_j = round(x_j / d_b),  d_b = max_j |x_j| / L,
// in one of two roundings (owq::kernels::ActivationRounding):
// - Split15, L = 16319 = 127 * 128 + 63: v kept as two int8 halves v = 128 * hi + lo (hi in [-127, 127], lo
//   in [-64, 63]) because vpdpbusd takes unsigned bytes (the codes) times signed bytes. One block of one
//   row is then
//     sum_j (c_j - z) * s * x_j  ~=  s * d_b * (128 * (c . hi) + (c . lo)) - s * z * d_b * sum_j v_j,
//   where both dot products are exact int32 sums (at most 8 products of 15 * 127 per lane) and their
//   combination is exact in float (below 2^24). The only approximation is x_j -> d_b * v_j, at most d_b / 2
//   per activation: about 3e-5 of the block's largest |x|, i.e. 15 bits.
// - Int8, L = 127: v is one signed byte (llama.cpp's q8 activations), so a block of a row is
//   s * d_b * (c . v) - s * z * d_b * sum_j v_j with one dot product: half the vpdpbusd per token, for an
//   error of up to d_b / 2 = 0.4% of the block's largest |x| per activation.
// Non-finite activations make d_b NaN, so the product is NaN as the float paths' would be.
#pragma once

#if !defined(OWQ_PACKED_AVX512_VNNI)
#error "packed_split_int8.h needs the VNNI build (-mavx512vnni -mavx512vbmi)"
#endif

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "scratch.h"

namespace owq::kernels::detail {
namespace {

constexpr float kSplitMax = 16319.0f; // 127 * 128 + 63
constexpr float kInt8Max = 127.0f;

// The activations of one token, split per 128-column block. Byte k of block b's halves goes with code k of
// that block as splitCodes<BITS> delivers it: for 4 bits the even columns, then the odd ones (byte i of a
// 4-bit block holds columns 2i and 2i + 1); for 3 bits the columns c with c % 16 < 8, then the others (see
// splitCodes).
struct SplitActs {
    std::int64_t blocks = 0;           // whole 128-column blocks covered: columns [0, 128 * blocks)
    bool int8 = false;                 // ActivationRounding::Int8: one byte per activation, no low half
    const std::int8_t* data = nullptr; // Split15: [blocks][hi 128 | lo 128]; Int8: [blocks][v 128]
    float* d = nullptr;                // [blocks] d_b
    float* groupX = nullptr;           // [nGroups] sum over the group's covered blocks of d_b * sum_j v_j
    // Where the arrays live: reused by the next split into the same SplitActs.
    Scratch<std::int8_t> bytes;
    Scratch<float> floats;
};

// v = round(x * inv) for 16 activations into 16 bytes of hi and of lo; adds v to sum.
inline void splitSixteen(__m512 x, __m512 inv, std::int8_t* hi, std::int8_t* lo, __m512i& sum) {
    const __m512i v = _mm512_cvtps_epi32(_mm512_mul_ps(x, inv)); // nearest, ties to even
    const __m512i h = _mm512_srai_epi32(_mm512_add_epi32(v, _mm512_set1_epi32(64)), 7);
    const __m512i l = _mm512_sub_epi32(v, _mm512_slli_epi32(h, 7));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(hi), _mm512_cvtepi32_epi8(h));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lo), _mm512_cvtepi32_epi8(l));
    sum = _mm512_add_epi32(sum, v);
}

// v = round(x * inv) (|v| <= 127) for 16 activations into 16 bytes; adds v to sum.
inline void roundSixteen(__m512 x, __m512 inv, std::int8_t* out, __m512i& sum) {
    const __m512i v = _mm512_cvtps_epi32(_mm512_mul_ps(x, inv)); // nearest, ties to even
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm512_cvtepi32_epi8(v));
    sum = _mm512_add_epi32(sum, v);
}

// xp: one token's activations in packed order, at least 128 * blocks of them, split into s. Groups of
// `groupSize` columns (0: one group), nGroups of them. int8: ActivationRounding::Int8, else Split15.
inline void splitActivations(SplitActs& s, const float* xp, std::int64_t blocks, int bits,
                             std::int64_t groupSize, std::int64_t nGroups, bool int8) {
    s.blocks = blocks;
    s.int8 = int8;
    const std::int64_t stride = int8 ? 128 : 256; // bytes per block
    const float levels = int8 ? kInt8Max : kSplitMax;
    std::int8_t* out = s.bytes.get(std::size_t(blocks * stride));
    s.data = out;
    s.d = s.floats.get(std::size_t(blocks + nGroups));
    s.groupX = s.d + blocks;
    std::fill(s.groupX, s.groupX + nGroups, 0.0f);
    const __m512 inf = _mm512_set1_ps(std::numeric_limits<float>::infinity());
    // Of 32 consecutive activations, those for the first 64 codes and those for the second (see above).
    const __m512i first = bits == 4
                              ? _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
                              : _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    const __m512i second = _mm512_add_epi32(first, _mm512_set1_epi32(bits == 4 ? 1 : 8));
    for (std::int64_t b = 0; b < blocks; ++b) {
        const float* xb = xp + 128 * b;
        __m512 mx = _mm512_setzero_ps();
        __mmask16 bad = 0;
        for (int k = 0; k < 8; ++k) {
            const __m512 a = _mm512_abs_ps(_mm512_loadu_ps(xb + 16 * k));
            bad |= _mm512_cmp_ps_mask(a, inf, _CMP_NLT_UQ); // NaN or infinite
            mx = _mm512_max_ps(mx, a);
        }
        const std::int64_t g = groupSize > 0 ? 128 * b / groupSize : 0;
        std::int8_t* hi = out + stride * b;
        std::int8_t* lo = hi + 128;
        if (bad) { // NaN factors: every product with this block is NaN (its bytes are never converted)
            std::memset(hi, 0, std::size_t(stride));
            s.d[b] = std::numeric_limits<float>::quiet_NaN();
            s.groupX[g] = std::numeric_limits<float>::quiet_NaN();
            continue;
        }
        const float m = _mm512_reduce_max_ps(mx);
        const float d = m / levels;
        const __m512 inv = _mm512_set1_ps(m > 0.0f ? levels / m : 0.0f);
        __m512i sum = _mm512_setzero_si512();
        for (int t = 0; t < 4; ++t) {
            const __m512 a = _mm512_loadu_ps(xb + 32 * t), c = _mm512_loadu_ps(xb + 32 * t + 16);
            const __m512 x0 = _mm512_permutex2var_ps(a, first, c), x1 = _mm512_permutex2var_ps(a, second, c);
            if (int8) {
                roundSixteen(x0, inv, hi + 16 * t, sum);
                roundSixteen(x1, inv, hi + 64 + 16 * t, sum);
            } else {
                splitSixteen(x0, inv, hi + 16 * t, lo + 16 * t, sum);
                splitSixteen(x1, inv, hi + 64 + 16 * t, lo + 64 + 16 * t, sum);
            }
        }
        s.d[b] = d;
        s.groupX[g] += d * float(_mm512_reduce_add_epi32(sum)); // |sum| <= 128 * 16319
    }
}

// The 128 codes of one block at p (16 * BITS bytes; 64 are read, as wideCodes does) as bytes, in the order
// of SplitActs: c0 holds bytes 0..63, c1 bytes 64..127. 3 bits: one vpermb gives dword d the bytes 3d .. 3d +
// 3 (columns 8d .. 8d + 7 from its bit 0), so qword e holds columns 16e .. 16e + 7 from bit 0 and 16e + 8 ..
// 16e + 15 from bit 32, and one vpmultishiftqb per half picks each code's byte: 5 instructions per 128 codes.
struct SplitDecoder {
    __m512i spread;     // 3 bits: vpermb, dword d from bytes 3d .. 3d + 3
    __m512i lowShifts;  // byte i of each qword from bit 3i
    __m512i highShifts; // from bit 32 + 3i
};

inline SplitDecoder makeSplitDecoder() {
    alignas(64) std::uint8_t spread[64], lo[64], hi[64];
    for (int d = 0; d < 16; ++d)
        for (int b = 0; b < 4; ++b) spread[4 * d + b] = std::uint8_t(3 * d + b); // byte 48: above code 127
    for (int e = 0; e < 8; ++e)
        for (int i = 0; i < 8; ++i) {
            lo[8 * e + i] = std::uint8_t(3 * i);
            hi[8 * e + i] = std::uint8_t(32 + 3 * i);
        }
    SplitDecoder d;
    d.spread = _mm512_load_si512(spread);
    d.lowShifts = _mm512_load_si512(lo);
    d.highShifts = _mm512_load_si512(hi);
    return d;
}

template <int BITS>
inline void splitCodes(const std::uint8_t* p, const SplitDecoder& d, __m512i& c0, __m512i& c1) {
    const __m512i q = _mm512_loadu_si512(p);
    if constexpr (BITS == 4) {
        const __m512i nib = _mm512_set1_epi8(0x0f);
        c0 = _mm512_and_si512(q, nib);                       // even columns
        c1 = _mm512_and_si512(_mm512_srli_epi16(q, 4), nib); // odd columns
    } else {
        const __m512i m7 = _mm512_set1_epi8(7);
        const __m512i w = _mm512_permutexvar_epi8(d.spread, q);
        c0 = _mm512_and_si512(_mm512_multishift_epi64_epi8(d.lowShifts, w), m7);  // c % 16 < 8
        c1 = _mm512_and_si512(_mm512_multishift_epi64_epi8(d.highShifts, w), m7); // c % 16 >= 8
    }
}

} // namespace
} // namespace owq::kernels::detail
