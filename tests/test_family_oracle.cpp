// The engine's forward pass for the Qwen3, Phi-3, Gemma 2 and OPT families against an independent oracle: a
// plain C++ (double precision, nested loops) transcription of Hugging Face transformers' modeling_qwen3.py,
// modeling_phi3.py, modeling_gemma2.py and modeling_opt.py, written from the math and sharing nothing with
// core/src/model (test_forward_oracle does the same for LLaMA / Mistral / Qwen2). Tiny random checkpoints
// (written here with writeSafetensors and a hand-written config.json; the oracle takes its weights from the
// test's own values, rounded by the test's own BF16 code, never read back through core) cover:
//   qwen3:  per-head q_norm / k_norm before RoPE, head_dim != hidden / heads, GQA, tied and untied heads;
//   phi3:   fused qkv_proj and gate_up_proj, a sliding window on every layer, partial rotary embeddings,
//           LongRoPE (short factors within original_max_position_embeddings, long factors past it, the
//           attention factor on cos and sin; the "longrope" / "su" type and the "rope_type" key);
//   gemma2: embeddings times sqrt(hidden), (1 + w) RMSNorm, four norms per layer, query_pre_attn_scalar,
//           tanh GELU, sliding window on even layers, attention and final logit soft-capping (config values,
//           nulls and HF's defaults when the fields are absent);
//   opt:    learned positions (offset 2), LayerNorm with biases, pre-LN and post-LN (OPT-350m) layers,
//           project_in / project_out when word_embed_proj_dim != hidden_size, the tied head, and checkpoints
//           whose names lack the leading "model.".
// Each row compares LanguageModel::logits on a random sequence with the oracle, and checks greedy generation
// (prefill + KV cache) token by token against the oracle's argmax on the growing sequence.
// errorsNameTheProblem checks that unsupported or broken folders are refused with a message naming the field
// or tensor.
#include "catch_error.h"
#include "greedy_check.h"
#include "owq/checkpoint.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/safetensors.h"
#include "testutil.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace owq;

