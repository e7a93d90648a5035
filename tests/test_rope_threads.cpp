// Rope's tables are built on first use, and a narrow model's calibration batches run in lanes side by side
// (core/src/quant/batch_lanes.h), so several threads can be first at once. Threads are started together on
// a fresh Rope, many times over, and each one's rotation is checked against one computed alone, bit for bit.
// In the sanitized build a table replaced under a reader, or one lost between two writers, is also an ASan or
// LSan report (the race CI once hit as a 16 KiB leak in test_packed_model).
#include "model/rope.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace {

owq::ModelConfig config(const QString& scaling) {
    owq::ModelConfig c;
    c.numHeads = 2;
    c.headDim = 8;
    c.maxPositions = 512;
    c.ropeScaling.type = scaling.toStdString();
    c.ropeScaling.factor = 2.0;
    return c;
}

// Rotates x at positions [pos0, pos0 + T) with a Rope nobody else touches.
at::Tensor alone(const owq::ModelConfig& cfg, const at::Tensor& x, std::int64_t pos0) {
    owq::detail::Rope rope(cfg, at::kCPU);
    return rope.apply(x, pos0);
}

} // namespace

class TestRopeThreads : public QObject {
    Q_OBJECT
private slots:
    void firstUsersTogether_data() {
        QTest::addColumn<QString>("scaling");
        // "none": one table serves every window here; "dynamic": the windows past 512 positions need another.
        QTest::newRow("none") << "none";
        QTest::newRow("dynamic NTK") << "dynamic";
    }

    void firstUsersTogether() {
        QFETCH(QString, scaling);
        const owq::ModelConfig cfg = config(scaling);
        const int threads = 4, rounds = 300;
        // Each thread rotates its own window, the odd ones past the trained context at one position (dynamic
        // NTK builds a table with a grown base there, for the longest sequence seen, so one length for all of
        // them): first users ask for tables of different lengths, and with dynamic NTK of different bases.
        std::vector<at::Tensor> x(threads), want(threads);
        std::vector<std::int64_t> pos0(threads);
        for (int t = 0; t < threads; ++t) {
            x[t] = at::randn({1, cfg.numHeads, 16, cfg.headDim}, at::kFloat);
            pos0[t] = t % 2 ? 600 : 16 * t;
            want[t] = alone(cfg, x[t], pos0[t]);
        }
        int bad = 0;
        QString firstError;
        for (int r = 0; r < rounds; ++r) {
            owq::detail::Rope rope(cfg, at::kCPU);
            std::atomic<int> ready{0};
            std::vector<at::Tensor> got(threads);
            std::vector<std::string> errors(threads);
            std::vector<std::thread> pool;
            for (int t = 0; t < threads; ++t)
                pool.emplace_back([&, t] {
                    c10::InferenceMode guard;
                    ready.fetch_add(1);
                    while (ready.load() < threads) std::this_thread::yield();
                    try {
                        got[t] = rope.apply(x[t], pos0[t]);
                    } catch (const std::exception& e) { // a table swapped under this call: too short for it
                        errors[t] = e.what();
                    }
                });
            for (auto& th : pool) th.join();
            for (int t = 0; t < threads; ++t) {
                if (firstError.isEmpty() && !errors[t].empty())
                    firstError = QString::fromStdString(errors[t]);
                bad += !got[t].defined() || !at::equal(got[t], want[t]);
            }
        }
        QVERIFY2(bad == 0,
                 qPrintable(QString("%1 of %2 rotations differ from one made alone (first error: %3)")
                                .arg(bad)
                                .arg(threads * rounds)
                                .arg(firstError)));
    }
};

QTEST_GUILESS_MAIN(TestRopeThreads)
#include "test_rope_threads.moc"
