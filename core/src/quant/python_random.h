// CPython's `random` module (Modules/_randommodule.c, Lib/random.py), as far as the official OWQ code's
// calibration sampling uses it: random.seed(int), getrandbits(k) and randint(a, b). Only for drawing the same
// calibration windows as the reference (docs/QUANTIZATION.md); torch-free.
#pragma once

#include <array>
#include <cstdint>

namespace owq::detail {

class PythonRandom {
public:
    // random.seed(seed): MT19937 init_by_array over the seed's 32-bit words, least significant first (seed 0
    // gives the key [0]).
    explicit PythonRandom(std::uint64_t seed);
    std::uint32_t genrandUint32();
    // random.getrandbits(k) for 0 <= k <= 64: 32-bit draws filled in little-endian word order, the last
    // (most significant) word shifted right to its remaining bits.
    std::uint64_t getrandbits(int k);
    // random.randint(a, b), a <= b: a + _randbelow(b - a + 1) by rejection with getrandbits(bit_length(n)).
    std::int64_t randint(std::int64_t a, std::int64_t b);

private:
    std::array<std::uint32_t, 624> mt_{};
    int index_ = 624;
};

} // namespace owq::detail
