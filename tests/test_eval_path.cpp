// The layer-streamed evaluation path (owq/eval_path.h, docs/EVALUATION.md) against the whole-model path on
// stories260K (eval.txt, windows of 512): the same perplexity bit for bit for the float checkpoint (F32,
// BF16, sharded F16) and a packed OWQ folder, with the activations in memory and spilled; the same KL
// divergence statistics and top-1 for every combination of the two paths, also through the kept reference
// logits; progress and cancel between batches; a bad tensor, or a shard cut short after open, met while
// streaming named with its file; the choice by the memory budget and OWQ_EVAL_PATH; and `owq ppl`, `owq
// info` and the model card saying which path ran.
#include "catch_error.h"
#include "exact_results.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/eval_path.h"
#include "owq/export.h"
#include "owq/reference_logits.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <cstring>
#include <filesystem>
#include <limits>

using namespace owq;

namespace {

constexpr std::int64_t kSeqlen = 512;

// An environment variable set for one scope.
struct ScopedEnv {
    const char* name;
    ScopedEnv(const char* n, const char* value) : name(n) { qputenv(n, value); }
    ~ScopedEnv() { qunsetenv(name); }
};

std::shared_ptr<LanguageModel> open(const std::string& dir, EvalPath path) {
    LoadOptions load;
    load.evalPath = path;
    return LanguageModel::open(dir, load);
}

// The protocol without its eval_path, which is the one field the two paths differ in.
std::string protocolBesidesPath(EvalProtocol p) {
    p.evalPath.clear();
    return p.toJson();
}

void requireSame(const PerplexityResult& whole, const PerplexityResult& layers) {
    OWQ_EXACT(whole.nll, layers.nll);
    OWQ_EXACT(whole.ppl, layers.ppl);
    QCOMPARE(whole.protocol.evalPath, std::string("whole"));
    QCOMPARE(layers.protocol.evalPath, std::string("layers"));
    QCOMPARE(protocolBesidesPath(whole.protocol), protocolBesidesPath(layers.protocol));
}

void requireSame(const KlDivergenceResult& a, const KlDivergenceResult& b) {
    owqtest::requireSameKldNumbers(a, b);
}

struct Cli {
    int code = -1;
    QByteArray out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Cli owqCli(const QStringList& args,
           const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(OWQ_CLI_PATH, args);
    if (!p.waitForFinished(300000)) p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QProcessEnvironment envWith(const QString& name, const QString& value) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(name, value);
    return env;
}

} // namespace

class TestEvalPath : public QObject {
    Q_OBJECT

    std::string stories_, text_, packed_;

private slots:
    void initTestCase() {
        if (!owqtest::haveShared()) return;
        stories_ = owqtest::sharedPath("models/stories260K");
        text_ = readTextFile(owqtest::sharedPath("data/eval.txt"));
        // The packed folder of the issue: OWQ 3-bit, target 3.1 bits.
        packed_ = owqtest::scratchDir("eval-path") + "/owq3";
        const Cli q = owqCli({"-q", "quantize", QString::fromStdString(stories_), "--method", "owq",
                              "--wbits", "3", "--target-bit", "3.1", "--calib",
                              QString::fromStdString(owqtest::sharedPath("data/calib.txt")), "--nsamples",
                              "16", "--seqlen", "256", "--out", QString::fromStdString(packed_)});
        QVERIFY2(q.code == 0, q.err.constData());
    }

    void floatPerplexityIsTheWholePaths() {
        OWQ_REQUIRE_SHARED();
        for (const char* model :
             {"models/stories260K", "models/stories260K-bf16", "models/stories260K-f16-sharded"}) {
            const std::string dir = owqtest::sharedPath(model);
            const PerplexityResult whole = open(dir, EvalPath::Whole)->perplexity(text_, kSeqlen);
            auto layered = open(dir, EvalPath::Layers);
            QCOMPARE(layered->evalPath(), EvalPath::Layers);
            requireSame(whole, layered->perplexity(text_, kSeqlen));
            // Each layer was released after its pass and is read again by the next one.
            requireSame(whole, layered->perplexity(text_, kSeqlen));
        }
        // The reference value of docs/EVALUATION.md.
        QVERIFY(std::abs(open(stories_, EvalPath::Layers)->perplexity(text_, kSeqlen).ppl - 3.3250) < 5e-5);
    }

    void spilledActivationsGiveTheSameNumbers() {
        OWQ_REQUIRE_SHARED();
        const PerplexityResult whole = open(packed_, EvalPath::Whole)->perplexity(text_, kSeqlen);
        ScopedEnv spill("OWQ_ACTIVATION_SPILL", "1");
        requireSame(whole, open(packed_, EvalPath::Layers)->perplexity(text_, kSeqlen));
    }

    void packedPerplexityIsTheWholePaths() {
        OWQ_REQUIRE_SHARED();
        const PerplexityResult whole = open(packed_, EvalPath::Whole)->perplexity(text_, kSeqlen);
        requireSame(whole, open(packed_, EvalPath::Layers)->perplexity(text_, kSeqlen));
        // A 3-bit model is measurably worse than the float one: the packed linears did run.
        QVERIFY(whole.ppl > 3.5);
    }

