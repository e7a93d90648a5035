// Perplexity protocol (docs/EVALUATION.md): the whole text is tokenized once with one BOS in front, cut into
// non-overlapping windows of seqlen tokens (the tail shorter than a window is dropped), every window predicts
// its seqlen-1 next tokens, and ppl = exp(total NLL / predicted tokens). The KL divergence from a reference
// model runs both models on the same windows, a batch of windows at a time.
#include "model/engine_impl.h"
#include "model/layer_stream.h"
#include "model/perplexity_windows.h"
#include "owq/error.h"
#include "owq/text_file.h"
#include "quant/quant_state.h"

#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace owq {

namespace detail {

Windows cutWindows(const LanguageModel& lm, const std::vector<std::int32_t>& tokens, std::int64_t seqlen) {
    const ModelConfig& cfg = lm.config();
    if (seqlen <= 0) seqlen = lm.defaultSeqlen();
    if (seqlen < 2) throw Error(ErrorKind::InvalidArgument, "perplexity needs a window of at least 2 tokens");
    if (seqlen > cfg.contextLimit())
        throw Error(ErrorKind::InvalidArgument, "window of " + std::to_string(seqlen) +
                                                    " tokens exceeds the model's context of " +
                                                    std::to_string(cfg.contextLimit()));
    Windows w;
    w.seqlen = seqlen;
    w.windows = std::int64_t(tokens.size()) / seqlen;
    if (w.windows == 0)
        throw Error(ErrorKind::InvalidArgument, "the text has " + std::to_string(tokens.size()) +
                                                    " tokens, fewer than one window of " +
                                                    std::to_string(seqlen));
    // Several windows per forward pass, bounded so attention scores and logits stay within 4 Mi floats each
    // (16 MB: such buffers stay on the reusable heap, see initRuntime).
    const std::int64_t perWindow = std::max(cfg.numHeads * seqlen * seqlen, seqlen * cfg.vocabSize);
    w.perBatch =
        std::clamp<std::int64_t>(kAttentionScoreFloats / std::max<std::int64_t>(1, perWindow), 1, 16);
    std::vector<std::int64_t> all(tokens.begin(), tokens.begin() + w.windows * seqlen);
    w.data = at::tensor(all, at::kLong).view({w.windows, seqlen});
    return w;
}

double batchNll(const at::Tensor& logits, const at::Tensor& ids) {
    return predictedNll(logits.narrow(1, 0, ids.size(1) - 1), ids);
}

double predictedNll(const at::Tensor& predicted, const at::Tensor& ids) {
    const std::int64_t seqlen = ids.size(1);
    at::Tensor logp = at::log_softmax(predicted, -1);
    at::Tensor target = ids.narrow(1, 1, seqlen - 1).unsqueeze(-1);
    return -logp.gather(-1, target).to(at::kDouble).sum().item<double>();
}

EvalProtocol protocolOf(const LanguageModel& lm, const std::vector<std::int32_t>& tokens, const Windows& w) {
    EvalProtocol p;
    p.seqlen = w.seqlen;
    p.stride = w.seqlen;
    p.textTokens = std::int64_t(tokens.size());
    p.windows = w.windows;
    p.predictedTokens = w.windows * (w.seqlen - 1);
    p.evalPath = int8ActivationsEvaluated(lm) ? "int8-activations" : evalPathName(lm.evalPath());
    // The ids encodeDocument put in front: the tokenizer's start ids, when the tokens begin with them.
    const std::vector<std::int32_t> start =
        lm.tokenizer() ? lm.tokenizer()->startIds() : std::vector<std::int32_t>{};
    if (!start.empty() && tokens.size() >= start.size() &&
        std::equal(start.begin(), start.end(), tokens.begin()))
        p.startIds = start;
    return p;
}

PerplexityResult resultOf(double nll, const Windows& w, const EvalProtocol& protocol, double seconds) {
    PerplexityResult r;
    r.windows = w.windows;
    r.seqlen = w.seqlen;
    r.tokens = w.windows * (w.seqlen - 1);
    r.nll = nll;
    r.ppl = std::exp(nll / double(r.tokens));
    r.seconds = seconds;
    r.protocol = protocol;
    return r;
}

} // namespace detail

