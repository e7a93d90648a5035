// Sensitivity allocation of weak columns (owq/allocation.h, issue 24 part 3): the greedy spends exactly the
// reference rule's bits, gives the columns to the linears whose columns gain most per bit, and on
// stories260K beats the reference rule at the same achieved bits.
#include "catch_error.h"
#include "owq/allocation.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/memory_estimate.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "stories_config.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <cmath>
#include <random>
#include <set>

using namespace owq;

namespace {

QuantizerConfig threeBit() {
    QuantizerConfig q;
    q.bits = 3;
    return q;
}

double storage(const std::vector<LinearGains>& ls, const std::map<std::string, int>& k,
               const QuantizerConfig& q) {
    double bits = 0;
    for (const LinearGains& l : ls) bits += linearStorageBits(l.rows, l.cols, k.at(l.name), q);
    return bits;
}

LinearGains linear(const std::string& name, std::int64_t rows, std::int64_t cols, double top, double decay) {
    LinearGains l{name, rows, cols, {}};
    for (std::int64_t j = 0; j < cols; ++j) l.gains.push_back(top * std::pow(decay, double(j)));
    return l;
}

} // namespace

class TestAllocation : public QObject {
    Q_OBJECT
private slots:
    void spendsTheReferenceBudgetWithinOneColumn() {
        // stories260K's 35 linears with random, sorted gains; the budget is what the reference rule spends
        // at targets 3.1 and 3.2 (its own counts through linearStorageBits).
        const ModelConfig c = owqtest::stories260KConfig();
        std::mt19937 rng(7);
        std::lognormal_distribution<double> g(0.0, 2.0);
        for (double target : {3.1, 3.2, 3.5}) {
            QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
            r.targetBits = target;
            std::vector<LinearGains> ls;
            double weights = 0;
            for (std::int64_t l = 0; l < c.numLayers; ++l)
                for (const LinearSpec& s : layerLinears(c)) {
                    LinearGains x{linearName(c, l, s.kind), s.rows, s.cols, {}};
                    for (std::int64_t j = 0; j < s.cols; ++j) x.gains.push_back(g(rng));
                    std::sort(x.gains.rbegin(), x.gains.rend());
                    ls.push_back(std::move(x));
                    weights += double(s.rows * s.cols);
                }
            const double budget = averageBitsPerWeight(c, r) * weights;
            const auto k = allocateWeakColumns(ls, budget, r.quantizer);
            const double spent = storage(ls, k, r.quantizer);
            // Never above; below by less than the most expensive column (172 rows x 13 bits + an index).
            QVERIFY2(spent <= budget + 1e-6, qPrintable(QString("%1 > %2").arg(spent).arg(budget)));
            QVERIFY2(
                budget - spent < 172 * 13.0 + 32,
                qPrintable(
                    QString("target %1: %2 bits of %3 unspent").arg(target).arg(budget - spent).arg(budget)));
        }
        // Below the storage of no weak column at all: refused.
        QVERIFY_THROWS_EXCEPTION(Error, allocateWeakColumns({linear("a", 8, 8, 1, 0.5)}, 10, threeBit()));
    }

    void givesColumnsWhereTheyGainMostPerBit() {
        // Same shapes: "hot" gains 100, 90, 81, ... per column, "cold" 1, 0.9, ...; a budget of 6 columns
        // in all goes entirely to "hot".
        const QuantizerConfig q = threeBit();
        std::vector<LinearGains> ls = {linear("cold", 64, 64, 1, 0.9), linear("hot", 64, 64, 100, 0.9)};
        const double column = linearStorageBits(64, 64, 1, q) - linearStorageBits(64, 64, 0, q);
        double base = 2 * linearStorageBits(64, 64, 0, q);
        auto k = allocateWeakColumns(ls, base + 6 * column, q);
        QCOMPARE(k.at("hot"), 6);
        QCOMPARE(k.at("cold"), 0);
        // Per bit, not per column: "wide" has 4x the rows (a column costs 256 x 13 + 32 bits against hot's
        // 64 x 13 + 32) and 3x the gains, so per bit its columns rank below hot's of the same index.
        ls = {linear("hot", 64, 64, 100, 0.5), linear("wide", 256, 64, 300, 0.5)};
        const double wideColumn = linearStorageBits(256, 64, 1, q) - linearStorageBits(256, 64, 0, q);
        base = linearStorageBits(64, 64, 0, q) + linearStorageBits(256, 64, 0, q);
        // By gain per bit: hot0 (100/864), wide0 (300/3360), hot1 (50/864), wide1 (150/3360), hot2 (25/864),
        // wide2, ...: a budget of 3 hot + 2 wide columns takes exactly the first five.
        k = allocateWeakColumns(ls, base + 3 * column + 2 * wideColumn, q);
        QCOMPARE(k.at("hot"), 3);
        QCOMPARE(k.at("wide"), 2);
        // One bit short of that: hot2 no longer fits, and no later column does either.
        k = allocateWeakColumns(ls, base + 3 * column + 2 * wideColumn - 1, q);
        QCOMPARE(k.at("hot"), 2);
        QCOMPARE(k.at("wide"), 2);
    }

