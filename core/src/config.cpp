// config.json parsing and validation. See owq/config.h.
#include "owq/config.h"

#include "owq/architecture.h"
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
    auto count = [](const std::vector<TensorSpec>& tensors) {
        long double n = 0;
        for (const TensorSpec& t : tensors) {
            long double e = 1;
            for (std::int64_t d : t.shape) e *= (long double)d;
            n += e;
        }
        return n;
    };
    return count(layerTensors(c, 0)) * (long double)c.numLayers + count(globalTensors(c));
}

} // namespace

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
    j["norm_eps"] = normEps;
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
        if (ropeScaling.type == "longrope") {
            rs["short_factor"] = ropeScaling.shortFactor;
            rs["long_factor"] = ropeScaling.longFactor;
            rs["attention_factor"] = ropeScaling.attentionFactor;
        }
        j["rope_scaling"] = std::move(rs);
    }
    j["tie_word_embeddings"] = tieWordEmbeddings;
    j["attention_bias"] = attentionBias;
    j["o_bias"] = oBias;
    j["mlp_bias"] = mlpBias;
    j["sliding_window"] = slidingWindow;
    if (!slidingLayers.empty()) j["sliding_layers"] = slidingLayers;
    if (partialRotary != 1.0) j["partial_rotary_factor"] = partialRotary;
    j["hidden_act"] = hiddenAct;
    if (attentionSoftcap > 0) j["attn_logit_softcapping"] = attentionSoftcap;
    if (finalSoftcap > 0) j["final_logit_softcapping"] = finalSoftcap;
    if (queryPreAttnScalar > 0) j["query_pre_attn_scalar"] = queryPreAttnScalar;
    if (wordEmbedDim > 0) j["word_embed_proj_dim"] = wordEmbedDim;
    if (!normBefore) j["do_layer_norm_before"] = false;
    if (!finalNorm) j["final_norm"] = false;
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
            if (!quantization.head.empty()) q["head"] = quantization.head;
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
    if (info.formatVersion < 1 || info.formatVersion > kPackedFormatVersionNewest)
        f.fail(ErrorKind::Unsupported, "packed format version " + std::to_string(info.formatVersion) +
                                           " is not supported (this build reads versions 1 to " +
                                           std::to_string(kPackedFormatVersionNewest) + ")");
    info.head = f.optString("head", "");
    if (info.head == "source") info.head.clear();
    if (!info.head.empty() && info.head != "f32" && info.head != "bf16" && info.head != "int8")
        f.fail(ErrorKind::Unsupported, "field " + f.field("head") + " is '" + printable(info.head, 40) +
                                           "'; expected source, f32, bf16 or int8");
    if (info.head == "int8" && info.formatVersion < kPackedFormatVersionInt8Head)
        f.fail(ErrorKind::Format, "field " + f.field("head") + " is 'int8', which needs " +
                                      f.field("format_version") + " " +
                                      std::to_string(kPackedFormatVersionInt8Head) + " (found " +
                                      std::to_string(info.formatVersion) + ")");
    info.bits = int(f.reqInt("bits"));
    if (info.bits < 2 || info.bits > 4)
        f.fail(ErrorKind::Unsupported, "field " + f.field("bits") + " is " + std::to_string(info.bits) +
                                           "; packed models have 2, 3 or 4 bits");
    info.groupSize = f.optInt("group_size", 0);
    if (info.groupSize < 0) info.groupSize = 0; // -1 is the usual "per channel" spelling
    if (const json* o = f.get("bits_overrides")) {
        if (!o->is_object())
            f.fail(ErrorKind::Format, "field " + f.field("bits_overrides") + " is not an object");
        for (const auto& [name, v] : o->items()) {
            if (!v.is_number_integer() || v.get<std::int64_t>() < 2 || v.get<std::int64_t>() > 4)
                f.fail(ErrorKind::Unsupported, "field " + f.field("bits_overrides") + " gives '" +
                                                   printable(name, 80) + "' " + printable(v.dump(), 40) +
                                                   " bits; packed linears have 2, 3 or 4 bits");
            info.linearBits[name] = v.get<int>();
        }
        if (!info.linearBits.empty() && info.formatVersion < kPackedFormatVersionMixedBits)
            f.fail(ErrorKind::Format, "field " + f.field("bits_overrides") +
                                          " (bit widths per linear) needs " + f.field("format_version") +
                                          " " + std::to_string(kPackedFormatVersionMixedBits) + " (found " +
                                          std::to_string(info.formatVersion) + ")");
    }
    return info;
}

} // namespace

