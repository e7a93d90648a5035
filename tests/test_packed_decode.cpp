// The vectorised decoding of owq/kernels/packed_decode.h, which the CUDA kernels run, on the CPU: whole runs
// and whole 32-column blocks against packedCode (packed_layout.h), exactly, for every bit width; and the CUDA
// GEMV's per-thread work (gemvLane) emulated CTA by CTA, slot by slot, against gemmReference on random
// shapes. No GPU needed: this is the arithmetic and indexing of the GPU kernels checked where CI runs.
#include "owq/kernels/packed_cpu.h"
#include "owq/kernels/packed_decode.h"
#include "packed_testutil.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using namespace owq::kernels;

namespace {

using RandomLinear = owqtest::HostPackedLinear;

RandomLinear makeLinear(std::mt19937& rng, int bits, std::int64_t rows, std::int64_t cols, std::int64_t weak,
                        std::int64_t groupSize, bool permuted, bool withBias) {
    RandomLinear L;
    L.setShape(bits, rows, cols, weak, groupSize);
    std::uniform_int_distribution<int> code(0, (1 << bits) - 1);
    std::uniform_real_distribution<float> scale(0.002f, 0.05f), w(-0.5f, 0.5f);
    std::vector<std::uint8_t> codes(std::size_t(rows * L.dense));
    for (auto& c : codes) c = std::uint8_t(code(rng));
    L.packFrom(codes.data());
    L.scales.resize(std::size_t(rows * L.nGroups));
    for (auto& s : L.scales) s = floatToF16(scale(rng));
    L.zeros.resize(std::size_t(rows * L.nGroups));
    for (auto& z : L.zeros) z = std::uint8_t(code(rng));
    std::vector<std::int32_t> order(static_cast<std::size_t>(cols));
    std::iota(order.begin(), order.end(), 0);
    if (permuted || weak > 0) std::shuffle(order.begin(), order.end(), rng);
    L.weakIdx.assign(order.begin(), order.begin() + weak);
    if (permuted || weak > 0) L.perm.assign(order.begin() + weak, order.end());
    L.weakWeight.resize(std::size_t(rows * weak));
    for (auto& v : L.weakWeight) v = floatToF16(4.f * w(rng));
    if (withBias) {
        L.bias.resize(std::size_t(rows));
        for (auto& b : L.bias) b = w(rng);
    }
    return L;
}

// The CUDA GEMV on the CPU: the gather (as gatherKernel writes it, through gemvXpIndex), then every slot of
// every CTA through gemvLane, summed per CTA as the warp shuffles and the shared-memory sum do, plus bias.
template <int BITS, int M>
std::vector<float> emulateGemv(const PackedLinearView& v, const std::vector<float>& x) {
    constexpr int R = gemvRowsPerCta(M);
    PackedGemvArgs a = packedGemvArgs(v);
    std::vector<float> xp(std::size_t(M * a.ldp), 0.f), xs(std::size_t(M * a.nBlocks), 0.f),
        xw(std::size_t(M * v.weak));
    for (int i = 0; i < M; ++i) {
        for (std::int64_t j = 0; j < v.dense; ++j) {
            const float xj = x[std::size_t(i * v.cols + (v.perm ? v.perm[j] : j))];
            xp[std::size_t(i * a.ldp + gemvXpIndex(j))] = xj;
            xs[std::size_t(i * a.nBlocks + j / kPackedBlockCols)] += xj;
        }
        for (std::int64_t k = 0; k < v.weak; ++k)
            xw[std::size_t(i * v.weak + k)] = x[std::size_t(i * v.cols + v.weakIdx[k])];
    }
    a.xp = xp.data();
    a.xs = xs.data();
    a.xw = xw.data();
    std::vector<float> y(std::size_t(M * v.rows));
    for (std::int64_t r0 = 0; r0 < v.rows; r0 += R) {
        double sum[R][M] = {};
        for (int slot = 0; slot < kGemvSlots; ++slot) {
            float acc[R][M];
            gemvLane<BITS, M, R>(a, r0, slot, acc);
            for (int rr = 0; rr < R; ++rr)
                for (int i = 0; i < M; ++i) sum[rr][i] += acc[rr][i];
        }
        for (int rr = 0; rr < R && r0 + rr < v.rows; ++rr)
            for (int i = 0; i < M; ++i)
                y[std::size_t(i * v.rows + r0 + rr)] = float(sum[rr][i]) + (v.bias ? v.bias[r0 + rr] : 0.f);
    }
    return y;
}

template <int BITS>
std::vector<float> emulateGemvM(const PackedLinearView& v, const std::vector<float>& x, int m) {
    switch (m) {
    case 1:
        return emulateGemv<BITS, 1>(v, x);
    case 2:
        return emulateGemv<BITS, 2>(v, x);
    case 3:
        return emulateGemv<BITS, 3>(v, x);
    case 4:
        return emulateGemv<BITS, 4>(v, x);
    case 5:
        return emulateGemv<BITS, 5>(v, x);
    case 6:
        return emulateGemv<BITS, 6>(v, x);
    case 7:
        return emulateGemv<BITS, 7>(v, x);
    default:
        return emulateGemv<BITS, 8>(v, x);
    }
}

// Tolerance of one output: float summation against the reference's double, relative to sum |w x|.
std::vector<float> magnitudes(const PackedLinearView& v, const std::vector<float>& x, std::int64_t m) {
    std::vector<float> W(std::size_t(v.rows * v.cols));
    dequantizeReference(v, W.data());
    std::vector<float> mag(std::size_t(m * v.rows));
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t r = 0; r < v.rows; ++r) {
            double s = v.bias ? std::fabs(v.bias[r]) : 0.0;
            for (std::int64_t c = 0; c < v.cols; ++c)
                s += std::fabs(double(W[std::size_t(r * v.cols + c)]) * x[std::size_t(i * v.cols + c)]);
            mag[std::size_t(i * v.rows + r)] = float(s);
        }
    return mag;
}

} // namespace

