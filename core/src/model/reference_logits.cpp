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

#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace owq {

struct ReferenceLogits::Impl {
    std::vector<std::int32_t> tokens;
    std::string textDigest;
    std::int64_t seqlen = 0, windows = 0, vocab = 0;
    PerplexityResult perplexity;
    at::Tensor memory; // [windows, seqlen - 1, vocab] float, when kept in memory
    std::string path;  // the temporary file otherwise
    std::FILE* file = nullptr;

    std::int64_t windowFloats() const { return (seqlen - 1) * vocab; }
    ~Impl() {
        if (file) std::fclose(file);
        if (!path.empty()) std::filesystem::remove(path);
    }
    at::Tensor read(std::int64_t first, std::int64_t count) const {
        if (memory.defined()) return memory.narrow(0, first, count);
        at::Tensor t = at::empty({count, seqlen - 1, vocab}, at::kFloat);
        const std::size_t n = std::size_t(count * windowFloats());
        if (std::fseek(file, long(first * windowFloats() * 4), SEEK_SET) != 0 ||
            std::fread(t.data_ptr<float>(), 4, n, file) != n)
            throw Error(ErrorKind::Io, "cannot read the reference logits back from " + path);
        return t;
    }
};

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
    const std::int64_t bytes = m.windows * m.windowFloats() * 4;
    if (bytes <= options.memoryBudgetBytes) {
        m.memory = at::empty({m.windows, m.seqlen - 1, m.vocab}, at::kFloat);
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
        if (m.memory.defined()) {
            m.memory.narrow(0, i, b).copy_(predicted);
        } else {
            const std::size_t n = std::size_t(predicted.numel());
            if (std::fwrite(predicted.data_ptr<float>(), 4, n, m.file) != n)
                throw Error(ErrorKind::Io,
                            "cannot write the reference logits to " + m.path + " (disk full?)");
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
    return impl_->windows * impl_->windowFloats() * 4;
}
bool ReferenceLogits::onDisk() const {
    return !impl_->memory.defined();
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
    r.reference.protocol = ref.perplexity.protocol;
    return r;
}

} // namespace owq
