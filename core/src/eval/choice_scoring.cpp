// Scores multiple-choice items as lm-evaluation-harness does (docs/EVALUATION.md): each choice is one
// sequence, start ids + tokens(context + delimiter + choice), whose continuation tokens' log-probabilities
// are summed. Sequences run longest first, a batch of similar lengths per forward pass, padded on the right:
// with causal attention a padded position never changes the logits of the positions before it. Models
// evaluated layer by layer (owq/eval_path.h) run all sequences through one decoder layer at a time.
#include "model/engine_impl.h"
#include "model/layer_stream.h"
#include "owq/choice_eval.h"
#include "owq/error.h"

#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace owq {

namespace {

// Sample standard deviation / sqrt(n) of 0/1 outcomes, lm-eval's mean_stderr.
double meanStderr(const std::vector<double>& v) {
    const double n = double(v.size());
    if (v.size() < 2) return 0;
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return std::sqrt(ss / (n - 1)) / std::sqrt(n);
}

int argmax(const std::vector<double>& v) {
    return int(std::max_element(v.begin(), v.end()) - v.begin()); // the first on ties, as numpy's
}

} // namespace

ChoiceSequence choiceSequence(const LanguageModel& lm, const std::string& context,
                              const std::string& continuation) {
    std::string ctx = context, cont = continuation;
    // lm-eval's _encode_pair: the context's trailing whitespace belongs to the continuation.
    const std::size_t keep = ctx.find_last_not_of(" \t\n\r\f\v");
    const std::size_t cut = keep == std::string::npos ? 0 : keep + 1;
    cont = ctx.substr(cut) + cont;
    ctx.resize(cut);
    const Tokenizer& tok = *lm.tokenizer();
    const std::vector<std::int32_t> whole = tok.encode(ctx + cont);
    const std::size_t ctxTokens = ctx.empty() ? 0 : tok.encode(ctx).size();
    if (whole.size() <= ctxTokens)
        throw Error(ErrorKind::InvalidArgument,
                    "the choice \"" + continuation + "\" gives no token after its context's");
    ChoiceSequence s;
    s.continuationTokens = int(whole.size() - ctxTokens);
    s.ids = tok.startIds();
    // Nothing to condition on without start ids and context: lm-eval then predicts from its prefix token,
    // here the first continuation token is not scored.
    if (s.ids.empty() && ctxTokens == 0) --s.continuationTokens;
    if (s.continuationTokens < 1)
        throw Error(ErrorKind::InvalidArgument,
                    "the choice \"" + continuation + "\" is one token with nothing before it to predict it");
    s.ids.insert(s.ids.end(), whole.begin(), whole.end());
    // Too long for the model: keep the end, as lm-eval does (the continuation must fit).
    const std::int64_t limit = lm.config().contextLimit();
    if (std::int64_t(s.ids.size()) > limit) {
        if (s.continuationTokens >= limit)
            throw Error(ErrorKind::InvalidArgument, "a choice of " + std::to_string(s.continuationTokens) +
                                                        " tokens does not fit the model's context of " +
                                                        std::to_string(limit));
        s.ids.erase(s.ids.begin(), s.ids.end() - limit);
    }
    return s;
}

