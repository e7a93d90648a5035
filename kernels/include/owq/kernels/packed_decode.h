// Vectorised decoding of the packed layout (owq/kernels/packed_layout.h): whole runs of 8 codes and whole
// 32-column blocks at a time instead of one code at a time. Every function is __host__ __device__, so the CPU
// tests (tests/test_packed_decode.cpp) check the exact arithmetic the CUDA kernels run.
//
// A 32-column block of a row is exactly `bits` little-endian 32-bit words (word q of block kb starts at byte
// kb*4*bits + 4*q of the row), holding a 32*bits-bit stream: code j at bits [j*bits, (j+1)*bits).
//
// Codes become floats without an integer-to-float conversion (I2F is a quarter-rate instruction on the GPU):
// a code c at bit position pos of a word, masked in place and OR-ed with the exponent of 2^(23-pos), is the
// float 2^(23-pos) + c exactly (the code fills mantissa bits pos..pos+bits-1, each worth 2^-pos of that
// exponent's unit), so one logical op and one subtraction of a constant give float(c) exactly. That needs
// pos + bits <= 23: codes higher in a word are read from the word shifted right by 16 (one shift per word),
// and a code that straddles two words (3-bit codes 10 and 21) from a funnel shift of the two.
//
// The second half is the whole per-thread work of the CUDA GEMV (gemvLane), written here once so that the
// CPU tests run the very code each GPU thread runs: every slot of a CTA in turn, then the sum its reductions
// make.
#pragma once

#include "owq/kernels/packed_layout.h"

#include <cstdint>

#if defined(__CUDACC__)
#include <cuda_fp16.h>
#else
#include <cmath> // fmaf
#endif

// Full unrolling where it matters (device code: register arrays indexed by constants only).
#if defined(__CUDA_ARCH__)
#define OWQ_UNROLL _Pragma("unroll")
#else
#define OWQ_UNROLL
#endif

namespace owq::kernels {

// Little-endian 32-bit load from any byte address.
OWQ_HD std::uint32_t loadLE32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
}

// The `bits` bytes of run `run` (codes 8*run .. 8*run+7) of a packed row, as the low 8*bits bits of a word.
OWQ_HD std::uint32_t packedRunWord(const std::uint8_t* row, std::int64_t run, int bits) {
    const std::uint8_t* p = row + run * bits;
    std::uint32_t word = 0;
    for (int b = 0; b < bits; ++b) word |= std::uint32_t(p[b]) << (8 * b);
    return word;
}

// Code k (0..7) of a run word.
OWQ_HD unsigned runCode(std::uint32_t runWord, int k, int bits) {
    return (runWord >> (k * bits)) & ((1u << bits) - 1u);
}

// Word q (0..bits-1) of 32-column block kb of a packed row.
OWQ_HD std::uint32_t packedBlockWord(const std::uint8_t* row, std::int64_t kb, int q, int bits) {
    return loadLE32(row + kb * 4 * bits + 4 * q);
}

// (hi:lo) >> shift, low 32 bits (0 <= shift < 32).
OWQ_HD std::uint32_t funnelShiftRight(std::uint32_t lo, std::uint32_t hi, int shift) {
#if defined(__CUDA_ARCH__)
    return __funnelshift_r(lo, hi, unsigned(shift));
#else
    return std::uint32_t((std::uint64_t(hi) << 32 | lo) >> shift);
#endif
}

OWQ_HD float wordAsFloat(std::uint32_t u) {
#if defined(__CUDA_ARCH__)
    return __uint_as_float(u);
#else
    return bitsToFloat(u);
#endif
}

// float(code j) of a 32-column block given as its BITS words w[0..BITS-1], exactly, by the exponent trick
// above. Meant for a compile-time j (an unrolled loop): every branch and constant then folds away, leaving
// one LOP3 and one FADD per code (plus one shift per word and one funnel shift per straddling code).
template <int BITS> OWQ_HD float blockCodeFloat(const std::uint32_t* w, int j) {
    const int bit = j * BITS;
    const int q = bit >> 5;
    const int p = bit & 31;
    std::uint32_t src;
    int pos;
    if (p + BITS > 32) { // straddles words q and q+1
        src = funnelShiftRight(w[q], w[q + 1], p);
        pos = 0;
    } else if (p + BITS <= 23) {
        src = w[q];
        pos = p;
    } else { // p in [24 - BITS, 32 - BITS]: pos in [8 - BITS, 16 - BITS]
        src = w[q] >> 16;
        pos = p - 16;
    }
    const std::uint32_t magic = std::uint32_t(150 - pos) << 23; // the float 2^(23 - pos)
    const std::uint32_t mask = ((1u << BITS) - 1u) << pos;
    return wordAsFloat((src & mask) | magic) - wordAsFloat(magic);
}

