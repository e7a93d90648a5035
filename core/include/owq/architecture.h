// The model families this build runs, each described once (core/src/model/architecture.cpp): tensor names of
// embeddings, positions, norms and head; the linears of a decoder layer with their shapes from ModelConfig,
// true-sequential groups and bit-budget shares; norm kind, position encoding and the other traits the
// forward pass reads. Checkpoint validation, the quantization pipeline, packing, export, tuning and the
// front ends all read this table instead of matching projection names themselves.
#pragma once

#include "owq/config.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace owq {

enum class NormKind {
    RmsNorm,        // x / rms(x) * w
    RmsNormPlusOne, // x / rms(x) * (1 + w)   (Gemma)
    LayerNorm,      // (x - mean) / std * w + b   (OPT)
};

enum class PositionKind {
    Rotary,  // RoPE on q and k
    Learned, // a learned position table added to the embeddings (OPT: row p + 2)
};

// What a linear computes inside the layer (the forward pass picks its inputs and outputs by role).
enum class LinearRole { Q, K, V, Qkv, O, Gate, Up, GateUp, Down, Fc1, Fc2 };

// Norms a decoder layer may have, by where they sit.
enum class NormRole {
    AttentionIn,  // before attention (input_layernorm, self_attn_layer_norm)
    AttentionOut, // on the attention output before the residual add (Gemma-2 post_attention_layernorm)
    MlpIn,        // before the MLP (LLaMA post_attention_layernorm, OPT final_layer_norm)
    MlpOut,       // on the MLP output before the residual add (Gemma-2 post_feedforward_layernorm)
    QueryHead,    // per-head norm of q before RoPE (Qwen3 q_norm)
    KeyHead,      // per-head norm of k before RoPE (Qwen3 k_norm)
};

// One linear of a decoder layer, its shape resolved from a ModelConfig.
struct LinearSpec {
    std::string kind; // last part of its name, unique in a layer: "q_proj", "qkv_proj", "out_proj", "fc1"
    std::string path; // its name inside a layer: "self_attn.q_proj", "mlp.gate_up_proj", "fc1"
    LinearRole role = LinearRole::Q;
    bool attention = false; // attention or MLP: which share of the bit budget it draws from
    int group = 0; // true-sequential group: 0 attention input, 1 attention output, 2 MLP input, 3 MLP output
    int parts = 1; // projections it fuses ([q; k; v] = 3, [gate; up] = 2): its weight in the bit budget
    std::int64_t rows = 0, cols = 0; // [out, in]
    bool bias = false;
};

struct NormSpec {
    NormRole role = NormRole::AttentionIn;
    std::string path; // inside a layer: "input_layernorm", "self_attn.q_norm"
    std::int64_t size = 0;
    bool bias = false; // LayerNorm
};

struct TensorSpec {
    std::string name;
    std::vector<std::int64_t> shape;
};

// Where a family's biases come from: never, always, or config.json's attention_bias, mlp_bias or OPT's
// enable_bias (default true).
enum class BiasFlag { Never, Always, AttentionBias, MlpBias, EnableBias };

// One family's fixed traits. Sizes, epsilons and switches that vary between checkpoints of a family live in
// ModelConfig; this says what the family is made of.
struct Architecture {
    std::string modelType; // config.json model_type
    std::string family;    // for people: "LLaMA", "Qwen3", "OPT"
    std::string className; // architectures[0] when config.json has none
    NormKind norm = NormKind::RmsNorm;
    PositionKind positions = PositionKind::Rotary;
    bool headNorms = false;     // per-head q/k norms (Qwen3)
    bool sandwichNorms = false; // norms after attention and MLP too (Gemma-2)
    bool embedScale = false;    // embeddings times sqrt(hidden) (Gemma)
    bool fusedQkv = false;      // one [q; k; v] linear (Phi-3)
    bool fusedGateUp = false;   // one [gate; up] linear (Phi-3)
    bool gatedMlp = true;       // down(act(gate) * up); false: fc2(act(fc1)) (OPT)
    bool tiedByDefault = false; // tie_word_embeddings when config.json does not say
    // Which linears carry a bias, and which config.json flag says so.
    BiasFlag qkvBias = BiasFlag::Never, oBias = BiasFlag::Never, mlpBias = BiasFlag::Never;
    std::string layerPrefix;                 // "model.layers." / "model.decoder.layers."
    std::string embedName;                   // token embeddings
    std::string headName = "lm_head.weight"; // the LM head when not tied (every family here names it so)
    std::string positionName;                // learned positions ("" when rotary)
    std::string finalNormName;  // final norm weight ("" never; OPT-350m-style models may lack it)
    std::string projectInName;  // OPT word_embed_proj_dim != hidden: embeddings -> hidden
    std::string projectOutName; // hidden -> embeddings before the head
    std::string defaultActivation;
    std::int64_t defaultContext = 2048; // max_position_embeddings when config.json does not say
    // The OWQ reference's shares of the weak-column budget per linear type (its model_config.json:
    // LLaMA 1 / 0.375, OPT 1 / 0.25).
    double attentionShare = 1.0, mlpShare = 0.375;
};

// model_type values this build runs, in the order `owq info` lists them.
const std::vector<std::string>& supportedModelTypes();
// The family of a model_type; throws Error(Unsupported) listing the supported ones.
const Architecture& architectureOf(const std::string& modelType);
const Architecture& architectureOf(const ModelConfig& cfg);

// The linears of every decoder layer of `cfg`, in true-sequential order (groups ascending).
std::vector<LinearSpec> layerLinears(const ModelConfig& cfg);
// The norms of every decoder layer of `cfg`.
std::vector<NormSpec> layerNorms(const ModelConfig& cfg);
// The linear of `kind` ("q_proj"), or Error(InvalidArgument) naming it.
LinearSpec linearSpec(const ModelConfig& cfg, const std::string& kind);

// "model.layers.3." / "model.decoder.layers.3."
std::string layerPrefix(const ModelConfig& cfg, std::int64_t layer);
// Full name of a linear without ".weight": "model.layers.3.self_attn.q_proj".
std::string linearName(const ModelConfig& cfg, std::int64_t layer, const std::string& kind);
// (layer, kind) of a full linear name, or {-1, ""} when `name` is not a decoder linear of `cfg`.
std::pair<std::int64_t, std::string> parseLinearName(const ModelConfig& cfg, const std::string& name);

// Tensors outside the decoder layers (embeddings, positions, projections, final norm, head) and those of
// layer `layer`, with their shapes. expectedTensors (owq/checkpoint.h) is both for every layer.
std::vector<TensorSpec> globalTensors(const ModelConfig& cfg);
std::vector<TensorSpec> layerTensors(const ModelConfig& cfg, std::int64_t layer);

// One line for people: the family and what its layers are made of, e.g. "Gemma-2: RMSNorm (1 + w) before
// and after attention and MLP, gated MLP (gelu_pytorch_tanh), RoPE, sliding window 4096 on even layers,
// attention soft-cap 50, final soft-cap 30".
std::string describeArchitecture(const ModelConfig& cfg);
// The linears of a layer as "q_proj 2048x1024, k_proj 512x1024, ..." ([out x in]).
std::string describeLinears(const ModelConfig& cfg);

// Name of the LM head of cfg's family (its Architecture's headName).
std::string headName(const ModelConfig& cfg);

} // namespace owq
