// The per-ISA entry points behind owq::kernels::dequantize / gemm (each in its own translation unit,
// compiled with that ISA's flags).
#pragma once

#include "owq/kernels/packed_cpu.h"
#include "owq/kernels/packed_layout.h"

namespace owq::kernels::detail {

void dequantizeScalar(const PackedLinearView& v, float* W);
void gemmScalar(const PackedLinearView& v, const float* x, std::int64_t m, float* y);
void dequantizeAvx2(const PackedLinearView& v, float* W);
void gemmAvx2(const PackedLinearView& v, const float* x, std::int64_t m, float* y);
void dequantizeAvx512(const PackedLinearView& v, float* W);
void gemmAvx512(const PackedLinearView& v, const float* x, std::int64_t m, float* y);
void dequantizeAvx512Vbmi(const PackedLinearView& v, float* W);
void gemmAvx512Vbmi(const PackedLinearView& v, const float* x, std::int64_t m, float* y);
void gemmAvx512Vnni(const PackedLinearView& v, const float* x, std::int64_t m, float* y,
                    ActivationRounding rounding);

} // namespace owq::kernels::detail
