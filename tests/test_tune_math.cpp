// Weak column tuning's math against hand computation (docs/TUNING.md, "Optimisation"). The model is
// stories260K quantized with OWQ keeping only two weak columns (layer 0 v_proj: 32 rows, layer 4 down_proj:
// 64 rows, so 96 trainable weights), trained on one deterministic window: a text of exactly seqlen + 1
// tokens, batch 1, accum 1. Every run checkpoints every step, and the checkpoints hold the float32 weights
// and AdamW moments, so each step can be recomputed by hand:
//   - the learning rate of every step is the documented warm-up + decay formula, reported and applied;
//   - the first AdamW step is w <- w (1 - lr wd) - lr g / (|g| + eps), about -lr sign(g), in the saved fp16
//     weights up to fp16 rounding; weight decay adds exactly -lr wd w;
//   - the gradient the step used equals central finite differences of the window's loss (computed here from
//     LanguageModel::logits of fp16-perturbed copies of the folder), per weight and in global norm
//     (gradNorm);
//   - clipping scales the gradient to the clip norm before the moments while gradNorm reports the unclipped
//     norm; the first step is unchanged by it (Adam is scale-invariant up to eps), the second changes as
//     predicted from the unclipped gradients.
#include "owq/engine.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "owq/tokenizer.h"
#include "owq/tune.h"
#include "testutil.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

using namespace owq;
namespace fs = std::filesystem;

