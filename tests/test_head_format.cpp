// The LM head kept cheaper (owq quantize --head, docs/FORMAT.md "The head") on stories260K, whose head is
// tied to the embedding: one OWQ run saved with the source head, bf16 and int8; the stored bytes against
// rounding written here; logits of each folder against an oracle folder holding the dequantized head as
// float32 (both the decode kernels, short inputs, and the blocked BLAS path, long ones); the perplexity
// change; the model card; and damaged head tensors refused with the file and the tensor named.
#include "catch_error.h"
#include "owq/checkpoint.h"
#include "owq/engine.h"
#include "owq/export.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/memory_estimate.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace owqtest;

namespace {

const char* kEmbed = "model.embed_tokens.weight";

// float -> bfloat16 bits, round to nearest even, written here from the definition.
std::uint16_t bf16Oracle(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    const std::uint32_t lower = u & 0xffffu, upper = u >> 16;
    if (lower > 0x8000u || (lower == 0x8000u && (upper & 1u))) return std::uint16_t(upper + 1);
    return std::uint16_t(upper);
}

float bf16Value(std::uint16_t h) {
    const std::uint32_t u = std::uint32_t(h) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

template <typename T> std::vector<T> read(const owq::SafetensorsFile& f, const std::string& name) {
    const owq::TensorInfo* info = f.find(name);
    if (!info) return {};
    std::vector<T> v(info->nbytes() / sizeof(T));
    std::memcpy(v.data(), f.data(*info), info->nbytes());
    return v;
}

// Copies folder `src` to `dst`, rewriting model.safetensors: `edit` may change the tensor list (the storage
// vectors keep replaced bytes alive) and config.json.
void rewrite(const std::string& src, const std::string& dst,
             const std::function<void(std::vector<owq::TensorToWrite>&, std::vector<std::vector<char>>&,
                                      nlohmann::json&)>& edit) {
    fs::create_directories(dst);
    for (const auto& e : fs::directory_iterator(src))
        if (e.path().filename() != "model.safetensors" && e.path().filename() != "config.json")
            fs::copy_file(e.path(), dst + "/" + e.path().filename().string());
    auto f = owq::SafetensorsFile::open(src + "/model.safetensors");
    std::vector<owq::TensorToWrite> w;
    for (const owq::TensorInfo& t : f->tensors())
        w.push_back({t.name, t.dtype, t.shape, f->data(t), t.nbytes()});
    std::vector<std::vector<char>> keep;
    keep.reserve(16);
    nlohmann::json cfg = nlohmann::json::parse(owqtest::readFile(src + "/config.json"));
    edit(w, keep, cfg);
    owq::writeSafetensors(dst + "/model.safetensors", w, f->metadata());
    owqtest::writeFile(dst + "/config.json", cfg.dump(2));
}

owq::TensorToWrite& entry(std::vector<owq::TensorToWrite>& w, const std::string& name) {
    for (auto& t : w)
        if (t.name == name) return t;
    throw std::runtime_error("no tensor " + name);
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    double d = 0;
    for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(double(a[i]) - b[i]));
    return d;
}

std::string errorOf(const std::string& dir) {
    auto e = catchError([&] { owq::LanguageModel::open(dir)->logits({1, 2, 3}); });
    return e ? e->what() : std::string("(no error)");
}

} // namespace