    void choosesBitWidthsWhereTheyGainMostPerBit() {
        // Two 8x64 linears that may take 2, 3 or 4 bits, no weak-column candidates. Per-channel storage:
        // 8 x 64 x b + 8 x (16 + b) = 1168, 1688, 2208 bits. "hot" loses 20, 10, 1 at 2, 3, 4 bits; "cold"
        // 1.2, 1, 0.9. The budget of both at 3 bits (3376) is exactly cold at 2 + hot at 4, which loses
        // 2.2 instead of 11: the allocation moves cold's bit to hot.
        const QuantizerConfig q = threeBit();
        auto choice = [](const std::string& name, double l2, double l3, double l4) {
            return LinearChoices{name, 8, 64, {{2, l2, {}}, {3, l3, {}}, {4, l4, {}}}};
        };
        const std::vector<LinearChoices> ls = {choice("cold", 1.2, 1, 0.9), choice("hot", 20, 10, 1)};
        auto plan = allocateBitsAndWeakColumns(ls, 3376, q);
        QCOMPARE(plan.at("hot").bits, 4);
        QCOMPARE(plan.at("cold").bits, 2);
        // One bit less: hot's 3 -> 4 step (520 bits) no longer fits after its 2 -> 3, nor does cold's; both
        // at 3 bits would need 3376. The best that fits is hot at 3, cold at 2 (loss 11.2).
        plan = allocateBitsAndWeakColumns(ls, 3375, q);
        QCOMPARE(plan.at("hot").bits, 3);
        QCOMPARE(plan.at("cold").bits, 2);
        // Enough for both at 4 bits: both take it.
        plan = allocateBitsAndWeakColumns(ls, 2 * 2208, q);
        QCOMPARE(plan.at("hot").bits, 4);
        QCOMPARE(plan.at("cold").bits, 4);
        // Below both at 2 bits: refused.
        QVERIFY_THROWS_EXCEPTION(Error, allocateBitsAndWeakColumns(ls, 2 * 1168 - 10, q));
        // Weak columns compete with widths: hot's first column at 3 bits saves 8 for 8 x 16 + 32 bits less
        // one code per row (136), so hot goes from 2 bits straight to 3 bits with a column (18 saved for 656
        // bits beats 10 for 520). Cold at 2 bits is ruinous here (100): a budget of both at 3 bits plus one
        // column is spent exactly on cold at 3 and hot at 3 with one column.
        std::vector<LinearChoices> withColumns = ls;
        withColumns[0].widths[0].loss = 100;
        withColumns[1].widths[1].gains = {8, 0.5, 0.25};
        withColumns[1].widths[2].gains = {0.5, 0.25};
        const double column = linearStorageBits(8, 64, 1, q) - linearStorageBits(8, 64, 0, q);
        plan = allocateBitsAndWeakColumns(withColumns, 2 * 1688 + column, q);
        QCOMPARE(plan.at("hot").bits, 3);
        QCOMPARE(plan.at("hot").weak, 1);
        QCOMPARE(plan.at("cold").bits, 3);
    }

