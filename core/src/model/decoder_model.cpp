#include "model/llama.h"

#include "model/packed_linear.h"
#include "owq/error.h"

#include <algorithm>
#include <cmath>

namespace owq::detail {

namespace {

std::string layerName(std::size_t i, const char* rest) {
    return "model.layers." + std::to_string(i) + "." + rest;
}

} // namespace

at::ScalarType storedFloatType(DType d) {
    switch (d) {
    case DType::F32:
        return at::kFloat;
    case DType::F16:
        return at::kHalf;
    case DType::BF16:
        return at::kBFloat16;
    case DType::F64:
        return at::kDouble;
    default:
        break;
    }
    throw Error(ErrorKind::Unsupported, std::string("tensor dtype ") + dtypeName(d) + " is not a float type");
}

std::vector<std::pair<std::string, std::shared_ptr<LinearOp>*>> linearsOf(DecoderLayer& L) {
    return {{"self_attn.q_proj", &L.q}, {"self_attn.k_proj", &L.k}, {"self_attn.v_proj", &L.v},
            {"self_attn.o_proj", &L.o}, {"mlp.gate_proj", &L.gate}, {"mlp.up_proj", &L.up},
            {"mlp.down_proj", &L.down}};
}

at::Tensor loadFloatTensor(const Checkpoint& ckpt, const std::string& name, at::Device device) {
    const TensorRef& ref = ckpt.tensor(name);
    const TensorInfo& info = *ref.info;
    // from_blob views the memory map; .to() copies, so the result owns its data.
    at::Tensor view = at::from_blob(const_cast<std::uint8_t*>(ref.file->data(info)), info.shape,
                                    at::TensorOptions().dtype(storedFloatType(info.dtype)));
    at::Tensor t = view.to(at::kFloat, /*non_blocking=*/false, /*copy=*/true);
    if (!at::isfinite(t).all().item<bool>())
        throw Error(ErrorKind::Format,
                    ref.file->path() + ": tensor '" + name + "' contains NaN or Inf values");
    return device.is_cpu() ? t : t.to(device);
}

LlamaModel::LlamaModel(const ModelConfig& cfg, at::Device device)
    : cfg_(cfg), device_(device), rope_(cfg, device) {}

DecoderLayer LlamaModel::readLayer(std::size_t i) const {
    const Checkpoint& ckpt = *ckpt_;
    const ModelConfig& c = cfg_;
    const std::int64_t q = c.numHeads * c.headDim, kv = c.numKvHeads * c.headDim;
    auto linear = [&](const char* proj, std::int64_t rows, std::int64_t cols,
                      bool hasBias) -> std::shared_ptr<LinearOp> {
        const std::string base = layerName(i, proj);
        if (c.quantization.packed) return loadPackedLinear(ckpt, base, rows, cols, device_);
        at::Tensor bias;
        if (hasBias) bias = loadFloatTensor(ckpt, base + ".bias", device_);
        return std::make_shared<DenseLinear>(loadFloatTensor(ckpt, base + ".weight", device_), bias);
    };
    DecoderLayer L;
    L.inputNorm = loadFloatTensor(ckpt, layerName(i, "input_layernorm.weight"), device_);
    L.postNorm = loadFloatTensor(ckpt, layerName(i, "post_attention_layernorm.weight"), device_);
    L.q = linear("self_attn.q_proj", q, c.hiddenSize, c.attentionBias);
    L.k = linear("self_attn.k_proj", kv, c.hiddenSize, c.attentionBias);
    L.v = linear("self_attn.v_proj", kv, c.hiddenSize, c.attentionBias);
    L.o = linear("self_attn.o_proj", c.hiddenSize, q, c.oBias);
    L.gate = linear("mlp.gate_proj", c.intermediateSize, c.hiddenSize, c.mlpBias);
    L.up = linear("mlp.up_proj", c.intermediateSize, c.hiddenSize, c.mlpBias);
    L.down = linear("mlp.down_proj", c.hiddenSize, c.intermediateSize, c.mlpBias);
    L.loaded = true;
    return L;
}

void LlamaModel::loadLayer(std::size_t i) {
    if (layers_.at(i).loaded) return;
    if (!ckpt_)
        throw Error(ErrorKind::InvalidArgument, "decoder layer " + std::to_string(i) + " has no weights");
    layers_[i] = readLayer(i);
}

const DecoderLayer& LlamaModel::layer(std::size_t i) const {
    // A deferred layer is read on first use; the model is otherwise immutable during inference.
    if (!layers_.at(i).loaded) const_cast<LlamaModel*>(this)->loadLayer(i);
    return layers_[i];
}

std::shared_ptr<LlamaModel> LlamaModel::fromCheckpoint(std::shared_ptr<const Checkpoint> ckpt,
                                                       at::Device device, const JobContext& job,
                                                       bool deferLayers) {
    std::shared_ptr<LlamaModel> m(new LlamaModel(ckpt->config(), device));
    m->ckpt_ = ckpt;
    const ModelConfig& c = m->cfg_;
    const auto total = c.numLayers + 2;
    m->embed_ = loadFloatTensor(*ckpt, "model.embed_tokens.weight", device);
    job.report({"load", 1, total, "embeddings"});
    m->layers_.resize(std::size_t(c.numLayers));
    for (std::int64_t i = 0; i < c.numLayers && !deferLayers; ++i) {
        job.checkCancel("loading " + ckpt->dir());
        m->loadLayer(std::size_t(i));
        job.report({"load", i + 2, total, "layer " + std::to_string(i)});
    }
    job.checkCancel("loading " + ckpt->dir()); // the head is the largest single tensor of a LLaMA
    m->norm_ = loadFloatTensor(*ckpt, "model.norm.weight", device);
    m->lmHead_ = c.tieWordEmbeddings ? m->embed_ : loadFloatTensor(*ckpt, "lm_head.weight", device);
    job.report({"load", total, total, "head"});
    return m;
}

std::shared_ptr<LlamaModel> LlamaModel::randomInit(const ModelConfig& cfg, std::uint64_t seed,
                                                   at::Device device) {
    std::shared_ptr<LlamaModel> m(new LlamaModel(cfg, device));
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const double std = 0.02;
    auto opts = at::TensorOptions().dtype(at::kFloat);
    auto randn = [&](std::vector<std::int64_t> shape, double scale) {
        return (at::normal(0.0, scale, shape, gen, opts)).to(device);
    };
    auto dense = [&](std::int64_t out, std::int64_t in, bool bias, double scale) {
        return std::make_shared<DenseLinear>(randn({out, in}, scale),
                                             bias ? at::zeros({out}, opts).to(device) : at::Tensor());
    };
    const std::int64_t hd = cfg.headDim, H = cfg.numHeads, KV = cfg.numKvHeads, D = cfg.hiddenSize;
    // GPT-2 style: residual projections scaled down by depth so the stream does not grow with layers.
    const double resid = std / std::sqrt(2.0 * double(cfg.numLayers));
    m->embed_ = randn({cfg.vocabSize, D}, std);
    for (std::int64_t i = 0; i < cfg.numLayers; ++i) {
        DecoderLayer L;
        L.inputNorm = at::ones({D}, opts).to(device);
        L.postNorm = at::ones({D}, opts).to(device);
        L.q = dense(H * hd, D, cfg.attentionBias, std);
        L.k = dense(KV * hd, D, cfg.attentionBias, std);
        L.v = dense(KV * hd, D, cfg.attentionBias, std);
        L.o = dense(D, H * hd, cfg.oBias, resid);
        L.gate = dense(cfg.intermediateSize, D, cfg.mlpBias, std);
        L.up = dense(cfg.intermediateSize, D, cfg.mlpBias, std);
        L.down = dense(D, cfg.intermediateSize, cfg.mlpBias, resid);
        L.loaded = true;
        m->layers_.push_back(std::move(L));
    }
    m->norm_ = at::ones({D}, opts).to(device);
    m->lmHead_ = cfg.tieWordEmbeddings ? m->embed_ : randn({cfg.vocabSize, D}, std);
    return m;
}

at::Tensor LlamaModel::rmsNorm(const at::Tensor& x, const at::Tensor& w) const {
    at::Tensor var = x.pow(2).mean(-1, /*keepdim=*/true);
    return x * at::rsqrt(var + cfg_.rmsNormEps) * w;
}

at::Tensor LlamaModel::embed(const at::Tensor& ids) const {
    if (ids.numel() > 0) {
        const std::int64_t lo = ids.min().item<std::int64_t>(), hi = ids.max().item<std::int64_t>();
        if (lo < 0 || hi >= cfg_.vocabSize)
            throw Error(ErrorKind::InvalidArgument, "token id " + std::to_string(lo < 0 ? lo : hi) +
                                                        " is outside the vocabulary of " +
                                                        std::to_string(cfg_.vocabSize));
    }
    return at::embedding(embed_, ids.to(device_));
}

KvCache LlamaModel::newCache(std::int64_t batch, std::int64_t capacity) const {
    KvCache c;
    c.capacity = capacity;
    auto opts = at::TensorOptions().dtype(at::kFloat).device(device_);
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        c.k.push_back(at::zeros({batch, cfg_.numKvHeads, capacity, cfg_.headDim}, opts));
        c.v.push_back(at::zeros({batch, cfg_.numKvHeads, capacity, cfg_.headDim}, opts));
    }
    return c;
}

