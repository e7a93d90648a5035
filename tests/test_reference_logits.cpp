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

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

using namespace owq;

namespace {

void requireEqual(const KlDivergenceResult& a, const KlDivergenceResult& b) {
    owqtest::requireSameKldNumbers(a, b);
    QCOMPARE(a.model.protocol.toJson(), b.model.protocol.toJson());
    QCOMPARE(a.reference.protocol.toJson(), b.reference.protocol.toJson());
}

// Top-K KL by its definition, in double, from each window's logits (LanguageModel::logits): per predicted
// token, the reference's K most likely tokens S and the rest R as one outcome,
// sum_{v in S} p_v log(p_v / q_v) + p_R log(p_R / q_R).
std::vector<double> topKOracle(const LanguageModel& p, const LanguageModel& q,
                               const std::vector<std::int32_t>& tokens, std::int64_t seqlen, std::int64_t k) {
    const std::int64_t vocab = p.config().vocabSize;
    auto logSoftmax = [&](const float* row) {
        double m = row[0], z = 0;
        for (std::int64_t v = 1; v < vocab; ++v) m = std::max(m, double(row[v]));
        for (std::int64_t v = 0; v < vocab; ++v) z += std::exp(double(row[v]) - m);
        std::vector<double> out(static_cast<std::size_t>(vocab));
        for (std::int64_t v = 0; v < vocab; ++v) out[std::size_t(v)] = double(row[v]) - m - std::log(z);
        return out;
    };
    std::vector<double> kl;
    for (std::int64_t w = 0; w + 1 <= std::int64_t(tokens.size()) / seqlen; ++w) {
        const std::vector<std::int32_t> ids(tokens.begin() + w * seqlen, tokens.begin() + (w + 1) * seqlen);
        const std::vector<float> lp = p.logits(ids), lq = q.logits(ids);
        for (std::int64_t t = 0; t + 1 < seqlen; ++t) {
            const std::vector<double> a = logSoftmax(lp.data() + t * vocab),
                                      b = logSoftmax(lq.data() + t * vocab);
            std::vector<std::int64_t> order(static_cast<std::size_t>(vocab));
            std::iota(order.begin(), order.end(), 0);
            std::partial_sort(
                order.begin(), order.begin() + k, order.end(),
                [&](std::int64_t x, std::int64_t y) { return a[std::size_t(x)] > a[std::size_t(y)]; });
            double sum = 0, pRest = 0, qRest = 0;
            for (std::int64_t i = 0; i < vocab; ++i) {
                const std::size_t v = std::size_t(order[std::size_t(i)]);
                if (i < k)
                    sum += std::exp(a[v]) * (a[v] - b[v]);
                else
                    pRest += std::exp(a[v]), qRest += std::exp(b[v]);
            }
            if (pRest > 0) sum += pRest * std::log(pRest / qRest);
            kl.push_back(sum);
        }
    }
    return kl;
}

// stories260K rounded to nearest at 3 bits: a quantized model far enough from the float one.
std::shared_ptr<LanguageModel> rtn3(const std::string& stories) {
    LoadOptions load;
    load.deferLayers = true;
    auto q = LanguageModel::open(stories, load);
    QuantRecipe recipe = QuantRecipe::defaults(Method::RTN, 3);
    recipe.nsamples = 2;
    recipe.seqlen = 64;
    quantizeModel(*q, readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
    return q;
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
        auto q = rtn3(stories);
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

    // A large vocabulary's reference kept as its K most likely tokens: the KL of the K tokens and the rest as
    // one outcome, equal to that definition computed independently, never above the whole KL, top-1 and the
    // model's perplexity unchanged; the same from a temporary file.
    void topKKeepsTheMostLikelyTokens() {
        OWQ_REQUIRE_SHARED();
        const std::string stories = owqtest::sharedPath("models/stories260K");
        const std::string full = readTextFile(owqtest::sharedPath("data/eval.txt"));
        const std::string eval = full.substr(0, full.find('\n', full.size() / 6));
        auto q = rtn3(stories);
        auto fp = LanguageModel::open(stories);
        const auto whole = ReferenceLogits::compute(*fp, eval, 256);
        QCOMPARE(whole->topK(), std::int64_t(0)); // 512 tokens: whole by default
        const KlDivergenceResult exact = klDivergenceFrom(*q, *whole, eval);
        QCOMPARE(exact.kld.referenceTopK, std::int64_t(0));

        ReferenceLogitsOptions o;
        o.topK = 16;
        const auto top = ReferenceLogits::compute(*fp, eval, 256, o);
        QCOMPARE(top->topK(), std::int64_t(16));
        QCOMPARE(top->bytes(), exact.kld.tokens * (16 * 8 + 4));
        const KlDivergenceResult r = klDivergenceFrom(*q, *top, eval);
        QCOMPARE(r.kld.referenceTopK, std::int64_t(16));
        QVERIFY(r.kld.toJson().find("\"reference_top_k\":16") != std::string::npos);
        QCOMPARE(r.kld.tokens, exact.kld.tokens);
        OWQ_EXACT(r.model.ppl, exact.model.ppl);
        OWQ_EXACT(r.reference.nll, whole->perplexity().nll);
        QCOMPARE(r.kld.top1, exact.kld.top1);

        const std::vector<double> oracle =
            topKOracle(*fp, *q, fp->tokenizer()->encodeDocument(eval), 256, 16);
        QCOMPARE(std::int64_t(oracle.size()), r.kld.tokens);
        double sum = 0;
        for (double v : oracle) sum += v;
        const double mean = sum / double(oracle.size());
        qInfo(
            "RTN 3-bit stories260K: KLD mean %.9f over the top 16 of 512 tokens (oracle %.9f), %.9f over all "
            "(%.2f%% of it)",
            r.kld.mean, mean, exact.kld.mean, 100 * r.kld.mean / exact.kld.mean);
        QVERIFY2(std::abs(r.kld.mean - mean) <= 1e-8 * mean, // measured: 1.2e-9
                 qPrintable(QString("%1 vs %2").arg(r.kld.mean, 0, 'g', 12).arg(mean, 0, 'g', 12)));
        QVERIFY(r.kld.mean <= exact.kld.mean);
        QVERIFY(r.kld.max <= exact.kld.max + 1e-9);

        // Spilled to a temporary file: the same numbers. A K of the whole vocabulary keeps it whole.
        o.memoryBudgetBytes = 0;
        o.tempDir = owqtest::scratchDir("reference-top-k");
        const auto disk = ReferenceLogits::compute(*fp, eval, 256, o);
        QVERIFY(disk->onDisk());
        const KlDivergenceResult d = klDivergenceFrom(*q, *disk, eval);
        OWQ_EXACT(d.kld.mean, r.kld.mean);
        OWQ_EXACT(d.kld.max, r.kld.max);
        QCOMPARE(d.kld.top1, r.kld.top1);
        o.topK = 512;
        o.memoryBudgetBytes = std::int64_t(1) << 30;
        QCOMPARE(ReferenceLogits::compute(*fp, eval, 256, o)->topK(), std::int64_t(0));
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
