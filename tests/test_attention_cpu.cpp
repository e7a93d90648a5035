// The fused CPU attention kernel (core/src/model/attention_cpu.cpp: blocks of query rows, padded vector
// loops, a polynomial exp) against a plain double-precision loop written from the definition: softmax over
// the keys each query may see (causal, optionally a sliding window) of the scaled, optionally soft-capped
// dot products, times the values. Shapes cover what the blocks and their padding must get right: query
// counts that are and are not multiples of the row block, a KV cache longer than the queries, head sizes
// that are not a vector's width, grouped-query heads, windows shorter than a block, and decoding (few rows
// against a longer cache), with head sizes of whole vectors the grouped decode path; bfloat16 keys and
// values (a bf16 KV cache) on the decode path and the paths that widen them.
// Also the fused rotary embedding (rope_cpu.cpp) against the tensor expression it replaces, bit for bit, the
// one-pass RMSNorm (norm_cpu.cpp) against its definition in double precision, the KV cache store
// (kv_store_cpu.cpp) against the copy it replaces, and SiLU on rows (activation_cpu.cpp) against its
// definition in double precision.
#include "model/activation_cpu.h"
#include "model/attention_cpu.h"
#include "model/decoder_model.h"
#include "model/kv_store_cpu.h"
#include "model/norm_cpu.h"
#include "model/rope_cpu.h"
#include "stories_config.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace owq::detail;

namespace {

// out[b, h, t, :] in double, straight from the definition.
at::Tensor oracle(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale, double cap,
                  std::int64_t window) {
    const at::Tensor qd = q.to(at::kDouble).contiguous(), kd = k.to(at::kDouble).contiguous(),
                     vd = v.to(at::kDouble).contiguous();
    const std::int64_t B = q.size(0), H = q.size(1), T = q.size(2), hd = q.size(3);
    const std::int64_t KV = k.size(1), S = k.size(2);
    at::Tensor out = at::zeros({B, H, T, hd}, at::kDouble);
    auto Q = qd.accessor<double, 4>(), K = kd.accessor<double, 4>(), V = vd.accessor<double, 4>();
    auto O = out.accessor<double, 4>();
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t h = 0; h < H; ++h) {
            const std::int64_t g = h / (H / KV);
            for (std::int64_t t = 0; t < T; ++t) {
                const std::int64_t p = S - T + t,
                                   lo = window > 0 ? std::max<std::int64_t>(0, p - window + 1) : 0;
                std::vector<double> s;
                for (std::int64_t j = lo; j <= p; ++j) {
                    double dot = 0;
                    for (std::int64_t d = 0; d < hd; ++d) dot += Q[b][h][t][d] * K[b][g][j][d];
                    dot *= scale;
                    s.push_back(cap > 0 ? cap * std::tanh(dot / cap) : dot);
                }
                const double m = *std::max_element(s.begin(), s.end());
                double z = 0;
                for (double& x : s) z += (x = std::exp(x - m));
                for (std::int64_t d = 0; d < hd; ++d) {
                    double acc = 0;
                    for (std::size_t j = 0; j < s.size(); ++j) acc += s[j] * V[b][g][lo + std::int64_t(j)][d];
                    O[b][h][t][d] = acc / z;
                }
            }
        }
    return out;
}

} // namespace

