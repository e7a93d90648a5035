// AVX-512 VNNI path of the int8 head's product, taken where the packed products take integer activations
// (CpuIsa::Avx512Vnni). Each token's activations are rounded once to 15-bit integers with one scale,
// d = max|x| / 16383, and offset to a = round(x / d) + 16384 in [1, 32767], held as two byte vectors hi = a
// >> 7 and lo = a & 127. A row's dot product is then three vpdpbusd per 64 weights (hi . w, lo . w and 1 . w
// for the offset's share), summed exactly in integers:
//     w . x ~= d (128 (hi . w) + (lo . w) - 16384 sum(w)),
// where the float path (head_avx512.cpp) widens every weight and multiplies it by its float activation: 12
// instructions per 64 weights against 3, which held a 1.1B model's head at 21-25 GB/s, below the packed
// products beside it (docs/BENCHMARKS.md, issue 22, session 27). Each activation moves by at most d / 2
// (3.1e-5 of the token's largest |x|), as the packed products' 15-bit split; the int8 weights themselves are
// 128 times coarser. The columns past the last whole 64 take the float product with x as it is. Tokens
// holding NaN or infinities take the float path, which carries them through as the reference does.
#include "head_paths.h"
#include "head_rows.h"
#include "owq/kernels/head_cpu.h"

#include "avx512_intrinsics.h"

#include <cmath>
#include <vector>

namespace owq::kernels::detail {
namespace {

constexpr float kLevels = 16383.0f;      // largest |round(x / d)|
constexpr std::int64_t kOffset = 16384;  // makes round(x / d) + kOffset positive: a byte pair
constexpr std::int64_t kMaxCols = 32768; // hi . w <= 255 * 128 * cols stays within an int32

// One token's activations in bytes, for its first `whole` columns (a multiple of 64).
struct ByteActivations {
    std::vector<std::uint8_t> hi, lo;
    double d = 0;
};

// False where x holds a NaN or an infinity.
bool roundActivations(const float* x, std::int64_t whole, ByteActivations& a) {
    float mx = 0;
    for (std::int64_t c = 0; c < whole; ++c) {
        if (!std::isfinite(x[c])) return false;
        mx = std::fmax(mx, std::fabs(x[c]));
    }
    a.hi.assign(std::size_t(whole), 0);
    a.lo.assign(std::size_t(whole), 0);
    a.d = double(mx) / double(kLevels);
    const float inv = mx > 0 ? kLevels / mx : 0.0f;
    for (std::int64_t c = 0; c < whole; ++c) {
        const std::int64_t q =
            std::int64_t(std::nearbyint(std::fmin(std::fmax(x[c] * inv, -kLevels), kLevels)));
        const std::int64_t v = q + kOffset;
        a.hi[std::size_t(c)] = std::uint8_t(v >> 7);
        a.lo[std::size_t(c)] = std::uint8_t(v & 127);
    }
    return true;
}

inline std::int64_t sumLanes(__m512i v) {
    return std::int64_t(_mm512_reduce_add_epi32(v));
}

// w . x from the three integer sums over the whole columns, then the float tail.
inline float combine(const ByteActivations& a, std::int64_t hiDot, std::int64_t loDot, std::int64_t wSum,
                     const std::int8_t* w, const float* x, std::int64_t whole, std::int64_t cols) {
    float s = float(a.d * double(128 * hiDot + loDot - kOffset * wSum));
    for (std::int64_t c = whole; c < cols; ++c) s += float(w[c]) * x[c];
    return s;
}

// Four adjacent rows (W4) against one token: each 64-byte load of activations serves four rows, twelve
// independent accumulator chains, and the same prefetch of the next four rows into L2 as the float path.
void fourRows(const std::int8_t* W4, std::int64_t cols, const ByteActivations& a, const float* x,
              float (&out)[4]) {
    constexpr int R = 4;
    const std::int64_t whole = std::int64_t(a.hi.size());
    const __m512i ones = _mm512_set1_epi8(1);
    __m512i hi[R], lo[R], sum[R];
    for (int r = 0; r < R; ++r) hi[r] = lo[r] = sum[r] = _mm512_setzero_si512();
    for (std::int64_t c = 0; c < whole; c += 64) {
        const __m512i ah = _mm512_loadu_si512(a.hi.data() + c), al = _mm512_loadu_si512(a.lo.data() + c);
        for (int r = 0; r < R; ++r) {
            prefetchLinesAhead(W4 + r * cols, c, 64, R * cols);
            const __m512i w = _mm512_loadu_si512(W4 + r * cols + c);
            hi[r] = _mm512_dpbusd_epi32(hi[r], ah, w);
            lo[r] = _mm512_dpbusd_epi32(lo[r], al, w);
            sum[r] = _mm512_dpbusd_epi32(sum[r], ones, w);
        }
    }
    for (int r = 0; r < R; ++r)
        out[r] =
            combine(a, sumLanes(hi[r]), sumLanes(lo[r]), sumLanes(sum[r]), W4 + r * cols, x, whole, cols);
}

float dot(const std::int8_t* w, std::int64_t cols, const ByteActivations& a, const float* x) {
    const std::int64_t whole = std::int64_t(a.hi.size());
    const __m512i ones = _mm512_set1_epi8(1);
    __m512i hi = _mm512_setzero_si512(), lo = hi, sum = hi;
    for (std::int64_t c = 0; c < whole; c += 64) {
        const __m512i wv = _mm512_loadu_si512(w + c);
        hi = _mm512_dpbusd_epi32(hi, _mm512_loadu_si512(a.hi.data() + c), wv);
        lo = _mm512_dpbusd_epi32(lo, _mm512_loadu_si512(a.lo.data() + c), wv);
        sum = _mm512_dpbusd_epi32(sum, ones, wv);
    }
    return combine(a, sumLanes(hi), sumLanes(lo), sumLanes(sum), w, x, whole, cols);
}

} // namespace

void gemmInt8Avx512Vnni(const std::int8_t* Q, const float* s, std::int64_t rows, std::int64_t cols,
                        const float* x, std::int64_t m, float* y) {
    const std::int64_t whole = cols / 64 * 64;
    std::vector<ByteActivations> acts(static_cast<std::size_t>(m));
    bool finite = cols <= kMaxCols;
    for (std::int64_t i = 0; i < m && finite; ++i)
        finite = roundActivations(x + i * cols, whole, acts[std::size_t(i)]);
    if (!finite) return gemmInt8Avx512(Q, s, rows, cols, x, m, y);
    // headRows hands each call token i's row of x; its activations in bytes are acts[i].
    auto token = [&](const float* xi) -> const ByteActivations& {
        return acts[std::size_t((xi - x) / cols)];
    };
    headRows(
        Q, s, rows, cols, x, m, y,
        [&](const std::int8_t* W4, std::int64_t n, const float* xi, float(&out)[4]) {
            fourRows(W4, n, token(xi), xi, out);
        },
        [&](const std::int8_t* w, const float* xi, std::int64_t n) { return dot(w, n, token(xi), xi); });
}

} // namespace owq::kernels::detail
