// A packed linear held in host vectors, for the kernel tests (CPU, the CUDA emulation and the GPU check):
// the buffers a PackedLinearView points to; the benchmarks build theirs the same way. Header-only and Qt-free
// (the GPU check builds without Qt).
#pragma once

#include "owq/kernels/half.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/kernels/packed_layout.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace owqtest {

struct HostPackedLinear {
    int bits = 4;
    std::int64_t rows = 0, cols = 0, dense = 0, groupSize = 0, nGroups = 1, weak = 0;
    std::vector<std::uint8_t> qweight; // [rows, rowBytes] + tail slack
    std::vector<std::uint16_t> scales; // [rows, nGroups] fp16 bits
    std::vector<std::uint8_t> zeros;   // [rows, nGroups]
    std::vector<std::int32_t> perm;    // empty: identity
    std::vector<std::int32_t> weakIdx;
    std::vector<std::uint16_t> weakWeight; // [rows, weak] fp16 bits
    std::vector<float> bias;               // empty: none

    // The shape of a linear whose `weak` of `cols` columns stay fp16 and the rest form groups of `group`
    // columns (0: per channel); the buffers are left to the caller.
    void setShape(int b, std::int64_t r, std::int64_t c, std::int64_t w, std::int64_t group) {
        bits = b;
        rows = r;
        cols = c;
        weak = w;
        dense = c - w;
        groupSize = group;
        nGroups = owq::kernels::packedGroups(dense, group);
    }
    // qweight from codes [rows, dense], with the tail slack the kernels may read.
    void packFrom(const std::uint8_t* codes) {
        qweight.assign(
            std::size_t(rows * owq::kernels::packedRowBytes(dense, bits) + owq::kernels::kPackedTailBytes),
            0);
        owq::kernels::packCodes(codes, rows, dense, bits, qweight.data());
    }

    owq::kernels::PackedLinearView view() const {
        owq::kernels::PackedLinearView v;
        v.bits = bits;
        v.rows = rows;
        v.cols = cols;
        v.dense = dense;
        v.groupSize = groupSize;
        v.nGroups = nGroups;
        v.rowBytes = owq::kernels::packedRowBytes(dense, bits);
        v.qweight = qweight.data();
        v.scales = scales.data();
        v.zeros = zeros.data();
        v.perm = perm.empty() ? nullptr : perm.data();
        v.weak = weak;
        v.weakIdx = weakIdx.empty() ? nullptr : weakIdx.data();
        v.weakWeight = weakWeight.empty() ? nullptr : weakWeight.data();
        v.bias = bias.empty() ? nullptr : bias.data();
        return v;
    }

    // Bytes a product must read: codes, fp16 scales, u8 zero points, fp16 weak columns.
    double weightBytes() const {
        return double(rows * owq::kernels::packedRowBytes(dense, bits)) + 3.0 * double(rows * nGroups) +
               2.0 * double(rows * weak);
    }
};

// A benchmark's linear: random codes, scales around 0.01, zero points anywhere in range, `weak` of `cols`
// columns a random subset (the rest in a random order).
inline HostPackedLinear randomPackedLinear(int bits, std::int64_t rows, std::int64_t cols, std::int64_t weak,
                                           std::int64_t group, std::mt19937& rng) {
    HostPackedLinear h;
    h.setShape(bits, rows, cols, weak, group);
    std::vector<std::uint8_t> codes(std::size_t(rows * h.dense));
    std::uniform_int_distribution<unsigned> cd(0, (1u << bits) - 1u);
    for (auto& c : codes) c = std::uint8_t(cd(rng));
    h.packFrom(codes.data());
    std::uniform_real_distribution<float> su(0.005f, 0.02f);
    h.scales.resize(std::size_t(rows * h.nGroups));
    for (auto& sc : h.scales) sc = owq::kernels::floatToF16(su(rng));
    h.zeros.resize(std::size_t(rows * h.nGroups));
    for (auto& z : h.zeros) z = std::uint8_t(cd(rng));
    h.weakWeight.resize(std::size_t(rows * weak));
    for (auto& w : h.weakWeight) w = owq::kernels::floatToF16(su(rng) * 4);
    std::vector<std::int32_t> cols32(static_cast<std::size_t>(cols));
    for (std::int64_t c = 0; c < cols; ++c) cols32[std::size_t(c)] = std::int32_t(c);
    std::shuffle(cols32.begin(), cols32.end(), rng);
    if (weak > 0) {
        h.weakIdx.assign(cols32.begin(), cols32.begin() + weak);
        h.perm.assign(cols32.begin() + weak, cols32.end());
    }
    return h;
}

} // namespace owqtest
