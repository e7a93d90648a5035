// Writes a random-weight checkpoint of any supported family in HF layout (for load/decode benchmarks at real
// sizes, and tiny models of each family for trying the studio). Default shape: ~1.1B parameters
// (TinyLlama-like: hidden 2048, 22 layers, 32 heads, 4 KV heads, 5632 MLP). --preset NAME: a real model's
// shapes (owq::randomModelPresets: llama2-7b, qwen3-8b, phi3-mini, gemma2-9b, opt-6.7b, ...), with any shape
// option given on the command line overriding it (e.g. --preset opt-6.7b --layers 2).
#include "owq/architecture.h"
#include "owq/error.h"
#include "owq/random_model.h"

#include <CLI/CLI.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    std::string out, tokenizer, preset;
    owq::RandomModelOptions o;
    long long vocab = 32000;
    std::string families, presetNames;
    for (const std::string& t : owq::supportedModelTypes()) families += (families.empty() ? "" : ", ") + t;
    for (const std::string& p : owq::randomModelPresets())
        presetNames += (presetNames.empty() ? "" : ", ") + p;
    CLI::App app{"Write a random-weight checkpoint of a supported model family"};
    app.add_option("OUT", out, "Output folder")->required();
    app.add_option(
           "--tokenizer", tokenizer,
           "tokenizer.model, tokenizer.json, or a folder of tokenizer files to copy in (--vocab defaults "
           "to its vocabulary)")
        ->required();
    app.add_option("--arch", o.arch, "model_type: " + families)->capture_default_str();
    app.add_option("--preset", preset, "a real model's shapes: " + presetNames);
    app.add_option("--dtype", o.dtype, "f32, f16 or bf16")->capture_default_str();
    app.add_option("--hidden", o.hidden)->capture_default_str();
    app.add_option("--intermediate", o.intermediate, "MLP width (OPT's ffn_dim)")->capture_default_str();
    app.add_option("--layers", o.layers)->capture_default_str();
    app.add_option("--heads", o.heads)->capture_default_str();
    app.add_option("--kv-heads", o.kvHeads)->capture_default_str();
    app.add_option("--head-dim", o.headDim, "0: hidden / heads")->capture_default_str();
    app.add_option("--vocab", vocab, "default: the tokenizer's vocabulary");
    app.add_option("--context", o.context)->capture_default_str();
    app.add_option("--sliding-window", o.slidingWindow, "Mistral, Phi-3, Gemma-2 (0: half the context)");
    app.add_option("--tied", o.tied, "tie_word_embeddings: 1, 0, or -1 for the family's usual choice");
    app.add_option("--seed", o.seed)->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    try {
        if (!preset.empty()) {
            // The preset's values, then whatever the command line gave explicitly on top of them.
            const owq::RandomModelOptions given = o;
            o = owq::randomModelPreset(preset);
            o.dtype = given.dtype;
            o.seed = given.seed;
            auto keep = [&](const char* opt, auto& field, const auto& value) {
                if (app.count(opt) > 0) field = value;
            };
            keep("--arch", o.arch, given.arch);
            keep("--hidden", o.hidden, given.hidden);
            keep("--intermediate", o.intermediate, given.intermediate);
            keep("--layers", o.layers, given.layers);
            keep("--heads", o.heads, given.heads);
            keep("--kv-heads", o.kvHeads, given.kvHeads);
            keep("--head-dim", o.headDim, given.headDim);
            keep("--context", o.context, given.context);
            keep("--sliding-window", o.slidingWindow, given.slidingWindow);
            keep("--tied", o.tied, given.tied);
        }
        if (app.count("--vocab") > 0) o.vocab = vocab;
        const std::int64_t params = owq::writeRandomModel(out, tokenizer, o);
        const bool billions = params >= 100000000;
        std::printf("%s: %s, %.3f %s parameters, %s\n", out.c_str(), o.arch.c_str(),
                    double(params) / (billions ? 1e9 : 1e6), billions ? "B" : "M", o.dtype.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_random_model: %s\n", e.what());
        return 1;
    }
    return 0;
}
