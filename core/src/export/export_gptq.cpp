// gptq+lora export (docs/EXPORT.md): each packed OWQ linear becomes a GPTQ linear in the layout AutoGPTQ and
// GPTQModel write, in the original input column order with act-order's g_idx, its weak columns set to
// their group's zero point (so they dequantize to exactly 0), plus a PEFT LoRA pair per linear with weak
// columns: lora_B = the weak columns' fp16 weights [out, k], lora_A = the 0/1 selector [k, in] of those
// columns, lora_alpha = r, so the adapter's update B·A restores them exactly.
//
// GPTQ layout (bits b in 2, 3, 4; int32 words, little endian):
//   qweight I32 [in*b/32, out]    column o holds the codes of output row o along the input dimension as one
//                                 bit stream: input c at bits [c*b, (c+1)*b) (3-bit codes straddle words)
//   qzeros  I32 [groups, out*b/32] row g holds the zero points of group g along the output dimension, the
//                                 same way; "gptq" stores zero - 1, "gptq_v2" the zero point itself
//   scales  F16 [groups, out]
//   g_idx   I32 [in]              group of each input column
//   W[o, c] = scales[g_idx[c], o] * (code(c, o) - zero(g_idx[c], o))
#include "export/export_impl.h"

#include "owq/error.h"
#include "owq/text_file.h"
#include "owq/version.h"
#include "packed/packed_tensors.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

using nlohmann::ordered_json;

namespace owq::detail {

namespace {

constexpr std::uint16_t kHalfOne = 0x3C00;

struct Geometry {
    int bits = 4;
    std::int64_t groupSize = 0; // 0: per output channel (GPTQ's -1)
    bool v1 = true;             // checkpoint_format "gptq": qzeros hold zero - 1
    unsigned mid() const { return 1u << (bits - 1); }
    std::int64_t groupCols(std::int64_t cols) const { return groupSize > 0 ? groupSize : cols; }
    std::int64_t groups(std::int64_t cols) const {
        return groupSize > 0 ? (cols + groupSize - 1) / groupSize : 1;
    }
};

Geometry geometryOf(const LanguageModel& lm, const ExportOptions& o) {
    const QuantizationInfo& q = lm.config().quantization;
    Geometry g;
    g.bits = q.bits;
    g.groupSize = q.groupSize > 0 ? q.groupSize : 0;
    g.v1 = o.gptqCheckpointFormat == "gptq";
    return g;
}

// Why the GPTQ layout cannot hold a linear of this shape (empty when it can). Both dimensions are packed
// 32 values to `bits` int32 words (AutoGPTQ/GPTQModel allocate qweight [in // 32 * bits, out] and qzeros
// [groups, out // 32 * bits]), and GPTQModel requires in_features to be a multiple of the group size.
std::string shapeProblem(const LinearRef& L, const Geometry& g) {
    if (L.cols % 32 != 0)
        return "in_features " + std::to_string(L.cols) +
               " is not a multiple of 32 (qweight packs 32 input rows into " + std::to_string(g.bits) +
               " int32 words: [in*bits/32, out])";
    if (L.rows % 32 != 0)
        return "out_features " + std::to_string(L.rows) +
               " is not a multiple of 32 (qzeros pack the zero points of 32 output columns into " +
               std::to_string(g.bits) + " int32 words: [groups, out*bits/32])";
    if (g.groupSize > 0 && L.cols % g.groupSize != 0)
        return "in_features " + std::to_string(L.cols) + " is not a multiple of the group size " +
               std::to_string(g.groupSize);
    return {};
}

std::vector<std::int32_t> readI32(const TensorRef& r) {
    std::vector<std::int32_t> v(std::size_t(r.info->numel()));
    std::memcpy(v.data(), r.file->data(*r.info), v.size() * sizeof(std::int32_t));
    return v;
}

struct LinearPlan {
    LinearRef L;
    bool dense = false; // written as a dequantized weight (denseFallback)
    bool bias = false;
    std::int64_t weak = 0;
    std::vector<std::int32_t> order; // packed position -> input column: the dense columns, then the weak
    std::vector<std::int32_t> gIdx;  // input column -> GPTQ group
};

// Input order and groups of a packed linear, from its (checked) perm and weak_idx.
void fillOrder(const Checkpoint& ck, const Geometry& g, LinearPlan& plan) {
    const LinearRef& L = plan.L;
    const PackedLinearRefs refs = findPackedLinear(ck, L.base, L.rows, L.cols);
    validatePackedContent(refs);
    plan.weak = refs.weak;
    plan.order.resize(std::size_t(L.cols));
    if (refs.perm.info) {
        const std::vector<std::int32_t> perm = readI32(refs.perm);
        std::copy(perm.begin(), perm.end(), plan.order.begin());
    } else {
        for (std::int64_t j = 0; j < refs.dense; ++j) plan.order[std::size_t(j)] = std::int32_t(j);
    }
    if (refs.weak > 0) {
        const std::vector<std::int32_t> weak = readI32(refs.weakIdx);
        std::copy(weak.begin(), weak.end(), plan.order.begin() + refs.dense);
    }
    plan.gIdx.assign(std::size_t(L.cols), 0);
    const std::int64_t G = g.groupCols(L.cols);
    for (std::int64_t j = 0; j < L.cols; ++j)
        plan.gIdx[std::size_t(plan.order[std::size_t(j)])] = std::int32_t(j / G);
}

// Sets value bits [index*bits, (index+1)*bits) of the bit stream whose 32-bit words are
// words[0], words[stride], words[2*stride], ... (a value may straddle two words).
inline void putBits(std::uint32_t* words, std::int64_t stride, std::int64_t index, int bits,
                    std::uint32_t value) {
    const std::int64_t bit = index * bits;
    const std::int64_t w = bit >> 5;
    const int off = int(bit & 31);
    words[w * stride] |= value << off;
    if (off + bits > 32) words[(w + 1) * stride] |= value >> (32 - off);
}

template <typename T> Blob vectorBlob(std::vector<T>&& v) {
    auto keep = std::make_shared<std::vector<T>>(std::move(v));
    return {keep->data(), keep->size() * sizeof(T), keep};
}

// The GPTQ and LoRA tensors of one linear, converted when the first of them is needed and handed out once
// each, so nothing of a linear stays in memory after its tensors are written.
class GptqConversion {
public:
    GptqConversion(const LanguageModel& lm, LinearPlan plan, Geometry g)
        : lm_(lm), plan_(std::move(plan)), g_(g) {}

