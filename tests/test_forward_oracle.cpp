// The engine's forward pass against an independent oracle: a plain C++ (double precision, nested loops)
// transcription of the Hugging Face LLaMA / Mistral / Qwen2 modelling code, written from the math and sharing
// nothing with core/src/model. Tiny random checkpoints (written here with writeSafetensors and a hand-written
// config.json; the oracle takes its weights from the test's own values, rounded by the test's own F16 / BF16
// code, never read back through core) cover multi-head and grouped-query attention, explicit head_dim, every
// bias variant, tied and untied heads, the linear / dynamic-NTK / llama3 RoPE scalings, and F16 / BF16
// weights. Each row compares LanguageModel::logits on a random sequence with the oracle, and checks greedy
// generation (prefill + KV cache) token by token against the oracle's argmax on the growing sequence. Two
// 1100-token rows take the engine's blocked attention path (the scores of a block of query rows at a time).
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

// One tiny model. Biases follow the HF classes: llama attention_bias gives q/k/v/o biases, qwen2 always has
// q/k/v biases and no o bias, mlp_bias exists only for llama, mistral has none.
struct Spec {
    const char* name;
    const char* modelType = "llama";
    int hidden = 32;
    int intermediate = 48;
    int layers = 2;
    int heads = 4;
    int kvHeads = 4;
    int headDim = 0; // 0: not in config.json (hidden / heads)
    int maxPositions = 64;
    double theta = 10000.0;
    double eps = 1e-6;
    bool tied = false;
    bool attentionBias = false; // llama only (the attention_bias field)
    bool mlpBias = false;       // llama only
    int slidingWindow = 0;      // mistral: keys older than this many positions are invisible (0: none)
    const char* rope = "none";  // none | linear | dynamic | llama3
    double factor = 1.0;
    double lowFreq = 1.0;
    double highFreq = 4.0;
    int originalMax = 0;
    DType dtype = DType::F32;
    int seqLen = 20;         // tokens for the logits comparison (may exceed maxPositions: dynamic rows)
    double embedScale = 1.0; // standard deviation of the embeddings (tiny: RMSNorm's eps matters)
};

const std::vector<Spec>& specs() {
    static const std::vector<Spec> all = {
        {.name = "llama-mha-tied", .tied = true},
        {.name = "llama-gqa-8h-2kv-untied", .hidden = 64, .intermediate = 96, .heads = 8, .kvHeads = 2},
        {.name = "llama-head-dim-16", .hidden = 32, .heads = 4, .kvHeads = 2, .headDim = 16},
        {.name = "qwen2-qkv-bias", .modelType = "qwen2", .heads = 4, .kvHeads = 2},
        {.name = "qwen2-qkv-bias-tied", .modelType = "qwen2", .heads = 4, .kvHeads = 1, .tied = true},
        {.name = "llama-attn-bias-mlp-bias",
         .heads = 4,
         .kvHeads = 2,
         .attentionBias = true,
         .mlpBias = true},
        {.name = "mistral-gqa", .modelType = "mistral", .heads = 4, .kvHeads = 2},
        {.name = "mistral-sliding-window-5",
         .modelType = "mistral",
         .heads = 4,
         .kvHeads = 2,
         .slidingWindow = 5},
        // Long enough that the engine scores attention in blocks of query rows (4 heads x 1100 keys x 1100
        // queries passes its 4 Mi-float block budget: two blocks), with and without a sliding window.
        {.name = "llama-gqa-1100-tokens-blocked-attention",
         .heads = 4,
         .kvHeads = 2,
         .maxPositions = 1200,
         .seqLen = 1100},
        {.name = "mistral-window-300-1100-tokens-blocked-attention",
         .modelType = "mistral",
         .heads = 4,
         .kvHeads = 2,
         .maxPositions = 1200,
         .slidingWindow = 300,
         .seqLen = 1100},
        {.name = "rms-eps-matters", .heads = 4, .kvHeads = 2, .eps = 1e-6, .embedScale = 1e-3},
        {.name = "rope-linear-2", .heads = 4, .kvHeads = 2, .rope = "linear", .factor = 2.0},
        {.name = "rope-dynamic-2-within-context",
         .heads = 4,
         .kvHeads = 2,
         .maxPositions = 64,
         .rope = "dynamic",
         .factor = 2.0,
         .seqLen = 24},
        {.name = "rope-dynamic-2-beyond-context",
         .heads = 4,
         .kvHeads = 2,
         .maxPositions = 16,
         .rope = "dynamic",
         .factor = 2.0,
         .seqLen = 24},
        {.name = "rope-llama3",
         .heads = 4,
         .kvHeads = 2,
         .headDim = 16,
         .theta = 500000.0,
         .rope = "llama3",
         .factor = 8.0,
         .lowFreq = 1.0,
         .highFreq = 4.0,
         .originalMax = 64,
         .seqLen = 40},
        {.name = "f16-gqa-attn-bias",
         .heads = 4,
         .kvHeads = 2,
         .attentionBias = true,
         .mlpBias = true,
         .dtype = DType::F16},
        {.name = "bf16-qwen2", .modelType = "qwen2", .heads = 4, .kvHeads = 2, .dtype = DType::BF16},
        {.name = "f16-llama3-head-dim-16",
         .heads = 2,
         .kvHeads = 1,
         .headDim = 16,
         .theta = 500000.0,
         .tied = true,
         .rope = "llama3",
         .factor = 8.0,
         .lowFreq = 1.0,
         .highFreq = 4.0,
         .originalMax = 64,
         .dtype = DType::F16},
    };
    return all;
}

