// The linears of one true-sequential group (q/k/v; gate/up) share their Hessian and are solved concurrently
// when threads allow (OWQ_GROUP_CONCURRENCY), and a narrow model's calibration batches run side by side
// (OWQ_BATCH_LANES): the model and diagnostics are the same as done one at a time.
#include "owq/engine.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QtTest>

using namespace owq;

namespace {

struct Run {
    QuantReport report;
    std::string weights;
};

// nsamples x seqlen: 16 x 512 makes 8 batches of 2 sequences (layerBatch) for the lanes to share.
Run quantizeWith(const char* variable, const char* value, const std::string& tag, int nsamples = 8,
                 int seqlen = 128) {
    auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
    qputenv(variable, value);
    auto restore = qScopeGuard([variable] { qunsetenv(variable); });
    QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
    r.targetBits = 3.2;
    r.nsamples = nsamples;
    r.seqlen = seqlen;
    Run out;
    out.report = quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), r);
    const std::string dir = owqtest::scratchDir("concurrency-" + tag) + "/model";
    savePacked(*lm, out.report, dir);
    out.weights = owqtest::readFile(dir + "/model.safetensors");
    return out;
}

void requireSame(const Run& one, const Run& other) {
    QVERIFY(one.weights == other.weights);
    QCOMPARE(one.report.linears.size(), other.report.linears.size());
    for (std::size_t i = 0; i < one.report.linears.size(); ++i) {
        const LinearDiagnostics &a = one.report.linears[i], &b = other.report.linears[i];
        QCOMPARE(a.name, b.name); // diagnostics stay in the linears' order
        QCOMPARE(a.weakColumns, b.weakColumns);
        QCOMPARE(a.hDiag, b.hDiag);
        QCOMPARE(a.errorAfter, b.errorAfter);
    }
    for (std::size_t i = 0; i < one.report.layers.size(); ++i)
        QCOMPARE(one.report.layers[i].outputMse, other.report.layers[i].outputMse);
}

} // namespace

class TestQuantConcurrency : public QObject {
    Q_OBJECT
private slots:
    void concurrentGroupSolvesMatchSequential() {
        OWQ_REQUIRE_SHARED();
        const Run one = quantizeWith("OWQ_GROUP_CONCURRENCY", "1", "one");
        const Run three = quantizeWith("OWQ_GROUP_CONCURRENCY", "3", "three");
        requireSame(one, three);
    }

    // Lanes compute batches on their own threads but hand them over in batch order: Hessians, the kept
    // activations and the output error add up in the same order, so every bit is the same. Three lanes over
    // eight batches also leave a short last round.
    void batchLanesMatchOneLane() {
        OWQ_REQUIRE_SHARED();
        const Run one = quantizeWith("OWQ_BATCH_LANES", "1", "lanes-one", 16, 512);
        const Run three = quantizeWith("OWQ_BATCH_LANES", "3", "lanes-three", 16, 512);
        requireSame(one, three);
    }
};

QTEST_GUILESS_MAIN(TestQuantConcurrency)
#include "test_quant_concurrency.moc"
