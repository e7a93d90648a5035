// IEEE half and bfloat16 <-> float conversions, usable from host code and CUDA device code alike.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__CUDACC__)
#define OWQ_HD __host__ __device__ inline
#else
#define OWQ_HD inline
#endif

namespace owq::kernels {

OWQ_HD float bitsToFloat(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

OWQ_HD std::uint32_t floatToBits(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

// bfloat16 is the top half of a float32.
OWQ_HD float bf16ToFloat(std::uint16_t h) {
    return bitsToFloat(std::uint32_t(h) << 16);
}

// Round to nearest even; NaN stays NaN.
OWQ_HD std::uint16_t floatToBf16(float f) {
    std::uint32_t u = floatToBits(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return std::uint16_t((u >> 16) | 0x40);
    u += 0x7fffu + ((u >> 16) & 1u);
    return std::uint16_t(u >> 16);
}

OWQ_HD float f16ToFloat(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1fu;
    std::uint32_t mant = h & 0x3ffu;
    if (exp == 0) {
        if (mant == 0) return bitsToFloat(sign);
        // Subnormal: normalise.
        int e = -1;
        do {
            ++e;
            mant <<= 1;
        } while ((mant & 0x400u) == 0);
        mant &= 0x3ffu;
        return bitsToFloat(sign | std::uint32_t(127 - 15 - e) << 23 | mant << 13);
    }
    if (exp == 31) return bitsToFloat(sign | 0x7f800000u | mant << 13);
    return bitsToFloat(sign | (exp + 127 - 15) << 23 | mant << 13);
}

// Round to nearest even, overflow to infinity.
OWQ_HD std::uint16_t floatToF16(float f) {
    const std::uint32_t u = floatToBits(f);
    const std::uint32_t sign = (u >> 16) & 0x8000u;
    const std::uint32_t absu = u & 0x7fffffffu;
    if (absu > 0x7f800000u) return std::uint16_t(sign | 0x7e00u);  // NaN
    if (absu >= 0x477ff000u) return std::uint16_t(sign | 0x7c00u); // overflow -> inf
    if (absu < 0x38800000u) {                                      // subnormal or zero
        if (absu < 0x33000000u) return std::uint16_t(sign);
        const std::uint32_t e = absu >> 23;
        const std::uint32_t m = (absu & 0x7fffffu) | 0x800000u;
        const std::uint32_t shift = 126 - e; // 14..24
        std::uint32_t r = m >> shift;
        const std::uint32_t rem = m & ((1u << shift) - 1u);
        const std::uint32_t half = 1u << (shift - 1);
        if (rem > half || (rem == half && (r & 1u))) ++r;
        return std::uint16_t(sign | r);
    }
    std::uint32_t r = absu - 0x38000000u; // rebias exponent 127 -> 15
    r += 0xfffu + ((r >> 13) & 1u);
    return std::uint16_t(sign | (r >> 13));
}

} // namespace owq::kernels
