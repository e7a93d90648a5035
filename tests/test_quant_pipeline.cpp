// The layer-wise quantization pipeline on stories260K: the bit budget, the achieved-bits accounting, the
// quality bars of the issue against the official OWQ code's perplexities, diagnostics and the saved folder.
#include "owq/compare.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "stories_config.h"
#include "testutil.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace owq;
namespace fs = std::filesystem;

namespace {

QuantRecipe owqTarget(double target) {
    QuantRecipe r = QuantRecipe::defaults(Method::OWQ, int(std::floor(target)));
    r.targetBits = target;
    return r;
}

} // namespace

class TestQuantPipeline : public QObject {
    Q_OBJECT
private slots:
    void weakColumnBudgetFollowsTheReference() {
        const ModelConfig c = owqtest::stories260KConfig();
        // dim 64: below target 3.1 no linear gets a weak column.
        for (const auto& [k, n] : weakColumnPlan(c, owqTarget(3.05))) QCOMPARE(n, 0);
        auto p = weakColumnPlan(c, owqTarget(3.1));
        for (const char* k : {"q_proj", "k_proj", "v_proj", "o_proj", "down_proj"}) QCOMPARE(p[k], 2);
        QCOMPARE(p["gate_proj"], 0);
        QCOMPARE(p["up_proj"], 0);
        p = weakColumnPlan(c, owqTarget(3.2));
        int total = 0;
        for (const auto& [k, n] : p) total += n;
        QCOMPARE(total * 5,
                 70); // the reference's count for target 3.2 (50 for 3.1, checked end to end below)
        QCOMPARE(weakColumnPlan(c, QuantRecipe::defaults(Method::GPTQ, 3))["q_proj"], 0);
        QuantRecipe fixed = QuantRecipe::defaults(Method::OWQ, 4);
        fixed.weakColumns = 6;
        for (const auto& [k, n] : weakColumnPlan(c, fixed)) QCOMPARE(n, 6);
        QuantRecipe low = QuantRecipe::defaults(Method::OWQ, 3);
        low.targetBits = 2.5;
        QVERIFY_THROWS_EXCEPTION(Error, weakColumnPlan(c, low));
    }

    void achievedBitsCountEverything() {
        // One 64x172 linear, 3-bit per channel asymmetric: codes + fp16 scale + 3-bit zero per row.
        QuantizerConfig q;
        q.bits = 3;
        QCOMPARE(linearStorageBits(64, 172, 0, q), 64.0 * 172 * 3 + 64 * 19.0);
        // Two weak columns: fp16 values and int32 indices instead of codes.
        QCOMPARE(linearStorageBits(64, 172, 2, q), 64.0 * 170 * 3 + 64 * 19.0 + 64 * 2 * 16.0 + 2 * 32.0);
        // Groups of 128 over 170 dense columns: 2 groups per row; symmetric: scale only.
        q.groupSize = 128;
        q.symmetric = true;
        QCOMPARE(linearStorageBits(64, 172, 2, q), 64.0 * 170 * 3 + 64 * 2 * 16.0 + 64 * 2 * 16.0 + 2 * 32.0);

        const ModelConfig c = owqtest::stories260KConfig();
        double bits = 0, weights = 0;
        QuantizerConfig pc;
        pc.bits = 3;
        for (auto [rows, cols] : std::vector<std::pair<int, int>>{
                 {64, 64}, {32, 64}, {32, 64}, {64, 64}, {172, 64}, {172, 64}, {64, 172}}) {
            bits += linearStorageBits(rows, cols, 0, pc);
            weights += double(rows) * cols;
        }
        QVERIFY(std::abs(averageBitsPerWeight(c, QuantRecipe::defaults(Method::GPTQ, 3)) - bits / weights) <
                1e-12);
        QVERIFY(averageBitsPerWeight(c, owqTarget(3.1)) >
                averageBitsPerWeight(c, QuantRecipe::defaults(Method::GPTQ, 3)));
    }

