// KL divergence of a quantized model's next-token distribution from the float model's (LanguageModel::
// klDivergence, docs/EVALUATION.md): zero against itself; equal to an independent double-precision oracle
// written here from the two models' logits on a tiny random model quantized with RTN 2-bit; on stories260K
// positive, ordered by bits, with its protocol; progress and cancel; and the measurement recorded in the
// diagnostics quoted by the exported model card.
#include "catch_error.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/export.h"
#include "owq/quant_pipeline.h"
#include "owq/random_model.h"
#include "owq/text_file.h"
#include "random_models.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

using namespace owq;

namespace {

std::string someText(int sentences) {
    static const char* const words[] = {"the",  "cat",  "sat",  "on",   "a",    "mat",  "and",
                                        "dog",  "ran",  "far",  "away", "from", "home", "but",
                                        "came", "back", "soon", "with", "joy"};
    std::string s;
    std::uint32_t x = 12345;
    for (int i = 0; i < sentences; ++i) {
        for (int w = 0; w < 8; ++w) {
            x = x * 1664525u + 1013904223u;
            s += std::string(words[(x >> 16) % 19]) + (w == 7 ? ". " : " ");
        }
    }
    return s;
}

// The oracle: per predicted token, KL(P || Q) and whether both argmaxes agree, from each window's logits
// (LanguageModel::logits, one window at a time) with a plain log-softmax loop in double.
struct Oracle {
    std::vector<double> kl;
    std::int64_t same = 0;
    std::int64_t nearTies = 0; // positions whose top two logits (of either model) are within 1e-4
    double nll = 0;            // of Q
};

std::vector<double> logSoftmax(const float* row, std::int64_t n) {
    double m = row[0];
    for (std::int64_t i = 1; i < n; ++i) m = std::max(m, double(row[i]));
    double z = 0;
    for (std::int64_t i = 0; i < n; ++i) z += std::exp(double(row[i]) - m);
    const double lz = m + std::log(z);
    std::vector<double> out(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) out[std::size_t(i)] = double(row[i]) - lz;
    return out;
}

std::int64_t argmax(const float* row, std::int64_t n) {
    std::int64_t best = 0;
    for (std::int64_t i = 1; i < n; ++i)
        if (row[i] > row[best]) best = i;
    return best;
}

bool nearTie(const float* row, std::int64_t n) {
    std::vector<float> v(row, row + n);
    std::partial_sort(v.begin(), v.begin() + 2, v.end(), std::greater<float>());
    return v[0] - v[1] < 1e-4f;
}

Oracle oracle(const LanguageModel& p, const LanguageModel& q, const std::vector<std::int32_t>& tokens,
              std::int64_t seqlen) {
    Oracle o;
    const std::int64_t vocab = p.config().vocabSize;
    const std::int64_t windows = std::int64_t(tokens.size()) / seqlen;
    for (std::int64_t w = 0; w < windows; ++w) {
        const std::vector<std::int32_t> ids(tokens.begin() + w * seqlen, tokens.begin() + (w + 1) * seqlen);
        const std::vector<float> lp = p.logits(ids), lq = q.logits(ids);
        for (std::int64_t t = 0; t + 1 < seqlen; ++t) {
            const float* rp = lp.data() + t * vocab;
            const float* rq = lq.data() + t * vocab;
            const std::vector<double> a = logSoftmax(rp, vocab), b = logSoftmax(rq, vocab);
            double kl = 0;
            for (std::int64_t v = 0; v < vocab; ++v) {
                const double pv = std::exp(a[std::size_t(v)]);
                if (pv > 0) kl += pv * (a[std::size_t(v)] - b[std::size_t(v)]);
            }
            o.kl.push_back(kl);
            o.same += argmax(rp, vocab) == argmax(rq, vocab) ? 1 : 0;
            o.nearTies += nearTie(rp, vocab) || nearTie(rq, vocab) ? 1 : 0;
            o.nll -= b[std::size_t(ids[std::size_t(t + 1)])];
        }
    }
    return o;
}

// Median and 99th percentile of a sorted list, written from their definitions (docs/EVALUATION.md).
double medianOf(const std::vector<double>& s) {
    const std::size_t n = s.size();
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
double p99Of(const std::vector<double>& s) {
    const double pos = 0.99 * double(s.size() - 1);
    const std::size_t i = std::size_t(std::floor(pos));
    const std::size_t j = std::min(i + 1, s.size() - 1);
    return s[i] + (pos - double(i)) * (s[j] - s[i]);
}

} // namespace

class TestKld : public QObject {
    Q_OBJECT