int headDimOf(const Spec& s) {
    return s.headDim > 0 ? s.headDim : s.hidden / s.heads;
}
bool hasQkvBias(const Spec& s) {
    return std::string(s.modelType) == "qwen2" || (std::string(s.modelType) == "llama" && s.attentionBias);
}
bool hasOBias(const Spec& s) {
    return std::string(s.modelType) == "llama" && s.attentionBias;
}
bool hasMlpBias(const Spec& s) {
    return std::string(s.modelType) == "llama" && s.mlpBias;
}

// ---- half / bfloat16 encodings (round to nearest even; the oracle reads the stored values back) ----

std::uint16_t toHalf(float f) {
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    const std::uint32_t sign = (x >> 16) & 0x8000u;
    const int exp = int((x >> 23) & 0xff) - 127 + 15;
    std::uint32_t mant = x & 0x7fffffu;
    if (exp >= 31) return std::uint16_t(sign | 0x7bffu); // clamp (never reached with these weights)
    if (exp <= 0) {
        if (exp < -10) return std::uint16_t(sign);
        mant |= 0x800000u;
        const int shift = 14 - exp;
        std::uint32_t h = mant >> shift;
        const std::uint32_t rem = mant & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (h & 1))) ++h;
        return std::uint16_t(sign | h);
    }
    std::uint32_t h = (std::uint32_t(exp) << 10) | (mant >> 13);
    const std::uint32_t rem = mant & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1))) ++h;
    return std::uint16_t(sign | h);
}

std::uint16_t toBf16(float f) {
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    x += 0x7fffu + ((x >> 16) & 1u);
    return std::uint16_t(x >> 16);
}

// The value an IEEE half holds (subnormals included; these weights never hold Inf/NaN).
double fromHalf(std::uint16_t h) {
    const int sign = (h >> 15) ? -1 : 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    if (exp == 0) return sign * std::ldexp(double(mant), -24);
    return sign * std::ldexp(double(mant | 0x400), exp - 25);
}

double fromBf16(std::uint16_t b) {
    const std::uint32_t x = std::uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &x, 4);
    return f;
}

// ---- the checkpoint generator ----

struct HostTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

// The values the checkpoint holds, rounded here (not read back through core) so F16 / BF16 rows compare like
// with like: the engine reads the file core wrote, the oracle the test's own numbers.
std::map<std::string, std::vector<double>> storedValues(const std::vector<HostTensor>& tensors, DType dtype) {
    std::map<std::string, std::vector<double>> out;
    for (const HostTensor& t : tensors) {
        std::vector<double>& v = out[t.name];
        for (float f : t.values)
            v.push_back(dtype == DType::F16    ? fromHalf(toHalf(f))
                        : dtype == DType::BF16 ? fromBf16(toBf16(f))
                                               : double(f));
    }
    return out;
}

