// The float model's logits kept once per comparison (owq/reference_logits.h): a quantized model's KL
// divergence from the kept logits, in memory and spilled to a temporary file, equals LanguageModel::
// klDivergence against the float model run again, bit for bit; the kept pass's perplexity equals the float
// model's perplexity(); runComparison's rows equal with the kept logits and with the per-row path; the
// temporary file is removed with the object.
#include "catch_error.h"
#include "exact_results.h"
#include "owq/compare.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/reference_logits.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QtTest>

#include <filesystem>

using namespace owq;

namespace {

void requireEqual(const KlDivergenceResult& a, const KlDivergenceResult& b) {
    owqtest::requireSameKldNumbers(a, b);
    QCOMPARE(a.model.protocol.toJson(), b.model.protocol.toJson());
    QCOMPARE(a.reference.protocol.toJson(), b.reference.protocol.toJson());
}

} // namespace

class TestReferenceLogits : public QObject {
    Q_OBJECT

private slots:
    void keptLogitsEqualTheRerun() {
        OWQ_REQUIRE_SHARED();
        const std::string stories = owqtest::sharedPath("models/stories260K");
        // A third of the evaluation text (about 40 windows of 256) keeps the four passes short.
        const std::string full = readTextFile(owqtest::sharedPath("data/eval.txt"));
        const std::string eval = full.substr(0, full.find('\n', full.size() / 3));
        LoadOptions load;
        load.deferLayers = true;
        auto q = LanguageModel::open(stories, load);
        QuantRecipe recipe = QuantRecipe::defaults(Method::RTN, 3);
        recipe.nsamples = 2;
        recipe.seqlen = 64;
        quantizeModel(*q, readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
        auto fp = LanguageModel::open(stories);

        const KlDivergenceResult rerun = q->klDivergence(*fp, eval, 256);
        const auto memory = ReferenceLogits::compute(*fp, eval, 256);
        QVERIFY(!memory->onDisk());
        QCOMPARE(memory->bytes(), std::int64_t(rerun.kld.tokens) * fp->config().vocabSize * 4);
        const PerplexityResult fpPpl = fp->perplexity(eval, 256);
        OWQ_EXACT(memory->perplexity().nll, fpPpl.nll);
        QCOMPARE(memory->perplexity().protocol.toJson(), fpPpl.protocol.toJson());
        requireEqual(klDivergenceFrom(*q, *memory, eval), rerun);

        ReferenceLogitsOptions spill;
        spill.memoryBudgetBytes = 0;
        spill.tempDir = owqtest::scratchDir("reference-logits");
        std::string file;
        {
            const auto disk = ReferenceLogits::compute(*fp, eval, 256, spill);
            QVERIFY(disk->onDisk());
            for (const auto& e : std::filesystem::directory_iterator(spill.tempDir)) file = e.path().string();
            QCOMPARE(std::int64_t(std::filesystem::file_size(file)), disk->bytes());
            requireEqual(klDivergenceFrom(*q, *disk, eval), rerun);
        }
        QVERIFY2(!std::filesystem::exists(file), file.c_str()); // removed with the object

        // Another text's tokens are refused.
        const auto e =
            owqtest::catchError([&] { klDivergenceFrom(*q, *memory, eval.substr(0, eval.size() / 2)); });
        QVERIFY(e && e->kind() == ErrorKind::InvalidArgument);
    }

    void comparisonRowsEqualThePerRowPath() {
        OWQ_REQUIRE_SHARED();
        const std::string stories = owqtest::sharedPath("models/stories260K");
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        // A quarter of the evaluation text keeps the six quantizations and evaluations short.
        const std::string full = readTextFile(owqtest::sharedPath("data/eval.txt"));
        const std::string eval = full.substr(0, full.find('\n', full.size() / 4));
        CompareOptions o;
        o.bits = {3};
        o.targetBits = {3.1};
        o.base.nsamples = 2;
        o.base.seqlen = 64;
        o.evalSeqlen = 256;
        const std::vector<CompareRow> kept = runComparison(stories, calib, eval, o);
        o.keepReferenceLogits = false;
        const std::vector<CompareRow> rerun = runComparison(stories, calib, eval, o);
        QCOMPARE(kept.size(), std::size_t(4));
        QCOMPARE(kept.size(), rerun.size());
        for (std::size_t i = 0; i < kept.size(); ++i) {
            QCOMPARE(kept[i].method, rerun[i].method);
            OWQ_EXACT(kept[i].ppl, rerun[i].ppl);
            OWQ_EXACT(kept[i].kld.mean, rerun[i].kld.mean);
            OWQ_EXACT(kept[i].kld.median, rerun[i].kld.median);
            OWQ_EXACT(kept[i].kld.p99, rerun[i].kld.p99);
            OWQ_EXACT(kept[i].kld.max, rerun[i].kld.max);
            OWQ_EXACT(kept[i].kld.top1, rerun[i].kld.top1);
            QCOMPARE(kept[i].kld.tokens, rerun[i].kld.tokens);
            QCOMPARE(kept[i].protocol.toJson(), rerun[i].protocol.toJson());
            QCOMPARE(kept[i].kld.tokens > 0, i > 0); // the fp row is the reference
        }
    }
};

QTEST_GUILESS_MAIN(TestReferenceLogits)
#include "test_reference_logits.moc"