    void recipeJsonRoundTrips() {
        QuantRecipe r = owqTarget(3.1);
        r.quantizer.groupSize = 32;
        r.gptq.actOrder = true;
        r.gptq.clipSearch = true;
        r.weakOverrides["model.layers.1.mlp.down_proj"] = 4;
        r.seed = 9;
        const QuantRecipe back = QuantRecipe::fromJson(r.toJson());
        QCOMPARE(back.toJson(), r.toJson());
        QVERIFY(back.gptq.clipSearch);
        QVERIFY_THROWS_EXCEPTION(Error, QuantRecipe::fromJson(R"({"method": "awq"})"));
    }

    void qualityBarsAgainstTheReference() {
        OWQ_REQUIRE_SHARED();
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const std::string eval = readTextFile(owqtest::sharedPath("data/eval.txt"));
        const nlohmann::json ref =
            nlohmann::json::parse(owqtest::readFile(owqtest::sharedPath("expected/reference-quant.json")));
        CompareOptions o;
        o.bits = {3, 4};
        o.targetBits = {3.1, 4.1};
        o.base.nsamples = 128;
        o.base.seqlen = 512;
        o.base.seed = 0;
        o.evalSeqlen = 512;
#if defined(__SANITIZE_ADDRESS__)
        // Instrumented (tests/sanitize/run.sh), the same six runs and evaluations with 16 calibration windows
        // instead of 128: every code path and allocation pattern, at an eighth of the 128-window passes that
        // made this one test 40% of the sanitized suite. The quality bars need the full calibration and are
        // checked by the normal build; here, what does not depend on it.
        o.base.nsamples = 16;
        const bool qualityBars = false;
#else
        const bool qualityBars = true;
#endif
        std::map<std::string, CompareRow> rows;
        for (const CompareRow& r : runComparison(owqtest::sharedPath("models/stories260K"), calib, eval, o)) {
            const std::string key = r.method + std::to_string(r.bits) + (r.targetBits > 0 ? "t" : "");
            rows[key] = r;
            qInfo("%-6s %d-bit target %.2f: %.4f bits/weight, %lld weak columns, ppl %.4f (%.1f s)",
                  r.method.c_str(), r.bits, r.targetBits, r.averageBits, (long long)r.weakColumns, r.ppl,
                  r.quantizeSeconds);
        }
        QVERIFY(std::abs(rows["fp16"].ppl - 3.3250) < 5e-4);
        QCOMPARE(rows["owq3t"].weakColumns, ref["owq_weak_columns_total"]["target3.1"].get<std::int64_t>());
        for (const char* k : {"rtn3", "rtn4", "gptq3", "gptq4", "owq3t", "owq4t"})
            QVERIFY2(rows.count(k) && std::isfinite(rows[k].ppl) && rows[k].ppl > rows["fp16"].ppl, k);
        // Achieved bits: the same accounting for every method.
        QVERIFY(std::abs(rows["gptq3"].averageBits -
                         averageBitsPerWeight(owqtest::stories260KConfig(),
                                              QuantRecipe::defaults(Method::GPTQ, 3))) < 1e-9);
        QVERIFY(rows["owq3t"].averageBits > rows["gptq3"].averageBits);
        if (!qualityBars) return;
        // The issue's ordering.
        QVERIFY(rows["rtn3"].ppl > rows["gptq3"].ppl);
        QVERIFY(rows["gptq3"].ppl > rows["owq3t"].ppl);
        QVERIFY(rows["gptq4"].ppl < rows["gptq3"].ppl);
        QVERIFY(rows["owq4t"].ppl <= rows["gptq4"].ppl);
        // Perplexities of the official OWQ code. Each bar sits at 2-3x the measured difference (in the
        // comment; docs/QUANTIZATION.md: RTN differs by fp16 scale rounding only, the calibrated methods by
        // their other windows (uniform sampling) and fp16 storage; test_calibration_sampling checks the
        // reference's windows).
        auto near = [](double got, double want, double rel) { return std::abs(got - want) <= rel * want; };
        QVERIFY(near(rows["rtn3"].ppl, ref["rtn_mse"]["3"].get<double>(), 0.001));              // 0.035%
        QVERIFY(near(rows["rtn4"].ppl, ref["rtn_mse"]["4"].get<double>(), 0.00015));            // 0.005%
        QVERIFY(near(rows["gptq3"].ppl, ref["gptq_minmax"]["3"].get<double>(), 0.04));          // 1.9%
        QVERIFY(near(rows["gptq4"].ppl, ref["gptq_minmax"]["4"].get<double>(), 0.003));         // 0.12%
        QVERIFY(near(rows["owq3t"].ppl, ref["owq_mse"]["3bit_target3.1"].get<double>(), 0.05)); // 2.65%
        QVERIFY(near(rows["owq4t"].ppl, ref["owq_mse"]["4bit_target4.1"].get<double>(), 0.01)); // 0.42%
        // The paper's claim at this scale: 3.1-bit OWQ beats the reference's best 3-bit GPTQ (MSE scales).
        QVERIFY2(rows["owq3t"].ppl < ref["gptq_mse"]["3"].get<double>(),
                 qPrintable(QString("OWQ 3.1 %1 vs reference GPTQ-MSE 3-bit %2")
                                .arg(rows["owq3t"].ppl)
                                .arg(ref["gptq_mse"]["3"].get<double>())));
    }