namespace {

constexpr int kVocab =
    512; // the stories260K tokenizer has 512 pieces; the model's vocabulary must cover them
constexpr int kBos = 1;
constexpr int kEos = 2;
constexpr int kPrompt = 6;     // greedy rows: prompt tokens (BOS first)
constexpr int kGenerated = 10; // greedy rows: generated tokens

enum class Family { Qwen3, Phi3, Gemma2, Opt };

const char* familyType(Family f) {
    switch (f) {
    case Family::Qwen3:
        return "qwen3";
    case Family::Phi3:
        return "phi3";
    case Family::Gemma2:
        return "gemma2";
    case Family::Opt:
        return "opt";
    }
    return "?";
}

// One tiny model. `intermediate` is OPT's ffn_dim.
struct Spec {
    const char* name;
    Family family = Family::Qwen3;
    int hidden = 32;
    int intermediate = 48;
    int layers = 2;
    int heads = 4;
    int kvHeads = 4; // OPT: always the heads (multi-head attention)
    int headDim = 0; // qwen3 / gemma2 write head_dim (0: hidden / heads); phi3 / opt never do
    int maxPositions = 64;
    double theta = 10000.0;
    double eps = 1e-6;
    bool tied = false; // qwen3 only; gemma2 and opt always tie, phi3 never
    DType dtype = DType::F32;
    int seqLen = 20;
    double embedScale = 1.0; // standard deviation of the embeddings
    // phi3
    int slidingWindow = 0;      // phi3: every layer; gemma2: even layers (0: phi3 null, gemma2 omitted)
    double partialRotary = 1.0; // phi3 partial_rotary_factor (1: not written)
    const char* rope = "none";  // phi3: none | longrope | su (rope_scaling "type") | rope_type (key)
    int originalMax = 0;        // phi3 original_max_position_embeddings (0: max_position_embeddings)
    // gemma2
    double queryPreAttnScalar = 0; // 0: omitted (HF's default 256)
    double attnCap = 0;            // > 0: written; 0: omitted (HF's default 50); < 0: null (no cap)
    double finalCap = 0;           // > 0: written; 0: omitted (HF's default 30); < 0: null (no cap)
    // opt
    bool layerNormBefore = true; // do_layer_norm_before
    int wordEmbedProj = 0;       // word_embed_proj_dim (0: hidden)
    bool modelPrefix = true;     // false: names start with "decoder." (older OPT checkpoints on the Hub)
    const char* sameWeightsAs = nullptr; // the row whose random weights (and sequences) this one shares
};

const std::vector<Spec>& specs() {
    static const std::vector<Spec> all = {
        // ---- qwen3 ----
        {.name = "qwen3-gqa-tied",
         .family = Family::Qwen3,
         .heads = 4,
         .kvHeads = 2,
         .headDim = 8,
         .tied = true},
        {.name = "qwen3-head-dim-16-untied",
         .family = Family::Qwen3,
         .heads = 4,
         .kvHeads = 2,
         .headDim = 16},
        {.name = "qwen3-8h-1kv-head-dim-16",
         .family = Family::Qwen3,
         .hidden = 64,
         .intermediate = 96,
         .heads = 8,
         .kvHeads = 1,
         .headDim = 16},
        {.name = "qwen3-mha-rms-eps-matters",
         .family = Family::Qwen3,
         .heads = 4,
         .kvHeads = 4,
         .headDim = 8,
         .eps = 1e-6,
         .embedScale = 1e-3},
        {.name = "qwen3-bf16-head-dim-16-tied",
         .family = Family::Qwen3,
         .heads = 4,
         .kvHeads = 2,
         .headDim = 16,
         .tied = true,
         .dtype = DType::BF16},
        // ---- phi3 ----
        {.name = "phi3-mha", .family = Family::Phi3, .heads = 4, .kvHeads = 4},
        {.name = "phi3-gqa", .family = Family::Phi3, .heads = 4, .kvHeads = 2, .eps = 1e-5},
        {.name = "phi3-window-5-40-tokens",
         .family = Family::Phi3,
         .heads = 4,
         .kvHeads = 2,
         .seqLen = 40,
         .slidingWindow = 5},
        {.name = "phi3-partial-rotary-0.5",
         .family = Family::Phi3,
         .heads = 2,
         .kvHeads = 1,
         .partialRotary = 0.5},
        {.name = "phi3-longrope-short-factors",
         .family = Family::Phi3,
         .heads = 4,
         .kvHeads = 2,
         .seqLen = 16,
         .rope = "longrope",
         .originalMax = 16},
        {.name = "phi3-longrope-long-factors-24-tokens",
         .family = Family::Phi3,
         .heads = 4,
         .kvHeads = 2,
         .seqLen = 24,
         .rope = "rope_type",
         .originalMax = 16},
        {.name = "phi3-su-partial-rotary-0.5-long-factors",
         .family = Family::Phi3,
         .hidden = 64,
         .intermediate = 96,
         .heads = 4,
         .kvHeads = 2,
         .seqLen = 24,
         .partialRotary = 0.5,
         .rope = "su",
         .originalMax = 16},
        {.name = "phi3-bf16-gqa", .family = Family::Phi3, .heads = 4, .kvHeads = 2, .dtype = DType::BF16},
        // ---- gemma2 (4 layers: the sliding and the full kind twice each) ----
        {.name = "gemma2-caps-50-30",
         .family = Family::Gemma2,
         .layers = 4,
         .heads = 4,
         .kvHeads = 2,
         .headDim = 16,
         .slidingWindow = 6,
         .queryPreAttnScalar = 24,
         .attnCap = 50,
         .finalCap = 30},
        {.name = "gemma2-small-caps-2-3",
         .family = Family::Gemma2,
         .layers = 4,
         .heads = 4,
         .kvHeads = 2,
         .headDim = 16,
         .embedScale = 0.2,
         .slidingWindow = 6,
         .queryPreAttnScalar = 24,
         .attnCap = 2,
         .finalCap = 3},
        {.name = "gemma2-window-6-40-tokens-small-caps",
         .family = Family::Gemma2,
         .layers = 4,
         .heads = 4,
         .kvHeads = 2,
         .headDim = 8,
         .seqLen = 40,
         .embedScale = 0.2,
         .slidingWindow = 6,
         .queryPreAttnScalar = 12,
         .attnCap = 2,
         .finalCap = 3},
        {.name = "gemma2-null-caps-mha",
         .family = Family::Gemma2,
         .layers = 4,
         .heads = 4,
         .kvHeads = 4,
         .headDim = 8,
         .slidingWindow = 6,
         .queryPreAttnScalar = 32,
         .attnCap = -1,
         .finalCap = -1},
        // query_pre_attn_scalar and both caps absent: HF's defaults 256, 50, 30.
        {.name = "gemma2-defaults",
         .family = Family::Gemma2,
         .layers = 4,
         .heads = 4,
         .kvHeads = 1,
         .headDim = 16,
         .slidingWindow = 6},
        {.name = "gemma2-bf16-hidden-64",
         .family = Family::Gemma2,
         .hidden = 64,
         .intermediate = 96,
         .layers = 4,
         .heads = 4,
         .kvHeads = 2,
         .headDim = 16,
         .dtype = DType::BF16,
         .embedScale = 0.1,
         .slidingWindow = 6,
         .queryPreAttnScalar = 24,
         .attnCap = 2,
         .finalCap = 3},
        // ---- opt ----
        {.name = "opt-pre-ln", .family = Family::Opt, .intermediate = 64, .heads = 4},
        {.name = "opt-post-ln-project-16",
         .family = Family::Opt,
         .intermediate = 64,
         .heads = 4,
         .layerNormBefore = false,
         .wordEmbedProj = 16},
        {.name = "opt-pre-ln-project-16",
         .family = Family::Opt,
         .intermediate = 64,
         .heads = 2,
         .wordEmbedProj = 16},
        {.name = "opt-pre-ln-no-model-prefix",
         .family = Family::Opt,
         .intermediate = 64,
         .heads = 4,
         .modelPrefix = false,
         .sameWeightsAs = "opt-pre-ln"},
        {.name = "opt-post-ln-no-model-prefix",
         .family = Family::Opt,
         .intermediate = 64,
         .heads = 4,
         .layerNormBefore = false,
         .wordEmbedProj = 16,
         .modelPrefix = false,
         .sameWeightsAs = "opt-post-ln-project-16"},
        {.name = "opt-bf16-40-tokens",
         .family = Family::Opt,
         .intermediate = 64,
         .heads = 4,
         .dtype = DType::BF16,
         .seqLen = 40},
    };
    return all;
}

int specIndex(const char* name) {
    for (std::size_t i = 0; i < specs().size(); ++i)
        if (std::string(specs()[i].name) == name) return int(i);
    return -1;
}

bool isOpt(const Spec& s) {
    return s.family == Family::Opt;
}
int kvHeadsOf(const Spec& s) {
    return isOpt(s) ? s.heads : s.kvHeads;
}
int headDimOf(const Spec& s) {
    return s.headDim > 0 ? s.headDim : s.hidden / s.heads;
}
// Phi-3: int(head_dim * partial_rotary_factor); the others rotate the whole head.
int rotaryDimOf(const Spec& s) {
    return s.family == Family::Phi3 ? int(double(headDimOf(s)) * s.partialRotary) : headDimOf(s);
}
bool longRope(const Spec& s) {
    return s.family == Family::Phi3 && std::string(s.rope) != "none";
}
int originalMaxOf(const Spec& s) {
    return s.originalMax > 0 ? s.originalMax : s.maxPositions;
}
int embedDimOf(const Spec& s) {
    return s.wordEmbedProj > 0 ? s.wordEmbedProj : s.hidden;
}
// Gemma 2's effective values (HF Gemma2Config defaults where the config omits them).
double queryScalarOf(const Spec& s) {
    return s.queryPreAttnScalar > 0 ? s.queryPreAttnScalar : 256.0;
}
double attnCapOf(const Spec& s) {
    if (s.family != Family::Gemma2) return 0;
    return s.attnCap > 0 ? s.attnCap : s.attnCap == 0 ? 50.0 : 0.0;
}
double finalCapOf(const Spec& s) {
    if (s.family != Family::Gemma2) return 0;
    return s.finalCap > 0 ? s.finalCap : s.finalCap == 0 ? 30.0 : 0.0;
}
// Keys a layer's queries see: positions p - window + 1 .. p (0: all earlier ones).
int windowOf(const Spec& s, int layer) {
    if (s.family == Family::Phi3) return s.slidingWindow;
    if (s.family == Family::Gemma2) return layer % 2 == 0 ? s.slidingWindow : 0;
    return 0;
}

// LongRoPE rescaling factors, rotary_dim / 2 of each: mild short ones, growing long ones (not monotone, so a
// reversed or shifted list shows).
std::vector<double> ropeFactors(const Spec& s, bool longFactors) {
    const int n = rotaryDimOf(s) / 2;
    std::vector<double> f(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double x = double(i) / double(std::max(1, n - 1));
        f[std::size_t(i)] =
            longFactors ? 1.0 + 6.0 * x * x + 0.35 * ((i * 7) % 3) : 1.0 + 0.15 * x + 0.05 * ((i * 5) % 3);
    }
    return f;
}

// ---- bfloat16 encoding (round to nearest even; the oracle reads the stored values back) ----

std::uint16_t toBf16(float f) {
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    x += 0x7fffu + ((x >> 16) & 1u);
    return std::uint16_t(x >> 16);
}

double fromBf16(std::uint16_t b) {
    const std::uint32_t x = std::uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &x, 4);
    return f;
}

// ---- the checkpoint generator ----

