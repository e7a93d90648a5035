// The float model's next-token logits on the perplexity protocol's windows, computed once and reused for the
// KL divergence of every quantized model measured against it (owq compare, the studio's Compare page), as
// llama.cpp keeps its base logits in a file. Kept in memory up to a budget, beyond it in a temporary file
// that is removed with the object. Results equal LanguageModel::klDivergence bit for bit.
#pragma once

#include "owq/engine.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace owq {

// Vocabularies up to this size are kept whole by default; larger ones as their kDefaultReferenceTopK most
// likely tokens (a 128k vocabulary's float32 logits are 512 KiB per token: 1 GiB per 2048-token window).
constexpr std::int64_t kWholeReferenceVocabularyUpTo = 32768;
constexpr std::int64_t kDefaultReferenceTopK = 256;

struct ReferenceLogitsOptions {
    std::int64_t memoryBudgetBytes = std::int64_t(2) << 30; // beyond this the logits go to a temporary file
    std::string tempDir; // where that file goes; empty: the system's temporary folder
    // What is kept per predicted position. -1: the whole distribution up to kWholeReferenceVocabularyUpTo
    // tokens, else the top kDefaultReferenceTopK. 0: always the whole distribution. K > 0: the K most likely
    // tokens' ids and log-probabilities and the log of the rest's mass (K * 8 + 4 bytes instead of vocab * 4;
    // K >= the vocabulary keeps it whole). KL divergence is then that of the K tokens and the rest as one
    // outcome (KlDivergenceStats::referenceTopK); top-1 agreement stays exact.
    std::int64_t topK = -1;
};

class ReferenceLogits {
public:
    // Runs `reference` once over the windows of `text` (the perplexity protocol, seqlen 0: the model's
    // default) and keeps the logits of every predicted position (windows x (seqlen - 1) x vocab floats, or
    // their top K: options.topK).
    // Progress: stage "eval", one unit per window. Throws Io when the temporary file cannot be written.
    static std::shared_ptr<ReferenceLogits> compute(const LanguageModel& reference, const std::string& text,
                                                    std::int64_t seqlen = 0,
                                                    const ReferenceLogitsOptions& options = {},
                                                    const JobContext& job = {});
    ~ReferenceLogits();

    const PerplexityResult& perplexity() const; // the reference's own, equal to its perplexity()
    std::int64_t bytes() const;                 // size of the kept logits
    bool onDisk() const;                        // kept in a temporary file rather than in memory
    std::int64_t topK() const;                  // 0: whole distributions; else tokens kept per position

    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    ReferenceLogits() = default;
    std::unique_ptr<Impl> impl_;
};

// `model`'s perplexity and KL divergence from the kept reference logits on the same text: equal to
// model.klDivergence(reference, text, seqlen) without running the reference again. The model's tokenizer
// must give the ids the reference's gave (InvalidArgument otherwise).
KlDivergenceResult klDivergenceFrom(const LanguageModel& model, const ReferenceLogits& reference,
                                    const std::string& text, const JobContext& job = {});

} // namespace owq
