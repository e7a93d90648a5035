// config.json parsing and validation. See owq/config.h.
#include "owq/config.h"

#include "owq/error.h"

#include <nlohmann/json.hpp>

#include "util/text_util.h"
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace owq {

namespace {

using detail::printable;

using json = nlohmann::json;

constexpr int kMaxJsonDepth = 64;

struct TooDeep {};

// Parses with a nesting limit so hostile input cannot exhaust memory or the stack.
json parseLimited(const std::string& text) {
    auto cb = [](int depth, json::parse_event_t event, json&) -> bool {
        if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
            depth >= kMaxJsonDepth)
            throw TooDeep{};
        return true;
    };
    return json::parse(text, cb, true, false);
}

const char* typeName(const json& v) {
    if (v.is_number_integer()) return "an integer";
    if (v.is_number_float()) return "a number with a fraction";
    return v.type_name();
}

// Reads fields of one JSON object, raising Config errors naming `origin` and the field.
class Fields {
public:
    Fields(const json& obj, std::string origin, std::string prefix = {})
        : obj_(obj), origin_(std::move(origin)), prefix_(std::move(prefix)) {}

    [[noreturn]] void fail(ErrorKind kind, const std::string& what) const {
        throw Error(kind, origin_ + ": " + what);
    }

    std::string field(const char* name) const { return "'" + prefix_ + name + "'"; }

    // The value, or nullptr when absent or null.
    const json* get(const char* name) const {
        auto it = obj_.find(name);
        if (it == obj_.end() || it->is_null()) return nullptr;
        return &*it;
    }
    // The value even when null, or nullptr when absent.
    const json* raw(const char* name) const {
        auto it = obj_.find(name);
        return it == obj_.end() ? nullptr : &*it;
    }
    const json& required(const char* name) const {
        auto it = obj_.find(name);
        if (it == obj_.end()) fail(ErrorKind::Config, "missing required field " + field(name));
        if (it->is_null()) fail(ErrorKind::Config, "required field " + field(name) + " is null");
        return *it;
    }

    std::int64_t asInt(const char* name, const json& v) const {
        if (v.is_number_integer()) {
            if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
                fail(ErrorKind::Config, "field " + field(name) + " is out of range");
            return v.get<std::int64_t>();
        }
        if (v.is_number_float()) {
            const double d = v.get<double>();
            if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) return std::int64_t(d);
        }
        fail(ErrorKind::Config, "field " + field(name) + " must be an integer (found " + typeName(v) + " " +
                                    printable(v.dump(), 60) + ")");
    }
    double asDouble(const char* name, const json& v) const {
        if (!v.is_number())
            fail(ErrorKind::Config, "field " + field(name) + " must be a number (found " + typeName(v) + ")");
        return v.get<double>();
    }
    bool asBool(const char* name, const json& v) const {
        if (!v.is_boolean())
            fail(ErrorKind::Config,
                 "field " + field(name) + " must be true or false (found " + typeName(v) + ")");
        return v.get<bool>();
    }
    std::string asString(const char* name, const json& v) const {
        if (!v.is_string())
            fail(ErrorKind::Config, "field " + field(name) + " must be a string (found " + typeName(v) + ")");
        return v.get<std::string>();
    }

    std::int64_t reqInt(const char* name) const { return asInt(name, required(name)); }
    double reqDouble(const char* name) const { return asDouble(name, required(name)); }
    std::int64_t optInt(const char* name, std::int64_t def) const {
        const json* v = get(name);
        return v ? asInt(name, *v) : def;
    }
    double optDouble(const char* name, double def) const {
        const json* v = get(name);
        return v ? asDouble(name, *v) : def;
    }
    bool optBool(const char* name, bool def) const {
        const json* v = get(name);
        return v ? asBool(name, *v) : def;
    }
    std::string optString(const char* name, const std::string& def) const {
        const json* v = get(name);
        return v ? asString(name, *v) : def;
    }

    // Range checks.
    void positive(const char* name, std::int64_t v, std::int64_t max) const {
        if (v <= 0)
            fail(ErrorKind::Config,
                 "field " + field(name) + " must be positive (found " + std::to_string(v) + ")");
        if (v > max)
            fail(ErrorKind::Config, "field " + field(name) + " is implausibly large (" + std::to_string(v) +
                                        ", limit " + std::to_string(max) + ")");
    }
    void positiveFinite(const char* name, double v) const {
        if (!(v > 0) || !std::isfinite(v))
            fail(ErrorKind::Config, "field " + field(name) + " must be a positive finite number (found " +
                                        printable(json(v).dump()) + ")");
    }

private:
    const json& obj_;
    std::string origin_;
    std::string prefix_;
};

