// The linears of one true-sequential group (q/k/v; gate/up) share their Hessian and are solved concurrently
// when threads allow (OWQ_GROUP_CONCURRENCY): the model and diagnostics are the same as solved one by one.
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

Run quantizeWith(const char* concurrency, const std::string& tag) {
    auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
    qputenv("OWQ_GROUP_CONCURRENCY", concurrency);
    auto restore = qScopeGuard([] { qunsetenv("OWQ_GROUP_CONCURRENCY"); });
    QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
    r.targetBits = 3.2;
    r.nsamples = 8;
    r.seqlen = 128;
    Run out;
    out.report = quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), r);
    const std::string dir = owqtest::scratchDir("concurrency-" + tag) + "/model";
    savePacked(*lm, out.report, dir);
    out.weights = owqtest::readFile(dir + "/model.safetensors");
    return out;
}

} // namespace

class TestQuantConcurrency : public QObject {
    Q_OBJECT
private slots:
    void concurrentGroupSolvesMatchSequential() {
        OWQ_REQUIRE_SHARED();
        const Run one = quantizeWith("1", "one");
        const Run three = quantizeWith("3", "three");
        QVERIFY(one.weights == three.weights);
        QCOMPARE(one.report.linears.size(), three.report.linears.size());
        for (std::size_t i = 0; i < one.report.linears.size(); ++i) {
            const LinearDiagnostics &a = one.report.linears[i], &b = three.report.linears[i];
            QCOMPARE(a.name, b.name); // diagnostics stay in the linears' order
            QCOMPARE(a.weakColumns, b.weakColumns);
            QCOMPARE(a.hDiag, b.hDiag);
            QCOMPARE(a.errorAfter, b.errorAfter);
        }
        for (std::size_t i = 0; i < one.report.layers.size(); ++i)
            QCOMPARE(one.report.layers[i].outputMse, three.report.layers[i].outputMse);
    }
};

QTEST_GUILESS_MAIN(TestQuantConcurrency)
#include "test_quant_concurrency.moc"
