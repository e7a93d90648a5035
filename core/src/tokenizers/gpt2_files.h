// Internal: GPT-2 style byte-level BPE tokenizers given as vocab.json + merges.txt (what facebook/opt-* and
// other GPT-2 derived checkpoints ship without a tokenizer.json). They become the same HfTokenizer a GPT-2
// tokenizer.json would give (transformers' GPT2Converter): BPE with those merges, the ByteLevel
// pre-tokenizer with GPT-2's regex, the ByteLevel decoder, the special tokens as special added tokens, and
// the BOS in front when tokenizer_config.json says add_bos_token.
#pragma once

#include "tokenizers/hf_tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace owq {

struct Gpt2FilesTokenizer {
    std::unique_ptr<HfTokenizer> tok;
    std::int32_t bos = -1, eos = -1; // ids of bos_token / eos_token, -1 when they name no token
    std::string description;         // e.g. "byte-level BPE, 50265 tokens, 50000 merges"
};

// vocabPath: a vocab.json; merges.txt beside it is required, the folder's tokenizer_config.json,
// special_tokens_map.json and added_tokens.json are read when present. Throws Error(Tokenizer) naming the
// file and the problem (missing merges.txt, malformed vocab.json, a merges.txt line that is not two tokens or
// names a token the vocabulary lacks), Error(Unsupported) for a tokenizer_class other than GPT-2's.
Gpt2FilesTokenizer loadGpt2Files(const std::string& vocabPath);

} // namespace owq