class TestHeadFormat : public QObject {
    Q_OBJECT
    std::string dir_;
    std::map<std::string, std::string> folders_; // "source", "bf16", "int8" -> packed folder
    std::vector<std::int32_t> ids_;

private slots:
    void initTestCase() {
        if (!fs::exists(sharedPath("models/stories260K/config.json")))
            QSKIP("shared fixtures (stories260K) not found");
        dir_ = scratchDir("head-format");
        owq::QuantRecipe r = owq::QuantRecipe::defaults(owq::Method::OWQ, 3);
        r.targetBits = 3.1;
        r.nsamples = 16;
        r.seqlen = 128;
        owq::LoadOptions load;
        load.deferLayers = true;
        auto lm = owq::LanguageModel::open(sharedPath("models/stories260K"), load);
        owq::QuantReport rep = owq::quantizeModel(*lm, owq::readTextFile(sharedPath("data/calib.txt")), r);
        for (owq::HeadFormat h : {owq::HeadFormat::Source, owq::HeadFormat::BF16, owq::HeadFormat::Int8}) {
            rep.recipe.head = h;
            const std::string out = dir_ + "/" + owq::headFormatName(h);
            owq::savePacked(*lm, rep, out);
            folders_[owq::headFormatName(h)] = out;
        }
        const std::string text = owq::readTextFile(sharedPath("data/eval.txt"));
        ids_ = owq::LanguageModel::open(folders_["source"])->tokenizer()->encode(text.substr(0, 400), true);
        QVERIFY(ids_.size() > 40);
    }

    // Quantized with --head, the model in memory (the studio's chat and Compare rows) already runs the head
    // its folder will have: the same logits as that folder loaded.
    void inMemoryModelRunsTheSavedHead() {
        for (owq::HeadFormat h : {owq::HeadFormat::BF16, owq::HeadFormat::Int8}) {
            owq::QuantRecipe r = owq::QuantRecipe::defaults(owq::Method::RTN, 4);
            r.head = h;
            auto lm = owq::LanguageModel::open(sharedPath("models/stories260K"));
            owq::QuantReport rep =
                owq::quantizeModel(*lm, owq::readTextFile(sharedPath("data/calib.txt")), r);
            const std::string out = dir_ + "/in-memory-" + owq::headFormatName(h);
            owq::savePacked(*lm, rep, out);
            const std::vector<float> inMemory = lm->logits(ids_),
                                     saved = owq::LanguageModel::open(out)->logits(ids_);
            QVERIFY2(inMemory == saved, owq::headFormatName(h));
        }
    }

    // The memory estimate (owq info, the studio's Model page, the load check) counts the head as kept.
    void memoryEstimateCountsTheHead() {
        auto weightBytes = [&](const char* form) {
            return owq::estimateInferenceMemory(owq::Checkpoint::open(folders_[form])->config(), 1)
                .weightBytes;
        };
        const owq::ModelConfig c = owq::Checkpoint::open(folders_["source"])->config();
        const std::uint64_t vocab = std::uint64_t(c.vocabSize), head = vocab * std::uint64_t(c.embedDim());
        QCOMPARE(weightBytes("source") - weightBytes("bf16"), 2 * head);
        QCOMPARE(weightBytes("source") - weightBytes("int8"), 3 * head - 4 * vocab);
    }

    void recipeCarriesTheHead() {
        owq::QuantRecipe r;
        QVERIFY(!contains(r.toJson(), "\"head\"")); // the default keeps older recipes byte for byte
        r.head = owq::HeadFormat::Int8;
        QCOMPARE(owq::QuantRecipe::fromJson(r.toJson()).head, owq::HeadFormat::Int8);
        QVERIFY(catchError([] { owq::headFormatFromName("fp8"); }));
    }

