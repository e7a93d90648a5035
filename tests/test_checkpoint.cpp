// Checkpoint I/O: safetensors reading/writing, config.json parsing, model folders, half/bf16 conversions.
// Every corrupt input is generated here; nothing binary is committed.
#include "testutil.h"

#include "owq/checkpoint.h"
#include "owq/config.h"
#include "owq/error.h"
#include "owq/safetensors.h"

#include "owq/kernels/half.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <sys/resource.h>

namespace fs = std::filesystem;
using namespace owq;

namespace {

// Runs `fn`, which must throw owq::Error of `kind` whose message contains every one of `needles`.
void expectError(const std::function<void()>& fn, ErrorKind kind, const std::vector<std::string>& needles,
                 const char* file, int line) {
    try {
        fn();
    } catch (const Error& e) {
        const std::string msg = e.what();
        if (e.kind() != kind)
            QTest::qFail(qPrintable(QString("wrong error kind %1 (wanted %2): %3")
                                        .arg(errorKindName(e.kind()), errorKindName(kind),
                                             QString::fromStdString(msg))),
                         file, line);
        for (const auto& n : needles)
            if (msg.find(n) == std::string::npos)
                QTest::qFail(qPrintable(QString("message lacks \"%1\": %2")
                                            .arg(QString::fromStdString(n), QString::fromStdString(msg))),
                             file, line);
        return;
    } catch (const std::exception& e) {
        QTest::qFail(qPrintable(QString("not an owq::Error: %1").arg(e.what())), file, line);
        return;
    }
    QTest::qFail("no exception thrown", file, line);
}
#define EXPECT_ERROR(expr, kind, ...)                                                                        \
    do {                                                                                                     \
        expectError([&] { (void)(expr); }, kind, {__VA_ARGS__}, __FILE__, __LINE__);                         \
        if (QTest::currentTestFailed()) return;                                                              \
    } while (0)

// A safetensors file from a raw header text and data bytes.
std::string stBytes(const std::string& header, const std::string& data,
                    std::uint64_t headerLen = UINT64_MAX) {
    if (headerLen == UINT64_MAX) headerLen = header.size();
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = char((headerLen >> (8 * i)) & 0xff);
    return out + header + data;
}

std::string floatBytes(const std::vector<float>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

QJsonObject tinyConfig(const char* modelType = "llama") {
    QJsonObject o;
    o["architectures"] = QJsonArray{"LlamaForCausalLM"};
    o["model_type"] = modelType;
    o["hidden_size"] = 16;
    o["intermediate_size"] = 24;
    o["num_hidden_layers"] = 2;
    o["num_attention_heads"] = 4;
    o["num_key_value_heads"] = 2;
    o["vocab_size"] = 32;
    o["max_position_embeddings"] = 64;
    o["rms_norm_eps"] = 1e-5;
    o["rope_theta"] = 10000.0;
    o["hidden_act"] = "silu";
    o["tie_word_embeddings"] = false;
    o["bos_token_id"] = 1;
    o["eos_token_id"] = 2;
    o["torch_dtype"] = "float32";
    return o;
}

std::string jsonText(const QJsonObject& o) {
    return QJsonDocument(o).toJson().toStdString();
}

ModelConfig parse(const QJsonObject& o) {
    return parseModelConfig(jsonText(o), "/cfg/config.json");
}

struct OwnedTensor {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::string bytes;
};

std::vector<TensorToWrite> views(const std::vector<OwnedTensor>& ts) {
    std::vector<TensorToWrite> out;
    for (const auto& t : ts) out.push_back({t.name, t.dtype, t.shape, t.bytes.data(), t.bytes.size()});
    return out;
}

// Every tensor `cfg` needs, F32, filled with small deterministic values.
std::vector<OwnedTensor> tinyTensors(const ModelConfig& cfg) {
    std::vector<OwnedTensor> out;
    int seed = 0;
    for (const auto& [name, shape] : expectedTensors(cfg)) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        std::vector<float> v(static_cast<std::size_t>(n));
        for (auto& x : v) x = float((seed++ % 97) - 48) / 256.0f;
        out.push_back({name, DType::F32, shape, floatBytes(v)});
    }
    return out;
}

// A model folder with config.json and model.safetensors built from `tensors`.
std::string writeModelDir(const std::string& tag, const QJsonObject& config,
                          const std::vector<OwnedTensor>& tensors) {
    const std::string dir = owqtest::scratchDir(tag);
    owqtest::writeFile(dir + "/config.json", jsonText(config));
    writeSafetensors(dir + "/model.safetensors", views(tensors));
    return dir;
}

const char* const kCopies[] = {"models/stories260K", "models/stories260K-f16-sharded",
                               "models/stories260K-bf16"};

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

private:
    std::string scratch_;
    std::string writeSt(const std::string& name, const std::string& bytes) {
        const std::string p = scratch_ + "/" + name;
        owqtest::writeFile(p, bytes);
        return p;
    }

private slots:
    void initTestCase() { scratch_ = owqtest::scratchDir("checkpoint"); }

