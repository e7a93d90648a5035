// Multiple-choice accuracy (owq/choice_eval.h, docs/EVALUATION.md) on tests/data/choice_cloze.jsonl, cloze
// items this file generates from the demo model's story grammar (never a copied benchmark): the committed
// file equals the generator's output (OWQ_REGENERATE_FIXTURES=1 rewrites it); every choice's score equals
// the difference of two perplexity-path NLLs (prefix and whole sequence); acc, acc_norm and their standard
// errors recounted here from the scores; the float stories260K well above chance and a packed RTN 3-bit
// model scored from its codes; bad files refused naming the file and the line; progress and cancel.
#include "catch_error.h"
#include "owq/choice_eval.h"
#include "owq/demo_model.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/eval_path.h"
#include "owq/export.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>
#include <set>

using namespace owq;

namespace {

const std::string kFixture = std::string(OWQ_TEST_DATA_DIR) + "/choice_cloze.jsonl";

// Sentences of the story corpus that end in "<word>." with a plain lowercase word.
struct Sentence {
    std::string before; // the story up to this sentence's last word (no trailing space)
    std::string word;   // the last word, with its period
};

std::vector<Sentence> clozeSentences(const std::string& corpus) {
    std::vector<Sentence> out;
    std::size_t pos = 0;
    while (pos < corpus.size()) {
        const std::size_t end = std::min(corpus.find('\n', pos), corpus.size());
        const std::string story = corpus.substr(pos, end - pos);
        pos = end + 1;
        for (std::size_t dot = story.find(". "); dot != std::string::npos; dot = story.find(". ", dot + 1)) {
            const std::size_t sp = story.rfind(' ', dot);
            if (sp == std::string::npos) continue;
            const std::string w = story.substr(sp + 1, dot - sp - 1);
            bool plain = w.size() >= 3;
            for (char c : w) plain = plain && c >= 'a' && c <= 'z';
            if (plain) out.push_back({story.substr(0, sp), w + "."});
        }
    }
    return out;
}

// The fixture: each item is a story cut before a sentence's last word; the choices are that word and three
// other sentences' last words, the right one at a random place. Deterministic (mt19937_64, modulo).
std::string generateFixture() {
    const std::vector<Sentence> s = clozeSentences(generateStoryCorpus(2024, 400));
    std::mt19937_64 rng(24);
    std::string out;
    std::set<std::size_t> used;
    for (int item = 0; item < 60;) {
        const std::size_t i = rng() % s.size();
        if (!used.insert(i).second) continue;
        std::vector<std::string> choices{s[i].word};
        while (choices.size() < 4) {
            const std::string& w = s[rng() % s.size()].word;
            if (std::find(choices.begin(), choices.end(), w) == choices.end()) choices.push_back(w);
        }
        const std::size_t label = rng() % 4;
        std::swap(choices[0], choices[label]);
        QJsonArray arr;
        for (const std::string& c : choices) arr.append(QString::fromStdString(c));
        const QJsonObject o{
            {"context", QString::fromStdString(s[i].before)}, {"choices", arr}, {"label", int(label)}};
        out += QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString() + "\n";
        ++item;
    }
    return out;
}

std::string errorOf(const std::string& text) {
    const auto e = owqtest::catchError([&] { parseChoiceTasks(text, "tasks.jsonl"); });
    if (!e) return "(no error)";
    return std::string(errorKindName(e->kind())) + ": " + e->what();
}

double stderrOf(const std::vector<double>& v) {
    double m = 0;
    for (double x : v) m += x;
    m /= double(v.size());
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / double(v.size() - 1) / double(v.size()));
}

} // namespace

class TestChoiceEval : public QObject {
    Q_OBJECT

private slots:
    void fixtureIsTheGeneratorsOutput() {
        const std::string generated = generateFixture();
        if (std::getenv("OWQ_REGENERATE_FIXTURES")) owqtest::writeFile(kFixture, generated);
        QCOMPARE(owqtest::readFile(kFixture), generated);
        const ChoiceTasks t = readChoiceTasks(kFixture);
        QCOMPARE(t.items.size(), std::size_t(60));
        QCOMPARE(t.file, std::string("choice_cloze.jsonl"));
        QCOMPARE(t.items[1].line, 2);
    }