struct HostTensor {
    std::string name; // the canonical name (with "model."); the file may drop the prefix (OPT rows)
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

using Weights = std::map<std::string, std::vector<double>>;

Weights storedValues(const std::vector<HostTensor>& tensors, DType dtype) {
    Weights out;
    for (const HostTensor& t : tensors) {
        std::vector<double>& v = out[t.name];
        for (float f : t.values) v.push_back(dtype == DType::BF16 ? fromBf16(toBf16(f)) : double(f));
    }
    return out;
}

std::string num(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

std::string list(const std::vector<double>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + num(v[i]);
    return out + "]";
}

const char* dtypeString(DType d) {
    return d == DType::BF16 ? "bfloat16" : "float32";
}

// Broken variants for errorsNameTheProblem.
struct Damage {
    std::string dropTensor;        // leave this (canonical) tensor out of the file
    std::string reshapeTensor;     // store this tensor with twice its elements (shape [2 * n] for a 1-d one)
    bool dropLongFactor = false;   // phi3: rope_scaling without long_factor
    std::string modelTypeOverride; // write this model_type (and no architecture the engine knows)
};

std::string configJson(const Spec& s, const Damage& damage = {}) {
    std::ostringstream j;
    const std::string type =
        damage.modelTypeOverride.empty() ? familyType(s.family) : damage.modelTypeOverride;
    const char* arch = !damage.modelTypeOverride.empty() ? "GPTNeoXForCausalLM"
                       : s.family == Family::Qwen3       ? "Qwen3ForCausalLM"
                       : s.family == Family::Phi3        ? "Phi3ForCausalLM"
                       : s.family == Family::Gemma2      ? "Gemma2ForCausalLM"
                                                         : "OPTForCausalLM";
    j << "{\n  \"architectures\": [\"" << arch << "\"],\n  \"model_type\": \"" << type << "\",\n";
    j << "  \"hidden_size\": " << s.hidden << ",\n  \"num_hidden_layers\": " << s.layers << ",\n";
    j << "  \"num_attention_heads\": " << s.heads << ",\n";
    j << "  \"vocab_size\": " << kVocab << ",\n  \"max_position_embeddings\": " << s.maxPositions << ",\n";
    j << "  \"torch_dtype\": \"" << dtypeString(s.dtype) << "\",\n";
    if (s.family == Family::Opt) {
        j << "  \"ffn_dim\": " << s.intermediate << ",\n  \"word_embed_proj_dim\": " << embedDimOf(s)
          << ",\n";
        j << "  \"do_layer_norm_before\": " << (s.layerNormBefore ? "true" : "false") << ",\n";
        j << "  \"activation_function\": \"relu\",\n  \"enable_bias\": true,\n";
        j << "  \"layer_norm_elementwise_affine\": true,\n  \"dropout\": 0.1,\n  \"attention_dropout\": "
             "0.0,\n";
        j << "  \"bos_token_id\": 2,\n  \"eos_token_id\": 2,\n  \"pad_token_id\": 1\n}\n";
        return j.str();
    }
    j << "  \"intermediate_size\": " << s.intermediate << ",\n  \"num_key_value_heads\": " << s.kvHeads
      << ",\n";
    j << "  \"rms_norm_eps\": " << num(s.eps) << ",\n  \"rope_theta\": " << num(s.theta) << ",\n";
    j << "  \"attention_bias\": false,\n  \"attention_dropout\": 0.0,\n";
    if (s.family == Family::Qwen3) {
        j << "  \"head_dim\": " << headDimOf(s) << ",\n  \"rope_scaling\": null,\n";
        j << "  \"tie_word_embeddings\": " << (s.tied ? "true" : "false") << ",\n";
        j << "  \"use_sliding_window\": false,\n  \"sliding_window\": null,\n  \"max_window_layers\": "
          << s.layers << ",\n";
        j << "  \"hidden_act\": \"silu\",\n";
    } else if (s.family == Family::Phi3) {
        j << "  \"original_max_position_embeddings\": " << originalMaxOf(s) << ",\n";
        if (s.partialRotary != 1.0) j << "  \"partial_rotary_factor\": " << num(s.partialRotary) << ",\n";
        const std::string rope = s.rope;
        if (rope == "none") {
            j << "  \"rope_scaling\": null,\n";
        } else {
            j << "  \"rope_scaling\": {"
              << (rope == "rope_type" ? "\"rope_type\": \"longrope\""
                  : rope == "su"      ? "\"type\": \"su\""
                                      : "\"type\": \"longrope\"");
            j << ", \"short_factor\": " << list(ropeFactors(s, false));
            if (!damage.dropLongFactor) j << ", \"long_factor\": " << list(ropeFactors(s, true));
            j << "},\n";
        }
        if (s.slidingWindow > 0)
            j << "  \"sliding_window\": " << s.slidingWindow << ",\n";
        else
            j << "  \"sliding_window\": null,\n";
        j << "  \"tie_word_embeddings\": false,\n  \"hidden_act\": \"silu\",\n";
    } else { // gemma2
        j << "  \"head_dim\": " << headDimOf(s) << ",\n";
        j << "  \"hidden_act\": \"gelu_pytorch_tanh\",\n  \"hidden_activation\": \"gelu_pytorch_tanh\",\n";
        if (s.queryPreAttnScalar > 0)
            j << "  \"query_pre_attn_scalar\": " << num(s.queryPreAttnScalar) << ",\n";
        j << "  \"sliding_window\": " << s.slidingWindow << ",\n";
        if (s.attnCap > 0) j << "  \"attn_logit_softcapping\": " << num(s.attnCap) << ",\n";
        if (s.attnCap < 0) j << "  \"attn_logit_softcapping\": null,\n";
        if (s.finalCap > 0) j << "  \"final_logit_softcapping\": " << num(s.finalCap) << ",\n";
        if (s.finalCap < 0) j << "  \"final_logit_softcapping\": null,\n";
        j << "  \"cache_implementation\": \"hybrid\",\n  \"tie_word_embeddings\": true,\n";
    }
    j << "  \"bos_token_id\": " << kBos << ",\n  \"eos_token_id\": " << kEos << "\n}\n";
    return j.str();
}

std::vector<HostTensor> randomTensors(const Spec& s, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<HostTensor> out;
    auto normal = [&](std::string name, std::vector<std::int64_t> shape, double stddev, double mean = 0.0) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        std::normal_distribution<double> dist(mean, stddev);
        HostTensor t{std::move(name), std::move(shape), {}};
        t.values.resize(std::size_t(n));
        for (float& v : t.values) v = float(dist(rng));
        out.push_back(std::move(t));
    };
    const int D = s.hidden, hd = headDimOf(s), qDim = s.heads * hd, kvDim = kvHeadsOf(s) * hd,
              I = s.intermediate;
    auto linear = [&](const std::string& name, int outF, int inF, bool bias) {
        normal(name + ".weight", {outF, inF}, 1.0 / std::sqrt(double(inF)));
        if (bias) normal(name + ".bias", {outF}, 0.3);
    };
    if (isOpt(s)) {
        const int E = embedDimOf(s);
        const std::string p = "model.decoder.";
        normal(p + "embed_tokens.weight", {kVocab, E}, s.embedScale);
        normal(p + "embed_positions.weight", {s.maxPositions + 2, D}, 0.5);
        if (E != D) {
            linear(p + "project_in", D, E, false);
            linear(p + "project_out", E, D, false);
        }
        for (int l = 0; l < s.layers; ++l) {
            const std::string q = p + "layers." + std::to_string(l) + ".";
            linear(q + "self_attn.q_proj", D, D, true);
            linear(q + "self_attn.k_proj", D, D, true);
            linear(q + "self_attn.v_proj", D, D, true);
            linear(q + "self_attn.out_proj", D, D, true);
            normal(q + "self_attn_layer_norm.weight", {D}, 0.15, 1.0);
            normal(q + "self_attn_layer_norm.bias", {D}, 0.1);
            linear(q + "fc1", I, D, true);
            linear(q + "fc2", D, I, true);
            normal(q + "final_layer_norm.weight", {D}, 0.15, 1.0);
            normal(q + "final_layer_norm.bias", {D}, 0.1);
        }
        if (s.layerNormBefore) {
            normal(p + "final_layer_norm.weight", {D}, 0.15, 1.0);
            normal(p + "final_layer_norm.bias", {D}, 0.1);
        }
        return out;
    }
    // Gemma's norms multiply by (1 + w): weights around 0, far enough from it that w and 1 + w differ.
    const bool gemma = s.family == Family::Gemma2;
    auto norm = [&](const std::string& name, int n) {
        if (gemma)
            normal(name, {n}, 0.3, 0.0);
        else
            normal(name, {n}, 0.15, 1.0);
    };
    normal("model.embed_tokens.weight", {kVocab, D}, s.embedScale);
    for (int l = 0; l < s.layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        norm(p + "input_layernorm.weight", D);
        if (s.family == Family::Phi3) {
            linear(p + "self_attn.qkv_proj", qDim + 2 * kvDim, D, false);
        } else {
            linear(p + "self_attn.q_proj", qDim, D, false);
            linear(p + "self_attn.k_proj", kvDim, D, false);
            linear(p + "self_attn.v_proj", kvDim, D, false);
        }
        linear(p + "self_attn.o_proj", D, qDim, false);
        if (s.family == Family::Qwen3) {
            normal(p + "self_attn.q_norm.weight", {hd}, 0.3, 1.0);
            normal(p + "self_attn.k_norm.weight", {hd}, 0.3, 1.0);
        }
        norm(p + "post_attention_layernorm.weight", D);
        if (gemma) {
            norm(p + "pre_feedforward_layernorm.weight", D);
            norm(p + "post_feedforward_layernorm.weight", D);
        }
        if (s.family == Family::Phi3) {
            linear(p + "mlp.gate_up_proj", 2 * I, D, false);
        } else {
            linear(p + "mlp.gate_proj", I, D, false);
            linear(p + "mlp.up_proj", I, D, false);
        }
        linear(p + "mlp.down_proj", D, I, false);
    }
    norm("model.norm.weight", D);
    const bool tied = s.family == Family::Gemma2 || (s.family == Family::Qwen3 && s.tied);
    if (!tied) normal("lm_head.weight", {kVocab, D}, 1.0 / std::sqrt(double(D)));
    return out;
}

// The name a tensor has in the file: OPT rows without the prefix drop the leading "model.".
std::string fileName(const Spec& s, const std::string& canonical) {
    if (!s.modelPrefix && canonical.rfind("model.", 0) == 0) return canonical.substr(6);
    return canonical;
}

void writeModel(const Spec& s, const std::string& dir, std::uint64_t seed, const Damage& damage = {}) {
    std::vector<HostTensor> tensors = randomTensors(s, seed);
    if (!damage.dropTensor.empty()) {
        const auto before = tensors.size();
        std::erase_if(tensors, [&](const HostTensor& t) { return t.name == damage.dropTensor; });
        if (tensors.size() == before) throw std::runtime_error("no tensor " + damage.dropTensor + " to drop");
    }
    if (!damage.reshapeTensor.empty()) {
        bool found = false;
        for (HostTensor& t : tensors) {
            if (t.name != damage.reshapeTensor) continue;
            found = true;
            const std::vector<float> copy = t.values;
            t.values.insert(t.values.end(), copy.begin(), copy.end());
            t.shape = {std::int64_t(t.values.size())};
        }
        if (!found) throw std::runtime_error("no tensor " + damage.reshapeTensor + " to reshape");
    }
    std::vector<std::vector<std::uint16_t>> halves(tensors.size());
    std::vector<TensorToWrite> views;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const HostTensor& t = tensors[i];
        TensorToWrite w{fileName(s, t.name), s.dtype, t.shape, nullptr, 0};
        if (s.dtype == DType::F32) {
            w.data = t.values.data();
            w.nbytes = t.values.size() * 4;
        } else {
            for (float v : t.values) halves[i].push_back(toBf16(v));
            w.data = halves[i].data();
            w.nbytes = halves[i].size() * 2;
        }
        views.push_back(w);
    }
    writeSafetensors(dir + "/model.safetensors", views, {{"format", "pt"}});
    owqtest::writeFile(dir + "/config.json", configJson(s, damage));
    std::filesystem::copy_file(owqtest::sharedPath("models/stories260K/tokenizer.model"),
                               dir + "/tokenizer.model", std::filesystem::copy_options::overwrite_existing);
}

