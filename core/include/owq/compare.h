// The baseline matrix the product compares: FP, RTN, OPTQ/GPTQ and OWQ at chosen bit settings, each scored by
// perplexity on an evaluation text, with the achieved bits per weight counted the same way for all.
#pragma once

#include "owq/choice_eval.h"
#include "owq/engine.h"
#include "owq/quant_pipeline.h"
#include "owq/reference_logits.h"

#include <functional>
#include <string>
#include <vector>

namespace owq {

struct CompareRow {
    std::string method; // fp | rtn | gptq | owq
    int bits = 16;
    double targetBits = 0;   // OWQ's target (0 otherwise)
    double averageBits = 16; // achieved storage bits per weight of the decoder linears
    std::int64_t weakColumns = 0;
    // OWQ rows: where the weak-column bits went ("owq": the reference rule, "sensitivity", or
    // "sensitivity 2,3,4" with bit widths per linear); empty for the others.
    std::string allocation;
    double ppl = 0;
    // The row's next-token distribution against the float model's on the same windows (tokens 0: not
    // measured; the fp row is the reference itself).
    KlDivergenceStats kld;
    EvalProtocol protocol; // what ppl and kld were measured on
    ChoiceResult choice;   // multiple-choice accuracy on CompareOptions::choiceTasks (n 0: not measured)
    double quantizeSeconds = 0;
    double evalSeconds = 0; // the fp row's includes keeping the reference logits (one pass)
};

struct CompareOptions {
    std::vector<int> bits{3, 4};    // RTN and GPTQ at each
    std::vector<double> targetBits; // OWQ at each (base bits = floor); empty: bits + 0.1 for each bits
    bool includeFp = true;
    // Calibration settings shared by every method (nsamples, seqlen, seed...); its allocation,
    // allocationBits and allocationProbe apply to the OWQ rows (sensitivity allocation, mixed precision).
    QuantRecipe base;
    std::int64_t evalSeqlen = 0; // 0: the model's default
    // KL divergence and top-1 agreement of each quantized row against the float model.
    bool kld = true;
    // The float model's logits computed once (in the fp row's pass) and kept for every row's KL divergence,
    // in memory or a temporary file (referenceLogits); off: the float model stays loaded and runs again
    // for every row (the same numbers, for checking).
    bool keepReferenceLogits = true;
    ReferenceLogitsOptions referenceLogits;
    std::string evalName; // the evaluation file's name, for the rows' protocol
    // Multiple-choice items every row is also scored on (acc, acc_norm; empty: none), with their options.
    ChoiceTasks choiceTasks;
    ChoiceOptions choiceOptions;
    LoadOptions load;
};

// Runs every row in order (FP first), calling onRow as each finishes. The model is reloaded from `modelDir`
// for each quantized row (one float32 layer at a time), so rows never influence each other; they share one
// CalibrationCache (the windows, and layer 0's float-input Hessians). With options.kld, the float model's
// logits (the fp row's pass) are kept and every quantized row is evaluated against them window by window.
// With choiceTasks, every row is also scored on them (evaluateChoices).
std::vector<CompareRow> runComparison(const std::string& modelDir, const std::string& calibrationText,
                                      const std::string& evalText, const CompareOptions& options,
                                      const std::function<void(const CompareRow&)>& onRow = {},
                                      const JobContext& job = {});

} // namespace owq