constexpr std::int64_t kMaxLayers = 1'000'000;
constexpr std::int64_t kMaxHidden = 1'000'000;
constexpr std::int64_t kMaxHeads = 1'000'000;
constexpr std::int64_t kMaxIntermediate = 1LL << 24;
constexpr std::int64_t kMaxVocab = 1LL << 24;
constexpr std::int64_t kMaxHeadDim = 1LL << 16;
constexpr std::int64_t kMaxPositions = 1LL << 30;
constexpr double kMaxParameters = 1e13;

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

long double parameterCountWide(const ModelConfig& c) {
    const long double hidden = c.hiddenSize, inter = c.intermediateSize, hd = c.headDim;
    const long double qDim = (long double)c.numHeads * hd, kvDim = (long double)c.numKvHeads * hd;
    long double perLayer = hidden * qDim * 2 + hidden * kvDim * 2 + hidden * inter * 3 + hidden * 2;
    if (c.attentionBias) perLayer += qDim + 2 * kvDim;
    if (c.oBias) perLayer += hidden;
    if (c.mlpBias) perLayer += 2 * inter + hidden;
    long double total = perLayer * c.numLayers + (long double)c.vocabSize * hidden + hidden;
    if (!c.tieWordEmbeddings) total += (long double)c.vocabSize * hidden;
    return total;
}

} // namespace

const std::vector<std::string>& supportedModelTypes() {
    static const std::vector<std::string> types{"llama", "mistral", "qwen2"};
    return types;
}

std::int64_t ModelConfig::parameterCount() const {
    const long double n = parameterCountWide(*this);
    if (n > (long double)INT64_MAX) return INT64_MAX;
    return std::int64_t(n);
}

std::string ModelConfig::toJson() const {
    nlohmann::ordered_json j;
    j["model_type"] = modelType;
    j["architecture"] = architecture;
    j["hidden_size"] = hiddenSize;
    j["intermediate_size"] = intermediateSize;
    j["num_hidden_layers"] = numLayers;
    j["num_attention_heads"] = numHeads;
    j["num_key_value_heads"] = numKvHeads;
    j["head_dim"] = headDim;
    j["vocab_size"] = vocabSize;
    j["max_position_embeddings"] = maxPositions;
    j["rms_norm_eps"] = rmsNormEps;
    j["rope_theta"] = ropeTheta;
    if (ropeScaling.type == "none") {
        j["rope_scaling"] = nullptr;
    } else {
        nlohmann::ordered_json rs;
        rs["type"] = ropeScaling.type;
        rs["factor"] = ropeScaling.factor;
        if (ropeScaling.type == "llama3") {
            rs["low_freq_factor"] = ropeScaling.lowFreqFactor;
            rs["high_freq_factor"] = ropeScaling.highFreqFactor;
        }
        if (ropeScaling.type != "linear")
            rs["original_max_position_embeddings"] = ropeScaling.originalMaxPositions;
        j["rope_scaling"] = std::move(rs);
    }
    j["tie_word_embeddings"] = tieWordEmbeddings;
    j["attention_bias"] = attentionBias;
    j["o_bias"] = oBias;
    j["mlp_bias"] = mlpBias;
    j["sliding_window"] = slidingWindow;
    j["hidden_act"] = hiddenAct;
    j["bos_token_id"] = bosTokenId;
    j["eos_token_id"] = eosTokenIds;
    j["torch_dtype"] = torchDtype;
    j["parameter_count"] = parameterCount();
    if (quantization.method.empty()) {
        j["quantization"] = nullptr;
    } else {
        nlohmann::ordered_json q;
        q["method"] = quantization.method;
        q["format"] = quantization.packed ? "packed" : "fake";
        if (quantization.packed) {
            q["format_version"] = quantization.formatVersion;
            q["bits"] = quantization.bits;
            q["group_size"] = quantization.groupSize;
        }
        q["sym"] = quantization.symmetric;
        q["average_bits"] = quantization.averageBits;
        j["quantization"] = std::move(q);
    }
    return j.dump(2);
}