    // ---- half.h ----
    void f16ToFloatKnownValues() {
        using namespace owq::kernels;
        QCOMPARE(f16ToFloat(0x3c00), 1.0f);
        QCOMPARE(f16ToFloat(0xc000), -2.0f);
        QCOMPARE(f16ToFloat(0x0000), 0.0f);
        QVERIFY(std::signbit(f16ToFloat(0x8000)));
        QCOMPARE(f16ToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal, 5.96e-8
        QVERIFY(std::fabs(f16ToFloat(0x0001) - 5.96e-8f) < 1e-10f);
        QCOMPARE(f16ToFloat(0x03ff), std::ldexp(1023.0f, -24)); // largest subnormal
        QCOMPARE(f16ToFloat(0x0400), std::ldexp(1.0f, -14));    // smallest normal
        QCOMPARE(f16ToFloat(0x7bff), 65504.0f);
        QCOMPARE(f16ToFloat(0x3555), 0.333251953125f);
        QVERIFY(std::isinf(f16ToFloat(0x7c00)) && f16ToFloat(0x7c00) > 0);
        QVERIFY(std::isinf(f16ToFloat(0xfc00)) && f16ToFloat(0xfc00) < 0);
        QVERIFY(std::isnan(f16ToFloat(0x7e00)));
    }

    void floatToF16RoundTripAndRounding() {
        using namespace owq::kernels;
        for (std::uint32_t h = 0; h < 0x10000; ++h) {
            const float f = f16ToFloat(std::uint16_t(h));
            if (std::isnan(f)) {
                QVERIFY(std::isnan(f16ToFloat(floatToF16(f))));
                continue;
            }
            if (floatToF16(f) != h) QFAIL(qPrintable(QString("f16 0x%1 does not round-trip").arg(h, 4, 16)));
        }
        // Ties go to even.
        QCOMPARE(floatToF16(1.0f + std::ldexp(1.0f, -11)), std::uint16_t(0x3c00));
        QCOMPARE(floatToF16(1.0f + 3 * std::ldexp(1.0f, -11)), std::uint16_t(0x3c02));
        QCOMPARE(floatToF16(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), std::uint16_t(0x3c01));
        QCOMPARE(floatToF16(std::ldexp(1.0f, -25)), std::uint16_t(0x0000)); // half of the smallest subnormal
        QCOMPARE(floatToF16(std::ldexp(3.0f, -25)), std::uint16_t(0x0002)); // 1.5 ulp rounds to even
        QCOMPARE(floatToF16(65520.0f), std::uint16_t(0x7c00));              // overflow to inf
        QCOMPARE(floatToF16(-1e9f), std::uint16_t(0xfc00));
        QCOMPARE(floatToF16(65519.0f), std::uint16_t(0x7bff));
    }

    void bf16Conversions() {
        using namespace owq::kernels;
        QCOMPARE(bf16ToFloat(0x3f80), 1.0f);
        QCOMPARE(bf16ToFloat(0xc000), -2.0f);
        QCOMPARE(floatToBf16(1.0f), std::uint16_t(0x3f80));
        // Round to nearest even at the exact halfway point, up above it.
        QCOMPARE(floatToBf16(bitsToFloat(0x3f808000u)), std::uint16_t(0x3f80));
        QCOMPARE(floatToBf16(bitsToFloat(0x3f818000u)), std::uint16_t(0x3f82));
        QCOMPARE(floatToBf16(bitsToFloat(0x3f808001u)), std::uint16_t(0x3f81));
        QCOMPARE(floatToBf16(bitsToFloat(0x3f807fffu)), std::uint16_t(0x3f80));
        QCOMPARE(floatToBf16(std::numeric_limits<float>::infinity()), std::uint16_t(0x7f80));
        QVERIFY(std::isnan(bf16ToFloat(floatToBf16(std::numeric_limits<float>::quiet_NaN()))));
        // A NaN whose payload sits only in the low bits must not round to infinity.
        QVERIFY(std::isnan(bf16ToFloat(floatToBf16(bitsToFloat(0x7f800001u)))));
    }

    // ---- real checkpoints ----
    void opensAllThreeCopies() {
        OWQ_REQUIRE_SHARED();
        std::string firstJson;
        const char* dtypes[] = {"F32", "F16", "BF16"};
        const std::size_t shardCounts[] = {1, 2, 1};
        for (int i = 0; i < 3; ++i) {
            auto ck = Checkpoint::open(owqtest::sharedPath(kCopies[i]));
            const ModelConfig& c = ck->config();
            QCOMPARE(c.modelType, std::string("llama"));
            QCOMPARE(c.architecture, std::string("LlamaForCausalLM"));
            QCOMPARE(c.hiddenSize, 64);
            QCOMPARE(c.intermediateSize, 172);
            QCOMPARE(c.numLayers, 5);
            QCOMPARE(c.numHeads, 8);
            QCOMPARE(c.numKvHeads, 4);
            QCOMPARE(c.headDim, 8);
            QCOMPARE(c.vocabSize, 512);
            QCOMPARE(c.maxPositions, 512);
            QCOMPARE(c.normEps, 1e-5);
            QVERIFY(c.tieWordEmbeddings);
            QVERIFY(!c.attentionBias && !c.oBias && !c.mlpBias);
            QCOMPARE(c.ropeScaling.type, std::string("none"));
            QCOMPARE(c.eosTokenIds, std::vector<std::int64_t>{2});
            QCOMPARE(c.parameterCount(), 260032);
            // Same normalised config apart from the declared dtype.
            std::string j = c.toJson();
            const auto dt = j.find("\"torch_dtype\"");
            QVERIFY(dt != std::string::npos);
            j = j.substr(0, dt);
            if (i == 0) firstJson = j;
            QCOMPARE(j, firstJson);

            QCOMPARE(ck->weightDtype(), std::string(dtypes[i]));
            QCOMPARE(ck->shardPaths().size(), shardCounts[i]);
            QCOMPARE(ck->totalBytes(), std::uint64_t(260032) * (i == 0 ? 4 : 2));
            QVERIFY(!ck->tokenizerPath().empty());
            QVERIFY(fs::exists(ck->tokenizerPath()));

            const auto expected = expectedTensors(c);
            QCOMPARE(expected.size(), std::size_t(1 + 5 * 9 + 1)); // tied: no lm_head
            QCOMPARE(ck->tensorNames().size(), expected.size());
            QVERIFY(!ck->has("lm_head.weight"));
            for (const auto& [name, shape] : expected) {
                QVERIFY2(ck->has(name), name.c_str());
                QCOMPARE(ck->tensor(name).info->shape, shape);
            }
            QCOMPARE(ck->tensor("model.layers.0.self_attn.q_proj.weight").info->shape,
                     (std::vector<std::int64_t>{64, 64}));
            QCOMPARE(ck->tensor("model.layers.0.self_attn.k_proj.weight").info->shape,
                     (std::vector<std::int64_t>{32, 64}));
            QCOMPARE(ck->tensor("model.layers.4.mlp.down_proj.weight").info->shape,
                     (std::vector<std::int64_t>{64, 172}));
            EXPECT_ERROR(ck->tensor("lm_head.weight"), ErrorKind::Format, "lm_head.weight");
        }
    }

    void halfCopiesCloseToF32() {
        OWQ_REQUIRE_SHARED();
        auto ref = Checkpoint::open(owqtest::sharedPath(kCopies[0]));
        auto f16 = Checkpoint::open(owqtest::sharedPath(kCopies[1]));
        auto bf16 = Checkpoint::open(owqtest::sharedPath(kCopies[2]));
        double maxRelF16 = 0, maxRelBf16 = 0;
        for (const auto& name : ref->tensorNames()) {
            const auto a = ref->readFloat(name);
            const auto b = f16->readFloat(name);
            const auto c = bf16->readFloat(name);
            QCOMPARE(b.size(), a.size());
            QCOMPARE(c.size(), a.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                const double x = a[i];
                const double eb = std::fabs(b[i] - x), ec = std::fabs(c[i] - x);
                if (eb > 1e-3 * std::fabs(x) + 1e-7)
                    QFAIL(qPrintable(
                        QString("F16 %1[%2]: %3 vs %4").arg(name.c_str()).arg(i).arg(b[i]).arg(x)));
                if (ec > 1e-2 * std::fabs(x) + 1e-30)
                    QFAIL(qPrintable(
                        QString("BF16 %1[%2]: %3 vs %4").arg(name.c_str()).arg(i).arg(c[i]).arg(x)));
                if (std::fabs(x) > 1e-3) {
                    maxRelF16 = std::max(maxRelF16, eb / std::fabs(x));
                    maxRelBf16 = std::max(maxRelBf16, ec / std::fabs(x));
                }
            }
        }
        // The copies are rounded to nearest: half an ulp at most.
        QVERIFY(maxRelF16 <= std::ldexp(1.0, -11) * 1.0001);
        QVERIFY(maxRelBf16 <= std::ldexp(1.0, -8) * 1.0001);
        QVERIFY(maxRelBf16 > 0); // it really is a different copy
    }

    void safetensorsFileApi() {
        OWQ_REQUIRE_SHARED();
        const std::string p = owqtest::sharedPath("models/stories260K/model.safetensors");
        auto f = SafetensorsFile::open(p);
        QCOMPARE(f->path(), p);
        QCOMPARE(f->tensors().size(), std::size_t(47));
        const TensorInfo* t = f->find("model.norm.weight");
        QVERIFY(t);
        QCOMPARE(t->dtype, DType::F32);
        QCOMPARE(t->numel(), 64);
        QCOMPARE(t->nbytes(), std::size_t(256));
        QVERIFY(!f->find("nope"));
        // Tensors come in file order and tile the data section.
        for (std::size_t i = 1; i < f->tensors().size(); ++i)
            QVERIFY(f->tensors()[i - 1].end <= f->tensors()[i].begin);
    }

    // ---- writing ----
    void writeReadRoundTrip() {
        const std::string path = scratch_ + "/round.safetensors";
        const std::vector<float> f32{1.5f, -2.25f, 0.0f, 3.0e-20f, 1e30f, -0.0f};
        std::vector<std::uint16_t> f16, bf16;
        for (float x : {1.0f, -2.0f, 0.5f}) {
            f16.push_back(kernels::floatToF16(x));
            bf16.push_back(kernels::floatToBf16(x));
        }
        const std::vector<std::int32_t> i32{7, -8, 9, 10};
        const std::vector<std::uint8_t> u8{1, 2, 3}; // odd size: later tensors are unaligned
        const std::vector<TensorToWrite> ts{
            {"a.f32", DType::F32, {2, 3}, f32.data(), f32.size() * 4},
            {"u8", DType::U8, {3}, u8.data(), 3},
            {"b.f16", DType::F16, {3}, f16.data(), 6},
            {"c.bf16", DType::BF16, {1, 3}, bf16.data(), 6},
            {"d.i32", DType::I32, {2, 2}, i32.data(), 16},
            {"empty", DType::F32, {0, 5}, nullptr, 0},
            {"scalar", DType::F32, {}, f32.data(), 4},
        };
        writeSafetensors(path, ts, {{"format", "pt"}, {"owq", "1"}});
        // Overwriting an existing file works the same way.
        writeSafetensors(path, ts, {{"format", "pt"}, {"owq", "1"}});

        const std::string raw = owqtest::readFile(path);
        std::uint64_t hl = 0;
        for (int i = 7; i >= 0; --i) hl = (hl << 8) | std::uint8_t(raw[std::size_t(i)]);
        QCOMPARE((8 + hl) % 8, std::uint64_t(0));
        QCOMPARE(raw.size(), std::size_t(8 + hl + 24 + 3 + 6 + 6 + 16 + 4));

        auto f = SafetensorsFile::open(path);
        QCOMPARE(f->metadata().at("format"), std::string("pt"));
        QCOMPARE(f->metadata().at("owq"), std::string("1"));
        QCOMPARE(f->tensors().size(), ts.size());
        for (const auto& t : ts) {
            const TensorInfo* info = f->find(t.name);
            QVERIFY2(info, t.name.c_str());
            QCOMPARE(info->dtype, t.dtype);
            QCOMPARE(info->shape, t.shape);
            QCOMPARE(info->nbytes(), t.nbytes);
            if (t.nbytes) QVERIFY(std::memcmp(f->data(*info), t.data, t.nbytes) == 0);
        }
        QCOMPARE(f->readFloat(*f->find("a.f32")), f32);
        QCOMPARE(f->readFloat(*f->find("b.f16")), (std::vector<float>{1.0f, -2.0f, 0.5f}));
        QCOMPARE(f->readFloat(*f->find("c.bf16")), (std::vector<float>{1.0f, -2.0f, 0.5f}));
        QCOMPARE(f->readFloat(*f->find("empty")).size(), std::size_t(0));
        QCOMPARE(f->readFloat(*f->find("scalar")), std::vector<float>{1.5f});
        EXPECT_ERROR(f->readFloat(*f->find("d.i32")), ErrorKind::Unsupported, path, "'d.i32'", "I32");

        // No temporary files left behind.
        for (const auto& e : fs::directory_iterator(scratch_))
            QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos, e.path().c_str());
    }