class TestAttentionCpu : public QObject {
    Q_OBJECT
private slots:
    void matchesDefinition_data() {
        QTest::addColumn<int>("T");
        QTest::addColumn<int>("S");
        QTest::addColumn<int>("hd");
        QTest::addColumn<int>("H");
        QTest::addColumn<int>("KV");
        QTest::addColumn<int>("window");
        QTest::addColumn<double>("cap");
        QTest::addColumn<bool>("bf16"); // keys and values in bfloat16 (a bf16 KV cache)
        QTest::newRow("blocks exactly") << 64 << 64 << 8 << 4 << 2 << 0 << 0.0 << false;
        QTest::newRow("rows left over") << 45 << 45 << 8 << 2 << 2 << 0 << 0.0 << false;
        QTest::newRow("odd head size") << 37 << 37 << 5 << 3 << 1 << 0 << 0.0 << false;
        QTest::newRow("wide head") << 40 << 40 << 64 << 2 << 1 << 0 << 0.0 << false;
        QTest::newRow("cache longer than queries") << 21 << 70 << 16 << 4 << 2 << 0 << 0.0 << false;
        QTest::newRow("window inside a block") << 50 << 50 << 8 << 2 << 1 << 3 << 0.0 << false;
        QTest::newRow("window, cache, cap") << 19 << 83 << 12 << 4 << 4 << 17 << 5.0 << false;
        QTest::newRow("soft cap") << 33 << 33 << 8 << 2 << 2 << 0 << 2.0 << false;
        QTest::newRow("few rows (decoding)") << 3 << 29 << 8 << 4 << 2 << 0 << 0.0 << false;
        QTest::newRow("one row, window") << 1 << 40 << 8 << 2 << 1 << 9 << 0.0 << false;
        // Decoding with head sizes a multiple of 16 (decodeAttention): eight query rows per KV head
        // (blocks of keys transposed, values four rows at a time), six rows (a partial block of rows, 4 + 2
        // rows of values) with a window and a cap, one row per KV head (16 keys' products at a time, their
        // lanes summed by one transpose; a head size of three vectors), three rows (four vectors and one).
        QTest::newRow("decoding, grouped heads") << 1 << 300 << 64 << 16 << 2 << 0 << 0.0 << false;
        QTest::newRow("decoding, six rows, window, cap") << 2 << 77 << 32 << 6 << 2 << 20 << 3.0 << false;
        QTest::newRow("decoding, one head per KV head") << 1 << 45 << 48 << 3 << 3 << 0 << 0.0 << false;
        QTest::newRow("decoding, three rows, head 80") << 3 << 50 << 80 << 1 << 1 << 0 << 0.0 << false;
        // A bfloat16 KV cache: the decode path reads its elements as they are (widened as loaded), every
        // other path widens the cache once per call. The oracle takes the same bf16 values widened exactly,
        // so the float32 tolerance holds: a wrong widening (a lane order, a shift) is off by whole units.
        QTest::newRow("bf16, decoding, grouped heads") << 1 << 300 << 64 << 16 << 2 << 0 << 0.0 << true;
        QTest::newRow("bf16, decoding, six rows, window, cap")
            << 2 << 77 << 32 << 6 << 2 << 20 << 3.0 << true;
        QTest::newRow("bf16, decoding, one head per KV head") << 1 << 45 << 48 << 3 << 3 << 0 << 0.0 << true;
        QTest::newRow("bf16, decoding, three rows, head 80") << 3 << 50 << 80 << 1 << 1 << 0 << 0.0 << true;
        QTest::newRow("bf16, decoding, head 8 (widened)") << 3 << 29 << 8 << 4 << 2 << 0 << 0.0 << true;
        QTest::newRow("bf16, prefill (widened)") << 21 << 70 << 16 << 4 << 2 << 0 << 0.0 << true;
    }