std::string num(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

std::string configJson(const Spec& s) {
    const std::string type = s.modelType;
    const std::string arch = type == "llama"     ? "LlamaForCausalLM"
                             : type == "mistral" ? "MistralForCausalLM"
                                                 : "Qwen2ForCausalLM";
    std::ostringstream j;
    j << "{\n  \"architectures\": [\"" << arch << "\"],\n  \"model_type\": \"" << type << "\",\n";
    j << "  \"hidden_size\": " << s.hidden << ",\n  \"intermediate_size\": " << s.intermediate << ",\n";
    j << "  \"num_hidden_layers\": " << s.layers << ",\n  \"num_attention_heads\": " << s.heads << ",\n";
    j << "  \"num_key_value_heads\": " << s.kvHeads << ",\n";
    if (s.headDim > 0) j << "  \"head_dim\": " << s.headDim << ",\n";
    j << "  \"vocab_size\": " << kVocab << ",\n  \"max_position_embeddings\": " << s.maxPositions << ",\n";
    j << "  \"rms_norm_eps\": " << num(s.eps) << ",\n  \"rope_theta\": " << num(s.theta) << ",\n";
    const std::string rope = s.rope;
    if (rope == "none") {
        j << "  \"rope_scaling\": null,\n";
    } else if (rope == "llama3") {
        j << "  \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": " << num(s.factor)
          << ", \"low_freq_factor\": " << num(s.lowFreq) << ", \"high_freq_factor\": " << num(s.highFreq)
          << ", \"original_max_position_embeddings\": " << s.originalMax << "},\n";
    } else {
        j << "  \"rope_scaling\": {\"type\": \"" << rope << "\", \"factor\": " << num(s.factor) << "},\n";
    }
    j << "  \"tie_word_embeddings\": " << (s.tied ? "true" : "false") << ",\n";
    if (type == "llama") {
        j << "  \"attention_bias\": " << (s.attentionBias ? "true" : "false") << ",\n";
        j << "  \"mlp_bias\": " << (s.mlpBias ? "true" : "false") << ",\n";
    }
    if (type == "mistral") {
        if (s.slidingWindow > 0)
            j << "  \"sliding_window\": " << s.slidingWindow << ",\n";
        else
            j << "  \"sliding_window\": null,\n";
    }
    if (type == "qwen2") j << "  \"use_sliding_window\": false,\n";
    const char* dtype = s.dtype == DType::F16 ? "float16" : s.dtype == DType::BF16 ? "bfloat16" : "float32";
    j << "  \"hidden_act\": \"silu\",\n  \"bos_token_id\": " << kBos << ",\n  \"eos_token_id\": " << kEos
      << ",\n  \"torch_dtype\": \"" << dtype << "\"\n}\n";
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
    const int D = s.hidden, hd = headDimOf(s), qDim = s.heads * hd, kvDim = s.kvHeads * hd,
              I = s.intermediate;
    auto linear = [&](const std::string& name, int outF, int inF, bool bias) {
        normal(name + ".weight", {outF, inF}, 1.0 / std::sqrt(double(inF)));
        if (bias) normal(name + ".bias", {outF}, 0.3);
    };
    normal("model.embed_tokens.weight", {kVocab, D}, s.embedScale);
    for (int l = 0; l < s.layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        normal(p + "input_layernorm.weight", {D}, 0.15, 1.0);
        linear(p + "self_attn.q_proj", qDim, D, hasQkvBias(s));
        linear(p + "self_attn.k_proj", kvDim, D, hasQkvBias(s));
        linear(p + "self_attn.v_proj", kvDim, D, hasQkvBias(s));
        linear(p + "self_attn.o_proj", D, qDim, hasOBias(s));
        normal(p + "post_attention_layernorm.weight", {D}, 0.15, 1.0);
        linear(p + "mlp.gate_proj", I, D, hasMlpBias(s));
        linear(p + "mlp.up_proj", I, D, hasMlpBias(s));
        linear(p + "mlp.down_proj", D, I, hasMlpBias(s));
    }
    normal("model.norm.weight", {D}, 0.15, 1.0);
    if (!s.tied) normal("lm_head.weight", {kVocab, D}, 1.0 / std::sqrt(double(D)));
    return out;
}

void writeModel(const Spec& s, const std::string& dir, std::uint64_t seed) {
    const std::vector<HostTensor> tensors = randomTensors(s, seed);
    std::vector<std::vector<std::uint16_t>> halves(tensors.size());
    std::vector<TensorToWrite> views;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const HostTensor& t = tensors[i];
        TensorToWrite w{t.name, s.dtype, t.shape, nullptr, 0};
        if (s.dtype == DType::F32) {
            w.data = t.values.data();
            w.nbytes = t.values.size() * 4;
        } else {
            for (float v : t.values) halves[i].push_back(s.dtype == DType::F16 ? toHalf(v) : toBf16(v));
            w.data = halves[i].data();
            w.nbytes = halves[i].size() * 2;
        }
        views.push_back(w);
    }
    writeSafetensors(dir + "/model.safetensors", views, {{"format", "pt"}});
    owqtest::writeFile(dir + "/config.json", configJson(s));
    std::filesystem::copy_file(owqtest::sharedPath("models/stories260K/tokenizer.model"),
                               dir + "/tokenizer.model", std::filesystem::copy_options::overwrite_existing);
}