    void writeRejectsBadRequests() {
        const std::string path = scratch_ + "/bad-request.safetensors";
        const std::vector<float> v{1, 2, 3};
        EXPECT_ERROR(writeSafetensors(path, {{"x", DType::F32, {2}, v.data(), 12}}),
                     ErrorKind::InvalidArgument, path, "'x'", "does not match");
        EXPECT_ERROR(writeSafetensors(
                         path, {{"x", DType::F32, {3}, v.data(), 12}, {"x", DType::F32, {3}, v.data(), 12}}),
                     ErrorKind::InvalidArgument, "duplicate");
        QVERIFY(!fs::exists(path));
    }

    // Tensors produced by a fill callback as they are written: the same file as from memory; a callback
    // that throws leaves neither the file nor its temporary sibling.
    void writeFillCallbacks() {
        const std::string dir = owqtest::scratchDir("fill-callback");
        const std::vector<float> a{1.5f, -2.0f, 3.25f}, b{7.0f, 8.0f};
        writeSafetensors(dir + "/memory.safetensors",
                         {{"a", DType::F32, {3}, a.data(), 12}, {"b", DType::F32, {2}, b.data(), 8}});
        int calls = 0;
        std::vector<TensorToWrite> lazy{{"a", DType::F32, {3}, nullptr, 12},
                                        {"b", DType::F32, {2}, b.data(), 8}};
        lazy[0].fill = [&](void* out) {
            ++calls;
            std::memcpy(out, a.data(), 12);
        };
        writeSafetensors(dir + "/lazy.safetensors", lazy);
        QCOMPARE(calls, 1);
        QVERIFY(owqtest::readFile(dir + "/lazy.safetensors") ==
                owqtest::readFile(dir + "/memory.safetensors"));

        const std::string failed = dir + "/failed.safetensors";
        lazy[0].fill = [](void*) { throw Error(ErrorKind::Cancelled, "stopped while filling 'a'"); };
        EXPECT_ERROR(writeSafetensors(failed, lazy), ErrorKind::Cancelled, "filling 'a'");
        QVERIFY(!fs::exists(failed));
        int files = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
        QCOMPARE(files, 2); // memory + lazy: no temporary left behind
    }

