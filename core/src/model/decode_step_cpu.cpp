// A decode step on the CPU on plain arrays: one token of one sequence through every decoder layer with no
// tensor op between the products. The tensor path (decoder_forward.cpp) makes about 50 LibTorch ops per layer
// for a one-token step (reshapes, views, output tensors, adds); each costs 1-2 us of dispatch and allocation
// on the 2-core bench machine, about 1.5 ms of a 1.1B model's 22 ms step, while the other thread waits
// (docs/BENCHMARKS.md, issue 22, session 27). Same functions for every piece (norm_cpu, rope_cpu,
// kv_store_cpu, attention_cpu, activation_cpu or the activation's tensor op, the linears' kernels), so the
// same bits.
#include "model/activation_cpu.h"
#include "model/attention_cpu.h"
#include "model/decoder_model.h"
#include "model/kv_store_cpu.h"
#include "model/norm_cpu.h"
#include "model/rope_cpu.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace owq::detail {

namespace {

bool plainCache(const at::Tensor& t, std::int64_t kvHeads, std::int64_t capacity, std::int64_t hd) {
    return t.defined() && t.is_cpu() && t.is_contiguous() &&
           (t.scalar_type() == at::kFloat || t.scalar_type() == at::kBFloat16) && t.dim() == 4 &&
           t.size(0) == 1 && t.size(1) == kvHeads && t.size(2) == capacity && t.size(3) == hd;
}

} // namespace

at::Tensor DecoderModel::embedRow(const at::Tensor& ids, std::int64_t pos) const {
    // A float32 table read as it is: its row copied (the tensor path's embedding, range check and copies
    // were about ten ops, 80-90 us of a 1.1B step on the bench machine). Anything else: that path.
    if (!embed_.defined() || !embed_.is_cpu() || embed_.scalar_type() != at::kFloat ||
        !embed_.is_contiguous() || projectIn_.defined() || arch_->embedScale ||
        ids.scalar_type() != at::kLong || !ids.is_cpu())
        return embed(ids, pos).to(at::kFloat).contiguous().clone();
    const std::int64_t id = ids.data_ptr<std::int64_t>()[0], D = embed_.size(1);
    if (id < 0 || id >= cfg_.vocabSize) return embed(ids, pos); // its error names the id
    at::Tensor h = at::empty({1, 1, D}, at::kFloat);
    const float* row = embed_.data_ptr<float>() + id * D;
    std::copy(row, row + D, h.data_ptr<float>());
    return h;
}