// All 32 codes of a block as floats.
template <int BITS> OWQ_HD void decodeBlock(const std::uint32_t* w, float* out) {
    OWQ_UNROLL
    for (int j = 0; j < kPackedBlockCols; ++j) out[j] = blockCodeFloat<BITS>(w, j);
}

// A small integer (a zero point, 0..255) as a float by the same trick.
OWQ_HD float smallUintToFloat(unsigned v) {
    return wordAsFloat(0x4B000000u | v) - 8388608.0f;
}

// ---------- the GEMV's per-thread work ----------
//
// Inputs come gathered (gatherKernel in src/cuda/packed_cuda.cu): xp [m, ldp] the activations in packed
// column order, laid out by gemvXpIndex; xs [m, nBlocks] the sum of each 32-column block; xw [m, weak] the
// activations of the weak columns. A CTA of kGemvSlots threads (kGemvSplit warps) owns R consecutive output
// rows from r0; slot s takes blocks s, s + kGemvSlots, ... of each (a split of the row between the warps, so
// that a short row still gives the GPU enough warps). For a block inside one group,
// sum_j s (c_j - z) x_j = s (sum_j c_j x_j - z xs_block): the inner loop is one FFMA per code and
// activation, and each block's partial sum is folded into the row's accumulator with its scale and zero.
// Needs groupSize % 32 == 0 or one group per row.
struct PackedGemvArgs {
    const std::uint8_t* qweight = nullptr;
    const std::uint16_t* scales = nullptr;
    const std::uint8_t* zeros = nullptr;
    const std::uint16_t* weakWeight = nullptr;
    const float* bias = nullptr;
    const float* xp = nullptr;
    const float* xs = nullptr;
    const float* xw = nullptr;
    float* y = nullptr; // [m, rows]
    std::int64_t rows = 0, dense = 0, rowBytes = 0, nGroups = 1, groupSize = 0, ldp = 0, weak = 0;
    int nBlocks = 0;        // 32-column blocks per row
    int blocksPerGroup = 0; // groupSize / 32; 0: one group per row
    int groupShift = -1;    // log2(blocksPerGroup) when that is a power of two, else -1
    int bits = 4;
};

constexpr int kGemvLanes = 32;
constexpr int kGemvSplit = 4;                       // warps sharing one CTA's rows
constexpr int kGemvSlots = kGemvLanes * kGemvSplit; // threads per CTA; the stride between a slot's blocks
constexpr int kGemvXpChunk = kGemvLanes * kPackedBlockCols; // xp floats per 32 blocks (1024 columns)

// Where column j (packed order) of one activation sits in xp. Columns are kept in chunks of 32 blocks; in a
// chunk, the four columns 4q .. 4q+3 of block b are 16 contiguous bytes at float 128 q + 4 (b % 32). A lane
// always reads the blocks b with b % 32 == its lane, so one float4 load of the warp reads 512 contiguous
// bytes (4 cache lines) instead of 32 lines, one per block.
OWQ_HD std::int64_t gemvXpIndex(std::int64_t j) {
    const std::int64_t b = j / kPackedBlockCols;
    const int p = int(j % kPackedBlockCols);
    return (b / kGemvLanes) * kGemvXpChunk + (p / 4) * (4 * kGemvLanes) + (b % kGemvLanes) * 4 + p % 4;
}

// xp floats per activation: whole chunks.
OWQ_HD std::int64_t gemvXpStride(std::int64_t nBlocks) {
    return (nBlocks + kGemvLanes - 1) / kGemvLanes * kGemvXpChunk;
}

// Output rows per CTA: more rows reuse each x element more; fewer keep registers in check as m grows.
constexpr int gemvRowsPerCta(int m) {
    return m <= 4 ? 4 : 2;
}