namespace {

// float32 unit roundoff; every float32 operation's relative error is at most this.
const double kU32 = std::ldexp(1.0, -24);
// fp16: round to nearest gives |fl(x) - x| <= 2^-11 |x| for normal x and <= 2^-25 (half the subnormal
// spacing) below.
const double kU16 = std::ldexp(1.0, -11), kHalfSub16 = std::ldexp(1.0, -25);

const char* const kWeakLinears[] = {"model.layers.0.self_attn.v_proj", "model.layers.4.mlp.down_proj"};

bool endsWith(const std::string& s, const std::string& e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

double halfToDouble(std::uint16_t h) {
    const int exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    const double v = exp == 0 ? std::ldexp(double(man), -24) : std::ldexp(double(man | 0x400), exp - 25);
    return (h & 0x8000) ? -v : v;
}

// Nearest fp16 (ties to even) of a finite |x| < 65504.
std::uint16_t doubleToHalf(double x) {
    const std::uint16_t sign = std::signbit(x) ? 0x8000 : 0;
    const double a = std::fabs(x);
    int e = 0;
    std::frexp(a, &e);                                  // a in [2^(e-1), 2^e)
    const int q = std::max(e - 11, -24);                // spacing of fp16 numbers around a
    const double n = std::nearbyint(std::ldexp(a, -q)); // ties to even (the default rounding mode)
    if (q == -24) return std::uint16_t(sign | int(n));  // subnormal; n = 1024 is the first normal's encoding
    const double r = std::ldexp(n, q);
    std::frexp(r, &e); // may have moved up a binade
    const int man = int(std::ldexp(r, 11 - e)) - 1024;
    return std::uint16_t(sign | ((e - 1 + 15) << 10) | man);
}

// One vector over all trainable weights, linears in name order, each weak_weight row-major.
struct Flat {
    std::vector<double> w, m, v;
};

void append(std::vector<double>& to, const std::vector<float>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

// The weak weights of a packed folder's model.safetensors (fp16, exact in double).
std::vector<double> weakWeights(const std::string& dir) {
    auto f = SafetensorsFile::open(dir + "/model.safetensors");
    std::map<std::string, std::vector<float>> byName;
    for (const TensorInfo& t : f->tensors())
        if (endsWith(t.name, ".weak_weight")) byName[t.name] = f->readFloat(t);
    std::vector<double> out;
    for (const auto& [name, w] : byName) append(out, w);
    return out;
}

// A step folder of a tuning checkpoint (docs/TUNING.md, "Checkpoints"): float32 weights and moments.
Flat readState(const std::string& stepDir) {
    auto f = SafetensorsFile::open(stepDir + "/tune_state.safetensors");
    std::map<std::string, std::vector<float>> w, m, v;
    for (const TensorInfo& t : f->tensors()) {
        const std::string& n = t.name;
        if (endsWith(n, ".weak_weight")) w[n.substr(0, n.size() - 12)] = f->readFloat(t);
        if (endsWith(n, ".exp_avg")) m[n.substr(0, n.size() - 8)] = f->readFloat(t);
        if (endsWith(n, ".exp_avg_sq")) v[n.substr(0, n.size() - 11)] = f->readFloat(t);
    }
    Flat s;
    for (const auto& [base, x] : w) {
        append(s.w, x);
        append(s.m, m.at(base));
        append(s.v, v.at(base));
    }
    return s;
}

double norm(const std::vector<double>& x) {
    double s = 0;
    for (double e : x) s += e * e;
    return std::sqrt(s);
}

// docs/TUNING.md: linear warm-up lr s / W for s <= W, then cosine / linear / constant decay reaching
// lr * minLrRatio at the last step, progress p = (s - W) / (S - W).
double documentedLr(const TuneOptions& o, int s) {
    if (o.warmup > 0 && s <= o.warmup) return o.lr * s / o.warmup;
    const double p = double(s - o.warmup) / double(o.steps - o.warmup), r = o.minLrRatio;
    switch (o.schedule) {
    case LrSchedule::Cosine:
        return o.lr * (r + (1 - r) * (1 + std::cos(M_PI * p)) / 2);
    case LrSchedule::Linear:
        return o.lr * (1 - (1 - r) * p);
    case LrSchedule::Constant:
        break;
    }
    return o.lr;
}

// Recomputes AdamW step t (torch.optim.AdamW) from the state before it to the state after it. The gradient
// the step used (after clipping) follows from the first moment, g = (m_t - b1 m_{t-1}) / (1 - b1); then the
// second moment must be b2 v_{t-1} + (1 - b2) g^2 and the weight w_{t-1} (1 - lr wd) - lr / (1 - b1^t) *
// m_t / (sqrt(v_t / (1 - b2^t)) + eps). Tolerances: float32 rounding, each stored value within 2^-24 of its
// exact value per operation, a few operations each (bounded with a factor 4 to 8 of 2^-24 per term).
struct StepCheck {
    std::vector<double> g, gErr; // the gradient used, and a bound on its float32 error
    double worst = 0;            // max error / tolerance over v and w; <= 1 passes
    std::string where;
};
StepCheck checkAdamStep(const Flat& prev, const Flat& cur, double lr, double wd, int t,
                        const TuneOptions& o) {
    StepCheck c;
    const double b1 = o.beta1, b2 = o.beta2, bc1 = 1 - std::pow(b1, t), bc2 = 1 - std::pow(b2, t);
    for (std::size_t i = 0; i < cur.w.size(); ++i) {
        const double g = (cur.m[i] - b1 * prev.m[i]) / (1 - b1);
        const double gErr = 4 * kU32 * (b1 * std::fabs(prev.m[i]) + std::fabs(cur.m[i])) / (1 - b1);
        const double vWant = b2 * prev.v[i] + (1 - b2) * g * g;
        const double vTol =
            4 * kU32 * (b2 * prev.v[i] + cur.v[i]) + (1 - b2) * (2 * std::fabs(g) * gErr + gErr * gErr);
        const double u = cur.m[i] / (std::sqrt(cur.v[i] / bc2) + o.eps);
        const double wWant = prev.w[i] * (1 - lr * wd) - lr / bc1 * u;
        const double wTol =
            4 * kU32 * (std::fabs(prev.w[i]) + std::fabs(cur.w[i]) + 2 * lr / bc1 * std::fabs(u));
        const double rv = std::fabs(cur.v[i] - vWant) / vTol, rw = std::fabs(cur.w[i] - wWant) / wTol;
        if (std::max(rv, rw) > c.worst) {
            c.worst = std::max(rv, rw);
            char buf[200];
            std::snprintf(buf, sizeof buf, "weight %zu: w %.9g want %.9g, v %.9g want %.9g", i, cur.w[i],
                          wWant, cur.v[i], vWant);
            c.where = buf;
        }
        c.g.push_back(g);
        c.gErr.push_back(gErr);
    }
    return c;
}

struct Run {
    std::vector<TuneStep> steps; // steps 1..S
    std::string out, ckpt;
    Flat state(int step) const {
        char buf[32];
        std::snprintf(buf, sizeof buf, "/step-%06d", step);
        return readState(ckpt + buf);
    }
};

} // namespace

class TestTuneMath : public QObject {
    Q_OBJECT

    std::string src_;                  // packed OWQ folder with the two weak columns
    std::string dataFile_;             // one window: exactly seqlen + 1 tokens with BOS
    std::vector<std::int32_t> window_; // those tokens
    Flat start_;                       // the source weak weights, zero moments

    TuneOptions base() const {
        TuneOptions o;
        o.dataFile = dataFile_;
        o.evalFile = dataFile_;
        o.format = TuneDataFormat::Text;
        o.steps = 1;
        o.lr = 1e-2;
        o.batch = 1;
        o.accum = 1;
        o.seqlen = int(window_.size()) - 1;
        o.warmup = 0;
        o.schedule = LrSchedule::Constant;
        o.clip = 0;
        o.evalMaxWindows = 1;
        return o;
    }

    Run tune(TuneOptions o, const std::string& tag) const {
        const std::string dir = owqtest::scratchDir(tag);
        Run r;
        r.out = dir + "/out";
        r.ckpt = dir + "/ckpt";
        o.checkpointDir = r.ckpt;
        o.saveEvery = 1;
        tuneModelFolder(src_, r.out, o, [&](const TuneStep& s) {
            if (s.step > 0) r.steps.push_back(s);
        });
        return r;
    }

    // Mean cross-entropy (nats/token) of the window's seqlen predictions, from the engine's logits.
    double windowLoss(const std::string& dir) const {
        auto lm = LanguageModel::open(dir);
        const std::vector<std::int32_t> ids(window_.begin(), window_.end() - 1);
        const std::vector<float> logits = lm->logits(ids);
        const std::size_t V = std::size_t(lm->config().vocabSize);
        double sum = 0;
        for (std::size_t t = 0; t < ids.size(); ++t) {
            const float* row = logits.data() + t * V;
            const double mx = *std::max_element(row, row + V);
            double z = 0;
            for (std::size_t j = 0; j < V; ++j) z += std::exp(double(row[j]) - mx);
            sum += mx + std::log(z) - double(row[std::size_t(window_[t + 1])]);
        }
        return sum / double(ids.size());
    }

private slots:
    void initTestCase() {
        if (!owqtest::haveShared()) return;
        QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
        r.nsamples = 4;
        r.seqlen = 64;
        for (const char* name : kWeakLinears) r.weakOverrides[name] = 1; // every other linear: none
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"), load);
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const QuantReport rep = quantizeModel(*lm, calib, r);
        QCOMPARE(rep.weakColumnsTotal, std::int64_t(2));
        src_ = owqtest::scratchDir("tune-math-src") + "/owq3";
        savePacked(*lm, rep, src_);

        // The first sentences of the calibration text; seqlen is set from its length, so that the training
        // data holds exactly one window and every step sees the same tokens.
        const std::string text = calib.substr(0, calib.find('.', 120) + 1);
        window_ = lm->tokenizer()->encodeDocument(text);
        QVERIFY(window_.size() > 20);
        dataFile_ = owqtest::scratchDir("tune-math-data") + "/window.txt";
        owqtest::writeFile(dataFile_, text);

        start_.w = weakWeights(src_);
        QCOMPARE(start_.w.size(), std::size_t(32 + 64));
        start_.m.assign(start_.w.size(), 0);
        start_.v.assign(start_.w.size(), 0);
    }

    // 1. Every step's learning rate is the documented formula, as reported (TuneStep::lr) and as applied
    // (recomputed AdamW steps from the checkpoints); the reported gradNorm is the used gradient's norm.
    void learningRateSchedule() {
        OWQ_REQUIRE_SHARED();
        const int S = 8;
        for (LrSchedule sched : {LrSchedule::Cosine, LrSchedule::Linear, LrSchedule::Constant})
            for (int W : {0, 3, S}) {
                TuneOptions o = base();
                o.steps = S;
                o.warmup = W;
                o.schedule = sched;
                o.lr = 2e-3;
                o.minLrRatio = 0.2;
                const Run r = tune(o, "tune-math-lr");
                QCOMPARE(int(r.steps.size()), S);
                const std::string ctx = std::string(lrScheduleName(sched)) + " warm-up " + std::to_string(W);
                // Anchors of the formula, spelled out: warm-up starts at lr / W and peaks at lr; the decay
                // ends at lr * minLrRatio.
                if (W > 0) QVERIFY2(std::fabs(r.steps[0].lr - o.lr / W) <= 1e-15, ctx.c_str());
                if (W > 0) QVERIFY2(std::fabs(r.steps[std::size_t(W - 1)].lr - o.lr) <= 1e-15, ctx.c_str());
                if (W < S && sched != LrSchedule::Constant)
                    QVERIFY2(std::fabs(r.steps.back().lr - o.lr * o.minLrRatio) <= 1e-15, ctx.c_str());
                Flat prev = start_;
                double worst = 0;
                for (int s = 1; s <= S; ++s) {
                    const TuneStep& st = r.steps[std::size_t(s - 1)];
                    const double want = documentedLr(o, s);
                    QVERIFY2(std::fabs(st.lr - want) <= 1e-12 * o.lr,
                             (ctx + ", step " + std::to_string(s) + ": lr " + std::to_string(st.lr) +
                              ", documented " + std::to_string(want))
                                 .c_str());
                    const Flat cur = r.state(s);
                    const StepCheck c = checkAdamStep(prev, cur, want, 0, s, o);
                    QVERIFY2(c.worst <= 1, (ctx + ", step " + std::to_string(s) + ": " + c.where).c_str());
                    worst = std::max(worst, c.worst);
                    // clip is off: the gradient used is the reported one. gradNorm sums float32 squares
                    // (relative error <= n 2^-24 for n terms, half that on the root).
                    const double n = norm(c.g), tol = norm(c.gErr) + st.gradNorm * double(c.g.size()) * kU32;
                    QVERIFY2(std::fabs(n - st.gradNorm) <= tol, ctx.c_str());
                    prev = cur;
                }
                qInfo("%s: lr and AdamW steps as documented (worst error / tolerance %.3f)", ctx.c_str(),
                      worst);
            }
    }

    // 2. One AdamW step with bias correction: w1 = w0 (1 - lr wd) - lr g / (|g| + eps) per element, in the
    // saved fp16 weights; weight decay's part is exactly -lr wd w0.
    void firstAdamStep() {
        OWQ_REQUIRE_SHARED();
        TuneOptions o = base();
        const double lr = o.lr, wd = 2.0; // wd: the decay (2% of w) must stand above fp16 rounding
        const Run plain = tune(o, "tune-math-step");
        o.weightDecay = wd;
        const Run decayed = tune(o, "tune-math-step-wd");
        const Flat c0 = plain.state(1), cw = decayed.state(1);
        QVERIFY(c0.m == cw.m && c0.v == cw.v); // same start, same window: the same gradient

        // The float32 state recomputes (first moment (1 - b1) g, second (1 - b2) g^2).
        const StepCheck k0 = checkAdamStep(start_, c0, lr, 0, 1, o),
                        kw = checkAdamStep(start_, cw, lr, wd, 1, o);
        QVERIFY2(k0.worst <= 1, k0.where.c_str());
        QVERIFY2(kw.worst <= 1, kw.where.c_str());
        const std::vector<double>& g = k0.g;
        QVERIFY(std::fabs(norm(g) - plain.steps[0].gradNorm) <= 1e-5 * plain.steps[0].gradNorm);

        const std::vector<double> out0 = weakWeights(plain.out), outW = weakWeights(decayed.out);
        double worst16 = 0, worstSign = 0, worstDecay = 0, decayPower = 0, smallest = 1e300;
        for (std::size_t i = 0; i < g.size(); ++i) {
            const double w0 = start_.w[i], step = g[i] / (std::fabs(g[i]) + o.eps); // ~ sign(g)
            smallest = std::min(smallest, std::fabs(g[i]));
            for (const auto& [out, d] : {std::pair{&out0, 0.0}, std::pair{&outW, wd}}) {
                const double want = w0 * (1 - lr * d) - lr * step;
                // fp16 rounding of the result plus the float32 computation before it.
                const double tol = kU16 * std::fabs(want) + kHalfSub16 + 4 * kU32 * (std::fabs(w0) + lr);
                worst16 = std::max(worst16, std::fabs((*out)[i] - want) / tol);
                QVERIFY2(
                    std::fabs((*out)[i] - want) <= tol,
                    qPrintable(
                        QString("weight %1 (wd %2): %3, want %4").arg(i).arg(d).arg((*out)[i]).arg(want)));
                // About -lr sign(g): the sign of the move beyond the decay, its size lr up to eps / |g|.
                const double move = (*out)[i] - w0 * (1 - lr * d);
                QVERIFY2(move * g[i] < 0, qPrintable(QString("weight %1 moved with its gradient").arg(i)));
                const double sizeTol = 2 * tol + lr * o.eps / std::fabs(g[i]);
                worstSign = std::max(worstSign, std::fabs(std::fabs(move) - lr) / sizeTol);
                QVERIFY(std::fabs(std::fabs(move) - lr) <= sizeTol);
            }
            // Decoupled weight decay: the two runs differ by exactly -lr wd w0. float32 state: each run
            // rounds w0 (1 - lr wd) (factor and product: 2 |w0|), the update (~lr, up to 4 operations) and
            // the sum (|w1|), each within 2^-24 of its size; the step nearly cancels w0 for some weights, so
            // the intermediate sizes count, not only the results'. fp16 outputs: their two roundings more.
            const double decay = -lr * wd * w0;
            const double tol32 =
                kU32 * (4 * std::fabs(w0) + 8 * lr + std::fabs(cw.w[i]) + std::fabs(c0.w[i]));
            QVERIFY(std::fabs((cw.w[i] - c0.w[i]) - decay) <= tol32);
            const double tol16 = kU16 * (std::fabs(outW[i]) + std::fabs(out0[i])) + 2 * kHalfSub16 + tol32;
            worstDecay = std::max(worstDecay, std::fabs((outW[i] - out0[i]) - decay) / tol16);
            QVERIFY(std::fabs((outW[i] - out0[i]) - decay) <= tol16);
            decayPower = std::max(decayPower, std::fabs(decay) / tol16);
        }
        // The decay check has power: some weights decay by many times the fp16 tolerance.
        QVERIFY(decayPower > 4);
        qInfo("first step, fp16 outputs: worst error / tolerance %.3f (w), %.3f (|move| = lr), %.3f (decay; "
              "the "
              "largest decay is %.0f x its tolerance); smallest |g| %.3g",
              worst16, worstSign, worstDecay, decayPower, smallest);
    }

    // 3. The gradient the step used (from the checkpoint's first moment, and gradNorm) against central
    // finite differences of the window's loss, each weight perturbed in a copy of the fp16 folder.
    void finiteDifferenceGradient() {
        OWQ_REQUIRE_SHARED();
        const TuneOptions o = base();
        const Run r = tune(o, "tune-math-fd");
        const StepCheck k = checkAdamStep(start_, r.state(1), o.lr, 0, 1, o);
        QVERIFY2(k.worst <= 1, k.where.c_str());
        const std::vector<double>& g = k.g;
        const std::vector<double> out = weakWeights(r.out);

        const double L0 = windowLoss(src_);
        // The step's loss is the same window's mean cross-entropy (training graph vs the engine's inference
        // path: float32 sums in another order).
        qInfo("window loss %.8f (engine) vs %.8f (tuning step)", L0, r.steps[0].loss);
        QVERIFY(std::fabs(L0 - r.steps[0].loss) <= 1e-5 * L0);

        const std::string dir = owqtest::scratchDir("tune-math-fd-model") + "/m";
        fs::copy(src_, dir, fs::copy_options::recursive);
        const std::string file = dir + "/model.safetensors";
        const std::string bytes = owqtest::readFile(file);
        std::uint64_t headerLen = 0;
        std::memcpy(&headerLen, bytes.data(), 8); // little-endian hosts
        std::vector<std::size_t> offset;          // byte offset of every weak weight, in Flat's order
        {
            auto f = SafetensorsFile::open(src_ + "/model.safetensors");
            std::map<std::string, const TensorInfo*> byName;
            for (const TensorInfo& t : f->tensors())
                if (endsWith(t.name, ".weak_weight")) byName[t.name] = &t;
            for (const auto& [name, t] : byName)
                for (std::int64_t i = 0; i < t->numel(); ++i)
                    offset.push_back(8 + headerLen + t->begin + std::size_t(2 * i));
        }
        QCOMPARE(offset.size(), g.size());

        // L(w) with one weight set to the fp16 nearest to `value`; returns the value actually stored.
        auto lossWith = [&](std::size_t i, double value, double& stored) {
            std::string b = bytes;
            const std::uint16_t h = doubleToHalf(value);
            std::memcpy(b.data() + offset[i], &h, 2);
            stored = halfToDouble(h);
            owqtest::writeFile(file, b);
            return windowLoss(dir);
        };
        // Central differences at h and 2h. Truncation error is ~h^2 L'''/6, so D(2h) - D(h) ~ 3x the error
        // of D(h); float32 noise in the loss enters as noise / h and shows in the same difference. Tolerance
        // per weight: |D(2h) - D(h)| (>= 3x the estimated truncation error) plus a floor for the loss noise,
        // 2 * 2^-20 L0 / (2h) (a few float32 ulps of the loss at each point), plus the used gradient's error.
        const double h = std::ldexp(1.0, -6);
        std::vector<double> fd(g.size()), tol(g.size());
        double worst = 0, worstRatio = 0;
        for (std::size_t i = 0; i < g.size(); ++i) {
            const double w = start_.w[i];
            double D[2];
            for (int j = 0; j < 2; ++j) {
                double up = 0, down = 0;
                const double Lp = lossWith(i, w + h * (j + 1), up), Lm = lossWith(i, w - h * (j + 1), down);
                D[j] = (Lp - Lm) / (up - down);
            }
            fd[i] = D[0];
            tol[i] = std::fabs(D[1] - D[0]) + 2 * std::ldexp(L0, -20) / (2 * h) + k.gErr[i];
            worst = std::max(worst, std::fabs(fd[i] - g[i]));
            worstRatio = std::max(worstRatio, std::fabs(fd[i] - g[i]) / tol[i]);
            QVERIFY2(std::fabs(fd[i] - g[i]) <= tol[i],
                     qPrintable(QString("weight %1: finite difference %2, step's gradient %3, tolerance %4")
                                    .arg(i)
                                    .arg(fd[i])
                                    .arg(g[i])
                                    .arg(tol[i])));
        }
        owqtest::writeFile(file, bytes);

        // The weights with the largest |FD gradient| moved against it in the saved fp16 step.
        std::vector<std::size_t> order(g.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return std::fabs(fd[a]) > std::fabs(fd[b]); });
        for (std::size_t n = 0; n < 16; ++n) {
            const std::size_t i = order[n];
            QVERIFY2((out[i] - start_.w[i]) * fd[i] < 0, qPrintable(QString("weight %1").arg(i)));
        }
        // Global norm: | ||fd|| - ||g|| | <= ||fd - g|| <= ||tol||.
        const double nfd = norm(fd), ng = r.steps[0].gradNorm, ntol = norm(tol);
        qInfo("gradient norm %.6g (gradNorm) vs %.6g (finite differences), tolerance %.3g; per weight worst "
              "|fd - g| %.3g, worst error / tolerance %.3f",
              ng, nfd, ntol, worst, worstRatio);
        QVERIFY(std::fabs(nfd - ng) <= ntol);
        QVERIFY(ntol < 0.05 * ng); // the check has power
    }

    // 4. Clipping: gradNorm reports the unclipped norm; the moments get the gradient scaled to the clip
    // norm; step 1 barely changes (Adam is scale-invariant up to eps), step 2 as predicted from the unclipped
    // gradients and the two clip scales.
    void clipping() {
        OWQ_REQUIRE_SHARED();
        TuneOptions o = base();
        o.steps = 2;
        o.lr = 5e-2; // a large first step, so the second gradient's norm differs from the first's
        // eps that no |g| here notices: step 1 is then the same (sign(g)) with and without clipping up to
        // float32 rounding, so both runs take their second gradient at the same weights.
        o.eps = 1e-30;
        const Run a = tune(o, "tune-math-noclip");
        const double n1 = a.steps[0].gradNorm, n2 = a.steps[1].gradNorm;
        o.clip = n1 / 4;
        const Run b = tune(o, "tune-math-clip");
        // The reported norm is the unclipped one (same start and window as run a).
        QVERIFY(std::fabs(b.steps[0].gradNorm - n1) <= 1e-12 * n1);
        QVERIFY(b.steps[1].gradNorm > o.clip);

        const Flat a1 = a.state(1), a2 = a.state(2), b1 = b.state(1), b2 = b.state(2);
        const StepCheck ka1 = checkAdamStep(start_, a1, o.lr, 0, 1, o),
                        ka2 = checkAdamStep(a1, a2, o.lr, 0, 2, o);
        const StepCheck kb1 = checkAdamStep(start_, b1, o.lr, 0, 1, o),
                        kb2 = checkAdamStep(b1, b2, o.lr, 0, 2, o);
        for (const StepCheck* k : {&ka1, &ka2, &kb1, &kb2}) QVERIFY2(k->worst <= 1, k->where.c_str());
        // The gradient in the moments has the clip norm (torch's clip_grad_norm_ scale c / (n + 1e-6)).
        const double s1 = o.clip / (n1 + 1e-6), s2 = o.clip / (b.steps[1].gradNorm + 1e-6);
        QVERIFY(std::fabs(norm(kb1.g) - s1 * n1) <= norm(kb1.gErr) + 1e-6 * o.clip);
        QVERIFY(std::fabs(norm(kb2.g) - s2 * b.steps[1].gradNorm) <= norm(kb2.gErr) + 1e-6 * o.clip);
        for (std::size_t i = 0; i < kb1.g.size(); ++i)
            QVERIFY(std::fabs(kb1.g[i] - s1 * ka1.g[i]) <= kb1.gErr[i] + s1 * ka1.gErr[i]);

        // Step 1 unchanged up to eps: lr |g/(|g| + eps) - s g/(s|g| + eps)| plus float32 rounding.
        double step1Diff = 0;
        for (std::size_t i = 0; i < a1.w.size(); ++i) {
            const double g = ka1.g[i];
            const double want =
                o.lr * std::fabs(g / (std::fabs(g) + o.eps) - g / (std::fabs(g) + o.eps / s1));
            const double tol = want + 4 * kU32 * (std::fabs(a1.w[i]) + std::fabs(b1.w[i]) + 2 * o.lr);
            QVERIFY(std::fabs(a1.w[i] - b1.w[i]) <= tol);
            step1Diff = std::max(step1Diff, std::fabs(a1.w[i] - b1.w[i]));
        }
        // Step 2 predicted from run a's unclipped gradients g1, g2 and the two clip scales:
        // m2 = (1-b1)(b1 s1 g1 + s2 g2), v2 = (1-b2)(b2 s1^2 g1^2 + s2^2 g2^2).
        const double bc1 = 1 - o.beta1 * o.beta1, bc2 = 1 - o.beta2 * o.beta2;
        auto predict = [&](double g1, double g2) {
            const double m = (1 - o.beta1) * (o.beta1 * s1 * g1 + s2 * g2);
            const double v = (1 - o.beta2) * (o.beta2 * s1 * s1 * g1 * g1 + s2 * s2 * g2 * g2);
            return -o.lr / bc1 * m / (std::sqrt(v / bc2) + o.eps);
        };
        // Run b takes its second gradient at weights up to a float32 rounding off run a's, and each backward
        // pass sums thousands of float32 products: its g2 differs from run a's by that noise (measured up to
        // 1e-6 of the gradient norm). Bound: dg2 = 2^-14 ||g2||, carried through the prediction by
        // evaluating it at g2 +- dg2; plus float32 rounding of the weights and the update.
        const double dg2 = std::ldexp(norm(ka2.g), -14);
        double worst = 0, power = 0;
        for (std::size_t i = 0; i < a1.w.size(); ++i) {
            const double g1 = ka1.g[i], g2 = ka2.g[i];
            const double want = predict(g1, g2);
            const double got = b2.w[i] - b1.w[i], unclipped = a2.w[i] - a1.w[i];
            const double tol =
                std::max(std::fabs(predict(g1, g2 + dg2) - want), std::fabs(predict(g1, g2 - dg2) - want)) +
                4 * kU32 * (std::fabs(b1.w[i]) + std::fabs(b2.w[i]) + 2 * std::fabs(want));
            worst = std::max(worst, std::fabs(got - want) / tol);
            QVERIFY2(std::fabs(got - want) <= tol,
                     qPrintable(QString("weight %1: step 2 moved %2, predicted %3 (unclipped run %4)")
                                    .arg(i)
                                    .arg(got)
                                    .arg(want)
                                    .arg(unclipped)));
            power = std::max(power, std::fabs(unclipped - want) / tol);
        }
        qInfo(
            "clip %.4g < gradNorm %.4g, %.4g: step-1 weights differ by %.3g; step 2 worst error / tolerance "
            "%.3f, the unclipped step 2 is off the prediction by up to %.0f x the tolerance",
            o.clip, n1, n2, step1Diff, worst, power);
        QVERIFY(power > 4); // ignoring the clip would fail the step-2 prediction
    }
};

QTEST_APPLESS_MAIN(TestTuneMath)
#include "test_tune_math.moc"