bool DecoderModel::decodeStepCpu(const at::Tensor& ids, KvCache& cache, at::Tensor& logits) const {
    // What this path covers; everything else (OPT's LayerNorm and learned positions, post-norm layers,
    // partial rotary, head sizes off the attention kernel's vectors, autograd, batches, prompts) takes the
    // tensor path.
    const std::int64_t H = cfg_.numHeads, KV = cfg_.numKvHeads, hd = cfg_.headDim, D = cfg_.hiddenSize;
    const std::string& act = cfg_.hiddenAct;
    if (!device_.is_cpu() || at::GradMode::is_enabled() || ids.dim() != 2 || ids.size(0) != 1 ||
        ids.size(1) != 1 || arch_->norm == NormKind::LayerNorm || !cfg_.normBefore ||
        arch_->positions != PositionKind::Rotary || positions_.defined() || hd % 16 != 0 || KV <= 0 ||
        H % KV != 0 || cache.k.size() != layers_.size() || cache.v.size() != layers_.size() ||
        cache.length + 1 > cache.capacity ||
        (act != "silu" && act != "gelu_pytorch_tanh" && act != "gelu" && act != "relu"))
        return false;
    const std::int64_t pos = cache.length, capacity = cache.capacity;
    for (std::size_t i = 0; i < layers_.size(); ++i)
        if (!plainCache(cache.k[i], KV, capacity, hd) || !plainCache(cache.v[i], KV, capacity, hd) ||
            cache.k[i].scalar_type() != cache.v[i].scalar_type())
            return false;
    const float *cosRow = nullptr, *sinRow = nullptr;
    if (!rope_.cpuRows(pos, cosRow, sinRow)) return false;

    at::Tensor h = embedRow(ids, pos); // [1, 1, D], updated in place
    float* hp = h.data_ptr<float>();
    const std::int64_t I = cfg_.intermediateSize, qn = H * hd, kvn = KV * hd;
    const bool plusOne = arch_->norm == NormKind::RmsNormPlusOne;
    const float eps = float(cfg_.normEps);
    const float scale =
        float(1.0 / std::sqrt(cfg_.queryPreAttnScalar > 0 ? cfg_.queryPreAttnScalar : double(hd)));
    const float cap = float(cfg_.attentionSoftcap);

    // One buffer for the step's rows: x (a norm's output), q, k, v, the attention's output, a linear's output
    // (D), gate and up (or fc1), Gemma's 1 + w and a row normalised in place. q, k, v and gate, up are
    // adjacent, as a fused [q; k; v] or [gate; up] projection writes them.
    std::vector<float> buf(std::size_t(D + qn + 2 * kvn + qn + D + 2 * I + 2 * std::max(D, hd)));
    float* x = buf.data();
    float* q = x + D;
    float* k = q + qn;
    float* v = k + kvn;
    float* mixed = v + kvn;
    float* out = mixed + qn;
    float* gate = out + D;
    float* up = gate + I;
    float* onePlus = up + I;
    float* rowCopy = onePlus + std::max(D, hd);

    // rows x width values from `from` (or in place, to == from) normalised by n.
    auto normRows = [&](const float* from, const Norm& n, std::int64_t rows, std::int64_t width, float* to) {
        // Float32 and contiguous as loaded: read in place (a conversion is two more ops per norm).
        at::Tensor converted;
        if (n.weight.scalar_type() != at::kFloat || !n.weight.is_contiguous())
            converted = n.weight.to(at::kFloat).contiguous();
        const float* w = (converted.defined() ? converted : n.weight).data_ptr<float>();
        if (plusOne) { // the tensor path's (weight + 1.0), in float32
            for (std::int64_t d = 0; d < width; ++d) onePlus[d] = w[d] + 1.0f;
            w = onePlus;
        }
        for (std::int64_t r = 0; r < rows; ++r) {
            const float* row = from + r * width;
            if (from == to) row = std::copy(row, row + width, rowCopy) - width;
            rmsNormRowCpu(row, w, width, eps, to + r * width);
        }
    };
    auto addInto = [&](const float* from) {
        for (std::int64_t d = 0; d < D; ++d) hp[d] += from[d];
    };

    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const DecoderLayer& L = layer(i);
        // Attention.
        normRows(hp, L.norm(NormRole::AttentionIn), 1, D, x);
        if (arch_->fusedQkv) {
            linear(L, LinearRole::Qkv).forwardRow(x, q);
        } else {
            linear(L, LinearRole::Q).forwardRow(x, q);
            linear(L, LinearRole::K).forwardRow(x, k);
            linear(L, LinearRole::V).forwardRow(x, v);
        }
        if (arch_->headNorms) { // Qwen3: each head's q and k normalised before RoPE, in place
            normRows(q, L.norm(NormRole::QueryHead), H, hd, q);
            normRows(k, L.norm(NormRole::KeyHead), KV, hd, k);
        }
        rotateHeadsCpu(q, H, hd, cosRow, sinRow);
        rotateHeadsCpu(k, KV, hd, cosRow, sinRow);
        const bool bf16 = cache.k[i].scalar_type() == at::kBFloat16;
        storeKvRowCpu(k, KV, hd, cache.k[i].data_ptr(), bf16, capacity, pos);
        storeKvRowCpu(v, KV, hd, cache.v[i].data_ptr(), bf16, capacity, pos);
        decodeStepAttentionCpu(q, H, hd, cache.k[i].data_ptr(), cache.v[i].data_ptr(), bf16, KV, capacity,
                               pos + 1, scale, cap, cfg_.windowOf(std::int64_t(i)), mixed);
        linear(L, LinearRole::O).forwardRow(mixed, out);
        if (arch_->sandwichNorms) normRows(out, L.norm(NormRole::AttentionOut), 1, D, out);
        addInto(out);
        // MLP.
        normRows(hp, L.norm(NormRole::MlpIn), 1, D, x);
        if (!arch_->gatedMlp) {
            linear(L, LinearRole::Fc1).forwardRow(x, gate);
        } else if (arch_->fusedGateUp) {
            linear(L, LinearRole::GateUp).forwardRow(x, gate);
        } else {
            linear(L, LinearRole::Gate).forwardRow(x, gate);
            linear(L, LinearRole::Up).forwardRow(x, up);
        }
        // The activation as the tensor path computes it: SiLU on rows (activation_cpu.h), the others with
        // its own op (the same vectorised tanh); the product with up is one rounding either way. The result
        // (the input of down, or fc2) goes back into gate.
        if (act == "silu") {
            siluTimesRowCpu(gate, arch_->gatedMlp ? up : nullptr, gate, I);
        } else {
            const at::Tensor a = activation(at::from_blob(gate, {I}, at::kFloat));
            const float* ap = a.data_ptr<float>();
            if (arch_->gatedMlp)
                for (std::int64_t j = 0; j < I; ++j) gate[j] = ap[j] * up[j];
            else
                std::copy(ap, ap + I, gate);
        }
        linear(L, arch_->gatedMlp ? LinearRole::Down : LinearRole::Fc2).forwardRow(gate, out);
        if (arch_->sandwichNorms) normRows(out, L.norm(NormRole::MlpOut), 1, D, out);
        addInto(out);
    }
    cache.length = pos + 1;
    logits = head(h);
    return true;
}

} // namespace owq::detail
