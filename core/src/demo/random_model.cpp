#include "owq/random_model.h"

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
    if (fs::is_directory(src, ec)) {
        detail::copyTokenizerFiles(src, out);
        return;
    }
    if (!fs::is_regular_file(src, ec))
        throw Error(ErrorKind::Tokenizer, src.string() + ": tokenizer not found");
    detail::copyFile(src, out / (src.filename() == "tokenizer.json" ? "tokenizer.json" : "tokenizer.model"));
}

} // namespace

std::int64_t writeRandomModel(const std::string& outDir, const std::string& tokenizer,
                              const RandomModelOptions& o) {
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

    const nlohmann::json nullJson;
    nlohmann::json cfg = {{"architectures", {"LlamaForCausalLM"}},
                          {"model_type", "llama"},
                          {"hidden_size", o.hidden},
                          {"intermediate_size", o.intermediate},
                          {"num_hidden_layers", o.layers},
                          {"num_attention_heads", o.heads},
                          {"num_key_value_heads", o.kvHeads},
                          {"vocab_size", vocab},
                          {"max_position_embeddings", o.context},
                          {"rms_norm_eps", 1e-5},
                          {"rope_theta", 10000.0},
                          {"hidden_act", "silu"},
                          {"tie_word_embeddings", false},
                          {"bos_token_id", tok->bosId() >= 0 ? nlohmann::json(tok->bosId()) : nullJson},
                          {"eos_token_id", tok->eosId() >= 0 ? nlohmann::json(tok->eosId()) : nullJson},
                          {"torch_dtype", o.dtype == "f32"   ? "float32"
                                          : o.dtype == "f16" ? "float16"
                                                             : "bfloat16"}};
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
        std::vector<TensorToWrite> writes;
        buffers.reserve(tensors.size());
        for (auto& [name, shape] : tensors) {
            std::int64_t n = 1;
            for (auto d : shape) n *= d;
            const bool norm = shape.size() == 1;
            const float scale = norm ? 0.0f : 1.0f / std::sqrt(float(shape.back()));
            std::normal_distribution<float> dist(0.0f, scale);
            std::vector<std::uint8_t> buf(std::size_t(n) * esz);
            for (std::int64_t i = 0; i < n; ++i) {
                const float v = norm ? 1.0f : dist(rng);
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
