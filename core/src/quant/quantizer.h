// Uniform quantization grids fitted row by row (the references' Quantizer.find_params) and the
// round-to-nearest mapping onto them. Internal: takes and returns at::Tensor so the pipeline and the GPTQ
// solve share it.
#pragma once

#include "owq/quantize.h"

#include <ATen/ATen.h>

namespace owq::detail {

// One grid per row: dequantized = scale * (code - zero), code an integer in [0, maxq]. Both [rows] float32.
struct QuantGrid {
    at::Tensor scale;
    at::Tensor zero;
};

inline int maxCode(int bits) {
    return (1 << bits) - 1;
}

// Throws Error(InvalidArgument) naming the bad field.
void validateQuantizerConfig(const QuantizerConfig& cfg);

// Fits a grid to every row of x [rows, n] (any strides, n >= 1). owqNum is the Owq style's search size (the
// reference's `num`): cfg.mseGrid for per-channel parameters, cfg.owqGroupGrid for groups and sensitivity.
// fused: the Owq asymmetric search of float32 CPU rows runs as mse_search.h's loops; false keeps it in
// tensor operations (what other devices run, and the fused loops' oracle in test_mse_search).
QuantGrid fitGrid(const at::Tensor& x, const QuantizerConfig& cfg, int owqNum, bool fused = true);

// codes = clamp(round(x / scale) + zero, 0, maxq) as float, with x [rows, n] and the grid broadcast per row.
at::Tensor quantizeCodes(const at::Tensor& x, const QuantGrid& grid, int maxq);
// scale * (codes - zero)
at::Tensor dequantizeCodes(const at::Tensor& codes, const QuantGrid& grid);
// dequantizeCodes(quantizeCodes(x)): the references' quantize(x, scale, zero, maxq)
at::Tensor fakeQuantize(const at::Tensor& x, const QuantGrid& grid, int maxq);

} // namespace owq::detail
