// Hugging Face tokenizer.json tokenizer, two properties per input:
//  (a) the bytes as a tokenizer.json give an HfTokenizer or an owq::Error, never a crash; an accepted one
//      then encodes and decodes a fixed text without crashing;
//  (b) the bytes as text (made valid UTF-8 by the lossy conversion) round-trip exactly through encode and
//      decode of a byte-level tokenizer, with special tokens parsed or not.
// The byte-level tokenizer of (b) is $OWQ_FUZZ_HF_TOKENIZER when set (it must have no normalizer, e.g.
// ../shared/tokenizers/llama3/tokenizer.json), else a small one built here: the GPT-2 byte alphabet, some
// merges, llama3's split regex and two added tokens.
//
// OWQ_FUZZ_WRITE_SEED=FILE writes that small tokenizer.json to FILE and exits (a seed for (a)).
#include "fuzz_util.h"
#include "owq/error.h"
#include "tokenizers/hf_internal.h"
#include "tokenizers/hf_tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

using json = nlohmann::json;

std::string builtinTokenizerJson() {
    json vocab = json::object();
    for (int b = 0; b < 256; ++b) {
        std::string s;
        owq::hf::appendUtf8(s, owq::hf::byteToChar(static_cast<unsigned char>(b)));
        vocab[s] = b;
    }
    // Merges over the byte alphabet ("Ġ" is the space byte, "Ċ" the newline, "ä¸" a CJK lead).
    const char* const merges[][2] = {{"Ġ", "t"}, {"h", "e"},  {"Ġt", "he"}, {"i", "n"},  {"Ġ", "a"},
                                     {"e", "r"}, {"Ġ", "Ġ"},  {"ĠĠ", "ĠĠ"}, {"Ċ", "Ċ"},  {"ä", "¸"},
                                     {"o", "n"}, {"Ġ", "on"}, {"1", "2"},   {"12", "3"}, {"ð", "Ł"}};
    json mergeList = json::array();
    int next = 256;
    for (const auto& m : merges) {
        const std::string joined = std::string(m[0]) + m[1];
        if (!vocab.contains(joined)) vocab[joined] = next++;
        mergeList.push_back(json::array({m[0], m[1]}));
    }
    auto added = [](int id, const char* content, bool special) {
        return json{{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", false},
                    {"rstrip", false}, {"normalized", false}, {"special", special}};
    };
    const char* split =
        R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    json t = {
        {"version", "1.0"},
        {"added_tokens", {added(next, "<|endoftext|>", true), added(next + 1, "<think>", false)}},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Split"}, {"pattern", {{"Regex", split}}}, {"behavior", "Isolated"}, {"invert", false}},
            {{"type", "ByteLevel"},
             {"add_prefix_space", false},
             {"trim_offsets", true},
             {"use_regex", false}}}}}},
        {"post_processor", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}}},
        {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", ""},
          {"end_of_word_suffix", ""},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", true},
          {"vocab", vocab},
          {"merges", mergeList}}}};
    return t.dump();
}

const owq::HfTokenizer& byteLevelTokenizer() {
    static const std::unique_ptr<owq::HfTokenizer> tok = [] {
        std::string path;
        if (const char* env = std::getenv("OWQ_FUZZ_HF_TOKENIZER")) {
            path = env;
        } else {
            path = owqfuzz::scratch() + "/byte-level-tokenizer.json";
            const std::string text = builtinTokenizerJson();
            owqfuzz::writeBytes(path, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
        }
        auto t = owq::HfTokenizer::load(path); // a failure here is a bug: let it abort
        if (!t->byteLevel()) std::abort();
        return t;
    }();
    return *tok;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* seed = std::getenv("OWQ_FUZZ_WRITE_SEED")) {
        const std::string text = builtinTokenizerJson();
        owqfuzz::writeBytes(seed, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // (a) a tokenizer.json
    const std::string path = owqfuzz::scratch() + "/tokenizer.json";
    owqfuzz::writeBytes(path, data, size);
    try {
        auto tok = owq::HfTokenizer::load(path);
        const auto ids =
            tok->encode("Hello world, once upon a time \xE2\x80\x94 42 <s> \xF0\x9F\x98\x80", true);
        (void)tok->decode(ids);
        (void)tok->decodeBytes(ids, true);
        std::vector<std::int32_t> some;
        for (std::int32_t id = 0; id < tok->vocabSize() && id < 64; ++id) {
            (void)tok->idToToken(id);
            (void)tok->byteValue(id);
            some.push_back(id);
        }
        (void)tok->decode(some);
        (void)tok->describe();
    } catch (const owq::Error&) {
    }

    // (b) text that must come back exactly
    const owq::HfTokenizer& bl = byteLevelTokenizer();
    const std::string text = owq::hf::utf8Lossy(std::string_view(reinterpret_cast<const char*>(data), size));
    const bool parseSpecial = size % 2 == 0;
    const auto ids = bl.encode(text, false, parseSpecial);
    if (bl.decode(ids) != text || bl.decodeBytes(ids) != text) std::abort();
    return 0;
}
