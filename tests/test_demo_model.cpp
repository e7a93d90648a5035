// The demo model: the story corpus generator, the whole build (tokenizer training, LibTorch training, HF
// folder) at a reduced step count, refusal and cancellation without leftovers, repeatability, and the full
// default build against its time budget and text quality.
#include "owq/demo_model.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "testutil.h"

#include <QtTest>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>
#include <set>

namespace fs = std::filesystem;
using namespace owq;

namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string::npos ? text.size() : nl;
        out.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

// Lower-case runs of letters.
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            w += char(std::tolower(static_cast<unsigned char>(c)));
        } else if (!w.empty()) {
            out.push_back(w);
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(w);
    return out;
}

// Folders beside `target` whose names start with "<target name>.tmp-" (a build's temporary folder).
std::vector<std::string> leftovers(const fs::path& target) {
    std::vector<std::string> out;
    const std::string prefix = target.filename().string() + ".tmp-";
    for (const auto& e : fs::directory_iterator(target.parent_path()))
        if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path().string());
    return out;
}

template <class F> std::optional<Error> errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace

class TestDemoModel : public QObject {
    Q_OBJECT

private slots:
    void corpusIsDeterministicAndSeedSensitive() {
        const std::string a = generateStoryCorpus(7, 40);
        QCOMPARE(generateStoryCorpus(7, 40), a);
        QVERIFY(generateStoryCorpus(8, 40) != a);
        // A longer corpus starts with the shorter one (one generator, one story after another).
        QCOMPARE(generateStoryCorpus(7, 80).substr(0, a.size()), a);
        QVERIFY(generateStoryCorpus(7, 0).empty());
    }

    void corpusLooksLikeStories() {
        const std::string corpus = generateStoryCorpus(20261126, 200);
        const auto stories = lines(corpus);
        QCOMPARE(int(stories.size()), 200);
        std::size_t quotes = 0, sentences = 0, bytes = 0;
        std::set<std::string> openings;
        for (const std::string& s : stories) {
            QVERIFY2(s.size() > 200 && s.size() < 2000, s.c_str());
            QVERIFY2(contains(s, "The end."), s.c_str());
            QVERIFY2(std::isupper(static_cast<unsigned char>(s[0])), s.c_str());
            for (char c : s) {
                QVERIFY2(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f,
                         s.c_str());
                quotes += c == '"';
                sentences += c == '.' || c == '!' || c == '?';
            }
            QVERIFY2(std::count(s.begin(), s.end(), '"') % 2 == 0, s.c_str()); // quotes are balanced
            QVERIFY2(!contains(s, "{") && !contains(s, "}") && !contains(s, "  "), s.c_str());
            openings.insert(s.substr(0, s.find(' ', s.find(' ') + 1)));
            bytes += s.size();
        }
        QVERIFY2(sentences >= 200 * 8, qPrintable(QString::number(sentences)));
        QVERIFY2(quotes >= 200 * 2, qPrintable(QString::number(quotes)));
        QVERIFY(openings.size() >= 4); // varied templates
        // A readable vocabulary: a few hundred distinct words, most of them used many times.
        std::set<std::string> vocab;
        for (const auto& w : words(corpus)) vocab.insert(w);
        QVERIFY2(vocab.size() > 200 && vocab.size() < 1500, qPrintable(QString::number(vocab.size())));
        qInfo("200 stories: %zu bytes, %zu sentences, %zu distinct words", bytes, sentences, vocab.size());
    }