// ---- the oracle: Hugging Face's forward pass, transcribed into loops over doubles ----

using Vec = std::vector<double>;

class Oracle {
public:
    Oracle(const Spec& s, const std::map<std::string, std::vector<double>>& weights) : s_(s) {
        D_ = s.hidden;
        H_ = s.heads;
        KV_ = s.kvHeads;
        hd_ = headDimOf(s);
        I_ = s.intermediate;
        auto read = [&](const std::string& name) { return weights.at(name); };
        embed_ = read("model.embed_tokens.weight");
        for (int l = 0; l < s.layers; ++l) {
            const std::string p = "model.layers." + std::to_string(l) + ".";
            Layer L;
            L.inNorm = read(p + "input_layernorm.weight");
            L.postNorm = read(p + "post_attention_layernorm.weight");
            L.wq = read(p + "self_attn.q_proj.weight");
            L.wk = read(p + "self_attn.k_proj.weight");
            L.wv = read(p + "self_attn.v_proj.weight");
            L.wo = read(p + "self_attn.o_proj.weight");
            if (hasQkvBias(s)) {
                L.bq = read(p + "self_attn.q_proj.bias");
                L.bk = read(p + "self_attn.k_proj.bias");
                L.bv = read(p + "self_attn.v_proj.bias");
            }
            if (hasOBias(s)) L.bo = read(p + "self_attn.o_proj.bias");
            L.wg = read(p + "mlp.gate_proj.weight");
            L.wu = read(p + "mlp.up_proj.weight");
            L.wd = read(p + "mlp.down_proj.weight");
            if (hasMlpBias(s)) {
                L.bg = read(p + "mlp.gate_proj.bias");
                L.bu = read(p + "mlp.up_proj.bias");
                L.bd = read(p + "mlp.down_proj.bias");
            }
            layers_.push_back(std::move(L));
        }
        norm_ = read("model.norm.weight");
        head_ = s.tied ? embed_ : read("lm_head.weight");
    }