class TestPackedDecode : public QObject {
    Q_OBJECT

private slots:
    void runWordsMatchPackedCode() {
        std::mt19937 rng(1);
        for (int bits : {2, 3, 4}) {
            const std::int64_t dense = 77;
            std::vector<std::uint8_t> codes(static_cast<std::size_t>(dense));
            std::vector<std::uint8_t> row(static_cast<std::size_t>(packedRowBytes(dense, bits)));
            std::uniform_int_distribution<int> code(0, (1 << bits) - 1);
            for (auto& c : codes) c = std::uint8_t(code(rng));
            packCodes(codes.data(), 1, dense, bits, row.data());
            for (std::int64_t run = 0; run * 8 < dense; ++run) {
                const std::uint32_t word = packedRunWord(row.data(), run, bits);
                QVERIFY(word < (std::uint64_t(1) << (8 * bits)));
                for (int k = 0; k < 8 && run * 8 + k < dense; ++k) {
                    QCOMPARE(runCode(word, k, bits), packedCode(row.data(), run * 8 + k, bits));
                    QCOMPARE(runCode(word, k, bits), unsigned(codes[std::size_t(run * 8 + k)]));
                }
            }
        }
    }

    void blockDecodeIsExact() {
        std::mt19937 rng(2);
        for (int bits : {2, 3, 4}) {
            const std::int64_t blocks = 64, dense = blocks * kPackedBlockCols;
            std::vector<std::uint8_t> codes(static_cast<std::size_t>(dense));
            std::vector<std::uint8_t> row(static_cast<std::size_t>(packedRowBytes(dense, bits)));
            std::uniform_int_distribution<int> code(0, (1 << bits) - 1);
            for (std::int64_t j = 0; j < dense; ++j)
                codes[std::size_t(j)] = std::uint8_t(j < 32 ? 0 : j < 64 ? (1 << bits) - 1 : code(rng));
            packCodes(codes.data(), 1, dense, bits, row.data());
            for (std::int64_t kb = 0; kb < blocks; ++kb) {
                std::uint32_t w[4] = {};
                for (int q = 0; q < bits; ++q) w[q] = packedBlockWord(row.data(), kb, q, bits);
                float out[kPackedBlockCols];
                if (bits == 2) decodeBlock<2>(w, out);
                if (bits == 3) decodeBlock<3>(w, out);
                if (bits == 4) decodeBlock<4>(w, out);
                for (int j = 0; j < kPackedBlockCols; ++j) {
                    const std::int64_t col = kb * kPackedBlockCols + j;
                    const float expect = float(packedCode(row.data(), col, bits));
                    QCOMPARE(out[j], expect);
                    QCOMPARE(out[j], float(codes[std::size_t(col)]));
                }
            }
        }
    }

    void everyCodeAtEveryPosition() {
        // Each position of a block holding each value, the rest holding the complement: catches a mask or a
        // shift that leaks a neighbour's bits.
        for (int bits : {2, 3, 4}) {
            const int maxq = (1 << bits) - 1;
            for (int j = 0; j < kPackedBlockCols; ++j)
                for (int c = 0; c <= maxq; ++c) {
                    std::uint8_t codes[kPackedBlockCols], row[16] = {};
                    for (int k = 0; k < kPackedBlockCols; ++k) codes[k] = std::uint8_t(k == j ? c : maxq - c);
                    packCodes(codes, 1, kPackedBlockCols, bits, row);
                    std::uint32_t w[4] = {};
                    for (int q = 0; q < bits; ++q) w[q] = packedBlockWord(row, 0, q, bits);
                    float out[kPackedBlockCols];
                    if (bits == 2) decodeBlock<2>(w, out);
                    if (bits == 3) decodeBlock<3>(w, out);
                    if (bits == 4) decodeBlock<4>(w, out);
                    for (int k = 0; k < kPackedBlockCols; ++k) QCOMPARE(out[k], float(codes[k]));
                }
        }
    }