    void writeFailuresAreIoErrors() {
        const std::string missingDir = scratch_ + "/no/such/folder/out.safetensors";
        const std::vector<float> v(1024, 1.0f);
        EXPECT_ERROR(writeSafetensors(missingDir, {{"x", DType::F32, {1024}, v.data(), 4096}}), ErrorKind::Io,
                     missingDir);

        // A full disk, simulated with a file size limit: write() fails with EFBIG instead of a signal.
        const std::string dir = owqtest::scratchDir("diskfull");
        const std::string path = dir + "/full.safetensors";
        std::vector<float> big(1 << 20, 0.5f); // 4 MiB
        struct rlimit old {};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &old) == 0);
        auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = old;
        lim.rlim_cur = 64 * 1024;
        QVERIFY(setrlimit(RLIMIT_FSIZE, &lim) == 0);
        bool threw = false;
        std::string msg;
        try {
            writeSafetensors(path, {{"big", DType::F32, {1 << 20}, big.data(), big.size() * 4}});
        } catch (const Error& e) {
            threw = e.kind() == ErrorKind::Io;
            msg = e.what();
        }
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(threw, msg.c_str());
        QVERIFY2(msg.find(path) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("cannot write") != std::string::npos, msg.c_str());
        QVERIFY(!fs::exists(path));
        QVERIFY(fs::is_empty(dir)); // the temporary file was removed
    }

    // ---- corrupt safetensors ----
    void wellFormedBaseOpens() {
        const std::string good = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        QVERIFY(
            SafetensorsFile::open(writeSt("ok.safetensors", stBytes(good, std::string(8, '\0'))))->find("a"));
    }

    void corruptTruncated() {
        std::string p = writeSt("trunc.safetensors", std::string("\x10\x00\x00", 3));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "truncated");
        p = writeSt("empty.safetensors", "");
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "truncated");
        // Header complete, data cut short.
        const std::string full =
            stBytes(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", std::string(16, 'x'));
        p = writeSt("trunc-data.safetensors", full.substr(0, full.size() - 5));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'",
                     "end past the data section (11 bytes)");
    }

    void corruptHeaderLength() {
        std::string p = writeSt("len-past.safetensors", stBytes("{}", "", 1000));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "header length 1000",
                     "past the end of the file");
        p = writeSt("len-absurd.safetensors", stBytes("{}", "", 1ull << 40));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "absurd");
        p = writeSt("len-huge.safetensors", stBytes("{}", "", UINT64_MAX - 1));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "absurd");
        p = writeSt("len-small.safetensors", stBytes("{}", "", 1));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "too small");
        // An empty object with no tensors is a valid (empty) file.
        p = writeSt("empty-ok.safetensors", stBytes("{}", ""));
        QCOMPARE(SafetensorsFile::open(p)->tensors().size(), std::size_t(0));
    }

    void corruptOffsets() {
        std::string p =
            writeSt("off-range.safetensors",
                    stBytes(R"({"model.norm.weight":{"dtype":"F32","shape":[75],"data_offsets":[0,300]}})",
                            std::string(200, '\0')));
        EXPECT_ERROR(
            SafetensorsFile::open(p), ErrorKind::Format,
            p + ": tensor 'model.norm.weight': data_offsets [0, 300] end past the data section (200 bytes)");
        p = writeSt(
            "off-reversed.safetensors",
            stBytes(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})", std::string(8, '\0')));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'a'", "begin is after end");
        p = writeSt("off-overlap.safetensors",
                    stBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                            R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                            std::string(12, '\0')));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'b'", "overlap", "'a'");
        p = writeSt(
            "off-negative.safetensors",
            stBytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", std::string(4, '\0')));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'a'", "data_offsets");
        p = writeSt(
            "off-three.safetensors",
            stBytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", std::string(8, '\0')));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'a'", "not a pair");
    }

    void corruptShapeAndDtype() {
        std::string p =
            writeSt("mismatch.safetensors",
                    stBytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "needs 12 bytes",
                     "span 8 bytes");
        p = writeSt(
            "overflow.safetensors",
            stBytes(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,0]}})", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "too large");
        // An overflowing element count times the element size that wraps to the byte span must still fail.
        p = writeSt(
            "overflow-wrap.safetensors",
            stBytes(R"({"w":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}})", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "too large");
        p = writeSt("negdim.safetensors",
                    stBytes(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", std::string(4, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "non-negative integer");
        p = writeSt(
            "floatdim.safetensors",
            stBytes(R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", std::string(4, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "non-negative integer");
        p = writeSt(
            "dtype.safetensors",
            stBytes(R"({"w":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}})", std::string(4, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "unknown dtype 'F8_E4M3'");
        p = writeSt("nodtype.safetensors",
                    stBytes(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", std::string(4, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "dtype is missing");
        p = writeSt("noshape.safetensors",
                    stBytes(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", std::string(4, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "shape is missing");
        p = writeSt("entry.safetensors", stBytes(R"({"w":[1,2]})", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "not an object");
    }

    void corruptJson() {
        std::string p =
            writeSt("dup.safetensors", stBytes(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                               R"("w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                               std::string(8, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "tensor 'w'", "duplicate tensor name");
        p = writeSt("dupkey.safetensors",
                    stBytes(R"({"w":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}})",
                            std::string(4, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "duplicate key 'dtype'");
        p = writeSt("utf8.safetensors",
                    stBytes("{\"w\xff\xfe\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                            std::string(4, 0)));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "not valid UTF-8");
        p = writeSt("utf8-overlong.safetensors", stBytes("{\"\xc0\xaf\":1}", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "not valid UTF-8");
        // Valid UTF-8 names are fine.
        p = writeSt("utf8-ok.safetensors",
                    stBytes("{\"w\xc3\xa9\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                            std::string(1, 0)));
        QVERIFY(SafetensorsFile::open(p)->find("w\xc3\xa9"));
        p = writeSt("deep.safetensors", stBytes(std::string(100000, '['), ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "nested deeper than 64");
        p = writeSt("deep-obj.safetensors", stBytes(
                                                [] {
                                                    std::string s;
                                                    for (int i = 0; i < 5000; ++i) s += "{\"a\":";
                                                    return s;
                                                }(),
                                                ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "nested deeper than 64");
        p = writeSt("notjson.safetensors", stBytes("{\"w\": nope}", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "not valid JSON");
        p = writeSt("array.safetensors", stBytes("[1, 2]", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "not an object");
        p = writeSt("meta.safetensors", stBytes(R"({"__metadata__":{"format":1}})", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "__metadata__", "'format'",
                     "not a string");
        p = writeSt("meta2.safetensors", stBytes(R"({"__metadata__":[]})", ""));
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Format, p, "__metadata__ is not an object");
        // Trailing padding spaces (as written by the reference implementation) are accepted.
        p = writeSt("padded.safetensors", stBytes(R"({"__metadata__":{"k":"v"}}     )", ""));
        QCOMPARE(SafetensorsFile::open(p)->metadata().at("k"), std::string("v"));
    }

    void ioErrors() {
        const std::string p = scratch_ + "/does-not-exist.safetensors";
        EXPECT_ERROR(SafetensorsFile::open(p), ErrorKind::Io, p, "cannot open");
        EXPECT_ERROR(SafetensorsFile::open(scratch_), ErrorKind::Io, scratch_, "folder");
    }

    void nanWeights() {
        const std::string p = scratch_ + "/nan.safetensors";
        const std::vector<float> v{1.0f, std::numeric_limits<float>::quiet_NaN(), 2.0f};
        const std::vector<std::uint16_t> h{0x3c00, 0x7c00};
        writeSafetensors(
            p, {{"layer.weight", DType::F32, {3}, v.data(), 12}, {"h", DType::F16, {2}, h.data(), 4}});
        auto f = SafetensorsFile::open(p); // opening does not read data
        EXPECT_ERROR(f->readFloat(*f->find("layer.weight")), ErrorKind::Format, p, "tensor 'layer.weight'",
                     "contains NaN or Inf values");
        EXPECT_ERROR(f->readFloat(*f->find("h")), ErrorKind::Format, p, "tensor 'h'",
                     "contains NaN or Inf values");
        const auto raw = f->readFloat(*f->find("layer.weight"), /*checkFinite=*/false);
        QVERIFY(std::isnan(raw[1]));
        QVERIFY(std::isinf(f->readFloat(*f->find("h"), false)[1]));
    }

    // ---- config.json ----
    void configDefaultsAndFields() {
        QJsonObject o = tinyConfig();
        o.remove("num_key_value_heads");
        o.remove("tie_word_embeddings");
        o.remove("rms_norm_eps");
        o["eos_token_id"] = QJsonArray{2, 5};
        ModelConfig c = parse(o);
        QCOMPARE(c.numKvHeads, 4);
        QCOMPARE(c.headDim, 4);
        QVERIFY(!c.tieWordEmbeddings);
        QCOMPARE(c.normEps, 1e-6);
        QCOMPARE(c.eosTokenIds, (std::vector<std::int64_t>{2, 5}));
        QCOMPARE(c.ropeScaling.type, std::string("none"));
        QVERIFY(!c.attentionBias);

        o = tinyConfig();
        o["head_dim"] = 8;
        c = parse(o);
        QCOMPARE(c.headDim, 8);

        o = tinyConfig();
        o["attention_bias"] = true;
        o["mlp_bias"] = true;
        c = parse(o);
        QVERIFY(c.attentionBias && c.oBias && c.mlpBias);

        o = tinyConfig("qwen2");
        c = parse(o);
        QVERIFY(c.attentionBias && !c.oBias && !c.mlpBias);
        QCOMPARE(c.architecture, std::string("LlamaForCausalLM")); // as declared

        o = tinyConfig("mistral");
        o.remove("architectures");
        c = parse(o);
        QCOMPARE(c.architecture, std::string("MistralForCausalLM"));
        QVERIFY(!c.attentionBias);

        o = tinyConfig();
        o["rope_scaling"] = QJsonObject{{"rope_type", "llama3"},
                                        {"factor", 8.0},
                                        {"low_freq_factor", 1.0},
                                        {"high_freq_factor", 4.0},
                                        {"original_max_position_embeddings", 8192}};
        c = parse(o);
        QCOMPARE(c.ropeScaling.type, std::string("llama3"));
        QCOMPARE(c.ropeScaling.factor, 8.0);
        QCOMPARE(c.ropeScaling.originalMaxPositions, 8192);
        o["rope_scaling"] = QJsonObject{{"type", "linear"}, {"factor", 2.0}};
        QCOMPARE(parse(o).ropeScaling.type, std::string("linear"));
        o["rope_scaling"] = QJsonObject{{"type", "dynamic"}, {"factor", 2.0}};
        c = parse(o);
        QCOMPARE(c.ropeScaling.type, std::string("dynamic"));
        QCOMPARE(c.ropeScaling.originalMaxPositions, 64);
        o["rope_scaling"] = QJsonValue::Null;
        QCOMPARE(parse(o).ropeScaling.type, std::string("none"));

        // toJson is valid JSON with the normalised fields.
        o = tinyConfig();
        c = parse(o);
        const QJsonObject j = QJsonDocument::fromJson(QByteArray::fromStdString(c.toJson())).object();
        QCOMPARE(j["hidden_size"].toInt(), 16);
        QCOMPARE(j["num_key_value_heads"].toInt(), 2);
        QCOMPARE(j["head_dim"].toInt(), 4);
        QCOMPARE(j["model_type"].toString(), QString("llama"));
        QVERIFY(j["rope_scaling"].isNull());
        QCOMPARE(j["eos_token_id"].toArray().size(), 1);
        QCOMPARE(qint64(j["parameter_count"].toDouble()), qint64(c.parameterCount()));
        // 2 layers x (q 256 + k,v 128 each + o 256 + mlp 3*384 + norms 32) + embed 512 + head 512 + norm 16
        QCOMPARE(c.parameterCount(), 2 * (256 + 128 + 128 + 256 + 3 * 384 + 32) + 512 + 512 + 16);
    }

    void configErrors() {
        QJsonObject o = tinyConfig();
        o.remove("hidden_size");
        EXPECT_ERROR(parse(o), ErrorKind::Config, "/cfg/config.json", "missing required field 'hidden_size'");

        o = tinyConfig();
        o["num_hidden_layers"] = 0;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'num_hidden_layers' must be positive");
        o["num_hidden_layers"] = -3;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'num_hidden_layers' must be positive");
        o["num_hidden_layers"] = 2000000;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'num_hidden_layers' is implausibly large");

        o = tinyConfig();
        o["vocab_size"] = 0;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'vocab_size'");

        o = tinyConfig();
        o["num_attention_heads"] = 3;
        o["num_key_value_heads"] = 3;
        EXPECT_ERROR(parse(o), ErrorKind::Config,
                     "hidden_size (16) is not divisible by num_attention_heads (3)");

        o = tinyConfig();
        o["num_key_value_heads"] = 3;
        EXPECT_ERROR(parse(o), ErrorKind::Config,
                     "num_attention_heads (4) is not divisible by num_key_value_heads (3)");

        o = tinyConfig();
        o["rms_norm_eps"] = 0;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "rms_norm_eps");

        o = tinyConfig();
        o["hidden_size"] = "16";
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'hidden_size' must be an integer");
        o = tinyConfig();
        o["hidden_size"] = 16.5;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'hidden_size' must be an integer");
        o = tinyConfig();
        o["tie_word_embeddings"] = "yes";
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'tie_word_embeddings'");
        o = tinyConfig();
        o["rope_theta"] = "big";
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'rope_theta' must be a number");
        o = tinyConfig();
        o["eos_token_id"] = QJsonArray{2, "x"};
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'eos_token_id'");
        o = tinyConfig();
        o["hidden_size"] = 1 << 20;
        o["vocab_size"] = 1 << 23;
        o["intermediate_size"] = 1 << 23;
        o["num_hidden_layers"] = 100000;
        o["num_attention_heads"] = 1024;
        o["num_key_value_heads"] = 1024;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "implausibly large");

        o = tinyConfig("gpt2");
        EXPECT_ERROR(
            parse(o), ErrorKind::Unsupported,
            "config.json: model_type 'gpt2' is not supported (supported: llama, mistral, qwen2, qwen3, "
            "phi3, gemma2, opt)");
        o = tinyConfig();
        o.remove("model_type");
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'model_type'");

        o = tinyConfig();
        o["hidden_act"] = "gelu_fast";
        EXPECT_ERROR(parse(o), ErrorKind::Unsupported, "hidden_act 'gelu_fast' is not supported");

        // Fields a family needs, under that family's own names.
        o = tinyConfig("opt");
        o.remove("intermediate_size");
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'ffn_dim'");
        o["ffn_dim"] = 96;
        o["activation_function"] = "gelu_fast";
        EXPECT_ERROR(parse(o), ErrorKind::Unsupported, "activation_function 'gelu_fast'");
        o["activation_function"] = "relu";
        o["layer_norm_elementwise_affine"] = false;
        EXPECT_ERROR(parse(o), ErrorKind::Unsupported, "layer_norm_elementwise_affine");
        o = tinyConfig("phi3");
        o["original_max_position_embeddings"] = 16;
        o["rope_scaling"] = QJsonObject{{"type", "longrope"}, {"short_factor", QJsonArray{1, 1}}};
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'rope_scaling.long_factor'");
        // "su" is longrope's older name; head_dim 4 has 2 rotary frequencies, so 3 factors are one too many.
        o["rope_scaling"] = QJsonObject{
            {"type", "su"}, {"short_factor", QJsonArray{1, 1, 1}}, {"long_factor", QJsonArray{1, 1}}};
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'rope_scaling.short_factor' must be a list of 2 numbers");
        o["rope_scaling"] = QJsonObject{
            {"type", "su"}, {"short_factor", QJsonArray{1, 1}}, {"long_factor", QJsonArray{1, 4}}};
        QCOMPARE(QString::fromStdString(parse(o).ropeScaling.type), QString("longrope"));
        QCOMPARE(parse(o).ropeScaling.factor, 64.0 / 16.0); // max_position_embeddings / original
        QVERIFY(std::abs(parse(o).ropeScaling.attentionFactor -
                         std::sqrt(1 + std::log(4.0) / std::log(16.0))) < 1e-12);
        o = tinyConfig("gemma2");
        o["sliding_window"] = 4;
        o["layer_types"] = QJsonArray{"sliding_attention"};
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'layer_types'");
        o = tinyConfig("qwen3");
        o["sliding_window"] = 4;
        o["use_sliding_window"] = true;
        EXPECT_ERROR(parse(o), ErrorKind::Unsupported, "use_sliding_window");
        o = tinyConfig("phi3");
        o["partial_rotary_factor"] = 0.3;
        EXPECT_ERROR(parse(o), ErrorKind::Config, "partial_rotary_factor");

        o = tinyConfig();
        o["rope_scaling"] = QJsonObject{{"type", "yarn"}, {"factor", 4.0}};
        EXPECT_ERROR(parse(o), ErrorKind::Unsupported, "rope_scaling type 'yarn' is not supported");
        o["rope_scaling"] = QJsonObject{{"rope_type", "llama3"}, {"factor", 8.0}};
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'rope_scaling.low_freq_factor'");
        o["rope_scaling"] = QJsonObject{{"type", "linear"}, {"factor", "2"}};
        EXPECT_ERROR(parse(o), ErrorKind::Config, "'rope_scaling.factor'");

        EXPECT_ERROR(parseModelConfig("{\"model_type\": ", "/x/config.json"), ErrorKind::Format,
                     "/x/config.json", "not valid JSON");
        EXPECT_ERROR(parseModelConfig("[]", "/x/config.json"), ErrorKind::Format, "not a JSON object");
        EXPECT_ERROR(parseModelConfig(std::string(100000, '['), "/x/config.json"), ErrorKind::Format,
                     "nested deeper");
        EXPECT_ERROR(loadModelConfig(scratch_ + "/nope/config.json"), ErrorKind::Io,
                     scratch_ + "/nope/config.json");
    }

    // ---- model folders ----
    void tinyFoldersOpen() {
        // Untied LLaMA with lm_head.
        ModelConfig cfg = parse(tinyConfig());
        std::string dir = writeModelDir("tiny", tinyConfig(), tinyTensors(cfg));
        auto ck = Checkpoint::open(dir);
        QCOMPARE(ck->tensorNames().size(), std::size_t(1 + 2 * 9 + 2));
        QVERIFY(ck->has("lm_head.weight"));
        QCOMPARE(ck->weightDtype(), std::string("F32"));
        QCOMPARE(ck->tokenizerPath(), std::string());
        QCOMPARE(ck->totalBytes(), std::uint64_t(cfg.parameterCount()) * 4);
        QCOMPARE(ck->readFloat("model.norm.weight").size(), std::size_t(16));

        // Qwen2 needs q/k/v biases.
        QJsonObject q = tinyConfig("qwen2");
        cfg = parse(q);
        auto ts = tinyTensors(cfg);
        QCOMPARE(ts.size(), std::size_t(1 + 2 * 12 + 2));
        dir = writeModelDir("tiny-qwen2", q, ts);
        QVERIFY(Checkpoint::open(dir)->has("model.layers.1.self_attn.v_proj.bias"));
        ts.erase(std::find_if(ts.begin(), ts.end(), [](const OwnedTensor& t) {
            return t.name == "model.layers.1.self_attn.k_proj.bias";
        }));
        dir = writeModelDir("tiny-qwen2-nobias", q, ts);
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Format, dir,
                     "'model.layers.1.self_attn.k_proj.bias' is missing");

        // Sharded with an index.
        cfg = parse(tinyConfig());
        ts = tinyTensors(cfg);
        dir = owqtest::scratchDir("tiny-sharded");
        owqtest::writeFile(dir + "/config.json", jsonText(tinyConfig()));
        const std::size_t half = ts.size() / 2;
        std::vector<OwnedTensor> a(ts.begin(), ts.begin() + long(half)), b(ts.begin() + long(half), ts.end());
        writeSafetensors(dir + "/s1.safetensors", views(a));
        writeSafetensors(dir + "/s2.safetensors", views(b));
        QJsonObject wm;
        for (const auto& t : a) wm[QString::fromStdString(t.name)] = "s1.safetensors";
        for (const auto& t : b) wm[QString::fromStdString(t.name)] = "s2.safetensors";
        owqtest::writeFile(dir + "/model.safetensors.index.json",
                           jsonText(QJsonObject{{"metadata", QJsonObject{}}, {"weight_map", wm}}));
        ck = Checkpoint::open(dir);
        QCOMPARE(ck->shardPaths().size(), std::size_t(2));
        QCOMPARE(ck->tensorNames().size(), ts.size());
        QCOMPARE(ck->tensor(b.back().name).file->path(), dir + "/s2.safetensors");

        // The index refers to a shard that is not there.
        fs::remove(dir + "/s2.safetensors");
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Io, dir + "/model.safetensors.index.json",
                     "s2.safetensors", "does not exist");

        // The index lists a tensor its shard lacks.
        writeSafetensors(dir + "/s2.safetensors", views(std::vector<OwnedTensor>(b.begin(), b.end() - 1)));
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Format, "tensor '" + b.back().name + "'",
                     "s2.safetensors", "does not contain it");

        // An index pointing outside the folder.
        wm[QString::fromStdString(b.back().name)] = "../escape.safetensors";
        owqtest::writeFile(dir + "/model.safetensors.index.json", jsonText(QJsonObject{{"weight_map", wm}}));
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Format, "outside the model folder");
        owqtest::writeFile(dir + "/model.safetensors.index.json", "{\"weight_map\": 3}");
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Format, "weight_map");
    }

    void folderErrors() {
        const ModelConfig cfg = parse(tinyConfig());

        // Wrong shape.
        auto ts = tinyTensors(cfg);
        for (auto& t : ts) {
            if (t.name == "model.layers.1.self_attn.k_proj.weight") {
                t.shape = {16, 8};
            }
        }
        std::string dir = writeModelDir("wrong-shape", tinyConfig(), ts);
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Format, dir + "/model.safetensors",
                     "tensor 'model.layers.1.self_attn.k_proj.weight' has shape [16, 8], expected [8, 16]");

        // Missing lm_head with untied embeddings.
        ts = tinyTensors(cfg);
        ts.pop_back();
        QCOMPARE(ts.back().name, std::string("model.norm.weight"));
        dir = writeModelDir("no-head", tinyConfig(), ts);
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Format, dir, "'lm_head.weight' is missing",
                     "tie_word_embeddings");
        // ...which is fine once the config says tied.
        QJsonObject tied = tinyConfig();
        tied["tie_word_embeddings"] = true;
        owqtest::writeFile(dir + "/config.json", jsonText(tied));
        QVERIFY(!Checkpoint::open(dir)->has("lm_head.weight"));

        // Integer weights.
        ts = tinyTensors(cfg);
        ts[0].dtype = DType::I32;
        dir = writeModelDir("int-weights", tinyConfig(), ts);
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Unsupported, "model.embed_tokens.weight", "I32");

        // Missing config.json.
        dir = owqtest::scratchDir("no-config");
        writeSafetensors(dir + "/model.safetensors", views(tinyTensors(cfg)));
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Io, dir, "config.json is missing");

        // Missing weights.
        dir = owqtest::scratchDir("no-weights");
        owqtest::writeFile(dir + "/config.json", jsonText(tinyConfig()));
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Io, dir, "no weights found", "model.safetensors");

        // Bad config inside a folder names the config file.
        QJsonObject bad = tinyConfig();
        bad["model_type"] = "gpt2";
        owqtest::writeFile(dir + "/config.json", jsonText(bad));
        EXPECT_ERROR(Checkpoint::open(dir), ErrorKind::Unsupported, dir + "/config.json",
                     "model_type 'gpt2'");

        // No such folder.
        EXPECT_ERROR(Checkpoint::open(dir + "/nope"), ErrorKind::Io, dir + "/nope", "does not exist");
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
