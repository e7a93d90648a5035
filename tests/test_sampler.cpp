// The token sampler on logits rows we control: greedy, top-k, top-p, temperature, repetition penalty, seeds.
// Distribution checks draw N tokens from one sampler and compare each token's count with its expected
// probability p: |count - N*p| <= 5 * sqrt(N*p*(1-p)) (5 binomial standard deviations, a false alarm about
// once in 1.7 million per check). Tokens that must never appear (p == 0) must have a count of exactly 0.
// The seeds are fixed, so a run is reproducible; the bound says the pass is not a lucky seed.
#include "model/sampler.h"

#include <QtTest>

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

using owq::SamplingOptions;
using owq::detail::Sampler;

namespace {

constexpr int kDraws = 20000;
constexpr double kSigmas = 5.0;

// Sampling with every filter off unless asked for; no repetition penalty.
SamplingOptions options(float temperature, int topK = 0, float topP = 1.0f, std::uint64_t seed = 7) {
    SamplingOptions o;
    o.temperature = temperature;
    o.topK = topK;
    o.topP = topP;
    o.repetitionPenalty = 1.0f;
    o.seed = seed;
    return o;
}

// How often each token id comes out of `draws` calls on one sampler.
std::vector<int> counts(const SamplingOptions& o, const std::vector<float>& logits, int draws = kDraws,
                        const std::vector<std::int32_t>& history = {}) {
    Sampler s(o);
    std::vector<int> c(logits.size(), 0);
    for (int i = 0; i < draws; ++i) {
        const std::int32_t id = s.next(logits, history);
        if (id < 0 || std::size_t(id) >= c.size()) return {}; // an id outside the row: caller fails
        ++c[std::size_t(id)];
    }
    return c;
}

// Logits whose softmax is exactly the (unnormalised) weights `w`, up to float rounding.
std::vector<float> logitsOf(const std::vector<double>& w) {
    std::vector<float> l;
    for (double x : w) l.push_back(float(std::log(x)));
    return l;
}

// Expected probabilities: `w` renormalised over the tokens in `support` (0 elsewhere).
std::vector<double> restricted(const std::vector<double>& w, const std::set<int>& support) {
    double sum = 0;
    for (int i : support) sum += w[std::size_t(i)];
    std::vector<double> p(w.size(), 0.0);
    for (int i : support) p[std::size_t(i)] = w[std::size_t(i)] / sum;
    return p;
}

// Empty when every count is within the binomial bound of its expectation, else what is off.
QString checkFrequencies(const std::vector<int>& c, const std::vector<double>& p, int draws = kDraws) {
    if (c.size() != p.size()) return "sampler returned an id outside the logits row";
    QString err;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double mean = draws * p[i];
        const double bound = kSigmas * std::sqrt(draws * p[i] * (1 - p[i]));
        if (std::abs(c[i] - mean) > bound)
            err += QString("token %1: %2 draws, expected %3 +- %4; ").arg(i).arg(c[i]).arg(mean).arg(bound);
    }
    return err;
}

std::set<int> support(const std::vector<int>& c) {
    std::set<int> s;
    for (std::size_t i = 0; i < c.size(); ++i)
        if (c[i] > 0) s.insert(int(i));
    return s;
}

std::int32_t greedy(const std::vector<float>& logits, const std::vector<std::int32_t>& history = {},
                    float penalty = 1.0f, int window = 64) {
    SamplingOptions o = options(0.0f);
    o.repetitionPenalty = penalty;
    o.repetitionWindow = window;
    return Sampler(o).next(logits, history);
}

} // namespace

class TestSampler : public QObject {
    Q_OBJECT
private slots:
    void greedyPicksArgmax();
    void topKKeepsExactlyTheKLargest();
    void topPKeepsExactlyTheNucleus();
    void topPBoundaryIsExact();
    void topPSeesTemperatureAndTopK();
    void temperatureScalesLogits_data();
    void temperatureScalesLogits();
    void repetitionPenaltyDividesPositive();
    void repetitionPenaltyMultipliesNegative();
    void repetitionPenaltyWindowEdge();
    void repetitionPenaltyInSampling();
    void seedsDecideTheSequence();
};

void TestSampler::greedyPicksArgmax() {
    const std::vector<float> l{0.5f, -1.0f, 3.0f, 2.9f, -7.0f};
    QCOMPARE(greedy(l), 2);
    QCOMPARE(Sampler(options(-1.0f)).next(l, {}), 2); // negative temperature is greedy too
    // Ties go to the lowest id (std::max_element, like torch.argmax).
    QCOMPARE(greedy({1.0f, 4.0f, 2.0f, 4.0f, 4.0f}), 1);
    QCOMPARE(greedy({-2.0f, -2.0f}), 0);
}

