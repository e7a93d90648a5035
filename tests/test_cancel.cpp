// Cancellation at random points of every long job core runs (issue 8): loading, calibration and each layer of
// quantization, saving a quantized model, perplexity, compare, export in each format, tuning. Each stage runs
// once to completion first (to count its progress events and time it, and to start the thread pools LibTorch
// and OpenBLAS keep), then again and again with the cancel token set at a random point: from the progress
// callback after a random number of events, or from another thread after a random delay. Every run must end
// with the Cancelled error (or finish, when the cancel came after the last check), leave no output folder and
// no temporary sibling, leave the sources byte-identical, and leave no thread of its own running.
//
// The seed is printed; OWQ_CANCEL_SEED=N repeats a run, OWQ_CANCEL_ITERATIONS=N changes the loop (default
// 12).
#include "owq/compare.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/export.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "owq/tune.h"
#include "testutil.h"

#include <QtTest>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <thread>

using namespace owq;
namespace fs = std::filesystem;

namespace {

int threadCount() {
    int n = 0;
    for (const auto& e : fs::directory_iterator("/proc/self/task")) {
        (void)e;
        ++n;
    }
    return n;
}

// FNV-1a over every file's relative name and bytes.
std::uint64_t folderHash(const std::string& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            files[fs::relative(e.path(), dir).string()] = owqtest::readFile(e.path().string());
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](const std::string& s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    };
    for (const auto& [name, bytes] : files) {
        mix(name);
        mix(bytes);
    }
    return h;
}

int envInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

std::string storiesDir() {
    return owqtest::sharedPath("models/stories260K");
}

} // namespace

class TestCancel : public QObject {
    Q_OBJECT

    std::mt19937_64 rng_;
    int iterations_ = 12;
    std::string calib_, eval_, evalHalf_;  // evalHalf_: 7 windows of 128, enough cancel points
    std::string packed_;                   // a packed OWQ 3-bit stories260K, written once
    std::shared_ptr<LanguageModel> fp_;    // stories260K in float32, for perplexity
    std::shared_ptr<LanguageModel> quant_; // quantized in memory, for the save stage
    QuantReport report_;
    std::string tuneData_;
    int baseline_ = 0;

    static QuantRecipe smallRecipe() {
        QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
        r.targetBits = 3.2;
        r.nsamples = 8;
        r.seqlen = 128;
        return r;
    }