    void mixedWidthsSpendTheBudgetWithinOneColumn() {
        // stories260K's linears with random losses per width (lower at more bits) and random sorted gains:
        // the plan never spends more than the budget and leaves less than the dearest column unspent.
        const ModelConfig c = owqtest::stories260KConfig();
        std::mt19937 rng(11);
        std::lognormal_distribution<double> g(0.0, 2.0);
        QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
        r.targetBits = 3.1;
        std::vector<LinearChoices> ls;
        double weights = 0;
        for (std::int64_t l = 0; l < c.numLayers; ++l)
            for (const LinearSpec& s : layerLinears(c)) {
                LinearChoices x{linearName(c, l, s.kind), s.rows, s.cols, {}};
                const double loss3 = g(rng);
                for (int bits : {2, 3, 4}) {
                    WidthGains w{bits, loss3 * std::pow(4.0, 3 - bits), {}};
                    for (std::int64_t j = 0; j < s.cols; ++j) w.gains.push_back(g(rng));
                    std::sort(w.gains.rbegin(), w.gains.rend());
                    double sum = 0;
                    for (double v : w.gains) sum += v;
                    for (double& v : w.gains) v *= w.loss / sum;
                    x.widths.push_back(std::move(w));
                }
                ls.push_back(std::move(x));
                weights += double(s.rows * s.cols);
            }
        const double budget = averageBitsPerWeight(c, r) * weights;
        const auto plan = allocateBitsAndWeakColumns(ls, budget, r.quantizer);
        double spent = 0;
        std::set<int> widths;
        for (const LinearChoices& l : ls) {
            QuantizerConfig q = r.quantizer;
            q.bits = plan.at(l.name).bits;
            widths.insert(q.bits);
            spent += linearStorageBits(l.rows, l.cols, plan.at(l.name).weak, q);
        }
        QVERIFY2(spent <= budget + 1e-6, qPrintable(QString("%1 > %2").arg(spent).arg(budget)));
        QVERIFY2(budget - spent < 172 * 20.0 + 32,
                 qPrintable(QString("%1 bits of %2 unspent").arg(budget - spent).arg(budget)));
        QVERIFY2(widths.size() > 1, "every linear at one width");
    }

    void namesAndRecipeRoundTrip() {
        QCOMPARE(allocationFromName("sensitivity"), Allocation::Sensitivity);
        QCOMPARE(std::string(allocationName(Allocation::Owq)), std::string("owq"));
        QVERIFY_THROWS_EXCEPTION(Error, allocationFromName("greedy"));
        QCOMPARE(allocationProbeFromName("layer"), AllocationProbe::Layer);
        QCOMPARE(std::string(allocationProbeName(AllocationProbe::Auto)), std::string("auto"));
        QVERIFY_THROWS_EXCEPTION(Error, allocationProbeFromName("loss"));
        QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
        r.allocation = Allocation::Sensitivity;
        QCOMPARE(QuantRecipe::fromJson(r.toJson()).allocation, Allocation::Sensitivity);
        QCOMPARE(QuantRecipe::fromJson("{\"method\":\"owq\"}").allocation, Allocation::Owq);
        // Mixed precision: the widths to choose from and the chosen ones, only when there are any.
        QVERIFY(r.toJson().find("bits_overrides") == std::string::npos);
        r.allocationBits = {2, 3, 4};
        r.bitsOverrides["model.layers.0.self_attn.k_proj"] = 4;
        const QuantRecipe back = QuantRecipe::fromJson(r.toJson());
        QCOMPARE(back.allocationBits, (std::vector<int>{2, 3, 4}));
        QCOMPARE(back.allocationProbe, AllocationProbe::Auto);
        QVERIFY(r.toJson().find("allocation_probe") == std::string::npos);
        r.allocationProbe = AllocationProbe::Raw;
        QCOMPARE(QuantRecipe::fromJson(r.toJson()).allocationProbe, AllocationProbe::Raw);
        QCOMPARE(back.bitsOverrides, r.bitsOverrides);
        QCOMPARE(linearQuantizer(back, "model.layers.0.self_attn.k_proj").bits, 4);
        QCOMPARE(linearQuantizer(back, "model.layers.0.self_attn.q_proj").bits, 3);
        QVERIFY_THROWS_EXCEPTION(Error, QuantRecipe::fromJson("{\"bits_overrides\":{\"x\":5}}"));
        QVERIFY_THROWS_EXCEPTION(Error, QuantRecipe::fromJson("{\"allocation_bits\":[3,8]}"));
    }