    void matchesDefinition() {
        QFETCH(int, T);
        QFETCH(int, S);
        QFETCH(int, hd);
        QFETCH(int, H);
        QFETCH(int, KV);
        QFETCH(int, window);
        QFETCH(double, cap);
        QFETCH(bool, bf16);
        c10::InferenceMode guard;
        at::Generator gen = at::detail::createCPUGenerator(std::uint64_t(T * 131 + S * 7 + hd));
        // Scores of a few units, as trained models have; one large key makes a peaked softmax.
        const at::Tensor q = at::normal(0.0, 1.0, {2, H, T, hd}, gen);
        at::Tensor k = at::normal(0.0, 1.0, {2, KV, S, hd}, gen);
        at::Tensor v = at::normal(0.0, 1.0, {2, KV, S, hd}, gen);
        k.select(2, S / 2).mul_(4);
        if (bf16) {
            k = k.to(at::kBFloat16);
            v = v.to(at::kBFloat16);
        }
        const double scale = 1.0 / std::sqrt(double(hd));
        const at::Tensor got = causalAttentionCpu(q, k, v, float(scale), float(cap), window);
        const at::Tensor want = oracle(q, k, v, scale, cap, window);
        QCOMPARE(got.sizes().vec(), want.sizes().vec());
        const double err = (got.to(at::kDouble) - want).abs().max().item<double>();
        // float32 sums of up to ~100 terms of size ~1 and a 2-ulp exp: 1.7e-7 to 1.0e-6 measured.
        QVERIFY2(err < 2e-6, qPrintable(QString("max |error| %1").arg(err)));
    }

    // A model decoding through a bfloat16 cache (DecoderModel::setKvCacheType): the cache holds bf16, and the
    // logits of each step stay near those of the whole sequence's forward pass (no cache), where a float32
    // cache agrees to float rounding. stories260K's shapes (8 / 4 heads of 8: the widened path), random
    // weights.
    void decodingThroughABfloat16Cache() {
        c10::InferenceMode guard;
        auto model = DecoderModel::randomInit(owqtest::stories260KConfig(), 5, at::kCPU);
        at::Generator gen = at::detail::createCPUGenerator(21);
        const std::int64_t n = 48, prompt = 9;
        const at::Tensor ids = at::randint(0, model->config().vocabSize, {1, n}, gen, at::kLong);
        const at::Tensor full = model->forward(ids);
        const double scale = full.abs().max().item<double>();
        double err[2] = {0, 0};
        for (const at::ScalarType type : {at::kFloat, at::kBFloat16}) {
            model->setKvCacheType(type);
            KvCache cache = model->newCache(1, n);
            QCOMPARE(cache.k[0].scalar_type(), type);
            QCOMPARE(cache.v[0].scalar_type(), type);
            double& e = err[type == at::kBFloat16];
            at::Tensor l = model->forward(ids.narrow(1, 0, prompt), &cache);
            e = (l - full.narrow(1, 0, prompt)).abs().max().item<double>();
            for (std::int64_t t = prompt; t < n; ++t) {
                l = model->forward(ids.narrow(1, t, 1), &cache);
                e = std::max(e, (l - full.narrow(1, t, 1)).abs().max().item<double>());
            }
            e /= scale;
        }
        model->setKvCacheType(at::kFloat);
        qInfo("largest logit difference from the uncached pass, of the largest |logit|: float32 cache %.2g, "
              "bfloat16 cache %.2g",
              err[0], err[1]);
        QVERIFY2(err[0] < 1e-5, qPrintable(QString("float32 cache: %1").arg(err[0])));
        // 8 significant bits per key and value (2^-9 relative each): 9.5e-4 measured.
        QVERIFY2(err[1] < 3e-3 && err[1] > 10 * err[0],
                 qPrintable(QString("bfloat16 cache: %1").arg(err[1])));
    }

    // The same query rows through a strided (non-contiguous) view, as the fused q/k/v projections give.
    void stridedInputs() {
        c10::InferenceMode guard;
        at::Generator gen = at::detail::createCPUGenerator(7);
        const at::Tensor qkv = at::normal(0.0, 1.0, {2, 30, 3, 4, 8}, gen); // [B, T, 3, H, hd]
        const at::Tensor q = qkv.select(2, 0).transpose(1, 2), k = qkv.select(2, 1).transpose(1, 2),
                         v = qkv.select(2, 2).transpose(1, 2);
        QVERIFY(!q.is_contiguous());
        const at::Tensor got = causalAttentionCpu(q, k, v, 0.35f, 0.0f, 0);
        const double err = (got.to(at::kDouble) - oracle(q, k, v, 0.35, 0, 0)).abs().max().item<double>();
        QVERIFY2(err < 2e-6, qPrintable(QString("max |error| %1").arg(err)));
    }

