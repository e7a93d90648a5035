// The perplexity protocol's windows and the KL divergence loop, shared by perplexity.cpp and the kept
// reference logits (reference_logits.cpp). Internal: LibTorch types.
#pragma once

#include "owq/engine.h"

#include "util/stopwatch.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <functional>

namespace owq::detail {

// The protocol's windows of `tokens` for `lm`, checked, and how many go through one forward pass.
struct Windows {
    at::Tensor data; // [windows, seqlen] int64
    std::int64_t windows = 0, seqlen = 0, perBatch = 1;
};
Windows cutWindows(const LanguageModel& lm, const std::vector<std::int32_t>& tokens, std::int64_t seqlen);

// Total NLL of a batch's predicted tokens: logits [b, seqlen, vocab] of ids [b, seqlen].
double batchNll(const at::Tensor& logits, const at::Tensor& ids);
// The same from the logits of the predicted positions only, [b, seqlen - 1, vocab].
double predictedNll(const at::Tensor& predicted, const at::Tensor& ids);

EvalProtocol protocolOf(const LanguageModel& lm, const std::vector<std::int32_t>& tokens, const Windows& w);
PerplexityResult resultOf(double nll, const Windows& w, const EvalProtocol& protocol, double seconds);

void checkSameVocabulary(const LanguageModel& model, const LanguageModel& reference);

// Rows of [rows, vocab] logits turned into float64 log-probabilities at once: 1 Mi doubles.
inline std::int64_t rowsPerChunk(std::int64_t vocab) {
    return std::max<std::int64_t>(1, (std::int64_t(1) << 20) / std::max<std::int64_t>(1, vocab));
}

// The reference's next-token distributions at the predicted positions of windows [first, first + count),
// either whole or as its K most likely tokens.
struct ReferenceBatch {
    at::Tensor logits; // [count, seqlen - 1, vocab] float, on any device; or undefined, then:
    at::Tensor topIds; // [count, seqlen - 1, K] int32, most likely first
    // [count, seqlen - 1, K + 1] float: the K tokens' log-probabilities, then the log of the rest's mass
    at::Tensor topLogProbs;
};
using ReferenceSource = std::function<ReferenceBatch(std::int64_t first, std::int64_t count)>;
// `lm`'s perplexity and KL divergence from the reference's distributions, window batch by window batch.
// With whole logits the result's reference perplexity comes from them (its protocol is the model's); with
// top-K ones it is left empty for the caller, and each token's KL is that of the two distributions over the
// K tokens and the rest as one outcome (a lower bound of the whole KL; kld.referenceTopK = K).
KlDivergenceResult klDivergenceWith(const LanguageModel& lm, const std::vector<std::int32_t>& tokens,
                                    const Windows& w, const ReferenceSource& reference,
                                    const JobContext& job);

} // namespace owq::detail