    void klDivergenceIsTheWholePaths() {
        OWQ_REQUIRE_SHARED();
        const KlDivergenceResult whole =
            open(packed_, EvalPath::Whole)->klDivergence(*open(stories_, EvalPath::Whole), text_, kSeqlen);
        QVERIFY(whole.kld.mean > 0.01 && whole.kld.top1 < 100);
        for (EvalPath m : {EvalPath::Whole, EvalPath::Layers})
            for (EvalPath r : {EvalPath::Whole, EvalPath::Layers}) {
                const KlDivergenceResult k =
                    open(packed_, m)->klDivergence(*open(stories_, r), text_, kSeqlen);
                requireSame(whole, k);
                QCOMPARE(k.model.protocol.evalPath, std::string(evalPathName(m)));
                QCOMPARE(k.reference.protocol.evalPath, std::string(evalPathName(r)));
            }
        // The reference's logits kept once (owq compare), computed layer by layer.
        const auto kept = ReferenceLogits::compute(*open(stories_, EvalPath::Layers), text_, kSeqlen);
        QCOMPARE(kept->perplexity().protocol.evalPath, std::string("layers"));
        requireSame(whole, klDivergenceFrom(*open(packed_, EvalPath::Layers), *kept, text_));
    }

    void progressAndCancel() {
        OWQ_REQUIRE_SHARED();
        auto lm = open(stories_, EvalPath::Layers);
        const std::int64_t windows = 60, passes = lm->config().numLayers + 1;
        long long last = 0, total = 0;
        lm->perplexity(text_, kSeqlen,
                       {[&](const Progress& p) {
                            if (p.stage != "layers") return;
                            QVERIFY(p.done > last);
                            last = p.done;
                            total = p.total;
                        },
                        nullptr});
        QCOMPARE(total, passes * windows);
        QCOMPARE(last, total);
        // Cancelled in the second layer's pass; the model then evaluates again from the start.
        CancelToken cancel;
        const auto e = owqtest::catchError([&] {
            lm->perplexity(text_, kSeqlen,
                           {[&](const Progress& p) {
                                if (p.stage == "layers" && p.done > 2 * windows) cancel.cancel();
                            },
                            &cancel});
        });
        QVERIFY(e && e->kind() == ErrorKind::Cancelled);
        requireSame(open(stories_, EvalPath::Whole)->perplexity(text_, kSeqlen),
                    lm->perplexity(text_, kSeqlen));
    }