    void buildsLoadableModelWithReducedSteps() {
        const fs::path target = fs::path(owqtest::scratchDir("demo-small")) / "demo";
        fs::create_directories(target); // an existing empty folder is accepted
        DemoModelOptions o;
        o.trainSteps = 150;
        std::set<std::string> stages;
        long long lastTrain = 0;
        const auto t0 = std::chrono::steady_clock::now();
        const DemoModelReport r = makeDemoModel(target.string(), o,
                                                {[&](const Progress& p) {
                                                     stages.insert(p.stage);
                                                     if (p.stage == "train") {
                                                         QCOMPARE(p.total, 150LL);
                                                         lastTrain = p.done;
                                                     }
                                                 },
                                                 nullptr});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("150 steps: %.1f s (corpus %.1f, tokenizer %.1f, train %.1f); loss %.3f -> %.3f; %lld params",
              seconds, r.corpusSeconds, r.tokenizerSeconds, r.trainSeconds, r.firstLoss, r.finalLoss,
              (long long)r.parameters);
        QVERIFY(stages.count("corpus") && stages.count("tokenizer") && stages.count("train"));
        QCOMPARE(lastTrain, 150LL);
        QCOMPARE(r.steps, 150);
        QCOMPARE(fs::path(r.dir), target);
        QVERIFY(r.corpusBytes > 100000);
        QVERIFY(r.corpusTokens > 10000);
        QVERIFY(r.parameters > 100000);
        // Untrained: about ln(vocab) nats per token; trained: well below.
        QVERIFY2(std::abs(r.firstLoss - std::log(double(r.vocabSize))) < 1.0,
                 qPrintable(QString::number(r.firstLoss)));
        QVERIFY2(r.finalLoss < r.firstLoss - 2.5, qPrintable(QString::number(r.finalLoss)));
        QVERIFY(r.seconds > 0 && r.trainSeconds > 0 && r.trainSeconds <= r.seconds);

        for (const char* f : {"config.json", "model.safetensors", "tokenizer.model", "tokenizer_config.json",
                              "generation_config.json", "README.md", "corpus.txt"})
            QVERIFY2(fs::is_regular_file(target / f), f);
        QVERIFY(!fs::exists(target / "tokenizer.vocab"));
        QVERIFY(leftovers(target).empty());
        const std::string card = owqtest::readFile((target / "README.md").string());
        QVERIFY(contains(card, "not a real language model"));

        auto lm = LanguageModel::open(target.string());
        const ModelConfig& c = lm->config();
        QCOMPARE(c.modelType, std::string("llama"));
        QCOMPARE(c.vocabSize, r.vocabSize);
        QCOMPARE(std::int64_t(lm->tokenizer()->vocabSize()), r.vocabSize);
        QVERIFY(c.tieWordEmbeddings);
        QVERIFY(c.numKvHeads < c.numHeads); // grouped-query attention
        QCOMPARE(c.parameterCount(), r.parameters);
        QVERIFY(lm->checkpoint().has("model.embed_tokens.weight"));
        QVERIFY(!lm->checkpoint().has("lm_head.weight")); // tied: stored once
        QCOMPARE(lm->tokenizer()->bosId(), 1);
        QCOMPARE(lm->tokenizer()->eosId(), 2);
        QVERIFY(lm->tokenizer()->byteValue(lm->tokenizer()->pieceToId("<0x41>")) == 0x41); // byte fallback

        SamplingOptions s;
        s.temperature = 0;
        s.maxTokens = 40;
        const GenerationResult g = lm->generateText("Once upon a time", s);
        QVERIFY(!g.tokens.empty());
        QVERIFY(!g.text.empty());
        qInfo("greedy after 150 steps: %s", g.text.c_str());
    }

    void refusesNonEmptyFolder() {
        const fs::path target = fs::path(owqtest::scratchDir("demo-refuse")) / "taken";
        fs::create_directories(target);
        owqtest::writeFile((target / "keep.txt").string(), "mine");
        auto e = errorOf([&] { makeDemoModel(target.string(), {}); });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ErrorKind::InvalidArgument);
        QVERIFY2(contains(e->what(), target.string()), e->what());
        QVERIFY2(contains(e->what(), "folder is not empty"), e->what());
        QCOMPARE(owqtest::readFile((target / "keep.txt").string()), std::string("mine"));
        QVERIFY(leftovers(target).empty());

