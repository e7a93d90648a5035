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

struct ReferenceLogitsOptions {
    std::int64_t memoryBudgetBytes = std::int64_t(2) << 30; // beyond this the logits go to a temporary file
    std::string tempDir; // where that file goes; empty: the system's temporary folder
};

class ReferenceLogits {
public:
    // Runs `reference` once over the windows of `text` (the perplexity protocol, seqlen 0: the model's
    // default) and keeps the logits of every predicted position (windows x (seqlen - 1) x vocab floats).
    // Progress: stage "eval", one unit per window. Throws Io when the temporary file cannot be written.
    static std::shared_ptr<ReferenceLogits> compute(const LanguageModel& reference, const std::string& text,
                                                    std::int64_t seqlen = 0,
                                                    const ReferenceLogitsOptions& options = {},
                                                    const JobContext& job = {});
    ~ReferenceLogits();

    const PerplexityResult& perplexity() const; // the reference's own, equal to its perplexity()
    std::int64_t bytes() const;                 // size of the kept logits
    bool onDisk() const;                        // kept in a temporary file rather than in memory

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