    // inv_freq for a forward pass over `seqLen` positions, as HF's rope init functions compute it.
    Vec inverseFrequencies(int seqLen) const {
        const int d = hd_;
        const std::string rope = s_.rope;
        double base = s_.theta;
        if (rope == "dynamic" && seqLen > s_.maxPositions) {
            // _compute_dynamic_ntk_parameters with seq_len = max(position_ids) + 1.
            const double f = s_.factor;
            base *= std::pow(f * seqLen / s_.maxPositions - (f - 1.0), double(d) / double(d - 2));
        }
        Vec inv(std::size_t(d / 2));
        for (int i = 0; i < d / 2; ++i) inv[i] = 1.0 / std::pow(base, double(2 * i) / double(d));
        if (rope == "linear") {
            for (double& v : inv) v /= s_.factor; // same as dividing the positions by the factor
        } else if (rope == "llama3") {
            const double old = s_.originalMax;
            const double lowWavelen = old / s_.lowFreq, highWavelen = old / s_.highFreq;
            for (double& v : inv) {
                const double wavelen = 2.0 * M_PI / v;
                if (wavelen < highWavelen) continue; // high frequency: untouched
                if (wavelen > lowWavelen) {          // low frequency: scaled by the factor
                    v /= s_.factor;
                    continue;
                }
                const double smooth = (old / wavelen - s_.lowFreq) / (s_.highFreq - s_.lowFreq);
                v = (1.0 - smooth) * v / s_.factor + smooth * v;
            }
        }
        return inv;
    }

    // Logits [T][vocab] for one sequence (no cache: everything from scratch).
    std::vector<Vec> forward(const std::vector<std::int32_t>& ids) const {
        const int T = int(ids.size());
        std::vector<Vec> h(T, Vec(D_));
        for (int t = 0; t < T; ++t)
            for (int j = 0; j < D_; ++j) h[t][j] = embed_[std::size_t(ids[t]) * D_ + j];
        const Vec inv = inverseFrequencies(T);
        for (const Layer& L : layers_) {
            // Attention block.
            std::vector<Vec> q(T), k(T), v(T);
            for (int t = 0; t < T; ++t) {
                const Vec x = rmsNorm(h[t], L.inNorm);
                q[t] = linear(L.wq, L.bq, x, H_ * hd_);
                k[t] = linear(L.wk, L.bk, x, KV_ * hd_);
                v[t] = linear(L.wv, L.bv, x, KV_ * hd_);
                for (int hh = 0; hh < H_; ++hh) rotate(q[t], hh * hd_, t, inv);
                for (int hh = 0; hh < KV_; ++hh) rotate(k[t], hh * hd_, t, inv);
            }
            const int group = H_ / KV_;
            for (int t = 0; t < T; ++t) {
                Vec attn(std::size_t(H_ * hd_), 0.0);
                for (int hh = 0; hh < H_; ++hh) {
                    const int kvh = hh / group;
                    Vec scores(std::size_t(t + 1));
                    double mx = -1e300;
                    for (int s = 0; s <= t; ++s) { // causal: query t sees keys 0..t
                        if (s_.slidingWindow > 0 && t - s >= s_.slidingWindow) {
                            scores[s] = -1e300; // outside the window: exp() gives exactly 0
                            continue;
                        }
                        double dot = 0;
                        for (int e = 0; e < hd_; ++e) dot += q[t][hh * hd_ + e] * k[s][kvh * hd_ + e];
                        scores[s] = dot / std::sqrt(double(hd_));
                        mx = std::max(mx, scores[s]);
                    }
                    double sum = 0;
                    for (double& sc : scores) sum += (sc = std::exp(sc - mx));
                    for (int s = 0; s <= t; ++s)
                        for (int e = 0; e < hd_; ++e)
                            attn[hh * hd_ + e] += scores[s] / sum * v[s][kvh * hd_ + e];
                }
                const Vec o = linear(L.wo, L.bo, attn, D_);
                for (int j = 0; j < D_; ++j) h[t][j] += o[j];
            }
            // MLP block: down(silu(gate x) * up x).
            for (int t = 0; t < T; ++t) {
                const Vec x = rmsNorm(h[t], L.postNorm);
                const Vec g = linear(L.wg, L.bg, x, I_);
                const Vec u = linear(L.wu, L.bu, x, I_);
                Vec a(static_cast<std::size_t>(I_));
                for (int j = 0; j < I_; ++j) a[j] = g[j] / (1.0 + std::exp(-g[j])) * u[j];
                const Vec dn = linear(L.wd, L.bd, a, D_);
                for (int j = 0; j < D_; ++j) h[t][j] += dn[j];
            }
        }
        std::vector<Vec> logits(T);
        for (int t = 0; t < T; ++t) logits[t] = linear(head_, {}, rmsNorm(h[t], norm_), kVocab);
        return logits;
    }

private:
    struct Layer {
        Vec inNorm, postNorm, wq, bq, wk, bk, wv, bv, wo, bo, wg, bg, wu, bu, wd, bd;
    };