at::Tensor LlamaModel::attention(const DecoderLayer& L, std::size_t index, const at::Tensor& x,
                                 std::int64_t pos0, KvCache* cache) const {
    const std::int64_t B = x.size(0), T = x.size(1);
    const std::int64_t H = cfg_.numHeads, KV = cfg_.numKvHeads, hd = cfg_.headDim;
    at::Tensor q = L.q->forward(x).view({B, T, H, hd}).transpose(1, 2);
    at::Tensor k = L.k->forward(x).view({B, T, KV, hd}).transpose(1, 2);
    at::Tensor v = L.v->forward(x).view({B, T, KV, hd}).transpose(1, 2);
    q = rope_.apply(q, pos0);
    k = rope_.apply(k, pos0);
    std::int64_t S = T;
    if (cache) {
        if (pos0 + T > cache->capacity)
            throw Error(ErrorKind::InvalidArgument, "KV cache full: " + std::to_string(pos0 + T) +
                                                        " positions exceed its capacity of " +
                                                        std::to_string(cache->capacity));
        cache->k[index].narrow(2, pos0, T).copy_(k);
        cache->v[index].narrow(2, pos0, T).copy_(v);
        S = pos0 + T;
        k = cache->k[index].narrow(2, 0, S);
        v = cache->v[index].narrow(2, 0, S);
    }
    if (KV != H) { // grouped-query attention: each kv head serves H/KV query heads
        k = k.repeat_interleave(H / KV, 1);
        v = v.repeat_interleave(H / KV, 1);
    }
    // Scale q (T x hd) rather than the scores (T x S): same result, less work.
    const at::Tensor qs = q * (1.0 / std::sqrt(double(hd)));
    // The scores are made a block of query rows at a time, each block's [B, H, rows, keys] within
    // kAttentionScoreFloats. Whole, they would be B x H x T x S, made afresh by each of matmul, mask and
    // softmax. A block's queries see no key past its last row's position, so later keys are not even scored.
    const std::int64_t rows = std::clamp<std::int64_t>(kAttentionScoreFloats / (B * H * S), 1, T);
    const std::int64_t window = cfg_.slidingWindow;
    at::Tensor out; // [B, H, T, hd]
    for (std::int64_t r0 = 0; r0 < T; r0 += rows) {
        const std::int64_t n = std::min(rows, T - r0);
        const std::int64_t keys = S - T + r0 + n;
        at::Tensor scores = at::matmul(qs.narrow(2, r0, n), k.narrow(2, 0, keys).transpose(2, 3));
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
    out = out.transpose(1, 2).reshape({B, T, H * hd});
    return L.o->forward(out);
}

at::Tensor LlamaModel::decoderLayer(std::size_t i, const at::Tensor& h, std::int64_t pos0,
                                    KvCache* cache) const {
    const DecoderLayer& L = layer(i);
    at::Tensor x = h + attention(L, i, rmsNorm(h, L.inputNorm), pos0, cache);
    at::Tensor n = rmsNorm(x, L.postNorm);
    at::Tensor mlp = L.down->forward(at::silu(L.gate->forward(n)) * L.up->forward(n));
    return x + mlp;
}

at::Tensor LlamaModel::head(const at::Tensor& h) const {
    return at::matmul(rmsNorm(h, norm_), lmHead_.t());
}

at::Tensor LlamaModel::forward(const at::Tensor& ids, KvCache* cache) const {
    const std::int64_t pos0 = cache ? cache->length : 0;
    at::Tensor h = embed(ids);
    for (std::size_t i = 0; i < layers_.size(); ++i) h = decoderLayer(i, h, pos0, cache);
    if (cache) cache->length = pos0 + ids.size(1);
    return head(h);
}

std::vector<std::pair<std::string, at::Tensor>> LlamaModel::namedParameters() const {
    std::vector<std::pair<std::string, at::Tensor>> out;
    out.emplace_back("model.embed_tokens.weight", embed_);
    auto add = [&](std::size_t i, const char* proj, const std::shared_ptr<LinearOp>& op) {
        auto* d = dynamic_cast<DenseLinear*>(op.get());
        if (!d) return;
        out.emplace_back(layerName(i, proj) + std::string(".weight"), d->weight);
        if (d->bias.defined()) out.emplace_back(layerName(i, proj) + std::string(".bias"), d->bias);
    };
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const DecoderLayer& L = layers_[i];
        out.emplace_back(layerName(i, "input_layernorm.weight"), L.inputNorm);
        out.emplace_back(layerName(i, "post_attention_layernorm.weight"), L.postNorm);
        add(i, "self_attn.q_proj", L.q);
        add(i, "self_attn.k_proj", L.k);
        add(i, "self_attn.v_proj", L.v);
        add(i, "self_attn.o_proj", L.o);
        add(i, "mlp.gate_proj", L.gate);
        add(i, "mlp.up_proj", L.up);
        add(i, "mlp.down_proj", L.down);
    }
    out.emplace_back("model.norm.weight", norm_);
    if (!cfg_.tieWordEmbeddings) out.emplace_back("lm_head.weight", lmHead_);
    return out;
}

std::vector<std::pair<std::string, at::Tensor>> LlamaModel::exportWeights() {
    std::vector<std::pair<std::string, at::Tensor>> out;
    out.emplace_back("model.embed_tokens.weight", embed_);
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        loadLayer(i);
        DecoderLayer& L = layers_[i];
        out.emplace_back(layerName(i, "input_layernorm.weight"), L.inputNorm);
        out.emplace_back(layerName(i, "post_attention_layernorm.weight"), L.postNorm);
        for (const auto& [proj, op] : linearsOf(L)) {
            out.emplace_back(layerName(i, proj.c_str()) + ".weight", (*op)->denseWeight());
            if (const at::Tensor b = (*op)->biasVector(); b.defined())
                out.emplace_back(layerName(i, proj.c_str()) + ".bias", b);
        }
    }
    out.emplace_back("model.norm.weight", norm_);
    if (!cfg_.tieWordEmbeddings) out.emplace_back("lm_head.weight", lmHead_);
    return out;
}

} // namespace owq::detail
