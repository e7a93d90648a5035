// Weak column tuning (docs/TUNING.md) on stories260K quantized to 3 bits (OWQ, target 3.2: 70 weak columns):
//   - tuning on a task text of another style (the project's story grammar) lowers that task's held-out
//     perplexity, measured independently with the engine's perplexity protocol on the saved folder;
//   - only the weak_weight tensors change: qweight/scales/qzeros/perm and every other tensor are byte for
//     byte the source's, and so are config.json and the diagnostics; every linear's weak columns moved
//     (gradients reach layer 0 through the frozen packed parts of the later layers);
//   - a run resumed from a checkpoint continues with exactly the same losses and ends in the same bytes;
//   - cancelling leaves nothing behind; refusals name the problem;
//   - extra weak columns start from the same model (up to fp16 rounding) and change the layout as documented;
//   - JSONL data scores only the response (and EOS) tokens; the CLI command.
#include "owq/demo_model.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "owq/tokenizer.h"
#include "owq/tune.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

using namespace owq;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Tensor {
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::string bytes;
};
using Tensors = std::map<std::string, Tensor>;

Tensors readTensors(const std::string& dir) {
    Tensors out;
    auto f = SafetensorsFile::open(dir + "/model.safetensors");
    for (const TensorInfo& t : f->tensors())
        out[t.name] = {t.dtype, t.shape, std::string(reinterpret_cast<const char*>(f->data(t)), t.nbytes())};
    return out;
}

bool endsWith(const std::string& s, const std::string& e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

template <typename F> ErrorKind errorKindOf(F&& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (message) *message = e.what();
        return e.kind();
    }
    return ErrorKind(-1);
}

// Everything in target's folder whose name starts with target's name (the folder, temporaries).
std::vector<std::string> leftovers(const std::string& target) {
    std::vector<std::string> out;
    const fs::path t(target);
    for (const auto& e : fs::directory_iterator(t.parent_path()))
        if (e.path().filename().string().rfind(t.filename().string(), 0) == 0)
            out.push_back(e.path().string());
    return out;
}

} // namespace

class TestTune : public QObject {
    Q_OBJECT

    std::string owq3_;                 // packed OWQ 3-bit, target 3.2
    std::string trainFile_, evalFile_; // task text: the story grammar (a style stories260K never saw)
    std::string evalText_;