// ---- the oracle: Hugging Face's forward passes, transcribed into loops over doubles ----

using Vec = std::vector<double>;

class Oracle {
public:
    Oracle(const Spec& s, const Weights& weights) : s_(s) {
        D_ = s.hidden;
        H_ = s.heads;
        KV_ = kvHeadsOf(s);
        hd_ = headDimOf(s);
        I_ = s.intermediate;
        auto read = [&](const std::string& name) { return weights.at(name); };
        auto maybe = [&](const std::string& name) {
            auto it = weights.find(name);
            return it == weights.end() ? Vec{} : it->second;
        };
        if (isOpt(s)) {
            const std::string p = "model.decoder.";
            embed_ = read(p + "embed_tokens.weight");
            positions_ = read(p + "embed_positions.weight");
            projIn_ = maybe(p + "project_in.weight");
            projOut_ = maybe(p + "project_out.weight");
            normW_ = maybe(p + "final_layer_norm.weight");
            normB_ = maybe(p + "final_layer_norm.bias");
            for (int l = 0; l < s.layers; ++l) {
                const std::string q = p + "layers." + std::to_string(l) + ".";
                Layer L;
                L.wq = read(q + "self_attn.q_proj.weight");
                L.bq = read(q + "self_attn.q_proj.bias");
                L.wk = read(q + "self_attn.k_proj.weight");
                L.bk = read(q + "self_attn.k_proj.bias");
                L.wv = read(q + "self_attn.v_proj.weight");
                L.bv = read(q + "self_attn.v_proj.bias");
                L.wo = read(q + "self_attn.out_proj.weight");
                L.bo = read(q + "self_attn.out_proj.bias");
                L.inNorm = read(q + "self_attn_layer_norm.weight");
                L.inNormB = read(q + "self_attn_layer_norm.bias");
                L.wg = read(q + "fc1.weight");
                L.bg = read(q + "fc1.bias");
                L.wd = read(q + "fc2.weight");
                L.bd = read(q + "fc2.bias");
                L.postNorm = read(q + "final_layer_norm.weight");
                L.postNormB = read(q + "final_layer_norm.bias");
                layers_.push_back(std::move(L));
            }
            head_ = embed_;
            return;
        }
        embed_ = read("model.embed_tokens.weight");
        const int qDim = H_ * hd_, kvDim = KV_ * hd_;
        for (int l = 0; l < s.layers; ++l) {
            const std::string p = "model.layers." + std::to_string(l) + ".";
            Layer L;
            L.inNorm = read(p + "input_layernorm.weight");
            L.postNorm = read(p + "post_attention_layernorm.weight");
            if (s.family == Family::Phi3) {
                // qkv_proj rows: q, then k, then v.
                const Vec qkv = read(p + "self_attn.qkv_proj.weight");
                const auto row = [&](int r) { return qkv.begin() + std::ptrdiff_t(r) * D_; };
                L.wq.assign(row(0), row(qDim));
                L.wk.assign(row(qDim), row(qDim + kvDim));
                L.wv.assign(row(qDim + kvDim), row(qDim + 2 * kvDim));
                // gate_up_proj rows: gate, then up.
                const Vec gu = read(p + "mlp.gate_up_proj.weight");
                L.wg.assign(gu.begin(), gu.begin() + std::ptrdiff_t(I_) * D_);
                L.wu.assign(gu.begin() + std::ptrdiff_t(I_) * D_, gu.end());
            } else {
                L.wq = read(p + "self_attn.q_proj.weight");
                L.wk = read(p + "self_attn.k_proj.weight");
                L.wv = read(p + "self_attn.v_proj.weight");
                L.wg = read(p + "mlp.gate_proj.weight");
                L.wu = read(p + "mlp.up_proj.weight");
            }
            L.wo = read(p + "self_attn.o_proj.weight");
            L.wd = read(p + "mlp.down_proj.weight");
            if (s.family == Family::Qwen3) {
                L.qNorm = read(p + "self_attn.q_norm.weight");
                L.kNorm = read(p + "self_attn.k_norm.weight");
            }
            if (s.family == Family::Gemma2) {
                L.preFfNorm = read(p + "pre_feedforward_layernorm.weight");
                L.postFfNorm = read(p + "post_feedforward_layernorm.weight");
            }
            layers_.push_back(std::move(L));
        }
        normW_ = read("model.norm.weight");
        head_ = weights.count("lm_head.weight") ? read("lm_head.weight") : embed_;
    }