    std::string tinyDir_;
    std::string text_;

    std::shared_ptr<LanguageModel> rtn(const std::string& dir, int bits, const std::string& calib) {
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(dir, load);
        QuantRecipe r = QuantRecipe::defaults(Method::RTN, bits);
        r.nsamples = 2;
        r.seqlen = 32;
        quantizeModel(*lm, calib, r);
        return lm;
    }

private slots:
    void initTestCase() {
        const std::string scratch = owqtest::scratchDir("kld-tiny");
        const std::string tok = owqtest::byteTokenizer(scratch);
        tinyDir_ = scratch + "/model";
        RandomModelOptions o = owqtest::tinyRandomOptions("llama");
        o.seed = 7;
        writeRandomModel(tinyDir_, tok, o);
        text_ = someText(40);
    }

    void selfIsZero() {
        auto a = LanguageModel::open(tinyDir_);
        auto b = LanguageModel::open(tinyDir_);
        const KlDivergenceResult r = a->klDivergence(*b, text_, 64);
        QVERIFY(r.kld.tokens > 0);
        QCOMPARE(r.kld.tokens, r.model.tokens);
        QCOMPARE(r.kld.mean, 0.0);
        QCOMPARE(r.kld.max, 0.0);
        QCOMPARE(r.kld.p99, 0.0);
        QCOMPARE(r.kld.top1, 100.0);
        QCOMPARE(r.model.ppl, r.reference.ppl);
        // The same model object as its own reference, too.
        const KlDivergenceResult s = a->klDivergence(*a, text_, 64);
        QCOMPARE(s.kld.mean, 0.0);
        QCOMPARE(s.kld.top1, 100.0);
    }

    void rtn2MatchesTheOracle() {
        auto fp = LanguageModel::open(tinyDir_);
        auto q = rtn(tinyDir_, 2, text_);
        const std::int64_t seqlen = 48;
        const std::vector<std::int32_t> tokens = fp->tokenizer()->encodeDocument(text_);
        const KlDivergenceResult r = q->klDivergence(*fp, text_, seqlen);
        const Oracle o = oracle(*fp, *q, tokens, seqlen);
        QCOMPARE(r.kld.tokens, std::int64_t(o.kl.size()));
        std::vector<double> sorted = o.kl;
        std::sort(sorted.begin(), sorted.end());
        double sum = 0;
        for (double v : o.kl) sum += v;
        const double mean = sum / double(o.kl.size());
        const double top1 = 100.0 * double(o.same) / double(o.kl.size());
        qInfo("RTN 2-bit tiny model: KLD mean %.9f (oracle %.9f), median %.9f (%.9f), p99 %.9f (%.9f), max "
              "%.9f (%.9f), top-1 %.4f%% (%.4f%%, %lld near ties), ppl %.6f (oracle %.6f)",
              r.kld.mean, mean, r.kld.median, medianOf(sorted), r.kld.p99, p99Of(sorted), r.kld.max,
              sorted.back(), r.kld.top1, top1, (long long)o.nearTies, r.model.ppl,
              std::exp(o.nll / double(o.kl.size())));
        qInfo("relative differences: mean %.2e, median %.2e, p99 %.2e, max %.2e",
              std::abs(r.kld.mean / mean - 1), std::abs(r.kld.median / medianOf(sorted) - 1),
              std::abs(r.kld.p99 / p99Of(sorted) - 1), std::abs(r.kld.max / sorted.back() - 1));
        // A 2-bit random model is far from its float one: the numbers are large, not rounding noise.
        QVERIFY2(mean > 0.01, qPrintable(QString::number(mean)));
        QVERIFY(top1 < 100);
        // Measured differences: 7e-16 relative at most (core's batched forwards give the same logits as one
        // window at a time here; both sides then work in double). A float32 log-softmax misses by 6e-9
        // (mean) to 2e-7 (median, p99, max).
        const auto close = [](double a, double b) {
            return std::abs(a - b) <= 1e-10 * std::max(1.0, std::abs(b));
        };
        QVERIFY2(close(r.kld.mean, mean),
                 qPrintable(QString("%1 vs %2").arg(r.kld.mean, 0, 'g', 12).arg(mean, 0, 'g', 12)));
        QVERIFY2(close(r.kld.median, medianOf(sorted)), qPrintable(QString::number(r.kld.median, 'g', 12)));
        QVERIFY2(close(r.kld.p99, p99Of(sorted)), qPrintable(QString::number(r.kld.p99, 'g', 12)));
        QVERIFY2(close(r.kld.max, sorted.back()), qPrintable(QString::number(r.kld.max, 'g', 12)));
        // Top-1 counts agree except where a near tie may flip between the two forwards.
        QVERIFY2(std::abs(r.kld.top1 - top1) * double(o.kl.size()) / 100.0 <= double(o.nearTies) + 1e-9,
                 qPrintable(QString("%1 vs %2").arg(r.kld.top1).arg(top1)));
        QVERIFY(std::abs(r.model.ppl / std::exp(o.nll / double(o.kl.size())) - 1) < 1e-5);
        // The model's perplexity is the one perplexity() reports on the same windows, bit for bit.
        QCOMPARE(r.model.ppl, q->perplexity(text_, seqlen).ppl);
        QCOMPARE(r.reference.ppl, fp->perplexity(text_, seqlen).ppl);
    }