    void calibrationCacheSharesOnlyFloatInputHessians() {
        OWQ_REQUIRE_SHARED();
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const std::string model = owqtest::sharedPath("models/stories260K");
        QuantRecipe gptq = QuantRecipe::defaults(Method::GPTQ, 3);
        QuantRecipe owq3 = owqTarget(3.1);
        for (QuantRecipe* r : {&gptq, &owq3}) r->nsamples = 8, r->seqlen = 128;
        CalibrationCache cache;
        quantizeModel(*LanguageModel::open(model), calib, gptq, {}, &cache);
        QCOMPARE(cache.hessianHits(), 0LL); // the first run fills it
        auto shared = LanguageModel::open(model);
        const QuantReport a = quantizeModel(*shared, calib, owq3, {}, &cache);
        QCOMPARE(cache.hessianHits(), 1LL); // layer 0's q/k/v input: the only one still the float model's
        auto alone = LanguageModel::open(model);
        const QuantReport b = quantizeModel(*alone, calib, owq3);
        // Sharing changes nothing: same weak columns, errors and perplexity as a run on its own.
        QCOMPARE(a.linears.size(), b.linears.size());
        for (std::size_t i = 0; i < a.linears.size(); ++i) {
            QCOMPARE(a.linears[i].weakColumns, b.linears[i].weakColumns);
            QCOMPARE(a.linears[i].errorAfter, b.linears[i].errorAfter);
        }
        const std::string eval = readTextFile(owqtest::sharedPath("data/eval.txt"));
        QCOMPARE(shared->perplexity(eval, 512).ppl, alone->perplexity(eval, 512).ppl);
        // Other windows: the cache starts over instead of serving Hessians of different data.
        QuantRecipe other = owq3;
        other.seed = 7;
        quantizeModel(*LanguageModel::open(model), calib, other, {}, &cache);
        QCOMPARE(cache.hessianHits(), 0LL);
    }