    // Decoding with fewer KV heads than threads splits each KV head's query rows between tasks: here one KV
    // head's 16 rows over 4 threads, 4 rows (blocks of keys transposed) each, and 6 rows over 4 (1 or 2 rows,
    // a key at a time).
    void decodeRowsSplitBetweenThreads() {
        c10::InferenceMode guard;
        const int threads = at::get_num_threads();
        at::set_num_threads(4);
        at::Generator gen = at::detail::createCPUGenerator(13);
        for (const std::int64_t H : {16, 6}) {
            const at::Tensor q = at::normal(0.0, 1.0, {1, H, 1, 32}, gen);
            const at::Tensor k = at::normal(0.0, 1.0, {1, 1, 50, 32}, gen);
            const at::Tensor v = at::normal(0.0, 1.0, {1, 1, 50, 32}, gen);
            const at::Tensor got = causalAttentionCpu(q, k, v, 0.2f, 0.0f, 0);
            const double err = (got.to(at::kDouble) - oracle(q, k, v, 0.2, 0, 0)).abs().max().item<double>();
            QVERIFY2(err < 2e-6, qPrintable(QString("%1 heads: max |error| %2").arg(H).arg(err)));
        }
        at::set_num_threads(threads);
    }

    // rmsNormCpu against x / sqrt(mean(x^2) + eps) * w in double: one decode row, many rows split between
    // threads, a row size that is not a vector's width, Gemma's (1 + w), and rows of very different scales
    // (each row its own mean).
    void rmsNormMatchesDefinition() {
        c10::InferenceMode guard;
        at::Generator gen = at::detail::createCPUGenerator(31);
        struct Case {
            std::vector<std::int64_t> shape;
            bool plusOne;
        };
        for (const Case& c : {Case{{1, 1, 2048}, false}, Case{{3, 700, 64}, false}, Case{{5, 37}, false},
                              Case{{2, 9, 48}, true}}) {
            at::Tensor x = at::normal(0.0, 1.0, c.shape, gen);
            x.select(-2, 0).mul_(300);
            const std::int64_t D = c.shape.back();
            const at::Tensor w = at::normal(1.0, 0.5, {D}, gen);
            const float eps = 1e-5f;
            const at::Tensor got = rmsNormCpu(x, w, eps, c.plusOne);
            QCOMPARE(got.sizes().vec(), x.sizes().vec());
            const at::Tensor xd = x.to(at::kDouble), wd = w.to(at::kDouble) + (c.plusOne ? 1.0 : 0.0);
            const at::Tensor want = xd * at::rsqrt(xd.pow(2).mean(-1, true) + double(eps)) * wd;
            // Relative to each value's own size: float32 roundings, ~3 ulps.
            const double err =
                ((got.to(at::kDouble) - want).abs() / (want.abs() + 1e-30)).max().item<double>();
            QVERIFY2(err < 1e-6, qPrintable(QString("D %1: max relative error %2").arg(D).arg(err)));
        }
    }