    // inv_freq over the rotary dimensions for a forward pass whose largest position is seqLen - 1, as HF's
    // rope init functions (default and longrope) compute it.
    Vec inverseFrequencies(int seqLen) const {
        const int d = rotaryDimOf(s_);
        Vec inv(std::size_t(d / 2));
        const bool useLong = seqLen > originalMaxOf(s_);
        const std::vector<double> ext =
            longRope(s_) ? ropeFactors(s_, useLong) : std::vector<double>(d / 2, 1.0);
        for (int i = 0; i < d / 2; ++i)
            inv[i] = 1.0 / (ext[i] * std::pow(s_.theta, double(2 * i) / double(d)));
        return inv;
    }

    // LongRoPE's attention factor (both cos and sin are multiplied by it); 1 elsewhere.
    double attentionFactor() const {
        if (!longRope(s_)) return 1.0;
        const double factor = double(s_.maxPositions) / double(originalMaxOf(s_));
        if (factor <= 1.0) return 1.0;
        return std::sqrt(1.0 + std::log(factor) / std::log(double(originalMaxOf(s_))));
    }

    // Logits [T][vocab] for one sequence (no cache: everything from scratch).
    std::vector<Vec> forward(const std::vector<std::int32_t>& ids) const {
        return isOpt(s_) ? forwardOpt(ids) : forwardRms(ids);
    }

    // Measured in the last forward: the largest |score| / attention cap and |logit| / final cap before
    // capping.
    mutable double maxScoreOverCap = 0, maxLogitOverCap = 0;

private:
    struct Layer {
        Vec inNorm, inNormB, postNorm, postNormB, preFfNorm, postFfNorm, qNorm, kNorm;
        Vec wq, bq, wk, bk, wv, bv, wo, bo, wg, bg, wu, wd, bd;
    };

    // Qwen3, Phi-3, Gemma 2: RMSNorm decoders with rotary positions.
    std::vector<Vec> forwardRms(const std::vector<std::int32_t>& ids) const {
        const int T = int(ids.size());
        const bool gemma = s_.family == Family::Gemma2;
        // Gemma: hidden_states * torch.tensor(hidden_size ** 0.5, dtype=float32).
        const double normalizer = gemma ? double(float(std::sqrt(double(D_)))) : 1.0;
        std::vector<Vec> h(T, Vec(D_));
        for (int t = 0; t < T; ++t)
            for (int j = 0; j < D_; ++j) h[t][j] = embed_[std::size_t(ids[t]) * D_ + j] * normalizer;
        const Vec inv = inverseFrequencies(T);
        const double af = attentionFactor();
        const double scale = gemma ? 1.0 / std::sqrt(queryScalarOf(s_)) : 1.0 / std::sqrt(double(hd_));
        maxScoreOverCap = maxLogitOverCap = 0;
        for (int l = 0; l < int(layers_.size()); ++l) {
            const Layer& L = layers_[std::size_t(l)];
            std::vector<Vec> q(T), k(T), v(T);
            for (int t = 0; t < T; ++t) {
                const Vec x = norm(h[t], L.inNorm);
                q[t] = linear(L.wq, {}, x, H_ * hd_);
                k[t] = linear(L.wk, {}, x, KV_ * hd_);
                v[t] = linear(L.wv, {}, x, KV_ * hd_);
                if (s_.family == Family::Qwen3) { // q_norm / k_norm: RMSNorm of each head, before RoPE
                    for (int hh = 0; hh < H_; ++hh) headNorm(q[t], hh * hd_, L.qNorm);
                    for (int hh = 0; hh < KV_; ++hh) headNorm(k[t], hh * hd_, L.kNorm);
                }
                for (int hh = 0; hh < H_; ++hh) rotate(q[t], hh * hd_, t, inv, af);
                for (int hh = 0; hh < KV_; ++hh) rotate(k[t], hh * hd_, t, inv, af);
            }
            const std::vector<Vec> attn = attention(q, k, v, scale, attnCapOf(s_), windowOf(s_, l));
            for (int t = 0; t < T; ++t) {
                Vec o = linear(L.wo, {}, attn[t], D_);
                if (gemma) o = norm(o, L.postNorm);
                for (int j = 0; j < D_; ++j) h[t][j] += o[j];
            }
            for (int t = 0; t < T; ++t) {
                const Vec x = norm(h[t], gemma ? L.preFfNorm : L.postNorm);
                const Vec g = linear(L.wg, {}, x, I_);
                const Vec u = linear(L.wu, {}, x, I_);
                Vec a(static_cast<std::size_t>(I_));
                for (int j = 0; j < I_; ++j) a[j] = (gemma ? geluTanh(g[j]) : silu(g[j])) * u[j];
                Vec dn = linear(L.wd, {}, a, D_);
                if (gemma) dn = norm(dn, L.postFfNorm);
                for (int j = 0; j < D_; ++j) h[t][j] += dn[j];
            }
        }
        std::vector<Vec> logits(T);
        const double cap = finalCapOf(s_);
        for (int t = 0; t < T; ++t) {
            logits[t] = linear(head_, {}, norm(h[t], normW_), kVocab);
            if (cap > 0)
                for (double& z : logits[t]) {
                    maxLogitOverCap = std::max(maxLogitOverCap, std::abs(z) / cap);
                    z = std::tanh(z / cap) * cap;
                }
        }
        return logits;
    }

