// The full-precision (and later quantized) LLaMA engine behind a torch-free interface: load a model folder,
// generate text, score perplexity. LibTorch lives in the implementation.
#pragma once

#include "owq/checkpoint.h"
#include "owq/config.h"
#include "owq/eval_path.h"
#include "owq/job.h"
#include "owq/kv_cache.h"
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
    // Layers: open reads no decoder layer; perplexity, KL divergence and ReferenceLogits read each layer for
    // one pass over every window and release it (models larger than memory; owq/eval_path.h chooses).
    EvalPath evalPath = EvalPath::Whole;
    // Packed models on CPUs whose kernels take integer products (the avx512vnni path): round activations
    // to 8 bits per 128-column block, as llama.cpp's q8 does, instead of 15: a faster decode whose outputs
    // differ a little more from the float products (docs/BENCHMARKS.md). No effect on other paths. Perplexity
    // and KL divergence of such a model then run through the kernels too (EvalProtocol::evalPath).
    bool int8Activations = false;
    // What generation keeps of past keys and values (owq/kv_cache.h): bfloat16 halves the cache and the bytes
    // a decode step reads from it; float32 is exact.
    KvCacheType kvCache = KvCacheType::Float32;
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
    // Prompt processing (prefill): prompt tokens per second of prefillSeconds.
    double promptTokensPerSecond() const {
        return prefillSeconds > 0 ? double(promptTokens) / prefillSeconds : 0;
    }
};

// Called with each new token id and its newly printable text (complete UTF-8, maybe empty).
// Return false to stop generation.
using TokenCallback = std::function<bool(std::int32_t id, const std::string& text)>;

// What an evaluation was measured on (docs/EVALUATION.md); every perplexity and KL divergence carries it.
struct EvalProtocol {
    std::string file; // the evaluation file's name, as the caller names it (empty: not given)
    // FNV-1a 64 of the text's bytes, 16 hex digits (empty when only tokens were given).
    std::string textDigest;
    std::int64_t seqlen = 0;
    std::int64_t stride = 0; // tokens from one window's start to the next (= seqlen: no overlap)
    // Put once in front of the whole text (BOS); the windows get none of their own.
    std::vector<std::int32_t> startIds;
    std::int64_t textTokens = 0;      // tokens of the text, start ids included
    std::int64_t windows = 0;         // the tail shorter than a window is dropped
    std::int64_t predictedTokens = 0; // windows x (seqlen - 1)
    // How the model ran ("whole" | "layers"): the same numbers either way, said so a slow or a spilled
    // run can be told apart. "int8-activations": a packed model with LoadOptions::int8Activations on the
    // avx512vnni kernels, each window run 16 tokens at a time through them (with a KV cache, as generation
    // runs), so the numbers are those of the 8-bit activations.
    std::string evalPath = "whole";
    // "once" when start ids go in front of the text, "none" when the tokenizer adds none.
    const char* bos() const { return startIds.empty() ? "none" : "once"; }
    // {"eval_file", "eval_digest", "seqlen", "stride", "bos", "start_ids", "text_tokens", "windows",
    // "predicted_tokens", "eval_path"}: the object owq ppl, owq compare and the diagnostics' evaluations
    // carry.
    std::string toJson() const;
};

struct PerplexityResult {
    double ppl = 0;
    double nll = 0;           // total negative log-likelihood (nats)
    std::int64_t tokens = 0;  // predicted tokens
    std::int64_t windows = 0; // windows of seqlen tokens
    std::int64_t seqlen = 0;
    double seconds = 0;
    EvalProtocol protocol;
};

