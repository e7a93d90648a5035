// config.json of a Hugging Face LLaMA-family checkpoint, normalised.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace owq {

struct RopeScaling {
    std::string type = "none"; // none | linear | dynamic | llama3
    double factor = 1.0;
    double lowFreqFactor = 1.0;            // llama3
    double highFreqFactor = 4.0;           // llama3
    std::int64_t originalMaxPositions = 0; // llama3 / dynamic
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
};

// Version of the packed format this build writes and the newest it reads.
constexpr int kPackedFormatVersion = 1;

struct ModelConfig {
    std::string modelType;    // llama | mistral | qwen2
    std::string architecture; // e.g. LlamaForCausalLM
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0;
    std::int64_t numLayers = 0;
    std::int64_t numHeads = 0;
    std::int64_t numKvHeads = 0;
    std::int64_t headDim = 0;
    std::int64_t vocabSize = 0;
    std::int64_t maxPositions = 2048;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    RopeScaling ropeScaling;
    bool tieWordEmbeddings = false;
    bool attentionBias = false; // q/k/v (and o when oBias) biases
    bool oBias = false;
    bool mlpBias = false;
    std::int64_t slidingWindow = 0; // attention sees at most this many keys (Mistral); 0: unlimited
    std::string hiddenAct = "silu";
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
};

// Architectures (model_type values) this build runs.
const std::vector<std::string>& supportedModelTypes();

// Parses and validates. `origin` names the file in errors. Throws owq::Error Config/Unsupported/Format.
ModelConfig parseModelConfig(const std::string& jsonText, const std::string& origin);
ModelConfig loadModelConfig(const std::string& path);

} // namespace owq
