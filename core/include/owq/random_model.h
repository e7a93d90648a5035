// Random-weight LLaMA-shaped checkpoints in Hugging Face layout, with a real tokenizer copied in: models of
// any size for load/decode benchmarks, and tiny ones that let tests open every tokenizer kind end to end.
#pragma once

#include <cstdint>
#include <string>

namespace owq {

struct RandomModelOptions {
    std::int64_t hidden = 2048, intermediate = 5632, layers = 22, heads = 32, kvHeads = 4;
    std::int64_t vocab = 0; // 0: the tokenizer's vocabulary
    std::int64_t context = 2048;
    std::string dtype = "bf16"; // f32, f16 or bf16
    unsigned seed = 1;
    bool quiet = false; // no "wrote <shard>" lines on stderr
};

// Writes config.json, one safetensors shard per decoder layer plus one for the rest, the index, and the
// tokenizer: `tokenizer` is a tokenizer.model, a tokenizer.json, or a folder whose tokenizer files
// (tokenizer.json, tokenizer.model, tokenizer_config.json, special_tokens_map.json, chat_template.jinja) are
// copied. config.json's bos/eos ids are the tokenizer's. Returns the parameter count. Throws owq::Error.
std::int64_t writeRandomModel(const std::string& outDir, const std::string& tokenizer,
                              const RandomModelOptions& options);

} // namespace owq
