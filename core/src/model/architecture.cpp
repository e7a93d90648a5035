// The architecture table: each supported family described once. See owq/architecture.h.
#include "owq/architecture.h"

#include "owq/error.h"

#include <algorithm>
#include <cstdio>

namespace owq {

namespace {

// The families. Adding one: an entry here, its config.json fields in config.cpp, and whatever forward
// pieces it needs that the others lack (core/src/model/decoder_forward.cpp).
std::vector<Architecture> makeTable() {
    Architecture llama;
    llama.modelType = "llama";
    llama.family = "LLaMA";
    llama.className = "LlamaForCausalLM";
    llama.layerPrefix = "model.layers.";
    llama.embedName = "model.embed_tokens.weight";
    llama.finalNormName = "model.norm.weight";
    llama.defaultActivation = "silu";
    llama.defaultContext = 2048;
    llama.qkvBias = llama.oBias = BiasFlag::AttentionBias;
    llama.mlpBias = BiasFlag::MlpBias;

    Architecture mistral = llama;
    mistral.modelType = "mistral";
    mistral.family = "Mistral";
    mistral.className = "MistralForCausalLM";
    mistral.defaultContext = 131072;
    mistral.qkvBias = mistral.oBias = mistral.mlpBias = BiasFlag::Never;

    Architecture qwen2 = llama;
    qwen2.modelType = "qwen2";
    qwen2.family = "Qwen2";
    qwen2.className = "Qwen2ForCausalLM";
    qwen2.defaultContext = 32768;
    qwen2.qkvBias = BiasFlag::Always; // q/k/v biases always, never an o or MLP bias
    qwen2.oBias = qwen2.mlpBias = BiasFlag::Never;

    Architecture qwen3 = qwen2;
    qwen3.modelType = "qwen3";
    qwen3.family = "Qwen3";
    qwen3.className = "Qwen3ForCausalLM";
    qwen3.headNorms = true;
    qwen3.qkvBias = qwen3.oBias = BiasFlag::AttentionBias;

    Architecture phi3 = llama;
    phi3.modelType = "phi3";
    phi3.family = "Phi-3";
    phi3.className = "Phi3ForCausalLM";
    phi3.fusedQkv = true;
    phi3.fusedGateUp = true;
    phi3.defaultContext = 4096;
    phi3.qkvBias = phi3.oBias = phi3.mlpBias = BiasFlag::Never;

    Architecture gemma2 = llama;
    gemma2.modelType = "gemma2";
    gemma2.family = "Gemma-2";
    gemma2.className = "Gemma2ForCausalLM";
    gemma2.norm = NormKind::RmsNormPlusOne;
    gemma2.sandwichNorms = true;
    gemma2.embedScale = true;
    gemma2.tiedByDefault = true;
    gemma2.defaultActivation = "gelu_pytorch_tanh";
    gemma2.defaultContext = 8192;
    gemma2.mlpBias = BiasFlag::Never;

    Architecture opt;
    opt.modelType = "opt";
    opt.family = "OPT";
    opt.className = "OPTForCausalLM";
    opt.norm = NormKind::LayerNorm;
    opt.positions = PositionKind::Learned;
    opt.gatedMlp = false;
    opt.tiedByDefault = true;
    opt.layerPrefix = "model.decoder.layers.";
    opt.embedName = "model.decoder.embed_tokens.weight";
    opt.positionName = "model.decoder.embed_positions.weight";
    opt.finalNormName = "model.decoder.final_layer_norm.weight";
    opt.projectInName = "model.decoder.project_in.weight";
    opt.projectOutName = "model.decoder.project_out.weight";
    opt.defaultActivation = "relu";
    opt.defaultContext = 2048;
    opt.mlpShare = 0.25;
    opt.qkvBias = opt.oBias = opt.mlpBias = BiasFlag::EnableBias;

    return {llama, mistral, qwen2, qwen3, phi3, gemma2, opt};
}

const std::vector<Architecture>& table() {
    static const std::vector<Architecture> t = makeTable();
    return t;
}

} // namespace

const std::vector<std::string>& supportedModelTypes() {
    static const std::vector<std::string> types = [] {
        std::vector<std::string> v;
        for (const Architecture& a : table()) v.push_back(a.modelType);
        return v;
    }();
    return types;
}

const Architecture& architectureOf(const std::string& modelType) {
    for (const Architecture& a : table())
        if (a.modelType == modelType) return a;
    std::string list;
    for (const std::string& t : supportedModelTypes()) list += (list.empty() ? "" : ", ") + t;
    throw Error(ErrorKind::Unsupported,
                "model_type '" + modelType + "' is not supported (supported: " + list + ")");
}

const Architecture& architectureOf(const ModelConfig& cfg) {
    return architectureOf(cfg.modelType);
}

std::vector<LinearSpec> layerLinears(const ModelConfig& c) {
    const Architecture& a = architectureOf(c);
    const std::int64_t D = c.hiddenSize, I = c.intermediateSize;
    const std::int64_t q = c.numHeads * c.headDim, kv = c.numKvHeads * c.headDim;
    const bool opt = a.modelType == "opt";
    std::vector<LinearSpec> out;
    auto add = [&](const char* kind, const char* parent, LinearRole role, bool attention, int group,
                   int parts, std::int64_t rows, std::int64_t cols, bool bias) {
        LinearSpec s;
        s.kind = kind;
        s.path = std::string(parent) + kind;
        s.role = role;
        s.attention = attention;
        s.group = group;
        s.parts = parts;
        s.rows = rows;
        s.cols = cols;
        s.bias = bias;
        out.push_back(std::move(s));
    };
    if (a.fusedQkv) {
        add("qkv_proj", "self_attn.", LinearRole::Qkv, true, 0, 3, q + 2 * kv, D, c.attentionBias);
    } else {
        add("q_proj", "self_attn.", LinearRole::Q, true, 0, 1, q, D, c.attentionBias);
        add("k_proj", "self_attn.", LinearRole::K, true, 0, 1, kv, D, c.attentionBias);
        add("v_proj", "self_attn.", LinearRole::V, true, 0, 1, kv, D, c.attentionBias);
    }
    add(opt ? "out_proj" : "o_proj", "self_attn.", LinearRole::O, true, 1, 1, D, q, c.oBias);
    if (!a.gatedMlp) {
        add("fc1", "", LinearRole::Fc1, false, 2, 1, I, D, c.mlpBias);
        add("fc2", "", LinearRole::Fc2, false, 3, 1, D, I, c.mlpBias);
    } else if (a.fusedGateUp) {
        add("gate_up_proj", "mlp.", LinearRole::GateUp, false, 2, 2, 2 * I, D, c.mlpBias);
        add("down_proj", "mlp.", LinearRole::Down, false, 3, 1, D, I, c.mlpBias);
    } else {
        add("gate_proj", "mlp.", LinearRole::Gate, false, 2, 1, I, D, c.mlpBias);
        add("up_proj", "mlp.", LinearRole::Up, false, 2, 1, I, D, c.mlpBias);
        add("down_proj", "mlp.", LinearRole::Down, false, 3, 1, D, I, c.mlpBias);
    }
    return out;
}

std::vector<NormSpec> layerNorms(const ModelConfig& c) {
    const Architecture& a = architectureOf(c);
    const std::int64_t D = c.hiddenSize;
    const bool bias = a.norm == NormKind::LayerNorm;
    if (a.modelType == "opt")
        return {{NormRole::AttentionIn, "self_attn_layer_norm", D, bias},
                {NormRole::MlpIn, "final_layer_norm", D, bias}};
    if (a.sandwichNorms)
        return {{NormRole::AttentionIn, "input_layernorm", D, bias},
                {NormRole::AttentionOut, "post_attention_layernorm", D, bias},
                {NormRole::MlpIn, "pre_feedforward_layernorm", D, bias},
                {NormRole::MlpOut, "post_feedforward_layernorm", D, bias}};
    std::vector<NormSpec> n{{NormRole::AttentionIn, "input_layernorm", D, bias},
                            {NormRole::MlpIn, "post_attention_layernorm", D, bias}};
    if (a.headNorms) {
        n.push_back({NormRole::QueryHead, "self_attn.q_norm", c.headDim, bias});
        n.push_back({NormRole::KeyHead, "self_attn.k_norm", c.headDim, bias});
    }
    return n;
}

LinearSpec linearSpec(const ModelConfig& cfg, const std::string& kind) {
    for (LinearSpec& s : layerLinears(cfg))
        if (s.kind == kind) return s;
    throw Error(ErrorKind::InvalidArgument,
                "a " + architectureOf(cfg).family + " decoder layer has no linear '" + kind + "'");
}

std::string layerPrefix(const ModelConfig& cfg, std::int64_t layer) {
    return architectureOf(cfg).layerPrefix + std::to_string(layer) + ".";
}

std::string linearName(const ModelConfig& cfg, std::int64_t layer, const std::string& kind) {
    return layerPrefix(cfg, layer) + linearSpec(cfg, kind).path;
}

std::pair<std::int64_t, std::string> parseLinearName(const ModelConfig& cfg, const std::string& name) {
    const std::string& prefix = architectureOf(cfg).layerPrefix;
    if (name.rfind(prefix, 0) != 0) return {-1, ""};
    const std::size_t dot = name.find('.', prefix.size());
    if (dot == std::string::npos || dot == prefix.size()) return {-1, ""};
    const std::string digits = name.substr(prefix.size(), dot - prefix.size());
    if (digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return {-1, ""};
    const std::int64_t layer = std::stoll(digits);
    if (layer >= cfg.numLayers) return {-1, ""};
    const std::string path = name.substr(dot + 1);
    for (const LinearSpec& s : layerLinears(cfg))
        if (s.path == path) return {layer, s.kind};
    return {-1, ""};
}

namespace {
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}
} // namespace

std::string describeArchitecture(const ModelConfig& c) {
    const Architecture& a = architectureOf(c);
    std::string s = a.family + ": ";
    s += a.norm == NormKind::LayerNorm        ? "LayerNorm"
         : a.norm == NormKind::RmsNormPlusOne ? "RMSNorm (1 + w)"
                                              : "RMSNorm";
    if (a.sandwichNorms) s += " before and after attention and MLP";
    if (!c.normBefore) s += " after the residual adds";
    if (a.headNorms) s += ", per-head q/k norms";
    if (a.fusedQkv) s += ", fused qkv";
    s += a.gatedMlp ? std::string(", ") + (a.fusedGateUp ? "fused " : "") + "gated MLP (" + c.hiddenAct + ")"
                    : ", MLP (" + c.hiddenAct + ")";
    if (a.positions == PositionKind::Learned) {
        s += ", learned positions";
    } else {
        s += ", RoPE";
        if (c.partialRotary < 1)
            s += " on " + std::to_string(c.rotaryDim()) + " of " + std::to_string(c.headDim) + " dims";
        if (c.ropeScaling.type != "none") s += " (" + c.ropeScaling.type + " scaling)";
    }
    if (c.slidingWindow > 0)
        s += ", sliding window " + std::to_string(c.slidingWindow) +
             (c.slidingLayers.empty() ? "" : " on alternate layers");
    if (c.attentionSoftcap > 0) s += ", attention soft-cap " + number(c.attentionSoftcap);
    if (c.finalSoftcap > 0) s += ", final soft-cap " + number(c.finalSoftcap);
    if (c.wordEmbedDim > 0) s += ", embeddings " + std::to_string(c.wordEmbedDim) + " wide (projected)";
    return s;
}

std::string describeLinears(const ModelConfig& c) {
    std::string s;
    for (const LinearSpec& l : layerLinears(c))
        s += (s.empty() ? "" : ", ") + l.kind + " " + std::to_string(l.rows) + "x" + std::to_string(l.cols);
    return s;
}

std::string headName(const ModelConfig& cfg) {
    return architectureOf(cfg).headName;
}

std::vector<TensorSpec> globalTensors(const ModelConfig& c) {
    const Architecture& a = architectureOf(c);
    const std::int64_t D = c.hiddenSize, E = c.embedDim();
    std::vector<TensorSpec> out;
    out.push_back({a.embedName, {c.vocabSize, E}});
    if (a.positions == PositionKind::Learned) out.push_back({a.positionName, {c.maxPositions + 2, D}});
    if (E != D) {
        out.push_back({a.projectInName, {D, E}});
        out.push_back({a.projectOutName, {E, D}});
    }
    if (c.finalNorm) {
        out.push_back({a.finalNormName, {D}});
        if (a.norm == NormKind::LayerNorm)
            out.push_back({a.finalNormName.substr(0, a.finalNormName.size() - 6) + "bias", {D}});
    }
    if (!c.tieWordEmbeddings) out.push_back({headName(c), {c.vocabSize, E}});
    return out;
}

std::vector<TensorSpec> layerTensors(const ModelConfig& c, std::int64_t layer) {
    const std::string p = layerPrefix(c, layer);
    std::vector<TensorSpec> out;
    for (const NormSpec& n : layerNorms(c)) {
        out.push_back({p + n.path + ".weight", {n.size}});
        if (n.bias) out.push_back({p + n.path + ".bias", {n.size}});
    }
    for (const LinearSpec& s : layerLinears(c)) {
        out.push_back({p + s.path + ".weight", {s.rows, s.cols}});
        if (s.bias) out.push_back({p + s.path + ".bias", {s.rows}});
    }
    return out;
}

} // namespace owq