    // OPT: learned positions, LayerNorm, pre-LN or post-LN layers, optional projections, tied head.
    std::vector<Vec> forwardOpt(const std::vector<std::int32_t>& ids) const {
        const int T = int(ids.size()), E = embedDimOf(s_);
        std::vector<Vec> h(T);
        for (int t = 0; t < T; ++t) {
            Vec x(embed_.begin() + std::ptrdiff_t(ids[t]) * E,
                  embed_.begin() + std::ptrdiff_t(ids[t] + 1) * E);
            if (!projIn_.empty()) x = linear(projIn_, {}, x, D_);
            for (int j = 0; j < D_; ++j) x[j] += positions_[std::size_t(t + 2) * D_ + j]; // offset 2
            h[t] = std::move(x);
        }
        const double scale = 1.0 / std::sqrt(double(hd_));
        for (const Layer& L : layers_) {
            const bool pre = s_.layerNormBefore;
            std::vector<Vec> q(T), k(T), v(T);
            for (int t = 0; t < T; ++t) {
                const Vec x = pre ? layerNorm(h[t], L.inNorm, L.inNormB) : h[t];
                q[t] = linear(L.wq, L.bq, x, D_);
                k[t] = linear(L.wk, L.bk, x, D_);
                v[t] = linear(L.wv, L.bv, x, D_);
            }
            const std::vector<Vec> attn = attention(q, k, v, scale, 0.0, 0);
            for (int t = 0; t < T; ++t) {
                const Vec o = linear(L.wo, L.bo, attn[t], D_);
                for (int j = 0; j < D_; ++j) h[t][j] += o[j];
                if (!pre) h[t] = layerNorm(h[t], L.inNorm, L.inNormB);
                const Vec x = pre ? layerNorm(h[t], L.postNorm, L.postNormB) : h[t];
                Vec a = linear(L.wg, L.bg, x, I_);
                for (double& z : a) z = std::max(z, 0.0);
                const Vec f = linear(L.wd, L.bd, a, D_);
                for (int j = 0; j < D_; ++j) h[t][j] += f[j];
                if (!pre) h[t] = layerNorm(h[t], L.postNorm, L.postNormB);
            }
        }
        std::vector<Vec> logits(T);
        for (int t = 0; t < T; ++t) {
            Vec x = normW_.empty() ? h[t] : layerNorm(h[t], normW_, normB_);
            if (!projOut_.empty()) x = linear(projOut_, {}, x, E);
            logits[t] = linear(head_, {}, x, kVocab);
        }
        return logits;
    }

    // Causal attention over [T][heads * hd] queries and [T][kv * hd] keys / values; query head h reads kv
    // head h / (H / KV). Scores: dot * scale, then tanh soft-capping, then the (sliding-window) mask and
    // softmax.
    std::vector<Vec> attention(const std::vector<Vec>& q, const std::vector<Vec>& k,
                               const std::vector<Vec>& v, double scale, double cap, int window) const {
        const int T = int(q.size()), group = H_ / KV_;
        std::vector<Vec> out(T, Vec(std::size_t(H_ * hd_), 0.0));
        for (int t = 0; t < T; ++t)
            for (int hh = 0; hh < H_; ++hh) {
                const int kvh = hh / group;
                Vec p(std::size_t(t + 1), 0.0);
                double mx = -1e300;
                for (int s = 0; s <= t; ++s) {
                    if (window > 0 && t - s >= window) continue; // keys t - window + 1 .. t only
                    double dot = 0;
                    for (int e = 0; e < hd_; ++e) dot += q[t][hh * hd_ + e] * k[s][kvh * hd_ + e];
                    double score = dot * scale;
                    if (cap > 0) {
                        maxScoreOverCap = std::max(maxScoreOverCap, std::abs(score) / cap);
                        score = std::tanh(score / cap) * cap;
                    }
                    p[s] = score;
                    mx = std::max(mx, score);
                }
                double sum = 0;
                for (int s = 0; s <= t; ++s) {
                    if (window > 0 && t - s >= window) continue;
                    sum += (p[s] = std::exp(p[s] - mx));
                }
                for (int s = 0; s <= t; ++s) {
                    if (window > 0 && t - s >= window) continue;
                    for (int e = 0; e < hd_; ++e) out[t][hh * hd_ + e] += p[s] / sum * v[s][kvh * hd_ + e];
                }
            }
        return out;
    }

    static double silu(double x) { return x / (1.0 + std::exp(-x)); }
    static double geluTanh(double x) {
        return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
    }

    // RMSNorm: x / sqrt(mean(x^2) + eps) * w, Gemma's * (1 + w).
    Vec norm(const Vec& x, const Vec& w) const {
        double ms = 0;
        for (double v : x) ms += v * v;
        ms /= double(x.size());
        const double r = 1.0 / std::sqrt(ms + s_.eps);
        const double offset = s_.family == Family::Gemma2 ? 1.0 : 0.0;
        Vec y(x.size());
        for (std::size_t j = 0; j < x.size(); ++j) y[j] = x[j] * r * (offset + w[j]);
        return y;
    }

    // Qwen3's q_norm / k_norm: a plain RMSNorm over the hd values of one head.
    void headNorm(Vec& x, int off, const Vec& w) const {
        double ms = 0;
        for (int e = 0; e < hd_; ++e) ms += x[off + e] * x[off + e];
        ms /= double(hd_);
        const double r = 1.0 / std::sqrt(ms + s_.eps);
        for (int e = 0; e < hd_; ++e) x[off + e] = x[off + e] * r * w[e];
    }

    // OPT's LayerNorm (eps 1e-5, biased variance).
    static Vec layerNorm(const Vec& x, const Vec& w, const Vec& b) {
        double mean = 0, var = 0;
        for (double v : x) mean += v;
        mean /= double(x.size());
        for (double v : x) var += (v - mean) * (v - mean);
        var /= double(x.size());
        const double r = 1.0 / std::sqrt(var + 1e-5);
        Vec y(x.size());
        for (std::size_t j = 0; j < x.size(); ++j) y[j] = (x[j] - mean) * r * w[j] + b[j];
        return y;
    }

    // y = W x + b with W [out, in] row-major; b empty when the layer has no bias.
    static Vec linear(const Vec& W, const Vec& b, const Vec& x, int out) {
        const std::size_t in = x.size();
        Vec y(static_cast<std::size_t>(out));
        for (int o = 0; o < out; ++o) {
            double acc = b.empty() ? 0.0 : b[o];
            for (std::size_t i = 0; i < in; ++i) acc += W[std::size_t(o) * in + i] * x[i];
            y[o] = acc;
        }
        return y;
    }

    // HF rotate-half on the first rotary_dim values of a head: pairs (i, i + rotary_dim / 2) rotate by
    // pos * inv_freq[i], with cos and sin both times the attention factor; the rest passes through.
    void rotate(Vec& x, int off, int pos, const Vec& inv, double af) const {
        const int half = int(inv.size());
        for (int i = 0; i < half; ++i) {
            const double a = double(pos) * inv[i];
            const double c = std::cos(a) * af, sn = std::sin(a) * af;
            const double x1 = x[off + i], x2 = x[off + half + i];
            x[off + i] = x1 * c - x2 * sn;
            x[off + half + i] = x2 * c + x1 * sn;
        }
    }

    Spec s_;
    int D_ = 0, H_ = 0, KV_ = 0, hd_ = 0, I_ = 0;
    Vec embed_, normW_, normB_, head_, positions_, projIn_, projOut_;
    std::vector<Layer> layers_;
};

// The BOS id the config names: OPT's is 2 (</s>), the others' the tokenizer's 1.
int bosOf(const Spec& s) {
    return isOpt(s) ? 2 : kBos;
}

std::vector<std::int32_t> randomIds(const Spec& s, int n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> dist(3, kVocab - 1);
    std::vector<std::int32_t> ids{bosOf(s)};
    while (int(ids.size()) < n) ids.push_back(dist(rng));
    return ids;
}

// Rows sharing another row's weights also share its seeds.
int seedRowOf(int index) {
    const Spec& s = specs()[std::size_t(index)];
    return s.sameWeightsAs ? specIndex(s.sameWeightsAs) : index;
}
std::uint64_t seedOf(int index) {
    return 0xfa5eed00u + std::uint64_t(seedRowOf(index));
}
Oracle oracleOf(int index) {
    const Spec& s = specs()[std::size_t(index)];
    return Oracle(s, storedValues(randomTensors(s, seedOf(index)), s.dtype));
}