// The fast GEMV handles this view (the CUDA side also wants qweight aligned to its vector loads).
OWQ_HD bool gemvBlocksWithinGroups(const PackedLinearView& v) {
    return v.groupSize == 0 || v.groupSize % kPackedBlockCols == 0;
}

// Everything but the gathered inputs and y, from a view.
inline PackedGemvArgs packedGemvArgs(const PackedLinearView& v) {
    PackedGemvArgs a;
    a.qweight = v.qweight;
    a.scales = v.scales;
    a.zeros = v.zeros;
    a.weakWeight = v.weakWeight;
    a.bias = v.bias;
    a.rows = v.rows;
    a.dense = v.dense;
    a.rowBytes = v.rowBytes;
    a.nGroups = v.nGroups;
    a.groupSize = v.groupSize;
    a.nBlocks = int((v.dense + kPackedBlockCols - 1) / kPackedBlockCols);
    a.ldp = gemvXpStride(a.nBlocks);
    a.weak = v.weak;
    a.bits = v.bits;
    if (gemvBlocksWithinGroups(v)) {
        a.blocksPerGroup = int(v.groupSize / kPackedBlockCols);
        if (a.blocksPerGroup > 0 && (a.blocksPerGroup & (a.blocksPerGroup - 1)) == 0)
            for (a.groupShift = 0; (1 << a.groupShift) < a.blocksPerGroup; ++a.groupShift) {
            }
    }
    return a;
}

namespace detail {

// Read-only loads: through the non-coherent (texture) path on the GPU.
template <class T> OWQ_HD T ldg(const T* p) {
#if defined(__CUDA_ARCH__)
    return __ldg(p);
#else
    return *p;
#endif
}

OWQ_HD float f16Load(const std::uint16_t* p) {
#if defined(__CUDA_ARCH__)
    return __half2float(__ushort_as_half(__ldg(p)));
#else
    return f16ToFloat(*p);
#endif
}

// The BITS words of one block: one 16-byte (4-bit) or 8-byte (2-bit) vector load, or three words (3-bit).
template <int BITS> OWQ_HD void loadBlockWords(const std::uint8_t* p, std::uint32_t (&w)[BITS]) {
#if defined(__CUDA_ARCH__)
    if constexpr (BITS == 4) {
        const uint4 v = __ldg(reinterpret_cast<const uint4*>(p));
        w[0] = v.x;
        w[1] = v.y;
        w[2] = v.z;
        w[3] = v.w;
    } else if constexpr (BITS == 2) {
        const uint2 v = __ldg(reinterpret_cast<const uint2*>(p));
        w[0] = v.x;
        w[1] = v.y;
    } else {
        OWQ_UNROLL
        for (int q = 0; q < BITS; ++q) w[q] = __ldg(reinterpret_cast<const unsigned*>(p) + q);
    }
#else
    for (int q = 0; q < BITS; ++q) w[q] = loadLE32(p + 4 * q);
#endif
}

// Columns 8t .. 8t+7 of a block, from its first float in xp (gemvXpIndex: two 16-byte pieces, 4 x 32 floats
// apart; 16-byte aligned on the GPU).
OWQ_HD void loadRun8(const float* block, int t, float* out) {
    const float* p = block + 8 * kGemvLanes * t;
#if defined(__CUDA_ARCH__)
    const float4 lo = __ldg(reinterpret_cast<const float4*>(p));
    const float4 hi = __ldg(reinterpret_cast<const float4*>(p + 4 * kGemvLanes));
    out[0] = lo.x;
    out[1] = lo.y;
    out[2] = lo.z;
    out[3] = lo.w;
    out[4] = hi.x;
    out[5] = hi.y;
    out[6] = hi.z;
    out[7] = hi.w;
#else
    for (int k = 0; k < 4; ++k) {
        out[k] = p[k];
        out[4 + k] = p[4 * kGemvLanes + k];
    }
#endif
}

// What one slot needs of one block of its R rows.
template <int BITS, int R> struct GemvStage {
    std::uint32_t w[R][BITS];
    float scale[R];
    float zero[R];
};

} // namespace detail

