// The float model's logits of every predicted position, computed once (one pass over the windows, which also
// gives its perplexity) and read back for each quantized model's KL divergence. In memory up to a budget,
// else in an unlinked-on-destruction temporary file read window range by window range, so a comparison
// costs the reference's forward once instead of once per row.
#include "owq/reference_logits.h"
#include "model/engine_impl.h"
#include "model/layer_stream.h"
#include "model/perplexity_windows.h"
#include "owq/error.h"
#include "quant/quant_state.h"

#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <utility>

namespace owq {

struct ReferenceLogits::Impl {
    std::vector<std::int32_t> tokens;
    std::string textDigest;
    std::int64_t seqlen = 0, windows = 0, vocab = 0;
    std::int64_t topK = 0; // 0: whole logits; else ids and log-probabilities of the K most likely tokens
    PerplexityResult perplexity;
    // In memory: whole logits [windows, seqlen - 1, vocab] float, or top-K ids [windows, seqlen - 1, K]
    // int32 and log-probabilities [windows, seqlen - 1, K + 1] float (the last: log of the rest's mass).
    at::Tensor memory, memoryIds, memoryLogProbs;
    std::string path; // the temporary file otherwise: each window's block (ids first, then log-probs)
    std::FILE* file = nullptr;

    std::int64_t positions() const { return seqlen - 1; }
    std::int64_t windowBytes() const {
        return topK ? positions() * (topK * 4 + (topK + 1) * 4) : positions() * vocab * 4;
    }
    ~Impl() {
        if (file) std::fclose(file);
        if (!path.empty()) std::filesystem::remove(path);
    }
    bool inMemory() const { return memory.defined() || memoryIds.defined(); }

    void write(std::int64_t first, const at::Tensor& a, const at::Tensor& b = {}) {
        if (inMemory()) {
            (topK ? memoryIds : memory).narrow(0, first, a.size(0)).copy_(a);
            if (topK) memoryLogProbs.narrow(0, first, b.size(0)).copy_(b);
            return;
        }
        for (std::int64_t i = 0; i < a.size(0); ++i)
            for (const at::Tensor* t : {&a, &b}) {
                if (!t->defined()) continue;
                const at::Tensor row = (*t)[i].contiguous();
                if (std::fwrite(row.data_ptr(), 1, row.nbytes(), file) != row.nbytes())
                    throw Error(ErrorKind::Io,
                                "cannot write the reference logits to " + path + " (disk full?)");
            }
    }