    // One stage: `run(job, out)` does the work, writing to `out` when the stage writes a folder (else ignores
    // it). Sources are the folders that must stay untouched.
    using Run = std::function<void(const JobContext&, const std::string&)>;
    void cancelLoop(const char* stage, const Run& run, const std::vector<std::string>& sources,
                    bool writesOutput, int iterations = 0) {
        if (iterations <= 0) iterations = iterations_;
        std::map<std::string, std::uint64_t> hashes;
        for (const auto& s : sources) hashes[s] = folderHash(s);

        // The full run: its progress events and duration bound the random cancel points.
        long long events = 0;
        const std::string fullParent = owqtest::scratchDir(std::string("cancel-full-") + stage);
        const auto t0 = std::chrono::steady_clock::now();
        run(JobContext{[&](const Progress&) { ++events; }, nullptr}, fullParent + "/out");
        const auto fullUs =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
                .count();
        if (writesOutput) QVERIFY2(fs::exists(fullParent + "/out"), stage);
        fs::remove_all(fullParent);
        // Thread pools started by the full run stay (LibTorch's and OpenBLAS's); nothing beyond them may.
        baseline_ = std::max(baseline_, threadCount());

        int cancelled = 0, finished = 0;
        for (int i = 0; i < iterations; ++i) {
            CancelToken token;
            const bool fromThread = (i % 2) == 1;
            long long at = -1, delayUs = -1;
            std::thread canceller;
            long long seen = 0;
            JobContext job;
            job.cancel = &token;
            if (fromThread) {
                delayUs = std::uniform_int_distribution<long long>(0, fullUs + fullUs / 5)(rng_);
                canceller = std::thread([&token, delayUs] {
                    std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
                    token.cancel();
                });
            } else {
                // Every event but the last precedes a check: a cancel there must end the run.
                at = std::uniform_int_distribution<long long>(0, std::max(0LL, events - 2))(rng_);
                job.progress = [&](const Progress&) {
                    if (seen++ == at) token.cancel();
                };
                if (at == 0) token.cancel(); // before the first check
            }
            const std::string parent = owqtest::scratchDir(std::string("cancel-") + stage);
            const std::string out = parent + "/out";
            const QString where =
                QString("%1 iteration %2: cancel %3")
                    .arg(stage)
                    .arg(i)
                    .arg(fromThread ? QString("after %1 us").arg(delayUs)
                                    : QString("at progress event %1 of %2").arg(at).arg(events));
            bool threw = false;
            try {
                run(job, out);
            } catch (const Error& e) {
                if (e.kind() != ErrorKind::Cancelled) {
                    if (canceller.joinable()) canceller.join();
                    QFAIL(qPrintable(where + ": not a cancel error: " + e.what()));
                }
                threw = true;
            } catch (const std::exception& e) {
                if (canceller.joinable()) canceller.join();
                QFAIL(qPrintable(where + ": not an owq::Error: " + e.what()));
            }
            if (canceller.joinable()) canceller.join();
            if (!fromThread)
                QVERIFY2(threw, qPrintable(where + ": finished although cancelled before a check"));
            if (threw) {
                ++cancelled;
                // Nothing under the requested name, no temporary sibling: the parent is as empty as it was.
                QStringList left;
                for (const auto& e : fs::directory_iterator(parent))
                    left << QString::fromStdString(e.path().filename().string());
                QVERIFY2(left.isEmpty(), qPrintable(where + ": left behind " + left.join(", ")));
            } else {
                ++finished;
                if (writesOutput) QVERIFY2(fs::exists(out), qPrintable(where + ": finished without output"));
            }
            fs::remove_all(parent);
            for (const auto& [s, h] : hashes)
                QVERIFY2(folderHash(s) == h,
                         qPrintable(where + ": source changed: " + QString::fromStdString(s)));
            // Threads of the job end with it (give a finishing worker a moment to leave).
            QTRY_VERIFY2_WITH_TIMEOUT(
                threadCount() <= baseline_,
                qPrintable(where + QString(": %1 threads, baseline %2").arg(threadCount()).arg(baseline_)),
                5000);
        }
        qInfo("%s: %d cancelled, %d finished (full run: %lld progress events, %.1f ms)", stage, cancelled,
              finished, events, fullUs / 1000.0);
        // Half the points are progress events before the last (each asserted cancelled above); the delays of
        // the other half may fall past the end of the run, which must then have finished cleanly.
        QVERIFY2(cancelled >= iterations / 2, stage);
    }

private slots:
    void initTestCase() {
        if (!owqtest::haveShared()) return;
        const char* seedEnv = std::getenv("OWQ_CANCEL_SEED");
        // A fixed seed unless asked otherwise, so a CI failure replays exactly; OWQ_CANCEL_SEED=random draws
        // one (printed below, to replay it).
        const std::string seedText = seedEnv && *seedEnv ? seedEnv : "20261204";
        const std::uint64_t seed = seedText == "random" ? std::uint64_t(std::random_device{}())
                                                        : std::strtoull(seedText.c_str(), nullptr, 10);
        qInfo("OWQ_CANCEL_SEED=%llu", static_cast<unsigned long long>(seed));
        rng_.seed(seed);
        iterations_ = std::max(2, envInt("OWQ_CANCEL_ITERATIONS", 12));
        calib_ = readTextFile(owqtest::sharedPath("data/calib.txt"));
        eval_ = readTextFile(owqtest::sharedPath("data/eval.txt"));
        evalHalf_ = eval_.substr(0, eval_.size() / 2);
        fp_ = LanguageModel::open(storiesDir());
        LoadOptions load;
        load.deferLayers = true;
        quant_ = LanguageModel::open(storiesDir(), load);
        report_ = quantizeModel(*quant_, calib_, smallRecipe());
        packed_ = owqtest::scratchDir("cancel-src") + "/owq3";
        savePacked(*quant_, report_, packed_);
        tuneData_ = owqtest::scratchDir("cancel-tune-data") + "/train.txt";
        owqtest::writeFile(tuneData_, calib_);
        baseline_ = threadCount();
    }

