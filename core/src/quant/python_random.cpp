// Mirrors CPython's Modules/_randommodule.c (init_genrand, init_by_array, genrand_uint32, random_seed for
// int seeds, getrandbits) and Lib/random.py (randint -> randrange -> _randbelow_with_getrandbits).
#include "quant/python_random.h"

#include "owq/error.h"

#include <bit>
#include <vector>

namespace owq::detail {

namespace {
constexpr int N = 624, M = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU, kUpper = 0x80000000U, kLower = 0x7fffffffU;
} // namespace

PythonRandom::PythonRandom(std::uint64_t seed) {
    // random_seed: abs(n) as 32-bit words, least significant first; at least one word.
    std::vector<std::uint32_t> key{std::uint32_t(seed)};
    if (seed >> 32) key.push_back(std::uint32_t(seed >> 32));
    // init_genrand(19650218)
    mt_[0] = 19650218U;
    for (int i = 1; i < N; ++i) mt_[i] = 1812433253U * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + std::uint32_t(i);
    // init_by_array
    const int keyLength = int(key.size());
    int i = 1, j = 0;
    for (int k = N > keyLength ? N : keyLength; k; --k) {
        mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525U)) + key[j] + std::uint32_t(j);
        ++i;
        ++j;
        if (i >= N) {
            mt_[0] = mt_[N - 1];
            i = 1;
        }
        if (j >= keyLength) j = 0;
    }
    for (int k = N - 1; k; --k) {
        mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941U)) - std::uint32_t(i);
        ++i;
        if (i >= N) {
            mt_[0] = mt_[N - 1];
            i = 1;
        }
    }
    mt_[0] = 0x80000000U; // MSB is 1, assuring a non-zero initial array
    index_ = N;
}

std::uint32_t PythonRandom::genrandUint32() {
    if (index_ >= N) {
        for (int k = 0; k < N; ++k) {
            const std::uint32_t y = (mt_[k] & kUpper) | (mt_[(k + 1) % N] & kLower);
            mt_[k] = mt_[(k + M) % N] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
        }
        index_ = 0;
    }
    std::uint32_t y = mt_[index_++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

std::uint64_t PythonRandom::getrandbits(int k) {
    if (k < 0 || k > 64) throw Error(ErrorKind::InvalidArgument, "getrandbits: k must be in 0..64");
    if (k == 0) return 0;
    if (k <= 32) return genrandUint32() >> (32 - k);
    std::uint64_t out = 0;
    for (int word = 0; k > 0; ++word, k -= 32) {
        std::uint32_t r = genrandUint32();
        if (k < 32) r >>= (32 - k);
        out |= std::uint64_t(r) << (32 * word);
    }
    return out;
}

std::int64_t PythonRandom::randint(std::int64_t a, std::int64_t b) {
    if (b < a) throw Error(ErrorKind::InvalidArgument, "randint: empty range");
    const std::uint64_t n = std::uint64_t(b) - std::uint64_t(a) + 1;
    if (n == 0) throw Error(ErrorKind::InvalidArgument, "randint: range wider than 64 bits");
    const int bits = std::bit_width(n);
    std::uint64_t r = getrandbits(bits);
    while (r >= n) r = getrandbits(bits);
    return std::int64_t(std::uint64_t(a) + r);
}

} // namespace owq::detail
