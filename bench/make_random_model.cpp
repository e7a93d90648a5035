// Writes a random-weight LLaMA-shaped checkpoint in HF layout (for load/decode benchmarks at real sizes).
// Default shape: ~1.1B parameters (TinyLlama-like: hidden 2048, 22 layers, 32 heads, 4 KV heads, 5632 MLP).
// --preset llama2-7b|llama2-13b: the LLaMA-2 layer shapes (with --layers N for a model of N such layers).
#include "owq/error.h"
#include "owq/random_model.h"

#include <CLI/CLI.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    std::string out, tokenizer, dtype = "bf16", preset;
    long long hidden = 2048, inter = 5632, layers = 22, heads = 32, kv = 4, vocab = 32000, ctx = 2048;
    unsigned seed = 1;
    CLI::App app{"Write a random-weight LLaMA-shaped checkpoint"};
    app.add_option("OUT", out, "Output folder")->required();
    app.add_option(
           "--tokenizer", tokenizer,
           "tokenizer.model, tokenizer.json, or a folder of tokenizer files to copy in (--vocab defaults "
           "to its vocabulary)")
        ->required();
    app.add_option("--dtype", dtype, "f32, f16 or bf16")->capture_default_str();
    app.add_option("--hidden", hidden)->capture_default_str();
    app.add_option("--intermediate", inter)->capture_default_str();
    app.add_option("--layers", layers)->capture_default_str();
    app.add_option("--heads", heads)->capture_default_str();
    app.add_option("--kv-heads", kv)->capture_default_str();
    app.add_option("--vocab", vocab)->capture_default_str();
    app.add_option("--context", ctx)->capture_default_str();
    app.add_option("--seed", seed)->capture_default_str();
    app.add_option("--preset", preset,
                   "llama2-7b (hidden 4096, MLP 11008, 32 heads) or llama2-13b (5120, 13824, 40): sets the "
                   "shape options not given (layers: the preset's unless --layers)");
    CLI11_PARSE(app, argc, argv);
    if (!preset.empty()) {
        struct Shape {
            long long hidden, inter, layers, heads;
        };
        const Shape s = preset == "llama2-7b"    ? Shape{4096, 11008, 32, 32}
                        : preset == "llama2-13b" ? Shape{5120, 13824, 40, 40}
                                                 : Shape{0, 0, 0, 0};
        if (s.hidden == 0) {
            std::fprintf(stderr, "make_random_model: unknown preset '%s'\n", preset.c_str());
            return 2;
        }
        auto given = [&](const char* opt) { return app.count(opt) > 0; };
        if (!given("--hidden")) hidden = s.hidden;
        if (!given("--intermediate")) inter = s.inter;
        if (!given("--layers")) layers = s.layers;
        if (!given("--heads")) heads = s.heads;
        if (!given("--kv-heads")) kv = s.heads;
        if (!given("--vocab")) vocab = 32000;
        if (!given("--context")) ctx = 4096;
    }

    try {
        owq::RandomModelOptions o;
        o.hidden = hidden;
        o.intermediate = inter;
        o.layers = layers;
        o.heads = heads;
        o.kvHeads = kv;
        o.vocab = app.count("--vocab") || !preset.empty() ? vocab : 0; // 0: the tokenizer's
        o.context = ctx;
        o.dtype = dtype;
        o.seed = seed;
        const std::int64_t params = owq::writeRandomModel(out, tokenizer, o);
        std::printf("%s: %.3f B parameters, %s\n", out.c_str(), double(params) / 1e9, dtype.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_random_model: %s\n", e.what());
        return 1;
    }
    return 0;
}