// Largest |a - b| over a [T x vocab] block, and b's largest |logit|.
std::pair<double, double> compare(const std::vector<Vec>& a, const std::vector<Vec>& b) {
    double maxDiff = 0, scale = 0;
    for (std::size_t t = 0; t < b.size(); ++t)
        for (int j = 0; j < kVocab; ++j) {
            maxDiff = std::max(maxDiff, std::abs(a[t][j] - b[t][j]));
            scale = std::max(scale, std::abs(b[t][j]));
        }
    return {maxDiff, scale};
}

// float32 engine against the double oracle: relative max |engine - oracle| / max |oracle logit|, the bar at
// about three times the largest error measured over the family's rows (single-threaded CPU): qwen3 8.6e-7
// (the RMS-eps row), phi3 4.3e-7, gemma2 1.44e-6 (the 40-token window row with caps 2 / 3), opt 2.9e-7.
double relativeBarOf(const Spec& s) {
    switch (s.family) {
    case Family::Qwen3:
        return 2.6e-6;
    case Family::Phi3:
        return 1.3e-6;
    case Family::Gemma2:
        return 4.5e-6;
    case Family::Opt:
        return 1.0e-6;
    }
    return 0;
}

struct BrokenCase {
    const char* what;
    const char* row; // the row whose folder is damaged
    Damage damage;
    std::string mentions; // the message must contain this
};

const std::vector<BrokenCase>& brokenCases() {
    static const std::vector<BrokenCase> all = {
        {"gpt_neox-model-type", "qwen3-gqa-tied", {.modelTypeOverride = "gpt_neox"}, "gpt_neox"},
        {"opt-missing-fc1-bias",
         "opt-pre-ln",
         {.dropTensor = "model.decoder.layers.0.fc1.bias"},
         "layers.0.fc1.bias"},
        {"qwen3-mis-shaped-q-norm",
         "qwen3-head-dim-16-untied",
         {.reshapeTensor = "model.layers.1.self_attn.q_norm.weight"},
         "layers.1.self_attn.q_norm.weight"},
        {"phi3-longrope-without-long-factor",
         "phi3-longrope-long-factors-24-tokens",
         {.dropLongFactor = true},
         "long_factor"},
    };
    return all;
}

} // namespace

class TestFamilyOracle : public QObject {
    Q_OBJECT

    std::map<int, std::string> dirs_;
    double worst_ = 0;

    // The row's model folder, written once per run.
    std::string modelDir(int index) {
        auto it = dirs_.find(index);
        if (it != dirs_.end()) return it->second;
        const Spec& s = specs()[std::size_t(index)];
        const std::string dir = owqtest::scratchDir(std::string("family-oracle-") + s.name);
        writeModel(s, dir, seedOf(index));
        dirs_[index] = dir;
        return dir;
    }

    // Runs a row's checks; an exception (an unsupported model_type, a load failure) fails the row only.
    template <class F> static void guarded(F&& f) {
        try {
            f();
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("exception: %1").arg(e.what())));
        }
    }

    static void addRows() {
        QTest::addColumn<int>("spec");
        for (std::size_t i = 0; i < specs().size(); ++i) QTest::newRow(specs()[i].name) << int(i);
    }

    static std::vector<Vec> rows(const std::vector<float>& flat, std::size_t T) {
        std::vector<Vec> out(T, Vec(kVocab));
        for (std::size_t t = 0; t < T; ++t)
            for (int j = 0; j < kVocab; ++j) out[t][j] = flat[t * kVocab + std::size_t(j)];
        return out;
    }

    void checkLogits(const LanguageModel& lm, const Oracle& oracle, const std::vector<std::int32_t>& ids,
                     const Spec& s) {
        const char* what = s.name;
        const std::vector<float> got = lm.logits(ids);
        QCOMPARE(got.size(), ids.size() * std::size_t(kVocab));
        const auto [diff, scale] = compare(rows(got, ids.size()), oracle.forward(ids));
        const double rel = diff / std::max(scale, 1e-30);
        worst_ = std::max(worst_, rel);
        qInfo("%s, %d tokens: max |engine - oracle| %.3g, logit scale %.3g, relative %.3g", what,
              int(ids.size()), diff, scale, rel);
        QVERIFY(scale > 0.1); // the logits carry signal
        QVERIFY2(rel < relativeBarOf(s),
                 qPrintable(QString("relative logit error %1, bar %2").arg(rel).arg(relativeBarOf(s))));
    }