namespace {

// quantization_config: OWQ's own (packed or fake-quantized); other methods' formats are refused by name.
QuantizationInfo parseQuantization(const json& q, const std::string& origin) {
    if (!q.is_object())
        throw Error(ErrorKind::Config, origin + ": field 'quantization_config' must be an object");
    const Fields f(q, origin, "quantization_config.");
    QuantizationInfo info;
    info.method = f.optString("quant_method", "");
    if (info.method != "owq")
        f.fail(ErrorKind::Unsupported,
               "quantization method '" + printable(info.method, 40) +
                   "' is not supported (this build reads unquantized checkpoints and OWQ's own format)");
    info.fake = f.optBool("fake_quantized", false);
    info.averageBits = f.optDouble("average_bits", 0.0);
    info.symmetric = f.optBool("sym", false);
    if (info.fake) return info;
    const std::string format = f.optString("format", "");
    if (format != "packed")
        f.fail(ErrorKind::Unsupported, "field " + f.field("format") + " is '" + printable(format, 40) +
                                           "'; expected 'packed' (or fake_quantized true)");
    info.packed = true;
    info.formatVersion = int(f.reqInt("format_version"));
    if (info.formatVersion < 1 || info.formatVersion > kPackedFormatVersion)
        f.fail(ErrorKind::Unsupported, "packed format version " + std::to_string(info.formatVersion) +
                                           " is not supported (this build reads versions 1 to " +
                                           std::to_string(kPackedFormatVersion) + ")");
    info.bits = int(f.reqInt("bits"));
    if (info.bits < 2 || info.bits > 4)
        f.fail(ErrorKind::Unsupported, "field " + f.field("bits") + " is " + std::to_string(info.bits) +
                                           "; packed models have 2, 3 or 4 bits");
    info.groupSize = f.optInt("group_size", 0);
    if (info.groupSize < 0) info.groupSize = 0; // -1 is the usual "per channel" spelling
    return info;
}

} // namespace