// KL divergence KL(P || Q) of a model's next-token distribution Q from a reference's P (the float model),
// per predicted token, over the perplexity protocol's windows, as llama.cpp's `perplexity --kl-divergence`
// reports it (definitions in docs/EVALUATION.md). tokens 0: not measured.
struct KlDivergenceStats {
    double mean = 0;
    double median = 0; // of the sorted per-token values; the mean of the middle two for an even count
    double p99 = 0;    // 99th percentile, linear between the sorted values at 0.99 x (tokens - 1)
    double max = 0;
    double top1 = 0; // % of predicted tokens where both models' most likely next token is the same
    std::int64_t tokens = 0;
    // 0: against the reference's whole distribution. K: against its K most likely tokens and the rest as
    // one outcome (kept reference logits of a large vocabulary, owq/reference_logits.h): a lower bound of
    // the whole KL, equal to it when the rest's mass is 0.
    std::int64_t referenceTopK = 0;
    // {"mean", "median", "p99", "max"} and "reference_top_k" when not 0 (top1 is reported beside it)
    std::string toJson() const;
};

struct KlDivergenceResult {
    PerplexityResult model;     // the evaluated model's perplexity (the same number perplexity() gives)
    PerplexityResult reference; // the reference's, on the same windows
    KlDivergenceStats kld;
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
    EvalPath evalPath() const; // LoadOptions::evalPath
    // What runs the linears when generating: "float32 cpu" (or "float32 cuda:0", ...) for a float model,
    // "packed cuda" or "packed cpu PATH" for a packed one (a packed folder, or a model quantized in memory),
    // PATH the CPU kernels' path (owq/kernels/packed_cpu.h: avx512vnni, avx512vbmi, avx512, avx2 or scalar;
    // OWQ_PACKED_CPU_PATH overrides the fastest), followed by " int8-activations" where
    // LoadOptions::int8Activations applies.
    std::string kernelPath() const;
    // LoadOptions::int8Activations, switched on an open model (not while it generates or evaluates).
    void setInt8Activations(bool on);
    bool int8Activations() const;
    // LoadOptions::kvCache, switched on an open model (applies from the next generation).
    void setKvCacheType(KvCacheType type);
    KvCacheType kvCacheType() const;

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

    // Perplexity of this model and its KL divergence from `reference` (the float model it was quantized
    // from) on the same windows: both models run window batch by window batch, so neither holds more than
    // one batch's logits. Both need the same vocabulary and, for the text form, tokenizers that give the
    // same ids. Progress: stage "eval", one unit per window.
    KlDivergenceResult klDivergence(const LanguageModel& reference, const std::string& text,
                                    std::int64_t seqlen = 0, const JobContext& job = {}) const;
    KlDivergenceResult klDivergenceOfTokens(const LanguageModel& reference,
                                            const std::vector<std::int32_t>& tokens, std::int64_t seqlen,
                                            const JobContext& job = {}) const;

    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    LanguageModel() = default;
    std::unique_ptr<Impl> impl_;
};

// One measurement as JSON, the object `owq ppl --json` prints and the diagnostics' "evaluations" hold:
// {"ppl", "tokens", "windows", "seqlen", "nll", "seconds", "protocol": EvalProtocol::toJson()}, and with a
// KL divergence also {"kld": KlDivergenceStats::toJson(), "top1", "reference": {"model", "ppl", "nll"}}
// (`referenceName`: how the reference model is named, e.g. its folder).
std::string evaluationJson(const PerplexityResult& result, const KlDivergenceResult* kld = nullptr,
                           const std::string& referenceName = {});
// Adds an evaluationJson record to `modelDir`/owq_diagnostics.json's "evaluations" (replacing a record of
// the same text digest, seqlen and reference), written atomically, so model cards quote it (owq export).
// Throws InvalidArgument when the folder has no diagnostics (not a quantized folder), Format when they do
// not parse, Io when writing fails.
void recordEvaluation(const std::string& modelDir, const std::string& evaluationJson);

// Sets LibTorch's intra-op threads (0: all cores; LibTorch starts at 1). Called by open(); cheap to repeat.
void initRuntime(int threads = 0);
int runtimeThreads();
// True when LibTorch was built with CUDA and sees a GPU.
bool cudaAvailable();

} // namespace owq