        // A file in the way is refused too; a trailing slash names the same folder.
        const fs::path file = target.parent_path() / "a-file";
        owqtest::writeFile(file.string(), "x");
        e = errorOf([&] { makeDemoModel(file.string(), {}); });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ErrorKind::InvalidArgument);
        e = errorOf([&] { makeDemoModel(target.string() + "/", {}); });
        QVERIFY(e.has_value());
        QVERIFY2(contains(e->what(), "folder is not empty"), e->what());
    }

    void cancellationLeavesNothingBehind() {
        const fs::path target = fs::path(owqtest::scratchDir("demo-cancel")) / "demo";
        CancelToken cancel;
        DemoModelOptions o;
        o.trainSteps = 500;
        long long trained = 0;
        auto e = errorOf([&] {
            makeDemoModel(target.string(), o,
                          {[&](const Progress& p) {
                               if (p.stage == "train") trained = p.done;
                               if (p.stage == "train" && p.done >= 3) cancel.cancel();
                           },
                           &cancel});
        });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ErrorKind::Cancelled);
        QVERIFY(trained >= 3 && trained < 10);
        QVERIFY(!fs::exists(target));
        QVERIFY(leftovers(target).empty());
        QVERIFY(fs::is_empty(target.parent_path()));

        // Cancelled before training starts (while the tokenizer is built).
        cancel.reset();
        e = errorOf([&] {
            makeDemoModel(target.string(), o,
                          {[&](const Progress& p) {
                               if (p.stage == "tokenizer") cancel.cancel();
                           },
                           &cancel});
        });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ErrorKind::Cancelled);
        QVERIFY(fs::is_empty(target.parent_path()));
    }

    void sameSeedSameBytes() {
        const fs::path root = owqtest::scratchDir("demo-repeat");
        DemoModelOptions o;
        o.trainSteps = 25;
        makeDemoModel((root / "a").string(), o);
        makeDemoModel((root / "b").string(), o);
        for (const char* f : {"model.safetensors", "tokenizer.model", "config.json", "corpus.txt"})
            QVERIFY2(owqtest::readFile((root / "a" / f).string()) ==
                         owqtest::readFile((root / "b" / f).string()),
                     f);
        o.seed += 1;
        makeDemoModel((root / "c").string(), o);
        QVERIFY(owqtest::readFile((root / "a" / "model.safetensors").string()) !=
                owqtest::readFile((root / "c" / "model.safetensors").string()));
    }

    // The full default build: the time budget of the issue (under 3 minutes on 2 CPU cores) and text made of
    // the corpus's words at temperature 0.7. The slow slot of this suite.
    void fullDefaultBuildWritesReadableText() {
#ifdef OWQ_SANITIZED_BUILD
        // What this adds to buildsLoadableModelWithReducedSteps is the time budget and the text quality of
        // the full training run, neither of which an instrumented build can speak to; the code paths are
        // the same, and they run under the sanitizers there.
        QSKIP("the full build's time budget and text quality are checked in the normal build");
#endif
        const fs::path target = fs::path(owqtest::scratchDir("demo-full")) / "demo";
        const std::clock_t cpu0 = std::clock();
        const DemoModelReport r = makeDemoModel(target.string());
        const double cpuSeconds = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
        qInfo("full build: %.1f s wall, %.1f s CPU (corpus %.1f, tokenizer %.1f, train %.1f); %d steps, loss "
              "%.3f "
              "-> %.3f; %lld params, %lld corpus tokens",
              r.seconds, cpuSeconds, r.corpusSeconds, r.tokenizerSeconds, r.trainSeconds, r.steps,
              r.firstLoss, r.finalLoss, (long long)r.parameters, (long long)r.corpusTokens);
        // The budget is 3 minutes on 2 idle cores. The build trains on one thread, so its CPU time is its
        // wall time on an idle machine; CPU time is what is checked, as it does not depend on what else runs.
        QVERIFY2(cpuSeconds < 180, qPrintable(QString::number(cpuSeconds)));
        if (r.seconds > 180)
            qWarning("wall time %.1f s: the machine is busy (CPU time %.1f s)", r.seconds, cpuSeconds);
        QVERIFY2(r.finalLoss < 1.0, qPrintable(QString::number(r.finalLoss)));

        std::set<std::string> vocab;
        for (const auto& w : words(owqtest::readFile((target / "corpus.txt").string()))) vocab.insert(w);
        auto lm = LanguageModel::open(target.string());
        std::size_t known = 0, total = 0, endings = 0;
        for (int seed = 0; seed < 6; ++seed) {
            SamplingOptions s;
            s.temperature = seed == 0 ? 0.0f : 0.7f;
            s.seed = std::uint64_t(seed);
            s.maxTokens = 200;
            const GenerationResult g = lm->generateText("Once upon a time", s);
            qInfo("T=%.1f seed %d: %s", double(s.temperature), seed, g.text.c_str());
            QVERIFY(contains(g.text, "."));
            endings += g.stopReason == "eos" || contains(g.text, "The end.");
            for (const auto& w : words(g.text)) {
                ++total;
                known += vocab.count(w);
            }
        }
        qInfo("%zu of %zu generated words are corpus words; %zu of 6 stories ended", known, total, endings);
        QVERIFY(total >= 100);
        QVERIFY2(double(known) >= 0.9 * double(total), qPrintable(QString("%1/%2").arg(known).arg(total)));
    }
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "test_demo_model.moc"