private slots:
    // The oracle's own consistency, and that every feature a row is about changes the logits (otherwise the
    // row could not tell a right engine from one that ignores the feature). Needs no engine.
    void oracleSanity() {
        for (int i = 0; i < int(specs().size()); ++i) {
            const Spec& s = specs()[std::size_t(i)];
            const Weights w = storedValues(randomTensors(s, seedOf(i)), s.dtype);
            const Oracle o(s, w);
            const std::vector<std::int32_t> ids =
                randomIds(s, s.seqLen, 0xabc0000u + std::uint64_t(seedRowOf(i)));
            const std::vector<Vec> full = o.forward(ids);
            double scale = 0;
            for (const Vec& r : full)
                for (double z : r) {
                    QVERIFY2(std::isfinite(z), s.name);
                    scale = std::max(scale, std::abs(z));
                }
            QVERIFY2(scale > 0.1, s.name);
            const double scoreOverCap = o.maxScoreOverCap, logitOverCap = o.maxLogitOverCap;
            qInfo("%s: logit scale %.3g, max |score| / attention cap %.3g, max |logit| / final cap %.3g",
                  s.name, scale, scoreOverCap, logitOverCap);

            // Causal: a prefix's logits are the first rows of the full sequence's (LongRoPE: the same
            // factors).
            const int prefix =
                longRope(s) && s.seqLen > originalMaxOf(s) ? originalMaxOf(s) + 1 : s.seqLen / 2;
            const std::vector<Vec> part =
                o.forward(std::vector<std::int32_t>(ids.begin(), ids.begin() + prefix));
            QVERIFY2(compare(part, std::vector<Vec>(full.begin(), full.begin() + prefix)).first <=
                         1e-9 * scale,
                     s.name);

            // A feature matters when the oracle without it gives different logits.
            auto differs = [&](const std::function<void(Spec&)>& change, const char* feature) {
                Spec t = s;
                change(t);
                const auto [diff, sc] = compare(Oracle(t, w).forward(ids), full);
                QVERIFY2(diff > 1e-3 * sc,
                         qPrintable(QString("%1: %2 does not matter").arg(s.name, feature)));
            };
            // The greedy row is decisive: the oracle's own greedy continuation has clear winners.
            {
                std::vector<std::int32_t> seq =
                    randomIds(s, kPrompt, 0xdef0000u + std::uint64_t(seedRowOf(i)));
                int clear = 0;
                for (int step = 0; step < kGenerated; ++step) {
                    const Vec last = o.forward(seq).back();
                    Vec sorted = last;
                    std::partial_sort(sorted.begin(), sorted.begin() + 2, sorted.end(), std::greater<>());
                    double sc = 0;
                    for (double z : last) sc = std::max(sc, std::abs(z));
                    if (sorted[0] - sorted[1] > 1e-4 * sc) ++clear;
                    seq.push_back(int(std::max_element(last.begin(), last.end()) - last.begin()));
                }
                QVERIFY2(clear >= kGenerated - 1,
                         qPrintable(QString("%1: %2 clear greedy steps").arg(s.name).arg(clear)));
            }
            if (s.slidingWindow > 0) {
                QVERIFY2(s.seqLen > s.slidingWindow + 2, s.name);
                differs([](Spec& t) { t.slidingWindow = 0; }, "the sliding window");
            }
            if (s.family == Family::Phi3 && s.partialRotary != 1.0) {
                QVERIFY(rotaryDimOf(s) < headDimOf(s) && rotaryDimOf(s) % 2 == 0);
                differs(
                    [](Spec& t) {
                        t.partialRotary = 1.0;
                        t.rope = "none";
                    },
                    "partial rotary");
            }
            if (longRope(s)) {
                QVERIFY2(o.attentionFactor() > 1.01, s.name);
                QVERIFY(kPrompt + kGenerated <= originalMaxOf(s)); // greedy stays on the short factors
                const Vec shortInv = o.inverseFrequencies(originalMaxOf(s)),
                          longInv = o.inverseFrequencies(originalMaxOf(s) + 1);
                QVERIFY(shortInv.size() == std::size_t(rotaryDimOf(s) / 2) &&
                        longInv.size() == shortInv.size());
                QVERIFY(longInv.back() < shortInv.back() * 0.5); // the long factors do differ
                differs([](Spec& t) { t.rope = "none"; }, "LongRoPE");
            }
            if (s.family == Family::Gemma2) {
                differs([](Spec& t) { t.queryPreAttnScalar = headDimOf(t); }, "query_pre_attn_scalar");
                if (attnCapOf(s) > 0 && attnCapOf(s) < 10) {
                    QVERIFY2(scoreOverCap > 1.0, s.name);
                    differs([](Spec& t) { t.attnCap = -1; }, "the attention cap");
                }
                if (finalCapOf(s) > 0 && finalCapOf(s) < 10) {
                    QVERIFY2(logitOverCap > 1.0, s.name);
                    differs([](Spec& t) { t.finalCap = -1; }, "the final cap");
                }
            }
            if (isOpt(s) && s.sameWeightsAs) {
                const Spec& base = specs()[std::size_t(specIndex(s.sameWeightsAs))];
                QVERIFY(base.layerNormBefore == s.layerNormBefore && embedDimOf(base) == embedDimOf(s));
                QCOMPARE(compare(oracleOf(specIndex(s.sameWeightsAs)).forward(ids), full).first, 0.0);
            }
        }
    }

    void logitsMatchOracle_data() { addRows(); }
    void logitsMatchOracle() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, spec);
        guarded([&] {
            const Spec& s = specs()[std::size_t(spec)];
            const std::string dir = modelDir(spec);
            auto lm = LanguageModel::open(dir, {"cpu", 1});
            QCOMPARE(QString::fromStdString(lm->config().modelType), QString(familyType(s.family)));
            QCOMPARE(lm->config().headDim, std::int64_t(headDimOf(s)));
            QCOMPARE(QString::fromStdString(lm->checkpoint().weightDtype()), QString(dtypeName(s.dtype)));
            const Oracle oracle = oracleOf(spec);
            const std::vector<std::int32_t> ids =
                randomIds(s, s.seqLen, 0xabc0000u + std::uint64_t(seedRowOf(spec)));

            checkLogits(*lm, oracle, ids, s);
            // A short prefix too (LongRoPE's factors and the rope cache must not depend on earlier calls).
            checkLogits(*lm, oracle, std::vector<std::int32_t>(ids.begin(), ids.begin() + 5), s);
            if (longRope(s) && s.seqLen > originalMaxOf(s)) {
                // Both sides of the switch: max position original - 1 (short factors), then original (long).
                const auto at = [&](int n) {
                    return std::vector<std::int32_t>(ids.begin(), ids.begin() + n);
                };
                checkLogits(*lm, oracle, at(originalMaxOf(s)), s);
                checkLogits(*lm, oracle, at(originalMaxOf(s) + 1), s);
                checkLogits(*lm, oracle, ids, s);
            }
            if (s.sameWeightsAs) {
                // The same weights under the other naming: the same logits.
                auto other = LanguageModel::open(modelDir(specIndex(s.sameWeightsAs)), {"cpu", 1});
                const auto [diff, scale] =
                    compare(rows(lm->logits(ids), ids.size()), rows(other->logits(ids), ids.size()));
                QVERIFY2(diff <= 1e-7 * scale,
                         qPrintable(QString("differs from %1 by %2").arg(s.sameWeightsAs).arg(diff)));
            }
        });
    }

    void greedyMatchesOracle_data() { addRows(); }
    void greedyMatchesOracle() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, spec);
        guarded([&] {
            const Spec& s = specs()[std::size_t(spec)];
            QVERIFY(kPrompt + kGenerated <= (longRope(s) ? originalMaxOf(s) : s.maxPositions));
            const std::string dir = modelDir(spec);
            auto lm = LanguageModel::open(dir, {"cpu", 1});
            const Oracle oracle = oracleOf(spec);
            const std::vector<std::int32_t> prompt =
                randomIds(s, kPrompt, 0xdef0000u + std::uint64_t(seedRowOf(spec)));

            SamplingOptions greedy;
            greedy.temperature = 0;
            greedy.maxTokens = kGenerated;
            greedy.stopOnEos = false;
            const GenerationResult r = lm->generate(prompt, greedy);
            QCOMPARE(int(r.tokens.size()), kGenerated);
            QCOMPARE(QString::fromStdString(r.stopReason), QString("max_tokens"));

            int clearSteps = 0;
            owqtest::checkGreedyTokens(
                prompt, r.tokens, 1e-4,
                [&](const std::vector<std::int32_t>& seq) { return oracle.forward(seq).back(); },
                &clearSteps);
            if (QTest::currentTestFailed()) return;
            QVERIFY(clearSteps >= kGenerated - 1);
            qInfo("%s: %d greedy tokens match the oracle", s.name, kGenerated);
        });
    }

    // Refusals name what is wrong: the model_type, the missing tensor, the mis-shaped tensor, the missing
    // field.
    void errorsNameTheProblem_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < brokenCases().size(); ++i) QTest::newRow(brokenCases()[i].what) << int(i);
    }
    void errorsNameTheProblem() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, index);
        const BrokenCase& c = brokenCases()[std::size_t(index)];
        const int row = specIndex(c.row);
        QVERIFY(row >= 0);
        const Spec& s = specs()[std::size_t(row)];
        const std::string dir = owqtest::scratchDir(std::string("family-oracle-broken-") + c.row);
        writeModel(s, dir, seedOf(row), c.damage);
        const auto error = owqtest::catchError([&] {
            auto lm = LanguageModel::open(dir, {"cpu", 1});
            lm->logits({bosOf(s), 5, 6, 7});
        });
        QVERIFY2(error.has_value(), "no owq::Error");
        const std::string message = error->what();
        qInfo("%s: %s", c.what, message.c_str());
        QVERIFY2(owqtest::contains(message, c.mentions),
                 qPrintable(QString("the message does not name %1: %2")
                                .arg(QString::fromStdString(c.mentions), QString::fromStdString(message))));
    }

    void cleanupTestCase() { qInfo("largest relative logit error over all rows: %.3g", worst_); }
};

QTEST_GUILESS_MAIN(TestFamilyOracle)
#include "test_family_oracle.moc"