ChoiceResult evaluateChoices(const LanguageModel& lm, const ChoiceTasks& tasks, const ChoiceOptions& options,
                             const JobContext& job) {
    const auto t0 = std::chrono::steady_clock::now();
    struct Seq {
        ChoiceSequence s;
        std::size_t item, choice;
    };
    std::vector<Seq> seqs;
    for (std::size_t i = 0; i < tasks.items.size(); ++i) {
        const ChoiceItem& item = tasks.items[i];
        for (std::size_t c = 0; c < item.choices.size(); ++c) {
            try {
                seqs.push_back({choiceSequence(lm, item.context, options.delimiter + item.choices[c]), i, c});
            } catch (const Error& e) {
                throw Error(e.kind(), tasks.file + ":" + std::to_string(item.line) + ": " + e.what());
            }
        }
    }
    ChoiceResult r;
    r.file = tasks.file;
    r.digest = tasks.digest;
    r.n = std::int64_t(tasks.items.size());
    r.sequences = std::int64_t(seqs.size());
    r.items.resize(tasks.items.size());
    for (std::size_t i = 0; i < tasks.items.size(); ++i) {
        r.items[i].logLikelihoods.assign(tasks.items[i].choices.size(), 0.0);
        r.items[i].tokens.assign(tasks.items[i].choices.size(), 0);
    }
    // Longest first, so a batch's padding is small and the first batch shows the memory peak.
    std::vector<std::size_t> order(seqs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return seqs[a].s.ids.size() > seqs[b].s.ids.size();
    });

    c10::InferenceMode guard;
    const detail::DecoderModel& model = *lm.impl().model;
    const ModelConfig& cfg = lm.config();
    // Sequences per forward pass of T positions: logits and attention scores within 4 Mi floats per batch,
    // as the perplexity's window batches.
    const auto perBatch = [&](std::int64_t T) {
        const std::int64_t perSeq = std::max(cfg.numHeads * T * T, T * cfg.vocabSize);
        return std::size_t(std::clamp<std::int64_t>(
            detail::kAttentionScoreFloats / std::max<std::int64_t>(1, perSeq), 1, 64));
    };
    // The sequences order[done .. done + b) as ids [b, T], padded on the right.
    const auto batchIds = [&](std::size_t done, std::size_t b, std::int64_t T) {
        std::vector<std::int64_t> ids(b * std::size_t(T), 0);
        for (std::size_t k = 0; k < b; ++k) {
            const std::vector<std::int32_t>& s = seqs[order[done + k]].s.ids;
            std::copy(s.begin(), s.end(), ids.begin() + std::ptrdiff_t(k * std::size_t(T)));
        }
        return at::tensor(ids, at::kLong).view({std::int64_t(b), T});
    };
    // Each sequence's continuation log-likelihood from its batch's logits [b, T, vocab].
    const auto score = [&](std::size_t done, std::size_t b, const at::Tensor& logits) {
        for (std::size_t k = 0; k < b; ++k) {
            const Seq& q = seqs[order[done + k]];
            const std::int64_t L = std::int64_t(q.s.ids.size()), n = q.s.continuationTokens;
            // Position t predicts token t + 1: positions L-n-1 .. L-2 predict the continuation.
            const at::Tensor lp = at::log_softmax(logits[std::int64_t(k)].narrow(0, L - n - 1, n), -1);
            const at::Tensor target =
                at::tensor(std::vector<std::int64_t>(q.s.ids.end() - n, q.s.ids.end()), at::kLong)
                    .unsqueeze(-1);
            r.items[q.item].logLikelihoods[q.choice] =
                lp.gather(-1, target).to(at::kDouble).sum().item<double>();
            r.items[q.item].tokens[q.choice] = int(n);
        }
        job.report({"choices", (long long)(done + b), (long long)order.size(),
                    "choice " + std::to_string(done + b) + "/" + std::to_string(order.size())});
    };
    // Whole: batches of similar lengths (longest first), each as long as its first sequence. Layer by layer
    // (owq/eval_path.h): every sequence padded to the longest, one store of their activations, each decoder
    // layer read once for all of them, then the head a batch at a time. Right padding leaves the positions
    // before it as they are (causal attention), so the scores are the whole path's up to float summation
    // order.
    const bool layered = lm.evalPath() == EvalPath::Layers && !order.empty();
    detail::Windows w;
    detail::LogitsSource layerLogits;
    if (layered) {
        w.seqlen = std::int64_t(seqs[order.front()].s.ids.size());
        w.windows = std::int64_t(order.size());
        w.perBatch = std::int64_t(perBatch(w.seqlen));
        w.data = batchIds(0, order.size(), w.seqlen);
        layerLogits = detail::logitsOf(lm, w, job);
    }
    for (std::size_t done = 0; done < order.size();) {
        job.checkCancel("multiple-choice evaluation");
        const std::int64_t T = layered ? w.seqlen : std::int64_t(seqs[order[done]].s.ids.size());
        const std::size_t b = std::min(perBatch(T), order.size() - done);
        const at::Tensor logits = layered ? layerLogits(std::int64_t(done), std::int64_t(b))
                                          : model.forward(batchIds(done, b, T).to(model.device()));
        score(done, b, logits.to(at::kCPU));
        done += b;
    }
    std::vector<double> acc, accNorm;
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        ChoiceItemScore& s = r.items[i];
        const ChoiceItem& item = tasks.items[i];
        std::vector<double> norm(s.logLikelihoods.size());
        for (std::size_t c = 0; c < norm.size(); ++c)
            norm[c] = s.logLikelihoods[c] / double(utf8Characters(item.choices[c]));
        s.pred = argmax(s.logLikelihoods);
        s.predNorm = argmax(norm);
        s.correct = s.pred == item.label;
        s.correctNorm = s.predNorm == item.label;
        acc.push_back(s.correct ? 1 : 0);
        accNorm.push_back(s.correctNorm ? 1 : 0);
    }
    r.acc = std::accumulate(acc.begin(), acc.end(), 0.0) / double(acc.size());
    r.accNorm = std::accumulate(accNorm.begin(), accNorm.end(), 0.0) / double(accNorm.size());
    r.accStderr = meanStderr(acc);
    r.accNormStderr = meanStderr(accNorm);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace owq