std::string EvalProtocol::toJson() const {
    return nlohmann::ordered_json{{"eval_file", file},
                                  {"eval_digest", textDigest},
                                  {"seqlen", seqlen},
                                  {"stride", stride},
                                  {"bos", bos()},
                                  {"start_ids", startIds},
                                  {"text_tokens", textTokens},
                                  {"windows", windows},
                                  {"predicted_tokens", predictedTokens},
                                  {"eval_path", evalPath}}
        .dump();
}

std::string KlDivergenceStats::toJson() const {
    nlohmann::ordered_json j{{"mean", mean}, {"median", median}, {"p99", p99}, {"max", max}};
    if (referenceTopK > 0) j["reference_top_k"] = referenceTopK;
    return j.dump();
}

std::string evaluationJson(const PerplexityResult& r, const KlDivergenceResult* kld,
                           const std::string& referenceName) {
    using nlohmann::ordered_json;
    ordered_json j{{"ppl", r.ppl},
                   {"tokens", r.tokens},
                   {"windows", r.windows},
                   {"seqlen", r.seqlen},
                   {"nll", r.nll},
                   {"seconds", r.seconds},
                   {"protocol", ordered_json::parse(r.protocol.toJson())}};
    if (kld) {
        j["kld"] = ordered_json::parse(kld->kld.toJson());
        j["top1"] = kld->kld.top1;
        j["reference"] = {{"model", referenceName}, {"ppl", kld->reference.ppl}, {"nll", kld->reference.nll}};
    }
    return j.dump();
}

void recordEvaluation(const std::string& modelDir, const std::string& evaluation) {
    using nlohmann::ordered_json;
    const std::string path = (std::filesystem::path(modelDir) / "owq_diagnostics.json").string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(ErrorKind::InvalidArgument,
                    modelDir + " has no owq_diagnostics.json: measurements are recorded beside a quantized "
                               "model's diagnostics");
    ordered_json diag, record;
    try {
        diag = ordered_json::parse(readTextFile(path));
        record = ordered_json::parse(evaluation);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::Format, path + ": " + e.what());
    }
    if (!diag.is_object()) throw Error(ErrorKind::Format, path + ": not a JSON object");
    ordered_json& list = diag["evaluations"];
    if (!list.is_array()) list = ordered_json::array();
    const auto key = [](const ordered_json& e) {
        const ordered_json p = e.value("protocol", ordered_json::object());
        const ordered_json ref = e.value("reference", ordered_json::object());
        // Multiple-choice records (owq eval-choice --record) by their task file's digest.
        const ordered_json choice = e.value("choice", ordered_json::object());
        return p.value("eval_digest", std::string()) + "/" + std::to_string(p.value("seqlen", 0ll)) + "/" +
               ref.value("model", std::string()) + "/" + choice.value("task_digest", std::string());
    };
    ordered_json kept = ordered_json::array();
    for (const ordered_json& e : list)
        if (!e.is_object() || key(e) != key(record)) kept.push_back(e);
    kept.push_back(record);
    list = kept;
    writeFileAtomic(path, diag.dump(2) + "\n");
}

PerplexityResult LanguageModel::perplexity(const std::string& text, std::int64_t seqlen,
                                           const JobContext& job) const {
    PerplexityResult r = perplexityOfTokens(impl_->tokenizer->encodeDocument(text), seqlen, job);
    r.protocol.textDigest = detail::textDigest(text);
    return r;
}

PerplexityResult LanguageModel::perplexityOfTokens(const std::vector<std::int32_t>& tokens,
                                                   std::int64_t seqlen, const JobContext& job) const {
    const detail::Windows w = detail::cutWindows(*this, tokens, seqlen);
    const auto t0 = std::chrono::steady_clock::now();
    c10::InferenceMode guard;
    const detail::DecoderModel& model = *impl_->model;
    const detail::LogitsSource logits = detail::logitsOf(*this, w, job);
    double nll = 0;
    for (std::int64_t i = 0; i < w.windows; i += w.perBatch) {
        job.checkCancel("perplexity");
        const std::int64_t b = std::min(w.perBatch, w.windows - i);
        at::Tensor ids = w.data.narrow(0, i, b).to(model.device());
        nll += detail::batchNll(logits(i, b), ids);
        job.report(
            {"eval", i + b, w.windows, "window " + std::to_string(i + b) + "/" + std::to_string(w.windows)});
    }
    return detail::resultOf(nll, w, detail::protocolOf(*this, tokens, w), detail::secondsSince(t0));
}

