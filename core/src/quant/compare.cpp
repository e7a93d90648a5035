#include "owq/compare.h"
#include "owq/error.h"
#include "owq/eval_path.h"
#include "owq/reference_logits.h"

#include <chrono>
#include <cmath>

namespace owq {

std::vector<CompareRow> runComparison(const std::string& modelDir, const std::string& calibrationText,
                                      const std::string& evalText, const CompareOptions& options,
                                      const std::function<void(const CompareRow&)>& onRow,
                                      const JobContext& job) {
    struct Setting {
        Method method;
        int bits;
        double target;
    };
    std::vector<Setting> settings;
    for (int b : options.bits) {
        settings.push_back({Method::RTN, b, 0});
        settings.push_back({Method::GPTQ, b, 0});
    }
    std::vector<double> targets = options.targetBits;
    if (targets.empty())
        for (int b : options.bits) targets.push_back(b + 0.1);
    for (double t : targets) settings.push_back({Method::OWQ, int(std::floor(t + 1e-9)), t});

    std::vector<CompareRow> rows;
    const long long total = static_cast<long long>(settings.size()) + (options.includeFp ? 1 : 0);
    auto emit = [&](const CompareRow& r) {
        rows.push_back(r);
        if (onRow) onRow(r);
        job.report({"compare", static_cast<long long>(rows.size()), total,
                    r.method + " " + std::to_string(r.bits) + "-bit"});
    };
    // The reference of the quantized rows' KL divergence: the float model's logits, computed once in the fp
    // row's pass (its perplexity comes from the same pass), or the float model kept whole and run again for
    // every row (keepReferenceLogits off).
    std::shared_ptr<ReferenceLogits> referenceLogits;
    std::shared_ptr<LanguageModel> reference;
    const bool keepLogits = options.kld && options.keepReferenceLogits;
    // The float model runs whole, or layer by layer when it does not fit the memory budget (owq/eval_path.h).
    LoadOptions fpLoad = options.load;
    fpLoad.evalPath = chooseEvalPath(Checkpoint::open(modelDir)->config(), options.evalSeqlen).path;
    if (options.includeFp) {
        auto lm = LanguageModel::open(modelDir, fpLoad);
        CompareRow r;
        r.method = "fp";
        const auto t0 = std::chrono::steady_clock::now();
        if (keepLogits)
            referenceLogits = ReferenceLogits::compute(*lm, evalText, options.evalSeqlen,
                                                       options.referenceLogits, {{}, job.cancel});
        const PerplexityResult p = keepLogits
                                       ? referenceLogits->perplexity()
                                       : lm->perplexity(evalText, options.evalSeqlen, {{}, job.cancel});
        r.ppl = p.ppl;
        r.protocol = p.protocol;
        r.protocol.file = options.evalName;
        if (!options.choiceTasks.items.empty())
            r.choice = evaluateChoices(*lm, options.choiceTasks, options.choiceOptions, {{}, job.cancel});
        r.evalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (options.kld && !keepLogits) reference = lm;
        emit(r);
    }
    CalibrationCache cache; // windows and layer 0's float-input Hessians, shared by the rows
    LoadOptions load = options.load;
    load.deferLayers = true; // one float32 layer in memory at a time while quantizing
    for (const Setting& s : settings) {
        job.checkCancel("comparison");
        QuantRecipe recipe = QuantRecipe::defaults(s.method, s.bits);
        recipe.nsamples = options.base.nsamples;
        recipe.seqlen = options.base.seqlen;
        recipe.seed = options.base.seed;
        recipe.sampling = options.base.sampling;
        recipe.gptq = options.base.gptq;
        recipe.quantizer.groupSize = options.base.quantizer.groupSize;
        recipe.quantizer.symmetric = options.base.quantizer.symmetric;
        recipe.targetBits = s.target;
        if (s.method == Method::OWQ) {
            recipe.allocation = options.base.allocation;
            recipe.allocationBits = options.base.allocationBits;
            recipe.allocationProbe = options.base.allocationProbe;
        }
        auto lm = LanguageModel::open(modelDir, load);
        QuantReport q = quantizeModel(*lm, calibrationText, recipe, {{}, job.cancel}, &cache);
        CompareRow r;
        r.method = methodName(s.method);
        r.bits = s.bits;
        r.targetBits = s.target;
        r.averageBits = q.averageBits;
        r.weakColumns = q.weakColumnsTotal;
        if (s.method == Method::OWQ) {
            r.allocation = allocationName(recipe.allocation);
            for (std::size_t i = 0; i < recipe.allocationBits.size(); ++i)
                r.allocation += (i ? "," : " ") + std::to_string(recipe.allocationBits[i]);
        }
        r.quantizeSeconds = q.seconds;
        const auto t0 = std::chrono::steady_clock::now();
        if (keepLogits && !referenceLogits)
            referenceLogits =
                ReferenceLogits::compute(*LanguageModel::open(modelDir, fpLoad), evalText, options.evalSeqlen,
                                         options.referenceLogits, {{}, job.cancel});
        if (options.kld && !reference && !keepLogits) reference = LanguageModel::open(modelDir, fpLoad);
        if (options.kld) {
            const KlDivergenceResult e =
                keepLogits ? klDivergenceFrom(*lm, *referenceLogits, evalText, {{}, job.cancel})
                           : lm->klDivergence(*reference, evalText, options.evalSeqlen, {{}, job.cancel});
            r.ppl = e.model.ppl;
            r.kld = e.kld;
            r.protocol = e.model.protocol;
        } else {
            const PerplexityResult p = lm->perplexity(evalText, options.evalSeqlen, {{}, job.cancel});
            r.ppl = p.ppl;
            r.protocol = p.protocol;
        }
        r.protocol.file = options.evalName;
        if (!options.choiceTasks.items.empty())
            r.choice = evaluateChoices(*lm, options.choiceTasks, options.choiceOptions, {{}, job.cancel});
        r.evalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        emit(r);
    }
    return rows;
}

} // namespace owq