void TestSampler::topKKeepsExactlyTheKLargest() {
    // Shuffled so that the k largest are not a prefix; all weights distinct.
    const std::vector<double> w{0.05, 0.20, 0.02, 0.15, 0.03, 0.25, 0.01, 0.12, 0.10, 0.07};
    const std::vector<int> byRank{5, 1, 3, 7, 8, 9, 0, 4, 2, 6};
    const std::vector<float> l = logitsOf(w);
    for (int k : {1, 2, 3, 5}) {
        const std::set<int> top(byRank.begin(), byRank.begin() + k);
        const std::vector<int> c = counts(options(1.0f, k), l);
        // Exact support: nothing outside the top k, and each of the k seen (the rarest has N*p >= 2000
        // draws).
        QCOMPARE(support(c), top);
        // Within the top k, the softmax renormalised over the survivors (as HF's -inf masking gives).
        const QString err = checkFrequencies(c, restricted(w, top));
        QVERIFY2(err.isEmpty(), qPrintable(QString("k=%1: %2").arg(k).arg(err)));
    }
    // k >= vocabulary, or k <= 0: no filtering.
    QCOMPARE(support(counts(options(1.0f, 10), l)).size(), std::size_t(10));
    QCOMPARE(support(counts(options(1.0f, 0), l)).size(), std::size_t(10));
}

void TestSampler::topPKeepsExactlyTheNucleus() {
    // Probabilities 0.4, 0.3, 0.2, 0.1 (shuffled): cumulative 0.4, 0.7, 0.9, 1.0.
    const std::vector<double> w{0.2, 0.4, 0.1, 0.3};
    const std::vector<float> l = logitsOf(w);
    struct Case {
        float p;
        std::set<int> nucleus;
    };
    // Just past a cumulative step the next token is in (it is needed to reach p); just below it is not.
    const std::vector<Case> cases{{0.39f, {1}},       {0.41f, {1, 3}},    {0.69f, {1, 3}},
                                  {0.71f, {1, 3, 0}}, {0.89f, {1, 3, 0}}, {0.91f, {1, 3, 0, 2}}};
    for (const Case& cs : cases) {
        const std::vector<int> c = counts(options(1.0f, 0, cs.p), l);
        QVERIFY2(support(c) == cs.nucleus, qPrintable(QString("top_p=%1").arg(cs.p)));
        const QString err = checkFrequencies(c, restricted(w, cs.nucleus));
        QVERIFY2(err.isEmpty(), qPrintable(QString("top_p=%1: %2").arg(cs.p).arg(err)));
    }
}

void TestSampler::topPBoundaryIsExact() {
    // Four equal logits: probabilities exactly 0.25, cumulative exactly 0.25, 0.5, 0.75, 1.0. HF's
    // TopPLogitsWarper removes tokens whose ascending cumulative mass is <= 1 - p, i.e. keeps the smallest
    // prefix whose mass reaches p (>=): at p = 0.5 exactly two tokens, one float ulp above 0.5 three.
    // Ties make which ids survive unspecified, so only the support size is checked.
    const std::vector<float> l(4, 0.0f);
    QCOMPARE(support(counts(options(1.0f, 0, 0.5f), l, 2000)).size(), std::size_t(2));
    QCOMPARE(support(counts(options(1.0f, 0, std::nextafter(0.5f, 1.0f)), l, 2000)).size(), std::size_t(3));
    QCOMPARE(support(counts(options(1.0f, 0, 0.0f), l, 2000)).size(), std::size_t(1)); // never empty
}

void TestSampler::topPSeesTemperatureAndTopK() {
    // HF order: temperature, then top-k, then top-p on the renormalised survivors.
    const std::vector<double> w{0.4, 0.3, 0.2, 0.1};
    const std::vector<float> l = logitsOf(w);
    // T = 1: 0.4 < 0.5, so the nucleus is {0, 1}.
    QCOMPARE(support(counts(options(1.0f, 0, 0.5f), l, 2000)), (std::set<int>{0, 1}));
    // T = 0.5 squares the weights: 0.16/0.30 = 0.53 >= 0.5, so token 0 alone.
    QCOMPARE(support(counts(options(0.5f, 0, 0.5f), l, 2000)), (std::set<int>{0}));
    // top-k 2 renormalises to 4/7, 3/7: 0.57 >= 0.5, so token 0 alone.
    QCOMPARE(support(counts(options(1.0f, 2, 0.5f), l, 2000)), (std::set<int>{0}));
}