    void badTensorWhileStreamingIsNamed() {
        OWQ_REQUIRE_SHARED();
        // stories260K with NaN in layer 1's up_proj: open reads no layer on this path, the pass meets it.
        const std::string dir = owqtest::scratchDir("eval-path-nan");
        for (const auto& e : std::filesystem::directory_iterator(stories_))
            std::filesystem::copy_file(e.path(), dir + "/" + e.path().filename().string());
        const std::string file = dir + "/model.safetensors";
        std::filesystem::permissions(file, std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::add);
        const std::string tensor = "model.layers.1.mlp.up_proj.weight";
        owqtest::setFloat32(file, tensor, 7, std::numeric_limits<float>::quiet_NaN());
        auto lm = open(dir, EvalPath::Layers);
        const auto e = owqtest::catchError([&] { lm->perplexity(text_, kSeqlen); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::Format);
        QVERIFY2(owqtest::contains(e->what(), file) && owqtest::contains(e->what(), tensor), e->what());
    }

    void shardCutShortAfterOpenIsNamed() {
        OWQ_REQUIRE_SHARED();
        // The last layer's bytes cut off after open: refused when its turn comes, not a bus error.
        const std::string dir = owqtest::scratchDir("eval-path-cut");
        for (const auto& e : std::filesystem::directory_iterator(stories_))
            std::filesystem::copy_file(e.path(), dir + "/" + e.path().filename().string());
        const std::string file = dir + "/model.safetensors";
        std::filesystem::permissions(file, std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::add);
        const std::string bytes = owqtest::readFile(file);
        std::uint64_t headerSize = 0;
        std::memcpy(&headerSize, bytes.data(), 8);
        const QJsonObject header =
            QJsonDocument::fromJson(QByteArray::fromStdString(bytes.substr(8, headerSize))).object();
        const std::string tensor = "model.layers.4.self_attn.q_proj.weight";
        auto lm = open(dir, EvalPath::Layers);
        const qint64 begin = header[QString::fromStdString(tensor)]["data_offsets"].toArray()[0].toInteger();
        std::filesystem::resize_file(file, 8 + headerSize + std::uint64_t(begin) + 16);
        const auto e = owqtest::catchError([&] { lm->perplexity(text_, kSeqlen); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::Format);
        QVERIFY2(owqtest::contains(e->what(), file) && owqtest::contains(e->what(), "model.layers.4.") &&
                     owqtest::contains(e->what(), "cut short"),
                 e->what());
    }

    void modelCardSaysLayerByLayer() {
        OWQ_REQUIRE_SHARED();
        PerplexityResult r = open(packed_, EvalPath::Layers)->perplexity(text_, kSeqlen);
        r.protocol.file = "eval.txt";
        recordEvaluation(packed_, evaluationJson(r));
        const std::string out = owqtest::scratchDir("eval-path-card") + "/export";
        exportModelFolder(packed_, out, {});
        const std::string card = owqtest::readFile(out + "/README.md");
        const std::string cell = "| " + QString::number(r.ppl, 'f', 4).toStdString() + " (layer by layer) |";
        QVERIFY2(owqtest::contains(card, cell), (cell + " not in\n" + card).c_str());
    }

    void choiceFollowsTheBudgetAndTheOverride() {
        OWQ_REQUIRE_SHARED();
        const auto lm = open(stories_, EvalPath::Whole);
        const ModelConfig& cfg = lm->config();
        const EvalPathChoice plenty = chooseEvalPath(cfg, kSeqlen);
        QVERIFY(plenty.layersBytes < plenty.wholeBytes);
        const std::string between = std::to_string((plenty.layersBytes + plenty.wholeBytes) / 2);
        {
            ScopedEnv budget("OWQ_AVAILABLE_MEMORY", between.c_str());
            const EvalPathChoice tight = chooseEvalPath(cfg, kSeqlen);
            QCOMPARE(tight.path, EvalPath::Layers);
            QVERIFY(!tight.forced);
            QCOMPARE(chooseEvalPath(cfg, kSeqlen, plenty.wholeBytes).path, EvalPath::Layers);
        }
        {
            ScopedEnv budget("OWQ_AVAILABLE_MEMORY", std::to_string(plenty.wholeBytes * 4).c_str());
            QCOMPARE(chooseEvalPath(cfg, kSeqlen).path, EvalPath::Whole);
            ScopedEnv forced("OWQ_EVAL_PATH", "layers");
            QCOMPARE(chooseEvalPath(cfg, kSeqlen).path, EvalPath::Layers);
            QVERIFY(chooseEvalPath(cfg, kSeqlen).forced);
        }
        ScopedEnv bad("OWQ_EVAL_PATH", "streamed");
        const auto e = owqtest::catchError([&] { chooseEvalPath(cfg, kSeqlen); });
        QVERIFY(e && e->kind() == ErrorKind::InvalidArgument);
        QVERIFY2(owqtest::contains(e->what(), "OWQ_EVAL_PATH=streamed"), e->what());
    }

    void cliSaysWhichPathRan() {
        OWQ_REQUIRE_SHARED();
        const QStringList ppl{"--json",
                              "ppl",
                              QString::fromStdString(packed_),
                              "--data",
                              QString::fromStdString(owqtest::sharedPath("data/eval.txt")),
                              "--seqlen",
                              "512",
                              "--reference",
                              QString::fromStdString(stories_)};
        const Cli whole = owqCli(ppl, envWith("OWQ_EVAL_PATH", "whole"));
        const Cli layers = owqCli(ppl, envWith("OWQ_EVAL_PATH", "layers"));
        QVERIFY2(whole.code == 0 && layers.code == 0, (whole.err + layers.err).constData());
        const QJsonObject w = whole.json(), l = layers.json();
        QCOMPARE(w["protocol"].toObject()["eval_path"].toString(), QString("whole"));
        QCOMPARE(l["protocol"].toObject()["eval_path"].toString(), QString("layers"));
        for (const char* key : {"ppl", "nll", "top1"}) QCOMPARE(l[key].toDouble(), w[key].toDouble());
        QCOMPARE(l["kld"].toObject(), w["kld"].toObject());
        QCOMPARE(l["reference"].toObject()["nll"].toDouble(), w["reference"].toObject()["nll"].toDouble());

        // The budget decides without the override; owq info says so, with the numbers.
        const Cli info = owqCli({"--json", "info", QString::fromStdString(stories_), "--seqlen", "512"});
        QCOMPARE(info.code, 0);
        const QJsonObject e = info.json()["eval_path"].toObject();
        QCOMPARE(e["path"].toString(), QString("whole"));
        const QString between =
            QString::number((e["whole_bytes"].toInteger() + e["layers_bytes"].toInteger()) / 2);
        const Cli tight = owqCli({"info", QString::fromStdString(stories_), "--seqlen", "512"},
                                 envWith("OWQ_AVAILABLE_MEMORY", between));
        QVERIFY2(tight.out.contains("Evaluation       layer by layer"), tight.out.constData());
        const Cli tightPpl =
            owqCli({"--json", "ppl", QString::fromStdString(stories_), "--data",
                    QString::fromStdString(owqtest::sharedPath("data/eval.txt")), "--seqlen", "512"},
                   envWith("OWQ_AVAILABLE_MEMORY", between));
        QVERIFY2(tightPpl.code == 0, tightPpl.err.constData());
        QCOMPARE(tightPpl.json()["protocol"].toObject()["eval_path"].toString(), QString("layers"));
    }
};

QTEST_GUILESS_MAIN(TestEvalPath)
#include "test_eval_path.moc"
