// Every family of the architecture table end to end on tiny random checkpoints (core's writeRandomModel, the
// same writer as bench/make_random_model --arch): opening and describing it, greedy decoding through the KV
// cache against recomputing the whole sequence (past the sliding window where the family has one), RTN,
// GPTQ and OWQ quantization with the packed model's perplexity equal to the fake-quantized one's, the hf
// export reloading with the packed model's logits, the weak-column budget against the OWQ reference's rule
// (main.py: r = 12/(16-b) * (B-b) / linears, count = round(in * r * ratio), odd counts + 1), and clear errors
// for a family's missing or mis-shaped tensors. The forward pass itself is checked against an independent
// oracle in test_family_oracle.
#include "catch_error.h"
#include "greedy_check.h"
#include "random_models.h"
#include "testutil.h"

#include "owq/architecture.h"
#include "owq/checkpoint.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/export.h"
#include "owq/quant_pipeline.h"
#include "owq/random_model.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

using namespace owq;
namespace fs = std::filesystem;

namespace {

struct Row {
    const char* name;
    RandomModelOptions options;
    const char* tokenizer = "models/stories260K/tokenizer.model"; // under ../shared
};

RandomModelOptions tiny(const char* arch) {
    return owqtest::tinyRandomOptions(arch);
}

const std::vector<Row>& rows() {
    static const std::vector<Row> r = [] {
        std::vector<Row> v;
        v.push_back({"llama", tiny("llama")});
        Row mistral{"mistral-window-8", tiny("mistral")};
        mistral.options.slidingWindow = 8;
        v.push_back(mistral);
        v.push_back({"qwen2", tiny("qwen2")});
        Row qwen3{"qwen3-head-dim-32-qwen3-tokenizer", tiny("qwen3")};
        qwen3.options.headDim = 32;
        qwen3.options.tied = 1;
        qwen3.tokenizer = "tokenizers/qwen3";
        v.push_back(qwen3);
        Row phi3{"phi3-window-8", tiny("phi3")};
        phi3.options.slidingWindow = 8;
        v.push_back(phi3);
        Row longrope{"phi3-longrope-32", tiny("phi3")};
        longrope.options.longropeOriginal = 32;
        v.push_back(longrope);
        Row gemma2{"gemma2-window-8", tiny("gemma2")};
        gemma2.options.slidingWindow = 8;
        gemma2.options.headDim = 32;
        v.push_back(gemma2);
        v.push_back({"opt-stories-tokenizer", tiny("opt")});
        Row opt350{"opt-350m-layout", tiny("opt")};
        opt350.options.wordEmbedDim = 32;
        opt350.options.optPostNorm = true;
        v.push_back(opt350);
        return v;
    }();
    return r;
}

std::string modelOf(int row) {
    static std::map<int, std::string> made;
    if (!made.count(row)) {
        const Row& r = rows()[std::size_t(row)];
        const std::string dir = owqtest::scratchDir(std::string("family-") + r.name);
        RandomModelOptions o = r.options;
        o.seed = 100 + unsigned(row);
        writeRandomModel(dir, owqtest::sharedPath(r.tokenizer), o);
        made[row] = dir;
    }
    return made[row];
}

std::vector<std::int32_t> randomIds(int n, std::int64_t vocab, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::int32_t> d(3, std::int32_t(std::min<std::int64_t>(vocab, 512)) - 1);
    std::vector<std::int32_t> ids(static_cast<std::size_t>(n));
    for (auto& id : ids) id = d(rng);
    return ids;
}

std::string evalText() {
    return readTextFile(owqtest::sharedPath("data/eval.txt")).substr(0, 6000);
}

double maxRelative(const std::vector<float>& a, const std::vector<float>& b) {
    double diff = 0, scale = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, std::abs(double(a[i]) - double(b[i])));
        scale = std::max(scale, std::abs(double(b[i])));
    }
    return diff / std::max(scale, 1e-30);
}

// The reference's weak-column count for one linear (OWQ main.py, written out here from its formula).
int referenceCount(std::int64_t in, int bits, double target, int linears, double ratio) {
    const double r = 12.0 / (16.0 - bits) * (target - bits) / double(linears);
    int n = int(std::nearbyint(double(in) * r * ratio));
    return n % 2 == 1 ? n + 1 : n;
}