    void storesTheHeadAsAsked() {
        auto src = owq::SafetensorsFile::open(folders_["source"] + "/model.safetensors");
        auto bf = owq::SafetensorsFile::open(folders_["bf16"] + "/model.safetensors");
        auto i8 = owq::SafetensorsFile::open(folders_["int8"] + "/model.safetensors");
        const std::vector<float> w = read<float>(*src, kEmbed);
        QCOMPARE(src->find(kEmbed)->dtype, owq::DType::F32);
        QCOMPARE(bf->find(kEmbed)->dtype, owq::DType::BF16);
        const std::vector<std::uint16_t> b = read<std::uint16_t>(*bf, kEmbed);
        QCOMPARE(b.size(), w.size());
        for (std::size_t k = 0; k < w.size(); ++k) QCOMPARE(b[k], bf16Oracle(w[k]));
        QVERIFY(!i8->find(kEmbed));
        QCOMPARE(i8->find("model.embed_tokens.qweight")->dtype, owq::DType::I8);
        QCOMPARE(i8->find("model.embed_tokens.scales")->dtype, owq::DType::F32);
        const std::vector<std::int8_t> q = read<std::int8_t>(*i8, "model.embed_tokens.qweight");
        const std::vector<float> s = read<float>(*i8, "model.embed_tokens.scales");
        const std::size_t cols = w.size() / s.size();
        for (std::size_t r = 0; r < s.size(); ++r) {
            float amax = 0;
            for (std::size_t c = 0; c < cols; ++c) amax = std::max(amax, std::fabs(w[r * cols + c]));
            QVERIFY(std::fabs(s[r] - amax / 127) <= 1e-6f * amax);
            for (std::size_t c = 0; c < cols; ++c)
                QVERIFY(std::fabs(s[r] * q[r * cols + c] - w[r * cols + c]) <= 0.5001f * s[r]);
        }
        // Version 2 only where the int8 tensors are.
        for (const auto& [head, version] : {std::pair{"source", 1}, {"bf16", 1}, {"int8", 2}}) {
            const auto qc =
                nlohmann::json::parse(readFile(folders_[head] + "/config.json"))["quantization_config"];
            QCOMPARE(qc["format_version"].get<int>(), version);
            QCOMPARE(qc.value("head", std::string("source")), std::string(head));
        }
    }

    // Each folder's logits against the same quantized model with the dequantized head in float32.
    void logitsMatchTheDequantizedHead_data() {
        QTest::addColumn<QString>("head");
        QTest::newRow("bf16") << "bf16";
        QTest::newRow("int8") << "int8";
    }
    void logitsMatchTheDequantizedHead() {
        QFETCH(QString, head);
        const std::string h = head.toStdString();
        auto f = owq::SafetensorsFile::open(folders_[h] + "/model.safetensors");
        std::vector<float> deq;
        if (h == "bf16")
            for (std::uint16_t v : read<std::uint16_t>(*f, kEmbed)) deq.push_back(bf16Value(v));
        else {
            const auto q = read<std::int8_t>(*f, "model.embed_tokens.qweight");
            const auto s = read<float>(*f, "model.embed_tokens.scales");
            for (std::size_t k = 0; k < q.size(); ++k) deq.push_back(s[k / (q.size() / s.size())] * q[k]);
        }
        const std::string oracle = dir_ + "/oracle-" + h;
        rewrite(folders_["source"], oracle, [&](auto& w, auto&, auto&) {
            auto& e = entry(w, kEmbed);
            e.data = deq.data();
        });
        auto model = owq::LanguageModel::open(folders_[h]);
        auto ref = owq::LanguageModel::open(oracle);
        auto source = owq::LanguageModel::open(folders_["source"]);
        for (std::size_t n : {std::size_t(3), ids_.size()}) { // decode kernels; blocked BLAS (> 16 rows)
            const std::vector<std::int32_t> ids(ids_.begin(), ids_.begin() + std::ptrdiff_t(n));
            const std::vector<float> got = model->logits(ids), want = ref->logits(ids),
                                     src = source->logits(ids);
            double scale = 0;
            for (float v : want) scale = std::max(scale, double(std::fabs(v)));
            const double d = maxAbsDiff(got, want), fromSource = maxAbsDiff(src, want);
            qInfo("%s, %zu tokens: max |logit - oracle| %.3g, source head differs by %.3g (max |logit| %.3g)",
                  h.c_str(), n, d, fromSource, scale);
            // Float arithmetic: summation order only. The int8 head on the avx512vnni path (up to 16 rows)
            // also rounds each token's activations to 15 bits (head_cpu.h): measured 5.4e-5 of the largest
            // logit here, against 0.74% for the head's own rounding.
            const bool integerActivations =
                h == "int8" && n <= 16 &&
                owq::kernels::detectPackedCpuIsa() == owq::kernels::CpuIsa::Avx512Vnni;
            QVERIFY(d <= (integerActivations ? 1.5e-4 : 2e-5) * scale);
            QVERIFY(fromSource > 50 * d); // the head's rounding is visible: the check has power
        }
    }

