// Writes a random-weight LLaMA-shaped checkpoint in HF layout (for load/decode benchmarks at real sizes).
// Default shape: ~1.1B parameters (TinyLlama-like: hidden 2048, 22 layers, 32 heads, 4 KV heads, 5632 MLP).
// --preset llama2-7b|llama2-13b: the LLaMA-2 layer shapes (with --layers N for a model of N such layers).
#include "owq/checkpoint.h"
#include "owq/error.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"

#include "owq/kernels/half.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::string out, tokenizer, dtype = "bf16", preset;
    long long hidden = 2048, inter = 5632, layers = 22, heads = 32, kv = 4, vocab = 32000, ctx = 2048;
    unsigned seed = 1;
    CLI::App app{"Write a random-weight LLaMA-shaped checkpoint"};
    app.add_option("OUT", out, "Output folder")->required();
    app.add_option("--tokenizer", tokenizer, "tokenizer.model to copy in (its vocab must fit --vocab)")
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

    nlohmann::json cfg = {{"architectures", {"LlamaForCausalLM"}},
                          {"model_type", "llama"},
                          {"hidden_size", hidden},
                          {"intermediate_size", inter},
                          {"num_hidden_layers", layers},
                          {"num_attention_heads", heads},
                          {"num_key_value_heads", kv},
                          {"vocab_size", vocab},
                          {"max_position_embeddings", ctx},
                          {"rms_norm_eps", 1e-5},
                          {"rope_theta", 10000.0},
                          {"hidden_act", "silu"},
                          {"tie_word_embeddings", false},
                          {"bos_token_id", 1},
                          {"eos_token_id", 2},
                          {"torch_dtype", dtype == "f32"   ? "float32"
                                          : dtype == "f16" ? "float16"
                                                           : "bfloat16"}};
    try {
        const owq::ModelConfig c = owq::parseModelConfig(cfg.dump(), "generated config");
        fs::create_directories(out);
        owq::writeFileAtomic((fs::path(out) / "config.json").string(), cfg.dump(2));
        fs::copy_file(tokenizer, fs::path(out) / "tokenizer.model", fs::copy_options::overwrite_existing);
        const owq::DType dt = dtype == "f32"   ? owq::DType::F32
                              : dtype == "f16" ? owq::DType::F16
                                               : owq::DType::BF16;
        const std::size_t esz = owq::dtypeSize(dt);
        std::mt19937 rng(seed);
        // One shard per decoder layer keeps each write small; the index maps names to shards.
        nlohmann::json weightMap;
        std::vector<std::pair<std::string, std::vector<std::int64_t>>> all = owq::expectedTensors(c);
        std::map<std::string, std::vector<std::pair<std::string, std::vector<std::int64_t>>>> byShard;
        for (auto& [name, shape] : all) {
            std::string shard = "model-other.safetensors";
            if (name.rfind("model.layers.", 0) == 0) {
                const std::string idx = name.substr(13, name.find('.', 13) - 13);
                shard = "model-layer" + idx + ".safetensors";
            }
            byShard[shard].push_back({name, shape});
            weightMap[name] = shard;
        }
        std::uint64_t total = 0;
        for (auto& [shard, tensors] : byShard) {
            std::vector<std::vector<std::uint8_t>> buffers;
            std::vector<owq::TensorToWrite> writes;
            for (auto& [name, shape] : tensors) {
                std::int64_t n = 1;
                for (auto d : shape) n *= d;
                const bool norm = shape.size() == 1;
                const float scale = norm ? 0.0f : 1.0f / std::sqrt(float(shape.back()));
                std::normal_distribution<float> dist(0.0f, scale);
                std::vector<std::uint8_t> buf(std::size_t(n) * esz);
                for (std::int64_t i = 0; i < n; ++i) {
                    const float v = norm ? 1.0f : dist(rng);
                    if (dt == owq::DType::F32)
                        std::memcpy(&buf[std::size_t(i) * 4], &v, 4);
                    else {
                        const std::uint16_t h = dt == owq::DType::F16 ? owq::kernels::floatToF16(v)
                                                                      : owq::kernels::floatToBf16(v);
                        std::memcpy(&buf[std::size_t(i) * 2], &h, 2);
                    }
                }
                total += buf.size();
                buffers.push_back(std::move(buf));
                writes.push_back({name, dt, shape, buffers.back().data(), buffers.back().size()});
            }
            owq::writeSafetensors((fs::path(out) / shard).string(), writes);
            std::fprintf(stderr, "wrote %s\n", shard.c_str());
        }
        nlohmann::json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weightMap}};
        owq::writeFileAtomic((fs::path(out) / "model.safetensors.index.json").string(), index.dump(2));
        std::printf("%s: %.3f B parameters, %s\n", out.c_str(), double(c.parameterCount()) / 1e9,
                    dtype.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_random_model: %s\n", e.what());
        return 1;
    }
    return 0;
}