    void protocolProgressAndCancel() {
        auto fp = LanguageModel::open(tinyDir_);
        const std::vector<std::int32_t> tokens = fp->tokenizer()->encodeDocument(text_);
        std::vector<long long> done;
        const KlDivergenceResult r =
            fp->klDivergence(*fp, text_, 40,
                             {[&](const Progress& p) {
                                  QCOMPARE(QString::fromStdString(p.stage), QString("eval"));
                                  done.push_back(p.done);
                              },
                              nullptr});
        const EvalProtocol& p = r.model.protocol;
        QCOMPARE(p.seqlen, 40);
        QCOMPARE(p.stride, 40);
        QCOMPARE(p.textTokens, std::int64_t(tokens.size()));
        QCOMPARE(p.windows, std::int64_t(tokens.size()) / 40);
        QCOMPARE(p.predictedTokens, p.windows * 39);
        QCOMPARE(p.textDigest.size(), std::size_t(16));
        QCOMPARE(p.textDigest, fp->perplexity(text_, 40).protocol.textDigest);
        QVERIFY(p.textDigest != fp->perplexity(text_ + " ", 40).protocol.textDigest);
        QVERIFY(!done.empty());
        QCOMPARE(done.back(), (long long)p.windows);
        CancelToken cancel;
        cancel.cancel();
        const auto e = owqtest::catchError([&] { fp->klDivergence(*fp, text_, 40, {{}, &cancel}); });
        QVERIFY(e && e->kind() == ErrorKind::Cancelled);
        // Another vocabulary is refused with the reason.
        RandomModelOptions o = owqtest::tinyRandomOptions("llama");
        o.vocab = 320;
        const std::string other = owqtest::scratchDir("kld-vocab") + "/model";
        writeRandomModel(other, tinyDir_ + "/tokenizer.json", o);
        auto wide = LanguageModel::open(other);
        const auto v = owqtest::catchError([&] { wide->klDivergence(*fp, text_, 40); });
        QVERIFY(v && v->kind() == ErrorKind::InvalidArgument);
        QVERIFY2(owqtest::contains(v->what(), "vocabulary"), v->what());
    }