    void badFilesNameTheLine() {
        const std::string ok = R"({"context": "a", "choices": ["b", "c"], "label": 1})";
        QVERIFY(parseChoiceTasks(ok + "\n\n" + ok + "\n", "t").items.size() == 2);
        const auto check = [](const std::string& text, const std::string& part) {
            const std::string e = errorOf(text);
            if (!owqtest::contains(e, part)) QFAIL(("expected '" + part + "' in: " + e).c_str());
        };
        check(ok + "\n{not json\n", "format error: tasks.jsonl:2: not JSON (");
        check(ok + "\n" + R"({"choices": ["b", "c"], "label": 0})",
              "tasks.jsonl:2: missing field \"context\"");
        check(R"({"context": "a", "label": 0})", "tasks.jsonl:1: missing field \"choices\"");
        check(R"({"context": "a", "choices": ["b", "c"]})", "tasks.jsonl:1: missing field \"label\"");
        check("\n\n" + std::string(R"({"context": "a", "choices": ["b", "c"], "label": 2})"),
              "tasks.jsonl:3: \"label\" 2 is out of range for 2 choices");
        check(R"({"context": "a", "choices": ["b", "c"], "label": -1})", "out of range");
        check(R"({"context": "a", "choices": ["b"], "label": 0})", "at least two strings");
        check(R"({"context": "a", "choices": ["b", 3], "label": 0})", "not a string");
        check(R"({"context": "a", "choices": ["b", ""], "label": 0})", "an empty string");
        check(R"({"context": 1, "choices": ["b", "c"], "label": 0})", "\"context\" is not a string");
        check(R"({"context": "a", "choices": ["b", "c"], "label": "0"})", "\"label\" is not an integer");
        check("[1, 2]", "not a JSON object");
        check("\n \n", "tasks.jsonl: no task items");
        const auto io = owqtest::catchError([] { readChoiceTasks("/nonexistent/tasks.jsonl"); });
        QVERIFY(io && io->kind() == ErrorKind::Io);
    }

    void scoresEqualThePerplexityPath() {
        OWQ_REQUIRE_SHARED();
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        ChoiceTasks t = readChoiceTasks(kFixture);
        t.items.resize(3);
        const ChoiceResult r = evaluateChoices(*lm, t);
        const Tokenizer& tok = *lm->tokenizer();
        double worst = 0;
        for (std::size_t i = 0; i < t.items.size(); ++i)
            for (std::size_t c = 0; c < t.items[i].choices.size(); ++c) {
                // lm-eval's split, written out: whole text's tokens minus the context's count.
                const std::string ctx = t.items[i].context;
                const std::vector<std::int32_t> whole = tok.encode(ctx + " " + t.items[i].choices[c]);
                const std::size_t n = whole.size() - tok.encode(ctx).size();
                std::vector<std::int32_t> full = tok.startIds();
                full.insert(full.end(), whole.begin(), whole.end());
                const std::vector<std::int32_t> prefix(full.begin(), full.end() - std::ptrdiff_t(n));
                // One window each: the NLL of every token after the first; the difference is the
                // continuation's.
                const double ll = lm->perplexityOfTokens(prefix, std::int64_t(prefix.size())).nll -
                                  lm->perplexityOfTokens(full, std::int64_t(full.size())).nll;
                QCOMPARE(r.items[i].tokens[c], int(n));
                worst = std::max(worst, std::abs(ll - r.items[i].logLikelihoods[c]));
                QVERIFY(r.items[i].logLikelihoods[c] < 0);
            }
        qInfo("largest |difference| from the perplexity path: %.3g nats", worst);
        QVERIFY2(worst < 5e-5, std::to_string(worst).c_str()); // measured 9e-6
    }

