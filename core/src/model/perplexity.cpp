// Perplexity protocol (docs/EVALUATION.md): the whole text is tokenized once with one BOS in front, cut into
// non-overlapping windows of seqlen tokens (the tail shorter than a window is dropped), every window predicts
// its seqlen-1 next tokens, and ppl = exp(total NLL / predicted tokens).
#include "model/engine_impl.h"
#include "owq/error.h"

#include <c10/core/InferenceMode.h>

#include <chrono>
#include <cmath>

namespace owq {

PerplexityResult LanguageModel::perplexity(const std::string& text, std::int64_t seqlen,
                                           const JobContext& job) const {
    return perplexityOfTokens(impl_->tokenizer->encodeDocument(text), seqlen, job);
}

PerplexityResult LanguageModel::perplexityOfTokens(const std::vector<std::int32_t>& tokens,
                                                   std::int64_t seqlen, const JobContext& job) const {
    if (seqlen <= 0) seqlen = defaultSeqlen();
    if (seqlen < 2) throw Error(ErrorKind::InvalidArgument, "perplexity needs a window of at least 2 tokens");
    if (seqlen > config().contextLimit())
        throw Error(ErrorKind::InvalidArgument, "window of " + std::to_string(seqlen) +
                                                    " tokens exceeds the model's context of " +
                                                    std::to_string(config().contextLimit()));
    const std::int64_t windows = std::int64_t(tokens.size()) / seqlen;
    if (windows == 0)
        throw Error(ErrorKind::InvalidArgument, "the text has " + std::to_string(tokens.size()) +
                                                    " tokens, fewer than one window of " +
                                                    std::to_string(seqlen));
    const auto t0 = std::chrono::steady_clock::now();
    c10::InferenceMode guard;
    const detail::DecoderModel& model = *impl_->model;
    // Several windows per forward pass, bounded so attention scores and logits stay within 4 Mi floats each
    // (16 MB: such buffers stay on the reusable heap, see initRuntime).
    const std::int64_t perWindow = std::max(config().numHeads * seqlen * seqlen, seqlen * config().vocabSize);
    const std::int64_t perBatch =
        std::clamp<std::int64_t>((4ll << 20) / std::max<std::int64_t>(1, perWindow), 1, 16);
    std::vector<std::int64_t> all(tokens.begin(), tokens.begin() + windows * seqlen);
    at::Tensor data = at::tensor(all, at::kLong).view({windows, seqlen});
    double nll = 0;
    for (std::int64_t w = 0; w < windows; w += perBatch) {
        job.checkCancel("perplexity");
        const std::int64_t b = std::min(perBatch, windows - w);
        at::Tensor ids = data.narrow(0, w, b).to(model.device());
        at::Tensor logp = at::log_softmax(model.forward(ids).narrow(1, 0, seqlen - 1), -1);
        at::Tensor target = ids.narrow(1, 1, seqlen - 1).unsqueeze(-1);
        nll -= logp.gather(-1, target).to(at::kDouble).sum().item<double>();
        job.report(
            {"eval", w + b, windows, "window " + std::to_string(w + b) + "/" + std::to_string(windows)});
    }
    PerplexityResult r;
    r.windows = windows;
    r.seqlen = seqlen;
    r.tokens = windows * (seqlen - 1);
    r.nll = nll;
    r.ppl = std::exp(nll / double(r.tokens));
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace owq
