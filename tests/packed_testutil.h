// A packed linear held in host vectors, for the kernel tests (CPU, the CUDA emulation and the GPU check):
// the buffers a PackedLinearView points to; the benchmarks build theirs the same way. Header-only and Qt-free
// (the GPU check builds without Qt).
#pragma once

#include "owq/kernels/packed_cpu.h"
#include "owq/kernels/packed_layout.h"

#include <cstdint>
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
};

} // namespace owqtest