    void diagnosticsAndSavedFolder() {
        OWQ_REQUIRE_SHARED();
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        QuantRecipe r = owqTarget(3.2);
        r.nsamples = 16;
        r.seqlen = 256;
        long long last = 0, total = 0;
        QuantReport rep = quantizeModel(*lm, calib, r,
                                        {[&](const Progress& p) {
                                             if (p.stage == "quantize") last = p.done, total = p.total;
                                         },
                                         nullptr});
        QCOMPARE(last, 35LL);
        QCOMPARE(total, 35LL);
        QCOMPARE(rep.linears.size(), std::size_t(35));
        QCOMPARE(rep.layers.size(), std::size_t(5));
        QCOMPARE(rep.weakColumnsTotal, 70);
        for (const LinearDiagnostics& d : rep.linears) {
            QCOMPARE(std::int64_t(d.hDiag.size()), d.cols);
            QCOMPARE(std::int64_t(d.sensitivity.size()), d.cols);
            QCOMPARE(d.weakColumns.size(), std::size_t(2));
            // The weak columns are the most sensitive ones.
            std::vector<float> s = d.sensitivity;
            std::sort(s.begin(), s.end(), std::greater<float>());
            for (std::int32_t w : d.weakColumns) QVERIFY(d.sensitivity[std::size_t(w)] >= s[1]);
            QVERIFY2(d.errorAfter <= d.errorBefore * 1.0001, d.name.c_str());
        }
        for (const LayerDiagnostics& l : rep.layers) {
            QVERIFY(l.outputMse > 0 && std::isfinite(l.outputMse));
            // The layer's time split: each part measured, together within the layer's wall time.
            QVERIFY(l.passSeconds > 0 && l.hessianSeconds > 0 && l.solveSeconds > 0);
            QVERIFY(l.passSeconds + l.hessianSeconds + l.solveSeconds <= l.seconds);
        }
        const QuantReport back = QuantReport::fromJson(rep.toJson());
        QCOMPARE(back.toJson(), rep.toJson());
        QCOMPARE(back.layers[2].hessianSeconds, rep.layers[2].hessianSeconds);

        const std::string eval = readTextFile(owqtest::sharedPath("data/eval.txt"));
        const double inMemory = lm->perplexity(eval, 512).ppl;
        const std::string out = owqtest::scratchDir("fakequant") + "/model";
        saveFakeQuantized(*lm, rep, out);
        QVERIFY(fs::exists(out + "/owq_diagnostics.json"));
        auto reopened = LanguageModel::open(out);
        QVERIFY(std::abs(reopened->perplexity(eval, 512).ppl - inMemory) < 1e-6 * inMemory);
        const nlohmann::json cfg = nlohmann::json::parse(owqtest::readFile(out + "/config.json"));
        QCOMPARE(cfg["quantization_config"]["quant_method"].get<std::string>(), std::string("owq"));
        QCOMPARE(cfg["quantization_config"]["target_bit"].get<double>(), 3.2);
        try {
            saveFakeQuantized(*lm, rep, out);
            QFAIL("expected a refusal");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("not empty") != std::string::npos, e.what());
        }
    }

    // The layer output error on the first windows only: the weights are those of a run measuring it on all
    // (it is a diagnostic, never an input), a sample as large as the calibration gives the all-window value
    // exactly, and a smaller one measures something else of the same size.
    void outputErrorOnFirstWindows() {
        OWQ_REQUIRE_SHARED();
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        auto run = [&](int windows) {
            auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
            QuantRecipe r = owqTarget(3.1);
            r.nsamples = 16;
            r.seqlen = 128;
            r.outputErrorWindows = windows;
            return quantizeModel(*lm, calib, r);
        };
        const QuantReport all = run(0), sixteen = run(16), eight = run(8);
        QCOMPARE(all.linears.size(), eight.linears.size());
        for (std::size_t i = 0; i < all.linears.size(); ++i) {
            QCOMPARE(eight.linears[i].errorAfter, all.linears[i].errorAfter);
            QCOMPARE(eight.linears[i].weakColumns, all.linears[i].weakColumns);
        }
        for (std::size_t l = 0; l < all.layers.size(); ++l) {
            QCOMPARE(sixteen.layers[l].outputMse, all.layers[l].outputMse);
            const double ratio = eight.layers[l].outputMse / all.layers[l].outputMse;
            QVERIFY2(ratio != 1.0 && ratio > 0.5 && ratio < 2.0, qPrintable(QString::number(ratio)));
        }
        QCOMPARE(QuantRecipe::fromJson(eight.recipe.toJson()).outputErrorWindows, 8);
        QVERIFY(all.recipe.toJson().find("output_error_windows") != std::string::npos);
        QVERIFY(sixteen.recipe.toJson().find("output_error_windows") == std::string::npos); // the default
    }

    void cancelAndBadCalibration() {
        OWQ_REQUIRE_SHARED();
        auto lm = LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        QuantRecipe r = QuantRecipe::defaults(Method::GPTQ, 3);
        r.nsamples = 4;
        r.seqlen = 128;
        CancelToken cancel;
        try {
            quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), r,
                          {[&](const Progress& p) {
                               if (p.stage == "quantize" && p.done == 3) cancel.cancel();
                           },
                           &cancel});
            QFAIL("expected cancellation");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Cancelled);
        }
        try {
            quantizeModel(*lm, "Once upon a time.", r);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("fewer than one window") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestQuantPipeline)
#include "test_quant_pipeline.moc"