    void loading() {
        OWQ_REQUIRE_SHARED();
        cancelLoop(
            "load",
            [](const JobContext& job, const std::string&) { LanguageModel::open(storiesDir(), {}, job); },
            {storiesDir()}, false);
        cancelLoop(
            "load-packed",
            [this](const JobContext& job, const std::string&) { LanguageModel::open(packed_, {}, job); },
            {packed_}, false);
    }

    void quantization() {
        OWQ_REQUIRE_SHARED();
        // Progress stages "calibrate" then "quantize" (one event per linear): the cancel lands in calibration
        // and in every layer over the iterations. The save follows in the same job, as the CLI runs it.
        cancelLoop(
            "quantize",
            [this](const JobContext& job, const std::string& out) {
                LoadOptions load;
                load.deferLayers = true;
                auto lm = LanguageModel::open(storiesDir(), load, job);
                const QuantReport rep = quantizeModel(*lm, calib_, smallRecipe(), job);
                savePacked(*lm, rep, out, job);
            },
            {storiesDir()}, true);
    }

    void saving() {
        OWQ_REQUIRE_SHARED();
        cancelLoop(
            "save-packed",
            [this](const JobContext& job, const std::string& out) { savePacked(*quant_, report_, out, job); },
            {storiesDir()}, true);
        cancelLoop(
            "save-fake",
            [this](const JobContext& job, const std::string& out) {
                saveFakeQuantized(*quant_, report_, out, job);
            },
            {storiesDir()}, true);
    }

    void perplexity() {
        OWQ_REQUIRE_SHARED();
        cancelLoop(
            "perplexity",
            [this](const JobContext& job, const std::string&) { fp_->perplexity(evalHalf_, 128, job); },
            {storiesDir()}, false);
        cancelLoop(
            "perplexity-packed",
            [this](const JobContext& job, const std::string&) {
                auto lm = LanguageModel::open(packed_);
                lm->perplexity(evalHalf_, 128, job);
            },
            {packed_}, false);
    }

    void compare() {
        OWQ_REQUIRE_SHARED();
        cancelLoop(
            "compare",
            [this](const JobContext& job, const std::string&) {
                CompareOptions o;
                o.bits = {}; // no RTN/GPTQ rows: the float row and one OWQ row
                o.targetBits = {3.1};
                o.base.nsamples = 4;
                o.base.seqlen = 64;
                o.evalSeqlen = 128;
                // A quarter of the evaluation text: the rows stay short, the loop affordable.
                runComparison(storiesDir(), calib_, eval_.substr(0, eval_.size() / 4), o, {}, job);
            },
            {storiesDir()}, false, std::max(2, iterations_ / 3));
    }

    void exporting() {
        OWQ_REQUIRE_SHARED();
        for (const char* format : {"owq", "hf", "gptq+lora"}) {
            ExportOptions o;
            o.format = parseExportFormat(format);
            o.denseFallback = true; // stories260K's 172-wide MLP does not fit GPTQ's 32-multiples
            if (o.format == ExportFormat::Owq) o.maxShardBytes = 100000; // several shards
            cancelLoop((std::string("export-") + format).c_str(),
                       [this, o](const JobContext& job, const std::string& out) {
                           exportModelFolder(packed_, out, o, job);
                       },
                       {packed_}, true);
            if (QTest::currentTestFailed()) return;
        }
    }

    void tuning() {
        OWQ_REQUIRE_SHARED();
        cancelLoop(
            "tune",
            [this](const JobContext& job, const std::string& out) {
                TuneOptions o;
                o.dataFile = tuneData_;
                o.steps = 4;
                o.batch = 2;
                o.seqlen = 64;
                o.evalEvery = 2;
                o.evalMaxWindows = 2;
                o.seed = 3;
                tuneModelFolder(packed_, out, o, {}, job);
            },
            {packed_, tuneData_.substr(0, tuneData_.rfind('/'))}, true);
    }
};

QTEST_GUILESS_MAIN(TestCancel)
#include "test_cancel.moc"
