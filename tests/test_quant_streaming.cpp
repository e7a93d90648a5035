// Quantizing within a memory budget: calibration activations spilled to disk give the same model as
// activations held in memory, as do the steps a layer's passes keep instead of recomputing, and a spill that
// cannot be written names its file.
#include "owq/checkpoint.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/memory_estimate.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QtTest>

#include <filesystem>
#include <map>

using namespace owq;
namespace fs = std::filesystem;

namespace {

QuantRecipe smallRecipe() {
    QuantRecipe r = QuantRecipe::defaults(Method::GPTQ, 3); // OWQ's weak columns: test_quant_resume
    r.nsamples = 20; // batches of 8 windows at seqlen 256 (8 heads): the last chunk is partial
    r.seqlen = 256;
    return r;
}

struct Run {
    QuantReport report;
    std::string weights; // model.safetensors of the packed folder
};

// Quantizes stories260K with the given environment (OWQ_ACTIVATION_SPILL, OWQ_KEEP_STEPS,
// OWQ_AVAILABLE_MEMORY, OWQ_SPILL_DIR; unset after) and saves it packed.
Run quantizeWith(const std::map<std::string, std::string>& env, const std::string& tag) {
    auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
    for (const auto& [k, v] : env) qputenv(k.c_str(), QByteArray::fromStdString(v));
    auto restore = qScopeGuard([&] {
        for (const auto& [k, v] : env) qunsetenv(k.c_str());
    });
    Run r;
    r.report = quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), smallRecipe());
    const std::string out = owqtest::scratchDir("streaming-" + tag) + "/model";
    savePacked(*lm, r.report, out);
    r.weights = owqtest::readFile(out + "/model.safetensors");
    return r;
}

void compareReports(const QuantReport& a, const QuantReport& b) {
    QCOMPARE(a.linears.size(), b.linears.size());
    for (std::size_t i = 0; i < a.linears.size(); ++i) {
        const LinearDiagnostics &x = a.linears[i], &y = b.linears[i];
        QCOMPARE(x.name, y.name);
        QCOMPARE(x.weakColumns, y.weakColumns);
        QCOMPARE(x.hDiag, y.hDiag);
        QCOMPARE(x.sensitivity, y.sensitivity);
        QCOMPARE(x.errorBefore, y.errorBefore);
        QCOMPARE(x.errorAfter, y.errorAfter);
    }
    QCOMPARE(a.layers.size(), b.layers.size());
    for (std::size_t i = 0; i < a.layers.size(); ++i) QCOMPARE(a.layers[i].outputMse, b.layers[i].outputMse);
    QCOMPARE(a.averageBits, b.averageBits);
    QCOMPARE(a.calibrationTokens, b.calibrationTokens);
}

} // namespace

class TestQuantStreaming : public QObject {
    Q_OBJECT
private slots:
    void spilledActivationsGiveTheSameModel() {
        OWQ_REQUIRE_SHARED();
        const Run inMemory = quantizeWith({{"OWQ_ACTIVATION_SPILL", "0"}}, "memory");
        // A budget the in-memory buffers exceed but the streamed chunks fit: the pipeline spills on its own.
        auto ckpt = Checkpoint::open(owqtest::sharedPath("models/stories260K"));
        const QuantRecipe r = smallRecipe();
        const std::uint64_t full = estimateQuantizeBytes(ckpt->config(), r.nsamples, r.seqlen),
                            streamed = estimateQuantizeBytes(ckpt->config(), r.nsamples, r.seqlen, true);
        QVERIFY(streamed < full);
        const std::string budget = std::to_string((full + streamed) / 2);
        const std::string spillDir = owqtest::scratchDir("spill");
        const Run spilled =
            quantizeWith({{"OWQ_AVAILABLE_MEMORY", budget}, {"OWQ_SPILL_DIR", spillDir}}, "spill");
        compareReports(inMemory.report, spilled.report);
        QVERIFY(inMemory.weights == spilled.weights);
        QVERIFY(fs::is_empty(spillDir)); // the spill file never outlives the run
    }

    // The residual after attention and the MLP hidden a layer's later passes read back (pipeline.cpp's
    // LayerPasses) give the bits of computing them again.
    void keptStepsGiveTheSameModel() {
        OWQ_REQUIRE_SHARED();
        const Run recomputed = quantizeWith({{"OWQ_KEEP_STEPS", "0"}}, "recomputed");
        const Run kept = quantizeWith({{"OWQ_KEEP_STEPS", "1"}}, "kept");
        compareReports(recomputed.report, kept.report);
        QVERIFY(recomputed.weights == kept.weights);
    }

    void spillThatCannotBeWrittenNamesItsFile() {
        OWQ_REQUIRE_SHARED();
        const std::string missing = owqtest::scratchDir("spill-missing") + "/no/such/folder";
        try {
            quantizeWith({{"OWQ_ACTIVATION_SPILL", "1"}, {"OWQ_SPILL_DIR", missing}}, "missing");
            QFAIL("expected an error"); // OWQ_ACTIVATION_SPILL=1 spills whatever the budget
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Io);
            QVERIFY2(std::string(e.what()).find(missing + "/owq-activations-") != std::string::npos,
                     e.what());
            QVERIFY2(std::string(e.what()).find("spill file") != std::string::npos, e.what());
        }
    }

    void budgetBelowTheStreamedPathIsRefused() {
        OWQ_REQUIRE_SHARED();
        try {
            quantizeWith({{"OWQ_AVAILABLE_MEMORY", "1000"}}, "tiny");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Resource);
            QVERIFY2(std::string(e.what()).find("spilled to disk") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestQuantStreaming)
#include "test_quant_streaming.moc"
