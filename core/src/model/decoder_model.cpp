// Building a DecoderModel: reading a checkpoint family by family through the architecture table, random
// initialisation, and listing its weights by checkpoint name. The forward pass is in decoder_forward.cpp.
#include "model/decoder_model.h"

#include "model/compact_head.h"
#include "model/packed_linear.h"
#include "owq/error.h"

#include <cmath>

namespace owq::detail {

namespace {
// f(PackedLinear&) for each packed linear of the layers read so far.
template <class F> void forEachPackedLinear(const std::vector<DecoderLayer>& layers, F f) {
    for (const DecoderLayer& L : layers)
        for (const std::shared_ptr<LinearOp>& op : L.linears)
            if (auto* packed = dynamic_cast<PackedLinear*>(op.get())) f(*packed);
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
    std::vector<std::pair<std::string, std::shared_ptr<LinearOp>*>> out;
    for (std::size_t j = 0; j < L.linears.size(); ++j) out.emplace_back((*L.specs)[j].path, &L.linears[j]);
    return out;
}

std::vector<std::pair<std::string, Norm*>> normsOf(const ModelConfig& cfg, DecoderLayer& L) {
    std::vector<std::pair<std::string, Norm*>> out;
    for (const NormSpec& n : layerNorms(cfg)) out.emplace_back(n.path, &L.norm(n.role));
    return out;
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

DecoderModel::DecoderModel(const ModelConfig& cfg, at::Device device)
    : cfg_(cfg), arch_(&architectureOf(cfg)),
      specs_(std::make_shared<const std::vector<LinearSpec>>(layerLinears(cfg))), device_(device),
      rope_(cfg, device) {
    roleIndex_.fill(-1);
    for (std::size_t j = 0; j < specs_->size(); ++j) roleIndex_[std::size_t((*specs_)[j].role)] = int(j);
}

DecoderLayer DecoderModel::emptyLayer() const {
    DecoderLayer L;
    L.specs = specs_;
    L.linears.resize(specs_->size());
    return L;
}

DecoderLayer DecoderModel::readLayer(std::size_t i) const {
    const Checkpoint& ckpt = *ckpt_;
    const std::string prefix = layerPrefix(cfg_, std::int64_t(i));
    DecoderLayer L = emptyLayer();
    for (const NormSpec& n : layerNorms(cfg_)) {
        Norm& dst = L.norm(n.role);
        dst.weight = loadFloatTensor(ckpt, prefix + n.path + ".weight", device_);
        if (n.bias) dst.bias = loadFloatTensor(ckpt, prefix + n.path + ".bias", device_);
    }
    for (std::size_t j = 0; j < specs_->size(); ++j) {
        const LinearSpec& s = (*specs_)[j];
        const std::string base = prefix + s.path;
        if (cfg_.quantization.packed) {
            auto packed = loadPackedLinear(ckpt, base, s.rows, s.cols, device_);
            packed->setActivationRounding(rounding_);
            L.linears[j] = std::move(packed);
            continue;
        }
        at::Tensor bias;
        if (s.bias) bias = loadFloatTensor(ckpt, base + ".bias", device_);
        L.linears[j] = std::make_shared<DenseLinear>(loadFloatTensor(ckpt, base + ".weight", device_), bias);
    }
    L.loaded = true;
    return L;
}

void DecoderModel::loadLayer(std::size_t i) {
    if (layers_.at(i).loaded) return;
    if (!ckpt_)
        throw Error(ErrorKind::InvalidArgument, "decoder layer " + std::to_string(i) + " has no weights");
    layers_[i] = readLayer(i);
}

void DecoderModel::setInt8Activations(bool on) {
    rounding_ = on ? kernels::ActivationRounding::Int8 : kernels::ActivationRounding::Split15;
    forEachPackedLinear(layers_, [&](PackedLinear& p) { p.setActivationRounding(rounding_); });
}

void DecoderModel::setKvCacheType(at::ScalarType type) {
    if (type != at::kFloat && type != at::kBFloat16)
        throw Error(ErrorKind::InvalidArgument, "a KV cache holds float32 or bfloat16");
    kvType_ = type;
}

bool DecoderModel::hasPackedLinears() const {
    bool any = false;
    forEachPackedLinear(layers_, [&](PackedLinear&) { any = true; });
    return any;
}

const DecoderLayer& DecoderModel::layer(std::size_t i) const {
    // A deferred layer is read on first use; the model is otherwise immutable during inference.
    if (!layers_.at(i).loaded) const_cast<DecoderModel*>(this)->loadLayer(i);
    return layers_[i];
}

std::shared_ptr<DecoderModel> DecoderModel::fromCheckpoint(std::shared_ptr<const Checkpoint> ckpt,
                                                           at::Device device, const JobContext& job,
                                                           bool deferLayers) {
    std::shared_ptr<DecoderModel> m(new DecoderModel(ckpt->config(), device));
    m->ckpt_ = ckpt;
    const ModelConfig& c = m->cfg_;
    const Architecture& a = *m->arch_;
    const auto total = c.numLayers + 2;
    const bool compactHead = c.quantization.head == "bf16" || c.quantization.head == "int8";
    if (!(compactHead && c.tieWordEmbeddings)) m->embed_ = loadFloatTensor(*ckpt, a.embedName, device);
    if (a.positions == PositionKind::Learned) m->positions_ = loadFloatTensor(*ckpt, a.positionName, device);
    if (c.embedDim() != c.hiddenSize) {
        m->projectIn_ = loadFloatTensor(*ckpt, a.projectInName, device);
        m->projectOut_ = loadFloatTensor(*ckpt, a.projectOutName, device);
    }
    job.report({"load", 1, total, "embeddings"});
    m->layers_.assign(std::size_t(c.numLayers), m->emptyLayer());
    for (std::int64_t i = 0; i < c.numLayers && !deferLayers; ++i) {
        job.checkCancel("loading " + ckpt->dir());
        m->loadLayer(std::size_t(i));
        job.report({"load", i + 2, total, "layer " + std::to_string(i)});
    }
    job.checkCancel("loading " + ckpt->dir()); // the head is the largest single tensor of most models
    if (c.finalNorm) {
        m->finalNorm_.weight = loadFloatTensor(*ckpt, a.finalNormName, device);
        if (a.norm == NormKind::LayerNorm)
            m->finalNorm_.bias = loadFloatTensor(
                *ckpt, a.finalNormName.substr(0, a.finalNormName.size() - 6) + "bias", device);
    }
    if (compactHead) {
        // Compact on the CPU, where its kernels are; other devices expand it to float32 (docs/FORMAT.md).
        auto h = CompactHead::load(*ckpt);
        if (device.is_cpu()) {
            m->compactHead_ = h;
        } else {
            m->lmHead_ = h->denseWeight().to(device);
            if (c.tieWordEmbeddings) m->embed_ = m->lmHead_;
        }
    } else {
        m->lmHead_ = c.tieWordEmbeddings ? m->embed_ : loadFloatTensor(*ckpt, headName(c), device);
    }
    job.report({"load", total, total, "head"});
    return m;
}

std::shared_ptr<DecoderModel> DecoderModel::randomInit(const ModelConfig& cfg, std::uint64_t seed,
                                                       at::Device device) {
    std::shared_ptr<DecoderModel> m(new DecoderModel(cfg, device));
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const double std = 0.02;
    auto opts = at::TensorOptions().dtype(at::kFloat);
    auto randn = [&](std::vector<std::int64_t> shape, double scale) {
        return (at::normal(0.0, scale, shape, gen, opts)).to(device);
    };
    // Norms start as the identity: weight 1 (0 where the family multiplies by 1 + w), bias 0.
    const double normWeight = m->arch_->norm == NormKind::RmsNormPlusOne ? 0.0 : 1.0;
    auto identityNorm = [&](std::int64_t size, bool bias) {
        Norm n;
        n.weight = at::full({size}, normWeight, opts).to(device);
        if (bias) n.bias = at::zeros({size}, opts).to(device);
        return n;
    };
    const std::int64_t D = cfg.hiddenSize, E = cfg.embedDim();
    // GPT-2 style: residual projections scaled down by depth so the stream does not grow with layers.
    const double resid = std / std::sqrt(2.0 * double(cfg.numLayers));
    m->embed_ = randn({cfg.vocabSize, E}, std);
    if (m->arch_->positions == PositionKind::Learned) m->positions_ = randn({cfg.maxPositions + 2, D}, std);
    if (E != D) {
        m->projectIn_ = randn({D, E}, std);
        m->projectOut_ = randn({E, D}, std);
    }
    for (std::int64_t i = 0; i < cfg.numLayers; ++i) {
        DecoderLayer L = m->emptyLayer();
        for (const NormSpec& n : layerNorms(cfg)) L.norm(n.role) = identityNorm(n.size, n.bias);
        for (std::size_t j = 0; j < m->specs_->size(); ++j) {
            const LinearSpec& s = (*m->specs_)[j];
            const bool residual =
                s.role == LinearRole::O || s.role == LinearRole::Down || s.role == LinearRole::Fc2;
            L.linears[j] =
                std::make_shared<DenseLinear>(randn({s.rows, s.cols}, residual ? resid : std),
                                              s.bias ? at::zeros({s.rows}, opts).to(device) : at::Tensor());
        }
        L.loaded = true;
        m->layers_.push_back(std::move(L));
    }
    if (cfg.finalNorm) m->finalNorm_ = identityNorm(D, m->arch_->norm == NormKind::LayerNorm);
    m->lmHead_ = cfg.tieWordEmbeddings ? m->embed_ : randn({cfg.vocabSize, E}, std);
    return m;
}

void DecoderModel::useCompactHead(HeadFormat format) {
    if (compactHead_ || (format != HeadFormat::BF16 && format != HeadFormat::Int8)) return;
    auto h = CompactHead::fromFloat(lmHead_.to(at::kCPU, at::kFloat).contiguous(), format);
    if (device_.is_cpu()) {
        compactHead_ = std::move(h);
        lmHead_ = at::Tensor();
        if (cfg_.tieWordEmbeddings) embed_ = at::Tensor();
    } else {
        lmHead_ = h->denseWeight().to(device_);
        if (cfg_.tieWordEmbeddings) embed_ = lmHead_;
    }
}

std::vector<std::pair<std::string, at::Tensor>> DecoderModel::globalWeights() const {
    const Architecture& a = *arch_;
    std::vector<std::pair<std::string, at::Tensor>> out;
    out.emplace_back(a.embedName, embed_.defined() ? embed_ : compactHead_->denseWeight());
    if (positions_.defined()) out.emplace_back(a.positionName, positions_);
    if (projectIn_.defined()) {
        out.emplace_back(a.projectInName, projectIn_);
        out.emplace_back(a.projectOutName, projectOut_);
    }
    if (finalNorm_.weight.defined()) {
        out.emplace_back(a.finalNormName, finalNorm_.weight);
        if (finalNorm_.bias.defined())
            out.emplace_back(a.finalNormName.substr(0, a.finalNormName.size() - 6) + "bias", finalNorm_.bias);
    }
    if (!cfg_.tieWordEmbeddings)
        out.emplace_back(headName(cfg_), lmHead_.defined() ? lmHead_ : compactHead_->denseWeight());
    return out;
}

void DecoderModel::appendLayerWeights(std::size_t i, bool dequantized,
                                      std::vector<std::pair<std::string, at::Tensor>>& out) const {
    DecoderLayer& L = const_cast<DecoderLayer&>(layers_[i]); // normsOf / linearsOf hand out mutable slots
    const std::string prefix = layerPrefix(cfg_, std::int64_t(i));
    for (const auto& [path, n] : normsOf(cfg_, L)) {
        out.emplace_back(prefix + path + ".weight", n->weight);
        if (n->bias.defined()) out.emplace_back(prefix + path + ".bias", n->bias);
    }
    for (const auto& [path, op] : linearsOf(L)) {
        at::Tensor w, b;
        if (const auto* d = dynamic_cast<const DenseLinear*>(op->get())) {
            w = d->weight, b = d->bias;
        } else if (dequantized) {
            w = (*op)->denseWeight(), b = (*op)->biasVector();
        } else {
            continue; // packed: codes, not parameters
        }
        out.emplace_back(prefix + path + ".weight", w);
        if (b.defined()) out.emplace_back(prefix + path + ".bias", b);
    }
}

std::vector<std::pair<std::string, at::Tensor>> DecoderModel::namedParameters() const {
    std::vector<std::pair<std::string, at::Tensor>> out = globalWeights();
    for (std::size_t i = 0; i < layers_.size(); ++i) appendLayerWeights(i, false, out);
    return out;
}

std::vector<std::pair<std::string, at::Tensor>> DecoderModel::exportWeights() {
    std::vector<std::pair<std::string, at::Tensor>> out = globalWeights();
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        loadLayer(i);
        appendLayerWeights(i, true, out);
    }
    return out;
}

} // namespace owq::detail