// Slot `slot` (0 .. kGemvSlots-1) of the CTA that owns rows r0 .. r0+R-1 (rows past the end read the last row
// and are to be dropped): its share of y[i, r] - bias, for i < M, in acc[r - r0][i]. The CTA's y is the sum
// over its slots. On sm_90 the slot waits for the gather grid (programmatic dependent launch) after its
// first weight loads and before its first read of xp, xs or xw.
template <int BITS, int M, int R>
OWQ_HD void gemvLane(const PackedGemvArgs& a, std::int64_t r0, int slot, float (&acc)[R][M]) {
    using detail::ldg;
    const std::uint8_t* qrow[R];
    const std::uint16_t* srow[R];
    const std::uint8_t* zrow[R];
    std::int64_t row[R];
    OWQ_UNROLL
    for (int rr = 0; rr < R; ++rr) {
        row[rr] = r0 + rr < a.rows ? r0 + rr : a.rows - 1;
        qrow[rr] = a.qweight + row[rr] * a.rowBytes;
        srow[rr] = a.scales + row[rr] * a.nGroups;
        zrow[rr] = a.zeros + row[rr] * a.nGroups;
        for (int i = 0; i < M; ++i) acc[rr][i] = 0.f;
    }
    auto load = [&](int kb, detail::GemvStage<BITS, R>& st) {
        const int g = a.blocksPerGroup == 0 ? 0
                      : a.groupShift >= 0   ? kb >> a.groupShift
                                            : int(unsigned(kb) / unsigned(a.blocksPerGroup));
        OWQ_UNROLL
        for (int rr = 0; rr < R; ++rr) {
            detail::loadBlockWords<BITS>(qrow[rr] + kb * (4 * BITS), st.w[rr]);
            st.scale[rr] = detail::f16Load(srow[rr] + g);
            st.zero[rr] = smallUintToFloat(ldg(zrow[rr] + g));
        }
    };

    // Two stages: block kb + kGemvSlots's loads are in flight while block kb is decoded.
    int kb = slot;
    detail::GemvStage<BITS, R> cur{}, nxt{};
    if (kb < a.nBlocks) load(kb, cur);
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory"); // xp, xs, xw come from the gather grid
#endif
    for (; kb < a.nBlocks; kb += kGemvSlots) {
        if (kb + kGemvSlots < a.nBlocks) load(kb + kGemvSlots, nxt);
        const float* xb = a.xp + gemvXpIndex(std::int64_t(kb) * kPackedBlockCols);
        float part[R][M];
        OWQ_UNROLL
        for (int rr = 0; rr < R; ++rr)
            for (int i = 0; i < M; ++i) part[rr][i] = 0.f;
        OWQ_UNROLL
        for (int t = 0; t < kPackedBlockCols / 8; ++t) { // runs of 8 codes
            float xv[M][8];
            OWQ_UNROLL
            for (int i = 0; i < M; ++i) detail::loadRun8(xb + i * a.ldp, t, xv[i]);
            OWQ_UNROLL
            for (int rr = 0; rr < R; ++rr) {
                OWQ_UNROLL
                for (int u = 0; u < 8; ++u) {
                    const float c = blockCodeFloat<BITS>(cur.w[rr], 8 * t + u);
                    OWQ_UNROLL
                    for (int i = 0; i < M; ++i) part[rr][i] = fmaf(c, xv[i][u], part[rr][i]);
                }
            }
        }
        OWQ_UNROLL
        for (int i = 0; i < M; ++i) {
            const float xs = ldg(a.xs + i * std::int64_t(a.nBlocks) + kb);
            OWQ_UNROLL
            for (int rr = 0; rr < R; ++rr)
                acc[rr][i] = fmaf(cur.scale[rr], fmaf(-cur.zero[rr], xs, part[rr][i]), acc[rr][i]);
        }
        cur = nxt;
    }

    // The weak columns: fp16 weights times the gathered activations.
    if (a.weak > 0) {
        OWQ_UNROLL
        for (int rr = 0; rr < R; ++rr) {
            const std::uint16_t* ww = a.weakWeight + row[rr] * a.weak;
            for (std::int64_t k = slot; k < a.weak; k += kGemvSlots) {
                const float wv = detail::f16Load(ww + k);
                OWQ_UNROLL
                for (int i = 0; i < M; ++i) acc[rr][i] = fmaf(wv, ldg(a.xw + i * a.weak + k), acc[rr][i]);
            }
        }
    }
}

} // namespace owq::kernels