    Vec rmsNorm(const Vec& x, const Vec& w) const {
        double ms = 0;
        for (double v : x) ms += v * v;
        ms /= double(x.size());
        const double r = 1.0 / std::sqrt(ms + s_.eps);
        Vec y(x.size());
        for (std::size_t j = 0; j < x.size(); ++j) y[j] = x[j] * r * w[j];
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

    // HF rotate-half: pairs (i, i + d/2) rotate by angle pos * inv_freq[i].
    void rotate(Vec& x, int off, int pos, const Vec& inv) const {
        const int half = hd_ / 2;
        for (int i = 0; i < half; ++i) {
            const double a = double(pos) * inv[i];
            const double c = std::cos(a), sn = std::sin(a);
            const double x1 = x[off + i], x2 = x[off + half + i];
            x[off + i] = x1 * c - x2 * sn;
            x[off + half + i] = x2 * c + x1 * sn;
        }
    }

    Spec s_;
    int D_ = 0, H_ = 0, KV_ = 0, hd_ = 0, I_ = 0;
    Vec embed_, norm_, head_;
    std::vector<Layer> layers_;
};

std::vector<std::int32_t> randomIds(int n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> dist(3, kVocab - 1);
    std::vector<std::int32_t> ids{kBos};
    while (int(ids.size()) < n) ids.push_back(dist(rng));
    return ids;
}

} // namespace

class TestForwardOracle : public QObject {
    Q_OBJECT

    std::map<int, std::string> dirs_;

    // The row's model folder, written once per run.
    std::string modelDir(int index) {
        auto it = dirs_.find(index);
        if (it != dirs_.end()) return it->second;
        const Spec& s = specs()[std::size_t(index)];
        const std::string dir = owqtest::scratchDir(std::string("oracle-") + s.name);
        writeModel(s, dir, seedOf(index));
        dirs_[index] = dir;
        return dir;
    }

    static std::uint64_t seedOf(int index) { return 0x5eed0000u + std::uint64_t(index); }
    // The oracle of a row, from the same random values its checkpoint was written from.
    static Oracle oracleOf(int index) {
        const Spec& s = specs()[std::size_t(index)];
        return Oracle(s, storedValues(randomTensors(s, seedOf(index)), s.dtype));
    }

    static void addRows() {
        QTest::addColumn<int>("spec");
        for (std::size_t i = 0; i < specs().size(); ++i) QTest::newRow(specs()[i].name) << int(i);
    }

    // Largest |engine - oracle| over all rows of a [T x vocab] block, and the oracle's largest |logit|.
    static std::pair<double, double> compare(const std::vector<float>& engine,
                                             const std::vector<Vec>& oracle) {
        double maxDiff = 0, scale = 0;
        for (std::size_t t = 0; t < oracle.size(); ++t)
            for (int j = 0; j < kVocab; ++j) {
                const double o = oracle[t][j];
                maxDiff = std::max(maxDiff, std::abs(double(engine[t * kVocab + std::size_t(j)]) - o));
                scale = std::max(scale, std::abs(o));
            }
        return {maxDiff, scale};
    }