    TuneOptions base() const {
        TuneOptions o;
        o.dataFile = trainFile_;
        o.evalFile = evalFile_;
        o.steps = 30;
        o.lr = 2e-3;
        o.batch = 8;
        o.seqlen = 128;
        o.warmup = 3;
        o.evalEvery = 10;
        o.evalMaxWindows = 16;
        o.seed = 11;
        return o;
    }
    std::string target(const std::string& tag) { return owqtest::scratchDir(tag) + "/out"; }

private slots:
    void initTestCase() {
        if (!owqtest::haveShared()) return;
        QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
        r.targetBits = 3.2;
        r.nsamples = 12;
        r.seqlen = 256;
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"), load);
        const QuantReport rep = quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), r);
        QCOMPARE(rep.weakColumnsTotal, std::int64_t(70));
        owq3_ = owqtest::scratchDir("tune-src") + "/owq3";
        savePacked(*lm, rep, owq3_);
        const std::string dir = owqtest::scratchDir("tune-data");
        trainFile_ = dir + "/task-train.txt";
        evalFile_ = dir + "/task-eval.txt";
        owqtest::writeFile(trainFile_, generateStoryCorpus(7, 250));
        evalText_ = generateStoryCorpus(8, 40);
        owqtest::writeFile(evalFile_, evalText_);
    }

    void tuningLowersTaskPerplexityAndChangesOnlyWeakWeights() {
        OWQ_REQUIRE_SHARED();
        const std::string out = target("tune-main");
        std::vector<TuneStep> seen;
        long long lastTune = -1;
        JobContext job{[&](const Progress& p) {
                           if (p.stage == "tune") lastTune = p.done;
                       },
                       nullptr};
        const TuneOptions o = base();
        const TuneResult r = tuneModelFolder(
            owq3_, out, o, [&](const TuneStep& s) { seen.push_back(s); }, job);
        // The callback saw step 0 (evaluation only) and every step; evaluations every 10 steps.
        QCOMPARE(int(seen.size()), o.steps + 1);
        QCOMPARE(lastTune, (long long)o.steps);
        for (const TuneStep& s : seen) {
            QCOMPARE(s.evalLoss.has_value(), s.step % 10 == 0);
            if (s.step > 0) QVERIFY(std::isfinite(s.loss) && s.lr > 0 && s.gradNorm > 0);
        }
        QCOMPARE(seen[1].lr, o.lr / 3); // warm-up
        QVERIFY(seen.back().lr < o.lr * 0.2);
        QCOMPARE(int(r.history.size()), o.steps + 1);
        QCOMPARE(r.weakColumns, std::int64_t(70));
        qInfo("eval loss %.4f -> %.4f (ppl %.3f -> %.3f), %lld trainable, %.1f s", r.initialEvalLoss,
              r.finalEvalLoss, std::exp(r.initialEvalLoss), std::exp(r.finalEvalLoss),
              (long long)r.trainableParameters, r.seconds);
        QVERIFY(r.finalEvalLoss < r.initialEvalLoss - 0.1);

        // Held-out perplexity of the task, by the engine's own protocol on the saved folders.
        const double before = LanguageModel::open(owq3_)->perplexity(evalText_, 256).ppl;
        const double after = LanguageModel::open(out)->perplexity(evalText_, 256).ppl;
        qInfo("task perplexity (seqlen 256): %.3f -> %.3f", before, after);
        QVERIFY(after < before * 0.9);

        // Only weak_weight changed, each of them; everything else byte for byte.
        const Tensors src = readTensors(owq3_), tuned = readTensors(out);
        QCOMPARE(tuned.size(), src.size());
        std::int64_t trainable = 0;
        int changed = 0;
        for (const auto& [name, t] : src) {
            QVERIFY2(tuned.count(name), name.c_str());
            const Tensor& u = tuned.at(name);
            QVERIFY(u.dtype == t.dtype && u.shape == t.shape);
            if (endsWith(name, ".weak_weight")) {
                trainable += t.shape[0] * t.shape[1];
                QVERIFY2(u.bytes != t.bytes, (name + " did not change").c_str());
                ++changed;
            } else {
                QVERIFY2(u.bytes == t.bytes, (name + " changed").c_str());
            }
        }
        QCOMPARE(changed, 35); // every linear has weak columns at target 3.2, layer 0's included
        QCOMPARE(r.trainableParameters, trainable);
        QCOMPARE(r.memory.trainableParameters, trainable);
        for (const char* f : {"config.json", "owq_diagnostics.json", "tokenizer.model"})
            QVERIFY2(owqtest::readFile(out + "/" + f) == owqtest::readFile(owq3_ + "/" + f), f);
        const json tj = json::parse(owqtest::readFile(out + "/owq_tuning.json"));
        QCOMPARE(tj.at("format").get<std::string>(), std::string("owq-tuning"));
        QCOMPARE(tj.at("result").at("history").size(), std::size_t(o.steps + 1));

        // Memory figures: same trainable count for the LoRA; full fine-tuning needs the most.
        const TuneMemoryEstimate& m = r.memory;
        QVERIFY(m.loraRank > 0 && m.wctBytes < m.fullBytes && m.wctBytes <= m.loraPackedBytes);
        QVERIFY(m.fullBytes - m.activationBytes == std::uint64_t(m.modelParameters) * 16);
    }

    void resumeContinuesIdentically() {
        OWQ_REQUIRE_SHARED();
        TuneOptions o = base();
        o.steps = 12;
        o.accum = 2;
        o.batch = 4;
        o.seqlen = 64;
        o.evalEvery = 4;
        o.saveEvery = 6;
        o.checkpointDir = owqtest::scratchDir("tune-ckpt") + "/ckpt";
        const std::string outA = target("tune-resume-a"), outB = target("tune-resume-b");
        const TuneResult a = tuneModelFolder(owq3_, outA, o);
        QCOMPARE(int(a.checkpoints.size()), 2);
        QVERIFY(fs::exists(o.checkpointDir + "/step-000006/tune_state.safetensors"));

        TuneOptions ob = o;
        ob.saveEvery = 0;
        ob.resumeFrom = o.checkpointDir + "/step-000006";
        std::vector<int> stepsSeen;
        const TuneResult b =
            tuneModelFolder(owq3_, outB, ob, [&](const TuneStep& s) { stepsSeen.push_back(s.step); });
        QCOMPARE(b.startStep, 6);
        QCOMPARE(stepsSeen.front(), 7);
        QCOMPARE(a.history.size(), b.history.size());
        for (std::size_t i = 0; i < a.history.size(); ++i) {
            const TuneStep &x = a.history[i], &y = b.history[i];
            QCOMPARE(x.step, y.step);
            QCOMPARE(x.loss, y.loss); // exactly
            QCOMPARE(x.lr, y.lr);
            QCOMPARE(x.gradNorm, y.gradNorm);
            QCOMPARE(x.evalLoss.has_value(), y.evalLoss.has_value());
            if (x.evalLoss) QCOMPARE(*x.evalLoss, *y.evalLoss);
        }
        QVERIFY(owqtest::readFile(outA + "/model.safetensors") ==
                owqtest::readFile(outB + "/model.safetensors"));

        // The checkpoint folder resumes from its latest step; other run settings are refused.
        TuneOptions oc = ob;
        oc.resumeFrom = o.checkpointDir;
        oc.batch = 8;
        std::string msg;
        QCOMPARE(errorKindOf([&] { tuneModelFolder(owq3_, target("tune-resume-c"), oc); }, &msg),
                 ErrorKind::InvalidArgument);
        QVERIFY2(msg.find("step-000012") != std::string::npos && msg.find("batch") != std::string::npos,
                 msg.c_str());
    }

    void cancelLeavesNothingBehind() {
        OWQ_REQUIRE_SHARED();
        const std::string out = target("tune-cancel");
        const std::string lora = target("tune-cancel-lora");
        CancelToken token;
        JobContext job{[&](const Progress& p) {
                           if (p.stage == "tune" && p.done >= 3) token.cancel();
                       },
                       &token};
        int last = 0;
        QCOMPARE(errorKindOf([&] {
                     tuneModelFolder(
                         owq3_, out, base(), [&](const TuneStep& s) { last = s.step; }, job, {}, lora);
                 }),
                 ErrorKind::Cancelled);
        QCOMPARE(last, 3);
        QVERIFY(leftovers(out).empty());
        QVERIFY(leftovers(lora).empty());
        // In memory, a cancelled model is the one that was opened.
        auto lm = LanguageModel::open(owq3_);
        const double before = lm->perplexity(evalText_, 256).ppl;
        CancelToken t2;
        JobContext j2{[&](const Progress& p) {
                          if (p.stage == "tune" && p.done >= 2) t2.cancel();
                      },
                      &t2};
        QCOMPARE(errorKindOf([&] { tuneModel(*lm, base(), {}, j2); }), ErrorKind::Cancelled);
        QCOMPARE(lm->perplexity(evalText_, 256).ppl, before);
    }

    void extraWeakColumns() {
        OWQ_REQUIRE_SHARED();
        TuneOptions o = base();
        o.steps = 6;
        o.evalEvery = 0;
        o.extraWeak = 4;
        const std::string out = target("tune-extra"), lora = target("tune-extra-lora");
        ExportOptions e;
        e.denseFallback = true; // stories260K's 172-wide MLP does not fit GPTQ's 32-multiples
        const TuneResult r = tuneModelFolder(owq3_, out, o, {}, {}, {}, lora, e);
        QCOMPARE(r.extraWeakColumns, std::int64_t(35 * 4));
        QCOMPARE(r.weakColumns, std::int64_t(70 + 35 * 4));
        // Before the first step the model is the quantized one (moved columns rounded to fp16).
        auto src = LanguageModel::open(owq3_);
        TuneOptions one = base();
        one.steps = 1;
        one.warmup = 0;
        const TuneResult plain = tuneModel(*src, one);
        qInfo("initial eval loss %.6f (extra weak) vs %.6f", r.initialEvalLoss, plain.initialEvalLoss);
        QVERIFY(std::fabs(r.initialEvalLoss - plain.initialEvalLoss) < 1e-3 * plain.initialEvalLoss);
        QVERIFY(r.finalEvalLoss < r.initialEvalLoss);
        // Layout: each linear has 4 more weak columns after its old ones, perm lost them, qweight repacked.
        const Tensors s = readTensors(owq3_), t = readTensors(out);
        for (const auto& [name, x] : s) {
            if (!endsWith(name, ".weak_idx")) continue;
            const std::string b = name.substr(0, name.size() - 9);
            const Tensor& ni = t.at(name);
            QCOMPARE(ni.shape[0], x.shape[0] + 4);
            QVERIFY(ni.bytes.compare(0, x.bytes.size(), x.bytes) == 0);
            QCOMPARE(t.at(b + ".perm").shape[0], s.at(b + ".perm").shape[0] - 4);
            QVERIFY(t.at(b + ".scales").bytes == s.at(b + ".scales").bytes);
            QVERIFY(t.at(b + ".qzeros").bytes == s.at(b + ".qzeros").bytes);
        }
        const json cfg = json::parse(owqtest::readFile(out + "/config.json"));
        const json diag = json::parse(owqtest::readFile(out + "/owq_diagnostics.json"));
        QVERIFY(cfg["quantization_config"]["average_bits"].get<double>() > 3.7);
        QCOMPARE(diag["weak_columns_total"].get<std::int64_t>(), std::int64_t(210));
        QCOMPARE(cfg["quantization_config"]["average_bits"].get<double>(), r.averageBits);
        QVERIFY(fs::exists(lora + "/weak_lora/adapter_config.json"));
        // Grouped quantization cannot give up columns (groups must stay runs of group_size columns).
        QuantRecipe g = QuantRecipe::defaults(Method::RTN, 4);
        g.quantizer.groupSize = 16;
        g.nsamples = 2;
        g.seqlen = 64;
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"), load);
        const QuantReport rep = quantizeModel(*lm, evalText_, g);
        const std::string grouped = owqtest::scratchDir("tune-g16") + "/rtn4g16";
        savePacked(*lm, rep, grouped);
        std::string msg;
        QCOMPARE(errorKindOf([&] { tuneModelFolder(grouped, target("tune-g16-out"), o); }, &msg),
                 ErrorKind::Unsupported);
        QVERIFY2(msg.find("group_size 0") != std::string::npos, msg.c_str());
    }

    void jsonlScoresTheResponseOnly() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("tune-jsonl");
        const std::vector<std::string> names = {"Lily", "Tom", "Mia", "Ben", "Anna", "Sam"};
        std::string train, eval;
        auto tok = Tokenizer::loadFromFolder(owq3_);
        std::int64_t expectScored = 0;
        for (int i = 0; i < 60; ++i) {
            const std::string prompt = "Q: Who is in story " + std::to_string(i) + "?\nA:";
            const std::string response = " " + names[std::size_t(i) % names.size()] + " and a red ball.";
            (i < 48 ? train : eval) += json{{"prompt", prompt}, {"response", response}}.dump() + "\n";
            if (i >= 48) expectScored += std::int64_t(tok->encode(response).size()) + 1; // + EOS
        }
        owqtest::writeFile(dir + "/train.jsonl", train);
        owqtest::writeFile(dir + "/eval.jsonl", eval);
        TuneOptions o = base();
        o.dataFile = dir + "/train.jsonl";
        o.evalFile = dir + "/eval.jsonl";
        o.steps = 15;
        o.seqlen = 48;
        o.evalEvery = 0;
        const TuneResult r = tuneModelFolder(owq3_, target("tune-jsonl"), o);
        QCOMPARE(r.evalTokens, expectScored);
        qInfo("JSONL eval loss %.4f -> %.4f", r.initialEvalLoss, r.finalEvalLoss);
        QVERIFY(r.finalEvalLoss < r.initialEvalLoss);
        // A broken line is named.
        owqtest::writeFile(dir + "/bad.jsonl", train + "{\"prompt\": \"x\"}\n");
        o.dataFile = dir + "/bad.jsonl";
        std::string msg;
        QCOMPARE(errorKindOf([&] { tuneModelFolder(owq3_, target("tune-jsonl-bad"), o); }, &msg),
                 ErrorKind::Format);
        QVERIFY2(msg.find("bad.jsonl:49") != std::string::npos, msg.c_str());
    }

    void refusals() {
        OWQ_REQUIRE_SHARED();
        std::string msg;
        // A float model has no packed part to freeze.
        QCOMPARE(errorKindOf(
                     [&] {
                         tuneModelFolder(owqtest::sharedPath("models/stories260K"), target("tune-r1"),
                                         base());
                     },
                     &msg),
                 ErrorKind::Unsupported);
        QVERIFY2(msg.find("packed") != std::string::npos, msg.c_str());
        TuneOptions o = base();
        o.seqlen = 4096;
        QCOMPARE(errorKindOf([&] { tuneModelFolder(owq3_, target("tune-r2"), o); }),
                 ErrorKind::InvalidArgument);
        o = base();
        o.saveEvery = 5; // no checkpoint folder
        QCOMPARE(errorKindOf([&] { tuneModelFolder(owq3_, target("tune-r3"), o); }),
                 ErrorKind::InvalidArgument);
        // A non-empty output folder is refused before any training.
        const std::string full = owqtest::scratchDir("tune-r4");
        owqtest::writeFile(full + "/x", "x");
        int steps = 0;
        QCOMPARE(
            errorKindOf([&] { tuneModelFolder(owq3_, full, base(), [&](const TuneStep&) { ++steps; }); }),
            ErrorKind::InvalidArgument);
        QCOMPARE(steps, 0);
        QCOMPARE(errorKindOf([] { parseLrSchedule("step"); }), ErrorKind::InvalidArgument);
        QCOMPARE(parseTuneDataFormat("jsonl"), TuneDataFormat::Jsonl);
    }

    void cliTune() {
        OWQ_REQUIRE_SHARED();
        const QString out = QString::fromStdString(target("tune-cli"));
        QProcess p;
        p.start(OWQ_CLI_PATH, {"--json",       "-q",
                               "tune",         QString::fromStdString(owq3_),
                               "--data",       QString::fromStdString(trainFile_),
                               "--eval",       QString::fromStdString(evalFile_),
                               "--steps",      "4",
                               "--lr",         "0.002",
                               "--batch",      "4",
                               "--seqlen",     "64",
                               "--save-every", "2",
                               "--out",        out});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(j["steps"].toInt(), 4);
        QCOMPARE(j["history"].toArray().size(), 5);
        QVERIFY(j["trainable_parameters"].toInt() > 0);
        QVERIFY(j["memory"].toObject()["full_finetune_bytes"].toDouble() > 0);
        QCOMPARE(j["checkpoints"].toArray().size(), 2); // default folder OUT.checkpoints
        QVERIFY(fs::exists(out.toStdString() + ".checkpoints/step-000004/tune_state.json"));
        QVERIFY(fs::exists(out.toStdString() + "/owq_tuning.json"));
        // Listed in the help; usage errors exit 2.
        QProcess h;
        h.start(OWQ_CLI_PATH, {"--help"});
        QVERIFY(h.waitForFinished(60000));
        QVERIFY(h.readAllStandardOutput().contains("tune"));
        QProcess q;
        q.start(OWQ_CLI_PATH,
                {"-q", "tune", QString::fromStdString(owq3_), "--data", QString::fromStdString(trainFile_),
                 "--schedule", "step", "--out", out + "-x"});
        QVERIFY(q.waitForFinished(300000));
        QCOMPARE(q.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestTune)
#include "test_tune.moc"