    void beatsTheReferenceRuleOnStories260K() {
        OWQ_REQUIRE_SHARED();
        const std::string model = owqtest::sharedPath("models/stories260K");
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const std::string eval = readTextFile(owqtest::sharedPath("data/eval.txt"));
        QuantRecipe ref = QuantRecipe::defaults(Method::OWQ, 3);
        ref.targetBits = 3.1;
        ref.seqlen = 512;
        QuantRecipe sens = ref;
        sens.allocation = Allocation::Sensitivity;
        auto a = LanguageModel::open(model);
        const QuantReport ra = quantizeModel(*a, calib, ref);
        auto b = LanguageModel::open(model);
        const QuantReport rb = quantizeModel(*b, calib, sens);
        // The same storage within one column (the widest: 172 rows at 13 bits each, over the weights).
        double weights = 0;
        for (const auto& d : ra.linears) weights += double(d.rows * d.cols);
        QVERIFY(rb.averageBits <= ra.averageBits + 1e-9);
        QVERIFY2(
            ra.averageBits - rb.averageBits < (172 * 13.0 + 32) / weights,
            qPrintable(QString("%1 vs %2").arg(rb.averageBits, 0, 'f', 6).arg(ra.averageBits, 0, 'f', 6)));
        QCOMPARE(rb.recipe.allocation, Allocation::Sensitivity);
        QCOMPARE(int(rb.recipe.weakOverrides.size()), int(rb.linears.size()));
        const double pa = a->perplexity(eval, 512).ppl, pb = b->perplexity(eval, 512).ppl;
        qInfo(
            "stories260K OWQ 3.1 on eval.txt: reference rule %.4f (%.4f bits), sensitivity %.4f (%.4f bits)",
            pa, ra.averageBits, pb, rb.averageBits);
        QVERIFY2(pb < pa, qPrintable(QString("sensitivity %1 vs reference rule %2").arg(pb).arg(pa)));

        // Mixed precision: the same budget may also move linears to 2 or 4 bits. Measured: 4.3170 against
        // the rule's 4.7464 (-9.05%); the issue asks for 5% at least.
        QuantRecipe mixed = sens;
        mixed.allocationBits = {2, 3, 4};
        auto c = LanguageModel::open(model);
        const QuantReport rc = quantizeModel(*c, calib, mixed);
        QVERIFY(rc.averageBits <= ra.averageBits + 1e-9);
        QVERIFY(!rc.recipe.bitsOverrides.empty());
        const double pc = c->perplexity(eval, 512).ppl;
        qInfo("mixed widths %.4f (%.4f bits, %zu linears not at 3 bits)", pc, rc.averageBits,
              rc.recipe.bitsOverrides.size());
        QVERIFY2(pc < 0.95 * pa, qPrintable(QString("mixed widths %1 vs reference rule %2").arg(pc).arg(pa)));
        // The packed folder (format version 3) reads back as the model that was measured.
        const std::string dir = owqtest::scratchDir("alloc-mixed") + "/q";
        savePacked(*c, rc, dir);
        auto back = LanguageModel::open(dir);
        QCOMPARE(back->config().quantization.formatVersion, 3);
        QCOMPARE(back->config().quantization.linearBits, rc.recipe.bitsOverrides);
        const double pBack = back->perplexity(eval, 512).ppl;
        QVERIFY2(std::abs(pBack - pc) < 1e-4 * pc, qPrintable(QString("%1 vs %2").arg(pBack).arg(pc)));
    }

