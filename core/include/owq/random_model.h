// Random-weight checkpoints of any supported family (owq/architecture.h) in Hugging Face layout, with a real
// tokenizer copied in: models of any size for load/decode benchmarks, and tiny ones that let tests open
// every family and tokenizer kind end to end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace owq {

struct RandomModelOptions {
    std::string arch = "llama"; // a supportedModelTypes() entry
    std::int64_t hidden = 2048, intermediate = 5632, layers = 22, heads = 32, kvHeads = 4;
    std::int64_t headDim = 0; // 0: hidden / heads (Qwen3 and Gemma-2 write it explicitly either way)
    std::int64_t vocab = 0;   // 0: the tokenizer's vocabulary
    std::int64_t context = 2048;
    int tied = -1; // tie_word_embeddings: -1 the family's usual choice, 0 untied, 1 tied
    // Family extras (0: a value derived from the sizes): Mistral/Phi-3/Gemma-2 sliding window, OPT
    // word_embed_proj_dim (set below hidden for the OPT-350m layout), Phi-3 longrope past this original
    // context (0: no rope scaling).
    std::int64_t slidingWindow = 0;
    std::int64_t wordEmbedDim = 0;
    bool optPostNorm = false; // OPT-350m: norms after the residual adds
    std::int64_t longropeOriginal = 0;
    std::string dtype = "bf16"; // f32, f16 or bf16
    unsigned seed = 1;
    bool quiet = false; // no "wrote <shard>" lines on stderr
};

// Named shapes of real models ("llama2-7b", "qwen3-8b", "phi3-mini", "gemma2-9b", "opt-6.7b", ...): the
// options with their family, sizes, vocabulary and context. Throws Error(InvalidArgument) listing the names.
RandomModelOptions randomModelPreset(const std::string& name);
std::vector<std::string> randomModelPresets();

// Writes config.json, one safetensors shard per decoder layer plus one for the rest, the index, and the
// tokenizer: `tokenizer` is a tokenizer.model, a tokenizer.json, a vocab.json (with merges.txt beside it),
// or a folder whose tokenizer files (tokenizer.json, tokenizer.model, vocab.json, merges.txt,
// added_tokens.json, tokenizer_config.json, special_tokens_map.json, chat_template.jinja) are copied.
// config.json's bos/eos ids are the tokenizer's. Returns the parameter count. Throws owq::Error.
std::int64_t writeRandomModel(const std::string& outDir, const std::string& tokenizer,
                              const RandomModelOptions& options);

} // namespace owq
