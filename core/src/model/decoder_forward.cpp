// The forward pass of DecoderModel: embeddings, the pieces of a decoder layer (norms, attention, MLP) as
// the architecture table describes the family, and the head.
#include "model/decoder_model.h"

#include "model/activation_cpu.h"
#include "model/attention_cpu.h"
#include "model/compact_head.h"
#include "model/float_product.h"
#include "model/kv_store_cpu.h"
#include "model/norm_cpu.h"
#include "model/packed_linear.h"

#include "owq/error.h"
#include "owq/kernels/packed_cpu.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace owq::detail {

at::Tensor DecoderModel::norm(const at::Tensor& x, const Norm& n) const {
    // Inference on the CPU: one pass per row (norm_cpu.h). Training (autograd) and other devices take the
    // tensor expressions below.
    if (arch_->norm != NormKind::LayerNorm && x.is_cpu() && !at::GradMode::is_enabled() &&
        x.scalar_type() == at::kFloat && x.is_contiguous())
        return rmsNormCpu(x, n.weight, float(cfg_.normEps), arch_->norm == NormKind::RmsNormPlusOne);
    switch (arch_->norm) {
    case NormKind::LayerNorm:
        return at::layer_norm(x, {x.size(-1)}, n.weight, n.bias, cfg_.normEps);
    case NormKind::RmsNormPlusOne:
        return x * at::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + cfg_.normEps) * (n.weight + 1.0);
    case NormKind::RmsNorm:
        break;
    }
    return x * at::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + cfg_.normEps) * n.weight;
}

bool DecoderModel::siluOnRows(const at::Tensor& x) const {
    return cfg_.hiddenAct == "silu" && x.is_cpu() && !at::GradMode::is_enabled() &&
           x.scalar_type() == at::kFloat && x.dim() > 0 && x.stride(-1) == 1;
}

at::Tensor DecoderModel::activation(const at::Tensor& x) const {
    const std::string& a = cfg_.hiddenAct;
    // Inference on the CPU: rows through activation_cpu.h, as a decode step does (training: the tensor op).
    if (siluOnRows(x)) return siluTimesCpu(x, at::Tensor());
    if (a == "silu") return at::silu(x);
    if (a == "gelu_pytorch_tanh") return at::gelu(x, "tanh");
    if (a == "gelu") return at::gelu(x);
    if (a == "relu") return at::relu(x);
    throw Error(ErrorKind::Unsupported, "activation '" + a + "' is not supported");
}

const LinearOp& DecoderModel::linear(const DecoderLayer& L, LinearRole role) const {
    return *L.linears[std::size_t(roleIndex_[std::size_t(role)])];
}

at::Tensor DecoderModel::embed(const at::Tensor& ids, std::int64_t pos0) const {
    if (ids.numel() > 0) {
        const std::int64_t lo = ids.min().item<std::int64_t>(), hi = ids.max().item<std::int64_t>();
        if (lo < 0 || hi >= cfg_.vocabSize)
            throw Error(ErrorKind::InvalidArgument, "token id " + std::to_string(lo < 0 ? lo : hi) +
                                                        " is outside the vocabulary of " +
                                                        std::to_string(cfg_.vocabSize));
    }
    at::Tensor x = embed_.defined() ? at::embedding(embed_, ids.to(device_)) : compactHead_->embedding(ids);
    if (projectIn_.defined()) x = at::matmul(x, projectIn_.t());
    // Gemma multiplies by sqrt(hidden) rounded to the activations' dtype, as transformers does.
    if (arch_->embedScale) x = x * float(std::sqrt(double(cfg_.hiddenSize)));
    if (positions_.defined()) {
        // OPT's learned positions: position p is row p + 2 of the table (its padding offset).
        const std::int64_t T = ids.size(-1);
        if (pos0 + T + 2 > positions_.size(0))
            throw Error(ErrorKind::InvalidArgument, "position " + std::to_string(pos0 + T - 1) +
                                                        " is past the model's learned positions (" +
                                                        std::to_string(positions_.size(0) - 2) + ")");
        x = x + positions_.narrow(0, pos0 + 2, T);
    }
    return x;
}

KvCache DecoderModel::newCache(std::int64_t batch, std::int64_t capacity) const {
    KvCache c;
    c.capacity = capacity;
    auto opts = at::TensorOptions().dtype(kvType_).device(device_);
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        c.k.push_back(at::zeros({batch, cfg_.numKvHeads, capacity, cfg_.headDim}, opts));
        c.v.push_back(at::zeros({batch, cfg_.numKvHeads, capacity, cfg_.headDim}, opts));
    }
    return c;
}

