// The packed OWQ loader: a fixed tiny packed config.json beside a model.safetensors made of the fuzz input.
// Whatever the tensors hold, Checkpoint::open and the packed checks either refuse with an owq::Error or
// accept tensors that the reference kernels then read entirely within bounds (ASan watches).
//
// OWQ_FUZZ_WRITE_SEED=FILE writes a valid packed model.safetensors for this config to FILE and exits: the
// seed corpus is made at run time, never committed.
#include "fuzz_util.h"
#include "owq/checkpoint.h"
#include "owq/error.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/safetensors.h"
#include "packed/packed_tensors.h"

#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace {

const char* kConfig = R"({"model_type": "llama", "hidden_size": 8, "intermediate_size": 16,
 "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 16,
 "tie_word_embeddings": true,
 "quantization_config": {"quant_method": "owq", "format": "packed", "format_version": 1, "bits": 3,
                         "group_size": 4}})";

struct Linear {
    const char* name;
    std::int64_t rows, cols;
};
const Linear kLinears[] = {{"self_attn.q_proj", 8, 8}, {"self_attn.k_proj", 4, 8}, {"self_attn.v_proj", 4, 8},
                           {"self_attn.o_proj", 8, 8}, {"mlp.gate_proj", 16, 8},   {"mlp.up_proj", 16, 8},
                           {"mlp.down_proj", 8, 16}};

void writeSeed(const char* path) {
    std::mt19937 rng(1);
    std::vector<std::vector<std::uint8_t>> keep;
    std::vector<owq::TensorToWrite> t;
    auto add = [&](const std::string& name, owq::DType d, std::vector<std::int64_t> shape,
                   std::vector<std::uint8_t> b) {
        keep.push_back(std::move(b));
        t.push_back({name, d, std::move(shape), keep.back().data(), keep.back().size()});
    };
    auto floats = [&](std::size_t n) {
        std::vector<std::uint8_t> b(n * 4);
        for (std::size_t i = 0; i < n; ++i) {
            const float f = float(rng() % 100) / 100.0f;
            std::memcpy(b.data() + 4 * i, &f, 4);
        }
        return b;
    };
    keep.reserve(64);
    add("model.embed_tokens.weight", owq::DType::F32, {16, 8}, floats(128));
    add("model.norm.weight", owq::DType::F32, {8}, floats(8));
    add("model.layers.0.input_layernorm.weight", owq::DType::F32, {8}, floats(8));
    add("model.layers.0.post_attention_layernorm.weight", owq::DType::F32, {8}, floats(8));
    for (const Linear& l : kLinears) {
        const std::string base = std::string("model.layers.0.") + l.name;
        const std::int64_t weak = 2, dense = l.cols - weak, groups = (dense + 3) / 4;
        std::vector<std::uint8_t> codes(std::size_t(l.rows * dense));
        for (auto& c : codes) c = std::uint8_t(rng() % 8);
        std::vector<std::uint8_t> q(std::size_t(l.rows * owq::kernels::packedRowBytes(dense, 3)));
        owq::kernels::packCodes(codes.data(), l.rows, dense, 3, q.data());
        add(base + ".qweight", owq::DType::U8, {l.rows, owq::kernels::packedRowBytes(dense, 3)}, q);
        add(base + ".scales", owq::DType::F16, {l.rows, groups},
            std::vector<std::uint8_t>(std::size_t(l.rows * groups * 2), 0x3c));
        add(base + ".qzeros", owq::DType::U8, {l.rows, groups},
            std::vector<std::uint8_t>(std::size_t(l.rows * groups), 3));
        std::vector<std::uint8_t> perm(std::size_t(dense * 4)), idx(8);
        for (std::int32_t j = 0; j < dense; ++j) {
            const std::int32_t c = j + 2; // columns 0 and 1 are weak
            std::memcpy(perm.data() + 4 * j, &c, 4);
        }
        for (std::int32_t k = 0; k < 2; ++k) std::memcpy(idx.data() + 4 * k, &k, 4);
        add(base + ".perm", owq::DType::I32, {dense}, perm);
        add(base + ".weak_idx", owq::DType::I32, {weak}, idx);
        add(base + ".weak_weight", owq::DType::F16, {l.rows, weak},
            std::vector<std::uint8_t>(std::size_t(l.rows * weak * 2), 0x3c));
    }
    owq::writeSafetensors(path, t);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* seed = std::getenv("OWQ_FUZZ_WRITE_SEED")) {
        writeSeed(seed);
        std::exit(0);
    }
    owqfuzz::writeBytes(owqfuzz::scratch() + "/config.json", reinterpret_cast<const std::uint8_t*>(kConfig),
                        std::strlen(kConfig));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    owqfuzz::writeBytes(owqfuzz::scratch() + "/model.safetensors", data, size);
    try {
        auto ckpt = owq::Checkpoint::open(owqfuzz::scratch());
        for (const Linear& l : kLinears) {
            const auto refs =
                owq::detail::findPackedLinear(*ckpt, std::string("model.layers.0.") + l.name, l.rows, l.cols);
            owq::detail::validatePackedContent(refs);
            // Accepted: the reference kernels must stay inside every tensor.
            const owq::kernels::PackedLinearView v = refs.view();
            std::vector<float> W(std::size_t(l.rows * l.cols)), x(std::size_t(l.cols), 1.0f),
                y(std::size_t(l.rows));
            owq::kernels::dequantizeReference(v, W.data());
            owq::kernels::gemmReference(v, x.data(), 1, y.data());
        }
    } catch (const owq::Error&) {
    }
    return 0;
}
