// The fused OWQ grid search (core/src/quant/mse_search.cpp: vectorised loops, its own |d|^2.4) against the
// tensor search it replaces on the CPU (the same float32 candidates in ATen operations, as the reference's
// find_params): on weight-like rows (Gaussian, heavy tails, outliers, constant and all-zero rows) at 2, 3 and
// 4 bits and both search sizes the pipeline uses, the chosen grids must be the same, except where two
// candidates' errors tie to within float32 rounding, and there the fused choice must be no worse than 1e-5
// relative. Pruning (candidates skipped once part of their sum shows they lose) must not change any choice.
#include "quant/mse_search.h"
#include "quant/quantizer.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <cmath>

using namespace owq;
using namespace owq::detail;

namespace {

// Mean |fakeQuantize(x) - x|^2.4 per row, in double (independent of both searches' arithmetic).
at::Tensor rowError(const at::Tensor& x, const QuantGrid& g, int maxq) {
    return (fakeQuantize(x, g, maxq) - x).abs().to(at::kDouble).pow(2.4).mean(1);
}

at::Tensor weightRows(std::int64_t rows, std::int64_t n, std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    at::Tensor x = at::normal(0.0, 0.02, {rows, n}, gen);
    // Heavy-tailed rows, a few outliers, a constant row, an all-zero row and a row without negatives.
    x.narrow(0, 0, rows / 4).mul_(at::exp(at::normal(0.0, 1.0, {rows / 4, n}, gen)));
    x.index_put_({at::randint(rows, {8}, gen), at::randint(n, {8}, gen)}, 0.5);
    x[rows - 1].fill_(0.01f);
    x[rows - 2].zero_();
    x[rows - 3].abs_();
    return x;
}

} // namespace

class TestMseSearch : public QObject {
    Q_OBJECT
private slots:
    void fusedSearchPicksTheTensorSearchsGrids_data() {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("num");
        QTest::addColumn<int>("cols");
        QTest::newRow("3-bit per channel (num 100)") << 3 << 100 << 512;
        QTest::newRow("4-bit per channel") << 4 << 100 << 333;
        QTest::newRow("2-bit per channel") << 2 << 100 << 256;
        QTest::newRow("3-bit groups (num 40)") << 3 << 40 << 128;
        QTest::newRow("4-bit groups, odd width") << 4 << 40 << 37;
    }
    void fusedSearchPicksTheTensorSearchsGrids() {
        QFETCH(int, bits);
        QFETCH(int, num);
        QFETCH(int, cols);
        c10::InferenceMode guard;
        QuantizerConfig cfg;
        cfg.bits = bits;
        cfg.mse = true;
        cfg.style = QuantizerStyle::Owq;
        const std::int64_t rows = 256;
        const at::Tensor x = weightRows(rows, cols, 1000 + std::uint64_t(bits * 7 + num));
        const QuantGrid fused = fitGrid(x, cfg, num, true);
        const QuantGrid tensor = fitGrid(x, cfg, num, false);
        const int maxq = (1 << bits) - 1;
        const at::Tensor ef = rowError(x, fused, maxq), et = rowError(x, tensor, maxq);
        int same = 0, tied = 0;
        double worst = 0;
        for (std::int64_t r = 0; r < rows; ++r) {
            const bool equal = fused.scale[r].item<float>() == tensor.scale[r].item<float>() &&
                               fused.zero[r].item<float>() == tensor.zero[r].item<float>();
            if (equal) {
                ++same;
                continue;
            }
            ++tied;
            const double rel = (ef[r].item<double>() - et[r].item<double>()) / et[r].item<double>();
            worst = std::max(worst, rel);
            QVERIFY2(rel < 1e-5, qPrintable(QString("row %1: fused error %2 vs %3")
                                                .arg(r)
                                                .arg(ef[r].item<double>())
                                                .arg(et[r].item<double>())));
        }
        qInfo("%d of %lld rows pick the same grid; %d near-ties, fused at most %.2e relative worse", same,
              (long long)rows, tied, worst);
        QVERIFY(same >= rows * 95 / 100);
    }

    // The pruned scan against the same scan scoring every candidate in full: bit-identical choices on every
    // row (pruning only skips candidates that provably lose, ties included).
    void pruningKeepsEveryChoice_data() { fusedSearchPicksTheTensorSearchsGrids_data(); }
    void pruningKeepsEveryChoice() {
        QFETCH(int, bits);
        QFETCH(int, num);
        QFETCH(int, cols);
        c10::InferenceMode guard;
        const std::int64_t rows = 256;
        const at::Tensor x = weightRows(rows, cols, 2000 + std::uint64_t(bits * 7 + num)).contiguous();
        const at::Tensor range =
            (std::get<0>(x.max(1)).clamp_min(0) - std::get<0>(x.min(1)).clamp_max(0)).contiguous();
        const int levels = 1 << bits;
        std::vector<float> minP(rows, 0.0f), maxP(rows, 0.0f), minF(rows, 0.0f), maxF(rows, 0.0f);
        owqAsymmetricSearch(x.data_ptr<float>(), rows, cols, range.data_ptr<float>(), num, levels, 1e-8f,
                            minP.data(), maxP.data(), /*prune=*/true);
        owqAsymmetricSearch(x.data_ptr<float>(), rows, cols, range.data_ptr<float>(), num, levels, 1e-8f,
                            minF.data(), maxF.data(), /*prune=*/false);
        for (std::int64_t r = 0; r < rows; ++r)
            QVERIFY2(minP[r] == minF[r] && maxP[r] == maxF[r],
                     qPrintable(QString("row %1: pruned [%2, %3], full [%4, %5]")
                                    .arg(r)
                                    .arg(minP[r])
                                    .arg(maxP[r])
                                    .arg(minF[r])
                                    .arg(maxF[r])));
    }
};

QTEST_GUILESS_MAIN(TestMseSearch)
#include "test_mse_search.moc"