KlDivergenceResult LanguageModel::klDivergence(const LanguageModel& reference, const std::string& text,
                                               std::int64_t seqlen, const JobContext& job) const {
    std::vector<std::int32_t> tokens = impl_->tokenizer->encodeDocument(text);
    if (reference.tokenizer()->encodeDocument(text) != tokens)
        throw Error(ErrorKind::InvalidArgument,
                    "the reference model's tokenizer (" + reference.tokenizer()->path() +
                        ") gives other tokens for this text than the model's: KL divergence compares "
                        "next-token distributions over one vocabulary");
    KlDivergenceResult r = klDivergenceOfTokens(reference, tokens, seqlen, job);
    r.model.protocol.textDigest = r.reference.protocol.textDigest = detail::textDigest(text);
    return r;
}

KlDivergenceResult LanguageModel::klDivergenceOfTokens(const LanguageModel& reference,
                                                       const std::vector<std::int32_t>& tokens,
                                                       std::int64_t seqlen, const JobContext& job) const {
    detail::checkSameVocabulary(*this, reference);
    const detail::Windows w = detail::cutWindows(*this, tokens, seqlen);
    if (w.seqlen > reference.config().contextLimit())
        throw Error(ErrorKind::InvalidArgument, "window of " + std::to_string(w.seqlen) +
                                                    " tokens exceeds the reference model's context of " +
                                                    std::to_string(reference.config().contextLimit()));
    // The reference runs on each batch as it comes (layer by layer: over every window first): its logits of
    // the predicted positions.
    const auto t0 = std::chrono::steady_clock::now();
    c10::InferenceMode guard;
    const detail::LogitsSource refLogits = detail::logitsOf(reference, w, job);
    const auto source = [&](std::int64_t first, std::int64_t count) {
        return detail::ReferenceBatch{refLogits(first, count).narrow(1, 0, w.seqlen - 1), {}, {}};
    };
    KlDivergenceResult r = detail::klDivergenceWith(*this, tokens, w, source, job);
    r.reference.protocol = detail::protocolOf(reference, tokens, w);
    // From the start: a reference streamed layer by layer ran before klDivergenceWith's own clock.
    r.seconds = r.model.seconds = r.reference.seconds = detail::secondsSince(t0);
    return r;
}

