// A packed linear held in host vectors, for the kernel tests (CPU, the CUDA emulation and the GPU check):
// the buffers a PackedLinearView points to. Header-only and Qt-free (the GPU check builds without Qt).
#pragma once

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
