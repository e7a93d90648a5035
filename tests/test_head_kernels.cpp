// Kernels of the cheaper LM head (owq/kernels/head_cpu.h) and the float32 product of a few rows: every CPU
// path this machine runs (scalar, AVX2, AVX-512) against the double-precision references on odd shapes (1
// row, 1 column, columns that are not a multiple of 8 or 16), and the references and the int8 quantizer
// against oracles written here (bfloat16 decoded from its bits by ldexp, int8 rows rebuilt from their
// definition).
#include "owq/kernels/head_cpu.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using namespace owq::kernels;

namespace {

struct Shape {
    std::int64_t rows, cols, m;
};
const Shape kShapes[] = {{1, 1, 1},   {1, 7, 1},     {3, 17, 2},     {37, 33, 1},
                         {64, 64, 3}, {101, 129, 5}, {13, 1000, 16}, {257, 2051, 1}};

std::vector<CpuIsa> availableIsas() {
    std::vector<CpuIsa> isas{CpuIsa::Scalar};
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        isas.push_back(CpuIsa::Avx2);
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
        isas.push_back(CpuIsa::Avx512);
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vbmi"))
        isas.push_back(CpuIsa::Avx512Vnni);
#endif
    return isas;
}

// bfloat16 bits -> value, independently of owq/kernels/half.h (finite values only).
double bf16Oracle(std::uint16_t h) {
    const int sign = h >> 15, exp = (h >> 7) & 255, mant = h & 127;
    const double v = exp == 0 ? std::ldexp(double(mant), -133) : std::ldexp(double(128 + mant), exp - 134);
    return sign ? -v : v;
}

std::vector<float> randomFloats(std::size_t n, std::mt19937& rng, float sd = 1.0f) {
    std::normal_distribution<float> d(0.0f, sd);
    std::vector<float> v(n);
    for (float& f : v) f = d(rng);
    return v;
}

// |W| |x| per output: the scale of float32 summation-order error.
std::vector<double> magnitudes(const std::vector<double>& Wabs, const std::vector<float>& x, const Shape& s) {
    std::vector<double> out(std::size_t(s.m * s.rows));
    for (std::int64_t i = 0; i < s.m; ++i)
        for (std::int64_t r = 0; r < s.rows; ++r) {
            double a = 0;
            for (std::int64_t c = 0; c < s.cols; ++c)
                a += Wabs[std::size_t(r * s.cols + c)] * std::fabs(x[std::size_t(i * s.cols + c)]);
            out[std::size_t(i * s.rows + r)] = a;
        }
    return out;
}

// The reference product `ref` against the oracle sum_c weight(r, c) x[i, c] in double, within 1e-6 of the
// magnitudes `mag`.
template <class Weight>
void expectReferenceMatchesOracle(const std::vector<float>& ref, const std::vector<double>& mag,
                                  const std::vector<float>& x, const Shape& s, Weight weight) {
    for (std::int64_t i = 0; i < s.m; ++i)
        for (std::int64_t r = 0; r < s.rows; ++r) {
            double oracle = 0;
            for (std::int64_t c = 0; c < s.cols; ++c) oracle += weight(r, c) * x[std::size_t(i * s.cols + c)];
            QVERIFY(std::fabs(ref[std::size_t(i * s.rows + r)] - oracle) <=
                    1e-6 * (mag[std::size_t(i * s.rows + r)] + 1e-6));
        }
}

// Every CPU path's product (run(isa, y)) against the reference product `ref`, within float32 summation-order
// error of the magnitudes `mag`, plus rounded(isa, k) for a path that rounds the activations.
template <class Run, class Rounded>
void expectPathsMatch(const std::vector<float>& ref, const std::vector<double>& mag, const Shape& s, Run run,
                      Rounded rounded) {
    for (CpuIsa isa : availableIsas()) {
        std::vector<float> y(ref.size(), NAN);
        run(isa, y.data());
        for (std::size_t k = 0; k < y.size(); ++k)
            QVERIFY2(std::fabs(y[k] - ref[k]) <= 1e-5 * (mag[k] + 1e-6) + rounded(isa, k),
                     qPrintable(QString("%1 %2x%3 m=%4 out %5: %6 vs %7")
                                    .arg(cpuIsaName(isa))
                                    .arg(s.rows)
                                    .arg(s.cols)
                                    .arg(s.m)
                                    .arg(k)
                                    .arg(y[k])
                                    .arg(ref[k])));
    }
}

template <class Run>
void expectPathsMatch(const std::vector<float>& ref, const std::vector<double>& mag, const Shape& s,
                      Run run) {
    expectPathsMatch(ref, mag, s, run, [](CpuIsa, std::size_t) { return 0.0; });
}

} // namespace

