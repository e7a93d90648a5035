// The full-precision (and later quantized) LLaMA engine behind a torch-free interface: load a model folder,
// generate text, score perplexity. LibTorch lives in the implementation.
#pragma once

#include "owq/checkpoint.h"
#include "owq/config.h"
#include "owq/job.h"
#include "owq/tokenizer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace owq {

struct LoadOptions {
    std::string device = "cpu"; // "cpu", "cuda", "cuda:1" (needs a CUDA build of LibTorch)
    int threads = 0;            // 0: all cores
    // Read decoder layers when first used instead of at open (quantization reads one layer at a time).
    bool deferLayers = false;
};

struct SamplingOptions {
    float temperature = 0.8f; // <= 0: greedy
    int topK = 40;            // <= 0: off
    float topP = 0.95f;       // >= 1: off
    float repetitionPenalty = 1.0f;
    int repetitionWindow = 64; // recent tokens the penalty looks at
    std::uint64_t seed = 0;
    int maxTokens = 256;
    bool stopOnEos = true;
    std::vector<std::string> stopStrings; // generation stops once the text ends with one (it is removed)
    std::vector<std::int32_t> stopTokens; // ids that end generation like EOS (a chat template's end of turn)
};

struct GenerationResult {
    std::vector<std::int32_t> tokens; // generated ids (prompt excluded)
    std::string text;                 // decoded generated text (stop string removed)
    std::int64_t promptTokens = 0;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    std::string stopReason; // eos | max_tokens | stop_string | context_full | callback | cancelled
    double tokensPerSecond() const { return decodeSeconds > 0 ? double(tokens.size()) / decodeSeconds : 0; }
};

// Called with each new token id and its newly printable text (complete UTF-8, maybe empty).
// Return false to stop generation.
using TokenCallback = std::function<bool(std::int32_t id, const std::string& text)>;

struct PerplexityResult {
    double ppl = 0;
    double nll = 0;           // total negative log-likelihood (nats)
    std::int64_t tokens = 0;  // predicted tokens
    std::int64_t windows = 0; // windows of seqlen tokens
    std::int64_t seqlen = 0;
    double seconds = 0;
};

class LanguageModel {
public:
    // Opens a Hugging Face model folder (config.json, safetensors, tokenizer.model).
    static std::shared_ptr<LanguageModel> open(const std::string& dir, const LoadOptions& options = {},
                                               const JobContext& job = {});
    ~LanguageModel();

    const ModelConfig& config() const;
    const Checkpoint& checkpoint() const;
    std::shared_ptr<Tokenizer> tokenizer() const;
    std::string device() const;
    double loadSeconds() const;

    // Generates after `promptIds` (which should start with BOS; an empty list means "from BOS").
    GenerationResult generate(const std::vector<std::int32_t>& promptIds, const SamplingOptions& sampling,
                              const TokenCallback& onToken = {}, const JobContext& job = {});
    // Encodes `prompt` with BOS and generates.
    GenerationResult generateText(const std::string& prompt, const SamplingOptions& sampling,
                                  const TokenCallback& onToken = {}, const JobContext& job = {});

    // Logits for every position of one sequence, row-major [ids.size() x vocab].
    std::vector<float> logits(const std::vector<std::int32_t>& ids) const;

    // Perplexity protocol (docs/EVALUATION.md): BOS once, non-overlapping windows of seqlen tokens,
    // each predicting seqlen-1 tokens; ppl = exp(total NLL / predicted tokens). seqlen 0: default.
    PerplexityResult perplexity(const std::string& text, std::int64_t seqlen = 0,
                                const JobContext& job = {}) const;
    PerplexityResult perplexityOfTokens(const std::vector<std::int32_t>& tokens, std::int64_t seqlen,
                                        const JobContext& job = {}) const;
    std::int64_t defaultSeqlen() const;

    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    LanguageModel() = default;
    std::unique_ptr<Impl> impl_;
};

// Sets LibTorch's intra-op threads (0: all cores; LibTorch starts at 1). Called by open(); cheap to repeat.
void initRuntime(int threads = 0);
int runtimeThreads();
// True when LibTorch was built with CUDA and sees a GPU.
bool cudaAvailable();

} // namespace owq