    // siluTimesRowCpu against silu(g) * u = g / (1 + exp(-g)) * u in double: within a few float ulps of each
    // result; each value the same bits wherever it sits (a row of whole 16-value blocks and one with a tail,
    // another offset, in place), which is what keeps a decode step's bits equal to the tensor path's; the
    // tensor form over a fused [gate; up] row's halves equals the rows; special values as the definition.
    void siluRowsMatchDefinition() {
        c10::InferenceMode guard;
        at::Generator gen = at::detail::createCPUGenerator(13);
        const std::int64_t n = 1007; // 62 blocks and 15 values
        at::Tensor g = at::normal(0.0, 4.0, {n}, gen);
        g.narrow(0, 0, 64).mul_(25); // the tails too: exp(-g) near its overflow and underflow
        const at::Tensor u = at::normal(0.0, 1.0, {n}, gen);
        const float* gp = g.data_ptr<float>();
        const float* up = u.data_ptr<float>();
        std::vector<float> out(n), alone(n);
        siluTimesRowCpu(gp, up, out.data(), n);
        siluTimesRowCpu(gp, nullptr, alone.data(), n);
        double worst = 0, worstAlone = 0;
        auto ulps = [](float got, double want) {
            const float w = float(want);
            const double ulp = double(std::nextafter(std::fabs(w), std::numeric_limits<float>::infinity())) -
                               double(std::fabs(w));
            return std::fabs(double(got) - want) / ulp;
        };
        for (std::int64_t j = 0; j < n; ++j) {
            const double x = gp[j], s = x / (1.0 + std::exp(-x));
            if (x < -87) { // exp(-x) past float's range: the float expression gives 0 for the tiny result
                QVERIFY2(std::fabs(out[std::size_t(j)]) < 1e-36f && std::fabs(alone[std::size_t(j)]) < 1e-36f,
                         qPrintable(QString("x %1: %2").arg(x).arg(alone[std::size_t(j)])));
                continue;
            }
            worst = std::max(worst, ulps(out[std::size_t(j)], s * double(up[j])));
            worstAlone = std::max(worstAlone, ulps(alone[std::size_t(j)], s));
        }
        qInfo("silu: largest error %.2f ulp, times up %.2f ulp", worstAlone, worst);
        QVERIFY2(worstAlone < 4 && worst < 4, qPrintable(QString("%1 / %2 ulp").arg(worstAlone).arg(worst)));

        // The same values at another offset, in a row of another length, and in place: the same bits.
        for (const std::int64_t from : {std::int64_t(3), std::int64_t(16), std::int64_t(501)}) {
            for (const std::int64_t len : {std::int64_t(1), std::int64_t(37), std::int64_t(64)}) {
                std::vector<float> part(std::size_t(len) + 1), inPlace(gp + from, gp + from + len);
                siluTimesRowCpu(gp + from, up + from, part.data() + 1, len); // a 4-byte offset
                siluTimesRowCpu(inPlace.data(), up + from, inPlace.data(), len);
                for (std::int64_t j = 0; j < len; ++j) {
                    QCOMPARE(part[std::size_t(j) + 1], out[std::size_t(from + j)]);
                    QCOMPARE(inPlace[std::size_t(j)], out[std::size_t(from + j)]);
                }
            }
        }

        // The tensor form on the halves of a fused [gate; up] output, 3 x 5 rows of 37: each row as above.
        const std::int64_t I = 37;
        const at::Tensor gu = at::normal(0.0, 3.0, {3, 5, 2 * I}, gen);
        const at::Tensor gate = gu.narrow(-1, 0, I), upHalf = gu.narrow(-1, I, I);
        const at::Tensor both = siluTimesCpu(gate, upHalf), silu = siluTimesCpu(gate, at::Tensor());
        QCOMPARE(both.sizes().vec(), gate.sizes().vec());
        QVERIFY(both.is_contiguous() && silu.is_contiguous());
        for (std::int64_t a = 0; a < 3; ++a)
            for (std::int64_t b = 0; b < 5; ++b) {
                std::vector<float> want(I), wantAlone(I);
                const float* row = gu[a][b].data_ptr<float>();
                siluTimesRowCpu(row, row + I, want.data(), I);
                siluTimesRowCpu(row, nullptr, wantAlone.data(), I);
                QVERIFY(std::equal(want.begin(), want.end(), both[a][b].data_ptr<float>()));
                QVERIFY(std::equal(wantAlone.begin(), wantAlone.end(), silu[a][b].data_ptr<float>()));
            }

        // NaN stays NaN; far out, x itself and -0; -inf is inf / inf, NaN, as in the definition.
        const float inf = std::numeric_limits<float>::infinity();
        const float special[] = {std::nanf(""), 200.0f, -200.0f, inf, -inf, 0.0f};
        float res[6];
        siluTimesRowCpu(special, nullptr, res, 6);
        QVERIFY(std::isnan(res[0]));
        QCOMPARE(res[1], 200.0f);
        QVERIFY(res[2] == 0.0f && std::signbit(res[2]));
        QCOMPARE(res[3], inf);
        QVERIFY(std::isnan(res[4]));
        QCOMPARE(res[5], 0.0f);
    }

