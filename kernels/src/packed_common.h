// Pieces every CPU path shares: the activations gathered into packed column order, their per-group sums
// (so a row's dot product is sum_g scale_g * (sum_j code_j x_j - zero_g * sum_j x_j)), and the weak-column
// and bias terms, which are tiny next to the packed dot products.
#pragma once

#include "owq/kernels/packed_layout.h"

#include <algorithm>
#include <vector>

namespace owq::kernels::detail {

struct GemmInputs {
    std::int64_t dense = 0; // packed columns, rounded up to whole 32-column blocks in xp
    std::int64_t paddedDense = 0;
    std::vector<float> xp; // [m, paddedDense] activations in packed order, zero beyond `dense`
    std::vector<float> gs; // [m, nGroups] sum of xp over each group
    std::vector<float> xw; // [m, weak] activations of the weak columns
};

inline GemmInputs gatherInputs(const PackedLinearView& v, const float* x, std::int64_t m) {
    GemmInputs in;
    in.dense = v.dense;
    in.paddedDense = (v.dense + kPackedBlockCols - 1) / kPackedBlockCols * kPackedBlockCols;
    in.xp.assign(std::size_t(m * in.paddedDense), 0.0f);
    in.gs.assign(std::size_t(m * v.nGroups), 0.0f);
    in.xw.resize(std::size_t(m * v.weak));
    for (std::int64_t i = 0; i < m; ++i) {
        const float* xi = x + i * v.cols;
        float* p = in.xp.data() + i * in.paddedDense;
        for (std::int64_t j = 0; j < v.dense; ++j) p[j] = xi[v.perm ? v.perm[j] : j];
        float* g = in.gs.data() + i * v.nGroups;
        for (std::int64_t j = 0; j < v.dense; ++j) g[v.groupOf(j)] += p[j];
        for (std::int64_t k = 0; k < v.weak; ++k) in.xw[std::size_t(i * v.weak + k)] = xi[v.weakIdx[k]];
    }
    return in;
}

// y[i, r] += weak-column products and bias, for one row r.
inline void addWeakAndBias(const PackedLinearView& v, const GemmInputs& in, std::int64_t m, std::int64_t r,
                           float* y) {
    const std::uint16_t* ww = v.weakWeight + r * v.weak;
    for (std::int64_t i = 0; i < m; ++i) {
        float acc = v.bias ? v.bias[r] : 0.0f;
        const float* xw = in.xw.data() + i * v.weak;
        for (std::int64_t k = 0; k < v.weak; ++k) acc += f16ToFloat(ww[k]) * xw[k];
        y[i * v.rows + r] += acc;
    }
}

// Columns [j0, j1) of group g in packed order.
inline std::int64_t groupEnd(const PackedLinearView& v, std::int64_t g) {
    return v.groupSize > 0 ? std::min<std::int64_t>((g + 1) * v.groupSize, v.dense) : v.dense;
}

// Group g's columns [j0, j1) split for a vector path that decodes aligned runs of `unit` columns (a divisor
// of kPackedBlockCols): [j0, bodyBegin) and [bodyEnd, j1) are read one code at a time (group boundaries that
// fall inside a run), [bodyBegin, bodyEnd) in whole runs. The last group's body runs on to `paddedEnd`, the
// row padding (zero codes; callers give those columns zero activations or do not store them).
struct GroupSpan {
    std::int64_t j0 = 0, bodyBegin = 0, bodyEnd = 0, j1 = 0;
};

inline GroupSpan groupSpan(const PackedLinearView& v, std::int64_t g, std::int64_t unit,
                           std::int64_t paddedEnd) {
    GroupSpan s;
    s.j0 = g * v.groupSize;
    s.j1 = groupEnd(v, g);
    const std::int64_t first = (s.j0 + unit - 1) / unit * unit;
    if (first >= s.j1) {
        s.bodyBegin = s.bodyEnd = s.j1;
        return s;
    }
    s.bodyBegin = first;
    s.bodyEnd = g == v.nGroups - 1 ? paddedEnd : s.j1 / unit * unit;
    return s;
}

} // namespace owq::kernels::detail