    // Layer by layer (a model larger than memory): every sequence through one decoder layer at a time,
    // padded to the longest; the same log-likelihoods as the whole model's batches up to float summation
    // order, so the same predictions. The CLI says which path ran.
    void layerPathScoresAsTheWholeModel() {
        OWQ_REQUIRE_SHARED();
        const std::string stories = owqtest::sharedPath("models/stories260K");
        const ChoiceTasks t = readChoiceTasks(kFixture);
        const ChoiceResult whole = evaluateChoices(*LanguageModel::open(stories), t);
        LoadOptions load;
        load.evalPath = EvalPath::Layers;
        auto lm = LanguageModel::open(stories, load);
        long long layerUnits = 0;
        const ChoiceResult layers = evaluateChoices(*lm, t, {},
                                                    {[&](const Progress& p) {
                                                         if (p.stage == "layers") layerUnits = p.total;
                                                     },
                                                     nullptr});
        QVERIFY(layerUnits > 0); // the layer path ran
        double worst = 0;
        for (std::size_t i = 0; i < t.items.size(); ++i) {
            QCOMPARE(layers.items[i].pred, whole.items[i].pred);
            QCOMPARE(layers.items[i].predNorm, whole.items[i].predNorm);
            for (std::size_t c = 0; c < t.items[i].choices.size(); ++c)
                worst = std::max(
                    worst, std::abs(layers.items[i].logLikelihoods[c] - whole.items[i].logLikelihoods[c]));
        }
        qInfo("layer path: largest |difference| from the whole model %.3g nats", worst);
        QVERIFY2(worst < 5e-5, std::to_string(worst).c_str()); // measured 8.6e-6
        QCOMPARE(layers.acc, whole.acc);

        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("OWQ_EVAL_PATH", "layers");
        p.setProcessEnvironment(env);
        p.start(OWQ_CLI_PATH, {"--json", "eval-choice", QString::fromStdString(stories), "--tasks",
                               QString::fromStdString(kFixture)});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(j["eval_path"].toString(), QString("layers"));
        QVERIFY(std::abs(j["acc"].toDouble() - whole.acc) < 1e-12);
    }

    void floatModelWellAboveChance() {
        OWQ_REQUIRE_SHARED();
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        const ChoiceTasks t = readChoiceTasks(kFixture);
        std::vector<Progress> seen;
        const ChoiceResult r =
            evaluateChoices(*lm, t, {}, {[&](const Progress& p) { seen.push_back(p); }, nullptr});
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back().stage, std::string("choices"));
        QCOMPARE(seen.back().done, 240ll);
        QCOMPARE(seen.back().total, 240ll);
        // acc, acc_norm and their standard errors recounted from the per-choice scores.
        std::vector<double> acc, norm;
        for (std::size_t i = 0; i < t.items.size(); ++i) {
            const auto& ll = r.items[i].logLikelihoods;
            int best = 0, bestNorm = 0;
            for (int c = 1; c < int(ll.size()); ++c) {
                if (ll[c] > ll[best]) best = c;
                const auto len = [&](int k) {
                    return double(QString::fromStdString(t.items[i].choices[k]).toUcs4().size());
                };
                if (ll[c] / len(c) > ll[bestNorm] / len(bestNorm)) bestNorm = c;
            }
            acc.push_back(best == t.items[i].label);
            norm.push_back(bestNorm == t.items[i].label);
        }
        QCOMPARE(r.n, 60ll);
        QCOMPARE(r.acc, std::accumulate(acc.begin(), acc.end(), 0.0) / 60);
        QCOMPARE(r.accNorm, std::accumulate(norm.begin(), norm.end(), 0.0) / 60);
        QVERIFY(std::abs(r.accStderr - stderrOf(acc)) < 1e-12);
        QVERIFY(std::abs(r.accNormStderr - stderrOf(norm)) < 1e-12);
        qInfo("stories260K float: acc %.4f +- %.4f, acc_norm %.4f +- %.4f", r.acc, r.accStderr, r.accNorm,
              r.accNormStderr);
        // Chance is 0.25 with four choices.
        QVERIFY2(r.acc > 0.25 + 4 * r.accStderr, std::to_string(r.acc).c_str());
        QVERIFY2(r.accNorm > 0.25 + 4 * r.accNormStderr, std::to_string(r.accNorm).c_str());