at::Tensor DecoderModel::mix(const DecoderLayer& L, std::size_t index, const at::Tensor& x, std::int64_t pos0,
                             KvCache* cache) const {
    const std::int64_t B = x.size(0), T = x.size(1);
    const std::int64_t H = cfg_.numHeads, KV = cfg_.numKvHeads, hd = cfg_.headDim;
    at::Tensor q, k, v;
    if (arch_->fusedQkv) { // one [q; k; v] projection
        const at::Tensor qkv = linear(L, LinearRole::Qkv).forward(x);
        q = qkv.narrow(-1, 0, H * hd);
        k = qkv.narrow(-1, H * hd, KV * hd);
        v = qkv.narrow(-1, (H + KV) * hd, KV * hd);
    } else {
        q = linear(L, LinearRole::Q).forward(x);
        k = linear(L, LinearRole::K).forward(x);
        v = linear(L, LinearRole::V).forward(x);
    }
    q = q.reshape({B, T, H, hd});
    k = k.reshape({B, T, KV, hd});
    v = v.reshape({B, T, KV, hd}).transpose(1, 2);
    if (arch_->headNorms) { // Qwen3: each head's q and k normalised before RoPE
        q = norm(q, L.norm(NormRole::QueryHead));
        k = norm(k, L.norm(NormRole::KeyHead));
    }
    q = q.transpose(1, 2);
    k = k.transpose(1, 2);
    if (arch_->positions == PositionKind::Rotary) {
        q = rope_.apply(q, pos0);
        k = rope_.apply(k, pos0);
    }
    std::int64_t S = T;
    if (cache) {
        if (pos0 + T > cache->capacity)
            throw Error(ErrorKind::InvalidArgument, "KV cache full: " + std::to_string(pos0 + T) +
                                                        " positions exceed its capacity of " +
                                                        std::to_string(cache->capacity));
        storeKvCpu(k, cache->k[index], pos0);
        storeKvCpu(v, cache->v[index], pos0);
        S = pos0 + T;
        k = cache->k[index].narrow(2, 0, S);
        v = cache->v[index].narrow(2, 0, S);
    }
    const double scale = 1.0 / std::sqrt(cfg_.queryPreAttnScalar > 0 ? cfg_.queryPreAttnScalar : double(hd));
    const double cap = cfg_.attentionSoftcap;
    const std::int64_t window = cfg_.windowOf(std::int64_t(index));
    // Inference on the CPU: the fused row-at-a-time kernel (attention_cpu.h). Training (autograd) and other
    // devices take the tensor path below.
    if (device_.is_cpu() && !at::GradMode::is_enabled() && q.scalar_type() == at::kFloat)
        return causalAttentionCpu(q, k, v, float(scale), float(cap), window)
            .transpose(1, 2)
            .reshape({B, T, H * hd});
    if (k.scalar_type() != q.scalar_type()) { // a bf16 cache, on other devices or with autograd
        k = k.to(q.scalar_type());
        v = v.to(q.scalar_type());
    }
    if (KV != H) { // grouped-query attention: each kv head serves H/KV query heads
        k = k.repeat_interleave(H / KV, 1);
        v = v.repeat_interleave(H / KV, 1);
    }
    // Scale q (T x hd) rather than the scores (T x S): same result, less work. Gemma-2 scales by
    // query_pre_attn_scalar instead of the head size.
    const at::Tensor qs = q * scale;
    // The scores are made a block of query rows at a time, each block's [B, H, rows, keys] within
    // kAttentionScoreFloats. Whole, they would be B x H x T x S, made afresh by each of matmul, mask and
    // softmax. A block's queries see no key past its last row's position, so later keys are not even scored.
    // Blocks of at most kAttentionRowBlock rows also skip most of the causally masked half of the scores.
    const std::int64_t rows =
        std::clamp<std::int64_t>(kAttentionScoreFloats / (B * H * S), 1, std::min(T, kAttentionRowBlock));
    at::Tensor out; // [B, H, T, hd]
    for (std::int64_t r0 = 0; r0 < T; r0 += rows) {
        const std::int64_t n = std::min(rows, T - r0);
        const std::int64_t keys = S - T + r0 + n;
        at::Tensor scores = at::matmul(qs.narrow(2, r0, n), k.narrow(2, 0, keys).transpose(2, 3));
        if (cap > 0) scores = at::tanh(scores / cap) * cap; // Gemma-2's soft-capping, before the mask
        if (n > 1 || (window > 0 && keys > window)) {
            // Query i of the block sits at absolute position p = S - T + r0 + i and may see keys 0..p (and,
            // with a sliding window, only keys p - window + 1..p).
            auto opts = at::TensorOptions().dtype(at::kBool).device(device_);
            const std::int64_t p0 = S - T + r0;
            at::Tensor mask = at::ones({n, keys}, opts).triu(p0 + 1);
            if (window > 0 && keys > window)
                mask = mask.logical_or(at::ones({n, keys}, opts).tril(p0 - window));
            scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
        }
        at::Tensor o = at::matmul(at::softmax(scores, -1), v.narrow(2, 0, keys));
        if (n == T) {
            out = o;
            break;
        }
        if (!out.defined()) out = at::empty({B, H, T, hd}, o.options());
        out.narrow(2, r0, n).copy_(o);
    }
    return out.transpose(1, 2).reshape({B, T, H * hd});
}

// The pieces of a decoder layer. Pre-norm families normalise each block's input (Gemma-2 its output too);
// OPT-350m normalises after each residual add instead.
at::Tensor DecoderModel::attentionInput(std::size_t i, const at::Tensor& h) const {
    return cfg_.normBefore ? norm(h, layer(i).norm(NormRole::AttentionIn)) : h;
}