    // rotateCpu gives exactly x * cos + rotate_half(x) * sin of the tensor path (Rope::apply): the same
    // products and sums, each rounded (no FMA).
    void fusedRopeIsTheTensorExpression() {
        c10::InferenceMode guard;
        at::Generator gen = at::detail::createCPUGenerator(11);
        for (const std::int64_t hd : {8, 6, 128}) {
            const std::int64_t B = 2, T = 13, H = 3;
            const at::Tensor x = at::normal(0.0, 3.0, {B, T, H, hd}, gen).transpose(1, 2); // as q comes
            const at::Tensor angles = at::normal(0.0, 2.0, {T, hd}, gen);
            const at::Tensor c = angles.cos(), sn = angles.sin();
            const at::Tensor rotated = at::cat({-x.narrow(3, hd / 2, hd / 2), x.narrow(3, 0, hd / 2)}, 3);
            const at::Tensor want = x * c + rotated * sn;
            const at::Tensor got = rotateCpu(x, c, sn);
            QCOMPARE(got.sizes().vec(), want.sizes().vec());
            QVERIFY2(at::equal(got, want), qPrintable(QString("head size %1: max |difference| %2")
                                                          .arg(hd)
                                                          .arg((got - want).abs().max().item<double>())));
        }
    }

    // storeKvCpu writes a step's keys into the cache exactly as narrow().copy_() does (float32, and
    // bfloat16 rounded the same way), touching no other position; other layouts fall back to copy_.
    void kvStoreIsTheCopy() {
        c10::InferenceMode guard;
        at::Generator gen = at::detail::createCPUGenerator(12);
        for (const at::ScalarType dtype : {at::kFloat, at::kBFloat16})
            for (const std::int64_t T : {1, 5}) {
                const std::int64_t B = 2, H = 3, hd = 6, cap = 9, pos = 3;
                const at::Tensor k = at::normal(0.0, 3.0, {B, T, H, hd}, gen).transpose(1, 2); // as k comes
                const at::Tensor before = at::normal(0.0, 1.0, {B, H, cap, hd}, gen).to(dtype);
                at::Tensor want = before.clone(), got = before.clone();
                want.narrow(2, pos, T).copy_(k);
                storeKvCpu(k, got, pos);
                QVERIFY2(at::equal(got, want),
                         qPrintable(QString("dtype %1, %2 tokens").arg(c10::toString(dtype)).arg(T)));
                at::Tensor viaView = before.clone();
                storeKvCpu(k, viaView.transpose(0, 1).transpose(0, 1).narrow(3, 0, hd), pos); // still plain
                QVERIFY(at::equal(viaView, want));
            }
        // A non-contiguous cache takes copy_ and gives the same.
        const at::Tensor k = at::normal(0.0, 1.0, {1, 2, 1, 4}, gen);
        at::Tensor big = at::zeros({1, 2, 5, 8});
        at::Tensor view = big.narrow(3, 2, 4);
        storeKvCpu(k, view, 1);
        QVERIFY(at::equal(big.narrow(3, 2, 4).narrow(2, 1, 1), k));
        big.narrow(3, 2, 4).narrow(2, 1, 1).zero_();
        QVERIFY(at::equal(big, at::zeros_like(big))); // nothing else written
    }
};

QTEST_GUILESS_MAIN(TestAttentionCpu)
#include "test_attention_cpu.moc"