namespace {

// rope_scaling: linear, dynamic (NTK), llama3 and longrope (Phi-3; "su" is its older name).
void parseRopeScaling(const Fields& f, const json& rs, const std::string& origin, ModelConfig& c) {
    if (!rs.is_object()) f.fail(ErrorKind::Config, "field 'rope_scaling' must be null or an object");
    const Fields r(rs, origin, "rope_scaling.");
    std::string type;
    if (r.get("rope_type"))
        type = r.asString("rope_type", *r.get("rope_type"));
    else if (r.get("type"))
        type = r.asString("type", *r.get("type"));
    else
        f.fail(ErrorKind::Config, "field 'rope_scaling' has neither 'type' nor 'rope_type'");
    if (type == "su") type = "longrope";
    if (type == "default") {
        c.ropeScaling = RopeScaling{};
        return;
    }
    c.ropeScaling.type = type;
    if (type == "longrope") {
        // As transformers: a top-level original_max_position_embeddings (Phi-3) makes the factor
        // max_position_embeddings / original; otherwise rope_scaling's own factor and original.
        if (f.get("original_max_position_embeddings")) {
            c.ropeScaling.originalMaxPositions = f.optInt("original_max_position_embeddings", 0);
            f.positive("original_max_position_embeddings", c.ropeScaling.originalMaxPositions, kMaxPositions);
            c.ropeScaling.factor = double(c.maxPositions) / double(c.ropeScaling.originalMaxPositions);
        } else {
            c.ropeScaling.factor = r.optDouble("factor", 1.0);
            r.positiveFinite("factor", c.ropeScaling.factor);
            c.ropeScaling.originalMaxPositions = r.optInt("original_max_position_embeddings", c.maxPositions);
            r.positive("original_max_position_embeddings", c.ropeScaling.originalMaxPositions, kMaxPositions);
        }
        const double factor = c.ropeScaling.factor;
        c.ropeScaling.attentionFactor =
            factor <= 1.0
                ? 1.0
                : std::sqrt(1.0 + std::log(factor) / std::log(double(c.ropeScaling.originalMaxPositions)));
        if (r.get("attention_factor")) {
            c.ropeScaling.attentionFactor = r.optDouble("attention_factor", 1.0);
            r.positiveFinite("attention_factor", c.ropeScaling.attentionFactor);
        }
        const std::size_t want = std::size_t(c.rotaryDim() / 2);
        for (const char* name : {"short_factor", "long_factor"}) {
            const json& list = r.required(name);
            if (!list.is_array() || list.size() != want)
                f.fail(ErrorKind::Config, "field " + r.field(name) + " must be a list of " +
                                              std::to_string(want) + " numbers (one per rotary frequency)");
            std::vector<double>& dst =
                std::string(name) == "short_factor" ? c.ropeScaling.shortFactor : c.ropeScaling.longFactor;
            for (const json& v : list) {
                dst.push_back(r.asDouble(name, v));
                r.positiveFinite(name, dst.back());
            }
        }
        return;
    }
    if (type != "linear" && type != "dynamic" && type != "llama3")
        f.fail(ErrorKind::Unsupported,
               "rope_scaling type '" + printable(type, 80) +
                   "' is not supported (supported: linear, dynamic, llama3, longrope)");
    c.ropeScaling.factor = r.reqDouble("factor");
    r.positiveFinite("factor", c.ropeScaling.factor);
    if (type == "llama3") {
        c.ropeScaling.lowFreqFactor = r.reqDouble("low_freq_factor");
        c.ropeScaling.highFreqFactor = r.reqDouble("high_freq_factor");
        c.ropeScaling.originalMaxPositions = r.reqInt("original_max_position_embeddings");
        r.positiveFinite("low_freq_factor", c.ropeScaling.lowFreqFactor);
        r.positiveFinite("high_freq_factor", c.ropeScaling.highFreqFactor);
        if (!(c.ropeScaling.highFreqFactor > c.ropeScaling.lowFreqFactor))
            f.fail(ErrorKind::Config, "rope_scaling: high_freq_factor must be greater than low_freq_factor");
    } else if (type == "dynamic") {
        c.ropeScaling.originalMaxPositions = r.optInt("original_max_position_embeddings", c.maxPositions);
    }
    if (type != "linear")
        r.positive("original_max_position_embeddings", c.ropeScaling.originalMaxPositions, kMaxPositions);
}

// Biases of the attention and MLP linears, as each family's modelling code sets them.
void parseBiases(const Fields& f, ModelConfig& c) {
    const Architecture& a = architectureOf(c);
    const auto from = [&](BiasFlag b) {
        switch (b) {
        case BiasFlag::Always:
            return true;
        case BiasFlag::AttentionBias:
            return f.optBool("attention_bias", false);
        case BiasFlag::MlpBias:
            return f.optBool("mlp_bias", false);
        case BiasFlag::EnableBias:
            return f.optBool("enable_bias", true);
        case BiasFlag::Never:
            break;
        }
        return false;
    };
    c.attentionBias = from(a.qkvBias);
    c.oBias = from(a.oBias);
    c.mlpBias = from(a.mlpBias);
}

// Which layers attend through a sliding window: Mistral and Phi-3 all, Gemma-2 every other one (its
// layer_types, else the even layers); Qwen2/3 only with use_sliding_window, above max_window_layers,
// which this engine does not model (refused).
void parseSlidingWindow(const Fields& f, ModelConfig& c) {
    const std::string& t = c.modelType;
    const json* w = f.raw("sliding_window");
    if (!w || w->is_null()) return;
    const std::int64_t window = f.asInt("sliding_window", *w);
    const bool qwen = t == "qwen2" || t == "qwen3";
    const bool used =
        t == "mistral" || t == "phi3" || t == "gemma2" || (qwen && f.optBool("use_sliding_window", false));
    if (!used || window <= 0 || window >= c.maxPositions) return;
    if (qwen)
        f.fail(ErrorKind::Unsupported, "use_sliding_window with " + architectureOf(c).family +
                                           "'s per-layer windows is not supported");
    c.slidingWindow = window;
    if (t != "gemma2") return;
    c.slidingLayers.assign(std::size_t(c.numLayers), false);
    if (const json* types = f.get("layer_types")) {
        if (!types->is_array() || std::int64_t(types->size()) != c.numLayers)
            f.fail(ErrorKind::Config, "field 'layer_types' must list one type per layer");
        for (std::size_t i = 0; i < types->size(); ++i) {
            const std::string kind = f.asString("layer_types", (*types)[i]);
            if (kind != "sliding_attention" && kind != "full_attention")
                f.fail(ErrorKind::Unsupported, "layer type '" + printable(kind, 40) + "' is not supported");
            c.slidingLayers[i] = kind == "sliding_attention";
        }
    } else {
        for (std::size_t i = 0; i < c.slidingLayers.size(); i += 2) c.slidingLayers[i] = true;
    }
}

// The MLP activation under each family's own field name, normalised (gelu_new is the tanh GELU too).
void parseActivation(const Fields& f, ModelConfig& c, const Architecture& a) {
    const char* field = c.modelType == "opt" ? "activation_function" : "hidden_act";
    if (c.modelType == "gemma2" && f.get("hidden_activation")) field = "hidden_activation";
    c.hiddenAct = f.optString(field, a.defaultActivation);
    if (c.hiddenAct == "gelu_new") c.hiddenAct = "gelu_pytorch_tanh";
    static const std::vector<std::string> known{"silu", "gelu_pytorch_tanh", "gelu", "relu"};
    if (std::find(known.begin(), known.end(), c.hiddenAct) == known.end())
        f.fail(ErrorKind::Unsupported, std::string(field) + " '" + printable(c.hiddenAct, 80) +
                                           "' is not supported (supported: " + joined(known) + ", gelu_new)");
}

// Gemma-2's soft-capping and attention scale, OPT's embedding projection and norm placement.
void parseFamilyExtras(const Fields& f, ModelConfig& c) {
    if (c.modelType == "gemma2") {
        auto optionalCap = [&](const char* name, double def) {
            const json* v = f.raw(name);
            if (v && v->is_null()) return 0.0; // null switches it off
            const double cap = v ? f.asDouble(name, *v) : def;
            if (!(cap >= 0) || !std::isfinite(cap))
                f.fail(ErrorKind::Config, "field " + f.field(name) + " must be a non-negative number");
            return cap;
        };
        c.attentionSoftcap = optionalCap("attn_logit_softcapping", 50.0);
        c.finalSoftcap = optionalCap("final_logit_softcapping", 30.0);
        c.queryPreAttnScalar = f.optDouble("query_pre_attn_scalar", 256.0);
        f.positiveFinite("query_pre_attn_scalar", c.queryPreAttnScalar);
    }
    if (c.modelType == "opt") {
        c.wordEmbedDim = f.optInt("word_embed_proj_dim", c.hiddenSize);
        f.positive("word_embed_proj_dim", c.wordEmbedDim, kMaxHidden);
        if (c.wordEmbedDim == c.hiddenSize) c.wordEmbedDim = 0;
        c.normBefore = f.optBool("do_layer_norm_before", true);
        c.finalNorm = c.normBefore && !f.optBool("_remove_final_layer_norm", false);
        if (!f.optBool("layer_norm_elementwise_affine", true))
            f.fail(ErrorKind::Unsupported,
                   "layer_norm_elementwise_affine false (norms without weights) is not "
                   "supported");
    }
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
    const Architecture& arch = architectureOf(c.modelType);
    const bool opt = c.modelType == "opt";

    if (const json* a = f.get("architectures")) {
        if (!a->is_array()) f.fail(ErrorKind::Config, "field 'architectures' must be a list of strings");
        for (const auto& e : *a)
            if (!e.is_string()) f.fail(ErrorKind::Config, "field 'architectures' must be a list of strings");
        if (!a->empty()) c.architecture = (*a)[0].get<std::string>();
    }
    if (c.architecture.empty()) c.architecture = arch.className;

    const char* interField = opt ? "ffn_dim" : "intermediate_size";
    c.hiddenSize = f.reqInt("hidden_size");
    c.intermediateSize = f.reqInt(interField);
    c.numLayers = f.reqInt("num_hidden_layers");
    c.numHeads = f.reqInt("num_attention_heads");
    c.vocabSize = f.reqInt("vocab_size");
    f.positive("hidden_size", c.hiddenSize, kMaxHidden);
    f.positive(interField, c.intermediateSize, kMaxIntermediate);
    f.positive("num_hidden_layers", c.numLayers, kMaxLayers);
    f.positive("num_attention_heads", c.numHeads, kMaxHeads);
    f.positive("vocab_size", c.vocabSize, kMaxVocab);

    c.numKvHeads = opt ? c.numHeads : f.optInt("num_key_value_heads", c.numHeads);
    f.positive("num_key_value_heads", c.numKvHeads, kMaxHeads);
    if (c.numHeads % c.numKvHeads != 0)
        f.fail(ErrorKind::Config, "num_attention_heads (" + std::to_string(c.numHeads) +
                                      ") is not divisible by num_key_value_heads (" +
                                      std::to_string(c.numKvHeads) + ")");
    // Qwen3 and Gemma-2 configs default head_dim (128, 256) rather than deriving it, as transformers does.
    const std::int64_t headDimDefault = c.modelType == "qwen3" ? 128 : c.modelType == "gemma2" ? 256 : 0;
    if (f.get("head_dim") && !opt) {
        c.headDim = f.optInt("head_dim", 0);
        f.positive("head_dim", c.headDim, kMaxHeadDim);
    } else if (headDimDefault > 0) {
        c.headDim = headDimDefault;
    } else {
        if (c.hiddenSize % c.numHeads != 0)
            f.fail(ErrorKind::Config, "hidden_size (" + std::to_string(c.hiddenSize) +
                                          ") is not divisible by num_attention_heads (" +
                                          std::to_string(c.numHeads) + ")" +
                                          (opt ? "" : " and head_dim is not given"));
        c.headDim = c.hiddenSize / c.numHeads;
    }

    c.maxPositions = f.optInt("max_position_embeddings", arch.defaultContext);
    f.positive("max_position_embeddings", c.maxPositions, kMaxPositions);
    if (opt) {
        c.normEps = 1e-5; // OPT's LayerNorm default; its config has no field for it
    } else {
        c.normEps = f.optDouble("rms_norm_eps", 1e-6);
        if (!(c.normEps > 0) || !(c.normEps < 1))
            f.fail(ErrorKind::Config, "field 'rms_norm_eps' must be between 0 and 1, exclusive (found " +
                                          printable(json(c.normEps).dump()) + ")");
    }

    if (arch.positions == PositionKind::Rotary) {
        c.partialRotary = f.optDouble("partial_rotary_factor", 1.0);
        if (!(c.partialRotary > 0) || !(c.partialRotary <= 1))
            f.fail(ErrorKind::Config, "field 'partial_rotary_factor' must be in (0, 1]");
        const std::int64_t rotary = std::int64_t(double(c.headDim) * c.partialRotary);
        if (rotary % 2 != 0 || rotary == 0)
            f.fail(ErrorKind::Config, "head_dim (" + std::to_string(c.headDim) +
                                          ") times partial_rotary_factor must be a positive even number for "
                                          "rotary embeddings");
        c.ropeTheta = f.optDouble("rope_theta", 10000.0);
        f.positiveFinite("rope_theta", c.ropeTheta);
        if (const json* rs = f.get("rope_scaling")) parseRopeScaling(f, *rs, origin, c);
    }

    c.tieWordEmbeddings = f.optBool("tie_word_embeddings", arch.tiedByDefault);
    parseBiases(f, c);
    parseSlidingWindow(f, c);
    parseActivation(f, c, arch);
    parseFamilyExtras(f, c);

    const std::int64_t defaultBos = opt || c.modelType == "gemma2" ? 2 : 1;
    const std::int64_t defaultEos = c.modelType == "gemma2" ? 1 : 2;
    c.bosTokenId = defaultBos;
    c.eosTokenIds = {defaultEos};
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
