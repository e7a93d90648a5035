// The packed layout of one OWQ linear, and the arithmetic that reads it. Shared by the CPU kernels and
// the CUDA kernels (every function here is __host__ __device__), so the CPU tests cover the math both use.
//
// A linear W [rows, cols] with k weak columns is stored as (docs/FORMAT.md):
//   qweight  u8  [rows, rowBytes]  codes of the `dense = cols - k` quantized columns, in packed order
//   scales   f16 [rows, nGroups]   one per row and group of `groupSize` packed columns (1 group: per channel)
//   qzeros   u8  [rows, nGroups]   integer zero points in [0, 2^bits - 1]
//   perm     i32 [dense]           input column of each packed column (absent: identity, then k == 0)
//   weak_idx i32 [k], weak_weight f16 [rows, k]  the weak columns in full precision
// and W[r, perm[j]] = scale[r, j / groupSize] * (code(r, j) - zero[r, j / groupSize]).
//
// Codes of a row are a little-endian bit stream: code j occupies bits [j*bits, (j+1)*bits) counting from
// bit 0 of byte 0. Eight codes therefore take exactly `bits` bytes (3-bit codes are not padded to 4), and
// each row is padded with zero codes to a multiple of 32 columns, so a row is a whole number of 32-bit
// words and every run of 8 codes starts on a byte boundary. In-memory buffers carry kPackedTailBytes of
// zero slack after the last row so that vector kernels may load whole words at the end.
#pragma once

#include "owq/kernels/half.h"

#include <cstdint>

namespace owq::kernels {

constexpr int kPackedBlockCols = 32;  // row padding unit (columns)
constexpr int kPackedTailBytes = 16;  // zero slack after the last row of an in-memory buffer

OWQ_HD bool packedBitsSupported(int bits) {
    return bits == 2 || bits == 3 || bits == 4;
}

OWQ_HD std::int64_t packedRowBytes(std::int64_t denseCols, int bits) {
    return (denseCols + kPackedBlockCols - 1) / kPackedBlockCols * (kPackedBlockCols / 8) * bits;
}

OWQ_HD std::int64_t packedGroups(std::int64_t denseCols, std::int64_t groupSize) {
    return groupSize > 0 ? (denseCols + groupSize - 1) / groupSize : 1;
}

// Code j of one packed row. Reads only the `bits` bytes of j's run of eight, so it never reads past a row.
OWQ_HD unsigned packedCode(const std::uint8_t* row, std::int64_t j, int bits) {
    const std::uint8_t* run = row + (j >> 3) * bits;
    std::uint32_t word = 0;
    for (int b = 0; b < bits; ++b) word |= std::uint32_t(run[b]) << (8 * b);
    return (word >> ((j & 7) * bits)) & ((1u << bits) - 1u);
}

// Writes code j of one packed row (host-side packing; the row must start zeroed).
OWQ_HD void setPackedCode(std::uint8_t* row, std::int64_t j, int bits, unsigned code) {
    const std::int64_t bit = j * bits;
    for (int b = 0; b < bits; ++b)
        if (code >> b & 1u) row[(bit + b) >> 3] |= std::uint8_t(1u << ((bit + b) & 7));
}

// The dequantized weight of one code.
OWQ_HD float dequantCode(unsigned code, std::uint16_t scaleF16, std::uint8_t zero) {
    return f16ToFloat(scaleF16) * (float(code) - float(zero));
}

// Read-only view of one packed linear in memory (host or device pointers alike).
struct PackedLinearView {
    int bits = 4;
    std::int64_t rows = 0;
    std::int64_t cols = 0;      // input features of the full linear
    std::int64_t dense = 0;     // quantized columns (cols - weak)
    std::int64_t groupSize = 0; // 0: one group per row
    std::int64_t nGroups = 1;
    std::int64_t rowBytes = 0;
    const std::uint8_t* qweight = nullptr;     // [rows, rowBytes] (+ kPackedTailBytes)
    const std::uint16_t* scales = nullptr;     // [rows, nGroups] f16 bits
    const std::uint8_t* zeros = nullptr;       // [rows, nGroups]
    const std::int32_t* perm = nullptr;        // [dense]; nullptr: packed column j is input column j
    std::int64_t weak = 0;                     //
    const std::int32_t* weakIdx = nullptr;     // [weak]
    const std::uint16_t* weakWeight = nullptr; // [rows, weak] f16 bits
    const float* bias = nullptr;               // [rows] or nullptr

    OWQ_HD std::int64_t groupOf(std::int64_t j) const { return groupSize > 0 ? j / groupSize : 0; }
};

} // namespace owq::kernels