    // The KL probes hold the float log-probabilities of their windows: where those do not fit the memory
    // available, an explicit kl probe stops up front with a Resource error that names the option, before any
    // work, and the default (auto) ranks the linears by their layer's output error instead, as the report
    // says.
    void klProbesThatDoNotFitAreRefusedOrReplaced() {
        OWQ_REQUIRE_SHARED();
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3);
        r.targetBits = 3.1;
        r.nsamples = 32;
        r.seqlen = 512;
        r.allocation = Allocation::Sensitivity;
        r.allocationProbe = AllocationProbe::Kl;
        // Enough for the pipeline's own buffers (~32 MiB), not for the probes: 32 x 512 x 512 float
        // log-probabilities (32 MiB) and a batch's working copies (8 MiB).
        const std::uint64_t budget = estimateQuantizeBytes(lm->config(), r.nsamples, r.seqlen) + (1 << 20);
        QVERIFY(budget < (40u << 20));
        qputenv("OWQ_AVAILABLE_MEMORY", QByteArray::number(qulonglong(budget)));
        auto restore = qScopeGuard([] { qunsetenv("OWQ_AVAILABLE_MEMORY"); });
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const auto e = owqtest::catchError([&] { quantizeModel(*lm, calib, r); });
        QVERIFY(e.has_value());
        QCOMPARE(int(e->kind()), int(ErrorKind::Resource));
        QVERIFY2(std::string(e->what()).find("--allocation sensitivity") != std::string::npos, e->what());
        QVERIFY2(std::string(e->what()).find("--allocation-probe layer") != std::string::npos, e->what());