    static void checkLogits(const LanguageModel& lm, const Oracle& oracle,
                            const std::vector<std::int32_t>& ids, const char* what) {
        const std::vector<float> got = lm.logits(ids);
        QCOMPARE(got.size(), ids.size() * std::size_t(kVocab));
        const auto [diff, scale] = compare(got, oracle.forward(ids));
        const double rel = diff / std::max(scale, 1e-30);
        qInfo("%s, %d tokens: max |engine - oracle| %.3g, logit scale %.3g, relative %.3g", what,
              int(ids.size()), diff, scale, rel);
        QVERIFY(scale > 0.1); // the logits carry signal
        // float32 engine against the double oracle: measured at most 4.1e-7 over every row.
        QVERIFY2(rel < 1.2e-6, qPrintable(QString("relative logit error %1").arg(rel)));
    }

private slots:
    void initTestCase() {
        // The generator's llama3 values must put frequencies in all three regimes (kept, smoothed, scaled).
        for (const Spec& s : specs()) {
            if (std::string(s.rope) != "llama3") continue;
            int high = 0, medium = 0, low = 0;
            const int d = headDimOf(s);
            for (int i = 0; i < d / 2; ++i) {
                const double wavelen = 2.0 * M_PI * std::pow(s.theta, double(2 * i) / double(d));
                if (wavelen < s.originalMax / s.highFreq)
                    ++high;
                else if (wavelen > s.originalMax / s.lowFreq)
                    ++low;
                else
                    ++medium;
            }
            QVERIFY2(high > 0 && medium > 0 && low > 0, s.name);
        }
    }

    void logitsMatchOracle_data() { addRows(); }
    void logitsMatchOracle() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, spec);
        const Spec& s = specs()[std::size_t(spec)];
        const std::string dir = modelDir(spec);
        auto lm = LanguageModel::open(dir, {"cpu", 1});
        QCOMPARE(lm->config().headDim, std::int64_t(headDimOf(s)));
        QCOMPARE(QString::fromStdString(lm->checkpoint().weightDtype()), QString(dtypeName(s.dtype)));
        const Oracle oracle = oracleOf(spec);
        const std::vector<std::int32_t> ids = randomIds(s.seqLen, 0xabc0000u + std::uint64_t(spec));

        // Within the context.
        const int inContext = std::min(s.seqLen, s.maxPositions);
        checkLogits(*lm, oracle, std::vector<std::int32_t>(ids.begin(), ids.begin() + inContext), s.name);
        // A short prefix too (dynamic RoPE and the rope cache must not depend on earlier calls).
        checkLogits(*lm, oracle, std::vector<std::int32_t>(ids.begin(), ids.begin() + 5), s.name);

        if (s.seqLen > s.maxPositions) {
            // Dynamic NTK scaling only changes anything beyond max_position_embeddings, where the engine
            // runs up to factor x the context (ModelConfig::contextLimit) as transformers would.
            const Vec plain = oracle.inverseFrequencies(s.maxPositions),
                      grown = oracle.inverseFrequencies(s.seqLen);
            QVERIFY(grown.back() < plain.back() * 0.99); // the oracle does scale there
            checkLogits(*lm, oracle, ids, s.name);
            // Back within the context: the original frequencies again (transformers resets them too).
            checkLogits(*lm, oracle, std::vector<std::int32_t>(ids.begin(), ids.begin() + inContext), s.name);
            // Past factor x the context: refused, naming the limit.
            const std::vector<std::int32_t> tooLong(std::size_t(lm->config().contextLimit() + 1), kBos);
            QVERIFY_THROWS_EXCEPTION(Error, lm->logits(tooLong));
        }
    }

    void greedyMatchesOracle_data() { addRows(); }
    void greedyMatchesOracle() {
        OWQ_REQUIRE_SHARED();
        QFETCH(int, spec);
        const Spec& s = specs()[std::size_t(spec)];
        QVERIFY(kPrompt + kGenerated <= s.maxPositions);
        const std::string dir = modelDir(spec);
        auto lm = LanguageModel::open(dir, {"cpu", 1});
        const Oracle oracle = oracleOf(spec);
        const std::vector<std::int32_t> prompt = randomIds(kPrompt, 0xdef0000u + std::uint64_t(spec));

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
            [&](const std::vector<std::int32_t>& seq) { return oracle.forward(seq).back(); }, &clearSteps);
        if (QTest::currentTestFailed()) return;
        QVERIFY(clearSteps >= kGenerated - 1);
        qInfo("%s: %d greedy tokens match the oracle", s.name, kGenerated);
    }
};

QTEST_GUILESS_MAIN(TestForwardOracle)
#include "test_forward_oracle.moc"