    detail::ReferenceBatch read(std::int64_t first, std::int64_t count) const {
        if (memory.defined()) return {memory.narrow(0, first, count), {}, {}};
        if (memoryIds.defined())
            return {{}, memoryIds.narrow(0, first, count), memoryLogProbs.narrow(0, first, count)};
        detail::ReferenceBatch out;
        if (topK) {
            out.topIds = at::empty({count, positions(), topK}, at::kInt);
            out.topLogProbs = at::empty({count, positions(), topK + 1}, at::kFloat);
        } else {
            out.logits = at::empty({count, positions(), vocab}, at::kFloat);
        }
        if (std::fseek(file, long(first * windowBytes()), SEEK_SET) != 0)
            throw Error(ErrorKind::Io, "cannot read the reference logits back from " + path);
        for (std::int64_t i = 0; i < count; ++i)
            for (at::Tensor* t : {&out.logits, &out.topIds, &out.topLogProbs}) {
                if (!t->defined()) continue;
                at::Tensor row = (*t)[i];
                if (std::fread(row.data_ptr(), 1, row.nbytes(), file) != row.nbytes())
                    throw Error(ErrorKind::Io, "cannot read the reference logits back from " + path);
            }
        return out;
    }
};

namespace {

// The K most likely tokens of each predicted position and the log of the rest's mass: ids [b, T, K] int32
// and log-probabilities [b, T, K + 1] float, from logits [b, T, vocab]. Rows a chunk at a time in double,
// as the KL loop does.
std::pair<at::Tensor, at::Tensor> topTokens(const at::Tensor& logits, std::int64_t k) {
    const std::int64_t vocab = logits.size(-1);
    const at::Tensor rows = logits.reshape({-1, vocab});
    at::Tensor ids = at::empty({rows.size(0), k}, at::kInt);
    at::Tensor lps = at::empty({rows.size(0), k + 1}, at::kFloat);
    const std::int64_t chunk = detail::rowsPerChunk(vocab);
    for (std::int64_t r0 = 0; r0 < rows.size(0); r0 += chunk) {
        const std::int64_t n = std::min(chunk, rows.size(0) - r0);
        const at::Tensor lp = at::log_softmax(rows.narrow(0, r0, n).to(at::kDouble), -1);
        const auto [top, idx] = lp.topk(k, -1, /*largest=*/true, /*sorted=*/true);
        ids.narrow(0, r0, n).copy_(idx);
        lps.narrow(0, r0, n).narrow(1, 0, k).copy_(top);
        lps.narrow(0, r0, n).select(1, k).copy_(lp.scatter(1, idx, -INFINITY).logsumexp(1));
    }
    const auto shape = logits.sizes().vec();
    return {ids.view({shape[0], shape[1], k}), lps.view({shape[0], shape[1], k + 1})};
}

} // namespace

std::shared_ptr<ReferenceLogits> ReferenceLogits::compute(const LanguageModel& reference,
                                                          const std::string& text, std::int64_t seqlen,
                                                          const ReferenceLogitsOptions& options,
                                                          const JobContext& job) {
    std::shared_ptr<ReferenceLogits> out(new ReferenceLogits);
    out->impl_ = std::make_unique<Impl>();
    Impl& m = *out->impl_;
    m.tokens = reference.tokenizer()->encodeDocument(text);
    m.textDigest = detail::textDigest(text);
    const detail::Windows w = detail::cutWindows(reference, m.tokens, seqlen);
    m.seqlen = w.seqlen;
    m.windows = w.windows;
    m.vocab = reference.config().vocabSize;
    m.topK = options.topK < 0 ? (m.vocab > kWholeReferenceVocabularyUpTo ? kDefaultReferenceTopK : 0)
                              : options.topK;
    if (m.topK >= m.vocab) m.topK = 0; // all of it: whole logits are exact and no larger
    const std::int64_t bytes = m.windows * m.windowBytes();
    if (bytes <= options.memoryBudgetBytes) {
        if (m.topK) {
            m.memoryIds = at::empty({m.windows, m.positions(), m.topK}, at::kInt);
            m.memoryLogProbs = at::empty({m.windows, m.positions(), m.topK + 1}, at::kFloat);
        } else {
            m.memory = at::empty({m.windows, m.positions(), m.vocab}, at::kFloat);
        }
    } else {
        const std::filesystem::path dir = options.tempDir.empty() ? std::filesystem::temp_directory_path()
                                                                  : std::filesystem::path(options.tempDir);
        m.path = (dir / ("owq-reference-logits-" + std::to_string(::getpid()) + "-" +
                         std::to_string(reinterpret_cast<std::uintptr_t>(out.get())) + ".f32"))
                     .string();
        m.file = std::fopen(m.path.c_str(), "w+b");
        if (!m.file) throw Error(ErrorKind::Io, "cannot create " + m.path + " for the reference logits");
    }
    const auto t0 = std::chrono::steady_clock::now();
    c10::InferenceMode guard;
    const detail::DecoderModel& model = *reference.impl().model;
    const detail::LogitsSource source = detail::logitsOf(reference, w, job);
    double nll = 0;
    for (std::int64_t i = 0; i < w.windows; i += w.perBatch) {
        job.checkCancel("reference logits");
        const std::int64_t b = std::min(w.perBatch, w.windows - i);
        const at::Tensor ids = w.data.narrow(0, i, b).to(model.device());
        const at::Tensor logits = source(i, b);
        nll += detail::batchNll(logits, ids);
        const at::Tensor predicted = logits.narrow(1, 0, w.seqlen - 1).to(at::kCPU).contiguous();
        if (m.topK) {
            const auto [ids, lps] = topTokens(predicted, m.topK);
            m.write(i, ids, lps);
        } else {
            m.write(i, predicted);
        }
        job.report({"eval", i + b, w.windows,
                    "window " + std::to_string(i + b) + "/" + std::to_string(w.windows) + " (reference)"});
    }
    if (m.file && std::fflush(m.file) != 0)
        throw Error(ErrorKind::Io, "cannot write the reference logits to " + m.path + " (disk full?)");
    m.perplexity =
        detail::resultOf(nll, w, detail::protocolOf(reference, m.tokens, w), detail::secondsSince(t0));
    m.perplexity.protocol.textDigest = m.textDigest;
    return out;
}

ReferenceLogits::~ReferenceLogits() = default;

const PerplexityResult& ReferenceLogits::perplexity() const {
    return impl_->perplexity;
}
std::int64_t ReferenceLogits::bytes() const {
    return impl_->windows * impl_->windowBytes();
}
bool ReferenceLogits::onDisk() const {
    return !impl_->inMemory();
}
std::int64_t ReferenceLogits::topK() const {
    return impl_->topK;
}

KlDivergenceResult klDivergenceFrom(const LanguageModel& model, const ReferenceLogits& reference,
                                    const std::string& text, const JobContext& job) {
    const ReferenceLogits::Impl& ref = reference.impl();
    const std::vector<std::int32_t> tokens = model.tokenizer()->encodeDocument(text);
    if (tokens != ref.tokens)
        throw Error(ErrorKind::InvalidArgument,
                    "the model's tokenizer (" + model.tokenizer()->path() +
                        ") gives other tokens for this text than the reference's: KL divergence compares "
                        "next-token distributions over one vocabulary");
    if (model.config().vocabSize != ref.vocab)
        throw Error(ErrorKind::InvalidArgument, "the reference logits cover a vocabulary of " +
                                                    std::to_string(ref.vocab) + " tokens, the model " +
                                                    std::to_string(model.config().vocabSize) +
                                                    ": KL divergence needs the same vocabulary");
    const detail::Windows w = detail::cutWindows(model, tokens, ref.seqlen);
    KlDivergenceResult r = detail::klDivergenceWith(
        model, tokens, w, [&](std::int64_t first, std::int64_t count) { return ref.read(first, count); },
        job);
    r.model.protocol.textDigest = ref.textDigest;
    if (ref.topK) r.reference = ref.perplexity; // the top K tokens alone do not give its perplexity
    r.reference.protocol = ref.perplexity.protocol;
    return r;
}

} // namespace owq
