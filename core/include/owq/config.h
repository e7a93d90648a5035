// config.json of a Hugging Face decoder checkpoint (the families of owq/architecture.h), normalised.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace owq {

struct RopeScaling {
    std::string type = "none"; // none | linear | dynamic | llama3 | longrope
    double factor = 1.0;
    double lowFreqFactor = 1.0;            // llama3
    double highFreqFactor = 4.0;           // llama3
    std::int64_t originalMaxPositions = 0; // llama3 / dynamic / longrope
    // longrope (Phi-3): per-frequency divisors of the inverse frequencies, short up to
    // originalMaxPositions and long past it, and the factor cos and sin are scaled by.
    std::vector<double> shortFactor, longFactor;
    double attentionFactor = 1.0;
};

// config.json's quantization_config, as far as loading needs it.
struct QuantizationInfo {
    std::string method;         // empty: not quantized; "owq"
    bool packed = false;        // owq packed format (docs/FORMAT.md): linears stored as qweight/scales/...
    bool fake = false;          // dequantized float weights (readable as a plain checkpoint)
    int bits = 0;               // packed: 2, 3 or 4
    std::int64_t groupSize = 0; // packed: 0 = per output channel
    bool symmetric = false;
    int formatVersion = 0;
    double averageBits = 0; // as recorded by the quantizer (0 when absent)
    // How the packed folder stores the LM head (the embedding when tied): "" as the source stored it, "f32",
    // "bf16" (kept bfloat16 in memory) or "int8" (per-row int8 codes + float32 scales, format version 2).
    std::string head;
    // Linears whose bit width is not `bits` (full name -> 2, 3 or 4; mixed precision, format version 3).
    std::map<std::string, int> linearBits;
    int bitsOf(const std::string& linear) const {
        const auto it = linearBits.find(linear);
        return it != linearBits.end() ? it->second : bits;
    }
};

// Version of the packed format this build writes by default (and whenever version 1 holds the model).
constexpr int kPackedFormatVersion = 1;
// Version written for an int8 head (tensors a version-1 reader does not know), and the newest this build
// reads.
constexpr int kPackedFormatVersionInt8Head = 2;
// Version written when linears have different bit widths (quantization_config.bits_overrides); it reads
// every version-2 feature too.
constexpr int kPackedFormatVersionMixedBits = 3;
constexpr int kPackedFormatVersionNewest = 3;

struct ModelConfig {
    std::string modelType;    // a supportedModelTypes() entry (owq/architecture.h)
    std::string architecture; // e.g. LlamaForCausalLM
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0; // MLP width (OPT: ffn_dim)
    std::int64_t numLayers = 0;
    std::int64_t numHeads = 0;
    std::int64_t numKvHeads = 0;
    std::int64_t headDim = 0;
    std::int64_t vocabSize = 0;
    std::int64_t maxPositions = 2048;
    double normEps = 1e-6; // rms_norm_eps (OPT's LayerNorm: 1e-5)
    double ropeTheta = 10000.0;
    RopeScaling ropeScaling;
    bool tieWordEmbeddings = false;
    bool attentionBias = false; // q/k/v (and o when oBias) biases
    bool oBias = false;
    bool mlpBias = false;
    std::int64_t slidingWindow = 0; // attention sees at most this many keys (Mistral); 0: unlimited
    // Layers that use the sliding window (Gemma-2: even layers); empty: all of them.
    std::vector<bool> slidingLayers;
    double partialRotary = 1.0;     // share of each head RoPE rotates (Phi-4-mini: 0.75)
    std::string hiddenAct = "silu"; // silu | gelu_pytorch_tanh | gelu | relu
    // Gemma-2: attention scores and final logits soft-capped as cap * tanh(x / cap) (0: off), and the
    // attention scale query_pre_attn_scalar^-0.5 (0: head_dim^-0.5).
    double attentionSoftcap = 0, finalSoftcap = 0;
    double queryPreAttnScalar = 0;
    // OPT: token embeddings of this width projected to hidden (project_in/out) when it differs; norms
    // before (true) or after the residual add; whether the decoder ends with a final norm.
    std::int64_t wordEmbedDim = 0;
    bool normBefore = true;
    bool finalNorm = true;
    std::int64_t bosTokenId = 1;
    std::vector<std::int64_t> eosTokenIds{2};
    std::string torchDtype = "float32";
    QuantizationInfo quantization;

    // Parameters of the decoder (embeddings and head included once each).
    std::int64_t parameterCount() const;
    // The longest sequence the engine runs: max_position_embeddings, or factor times it with dynamic NTK
    // RoPE, which transformers applies past the trained context (the rope base grows with the sequence).
    std::int64_t contextLimit() const {
        if (ropeScaling.type == "dynamic" && ropeScaling.factor > 1)
            return std::int64_t(double(maxPositions) * ropeScaling.factor);
        return maxPositions;
    }
    std::string toJson() const; // the normalised view, for `owq info --json`

    std::int64_t embedDim() const { return wordEmbedDim > 0 ? wordEmbedDim : hiddenSize; }
    // The window length calibration and evaluation use when none is given: min(2048, context), as the
    // references do. One definition for the engine, the pipeline and the front ends.
    std::int64_t defaultSeqlen() const { return maxPositions < 2048 ? maxPositions : 2048; }
    std::int64_t rotaryDim() const { return std::int64_t(double(headDim) * partialRotary) / 2 * 2; }
    // The sliding window of decoder layer `layer` (0: it attends to everything).
    std::int64_t windowOf(std::int64_t layer) const {
        if (slidingLayers.empty()) return slidingWindow;
        return layer < std::int64_t(slidingLayers.size()) && slidingLayers[std::size_t(layer)] ? slidingWindow
                                                                                               : 0;
    }
};

// Parses and validates. `origin` names the file in errors. Throws owq::Error Config/Unsupported/Format.
ModelConfig parseModelConfig(const std::string& jsonText, const std::string& origin);
ModelConfig loadModelConfig(const std::string& path);

} // namespace owq