void TestSampler::temperatureScalesLogits_data() {
    QTest::addColumn<float>("temperature");
    QTest::newRow("T=0.5") << 0.5f;
    QTest::newRow("T=1") << 1.0f;
    QTest::newRow("T=2") << 2.0f;
}

void TestSampler::temperatureScalesLogits() {
    // Two tokens one logit apart: P(token 1) = sigmoid(1 / T) = 0.881, 0.731, 0.622. With N = 20000 the
    // 5-sigma bound is under 1.2 points of frequency, far below the ~11-point gaps between temperatures.
    QFETCH(float, temperature);
    const std::vector<float> l{0.0f, 1.0f};
    const double p1 = 1.0 / (1.0 + std::exp(-1.0 / double(temperature)));
    const QString err = checkFrequencies(counts(options(temperature), l), {1.0 - p1, p1});
    QVERIFY2(err.isEmpty(), qPrintable(err));
}

void TestSampler::repetitionPenaltyDividesPositive() {
    // 2.0 / 2 = 1.0 falls below 1.5: the penalty moves the pick (multiplying would keep token 0 on top).
    const std::vector<float> l{2.0f, 1.5f, -3.0f};
    QCOMPARE(greedy(l, {0}), 0); // penalty 1: off
    QCOMPARE(greedy(l, {0}, 2.0f), 1);
    QCOMPARE(greedy(l, {2}, 2.0f), 0); // only tokens in the history are touched
    // Once per distinct token (HF gathers and scatters): 2.0 / 2 = 1.0 still beats 0.8; twice would not.
    QCOMPARE(greedy({2.0f, 0.8f}, {0, 0, 0}, 2.0f), 0);
    QCOMPARE(greedy(l, {-1, 99}, 2.0f), 0); // ids outside the row are ignored
}

void TestSampler::repetitionPenaltyMultipliesNegative() {
    // -1.0 * 2 = -2.0 falls below -1.5 (dividing would give -0.5 and keep token 0 on top).
    const std::vector<float> l{-1.0f, -1.5f, -9.0f};
    QCOMPARE(greedy(l, {0}), 0);
    QCOMPARE(greedy(l, {0}, 2.0f), 1);
}

void TestSampler::repetitionPenaltyWindowEdge() {
    // Window 3: only the last 3 history tokens are penalised. Token 0 at 3rd-from-last is in, 4th is out.
    const std::vector<float> l{2.0f, 1.5f, -5.0f, -5.0f, -5.0f, -5.0f};
    QCOMPARE(greedy(l, {3, 0, 4, 5}, 2.0f, 3), 1);
    QCOMPARE(greedy(l, {0, 3, 4, 5}, 2.0f, 3), 0);
    QCOMPARE(greedy(l, {0}, 2.0f, 1), 1); // history shorter than the window: all of it
    QCOMPARE(greedy(l, {0}, 2.0f, 0), 0); // window 0: off
}

void TestSampler::repetitionPenaltyInSampling() {
    // The penalty applies before sampling too: logits {1, 0}, token 0 penalised by 2 -> {0.5, 0}, so
    // P(token 0) = sigmoid(0.5) = 0.622 instead of sigmoid(1) = 0.731 (gap ~20 sigma at N = 20000).
    SamplingOptions o = options(1.0f);
    o.repetitionPenalty = 2.0f;
    const double p0 = 1.0 / (1.0 + std::exp(-0.5));
    const QString err = checkFrequencies(counts(o, {1.0f, 0.0f}, kDraws, {0}), {p0, 1.0 - p0});
    QVERIFY2(err.isEmpty(), qPrintable(err));
}

void TestSampler::seedsDecideTheSequence() {
    // 8 equal logits, 64 draws: two independent sequences coincide with probability 8^-64.
    const std::vector<float> l(8, 0.0f);
    auto run = [&](std::uint64_t seed) {
        Sampler s(options(1.0f, 0, 1.0f, seed));
        std::vector<std::int32_t> ids;
        for (int i = 0; i < 64; ++i) ids.push_back(s.next(l, ids));
        return ids;
    };
    QCOMPARE(run(1), run(1));
    QVERIFY(run(1) != run(2));
}

QTEST_APPLESS_MAIN(TestSampler)
#include "test_sampler.moc"