    void perplexityChangeIsSmall() {
        const std::string text = owq::readTextFile(sharedPath("data/eval.txt"));
        const double src = owq::LanguageModel::open(folders_["source"])->perplexity(text).ppl;
        const double bf = owq::LanguageModel::open(folders_["bf16"])->perplexity(text).ppl;
        const double i8 = owq::LanguageModel::open(folders_["int8"])->perplexity(text).ppl;
        qInfo("perplexity: source head %.4f, bf16 %.4f, int8 %.4f", src, bf, i8);
        // Measured (issue 22): +0.02% bf16, -0.06% int8 on the full OWQ 3.1 run (docs/BENCHMARKS.md).
        QVERIFY(std::fabs(bf / src - 1) < 0.0005);
        QVERIFY(std::fabs(i8 / src - 1) < 0.001);
        QVERIFY(bf != src && i8 != src);
    }

    void modelCardNamesTheHead() {
        owq::ExportOptions o;
        owq::exportModelFolder(folders_["int8"], dir_ + "/card-int8", o);
        QVERIFY(
            contains(readFile(dir_ + "/card-int8/README.md"), "| LM head | int8, symmetric per output row"));
        owq::exportModelFolder(folders_["source"], dir_ + "/card-source", o);
        QVERIFY(!contains(readFile(dir_ + "/card-source/README.md"), "LM head"));
    }

    void damagedHeadIsRefused() {
        std::vector<float> nanScales;
        rewrite(folders_["int8"], dir_ + "/nan-scale", [&](auto& w, auto&, auto&) {
            auto& e = entry(w, "model.embed_tokens.scales");
            nanScales.assign(static_cast<const float*>(e.data),
                             static_cast<const float*>(e.data) + e.nbytes / 4);
            nanScales[7] = NAN;
            e.data = nanScales.data();
        });
        std::string msg = errorOf(dir_ + "/nan-scale");
        QVERIFY2(contains(msg, "nan-scale/model.safetensors") &&
                     contains(msg, "'model.embed_tokens.scales'") && contains(msg, "row 7"),
                 msg.c_str());

        rewrite(folders_["int8"], dir_ + "/f16-scales", [&](auto& w, auto&, auto&) {
            auto& e = entry(w, "model.embed_tokens.scales");
            e.dtype = owq::DType::F16;
            e.nbytes /= 2;
        });
        msg = errorOf(dir_ + "/f16-scales");
        QVERIFY2(contains(msg, "f16-scales/model.safetensors") &&
                     contains(msg, "'model.embed_tokens.scales'") && contains(msg, "dtype F16, expected F32"),
                 msg.c_str());

        rewrite(folders_["int8"], dir_ + "/short-codes", [&](auto& w, auto&, auto&) {
            auto& e = entry(w, "model.embed_tokens.qweight");
            e.shape[0] -= 1;
            e.nbytes -= std::size_t(e.shape[1]);
        });
        msg = errorOf(dir_ + "/short-codes");
        QVERIFY2(contains(msg, "'model.embed_tokens.qweight'") && contains(msg, "has shape"), msg.c_str());

        // The config says bf16 but the tensor is float32: a writer bug, not a format to guess at.
        rewrite(folders_["source"], dir_ + "/bf16-says-config",
                [&](auto&, auto&, nlohmann::json& cfg) { cfg["quantization_config"]["head"] = "bf16"; });
        msg = errorOf(dir_ + "/bf16-says-config");
        QVERIFY2(contains(msg, "'model.embed_tokens.weight'") && contains(msg, "dtype F32, expected BF16"),
                 msg.c_str());

        rewrite(folders_["int8"], dir_ + "/int8-v1",
                [&](auto&, auto&, nlohmann::json& cfg) { cfg["quantization_config"]["format_version"] = 1; });
        msg = errorOf(dir_ + "/int8-v1");
        QVERIFY2(contains(msg, "config.json") && contains(msg, "head") && contains(msg, "format_version"),
                 msg.c_str());
    }
};

QTEST_GUILESS_MAIN(TestHeadFormat)
#include "test_head_format.moc"
