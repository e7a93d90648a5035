#include "owq/random_model.h"

#include "owq/architecture.h"
#include "owq/checkpoint.h"
#include "owq/error.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "owq/tokenizer.h"

#include "owq/kernels/half.h"
#include "util/staging_folder.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>

namespace fs = std::filesystem;

namespace owq {

namespace {

void copyTokenizer(const fs::path& src, const fs::path& out) {
    std::error_code ec;
    // vocab.json + merges.txt are read with their folder's special-token files: the folder's files come
    // along.
    const bool gpt2Files = src.filename() == "vocab.json" || src.filename() == "merges.txt";
    if (fs::is_directory(src, ec) || (gpt2Files && fs::is_regular_file(src, ec))) {
        detail::copyTokenizerFiles(gpt2Files ? src.parent_path() : src, out);
        return;
    }
    if (!fs::is_regular_file(src, ec))
        throw Error(ErrorKind::Tokenizer, src.string() + ": tokenizer not found");
    detail::copyFile(src, out / (src.filename() == "tokenizer.json" ? "tokenizer.json" : "tokenizer.model"));
}

} // namespace

namespace {

struct Preset {
    const char* name;
    const char* arch;
    std::int64_t hidden, intermediate, layers, heads, kvHeads, headDim, vocab, context;
    int tied;
    std::int64_t wordEmbedDim = 0;
    bool optPostNorm = false;
    std::int64_t longropeOriginal = 0;
};

// Sizes as the models' own config.json files give them.
const std::vector<Preset>& presets() {
    static const std::vector<Preset> p{
        {"llama2-7b", "llama", 4096, 11008, 32, 32, 32, 0, 32000, 4096, 0},
        {"llama2-13b", "llama", 5120, 13824, 40, 40, 40, 0, 32000, 4096, 0},
        {"qwen3-0.6b", "qwen3", 1024, 3072, 28, 16, 8, 128, 151936, 40960, 1},
        {"qwen3-8b", "qwen3", 4096, 12288, 36, 32, 8, 128, 151936, 40960, 0},
        {"phi3-mini", "phi3", 3072, 8192, 32, 32, 32, 0, 32064, 4096, 0},
        {"phi3-mini-128k", "phi3", 3072, 8192, 32, 32, 32, 0, 32064, 131072, 0, 0, false, 4096},
        {"gemma2-2b", "gemma2", 2304, 9216, 26, 8, 4, 256, 256000, 8192, 1},
        {"gemma2-9b", "gemma2", 3584, 14336, 42, 16, 8, 256, 256000, 8192, 1},
        {"opt-125m", "opt", 768, 3072, 12, 12, 12, 0, 50272, 2048, 1},
        {"opt-350m", "opt", 1024, 4096, 24, 16, 16, 0, 50272, 2048, 1, 512, true},
        {"opt-6.7b", "opt", 4096, 16384, 32, 32, 32, 0, 50272, 2048, 1},
        // Tiny ones (the tokenizer's vocabulary): every page of the studio in seconds.
        {"tiny-llama", "llama", 64, 128, 2, 4, 2, 0, 0, 256, 0},
        {"tiny-qwen3", "qwen3", 64, 128, 2, 4, 2, 32, 0, 256, 0},
        {"tiny-phi3", "phi3", 64, 128, 2, 4, 2, 0, 0, 256, 0},
        {"tiny-gemma2", "gemma2", 64, 128, 2, 4, 2, 32, 0, 256, 1},
        {"tiny-opt", "opt", 64, 128, 2, 4, 4, 0, 0, 256, 1},
    };
    return p;
}

// config.json of a random model of family o.arch, in that family's own field names.
nlohmann::json familyConfig(const RandomModelOptions& o, const Architecture& a, std::int64_t vocab,
                            const Tokenizer& tok) {
    const nlohmann::json nullJson;
    const bool tied = o.tied < 0 ? a.tiedByDefault : o.tied == 1;
    nlohmann::json cfg = {{"architectures", {a.className}},
                          {"model_type", a.modelType},
                          {"hidden_size", o.hidden},
                          {"num_hidden_layers", o.layers},
                          {"num_attention_heads", o.heads},
                          {"vocab_size", vocab},
                          {"max_position_embeddings", o.context},
                          {"tie_word_embeddings", tied},
                          {"bos_token_id", tok.bosId() >= 0 ? nlohmann::json(tok.bosId()) : nullJson},
                          {"eos_token_id", tok.eosId() >= 0 ? nlohmann::json(tok.eosId()) : nullJson},
                          {"torch_dtype", o.dtype == "f32"   ? "float32"
                                          : o.dtype == "f16" ? "float16"
                                                             : "bfloat16"}};
    const std::int64_t window =
        o.slidingWindow > 0 ? o.slidingWindow : std::max<std::int64_t>(o.context / 2, 1);
    if (a.modelType == "opt") {
        cfg["ffn_dim"] = o.intermediate;
        cfg["word_embed_proj_dim"] = o.wordEmbedDim > 0 ? o.wordEmbedDim : o.hidden;
        cfg["do_layer_norm_before"] = !o.optPostNorm;
        cfg["activation_function"] = "relu";
        cfg["enable_bias"] = true;
        return cfg;
    }
    cfg["intermediate_size"] = o.intermediate;
    cfg["num_key_value_heads"] = o.kvHeads;
    cfg["rms_norm_eps"] = 1e-5;
    cfg["rope_theta"] = 10000.0;
    cfg["hidden_act"] = a.defaultActivation;
    const std::int64_t headDim = o.headDim > 0 ? o.headDim : o.hidden / o.heads;
    if (o.headDim > 0 || a.modelType == "qwen3" || a.modelType == "gemma2") cfg["head_dim"] = headDim;
    if (a.modelType == "mistral" && o.slidingWindow > 0) cfg["sliding_window"] = o.slidingWindow;
    if (a.modelType == "phi3") {
        cfg["sliding_window"] = window;
        if (o.longropeOriginal > 0) {
            // Frequencies stretched more the slower they turn, as Phi-3's long factors are.
            std::vector<double> shortF, longF;
            for (std::int64_t i = 0; i < headDim / 2; ++i) {
                const double t = double(i) / double(std::max<std::int64_t>(headDim / 2 - 1, 1));
                shortF.push_back(1.0 + 0.1 * t);
                longF.push_back(1.0 + 30.0 * t * t);
            }
            cfg["original_max_position_embeddings"] = o.longropeOriginal;
            cfg["rope_scaling"] = {{"type", "longrope"}, {"short_factor", shortF}, {"long_factor", longF}};
        }
    }
    if (a.modelType == "gemma2") {
        cfg["hidden_activation"] = "gelu_pytorch_tanh";
        cfg["sliding_window"] = window;
        cfg["query_pre_attn_scalar"] = headDim;
        cfg["attn_logit_softcapping"] = 50.0;
        cfg["final_logit_softcapping"] = 30.0;
    }
    return cfg;
}

} // namespace

std::vector<std::string> randomModelPresets() {
    std::vector<std::string> names;
    for (const Preset& p : presets()) names.push_back(p.name);
    return names;
}

RandomModelOptions randomModelPreset(const std::string& name) {
    for (const Preset& p : presets()) {
        if (name != p.name) continue;
        RandomModelOptions o;
        o.arch = p.arch;
        o.hidden = p.hidden;
        o.intermediate = p.intermediate;
        o.layers = p.layers;
        o.heads = p.heads;
        o.kvHeads = p.kvHeads;
        o.headDim = p.headDim;
        o.vocab = p.vocab;
        o.context = p.context;
        o.tied = p.tied;
        o.wordEmbedDim = p.wordEmbedDim;
        o.optPostNorm = p.optPostNorm;
        o.longropeOriginal = p.longropeOriginal;
        return o;
    }
    std::string list;
    for (const std::string& n : randomModelPresets()) list += (list.empty() ? "" : ", ") + n;
    throw Error(ErrorKind::InvalidArgument, "unknown preset '" + name + "' (known: " + list + ")");
}

std::int64_t writeRandomModel(const std::string& outDir, const std::string& tokenizer,
                              const RandomModelOptions& o) {
    const Architecture& arch = architectureOf(o.arch);
    const fs::path out(outDir);
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw Error(ErrorKind::Io, outDir + ": cannot create the folder: " + ec.message());
    // The tokenizer first: it decides the vocabulary and the BOS/EOS ids of config.json.
    copyTokenizer(tokenizer, out);
    const auto tok = Tokenizer::loadFromFolder(outDir);
    const std::int64_t vocab = o.vocab > 0 ? o.vocab : tok->vocabSize();
    if (o.dtype != "f32" && o.dtype != "f16" && o.dtype != "bf16")
        throw Error(ErrorKind::InvalidArgument, "dtype must be f32, f16 or bf16, not '" + o.dtype + "'");

    const nlohmann::json cfg = familyConfig(o, arch, vocab, *tok);
    const ModelConfig c = parseModelConfig(cfg.dump(), "generated config");
    writeFileAtomic((out / "config.json").string(), cfg.dump(2));
    const DType dt = o.dtype == "f32" ? DType::F32 : o.dtype == "f16" ? DType::F16 : DType::BF16;
    const std::size_t esz = dtypeSize(dt);
    std::mt19937 rng(o.seed);
    // One shard per decoder layer keeps each write small; the index maps names to shards.
    nlohmann::json weightMap;
    std::map<std::string, std::vector<std::pair<std::string, std::vector<std::int64_t>>>> byShard;
    for (auto& [name, shape] : expectedTensors(c)) {
        std::string shard = "model-other.safetensors";
        if (name.rfind(arch.layerPrefix, 0) == 0) {
            const std::size_t at = arch.layerPrefix.size();
            shard = "model-layer" + name.substr(at, name.find('.', at) - at) + ".safetensors";
        }
        byShard[shard].push_back({name, shape});
        weightMap[name] = shard;
    }
    std::uint64_t total = 0;
    for (auto& [shard, tensors] : byShard) {
        std::vector<std::vector<std::uint8_t>> buffers;
        std::vector<TensorToWrite> writes;
        buffers.reserve(tensors.size());
        for (auto& [name, shape] : tensors) {
            std::int64_t n = 1;
            for (auto d : shape) n *= d;
            // Norm weights the identity (1, or 0 where the family multiplies by 1 + w), biases small.
            const bool vector = shape.size() == 1;
            const bool bias = vector && name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
            const float fixed = arch.norm == NormKind::RmsNormPlusOne ? 0.0f : 1.0f;
            const float scale = bias ? 0.02f : vector ? 0.0f : 1.0f / std::sqrt(float(shape.back()));
            std::normal_distribution<float> dist(0.0f, scale);
            std::vector<std::uint8_t> buf(std::size_t(n) * esz);
            for (std::int64_t i = 0; i < n; ++i) {
                const float v = vector && !bias ? fixed : dist(rng);
                if (dt == DType::F32) {
                    std::memcpy(&buf[std::size_t(i) * 4], &v, 4);
                } else {
                    const std::uint16_t h =
                        dt == DType::F16 ? kernels::floatToF16(v) : kernels::floatToBf16(v);
                    std::memcpy(&buf[std::size_t(i) * 2], &h, 2);
                }
            }
            total += buf.size();
            buffers.push_back(std::move(buf));
            TensorToWrite w;
            w.name = name;
            w.dtype = dt;
            w.shape = shape;
            w.data = buffers.back().data();
            w.nbytes = buffers.back().size();
            writes.push_back(std::move(w));
        }
        writeSafetensors((out / shard).string(), writes);
        if (!o.quiet) std::fprintf(stderr, "wrote %s\n", shard.c_str());
    }
    nlohmann::json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weightMap}};
    writeFileAtomic((out / "model.safetensors.index.json").string(), index.dump(2));
    return c.parameterCount();
}

} // namespace owq