class TestHeadKernels : public QObject {
    Q_OBJECT
private slots:
    void bf16MatchesOracleOnEveryPath() {
        std::mt19937 rng(7);
        for (const Shape& s : kShapes) {
            const std::vector<float> w = randomFloats(std::size_t(s.rows * s.cols), rng, 0.05f);
            std::vector<std::uint16_t> W(w.size());
            std::vector<double> Wabs(w.size());
            for (std::size_t k = 0; k < w.size(); ++k) {
                W[k] = floatToBf16(w[k]);
                Wabs[k] = std::fabs(bf16Oracle(W[k]));
                // Round to nearest: the stored value is within half a bfloat16 step of the float.
                QVERIFY(std::fabs(bf16Oracle(W[k]) - w[k]) <= std::ldexp(std::fabs(w[k]), -8) + 1e-30);
            }
            const std::vector<float> x = randomFloats(std::size_t(s.m * s.cols), rng);
            std::vector<float> ref(std::size_t(s.m * s.rows));
            gemmBf16Reference(W.data(), s.rows, s.cols, x.data(), s.m, ref.data());
            const std::vector<double> mag = magnitudes(Wabs, x, s);
            expectReferenceMatchesOracle(ref, mag, x, s, [&](std::int64_t r, std::int64_t c) {
                return bf16Oracle(W[std::size_t(r * s.cols + c)]);
            });
            expectPathsMatch(ref, mag, s, [&](CpuIsa isa, float* y) {
                gemmBf16(W.data(), s.rows, s.cols, x.data(), s.m, y, isa);
            });
        }
    }

    // The float32 product decoding uses for the float head and float linears (a few rows, streamed).
    void f32MatchesOracleOnEveryPath() {
        std::mt19937 rng(17);
        for (const Shape& s : kShapes) {
            const std::vector<float> W = randomFloats(std::size_t(s.rows * s.cols), rng, 0.05f);
            std::vector<double> Wabs(W.size());
            for (std::size_t k = 0; k < W.size(); ++k) Wabs[k] = std::fabs(double(W[k]));
            const std::vector<float> x = randomFloats(std::size_t(s.m * s.cols), rng);
            std::vector<float> ref(std::size_t(s.m * s.rows));
            gemmF32Reference(W.data(), s.rows, s.cols, x.data(), s.m, ref.data());
            const std::vector<double> mag = magnitudes(Wabs, x, s);
            expectReferenceMatchesOracle(ref, mag, x, s, [&](std::int64_t r, std::int64_t c) {
                return double(W[std::size_t(r * s.cols + c)]);
            });
            expectPathsMatch(ref, mag, s, [&](CpuIsa isa, float* y) {
                gemmF32(W.data(), s.rows, s.cols, x.data(), s.m, y, isa);
            });
        }
    }

    void int8QuantizerFollowsItsDefinition() {
        std::mt19937 rng(11);
        const std::int64_t rows = 9, cols = 23;
        std::vector<float> w = randomFloats(std::size_t(rows * cols), rng, 0.1f);
        for (std::int64_t c = 0; c < cols; ++c) w[std::size_t(4 * cols + c)] = 0.0f; // an all-zero row
        std::vector<std::int8_t> Q(w.size());
        std::vector<float> scales = std::vector<float>(std::size_t(rows));
        quantizeInt8Rows(w.data(), rows, cols, Q.data(), scales.data());
        for (std::int64_t r = 0; r < rows; ++r) {
            double amax = 0;
            for (std::int64_t c = 0; c < cols; ++c)
                amax = std::max(amax, std::fabs(double(w[std::size_t(r * cols + c)])));
            QVERIFY(std::fabs(scales[std::size_t(r)] - amax / 127.0) <= 1e-6 * amax);
            bool reachesEnd = amax == 0;
            for (std::int64_t c = 0; c < cols; ++c) {
                const int q = Q[std::size_t(r * cols + c)];
                QVERIFY(q >= -127 && q <= 127);
                reachesEnd = reachesEnd || std::abs(q) == 127;
                // Nearest code: the dequantized weight is within half a step of the float.
                QVERIFY(std::fabs(scales[std::size_t(r)] * q - w[std::size_t(r * cols + c)]) <=
                        0.5001 * scales[std::size_t(r)] + 1e-12);
            }
            QVERIFY(reachesEnd); // the largest weight of a row uses the full range
        }
        QCOMPARE(scales[4], 0.0f);
    }