    Blob take(const std::string& part) {
        if (!converted_) convert();
        auto it = parts_.find(part);
        if (it == parts_.end())
            throw Error(ErrorKind::Io, plan_.L.base + ": export part '" + part + "' asked for twice (a bug)");
        Blob b = std::move(it->second);
        parts_.erase(it);
        return b;
    }

private:
    void convert() {
        converted_ = true;
        const LinearRef& L = plan_.L;
        const std::shared_ptr<const PackedLinear> linear = packedLinearOf(lm_, L);
        const PackedParts& p = linear->parts();
        if (p.bits != g_.bits || p.rows != L.rows || p.cols != L.cols || p.weak() != plan_.weak)
            throw Error(ErrorKind::Format,
                        L.base + ": the packed tensors do not match the checkpoint's header");
        const std::int64_t R = L.rows, C = L.cols, D = p.dense(), k = p.weak();
        const int b = g_.bits;
        const std::int64_t G = g_.groupCols(C), groups = g_.groups(C);
        const at::Tensor qw = p.qweight.contiguous();
        const at::Tensor zt = p.zeros.contiguous();
        const at::Tensor st = p.scales.contiguous();
        const std::int64_t rowBytes = qw.size(1), nOwq = st.size(1);
        const std::uint8_t* codes = qw.data_ptr<std::uint8_t>();
        const std::uint8_t* zeros = zt.data_ptr<std::uint8_t>();
        const auto* scales = reinterpret_cast<const std::uint16_t*>(st.data_ptr<at::Half>());

        // Group parameters [groups, R]. Groups past the packed ones hold only weak columns: scale 1, the
        // middle zero point (their codes equal it, so they dequantize to 0 whatever the scale).
        std::vector<std::uint8_t> z(std::size_t(groups * R));
        std::vector<std::uint16_t> s(std::size_t(groups * R));
        for (std::int64_t gi = 0; gi < groups; ++gi)
            for (std::int64_t r = 0; r < R; ++r) {
                const bool packed = gi < nOwq;
                z[std::size_t(gi * R + r)] = packed ? zeros[r * nOwq + gi] : std::uint8_t(g_.mid());
                s[std::size_t(gi * R + r)] = packed ? scales[r * nOwq + gi] : kHalfOne;
            }

        std::vector<std::uint32_t> qweight(std::size_t(C * b / 32 * R), 0);
        for (std::int64_t r = 0; r < R; ++r) {
            const std::uint8_t* row = codes + r * rowBytes;
            for (std::int64_t j = 0; j < C; ++j) {
                const std::int64_t c = plan_.order[std::size_t(j)];
                const unsigned code =
                    j < D ? kernels::packedCode(row, j, b) : z[std::size_t((j / G) * R + r)];
                putBits(qweight.data() + r, R, c, b, code);
            }
        }
        const std::int64_t zw = R * b / 32;
        std::vector<std::uint32_t> qzeros(std::size_t(groups * zw), 0);
        for (std::int64_t gi = 0; gi < groups; ++gi)
            for (std::int64_t r = 0; r < R; ++r) {
                const unsigned zero = z[std::size_t(gi * R + r)];
                if (g_.v1 && zero == 0)
                    throw Error(ErrorKind::Unsupported, L.base + ": row " + std::to_string(r) + ", group " +
                                                            std::to_string(gi) +
                                                            " has zero point 0, which checkpoint_format gptq "
                                                            "cannot store");
                putBits(qzeros.data() + gi * zw, 1, r, b, g_.v1 ? zero - 1 : zero);
            }
        parts_["qweight"] = vectorBlob(std::move(qweight));
        parts_["qzeros"] = vectorBlob(std::move(qzeros));
        parts_["scales"] = vectorBlob(std::move(s));
        parts_["g_idx"] = vectorBlob(std::vector<std::int32_t>(plan_.gIdx));
        if (plan_.bias) {
            if (!p.bias.defined()) throw Error(ErrorKind::Format, L.base + ": the bias is missing");
            parts_["bias"] = blobOf(p.bias.to(at::kHalf));
        }
        if (k > 0) {
            std::vector<std::uint16_t> a(std::size_t(k * C), 0);
            const at::Tensor wi = p.weakIdx.contiguous();
            for (std::int64_t i = 0; i < k; ++i)
                a[std::size_t(i * C + wi.data_ptr<std::int32_t>()[i])] = kHalfOne;
            parts_["lora_A"] = vectorBlob(std::move(a));
            parts_["lora_B"] = blobOf(p.weakWeight.to(at::kHalf));
        }
    }

