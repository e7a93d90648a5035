// The decode step on plain arrays (core/src/model/decode_step_cpu.cpp, what generation runs for each new
// token on the CPU) against the tensor path it stands in for (DecoderModel::forward with the same cache):
// the same logits and the same cache contents, bit for bit, step after step past the sliding windows, for
// every family it covers (LLaMA; Mistral's window; Qwen2's biases; Qwen3's per-head norms and head size 32;
// Phi-3's fused projections and window; Gemma-2's (1 + w) norms, sandwich norms, soft caps and window), with
// float linears and with packed 3-bit ones (groups of 16, two weak columns), through a float32 and a bfloat16
// cache. OPT (LayerNorm, learned positions) is not covered: the step declines and leaves the cache as it was.
// Tiny random checkpoints with a byte-level tokenizer: no fixture needed.
#include "model/decoder_model.h"
#include "model/packed_linear.h"
#include "quant/quantize_impl.h"
#include "random_models.h"
#include "testutil.h"

#include "owq/checkpoint.h"
#include "owq/random_model.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <map>
#include <string>

using namespace owq;
using namespace owq::detail;

namespace {

// Family `arch` written once per test run (sliding window 8 where the family has one).
std::string familyModel(const std::string& arch, std::int64_t headDim, std::int64_t window) {
    static std::map<std::string, std::string> made;
    const std::string key = arch + "-" + std::to_string(headDim) + "-" + std::to_string(window);
    if (!made.count(key)) {
        const std::string dir = owqtest::scratchDir("decode-step-" + key);
        RandomModelOptions o = owqtest::tinyRandomOptions(arch);
        o.headDim = headDim;
        o.slidingWindow = window;
        o.seed = 31;
        writeRandomModel(dir + "/model", owqtest::byteTokenizer(dir), o);
        made[key] = dir + "/model";
    }
    return made[key];
}

// Every linear replaced by its packed 3-bit round-to-nearest form, groups of 16, columns 1 and 6 weak.
void packEveryLinear(DecoderModel& m) {
    QuantizerConfig q;
    q.bits = 3;
    q.groupSize = 16;
    const at::Tensor weak = at::tensor({std::int64_t(1), std::int64_t(6)}, at::kLong);
    for (std::size_t i = 0; i < m.layers().size(); ++i) {
        m.loadLayer(i);
        for (auto& [name, slot] : linearsOf(m.layers()[i])) {
            const at::Tensor W = (*slot)->denseWeight();
            *slot = packQuantized(rtnQuantize(W, weak, q), weak, (*slot)->biasVector(), q.bits, q.groupSize,
                                  at::kCPU);
        }
    }
}

} // namespace

class TestDecodeStep : public QObject {
    Q_OBJECT
private slots:
    void sameBitsAsTheTensorPath_data() {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("window");
        QTest::addColumn<bool>("packed");
        QTest::addColumn<bool>("bf16");
        QTest::addColumn<bool>("covered");
        struct Family {
            const char* arch;
            int headDim, window;
            bool covered;
        };
        const Family families[] = {{"llama", 0, 0, true},  {"mistral", 0, 8, true}, {"qwen2", 0, 0, true},
                                   {"qwen3", 32, 0, true}, {"phi3", 0, 8, true},    {"gemma2", 32, 8, true},
                                   {"opt", 0, 0, false}};
        for (const Family& f : families)
            for (const bool packed : {false, true})
                for (const bool bf16 : {false, true})
                    QTest::newRow(qPrintable(QString("%1 %2 %3 cache")
                                                 .arg(f.arch)
                                                 .arg(packed ? "packed" : "float")
                                                 .arg(bf16 ? "bf16" : "f32")))
                        << QString(f.arch) << f.headDim << f.window << packed << bf16 << f.covered;
    }

    void sameBitsAsTheTensorPath() {
        QFETCH(QString, arch);
        QFETCH(int, headDim);
        QFETCH(int, window);
        QFETCH(bool, packed);
        QFETCH(bool, bf16);
        QFETCH(bool, covered);
        c10::InferenceMode guard;
        auto model = DecoderModel::fromCheckpoint(
            Checkpoint::open(familyModel(arch.toStdString(), headDim, window)), at::kCPU);
        if (packed) packEveryLinear(*model);
        QCOMPARE(model->hasPackedLinears(), packed);
        model->setKvCacheType(bf16 ? at::kBFloat16 : at::kFloat);
        const std::int64_t n = 24, prompt = 5; // 19 steps: past the windows of 8
        at::Generator gen = at::detail::createCPUGenerator(3);
        const at::Tensor ids = at::randint(3, 256, {1, n}, gen, at::kLong);
        KvCache a = model->newCache(1, n), b = model->newCache(1, n);
        model->forward(ids.narrow(1, 0, prompt), &a);
        model->forward(ids.narrow(1, 0, prompt), &b);
        for (std::int64_t t = prompt; t < n; ++t) {
            at::Tensor step;
            const bool ran = model->decodeStepCpu(ids.narrow(1, t, 1), a, step);
            if (!covered) {
                QVERIFY(!ran);
                QCOMPARE(a.length, t);
                QVERIFY(at::equal(a.k[0], b.k[0]));
                return;
            }
            QVERIFY(ran);
            const at::Tensor tensorPath = model->forward(ids.narrow(1, t, 1), &b);
            QCOMPARE(step.sizes().vec(), tensorPath.sizes().vec());
            QVERIFY2(at::equal(step, tensorPath),
                     qPrintable(QString("step %1: logits differ by up to %2")
                                    .arg(t)
                                    .arg((step - tensorPath).abs().max().item<double>())));
            QCOMPARE(a.length, b.length);
        }
        for (std::size_t i = 0; i < a.k.size(); ++i) {
            QVERIFY2(at::equal(a.k[i], b.k[i]), qPrintable(QString("keys of layer %1").arg(i)));
            QVERIFY2(at::equal(a.v[i], b.v[i]), qPrintable(QString("values of layer %1").arg(i)));
        }
    }

    // forwardLast of one token with a cache gives decodeStepCpu's logits; a full cache is declined (the
    // tensor path then reports it) and left as it was.
    void declinesAFullCache() {
        c10::InferenceMode guard;
        auto model = DecoderModel::fromCheckpoint(Checkpoint::open(familyModel("llama", 0, 0)), at::kCPU);
        const at::Tensor ids =
            at::tensor({std::int64_t(5), std::int64_t(9), std::int64_t(40)}, at::kLong).reshape({1, 3});
        KvCache a = model->newCache(1, 3), b = model->newCache(1, 3);
        model->forward(ids.narrow(1, 0, 2), &a);
        model->forward(ids.narrow(1, 0, 2), &b);
        at::Tensor step;
        QVERIFY(model->decodeStepCpu(ids.narrow(1, 2, 1), a, step));
        QVERIFY(at::equal(model->forwardLast(ids.narrow(1, 2, 1), &b), step));
        at::Tensor none;
        QVERIFY(!model->decodeStepCpu(ids.narrow(1, 2, 1), a, none));
        QCOMPARE(a.length, std::int64_t(3));
    }
};

QTEST_GUILESS_MAIN(TestDecodeStep)
#include "test_decode_step.moc"
