// Generation's prompt pass (DecoderModel::prompt): the logits at the prompt's last position only, and where
// packed linears run on the CPU kernels that take integer products (avx512vnni) the prompt goes through them
// kPackedGemmMaxBatch tokens at a time. Checked on stories260K quantized in memory against the same prompt
// fed one token at a time through the KV cache (every product on those kernels, each token rounded on its
// own) and against one pass of the whole prompt (a GEMM of dequantized weights, no rounding).
#include "model/engine_impl.h"
#include "model/packed_linear.h"
#include "owq/engine.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace owq;
using owq::detail::DecoderModel;
using owq::detail::KvCache;

namespace {

at::Tensor idsOf(const std::vector<std::int32_t>& ids, std::int64_t n) {
    return at::tensor(std::vector<std::int64_t>(ids.begin(), ids.begin() + n), at::kLong).unsqueeze(0);
}

// The last row of logits [1, T, vocab] as a vector.
at::Tensor lastOf(const at::Tensor& logits) {
    return logits.select(0, 0).select(0, logits.size(1) - 1).to(at::kDouble);
}

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

bool integerKernels() {
    return kernels::roundsActivations(kernels::detectPackedCpuIsa());
}

} // namespace

class TestPromptPieces : public QObject {
    Q_OBJECT

    std::shared_ptr<LanguageModel> float_, packed_;
    std::vector<std::int32_t> ids_;

    // The prompt's first n tokens one at a time through a fresh cache: the last position's logits.
    at::Tensor oneAtATime(const DecoderModel& m, std::int64_t n) {
        KvCache c = m.newCache(1, n);
        at::Tensor l;
        for (std::int64_t t = 0; t < n; ++t) l = m.forward(idsOf(ids_, n).narrow(1, t, 1), &c);
        return lastOf(l);
    }

private slots:
    void initTestCase() {
        if (!owqtest::haveShared()) return;
        const std::string dir = owqtest::sharedPath("models/stories260K");
        float_ = LanguageModel::open(dir);
        packed_ = LanguageModel::open(dir);
        // RTN 4-bit per channel, in memory: every linear packed, down_proj (172 columns) with one whole
        // 128-column block, the part the integer kernels take.
        QuantRecipe r = QuantRecipe::defaults(Method::RTN, 4);
        r.nsamples = 4;
        r.seqlen = 64;
        quantizeModel(*packed_, readTextFile(owqtest::sharedPath("data/calib.txt")), r);
        ids_ = float_->tokenizer()->encodeDocument(readTextFile(owqtest::sharedPath("data/eval.txt")));
        ids_.resize(51); // 50 for a prompt, one more for the step after it
    }

    void thePieceFollowsTheKernels() {
        OWQ_REQUIRE_SHARED();
        QVERIFY(packed_->impl().model->hasPackedLinears());
        QCOMPARE(packed_->impl().model->promptPiece(),
                 integerKernels() ? owq::detail::kPackedGemmMaxBatch : 0);
        QCOMPARE(float_->impl().model->promptPiece(), std::int64_t(0)); // nothing packed: one pass
    }

    void onlyTheLastPositionsLogits() {
        OWQ_REQUIRE_SHARED();
        c10::InferenceMode guard;
        const DecoderModel& m = *float_->impl().model;
        const at::Tensor ids = idsOf(ids_, 20);
        const at::Tensor last = m.forwardLast(ids);
        QCOMPARE(last.size(1), std::int64_t(1));
        // The head of one row (the few-rows float kernel) against the head of all 20 (BLAS): summation order.
        const double d = maxAbsDiff(lastOf(last), lastOf(m.forward(ids)));
        qInfo("forwardLast against forward's last row: %.3g", d);
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        // The float model's prompt in pieces or whole: the same products up to summation order.
        KvCache c = m.newCache(1, 20);
        const double p = maxAbsDiff(lastOf(m.prompt(ids, c, 6)), lastOf(m.forward(ids)));
        QCOMPARE(c.length, std::int64_t(20));
        QVERIFY2(p < 1e-5, qPrintable(QString::number(p)));
    }

    void piecesAreOneTokenAtATime_data() {
        QTest::addColumn<int>("tokens");
        for (int n : {1, 15, 16, 17, 32, 50}) QTest::newRow(qPrintable(QString("%1 tokens").arg(n))) << n;
    }

    void piecesAreOneTokenAtATime() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, tokens);
        c10::InferenceMode guard;
        const DecoderModel& m = *packed_->impl().model;
        const std::int64_t piece = m.promptPiece();
        if (piece == 0)
            QSKIP("only the avx512vnni kernels take integer products (this CPU or build runs another path)");
        KvCache c = m.newCache(1, tokens);
        const at::Tensor pieces = lastOf(m.prompt(idsOf(ids_, tokens), c, piece));
        QCOMPARE(c.length, std::int64_t(tokens));
        const at::Tensor oracle = oneAtATime(m, tokens);
        const at::Tensor whole = lastOf(m.forward(idsOf(ids_, tokens)));
        const double toOracle = maxAbsDiff(pieces, oracle), toWhole = maxAbsDiff(pieces, whole);
        qInfo("%d tokens: pieces of %lld against one at a time %.3g, against one pass %.3g (|logit| up to "
              "%.3g)",
              tokens, static_cast<long long>(piece), toOracle, toWhole, oracle.abs().max().item<double>());
        // Rounding activations is not continuous: float noise of 1e-6 upstream (summation order) flips a
        // rounding here and there, which each packed layer passes on. Measured on 1..50 tokens: pieces to
        // one at a time up to 7.8e-4, to one pass up to 1.8e-3, of logits up to 18.
        QVERIFY2(toOracle < 3e-3, qPrintable(QString::number(toOracle)));
        QVERIFY2(toWhole < 5e-3, qPrintable(QString::number(toWhole)));
        // Past one piece the whole prompt in one pass is a GEMM of dequantized weights (no rounding), the
        // pieces are not: the products really took the integer kernels.
        if (tokens > piece) QVERIFY2(toWhole > 1e-4, qPrintable(QString::number(toWhole)));
        // The next step from either cache: the pieces left the keys and values one pass would have.
        KvCache one = m.newCache(1, tokens + 1);
        m.prompt(idsOf(ids_, tokens), one, 0);
        KvCache more = m.newCache(1, tokens + 1);
        m.prompt(idsOf(ids_, tokens), more, piece);
        const at::Tensor next = idsOf(ids_, tokens + 1).narrow(1, tokens, 1);
        const double step = maxAbsDiff(lastOf(m.forward(next, &more)), lastOf(m.forward(next, &one)));
        QVERIFY2(step < 5e-3, qPrintable(QString::number(step)));
    }
};

QTEST_GUILESS_MAIN(TestPromptPieces)
#include "test_prompt_pieces.moc"