    const LanguageModel& lm_;
    LinearPlan plan_;
    Geometry g_;
    bool converted_ = false;
    std::map<std::string, Blob> parts_;
};

std::string fallbackHint() {
    return "; the GPTQ layout cannot hold this linear. Export with --dense-fallback "
           "(ExportOptions::denseFallback) to keep such linears as dequantized float16 weights that GPTQ "
           "runtimes "
           "leave unquantized, or use --format hf";
}

} // namespace

std::string gptqBlocker(const LanguageModel& lm, const ExportOptions& o) {
    const Checkpoint& ck = lm.checkpoint();
    const QuantizationInfo& q = lm.config().quantization;
    if (!q.packed) return ck.dir() + ": not a packed OWQ folder";
    if (q.bits < 2 || q.bits > 4)
        return ck.dir() + ": " + std::to_string(q.bits) + "-bit weights have no GPTQ export (2, 3 or 4 bits)";
    if (!q.linearBits.empty())
        return ck.dir() + ": its linears have different bit widths (" + std::to_string(q.linearBits.size()) +
               " differ from " + std::to_string(q.bits) + " bits); the GPTQ format has one width per model";
    const Geometry g = geometryOf(lm, o);
    int gptq = 0;
    for (const LinearRef& L : decoderLinears(lm)) {
        if (std::string why = shapeProblem(L, g); !why.empty()) {
            if (!o.denseFallback) return L.base + ": " + why + fallbackHint();
            continue;
        }
        ++gptq;
        if (!g.v1) continue;
        const PackedLinearRefs refs = findPackedLinear(ck, L.base, L.rows, L.cols);
        const std::uint8_t* zeros = refs.qzeros.file->data(*refs.qzeros.info);
        for (std::int64_t r = 0; r < L.rows; ++r)
            for (std::int64_t gi = 0; gi < refs.nGroups; ++gi)
                if (zeros[r * refs.nGroups + gi] == 0)
                    return L.base + ": row " + std::to_string(r) + ", group " + std::to_string(gi) +
                           " has zero point 0, which checkpoint_format \"gptq\" cannot store (its qzeros "
                           "hold "
                           "zero - 1 and every reader adds 1 back). Export with --gptq-format gptq_v2 "
                           "(GPTQModel's layout, which stores the zero point itself) or quantize symmetric "
                           "(--sym)";
    }
    if (gptq == 0)
        return ck.dir() + ": no linear of this model fits the GPTQ layout (features must be multiples of 32)";
    return {};
}

void planGptqLora(const LanguageModel& lm, const ExportOptions& o, const std::string& targetName,
                  std::vector<PlannedTensor>& model, std::vector<PlannedTensor>& adapter,
                  ordered_json& quantizationConfig, ordered_json& adapterConfig, ExportResult& result) {
    const Checkpoint& ck = lm.checkpoint();
    const Geometry g = geometryOf(lm, o);
    const at::ScalarType st = scalarTypeOf(o.dtype);
    bool descAct = false, sym = true;
    std::vector<std::string> quantizedKinds, denseKinds;
    std::map<std::string, std::int64_t> ranks; // adapter modules -> k

    for (const LinearRef& L : decoderLinears(lm)) {
        LinearPlan plan;
        plan.L = L;
        plan.dense = !shapeProblem(L, g).empty();
        plan.bias = ck.has(L.base + ".bias");
        auto& kinds = plan.dense ? denseKinds : quantizedKinds;
        if (std::find(kinds.begin(), kinds.end(), L.kind) == kinds.end()) kinds.push_back(L.kind);
        if (plan.dense) {
            ++result.denseLinears;
            model.push_back({L.base + ".weight", dtypeOf(o.dtype), {L.rows, L.cols}, [&lm, L, st] {
                                 return blobOf(denseWeightOf(lm, L).to(st));
                             }});
            if (plan.bias)
                model.push_back({L.base + ".bias", dtypeOf(o.dtype), {L.rows}, [&lm, L, st] {
                                     return blobOf(biasOf(lm, L).to(st));
                                 }});
            continue;
        }
        ++result.gptqLinears;
        fillOrder(ck, g, plan);
        const std::int64_t G = g.groupCols(L.cols), groups = g.groups(L.cols);
        if (g.groupSize > 0)
            for (std::int64_t c = 0; c < L.cols && !descAct; ++c)
                descAct = plan.gIdx[std::size_t(c)] != c / G;
        {
            const PackedLinearRefs refs = findPackedLinear(ck, L.base, L.rows, L.cols);
            const std::uint8_t* zeros = refs.qzeros.file->data(*refs.qzeros.info);
            for (std::int64_t i = 0; i < L.rows * refs.nGroups && sym; ++i) sym = zeros[i] == g.mid();
        }
        const std::int64_t k = plan.weak;
        auto conv = std::make_shared<GptqConversion>(lm, plan, g);
        auto part = [conv](const char* name) { return [conv, name] { return conv->take(name); }; };
        model.push_back({L.base + ".qweight", DType::I32, {L.cols * g.bits / 32, L.rows}, part("qweight")});
        model.push_back({L.base + ".qzeros", DType::I32, {groups, L.rows * g.bits / 32}, part("qzeros")});
        model.push_back({L.base + ".scales", DType::F16, {groups, L.rows}, part("scales")});
        model.push_back({L.base + ".g_idx", DType::I32, {L.cols}, part("g_idx")});
        if (plan.bias) model.push_back({L.base + ".bias", DType::F16, {L.rows}, part("bias")});
        if (k > 0) {
            ++result.loraLinears;
            ranks[L.base] = k;
            result.loraRankMax = std::max(result.loraRankMax, k);
            const std::string prefix = "base_model.model." + L.base;
            adapter.push_back({prefix + ".lora_A.weight", DType::F16, {k, L.cols}, part("lora_A")});
            adapter.push_back({prefix + ".lora_B.weight", DType::F16, {L.rows, k}, part("lora_B")});
        }
    }
    result.gptqCheckpointFormat = o.gptqCheckpointFormat;

    // quantization_config as GPTQModel writes it (to_dict), plus what transformers/optimum and vLLM read to
    // leave the dense linears unquantized.
    const ordered_json srcQc = [&] {
        try {
            const ordered_json cfg = ordered_json::parse(readTextFile(ck.dir() + "/config.json"));
            return cfg.value("quantization_config", ordered_json::object());
        } catch (const std::exception&) {
            return ordered_json::object();
        }
    }();
    ordered_json qc;
    qc["quant_method"] = "gptq";
    qc["bits"] = g.bits;
    qc["group_size"] = g.groupSize > 0 ? g.groupSize : -1;
    qc["desc_act"] = descAct;
    qc["sym"] = sym;
    qc["checkpoint_format"] = o.gptqCheckpointFormat;
    qc["pack_dtype"] = "int32";
    qc["lm_head"] = false;
    qc["damp_percent"] = std::round(srcQc.value("percdamp", 0.01) * 1e6) / 1e6; // stored as a float
    qc["true_sequential"] = srcQc.value("true_sequential", true);
    qc["static_groups"] = srcQc.value("static_groups", false);
    if (!denseKinds.empty()) {
        qc["modules_in_block_to_quantize"] = ordered_json::array({quantizedKinds});
        ordered_json dynamic = ordered_json::object();
        for (const std::string& kind : denseKinds) {
            std::string pattern = "-:.*\\.";
            for (char c : kind) pattern += c == '.' ? std::string("\\.") : std::string(1, c);
            dynamic[pattern + "$"] = ordered_json::object();
        }
        qc["dynamic"] = dynamic;
    }
    qc["meta"] = {
        {"quantizer", ordered_json::array({std::string("owq-studio:") + version()})},
        {"owq_recipe", srcQc},
        {"owq_weak_columns_adapter", ranks.empty() ? ordered_json(nullptr) : ordered_json(kWeakLoraDir)}};
    quantizationConfig = qc;

    // adapter_config.json: PEFT LoraConfig fields. Scaling is lora_alpha / r = 1 for every module: r and
    // lora_alpha are the largest k, and rank_pattern/alpha_pattern give every other module its own k.
    // Pattern keys drop the leading "model." so that both PEFT's old matcher (".*\.{key}$") and its
    // current one ("(.*\.)?({key})$") find them.
    ordered_json rankPattern = ordered_json::object(), alphaPattern = ordered_json::object();
    ordered_json targets = ordered_json::array();
    for (const auto& [base, k] : ranks) {
        targets.push_back(base);
        if (k != result.loraRankMax) {
            const std::string key = base.rfind("model.", 0) == 0 ? base.substr(6) : base;
            rankPattern[key] = k;
            alphaPattern[key] = k;
        }
    }
    ordered_json ac;
    ac["alpha_pattern"] = alphaPattern;
    ac["base_model_name_or_path"] = targetName;
    ac["bias"] = "none";
    ac["fan_in_fan_out"] = false;
    ac["inference_mode"] = true;
    ac["init_lora_weights"] = true;
    ac["layers_pattern"] = nullptr;
    ac["layers_to_transform"] = nullptr;
    ac["lora_alpha"] = result.loraRankMax;
    ac["lora_dropout"] = 0.0;
    ac["modules_to_save"] = nullptr;
    ac["peft_type"] = "LORA";
    ac["r"] = result.loraRankMax;
    ac["rank_pattern"] = rankPattern;
    ac["revision"] = nullptr;
    ac["target_modules"] = targets;
    ac["task_type"] = "CAUSAL_LM";
    ac["use_dora"] = false;
    ac["use_rslora"] = false;
    adapterConfig = ac;
}

} // namespace owq::detail