    void stories260KOrderedByBits() {
        OWQ_REQUIRE_SHARED();
        const std::string stories = owqtest::sharedPath("models/stories260K");
        const std::string eval = readTextFile(owqtest::sharedPath("data/eval.txt"));
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        auto fp = LanguageModel::open(stories);
        std::map<int, KlDivergenceResult> by;
        for (int bits : {2, 3, 4}) {
            auto q = rtn(stories, bits, calib);
            by[bits] = q->klDivergence(*fp, eval, 512);
            const KlDivergenceStats& k = by[bits].kld;
            qInfo("stories260K RTN %d-bit on eval.txt @512: ppl %.4f, KLD mean %.6f median %.6f p99 %.6f max "
                  "%.6f, top-1 %.2f%%",
                  bits, by[bits].model.ppl, k.mean, k.median, k.p99, k.max, k.top1);
        }
        const KlDivergenceResult& r3 = by[3];
        QVERIFY(r3.kld.mean > 0);
        QVERIFY(r3.kld.median > 0);
        QVERIFY(r3.kld.top1 < 100);
        QVERIFY(r3.kld.top1 > 10);
        QVERIFY(r3.kld.p99 >= r3.kld.median);
        QVERIFY(r3.kld.max >= r3.kld.p99);
        QVERIFY(by[4].kld.mean < by[3].kld.mean);
        QVERIFY(by[3].kld.mean < by[2].kld.mean);
        QVERIFY(by[4].kld.top1 > by[2].kld.top1);
        // The protocol of docs/EVALUATION.md's reference row: BOS (id 1) once, 60 windows of 512.
        const EvalProtocol& p = r3.model.protocol;
        QCOMPARE(p.bos(), "once");
        QCOMPARE(p.startIds, std::vector<std::int32_t>{1});
        QCOMPARE(p.windows, 60);
        QCOMPARE(p.predictedTokens, 30660);
        QCOMPARE(p.stride, 512);
        QVERIFY(p.textTokens >= 60 * 512);
        QVERIFY(std::abs(r3.reference.ppl - 3.3250) < 1e-4);
    }

    void recordedInTheDiagnosticsAndTheCard() {
        OWQ_REQUIRE_SHARED();
        const std::string stories = owqtest::sharedPath("models/stories260K");
        const std::string eval = readTextFile(owqtest::sharedPath("data/eval.txt"));
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(stories, load);
        QuantRecipe recipe = QuantRecipe::defaults(Method::RTN, 3);
        recipe.nsamples = 2;
        recipe.seqlen = 64;
        const QuantReport rep =
            quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
        const std::string dir = owqtest::scratchDir("kld-record") + "/rtn3";
        savePacked(*lm, rep, dir);
        auto packed = LanguageModel::open(dir);
        auto fp = LanguageModel::open(stories);
        KlDivergenceResult k = packed->klDivergence(*fp, eval, 256);
        k.model.protocol.file = "eval.txt";
        recordEvaluation(dir, evaluationJson(k.model, &k, "stories260K"));
        recordEvaluation(dir, evaluationJson(k.model, &k, "stories260K")); // replaces, does not add
        PerplexityResult plain = packed->perplexity(eval, 128);
        plain.protocol.file = "eval.txt";
        recordEvaluation(dir, evaluationJson(plain));
        const QJsonObject diag =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(owqtest::readFile(dir + "/owq_diagnostics.json")))
                .object();
        QCOMPARE(diag["evaluations"].toArray().size(), 2);
        // The diagnostics still read as diagnostics.
        QCOMPARE(QuantReport::fromJson(owqtest::readFile(dir + "/owq_diagnostics.json")).averageBits,
                 rep.averageBits);
        const std::string out = owqtest::scratchDir("kld-card") + "/export";
        exportModelFolder(dir, out, {});
        const std::string card = owqtest::readFile(out + "/README.md");
        for (const std::string& part :
             {std::string("KLD mean"), std::string("Measured on `rtn3` with `owq ppl --record`"),
              QString::number(k.kld.mean, 'f', 6).toStdString(),
              QString::number(k.kld.median, 'f', 6).toStdString(),
              QString::number(k.kld.p99, 'f', 6).toStdString(),
              QString::number(k.kld.max, 'f', 6).toStdString(),
              QString::number(k.kld.top1, 'f', 2).toStdString() + "%",
              "`" + k.model.protocol.textDigest + "`", std::string("| `eval.txt` |"),
              "| 256 / 256 | once | " + std::to_string(k.model.protocol.textTokens) + " | " +
                  std::to_string(k.model.protocol.predictedTokens) + " |",
              QString::number(plain.ppl, 'f', 4).toStdString()})
            QVERIFY2(owqtest::contains(card, part), (part + " not in\n" + card).c_str());
        // A float folder has no diagnostics to record into.
        const auto e = owqtest::catchError([&] { recordEvaluation(stories, evaluationJson(plain)); });
        QVERIFY(e && e->kind() == ErrorKind::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestKld)
#include "test_kld.moc"