        CancelToken cancel;
        cancel.cancel();
        const auto e = owqtest::catchError([&] { evaluateChoices(*lm, t, {}, {{}, &cancel}); });
        QVERIFY(e && e->kind() == ErrorKind::Cancelled);
    }

    void packedModelAndCli() {
        OWQ_REQUIRE_SHARED();
        const std::string stories = owqtest::sharedPath("models/stories260K");
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(stories, load);
        QuantRecipe recipe = QuantRecipe::defaults(Method::RTN, 3);
        recipe.nsamples = 2;
        recipe.seqlen = 64;
        const QuantReport rep =
            quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
        const std::string dir = owqtest::scratchDir("choice-packed") + "/rtn3";
        savePacked(*lm, rep, dir);
        const ChoiceTasks t = readChoiceTasks(kFixture);
        const ChoiceResult inMemory = evaluateChoices(*lm, t);
        const ChoiceResult packed = evaluateChoices(*LanguageModel::open(dir), t);
        double worst = 0;
        for (std::size_t i = 0; i < t.items.size(); ++i)
            for (std::size_t c = 0; c < 4; ++c)
                worst = std::max(
                    worst, std::abs(inMemory.items[i].logLikelihoods[c] - packed.items[i].logLikelihoods[c]));
        qInfo("packed RTN 3-bit: acc %.4f acc_norm %.4f; largest |difference| from in memory %.3g",
              packed.acc, packed.accNorm, worst);
        QVERIFY2(worst < 1e-5, std::to_string(worst).c_str()); // both run the packed kernels

        QProcess p;
        p.start(OWQ_CLI_PATH, {"--json", "eval-choice", QString::fromStdString(dir), "--tasks",
                               QString::fromStdString(kFixture)});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(j["n"].toInt(), 60);
        QCOMPARE(j["task_file"].toString(), QString("choice_cloze.jsonl"));
        QVERIFY(std::abs(j["acc"].toDouble() - packed.acc) < 1e-12);
        QVERIFY(std::abs(j["acc_norm"].toDouble() - packed.accNorm) < 1e-12);
        QVERIFY(std::abs(j["acc_stderr"].toDouble() - packed.accStderr) < 1e-12);

        // --record keeps it in the diagnostics (twice: replaced, not added); the exported card quotes it.
        for (int i = 0; i < 2; ++i) {
            p.start(OWQ_CLI_PATH, {"-q", "eval-choice", QString::fromStdString(dir), "--tasks",
                                   QString::fromStdString(kFixture), "--record"});
            QVERIFY(p.waitForFinished(300000));
            QCOMPARE(p.exitCode(), 0);
        }
        const QJsonArray evaluations =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(owqtest::readFile(dir + "/owq_diagnostics.json")))
                .object()["evaluations"]
                .toArray();
        QCOMPARE(evaluations.size(), 1);
        const std::string out = owqtest::scratchDir("choice-card") + "/export";
        exportModelFolder(dir, out, {});
        const std::string card = owqtest::readFile(out + "/README.md");
        const std::string row = "| `choice_cloze.jsonl` | `" + t.digest + "` | 60 | " +
                                QString::number(packed.acc, 'f', 4).toStdString() + " +- " +
                                QString::number(packed.accStderr, 'f', 4).toStdString() + " | " +
                                QString::number(packed.accNorm, 'f', 4).toStdString() + " +- ";
        QVERIFY2(owqtest::contains(card, "## Multiple-choice accuracy") && owqtest::contains(card, row),
                 card.c_str());

        const std::string bad = owqtest::scratchDir("choice-bad") + "/bad.jsonl";
        owqtest::writeFile(bad, R"({"context": "a", "choices": ["b", "c"], "label": 5})"
                                "\n");
        p.start(OWQ_CLI_PATH,
                {"eval-choice", QString::fromStdString(dir), "--tasks", QString::fromStdString(bad)});
        QVERIFY(p.waitForFinished(300000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(p.readAllStandardError().contains("bad.jsonl:1: \"label\" 5 is out of range"));
    }
};

QTEST_GUILESS_MAIN(TestChoiceEval)
#include "test_choice_eval.moc"