        r.allocationProbe = AllocationProbe::Auto;
        auto again = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        const QuantReport rep = quantizeModel(*again, calib, r);
        QCOMPARE(rep.recipe.allocationProbe, AllocationProbe::Layer);
        QVERIFY(rep.recipe.toJson().find("\"allocation_probe\":\"layer\"") != std::string::npos);
        // Bit widths need the KL probe: under the same limit they are refused rather than ranked by layer
        // errors, and with an explicit layer probe always.
        r.allocationBits = {2, 3, 4};
        const auto w = owqtest::catchError([&] {
            quantizeModel(*LanguageModel::open(owqtest::sharedPath("models/stories260K")), calib, r);
        });
        QVERIFY(w.has_value());
        QCOMPARE(int(w->kind()), int(ErrorKind::Resource));
        QVERIFY2(std::string(w->what()).find("--allocation-bits") != std::string::npos, w->what());
        r.allocationProbe = AllocationProbe::Layer;
        const auto x = owqtest::catchError([&] {
            quantizeModel(*LanguageModel::open(owqtest::sharedPath("models/stories260K")), calib, r);
        });
        QVERIFY(x.has_value());
        QCOMPARE(int(x->kind()), int(ErrorKind::InvalidArgument));
        r.allocationBits.clear();
        r.allocationProbe = AllocationProbe::Auto;
        qunsetenv("OWQ_AVAILABLE_MEMORY");
        auto roomy = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        QCOMPARE(quantizeModel(*roomy, calib, r).recipe.allocationProbe, AllocationProbe::Kl);
    }

    void cliChoosesAndInspectShowsTheAllocation() {
        OWQ_REQUIRE_SHARED();
        const QString model = QString::fromStdString(owqtest::sharedPath("models/stories260K"));
        const QString calib = QString::fromStdString(owqtest::sharedPath("data/calib.txt"));
        const std::string out = owqtest::scratchDir("alloc-cli") + "/q";
        auto owq = [](const QStringList& args, QByteArray* stdOut = nullptr, QByteArray* stdErr = nullptr) {
            QProcess p;
            p.start(OWQ_CLI_PATH, args);
            p.waitForFinished(300000);
            if (stdOut) *stdOut = p.readAllStandardOutput();
            if (stdErr) *stdErr = p.readAllStandardError();
            return p.exitCode();
        };
        QByteArray o, e;
        QCOMPARE(owq({"-q", "quantize", model, "--target-bit", "3.1", "--allocation", "greedy", "--calib",
                      calib, "--out", QString::fromStdString(out + "-bad")},
                     nullptr, &e),
                 2);
        QVERIFY2(e.contains("--allocation") && e.contains("greedy"), e.constData());
        QCOMPARE(
            owq({"-q", "--json", "quantize", model, "--target-bit", "3.1", "--allocation", "sensitivity",
                 "--calib", calib, "--nsamples", "4", "--seqlen", "64", "--out", QString::fromStdString(out)},
                &o),
            0);
        const QJsonObject recipe = QJsonDocument::fromJson(o).object()["recipe"].toObject();
        QCOMPARE(recipe["allocation"].toString(), QString("sensitivity"));
        QCOMPARE(recipe["weak_overrides"].toObject().size(), 35);
        QCOMPARE(owq({"inspect", QString::fromStdString(out)}, &o), 0);
        QVERIFY2(o.contains("weak columns per layer x linear (allocation sensitivity)"), o.constData());
        // One row per layer: its number, then the seven linears' counts and the layer's bits.
        const QJsonObject ov = recipe["weak_overrides"].toObject();
        for (int l = 0; l < 5; ++l) {
            QString row = QString::number(l).leftJustified(6);
            for (const char* k : {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                                  "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"})
                row += QString(" %1").arg(ov[QString("model.layers.%1.%2").arg(l).arg(k)].toInt(), 10);
            QVERIFY2(o.contains(row.toUtf8()), qPrintable(row + "\n" + o));
        }
        // owq compare's OWQ rows take the allocation too, and say so.
        QCOMPARE(owq({"-q",
                      "--json",
                      "compare",
                      model,
                      "--calib",
                      calib,
                      "--eval",
                      calib,
                      "--bits",
                      "3",
                      "--target-bit",
                      "3.2",
                      "--nsamples",
                      "4",
                      "--seqlen",
                      "64",
                      "--eval-seqlen",
                      "64",
                      "--no-kld",
                      "--allocation",
                      "sensitivity",
                      "--allocation-bits",
                      "2,3,4"},
                     &o),
                 0);
        const QJsonArray rows = QJsonDocument::fromJson(o).object()["rows"].toArray();
        QCOMPARE(rows.size(), 4);
        for (const QJsonValue& row : rows)
            QCOMPARE(row["allocation"].toString(),
                     row["method"].toString() == "owq" ? QString("sensitivity 2,3,4") : QString());
        // Widths to choose from need the sensitivity allocation.
        QCOMPARE(owq({"-q", "quantize", model, "--target-bit", "3.1", "--allocation-bits", "3,4", "--calib",
                      calib, "--out", QString::fromStdString(out + "-bad2")},
                     nullptr, &e),
                 2);
        QVERIFY2(e.contains("allocation_bits") && e.contains("sensitivity"), e.constData());
        // Mixed precision: the recipe lists the linears not at 3 bits, inspect shows every linear's width.
        QCOMPARE(owq({"-q", "--json", "quantize", model, "--target-bit", "3.2", "--allocation", "sensitivity",
                      "--allocation-bits", "2,3,4", "--calib", calib, "--nsamples", "4", "--seqlen", "64",
                      "--out", QString::fromStdString(out + "-mixed")},
                     &o),
                 0);
        const QJsonObject mixed = QJsonDocument::fromJson(o).object()["recipe"].toObject();
        const QJsonObject widths = mixed["bits_overrides"].toObject();
        QVERIFY2(!widths.isEmpty(), o.constData());
        // The model card counts the linears per width.
        QCOMPARE(owq({"-q", "export", QString::fromStdString(out + "-mixed"), "--format", "owq", "--out",
                      QString::fromStdString(out + "-card")}),
                 0);
        std::map<int, int> perWidth;
        for (auto it = widths.begin(); it != widths.end(); ++it) ++perWidth[it.value().toInt()];
        QString row = "| bit widths per linear |";
        for (const auto& [b, n] : perWidth) row += QString(" %1 linears at %2 bits;").arg(n).arg(b);
        const std::string card = readTextFile(out + "-card/README.md");
        QVERIFY2(card.find(row.toStdString()) != std::string::npos,
                 qPrintable(row + "\n" + QString::fromStdString(card)));
        QCOMPARE(owq({"inspect", QString::fromStdString(out + "-mixed")}, &o), 0);
        QVERIFY2(o.contains("base bits per layer x linear"), o.constData());
        for (int l = 0; l < 5; ++l) {
            QString row = QString::number(l).leftJustified(6);
            for (const char* k : {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                                  "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"}) {
                const QString name = QString("model.layers.%1.%2").arg(l).arg(k);
                row += QString(" %1").arg(widths.contains(name) ? widths[name].toInt() : 3, 10);
            }
            QVERIFY2(o.contains(row.toUtf8()), qPrintable(row + "\n" + o));
        }
    }
};

QTEST_GUILESS_MAIN(TestAllocation)
#include "test_allocation.moc"