ModelConfig parseModelConfig(const std::string& jsonText, const std::string& origin) {
    json root;
    try {
        root = parseLimited(jsonText);
    } catch (const TooDeep&) {
        throw Error(ErrorKind::Format,
                    origin + ": JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, origin + ": not valid JSON: " + printable(e.what()));
    }
    if (!root.is_object()) throw Error(ErrorKind::Format, origin + ": the top level is not a JSON object");
    const Fields f(root, origin);

    ModelConfig c;
    c.modelType = f.asString("model_type", f.required("model_type"));
    const auto& types = supportedModelTypes();
    if (std::find(types.begin(), types.end(), c.modelType) == types.end())
        f.fail(ErrorKind::Unsupported, "model_type '" + printable(c.modelType, 80) +
                                           "' is not supported (supported: " + joined(types) + ")");

    if (const json* a = f.get("architectures")) {
        if (!a->is_array()) f.fail(ErrorKind::Config, "field 'architectures' must be a list of strings");
        for (const auto& e : *a)
            if (!e.is_string()) f.fail(ErrorKind::Config, "field 'architectures' must be a list of strings");
        if (!a->empty()) c.architecture = (*a)[0].get<std::string>();
    }
    if (c.architecture.empty()) {
        c.architecture = c.modelType == "llama"     ? "LlamaForCausalLM"
                         : c.modelType == "mistral" ? "MistralForCausalLM"
                                                    : "Qwen2ForCausalLM";
    }

    c.hiddenSize = f.reqInt("hidden_size");
    c.intermediateSize = f.reqInt("intermediate_size");
    c.numLayers = f.reqInt("num_hidden_layers");
    c.numHeads = f.reqInt("num_attention_heads");
    c.vocabSize = f.reqInt("vocab_size");
    f.positive("hidden_size", c.hiddenSize, kMaxHidden);
    f.positive("intermediate_size", c.intermediateSize, kMaxIntermediate);
    f.positive("num_hidden_layers", c.numLayers, kMaxLayers);
    f.positive("num_attention_heads", c.numHeads, kMaxHeads);
    f.positive("vocab_size", c.vocabSize, kMaxVocab);

    c.numKvHeads = f.optInt("num_key_value_heads", c.numHeads);
    f.positive("num_key_value_heads", c.numKvHeads, kMaxHeads);
    if (c.numHeads % c.numKvHeads != 0)
        f.fail(ErrorKind::Config, "num_attention_heads (" + std::to_string(c.numHeads) +
                                      ") is not divisible by num_key_value_heads (" +
                                      std::to_string(c.numKvHeads) + ")");
    if (f.get("head_dim")) {
        c.headDim = f.optInt("head_dim", 0);
        f.positive("head_dim", c.headDim, kMaxHeadDim);
    } else {
        if (c.hiddenSize % c.numHeads != 0)
            f.fail(ErrorKind::Config, "hidden_size (" + std::to_string(c.hiddenSize) +
                                          ") is not divisible by num_attention_heads (" +
                                          std::to_string(c.numHeads) + ") and head_dim is not given");
        c.headDim = c.hiddenSize / c.numHeads;
    }
    if (c.headDim % 2 != 0)
        f.fail(ErrorKind::Config,
               "head_dim (" + std::to_string(c.headDim) + ") must be even for rotary embeddings");

    const std::int64_t defaultPositions = c.modelType == "llama"     ? 2048
                                          : c.modelType == "mistral" ? 131072
                                                                     : 32768;
    c.maxPositions = f.optInt("max_position_embeddings", defaultPositions);
    f.positive("max_position_embeddings", c.maxPositions, kMaxPositions);
    c.rmsNormEps = f.optDouble("rms_norm_eps", 1e-6);
    if (!(c.rmsNormEps > 0) || !(c.rmsNormEps < 1))
        f.fail(ErrorKind::Config, "field 'rms_norm_eps' must be between 0 and 1, exclusive (found " +
                                      printable(json(c.rmsNormEps).dump()) + ")");
    c.ropeTheta = f.optDouble("rope_theta", 10000.0);
    f.positiveFinite("rope_theta", c.ropeTheta);

    if (const json* rs = f.get("rope_scaling")) {
        if (!rs->is_object()) f.fail(ErrorKind::Config, "field 'rope_scaling' must be null or an object");
        const Fields r(*rs, origin, "rope_scaling.");
        std::string type;
        if (r.get("rope_type"))
            type = r.asString("rope_type", *r.get("rope_type"));
        else if (r.get("type"))
            type = r.asString("type", *r.get("type"));
        else
            f.fail(ErrorKind::Config, "field 'rope_scaling' has neither 'type' nor 'rope_type'");
        if (type == "default") {
            c.ropeScaling = RopeScaling{};
        } else if (type == "linear" || type == "dynamic" || type == "llama3") {
            c.ropeScaling.type = type;
            c.ropeScaling.factor = r.reqDouble("factor");
            r.positiveFinite("factor", c.ropeScaling.factor);
            if (type == "llama3") {
                c.ropeScaling.lowFreqFactor = r.reqDouble("low_freq_factor");
                c.ropeScaling.highFreqFactor = r.reqDouble("high_freq_factor");
                c.ropeScaling.originalMaxPositions = r.reqInt("original_max_position_embeddings");
                r.positiveFinite("low_freq_factor", c.ropeScaling.lowFreqFactor);
                r.positiveFinite("high_freq_factor", c.ropeScaling.highFreqFactor);
                if (!(c.ropeScaling.highFreqFactor > c.ropeScaling.lowFreqFactor))
                    f.fail(ErrorKind::Config,
                           "rope_scaling: high_freq_factor must be greater than low_freq_factor");
            } else if (type == "dynamic") {
                c.ropeScaling.originalMaxPositions =
                    r.optInt("original_max_position_embeddings", c.maxPositions);
            }
            if (type != "linear")
                r.positive("original_max_position_embeddings", c.ropeScaling.originalMaxPositions,
                           kMaxPositions);
        } else {
            f.fail(ErrorKind::Unsupported, "rope_scaling type '" + printable(type, 80) +
                                               "' is not supported (supported: linear, dynamic, llama3)");
        }
    }

    c.tieWordEmbeddings = f.optBool("tie_word_embeddings", false);
    if (c.modelType == "qwen2") {
        c.attentionBias = true; // Qwen2 always has q/k/v biases and never an o bias
        c.oBias = false;
        f.optBool("attention_bias", false); // type check only
    } else if (c.modelType == "llama") {
        c.attentionBias = f.optBool("attention_bias", false);
        c.oBias = c.attentionBias;
    } else {
        f.optBool("attention_bias", false); // Mistral has no attention biases
    }
    const bool mlpBias = f.optBool("mlp_bias", false);
    c.mlpBias = c.modelType == "llama" && mlpBias; // only LLaMA has MLP biases

    // Sliding-window attention: Mistral uses it whenever sliding_window is set; Qwen2 only with
    // use_sliding_window (and then only above max_window_layers, which this engine does not model: refused).
    if (const json* w = f.raw("sliding_window"); w && !w->is_null()) {
        const std::int64_t window = f.asInt("sliding_window", *w);
        const bool used =
            c.modelType == "mistral" || (c.modelType == "qwen2" && f.optBool("use_sliding_window", false));
        if (used && window > 0 && window < c.maxPositions) {
            if (c.modelType == "qwen2")
                f.fail(ErrorKind::Unsupported,
                       "use_sliding_window with Qwen2's per-layer windows is not supported");
            c.slidingWindow = window;
        }
    }

    c.hiddenAct = f.optString("hidden_act", "silu");
    if (c.hiddenAct != "silu")
        f.fail(ErrorKind::Unsupported,
               "hidden_act '" + printable(c.hiddenAct, 80) + "' is not supported (supported: silu)");

    if (const json* b = f.raw("bos_token_id"); b && !b->is_null()) {
        c.bosTokenId = f.asInt("bos_token_id", *b);
    } else if (b) {
        c.bosTokenId = -1; // explicitly null: the model uses no BOS token
    }
    if (c.bosTokenId < -1) f.fail(ErrorKind::Config, "field 'bos_token_id' must not be negative");
    if (const json* e = f.get("eos_token_id")) {
        c.eosTokenIds.clear();
        if (e->is_array()) {
            for (const auto& id : *e) c.eosTokenIds.push_back(f.asInt("eos_token_id", id));
        } else {
            c.eosTokenIds.push_back(f.asInt("eos_token_id", *e));
        }
        for (auto id : c.eosTokenIds)
            if (id < 0) f.fail(ErrorKind::Config, "field 'eos_token_id' must not be negative");
    }
    if (f.get("torch_dtype"))
        c.torchDtype = f.optString("torch_dtype", c.torchDtype);
    else
        c.torchDtype = f.optString("dtype", c.torchDtype);

    if (const json* q = f.get("quantization_config")) c.quantization = parseQuantization(*q, origin);

    if (parameterCountWide(c) > kMaxParameters)
        f.fail(ErrorKind::Config,
               "the sizes describe an implausibly large model (more than 10 trillion parameters)");
    return c;
}

ModelConfig loadModelConfig(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(ErrorKind::Io, path + ": cannot open: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw Error(ErrorKind::Io, path + ": is a folder, not a config.json file");
    if (st.st_size > 64 * 1024 * 1024)
        throw Error(ErrorKind::Format, path + ": implausibly large for a config.json");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, path + ": cannot open: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(ErrorKind::Io, path + ": cannot read");
    return parseModelConfig(ss.str(), path);
}

} // namespace owq