at::Tensor DecoderModel::attentionMix(std::size_t i, const at::Tensor& x, std::int64_t pos0,
                                      KvCache* cache) const {
    return mix(layer(i), i, x, pos0, cache);
}

at::Tensor DecoderModel::afterAttention(std::size_t i, const at::Tensor& h, const at::Tensor& mixed) const {
    const DecoderLayer& L = layer(i);
    at::Tensor a = linear(L, LinearRole::O).forward(mixed);
    if (arch_->sandwichNorms) a = norm(a, L.norm(NormRole::AttentionOut));
    return cfg_.normBefore ? h + a : norm(h + a, L.norm(NormRole::AttentionIn));
}

at::Tensor DecoderModel::mlpInput(std::size_t i, const at::Tensor& x) const {
    return cfg_.normBefore ? norm(x, layer(i).norm(NormRole::MlpIn)) : x;
}

at::Tensor DecoderModel::mlpHidden(std::size_t i, const at::Tensor& n) const {
    const DecoderLayer& L = layer(i);
    if (!arch_->gatedMlp) return activation(linear(L, LinearRole::Fc1).forward(n));
    at::Tensor gate, up;
    if (arch_->fusedGateUp) { // one [gate; up] projection
        const at::Tensor gu = linear(L, LinearRole::GateUp).forward(n);
        const std::int64_t I = cfg_.intermediateSize;
        gate = gu.narrow(-1, 0, I);
        up = gu.narrow(-1, I, I);
    } else {
        gate = linear(L, LinearRole::Gate).forward(n);
        up = linear(L, LinearRole::Up).forward(n);
    }
    if (siluOnRows(gate) && up.scalar_type() == at::kFloat && up.stride(-1) == 1)
        return siluTimesCpu(gate, up); // the same roundings as below, in one pass
    return activation(gate) * up;
}

at::Tensor DecoderModel::layerOutput(std::size_t i, const at::Tensor& x, const at::Tensor& hidden) const {
    const DecoderLayer& L = layer(i);
    at::Tensor m = linear(L, arch_->gatedMlp ? LinearRole::Down : LinearRole::Fc2).forward(hidden);
    if (arch_->sandwichNorms) m = norm(m, L.norm(NormRole::MlpOut));
    return cfg_.normBefore ? x + m : norm(x + m, L.norm(NormRole::MlpIn));
}

at::Tensor DecoderModel::decoderLayer(std::size_t i, const at::Tensor& h, std::int64_t pos0,
                                      KvCache* cache) const {
    const at::Tensor x = afterAttention(i, h, attentionMix(i, attentionInput(i, h), pos0, cache));
    return layerOutput(i, x, mlpHidden(i, mlpInput(i, x)));
}

at::Tensor DecoderModel::head(const at::Tensor& h) const {
    at::Tensor x = finalNorm_.weight.defined() ? norm(h, finalNorm_) : h;
    if (projectOut_.defined()) x = timesTransposed(x, projectOut_);
    at::Tensor logits = compactHead_ ? compactHead_->forward(x) : timesTransposed(x, lmHead_);
    if (cfg_.finalSoftcap > 0) logits = at::tanh(logits / cfg_.finalSoftcap) * cfg_.finalSoftcap;
    return logits;
}

at::Tensor DecoderModel::hidden(const at::Tensor& ids, KvCache* cache) const {
    const std::int64_t pos0 = cache ? cache->length : 0;
    at::Tensor h = embed(ids, pos0);
    for (std::size_t i = 0; i < layers_.size(); ++i) h = decoderLayer(i, h, pos0, cache);
    if (cache) cache->length = pos0 + ids.size(1);
    return h;
}

at::Tensor DecoderModel::forward(const at::Tensor& ids, KvCache* cache) const {
    return head(hidden(ids, cache));
}

at::Tensor DecoderModel::forwardLast(const at::Tensor& ids, KvCache* cache) const {
    at::Tensor logits;
    if (cache && decodeStepCpu(ids, *cache, logits)) return logits;
    const at::Tensor h = hidden(ids, cache);
    return head(h.narrow(1, h.size(1) - 1, 1).contiguous());
}

at::Tensor DecoderModel::prompt(const at::Tensor& ids, KvCache& cache, std::int64_t piece) const {
    const std::int64_t n = ids.size(1);
    if (piece <= 0 || piece > n) piece = n;
    const std::int64_t last = (n - 1) / piece * piece; // where the last pass starts
    for (std::int64_t t = 0; t < last; t += piece) hidden(ids.narrow(1, t, piece), &cache);
    return forwardLast(ids.narrow(1, last, n - last), &cache);
}

std::int64_t DecoderModel::promptPiece() const {
    const bool integer =
        device_.is_cpu() && hasPackedLinears() && kernels::roundsActivations(kernels::detectPackedCpuIsa());
    return integer ? kPackedGemmMaxBatch : 0;
}

} // namespace owq::detail