    void int8MatchesOracleOnEveryPath() {
        std::mt19937 rng(13);
        std::uniform_int_distribution<int> code(-127, 127);
        for (const Shape& s : kShapes) {
            std::vector<std::int8_t> Q(std::size_t(s.rows * s.cols));
            for (auto& q : Q) q = std::int8_t(code(rng));
            std::vector<float> scales = randomFloats(std::size_t(s.rows), rng, 0.01f);
            std::vector<double> Wabs(Q.size());
            for (std::int64_t r = 0; r < s.rows; ++r)
                for (std::int64_t c = 0; c < s.cols; ++c)
                    Wabs[std::size_t(r * s.cols + c)] =
                        std::fabs(double(scales[std::size_t(r)]) * Q[std::size_t(r * s.cols + c)]);
            const std::vector<float> x = randomFloats(std::size_t(s.m * s.cols), rng);
            std::vector<float> ref(std::size_t(s.m * s.rows));
            gemmInt8RowsReference(Q.data(), scales.data(), s.rows, s.cols, x.data(), s.m, ref.data());
            const std::vector<double> mag = magnitudes(Wabs, x, s);
            expectReferenceMatchesOracle(ref, mag, x, s, [&](std::int64_t r, std::int64_t c) {
                return double(scales[std::size_t(r)]) * Q[std::size_t(r * s.cols + c)];
            });
            // The avx512vnni path rounds each token's activations in its whole 64-column runs to steps of
            // d = max|x| / 16383 there, each by at most d / 2: a product moves by sum_c w_c e_c, whose spread
            // is |w| d / sqrt(12) for independent errors. Allowed: 6 of those (measured: up to 3.2; the sum
            // |w| d / 2 of the worst case is 5-20 times more), so activations rounded 4 times coarser fail.
            const std::int64_t whole = s.cols / 64 * 64;
            std::vector<double> roundingBound(ref.size(), 0.0);
            for (std::int64_t i = 0; i < s.m; ++i) {
                double mx = 0;
                for (std::int64_t c = 0; c < whole; ++c)
                    mx = std::max(mx, double(std::fabs(x[std::size_t(i * s.cols + c)])));
                for (std::int64_t r = 0; r < s.rows; ++r) {
                    double w2 = 0;
                    for (std::int64_t c = 0; c < whole; ++c)
                        w2 += Wabs[std::size_t(r * s.cols + c)] * Wabs[std::size_t(r * s.cols + c)];
                    roundingBound[std::size_t(i * s.rows + r)] = 6.0 * std::sqrt(w2 / 12.0) * mx / 16383.0;
                }
            }
            expectPathsMatch(
                ref, mag, s,
                [&](CpuIsa isa, float* y) {
                    gemmInt8Rows(Q.data(), scales.data(), s.rows, s.cols, x.data(), s.m, y, isa);
                },
                [&](CpuIsa isa, std::size_t k) {
                    return isa == CpuIsa::Avx512Vnni ? roundingBound[k] : 0.0;
                });
        }
    }
    // A NaN activation reaches every output of its token on every path (the integer path hands such a token
    // to the float one), and the other tokens stay finite.
    void int8CarriesNaN() {
        const std::int64_t rows = 9, cols = 200;
        std::vector<std::int8_t> Q(std::size_t(rows * cols));
        for (std::size_t k = 0; k < Q.size(); ++k) Q[k] = std::int8_t(int(k * 37 % 255) - 127);
        const std::vector<float> scales(std::size_t(rows), 0.01f);
        std::vector<float> x(std::size_t(2 * cols), 0.5f);
        x[std::size_t(cols + 70)] = NAN;
        for (CpuIsa isa : availableIsas()) {
            std::vector<float> y(std::size_t(2 * rows), 0.0f);
            gemmInt8Rows(Q.data(), scales.data(), rows, cols, x.data(), 2, y.data(), isa);
            for (std::int64_t r = 0; r < rows; ++r) {
                QVERIFY2(std::isfinite(y[std::size_t(r)]), cpuIsaName(isa));
                QVERIFY2(std::isnan(y[std::size_t(rows + r)]), cpuIsaName(isa));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestHeadKernels)
#include "test_head_kernels.moc"