// The Format error opening `dir` gives, which must name every part.
void expectOpenError(const std::string& dir, const std::vector<std::string>& parts) {
    const auto e = owqtest::catchError([&] { LanguageModel::open(dir); });
    QVERIFY2(e.has_value(), "no error");
    QCOMPARE(int(e->kind()), int(ErrorKind::Format));
    for (const std::string& p : parts) QVERIFY2(owqtest::contains(e->what(), p), e->what());
    qInfo("%s", e->what());
}

ModelConfig configOf(const nlohmann::json& j) {
    return parseModelConfig(j.dump(), "test config.json");
}

} // namespace

class TestFamilies : public QObject {
    Q_OBJECT

    static void addRows() {
        QTest::addColumn<int>("row");
        for (std::size_t i = 0; i < rows().size(); ++i) QTest::newRow(rows()[i].name) << int(i);
    }

private slots:
    void opensAndDescribesItself_data() { addRows(); }
    void opensAndDescribesItself() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, row);
        const Row& r = rows()[std::size_t(row)];
        auto lm = LanguageModel::open(modelOf(row), {"cpu", 1});
        const ModelConfig& c = lm->config();
        QCOMPARE(QString::fromStdString(c.modelType), QString(r.options.arch.c_str()));
        const Architecture& a = architectureOf(c);
        QVERIFY(owqtest::contains(describeArchitecture(c), a.family));
        // Every tensor the table expects is there with its shape, and nothing else is.
        const auto expected = expectedTensors(c);
        QCOMPARE(lm->checkpoint().tensorNames().size(), expected.size());
        for (const auto& [name, shape] : expected) QVERIFY2(lm->checkpoint().has(name), name.c_str());
        // The linears per layer: q/k/v/o + gate/up/down, fused qkv + gate_up for Phi-3, fc1/fc2 for OPT.
        const std::size_t linears = layerLinears(c).size();
        QCOMPARE(linears, std::size_t(a.fusedQkv ? 4 : a.gatedMlp ? 7 : 6));
        int parts = 0;
        for (const LinearSpec& s : layerLinears(c)) parts += s.parts;
        QCOMPARE(parts, a.gatedMlp ? 7 : 6); // a fused linear counts as its parts in the budget
    }

    void kvCacheDecodeEqualsRecompute_data() { addRows(); }
    void kvCacheDecodeEqualsRecompute() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, row);
        const Row& r = rows()[std::size_t(row)];
        auto lm = LanguageModel::open(modelOf(row), {"cpu", 1});
        // Past the 8-token windows; within Phi-3's original context where longrope switches factors (neither
        // transformers nor the engine re-rotates cached keys when it does).
        const int prompt = 6, generated = r.options.longropeOriginal > 0 ? 20 : 26;
        const std::vector<std::int32_t> ids =
            randomIds(prompt, lm->config().vocabSize, 7 + std::uint64_t(row));
        SamplingOptions greedy;
        greedy.temperature = 0;
        greedy.maxTokens = generated;
        greedy.stopOnEos = false;
        const GenerationResult g = lm->generate(ids, greedy);
        QCOMPARE(int(g.tokens.size()), generated);
        int clear = 0;
        owqtest::checkGreedyTokens(
            ids, g.tokens, 1e-5,
            [&](const std::vector<std::int32_t>& seq) {
                const std::vector<float> all = lm->logits(seq);
                return std::vector<float>(all.end() - std::ptrdiff_t(lm->config().vocabSize), all.end());
            },
            &clear);
        if (QTest::currentTestFailed()) return;
        QVERIFY(clear >= generated - 2);
        qInfo("%s: %d greedy tokens through the KV cache equal recomputing the sequence (%d clear)", r.name,
              generated, clear);
    }

    void quantizedPackedEqualsFake_data() { addRows(); }
    void quantizedPackedEqualsFake() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, row);
        const Row& r = rows()[std::size_t(row)];
        const std::string src = modelOf(row);
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const std::string text = evalText();
        const double fp = LanguageModel::open(src, {"cpu", 1})->perplexity(text, 64).ppl;
        for (Method method : {Method::RTN, Method::GPTQ, Method::OWQ}) {
            QuantRecipe recipe = QuantRecipe::defaults(method, 3);
            if (method == Method::OWQ) recipe.targetBits = 3.1;
            recipe.nsamples = 8;
            recipe.seqlen = 64;
            LoadOptions load{"cpu", 1};
            load.deferLayers = true;
            auto lm = LanguageModel::open(src, load);
            const QuantReport rep = quantizeModel(*lm, calib, recipe);
            const std::vector<LinearSpec> specs = layerLinears(lm->config());
            QCOMPARE(rep.linears.size(), specs.size() * std::size_t(lm->config().numLayers));
            for (std::size_t i = 0; i < rep.linears.size(); ++i) {
                const LinearDiagnostics& d = rep.linears[i];
                QCOMPARE(QString::fromStdString(d.kind),
                         QString::fromStdString(specs[i % specs.size()].kind));
                QCOMPARE(d.rows, specs[i % specs.size()].rows);
                QVERIFY(d.packed);
                QVERIFY(d.errorAfter <= d.errorBefore * 1.0001 || method == Method::RTN);
            }
            if (method == Method::OWQ) QVERIFY(rep.weakColumnsTotal > 0);
            const std::string tag = std::string(r.name) + "-" + methodName(method);
            const std::string packed = owqtest::scratchDir("family-packed-" + tag) + "/m";
            const std::string fake = owqtest::scratchDir("family-fake-" + tag) + "/m";
            savePacked(*lm, rep, packed);
            saveFakeQuantized(*lm, rep, fake);
            const double pp = LanguageModel::open(packed, {"cpu", 1})->perplexity(text, 64).ppl;
            const double pf = LanguageModel::open(fake, {"cpu", 1})->perplexity(text, 64).ppl;
            qInfo("%s %s: fp %.4f, packed %.4f, fake %.4f (relative %.2e)", r.name, methodName(method), fp,
                  pp, pf, std::abs(pp - pf) / pf);
            QVERIFY(std::isfinite(pp) && pp > 1);
            QVERIFY2(std::abs(pp - pf) / pf < 1e-5, qPrintable(QString("%1 vs %2").arg(pp).arg(pf)));
            QVERIFY(std::abs(pp - fp) > 1e-6 * fp); // quantization changed something
        }
    }

    void hfExportReloadsWithThePackedLogits_data() { addRows(); }
    void hfExportReloadsWithThePackedLogits() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, row);
        const Row& r = rows()[std::size_t(row)];
        const std::string src = modelOf(row);
        QuantRecipe recipe = QuantRecipe::defaults(Method::OWQ, 4);
        recipe.targetBits = 4.2;
        recipe.nsamples = 8;
        recipe.seqlen = 64;
        LoadOptions load{"cpu", 1};
        load.deferLayers = true;
        auto lm = LanguageModel::open(src, load);
        const QuantReport rep =
            quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
        const std::string packed = owqtest::scratchDir(std::string("family-hf-src-") + r.name) + "/m";
        savePacked(*lm, rep, packed);
        const std::string out = owqtest::scratchDir(std::string("family-hf-") + r.name) + "/hf";
        ExportOptions o;
        o.format = ExportFormat::Hf;
        exportModelFolder(packed, out, o);
        auto exported = LanguageModel::open(out, {"cpu", 1});
        QVERIFY(exported->config().quantization.method.empty());
        QCOMPARE(QString::fromStdString(exported->config().modelType), QString(r.options.arch.c_str()));
        // The family's own tensor names, every one of them.
        std::vector<std::string> names;
        for (const auto& [name, shape] : expectedTensors(exported->config())) names.push_back(name);
        std::vector<std::string> got = exported->checkpoint().tensorNames();
        std::sort(names.begin(), names.end());
        QCOMPARE(got, names);
        const std::vector<std::int32_t> ids = randomIds(24, exported->config().vocabSize, 99);
        const double rel =
            maxRelative(exported->logits(ids), LanguageModel::open(packed, {"cpu", 1})->logits(ids));
        qInfo("%s: hf float16 export vs packed logits, relative %.2e", r.name, rel);
        QVERIFY2(rel < 5e-3, qPrintable(QString::number(rel))); // float16 rounding of weights and norms
    }

    void paddedVocabularyRowsAreNeverSampled() {
        // OPT pads 50265 tokens to 50272 rows, Qwen3 151669 to 151936: the rows no token stands for must not
        // be sampled (they cannot be decoded). Here 600 rows for the 512 pieces of the stories tokenizer.
        OWQ_REQUIRE_SHARED();
        RandomModelOptions o = tiny("opt");
        o.vocab = 600;
        const std::string dir = owqtest::scratchDir("family-padded-vocab");
        writeRandomModel(dir, owqtest::sharedPath("models/stories260K/tokenizer.model"), o);
        auto lm = LanguageModel::open(dir, {"cpu", 1});
        QCOMPARE(lm->config().vocabSize, std::int64_t(600));
        SamplingOptions s;
        s.temperature = 1.5f;
        s.topK = 0;
        s.topP = 1.0f;
        s.maxTokens = 200;
        s.stopOnEos = false;
        s.seed = 5;
        const GenerationResult g = lm->generateText("Once upon a time", s);
        QCOMPARE(int(g.tokens.size()), 200);
        for (std::int32_t id : g.tokens) QVERIFY2(id < 512, qPrintable(QString::number(id)));
    }

    void reportSaysWhatRan() {
        // A recipe's 0s (default window, the family's budget shares) come back resolved in the report, so
        // front ends and model cards print what ran rather than re-deriving it.
        OWQ_REQUIRE_SHARED();
        QuantRecipe recipe = QuantRecipe::defaults(Method::OWQ, 3);
        recipe.targetBits = 3.1;
        recipe.nsamples = 2;
        LoadOptions load{"cpu", 1};
        load.deferLayers = true;
        auto lm = LanguageModel::open(modelOf(7), load); // OPT, context 256
        QCOMPARE(recipe.seqlen, 0);
        const QuantReport rep =
            quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
        QCOMPARE(rep.recipe.seqlen, 256);
        QCOMPARE(rep.calibrationTokens, std::int64_t(2 * 256));
        QCOMPARE(rep.recipe.attentionRatio, 1.0);
        QCOMPARE(rep.recipe.mlpRatio, 0.25);
        QCOMPARE(QuantReport::fromJson(rep.toJson()).recipe.seqlen, 256);
    }

    void weakColumnBudgetFollowsTheReference() {
        // OPT-6.7b and LLaMA-2-7b shapes as their config.json files give them.
        const nlohmann::json opt = {{"model_type", "opt"},
                                    {"hidden_size", 4096},
                                    {"ffn_dim", 16384},
                                    {"num_hidden_layers", 32},
                                    {"num_attention_heads", 32},
                                    {"vocab_size", 50272},
                                    {"max_position_embeddings", 2048},
                                    {"word_embed_proj_dim", 4096}};
        const nlohmann::json llama = {{"model_type", "llama"},      {"hidden_size", 4096},
                                      {"intermediate_size", 11008}, {"num_hidden_layers", 32},
                                      {"num_attention_heads", 32},  {"vocab_size", 32000}};
        for (const double target : {3.01, 3.1, 3.2}) {
            QuantRecipe recipe = QuantRecipe::defaults(Method::OWQ, 3);
            recipe.targetBits = target;
            // OPT: 6 linears, attention 1, fc1/fc2 0.25 (the reference's model_config.json "opt").
            const auto planOpt = weakColumnPlan(configOf(opt), recipe);
            for (const char* k : {"q_proj", "k_proj", "v_proj", "out_proj"})
                QCOMPARE(planOpt.at(k), referenceCount(4096, 3, target, 6, 1.0));
            QCOMPARE(planOpt.at("fc1"), referenceCount(4096, 3, target, 6, 0.25));
            QCOMPARE(planOpt.at("fc2"), referenceCount(16384, 3, target, 6, 0.25));
            // LLaMA: 7 linears, attention 1, MLP 0.375.
            const auto planLlama = weakColumnPlan(configOf(llama), recipe);
            QCOMPARE(planLlama.at("q_proj"), referenceCount(4096, 3, target, 7, 1.0));
            QCOMPARE(planLlama.at("gate_proj"), referenceCount(4096, 3, target, 7, 0.375));
            QCOMPARE(planLlama.at("down_proj"), referenceCount(11008, 3, target, 7, 0.375));
            // Phi-3 fuses q/k/v and gate/up: each fused linear gets the columns its parts would in the same
            // model unfused (the columns span all their rows, so the same bits are spent).
            nlohmann::json phi3 = llama;
            phi3["model_type"] = "phi3";
            const auto planPhi3 = weakColumnPlan(configOf(phi3), recipe);
            QCOMPARE(planPhi3.at("qkv_proj"), planLlama.at("q_proj"));
            QCOMPARE(planPhi3.at("gate_up_proj"), planLlama.at("gate_proj"));
            QCOMPARE(planPhi3.at("down_proj"), planLlama.at("down_proj"));
            // The same bits but for the weak columns' int32 indices, which a fused linear stores once for
            // all its parts (a few 1e-5 bits per weight at these targets).
            const double fused = averageBitsPerWeight(configOf(phi3), recipe);
            const double split = averageBitsPerWeight(configOf(llama), recipe);
            QVERIFY(fused < split && split - fused < 1e-4);
        }
        // 3.01 bits on OPT-6.7b: 6 weak columns in attention, 2 in fc1, 6 in fc2 (r = 12/13 * 0.01 / 6).
        QuantRecipe recipe = QuantRecipe::defaults(Method::OWQ, 3);
        recipe.targetBits = 3.01;
        const auto plan = weakColumnPlan(configOf(opt), recipe);
        QCOMPARE(plan.at("q_proj"), 6);
        QCOMPARE(plan.at("fc1"), 2);
        QCOMPARE(plan.at("fc2"), 6);
        // Explicit shares still override the family's.
        recipe.mlpRatio = 0.375;
        QCOMPARE(weakColumnPlan(configOf(opt), recipe).at("fc2"), referenceCount(16384, 3, 3.01, 6, 0.375));
    }

    void errorsNameTheFamilysTensor_data() {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("tensor");
        QTest::addColumn<bool>("reshape"); // false: drop it from the index
        QTest::newRow("opt missing fc1.bias") << 7 << "model.decoder.layers.0.fc1.bias" << false;
        QTest::newRow("opt missing positions") << 7 << "model.decoder.embed_positions.weight" << false;
        QTest::newRow("gemma2 missing post_feedforward_layernorm")
            << 6 << "model.layers.1.post_feedforward_layernorm.weight" << false;
        QTest::newRow("qwen3 mis-shaped q_norm") << 3 << "model.layers.0.self_attn.q_norm.weight" << true;
        QTest::newRow("phi3 mis-shaped qkv_proj") << 4 << "model.layers.1.self_attn.qkv_proj.weight" << true;
        QTest::newRow("opt-350m missing project_in") << 8 << "model.decoder.project_in.weight" << false;
    }
    void errorsNameTheFamilysTensor() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, row);
        QFETCH(QString, tensor);
        QFETCH(bool, reshape);
        const std::string name = tensor.toStdString();
        const std::string dir = owqtest::scratchDir("family-bad-" + name);
        fs::copy(modelOf(row), dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        const std::string indexPath = dir + "/model.safetensors.index.json";
        nlohmann::json index = nlohmann::json::parse(owqtest::readFile(indexPath));
        const std::string shard = index["weight_map"][name].get<std::string>();
        if (!reshape) {
            index["weight_map"].erase(name);
            owqtest::writeFile(indexPath, index.dump());
            expectOpenError(dir, {dir, "'" + name + "' is missing"});
            return;
        }
        // Rewrite the shard with that tensor's first dimension one short.
        auto f = SafetensorsFile::open(dir + "/" + shard);
        std::vector<std::vector<float>> keep;
        std::vector<TensorToWrite> writes;
        for (const TensorInfo& info : f->tensors()) {
            std::vector<float> v = f->readFloat(info);
            std::vector<std::int64_t> shape = info.shape;
            if (info.name == name) {
                v.resize(v.size() / std::size_t(shape[0]) * std::size_t(shape[0] - 1));
                shape[0] -= 1;
            }
            keep.push_back(std::move(v));
            writes.push_back({info.name, DType::F32, shape, keep.back().data(), keep.back().size() * 4});
        }
        const std::string tmp = dir + "/rewritten.safetensors";
        writeSafetensors(tmp, writes);
        f.reset();
        fs::rename(tmp, dir + "/" + shard);
        expectOpenError(dir, {shard, "'" + name + "' has shape", "from config.json"});
    }
};

QTEST_GUILESS_MAIN(TestFamilies)
#include "test_families.moc"