    void smallUintsAreExact() {
        for (unsigned v = 0; v < 256; ++v) QCOMPARE(smallUintToFloat(v), float(v));
        QCOMPARE(loadLE32(std::array<std::uint8_t, 4>{1, 2, 3, 4}.data()), 0x04030201u);
        QCOMPARE(funnelShiftRight(0x80000000u, 0x3u, 31), 0x7u);
        QCOMPARE(funnelShiftRight(0x12345678u, 0x9abcdef0u, 0), 0x12345678u);
    }

    void gemvArgsFromView() {
        std::mt19937 rng(3);
        const RandomLinear L = makeLinear(rng, 3, 5, 200, 3, 128, true, true);
        const PackedGemvArgs a = packedGemvArgs(L.view());
        QCOMPARE(a.nBlocks, 7);              // ceil(197 / 32)
        QCOMPARE(a.ldp, std::int64_t(1024)); // one whole chunk of 32 blocks
        // Every column of 70 blocks has its own place in xp; a lane's 4 columns 4q .. 4q+3 are contiguous.
        const std::int64_t ldp = gemvXpStride(70);
        QCOMPARE(ldp, std::int64_t(3 * 1024));
        std::vector<int> hits(std::size_t(ldp), 0);
        for (std::int64_t j = 0; j < 70 * kPackedBlockCols; ++j) {
            const std::int64_t at = gemvXpIndex(j);
            QVERIFY(at >= 0 && at < ldp);
            ++hits[std::size_t(at)];
            if (j % 4 != 0) QCOMPARE(at, gemvXpIndex(j - 1) + 1);
        }
        QCOMPARE(std::count(hits.begin(), hits.end(), 1), 70L * kPackedBlockCols);
        QCOMPARE(gemvXpIndex(32), std::int64_t(4)); // block 1 starts one float4 after block 0
        QCOMPARE(gemvXpIndex(4),
                 std::int64_t(4 * kGemvLanes)); // column 4 of block 0: the next row of float4s
        QCOMPARE(a.blocksPerGroup, 4);
        QCOMPARE(a.groupShift, 2);
        const PackedGemvArgs b = packedGemvArgs(makeLinear(rng, 4, 2, 100, 0, 96, false, false).view());
        QCOMPARE(b.blocksPerGroup, 3);
        QCOMPARE(b.groupShift, -1);
        QVERIFY(!gemvBlocksWithinGroups(makeLinear(rng, 4, 2, 100, 0, 48, false, false).view()));
        QVERIFY(gemvBlocksWithinGroups(makeLinear(rng, 4, 2, 100, 0, 0, false, false).view()));
    }

    void gemvLanesMatchReference() {
        std::mt19937 rng(4);
        struct Shape {
            std::int64_t rows, cols, weak, group;
            bool perm, bias;
        };
        const Shape shapes[] = {
            {1, 1, 0, 0, false, false},         {7, 33, 0, 32, false, true},  {13, 100, 1, 0, true, false},
            {5, 257, 9, 128, true, true},       {9, 64, 64, 32, true, false}, {6, 1100, 13, 96, true, true},
            {3, 4096 + 5, 40, 128, true, true}, {33, 31, 2, 0, true, true},
        };
        int cases = 0;
        for (const Shape& s : shapes)
            for (int bits : {2, 3, 4})
                for (int m : {1, 2, 3, 5, 8}) {
                    const RandomLinear L =
                        makeLinear(rng, bits, s.rows, s.cols, s.weak, s.group, s.perm, s.bias);
                    const PackedLinearView v = L.view();
                    QVERIFY(gemvBlocksWithinGroups(v));
                    std::normal_distribution<float> nd(0.f, 1.f);
                    std::vector<float> x(std::size_t(m * s.cols));
                    for (auto& e : x) e = nd(rng);
                    std::vector<float> ref(std::size_t(m * s.rows));
                    gemmReference(v, x.data(), m, ref.data());
                    const std::vector<float> got = bits == 2   ? emulateGemvM<2>(v, x, m)
                                                   : bits == 3 ? emulateGemvM<3>(v, x, m)
                                                               : emulateGemvM<4>(v, x, m);
                    const std::vector<float> mag = magnitudes(v, x, m);
                    for (std::size_t k = 0; k < ref.size(); ++k) {
                        const float tol = 2e-5f * mag[k] + 1e-6f;
                        if (!(std::fabs(got[k] - ref[k]) <= tol))
                            QFAIL(qPrintable(
                                QString("bits %1 rows %2 cols %3 weak %4 group %5 m %6: y[%7] = %8, "
                                        "reference %9")
                                    .arg(bits)
                                    .arg(s.rows)
                                    .arg(s.cols)
                                    .arg(s.weak)
                                    .arg(s.group)
                                    .arg(m)
                                    .arg(k)
                                    .arg(double(got[k]), 0, 'g', 9)
                                    .arg(double(ref[k]), 0, 'g', 9)));
                    }
                    ++cases;
                }
        QCOMPARE(cases, 8 * 3 * 5);
    }
};

QTEST_GUILESS_MAIN(TestPackedDecode)
#include "test_packed_decode.moc"
