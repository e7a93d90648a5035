// The OWQ reference's asymmetric grid search (owq/quant.py, find_params with --tuning mse) fused into one
// pass per candidate over a row held in cache: for every clipping max = range * i / num (i = 1..num) and
// every zero point, the mean |q - x|^2.4 of the row, keeping the least. The same float32 candidates, codes
// and comparisons as the tensor version in quantizer.cpp; the powers and the sum run vectorised in another
// order (within a few float32 ulps of it), so near-ties can pick the neighbouring candidate.
#pragma once

#include <cstdint>

namespace owq::detail {

// x: [rows, n] row-major; range: per row xmax - xmin; levels = 2^bits. Writes the best (min, max) per row.
// prune: skip a candidate as soon as part of its sum shows it cannot win (the same choice, less work; false
// scores every candidate in full, for tests).
void owqAsymmetricSearch(const float* x, std::int64_t rows, std::int64_t n, const float* range, int num,
                         int levels, float eps, float* bestMin, float* bestMax, bool prune = true);

} // namespace owq::detail