namespace detail {

void checkSameVocabulary(const LanguageModel& model, const LanguageModel& reference) {
    if (reference.config().vocabSize != model.config().vocabSize)
        throw Error(ErrorKind::InvalidArgument, "the reference model has a vocabulary of " +
                                                    std::to_string(reference.config().vocabSize) +
                                                    " tokens, the model " +
                                                    std::to_string(model.config().vocabSize) +
                                                    ": KL divergence needs the same vocabulary");
}

KlDivergenceResult klDivergenceWith(const LanguageModel& lm, const std::vector<std::int32_t>& tokens,
                                    const Windows& w, const ReferenceSource& reference,
                                    const JobContext& job) {
    const std::int64_t vocab = lm.config().vocabSize;
    const auto t0 = std::chrono::steady_clock::now();
    c10::InferenceMode guard;
    const DecoderModel& model = *lm.impl().model;
    const LogitsSource logits = logitsOf(lm, w, job);
    const std::int64_t chunk = rowsPerChunk(vocab);
    std::vector<double> kl;
    kl.reserve(std::size_t(w.windows * (w.seqlen - 1)));
    std::int64_t same = 0, topK = 0;
    double nll = 0, refNll = 0;
    for (std::int64_t i = 0; i < w.windows; i += w.perBatch) {
        job.checkCancel("KL divergence");
        const std::int64_t b = std::min(w.perBatch, w.windows - i);
        const at::Tensor batch = w.data.narrow(0, i, b);
        // Position t predicts token t + 1: the first seqlen - 1 positions of every window.
        const ReferenceBatch ref = reference(i, b);
        at::Tensor ids = batch.to(model.device());
        at::Tensor qLogits = logits(i, b);
        nll += batchNll(qLogits, ids);
        at::Tensor q = qLogits.narrow(1, 0, w.seqlen - 1).reshape({-1, vocab});
        if (!ref.logits.defined()) {
            topK = ref.topIds.size(-1);
            const at::Tensor top = ref.topIds.reshape({-1, topK}).to(model.device(), at::kLong);
            const at::Tensor lpAll = ref.topLogProbs.reshape({-1, topK + 1}).to(model.device(), at::kDouble);
            same += top.select(1, 0).eq(q.argmax(-1)).sum().item<std::int64_t>();
            for (std::int64_t r0 = 0; r0 < q.size(0); r0 += chunk) {
                const std::int64_t n = std::min(chunk, q.size(0) - r0);
                const at::Tensor lq = at::log_softmax(q.narrow(0, r0, n).to(at::kDouble), -1);
                const at::Tensor chunkIds = top.narrow(0, r0, n);
                const at::Tensor lpTop = lpAll.narrow(0, r0, n).narrow(1, 0, topK);
                const at::Tensor lpRest = lpAll.narrow(0, r0, n).select(1, topK);
                const at::Tensor lqTop = lq.gather(1, chunkIds);
                // The model's mass outside the reference's K tokens, as a log-sum-exp of the rest.
                const at::Tensor lqRest = lq.scatter(1, chunkIds, -INFINITY).logsumexp(1);
                const at::Tensor pTop = lpTop.exp(), pRest = lpRest.exp();
                const at::Tensor terms = at::where(pTop > 0, pTop * (lpTop - lqTop), at::zeros_like(pTop));
                const at::Tensor rest =
                    at::where(pRest > 0, pRest * (lpRest - lqRest), at::zeros_like(pRest));
                const at::Tensor rows = (terms.sum(-1) + rest).to(at::kCPU).contiguous();
                kl.insert(kl.end(), rows.data_ptr<double>(), rows.data_ptr<double>() + n);
            }
        } else {
            at::Tensor pPredicted = ref.logits;
            refNll += predictedNll(pPredicted, batch.to(pPredicted.device()));
            at::Tensor p = pPredicted.to(model.device()).reshape({-1, vocab});
            same += p.argmax(-1).eq(q.argmax(-1)).sum().item<std::int64_t>();
            for (std::int64_t r0 = 0; r0 < p.size(0); r0 += chunk) {
                const std::int64_t n = std::min(chunk, p.size(0) - r0);
                const at::Tensor lp = at::log_softmax(p.narrow(0, r0, n).to(at::kDouble), -1);
                const at::Tensor lq = at::log_softmax(q.narrow(0, r0, n).to(at::kDouble), -1);
                const at::Tensor prob = lp.exp();
                // sum_v p_v (log p_v - log q_v); terms with p_v = 0 are 0 (also where both logs are -inf).
                const at::Tensor terms = at::where(prob > 0, prob * (lp - lq), at::zeros_like(prob));
                const at::Tensor rows = terms.sum(-1).to(at::kCPU).contiguous();
                kl.insert(kl.end(), rows.data_ptr<double>(), rows.data_ptr<double>() + n);
            }
        }
        job.report(
            {"eval", i + b, w.windows,
             "window " + std::to_string(i + b) + "/" + std::to_string(w.windows) + " (KL divergence)"});
    }
    KlDivergenceResult r;
    r.seconds = secondsSince(t0);
    r.model = resultOf(nll, w, protocolOf(lm, tokens, w), r.seconds);
    r.reference = resultOf(refNll, w, r.model.protocol, r.seconds);
    KlDivergenceStats& s = r.kld;
    s.tokens = std::int64_t(kl.size());
    double sum = 0;
    for (double v : kl) sum += v;
    s.mean = sum / double(kl.size());
    std::sort(kl.begin(), kl.end());
    const std::size_t n = kl.size();
    s.median = n % 2 ? kl[n / 2] : 0.5 * (kl[n / 2 - 1] + kl[n / 2]);
    const double at99 = 0.99 * double(n - 1);
    const std::size_t lo = std::size_t(at99);
    const double frac = at99 - double(lo);
    s.p99 = (1 - frac) * kl[lo] + frac * kl[std::min(lo + 1, n - 1)];
    s.max = kl.back();
    s.top1 = 100.0 * double(same) / double(n);
    s.referenceTopK = topK;
    return r;
}

} // namespace detail

} // namespace owq
