#include "model/engine_impl.h"
#include "model/sampler.h"
#include "owq/error.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/memory_estimate.h"
#include "util/stopwatch.h"

#include <algorithm>
#include <c10/core/InferenceMode.h>
#include <limits>

#include <chrono>

namespace owq {

namespace detail {

at::Device parseDevice(const std::string& name) {
    at::Device dev(at::kCPU);
    try {
        dev = at::Device(name);
    } catch (const std::exception&) {
        throw Error(ErrorKind::InvalidArgument, "unknown device '" + name + "' (use cpu or cuda[:N])");
    }
    if (dev.is_cuda() && !at::hasCUDA())
        throw Error(ErrorKind::Unsupported,
                    "device '" + name +
                        "' requested, but this build's LibTorch has no CUDA support or no GPU is visible");
    if (!dev.is_cpu() && !dev.is_cuda())
        throw Error(ErrorKind::Unsupported, "device '" + name + "' is not supported");
    return dev;
}

} // namespace detail

namespace {

using detail::Clock;
using detail::secondsSince;

at::Tensor idsTensor(const std::vector<std::int32_t>& ids) {
    std::vector<std::int64_t> v(ids.begin(), ids.end());
    return at::tensor(v, at::kLong).view({1, std::int64_t(v.size())});
}

std::vector<float> lastRow(const at::Tensor& logits) {
    at::Tensor row = logits.select(0, 0).select(0, logits.size(1) - 1).to(at::kCPU).contiguous();
    return std::vector<float>(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
}

// Longest suffix of `text` that is a proper prefix of some stop string: that much must be held back.
std::size_t heldBackForStops(const std::string& text, const std::vector<std::string>& stops) {
    std::size_t hold = 0;
    for (const std::string& s : stops)
        for (std::size_t len = std::min(s.size() - 1, text.size()); len > hold; --len)
            if (text.compare(text.size() - len, len, s, 0, len) == 0) {
                hold = len;
                break;
            }
    return hold;
}

} // namespace

LanguageModel::~LanguageModel() = default;

std::shared_ptr<LanguageModel> LanguageModel::open(const std::string& dir, const LoadOptions& options,
                                                   const JobContext& job) {
    initRuntime(options.threads);
    const auto t0 = Clock::now();
    std::shared_ptr<LanguageModel> lm(new LanguageModel());
    lm->impl_ = std::make_unique<Impl>();
    Impl& d = *lm->impl_;
    d.device = detail::parseDevice(options.device);
    d.checkpoint = Checkpoint::open(dir);
    d.tokenizer = Tokenizer::loadFromFolder(dir);
    if (d.tokenizer->vocabSize() > d.checkpoint->config().vocabSize)
        throw Error(ErrorKind::Tokenizer, d.tokenizer->path() + ": tokenizer has " +
                                              std::to_string(d.tokenizer->vocabSize()) +
                                              " pieces but the model's vocabulary is " +
                                              std::to_string(d.checkpoint->config().vocabSize));
    // Refuse with the numbers rather than be killed by the OS half-way through reading.
    d.evalPath = options.evalPath;
    const bool defer = options.deferLayers || options.evalPath == EvalPath::Layers;
    if (d.device.is_cpu()) requireMemory(estimateLoadBytes(d.checkpoint->config(), defer), "loading " + dir);
    c10::InferenceMode guard;
    d.model = detail::DecoderModel::fromCheckpoint(d.checkpoint, d.device, job, defer);
    d.model->setInt8Activations(options.int8Activations);
    lm->setKvCacheType(options.kvCache);
    d.loadSeconds = secondsSince(t0);
    return lm;
}

const ModelConfig& LanguageModel::config() const {
    return impl_->checkpoint->config();
}
const Checkpoint& LanguageModel::checkpoint() const {
    return *impl_->checkpoint;
}
std::shared_ptr<Tokenizer> LanguageModel::tokenizer() const {
    return impl_->tokenizer;
}
std::string LanguageModel::device() const {
    return impl_->device.str();
}
double LanguageModel::loadSeconds() const {
    return impl_->loadSeconds;
}
std::string LanguageModel::kernelPath() const {
    const std::string dev = device();
    // A packed checkpoint (its layers maybe not read yet), or a float model quantized in memory.
    if (!config().quantization.packed && !impl_->model->hasPackedLinears()) return "float32 " + dev;
    if (dev.rfind("cuda", 0) == 0) return "packed cuda";
    const kernels::CpuIsa isa = kernels::detectPackedCpuIsa();
    return std::string("packed cpu ") + kernels::cpuIsaName(isa) +
           (int8Activations() && kernels::roundsActivations(isa) ? " int8-activations" : "");
}
void LanguageModel::setInt8Activations(bool on) {
    impl_->model->setInt8Activations(on);
}
bool LanguageModel::int8Activations() const {
    return impl_->model->int8Activations();
}
void LanguageModel::setKvCacheType(KvCacheType type) {
    impl_->model->setKvCacheType(type == KvCacheType::BFloat16 ? at::kBFloat16 : at::kFloat);
}
KvCacheType LanguageModel::kvCacheType() const {
    return impl_->model->kvCacheType() == at::kBFloat16 ? KvCacheType::BFloat16 : KvCacheType::Float32;
}
EvalPath LanguageModel::evalPath() const {
    return impl_->evalPath;
}
std::int64_t LanguageModel::defaultSeqlen() const {
    return config().defaultSeqlen();
}

GenerationResult LanguageModel::generateText(const std::string& prompt, const SamplingOptions& sampling,
                                             const TokenCallback& onToken, const JobContext& job) {
    return generate(impl_->tokenizer->encodeDocument(prompt), sampling, onToken, job);
}

GenerationResult LanguageModel::generate(const std::vector<std::int32_t>& promptIds,
                                         const SamplingOptions& sampling, const TokenCallback& onToken,
                                         const JobContext& job) {
    Impl& d = *impl_;
    const Tokenizer& tok = *d.tokenizer;
    // From nothing: BOS, or for tokenizers without one (Qwen) the end-of-text token that separates documents.
    std::vector<std::int32_t> history = promptIds.empty() ? tok.startIds() : promptIds;
    if (history.empty() && !tok.eosIds().empty()) history.push_back(tok.eosIds().front());
    if (history.empty())
        throw Error(ErrorKind::InvalidArgument,
                    "generation needs a prompt: the tokenizer has no BOS or EOS token to start from");
    const std::int64_t maxPos = config().contextLimit();
    if (std::int64_t(history.size()) >= maxPos)
        throw Error(ErrorKind::InvalidArgument, "the prompt has " + std::to_string(history.size()) +
                                                    " tokens; the model's context is " +
                                                    std::to_string(maxPos));
    if (sampling.maxTokens < 0) throw Error(ErrorKind::InvalidArgument, "max tokens must not be negative");

    c10::InferenceMode guard;
    GenerationResult r;
    r.promptTokens = std::int64_t(history.size());
    const std::int64_t capacity = std::min<std::int64_t>(maxPos, r.promptTokens + sampling.maxTokens);
    if (d.device.is_cpu()) { // refused with the numbers rather than killed half-way through a long answer
        const KvCacheType kv = kvCacheType();
        requireMemory(estimateInferenceMemory(config(), capacity, kv).kvCacheBytes,
                      "the KV cache of " + std::to_string(capacity) + " positions (" + kvCacheTypeName(kv) +
                          (kv == KvCacheType::Float32 ? "; bf16 needs half)" : ")"));
    }
    detail::KvCache cache = d.model->newCache(1, capacity);
    detail::Sampler sampler(sampling);
    StreamDecoder stream(d.tokenizer);

    // Models pad their vocabulary past the tokenizer's (OPT 50272 rows for 50265 tokens, Qwen3 151936 for
    // 151669): rows no token stands for are never sampled, as they could not be decoded.
    const std::size_t tokenRows = std::size_t(tok.vocabSize());
    const std::int64_t piece = d.model->promptPiece(); // walks every linear: once, not per token
    auto nextLogits = [&](const std::vector<std::int32_t>& ids) {
        std::vector<float> l = lastRow(d.model->prompt(idsTensor(ids), cache, piece));
        if (tokenRows < l.size())
            std::fill(l.begin() + std::ptrdiff_t(tokenRows), l.end(),
                      -std::numeric_limits<float>::infinity());
        return l;
    };
    auto t0 = Clock::now();
    std::vector<float> logits = nextLogits(history);
    r.prefillSeconds = secondsSince(t0);
    t0 = Clock::now();

    std::string text;        // everything decoded so far
    std::size_t emitted = 0; // bytes of `text` handed to onToken
    r.stopReason = "max_tokens";
    while (std::int64_t(r.tokens.size()) < sampling.maxTokens) {
        if (job.cancel && job.cancel->cancelled()) {
            r.stopReason = "cancelled";
            break;
        }
        const std::int32_t id = sampler.next(std::move(logits), history);
        if (sampling.stopOnEos &&
            (tok.isEos(id) || std::find(sampling.stopTokens.begin(), sampling.stopTokens.end(), id) !=
                                  sampling.stopTokens.end())) {
            r.stopReason = "eos";
            break;
        }
        history.push_back(id);
        r.tokens.push_back(id);
        text += stream.push(id);

        bool stopHit = false;
        for (const std::string& s : sampling.stopStrings) {
            const std::size_t at =
                s.empty() ? std::string::npos : text.find(s, emitted > s.size() ? emitted - s.size() : 0);
            if (at != std::string::npos) {
                text.resize(at);
                stopHit = true;
            }
        }
        const std::size_t safe =
            stopHit ? text.size() : text.size() - heldBackForStops(text, sampling.stopStrings);
        const std::string fresh = safe > emitted ? text.substr(emitted, safe - emitted) : std::string();
        emitted = std::max(emitted, safe);
        if (onToken && !onToken(id, fresh)) {
            r.stopReason = "callback";
            break;
        }
        if (stopHit) {
            r.stopReason = "stop_string";
            break;
        }
        if (cache.length >= capacity) {
            if (capacity == maxPos) r.stopReason = "context_full";
            break;
        }
        logits = nextLogits({id});
        job.report({"generate", std::int64_t(r.tokens.size()), sampling.maxTokens, {}});
    }
    if (r.stopReason != "stop_string") {
        text += stream.flush();
        if (onToken && emitted < text.size() && r.stopReason != "callback") onToken(-1, text.substr(emitted));
    }
    r.text = text;
    r.decodeSeconds = secondsSince(t0);
    return r;
}

std::vector<float> LanguageModel::logits(const std::vector<std::int32_t>& ids) const {
    if (ids.empty()) return {};
    if (std::int64_t(ids.size()) > config().contextLimit())
        throw Error(ErrorKind::InvalidArgument, "sequence of " + std::to_string(ids.size()) +
                                                    " tokens exceeds the context of " +
                                                    std::to_string(config().contextLimit()));
    c10::InferenceMode guard;
    at::Tensor l = impl_->model->forward(idsTensor(ids)).select(0, 0).to(at::kCPU).contiguous();
    return std::vector<float>(l.data_ptr<float>(), l.data_ptr<float>() + l.numel());
}

} // namespace owq
