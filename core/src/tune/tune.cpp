// Weak column tuning: the training loop (AdamW, warm-up + decay, accumulation, clipping), evaluation,
// checkpoints and resume, extra weak columns, and writing the tuned packed model (docs/TUNING.md).
#include "owq/tune.h"

#include "model/engine_impl.h"
#include "model/packed_linear.h"
#include "model/stored_tensor.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "owq/version.h"
#include "packed/packed_tensors.h"
#include "tune/tune_data.h"
#include "tune/weak_linear.h"
#include "util/staging_folder.h"
#include "util/stopwatch.h"

#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace owq {

namespace {

using detail::Clock;
using detail::secondsSince;

constexpr const char* kCheckpointFormat = "owq-tune-checkpoint";
constexpr const char* kTuningFile = "owq_tuning.json";
constexpr const char* kStateJson = "tune_state.json";
constexpr const char* kStateTensors = "tune_state.safetensors";

std::uint64_t peakRss() {
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
    return std::uint64_t(u.ru_maxrss) * 1024; // KiB on Linux
}

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

void validate(const TuneOptions& o, const ModelConfig& cfg) {
    auto bad = [](const std::string& m) { throw Error(ErrorKind::InvalidArgument, m); };
    if (o.steps < 1) bad("steps must be at least 1, got " + std::to_string(o.steps));
    if (!(o.lr > 0) || !std::isfinite(o.lr))
        bad("the learning rate must be positive, got " + std::to_string(o.lr));
    if (o.batch < 1) bad("batch must be at least 1, got " + std::to_string(o.batch));
    if (o.accum < 1) bad("accum must be at least 1, got " + std::to_string(o.accum));
    if (o.seqlen < 2) bad("seqlen must be at least 2, got " + std::to_string(o.seqlen));
    if (o.seqlen > cfg.maxPositions)
        bad("seqlen " + std::to_string(o.seqlen) + " exceeds the model's context of " +
            std::to_string(cfg.maxPositions));
    if (o.warmup < 0 || o.warmup > o.steps)
        bad("warmup must be between 0 and the steps (" + std::to_string(o.steps) + "), got " +
            std::to_string(o.warmup));
    if (!(o.minLrRatio >= 0 && o.minLrRatio <= 1)) bad("the final learning-rate ratio must be in [0, 1]");
    if (o.weightDecay < 0) bad("weight decay must not be negative");
    if (!(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1 && o.eps > 0))
        bad("AdamW betas must be in [0, 1) and eps positive");
    if (o.evalEvery < 0 || o.saveEvery < 0 || o.extraWeak < 0 || o.evalMaxWindows < 1)
        bad("eval-every, save-every and extra-weak must not be negative (eval windows at least 1)");
    if (o.saveEvery > 0 && o.checkpointDir.empty()) bad("saving every N steps needs a checkpoint folder");
}

double lrAt(const TuneOptions& o, int step) {
    if (o.warmup > 0 && step <= o.warmup) return o.lr * double(step) / double(o.warmup);
    const double progress = double(step - o.warmup) / double(std::max(1, o.steps - o.warmup)); // (0, 1]
    switch (o.schedule) {
    case LrSchedule::Cosine:
        return o.lr * (o.minLrRatio + (1.0 - o.minLrRatio) * 0.5 * (1.0 + std::cos(M_PI * progress)));
    case LrSchedule::Linear:
        return o.lr * (1.0 - (1.0 - o.minLrRatio) * progress);
    case LrSchedule::Constant:
        break;
    }
    return o.lr;
}

json stepJson(const TuneStep& s) {
    json j = {
        {"step", s.step}, {"loss", s.loss}, {"lr", s.lr}, {"grad_norm", s.gradNorm}, {"seconds", s.seconds}};
    if (s.evalLoss) {
        j["eval_loss"] = *s.evalLoss;
        j["eval_ppl"] = std::exp(*s.evalLoss);
    }
    return j;
}

TuneStep stepFrom(const json& j) {
    TuneStep s;
    s.step = j.at("step").get<int>();
    s.loss = j.at("loss").get<double>();
    s.lr = j.at("lr").get<double>();
    s.gradNorm = j.value("grad_norm", 0.0);
    s.seconds = j.value("seconds", 0.0);
    if (j.contains("eval_loss")) s.evalLoss = j.at("eval_loss").get<double>();
    return s;
}

json optionsJson(const TuneOptions& o) {
    return {{"data", o.dataFile},
            {"eval", o.evalFile},
            {"format", tuneDataFormatName(o.format)},
            {"eval_split", o.evalSplit},
            {"eval_max_windows", o.evalMaxWindows},
            {"steps", o.steps},
            {"lr", o.lr},
            {"batch", o.batch},
            {"seqlen", o.seqlen},
            {"accum", o.accum},
            {"warmup", o.warmup},
            {"schedule", lrScheduleName(o.schedule)},
            {"min_lr_ratio", o.minLrRatio},
            {"clip", o.clip},
            {"weight_decay", o.weightDecay},
            {"beta1", o.beta1},
            {"beta2", o.beta2},
            {"eps", o.eps},
            {"seed", o.seed},
            {"eval_every", o.evalEvery},
            {"save_every", o.saveEvery},
            {"checkpoint_dir", o.checkpointDir},
            {"resume", o.resumeFrom},
            {"extra_weak", o.extraWeak}};
}

// One decoder linear during tuning.
struct Slot {
    std::string base;
    std::shared_ptr<detail::LinearOp>* slot = nullptr;
    std::shared_ptr<detail::WeakTunedLinear> op;
    std::int64_t extra = 0; // columns added by extraWeak
    at::Tensor m, v;        // AdamW moments (float32, like the weights)
};

// The diagnostics beside a packed folder, when present and readable.
std::optional<QuantReport> readDiagnostics(const std::string& dir) {
    const fs::path p = fs::path(dir) / "owq_diagnostics.json";
    if (!fs::exists(p)) return std::nullopt;
    return QuantReport::fromJson(readTextFile(p.string()));
}

// The next k columns of a linear to make weak: highest stored OWQ sensitivity, else highest column norm.
std::vector<std::int64_t> pickExtraColumns(const detail::PackedLinear& pl, int k,
                                           const LinearDiagnostics* d) {
    const detail::PackedParts& p = pl.parts();
    std::vector<char> weak(std::size_t(p.cols), 0);
    for (std::int64_t i = 0; i < p.weak(); ++i) weak[std::size_t(p.weakIdx.data_ptr<std::int32_t>()[i])] = 1;
    std::vector<double> score(std::size_t(p.cols), 0);
    if (d && std::int64_t(d->sensitivity.size()) == p.cols) {
        for (std::int64_t c = 0; c < p.cols; ++c) score[std::size_t(c)] = d->sensitivity[std::size_t(c)];
    } else {
        const at::Tensor n = pl.denseWeight().to(at::kCPU).norm(2, {0}).to(at::kDouble).contiguous();
        for (std::int64_t c = 0; c < p.cols; ++c) score[std::size_t(c)] = n.data_ptr<double>()[c];
    }
    std::vector<std::int64_t> cand;
    for (std::int64_t c = 0; c < p.cols; ++c)
        if (!weak[std::size_t(c)]) cand.push_back(c);
    std::stable_sort(cand.begin(), cand.end(), [&](std::int64_t a, std::int64_t b) {
        return score[std::size_t(a)] > score[std::size_t(b)];
    });
    cand.resize(std::size_t(std::min<std::int64_t>(k, std::int64_t(cand.size()) - 1)));
    return cand;
}

// Every decoder linear of the model as a packed linear (layers loaded), or Unsupported.
std::vector<std::pair<std::string, std::shared_ptr<detail::LinearOp>*>> packedSlots(LanguageModel& lm) {
    if (!lm.config().quantization.packed)
        throw Error(ErrorKind::Unsupported,
                    lm.checkpoint().dir() +
                        ": weak column tuning needs a packed OWQ model (what `owq quantize` writes without "
                        "--fake)");
    detail::DecoderModel& m = *lm.impl().model;
    std::vector<std::pair<std::string, std::shared_ptr<detail::LinearOp>*>> out;
    for (std::size_t i = 0; i < m.layers().size(); ++i) {
        m.loadLayer(i);
        for (const auto& [proj, slot] : detail::linearsOf(m.layers()[i])) {
            const std::string base = layerPrefix(m.config(), std::int64_t(i)) + proj;
            if (!dynamic_cast<const detail::PackedLinear*>(slot->get()) &&
                !dynamic_cast<const detail::WeakTunedLinear*>(slot->get()))
                throw Error(ErrorKind::Unsupported, base + " is not held in the packed format");
            out.emplace_back(base, slot);
        }
    }
    return out;
}

std::uint64_t nonLinearBytes(const ModelConfig& c) {
    std::uint64_t n =
        std::uint64_t(c.vocabSize) * std::uint64_t(c.hiddenSize) * (c.tieWordEmbeddings ? 1 : 2);
    n += std::uint64_t(c.hiddenSize) * std::uint64_t(2 * c.numLayers + 1);
    return n * 4;
}

struct LinearShape {
    std::int64_t rows = 0, cols = 0, weak = 0; // weak: the count tuning trains
    std::uint64_t packedBytes = 0;
    int bits = 0; // the linear's own base width (its packed parts', so mixed precision counts right)
};

TuneMemoryEstimate memoryFor(const ModelConfig& c, const std::vector<LinearShape>& linears,
                             const TuneOptions& o) {
    TuneMemoryEstimate e;
    e.modelParameters = c.parameterCount();
    std::uint64_t packed = 0, maxLinear = 0;
    std::int64_t weakPerToken = 0, inOut = 0;
    for (const LinearShape& l : linears) {
        e.trainableParameters += l.rows * l.weak;
        packed += l.packedBytes;
        maxLinear = std::max<std::uint64_t>(maxLinear, std::uint64_t(l.rows * l.cols) * 4);
        weakPerToken += l.weak;
        inOut += l.rows + l.cols;
    }
    e.frozenPackedBytes = nonLinearBytes(c) + packed;
    // Saved activations per token and layer (float32): norms, q/k/v, RoPE, attention output ~ 20 hidden,
    // SwiGLU ~ 5 intermediate, scores and probabilities 2 x heads x seqlen; the weak columns' inputs; the
    // head's logits and log-probabilities (2 x vocab); one more layer's worth for the gradients in flight.
    const double B = o.batch, T = o.seqlen, D = double(c.hiddenSize), I = double(c.intermediateSize),
                 H = double(c.numHeads), L = double(c.numLayers), V = double(c.vocabSize);
    const double perLayer = 20 * D + 5 * I + 2 * H * T;
    const double perToken = (L + 1) * perLayer + double(weakPerToken) + 2 * V + 3 * D;
    e.activationBytes = std::uint64_t(4 * B * T * perToken);
    const std::uint64_t optimizer = std::uint64_t(e.trainableParameters) * 16; // weight, grad, 2 moments
    e.wctBytes = e.frozenPackedBytes + optimizer + e.activationBytes + maxLinear;
    e.loraRank = inOut > 0 ? double(e.trainableParameters) / double(inOut) : 0;
    const std::uint64_t loraAct = std::uint64_t(4 * B * T * e.loraRank * double(linears.size())); // x A
    e.loraPackedBytes = e.frozenPackedBytes + optimizer + e.activationBytes + loraAct + maxLinear;
    e.loraFp16Bytes = std::uint64_t(e.modelParameters) * 2 + optimizer + e.activationBytes + loraAct;
    e.fullBytes = std::uint64_t(e.modelParameters) * 16 + e.activationBytes;
    return e;
}

std::vector<LinearShape> shapesOf(LanguageModel& lm, int extraWeak) {
    std::vector<LinearShape> out;
    for (const auto& [base, slot] : packedSlots(lm)) {
        const detail::PackedParts* p = nullptr;
        std::int64_t weak = 0;
        if (auto* pl = dynamic_cast<const detail::PackedLinear*>(slot->get())) {
            p = &pl->parts();
            weak = p->weak() + std::min<std::int64_t>(extraWeak, p->dense() - 1);
        } else {
            auto* w = dynamic_cast<const detail::WeakTunedLinear*>(slot->get());
            p = &w->densePart().parts();
            weak = w->weak();
        }
        const std::int64_t extra = weak - p->weak();
        out.push_back({p->rows, p->cols, weak,
                       std::uint64_t(p->bytes()) + std::uint64_t(p->rows * extra * 2 + extra * 4), p->bits});
    }
    return out;
}

double averageBitsOf(const ModelConfig& c, const std::vector<LinearShape>& linears) {
    QuantizerConfig q;
    q.groupSize = int(c.quantization.groupSize);
    q.symmetric = c.quantization.symmetric;
    double bits = 0, weights = 0;
    for (const LinearShape& l : linears) {
        q.bits = l.bits;
        bits += linearStorageBits(l.rows, l.cols, int(l.weak), q);
        weights += double(l.rows * l.cols);
    }
    return weights > 0 ? bits / weights : 0;
}

// LanguageModel::open reads the weights under c10::InferenceMode, and an inference-mode pass (perplexity,
// generation) builds the RoPE table as an inference tensor too; autograd cannot save such tensors for the
// backward pass. So tuning runs on a model object made outside inference mode: embeddings, final norm, head
// and a new RoPE table read again from the checkpoint, the decoder layers moved over with their norms copied
// (the packed linears are replaced by trainable ones anyway).
void prepareForTraining(LanguageModel& lm) {
    LanguageModel::Impl& d = lm.impl();
    detail::DecoderModel& old = *d.model;
    for (std::size_t i = 0; i < old.layers().size(); ++i) old.loadLayer(i);
    auto fresh = detail::DecoderModel::fromCheckpoint(d.checkpoint, d.device, {}, /*deferLayers=*/true);
    for (std::size_t i = 0; i < old.layers().size(); ++i) {
        detail::DecoderLayer L = old.layers()[i];
        for (detail::Norm& n : L.norms) {
            if (n.weight.defined()) n.weight = n.weight.clone();
            if (n.bias.defined()) n.bias = n.bias.clone();
        }
        fresh->layers()[i] = std::move(L);
    }
    d.model = fresh;
}

// ---- checkpoints ------------------------------------------------------------------------------------------

struct TensorKeep {
    std::vector<at::Tensor> keep;
    std::vector<TensorToWrite> writes;
    void add(const std::string& name, DType dt, const at::Tensor& t) {
        at::Tensor c = t.detach().to(at::kCPU).contiguous();
        keep.push_back(c);
        writes.push_back({name, dt, c.sizes().vec(), c.data_ptr(), std::size_t(c.nbytes())});
    }
};

json runIdentity(const TuneOptions& o, const detail::TuneDataset& train) {
    return {{"seed", o.seed},
            {"batch", o.batch},
            {"seqlen", o.seqlen},
            {"accum", o.accum},
            {"extra_weak", o.extraWeak},
            {"jsonl", train.jsonl},
            {"train_tokens", train.scoredTokens()}};
}

std::string stepFolderName(int step) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "step-%06d", step);
    return buf;
}

std::string saveCheckpoint(const TuneOptions& o, const std::string& model, int step,
                           const std::vector<Slot>& slots, const std::mt19937_64& rng,
                           const std::vector<TuneStep>& history, const detail::TuneDataset& train) {
    const fs::path root = fs::absolute(o.checkpointDir);
    const fs::path target = root / stepFolderName(step);
    const fs::path tmp = root / (stepFolderName(step) + ".tmp-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) throw Error(ErrorKind::Io, root.string() + ": cannot create: " + ec.message());
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec) throw Error(ErrorKind::Io, tmp.string() + ": cannot create: " + ec.message());
    try {
        TensorKeep t;
        for (const Slot& s : slots) {
            if (s.op->weak() == 0) continue;
            t.add(s.base + ".weak_weight", DType::F32, s.op->weakWeight());
            t.add(s.base + ".exp_avg", DType::F32, s.m);
            t.add(s.base + ".exp_avg_sq", DType::F32, s.v);
            t.add(s.base + ".weak_idx", DType::I32, s.op->densePart().parts().weakIdx);
        }
        writeSafetensors((tmp / kStateTensors).string(), t.writes, {{"format", kCheckpointFormat}});
        std::ostringstream r;
        r << rng;
        json hist = json::array();
        for (const TuneStep& s : history) hist.push_back(stepJson(s));
        const json j = {{"format", kCheckpointFormat},
                        {"version", 1},
                        {"step", step},
                        {"model", model},
                        {"owq_version", version()},
                        {"rng", r.str()},
                        {"run", runIdentity(o, train)},
                        {"options", optionsJson(o)},
                        {"history", hist}};
        writeFileAtomic((tmp / kStateJson).string(), j.dump(1));
        fs::remove_all(target, ec);
        fs::rename(tmp, target, ec);
        if (ec)
            throw Error(ErrorKind::Io,
                        "cannot rename " + tmp.string() + " to " + target.string() + ": " + ec.message());
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
    return target.string();
}

// A step folder, or the latest step folder inside a checkpoint folder.
fs::path resolveCheckpoint(const std::string& path) {
    const fs::path p = fs::absolute(path);
    if (fs::exists(p / kStateJson)) return p;
    if (!fs::is_directory(p))
        throw Error(ErrorKind::InvalidArgument,
                    path + ": no such checkpoint (a step-NNNNNN folder or the folder holding them)");
    fs::path best;
    for (const auto& e : fs::directory_iterator(p)) {
        const std::string n = e.path().filename().string();
        if (e.is_directory() && n.rfind("step-", 0) == 0 && n.find(".tmp-") == std::string::npos &&
            fs::exists(e.path() / kStateJson) && (best.empty() || n > best.filename().string()))
            best = e.path();
    }
    if (best.empty()) throw Error(ErrorKind::InvalidArgument, path + ": holds no tuning checkpoint");
    return best;
}

// Restores weights, moments, sampler and history; returns the checkpoint's step.
int loadCheckpoint(const std::string& path, const TuneOptions& o, std::vector<Slot>& slots,
                   std::mt19937_64& rng, std::vector<TuneStep>& history, const detail::TuneDataset& train) {
    const fs::path dir = resolveCheckpoint(path);
    const std::string origin = (dir / kStateJson).string();
    json j;
    try {
        j = json::parse(readTextFile(origin));
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, origin + ": not JSON: " + e.what());
    }
    if (j.value("format", std::string()) != kCheckpointFormat || j.value("version", 0) != 1)
        throw Error(ErrorKind::Format, origin + ": not a version 1 weak column tuning checkpoint");
    const json want = runIdentity(o, train);
    for (auto it = want.begin(); it != want.end(); ++it)
        if (!j.at("run").contains(it.key()) || j.at("run").at(it.key()) != it.value())
            throw Error(ErrorKind::InvalidArgument, origin + ": made with " + it.key() + " = " +
                                                        j.at("run").value(it.key(), json()).dump() +
                                                        ", this run has " + it.value().dump() +
                                                        " (resuming needs the same data and run settings)");
    int step = 0;
    try {
        step = j.at("step").get<int>();
        std::istringstream r(j.at("rng").get<std::string>());
        r >> rng;
        if (!r) throw Error(ErrorKind::Format, origin + ": unreadable sampler state");
        history.clear();
        for (const json& s : j.at("history")) history.push_back(stepFrom(s));
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, origin + ": " + e.what());
    }
    auto f = SafetensorsFile::open((dir / kStateTensors).string());
    auto load = [&](const std::string& name, at::ScalarType dt, const at::Tensor& like) {
        const TensorInfo* info = f->find(name);
        if (!info || info->shape != like.sizes().vec())
            throw Error(ErrorKind::Format,
                        f->path() + ": tensor '" + name + "' is missing or has another shape");
        return detail::copyStoredTensor(*f, *info, dt);
    };
    c10::NoGradGuard noGrad;
    for (Slot& s : slots) {
        if (s.op->weak() == 0) continue;
        const at::Tensor idx = s.op->densePart().parts().weakIdx;
        if (!at::equal(load(s.base + ".weak_idx", at::kInt, idx), idx))
            throw Error(ErrorKind::InvalidArgument,
                        f->path() + ": " + s.base +
                            " had other weak columns when the checkpoint was written");
        s.op->weakWeight().copy_(load(s.base + ".weak_weight", at::kFloat, s.op->weakWeight()));
        s.m.copy_(load(s.base + ".exp_avg", at::kFloat, s.m));
        s.v.copy_(load(s.base + ".exp_avg_sq", at::kFloat, s.v));
    }
    return step;
}

// ---- evaluation -------------------------------------------------------------------------------------------

double evaluate(const detail::DecoderModel& model, const std::vector<detail::TuneBatch>& batches,
                const JobContext& job) {
    c10::NoGradGuard noGrad;
    double nll = 0;
    std::int64_t n = 0;
    const std::int64_t V = model.config().vocabSize;
    for (std::size_t i = 0; i < batches.size(); ++i) {
        job.checkCancel("weak column tuning");
        const at::Tensor ids = batches[i].ids.to(model.device());
        const at::Tensor tgt = batches[i].targets.to(model.device()).reshape({-1});
        const at::Tensor logp = at::log_softmax(model.forward(ids).reshape({-1, V}), -1);
        nll += at::nll_loss(logp, tgt, {}, at::Reduction::Sum, -100).item<double>();
        n += tgt.ne(-100).sum().item<std::int64_t>();
        job.report({"eval", std::int64_t(i + 1), std::int64_t(batches.size()), "held-out loss"});
    }
    return n > 0 ? nll / double(n) : 0;
}

std::int64_t evalTokens(const std::vector<detail::TuneBatch>& batches) {
    std::int64_t n = 0;
    for (const auto& b : batches) n += b.targets.ne(-100).sum().item<std::int64_t>();
    return n;
}

} // namespace

const char* tuneDataFormatName(TuneDataFormat f) {
    switch (f) {
    case TuneDataFormat::Text:
        return "text";
    case TuneDataFormat::Jsonl:
        return "jsonl";
    case TuneDataFormat::Auto:
        break;
    }
    return "auto";
}

TuneDataFormat parseTuneDataFormat(const std::string& s) {
    if (s == "auto") return TuneDataFormat::Auto;
    if (s == "text" || s == "txt") return TuneDataFormat::Text;
    if (s == "jsonl") return TuneDataFormat::Jsonl;
    throw Error(ErrorKind::InvalidArgument, "data format must be auto, text or jsonl, not '" + s + "'");
}

const char* lrScheduleName(LrSchedule s) {
    switch (s) {
    case LrSchedule::Linear:
        return "linear";
    case LrSchedule::Constant:
        return "constant";
    case LrSchedule::Cosine:
        break;
    }
    return "cosine";
}

LrSchedule parseLrSchedule(const std::string& s) {
    if (s == "cosine") return LrSchedule::Cosine;
    if (s == "linear") return LrSchedule::Linear;
    if (s == "constant") return LrSchedule::Constant;
    throw Error(ErrorKind::InvalidArgument, "schedule must be cosine, linear or constant, not '" + s + "'");
}

std::string TuneMemoryEstimate::toJson() const {
    return json{{"trainable_parameters", trainableParameters},
                {"model_parameters", modelParameters},
                {"lora_equivalent_rank", loraRank},
                {"activation_bytes", activationBytes},
                {"frozen_packed_bytes", frozenPackedBytes},
                {"wct_bytes", wctBytes},
                {"lora_packed_base_bytes", loraPackedBytes},
                {"lora_fp16_base_bytes", loraFp16Bytes},
                {"full_finetune_bytes", fullBytes}}
        .dump();
}

std::string TuneResult::toJson() const {
    json hist = json::array();
    for (const TuneStep& s : history) hist.push_back(stepJson(s));
    json j = {{"model", model},
              {"linears", linears},
              {"weak_columns", weakColumns},
              {"extra_weak_columns", extraWeakColumns},
              {"trainable_parameters", trainableParameters},
              {"train_tokens", trainTokens},
              {"eval_tokens", evalTokens},
              {"start_step", startStep},
              {"steps", steps},
              {"initial_eval_loss", initialEvalLoss},
              {"final_eval_loss", finalEvalLoss},
              {"initial_eval_ppl", std::exp(initialEvalLoss)},
              {"final_eval_ppl", std::exp(finalEvalLoss)},
              {"average_bits", averageBits},
              {"memory", json::parse(memory.toJson())},
              {"peak_rss_bytes", peakRssBytes},
              {"checkpoints", checkpoints},
              {"seconds", seconds},
              {"history", hist}};
    if (!out.empty()) j["out"] = out;
    if (!loraOut.empty()) j["lora_out"] = loraOut;
    return j.dump();
}

TuneMemoryEstimate estimateTuneMemory(const LanguageModel& model, const TuneOptions& options) {
    LanguageModel& lm = const_cast<LanguageModel&>(model); // loads deferred layers only
    return memoryFor(lm.config(), shapesOf(lm, options.extraWeak), options);
}

TuneResult tuneModel(LanguageModel& lm, const TuneOptions& o, const TuneStepFn& onStep,
                     const JobContext& job) {
    const auto t0 = Clock::now();
    const ModelConfig& cfg = lm.config();
    validate(o, cfg);
    packedSlots(lm); // Unsupported unless every linear is packed; loads every layer
    c10::AutoGradMode gradMode(true);
    c10::InferenceMode notInference(false);
    prepareForTraining(lm);
    auto slotsOf = packedSlots(lm);
    detail::TuneDataset train, eval;
    loadTuneData(o, *lm.tokenizer(), train, eval);
    const std::vector<detail::TuneBatch> evalSet = evalBatches(eval, o.seqlen, o.evalMaxWindows, o.batch);

    detail::DecoderModel& model = *lm.impl().model;
    const at::Device dev = model.device();
    const Checkpoint& ckpt = lm.checkpoint();
    const std::optional<QuantReport> diag = o.extraWeak > 0 ? readDiagnostics(ckpt.dir()) : std::nullopt;

    std::vector<Slot> slots;
    // On any failure the linears are read back from the model's folder, so the model is as it was opened.
    auto restore = [&] {
        for (const auto& [base, slot] : slotsOf) {
            const auto* op = slot->get();
            *slot = detail::loadPackedLinear(ckpt, base, op->outFeatures(), op->inFeatures(), dev);
        }
    };
    TuneResult res;
    res.model = ckpt.dir();
    try {
        for (const auto& [base, slot] : slotsOf) {
            job.checkCancel("weak column tuning");
            auto* pl = dynamic_cast<const detail::PackedLinear*>(slot->get());
            if (!pl) throw Error(ErrorKind::InvalidArgument, base + " is already being tuned");
            Slot s;
            s.base = base;
            s.slot = slot;
            if (o.extraWeak > 0) {
                const LinearDiagnostics* d = nullptr;
                if (diag)
                    for (const LinearDiagnostics& x : diag->linears)
                        if (x.name == base) d = &x;
                const auto cols = pickExtraColumns(*pl, o.extraWeak, d);
                detail::PackedLinear wider(detail::withExtraWeakColumns(pl->parts(), cols), at::kCPU);
                s.op = std::make_shared<detail::WeakTunedLinear>(wider, dev);
                s.extra = std::int64_t(cols.size());
            } else {
                s.op = std::make_shared<detail::WeakTunedLinear>(*pl, dev);
            }
            s.op->weakWeight().requires_grad_(true);
            s.m = at::zeros_like(s.op->weakWeight()).detach();
            s.v = at::zeros_like(s.op->weakWeight()).detach();
            *slot = s.op;
            slots.push_back(std::move(s));
        }
        std::vector<LinearShape> shapes;
        for (const Slot& s : slots) {
            const auto& p = s.op->densePart().parts();
            shapes.push_back({p.rows, p.cols, s.op->weak(), std::uint64_t(p.bytes()), p.bits});
            res.weakColumns += s.op->weak();
            res.extraWeakColumns += s.extra;
            res.trainableParameters += p.rows * s.op->weak();
        }
        res.linears = std::int64_t(slots.size());
        res.memory = memoryFor(cfg, shapes, o);
        res.averageBits = averageBitsOf(cfg, shapes);
        res.trainTokens = train.scoredTokens();
        res.evalTokens = evalTokens(evalSet);
        res.steps = o.steps;
        if (res.trainableParameters == 0)
            throw Error(ErrorKind::InvalidArgument,
                        ckpt.dir() +
                            ": the model has no weak columns to tune; raise them with extra weak columns "
                            "(--extra-weak K)");

        std::mt19937_64 rng(o.seed);
        int start = 0;
        if (!o.resumeFrom.empty()) start = loadCheckpoint(o.resumeFrom, o, slots, rng, res.history, train);
        res.startStep = start;
        const double offset = start > 0 && !res.history.empty() ? res.history.back().seconds : 0; // resumed
        job.report({"tune", start, o.steps, start ? "resumed" : "evaluating"});
        if (start == 0) {
            TuneStep s0;
            s0.evalLoss = evaluate(model, evalSet, job);
            s0.seconds = secondsSince(t0);
            res.history.push_back(s0);
            if (onStep) onStep(s0);
        }
        const std::int64_t V = cfg.vocabSize;
        for (int step = start + 1; step <= o.steps; ++step) {
            const double lr = lrAt(o, step);
            for (Slot& s : slots)
                if (s.op->weakWeight().grad().defined()) s.op->weakWeight().mutable_grad().zero_();
            double loss = 0;
            for (int a = 0; a < o.accum; ++a) {
                job.checkCancel("weak column tuning");
                const detail::TuneBatch b = detail::sampleBatch(train, o.batch, o.seqlen, rng);
                const at::Tensor logits = model.forward(b.ids.to(dev)).reshape({-1, V});
                const at::Tensor l =
                    at::nll_loss(at::log_softmax(logits, -1), b.targets.to(dev).reshape({-1}), {},
                                 at::Reduction::Mean, -100);
                (l / double(o.accum)).backward();
                loss += l.item<double>() / double(o.accum);
            }
            if (!std::isfinite(loss))
                throw Error(ErrorKind::Resource, "weak column tuning diverged (loss " + std::to_string(loss) +
                                                     ") at step " + std::to_string(step) +
                                                     "; lower the learning rate");
            TuneStep st;
            st.step = step;
            st.loss = loss;
            st.lr = lr;
            {
                c10::NoGradGuard noGrad;
                double sq = 0;
                for (Slot& s : slots)
                    if (s.op->weakWeight().grad().defined())
                        sq += s.op->weakWeight().grad().pow(2).sum().item<double>();
                st.gradNorm = std::sqrt(sq);
                const double scale = o.clip > 0 && st.gradNorm > o.clip ? o.clip / (st.gradNorm + 1e-6) : 1.0;
                const double bc1 = 1.0 - std::pow(o.beta1, step), bc2 = 1.0 - std::pow(o.beta2, step);
                for (Slot& s : slots) {
                    at::Tensor& p = s.op->weakWeight();
                    if (!p.grad().defined() || p.numel() == 0) continue;
                    at::Tensor g = p.grad();
                    if (scale != 1.0) g = g * scale;
                    if (o.weightDecay > 0) p.mul_(1.0 - lr * o.weightDecay);
                    s.m.mul_(o.beta1).add_(g, 1.0 - o.beta1);
                    s.v.mul_(o.beta2).addcmul_(g, g, 1.0 - o.beta2);
                    const at::Tensor denom = (s.v.sqrt() / std::sqrt(bc2)).add_(o.eps);
                    p.addcdiv_(s.m, denom, -lr / bc1);
                }
            }
            if ((o.evalEvery > 0 && step % o.evalEvery == 0) || step == o.steps)
                st.evalLoss = evaluate(model, evalSet, job);
            st.seconds = offset + secondsSince(t0);
            res.history.push_back(st);
            if (o.saveEvery > 0 && step % o.saveEvery == 0)
                res.checkpoints.push_back(
                    saveCheckpoint(o, ckpt.dir(), step, slots, rng, res.history, train));
            job.report({"tune", step, o.steps, "loss " + fixed(loss, 4)});
            if (onStep) onStep(st);
        }
        if (start >= o.steps && !res.history.back().evalLoss) { // resumed at the end: evaluate once
            res.history.back().evalLoss = evaluate(model, evalSet, job);
        }
        // Back to packed linears with the tuned fp16 weak columns.
        for (Slot& s : slots) {
            s.op->weakWeight().requires_grad_(false);
            *s.slot = s.op->toPacked(dev);
        }
    } catch (...) {
        slots.clear();
        restore();
        throw;
    }
    for (const TuneStep& s : res.history)
        if (s.evalLoss) {
            if (s.step == 0) res.initialEvalLoss = *s.evalLoss;
            res.finalEvalLoss = *s.evalLoss;
        }
    res.peakRssBytes = peakRss();
    res.seconds = secondsSince(t0);
    return res;
}

void saveTunedModel(const LanguageModel& model, const TuneResult& result, const TuneOptions& options,
                    const std::string& dir) {
    LanguageModel& lm = const_cast<LanguageModel&>(model);
    const Checkpoint& ck = lm.checkpoint();
    const fs::path src = ck.dir();
    detail::StagingFolder stage(dir, "", "tuned model"); // refuses a non-empty target up front
    // What changed: weak_weight of every linear; with extra weak columns also qweight, perm and weak_idx.
    TensorKeep changed;
    std::vector<LinearShape> shapes;
    std::map<std::string, const detail::PackedParts*> parts;
    for (const auto& [base, slot] : packedSlots(lm)) {
        auto* pl = dynamic_cast<const detail::PackedLinear*>(slot->get());
        if (!pl) throw Error(ErrorKind::InvalidArgument, base + " is still being tuned");
        const detail::PackedParts& p = pl->parts();
        parts[base] = &p;
        shapes.push_back({p.rows, p.cols, p.weak(), 0, p.bits});
        if (p.weak() > 0) changed.add(base + detail::kWeakWeight, DType::F16, p.weakWeight);
        if (result.extraWeakColumns > 0) {
            changed.add(base + detail::kQWeight, DType::U8, p.qweight);
            if (p.perm.defined()) changed.add(base + detail::kPerm, DType::I32, p.perm);
            if (p.weak() > 0) changed.add(base + detail::kWeakIdx, DType::I32, p.weakIdx);
        }
    }
    std::map<std::string, const TensorToWrite*> byName;
    for (const TensorToWrite& w : changed.writes) byName[w.name] = &w;
    std::vector<TensorToWrite> writes;
    for (const std::string& name : ck.tensorNames()) { // the source's tensors, changed ones from memory
        auto it = byName.find(name);
        if (it != byName.end()) {
            writes.push_back(*it->second);
            byName.erase(it);
        } else {
            const TensorRef& r = ck.tensor(name);
            writes.push_back({name, r.info->dtype, r.info->shape, r.file->data(*r.info), r.info->nbytes()});
        }
    }
    for (const auto& [name, w] : byName) writes.push_back(*w); // new with extra weak columns (perm, weak_*)

    const fs::path& staging = stage.path();
    try {
        writeSafetensors((staging / "model.safetensors").string(), writes,
                         {{"format", "pt"},
                          {"owq_format", "packed"},
                          {"owq_format_version", std::to_string(lm.config().quantization.formatVersion)}});
        const std::string configText = readTextFile((src / "config.json").string());
        std::optional<QuantReport> diag = readDiagnostics(src.string());
        if (result.extraWeakColumns == 0) {
            writeFileAtomic((staging / "config.json").string(), configText); // byte for byte
            if (diag) detail::copyFile(src / "owq_diagnostics.json", staging / "owq_diagnostics.json");
        } else {
            // The storage figures follow the new weak columns; the recipe stays what quantization used.
            const double bits = averageBitsOf(lm.config(), shapes);
            json cfg = json::parse(configText);
            cfg["quantization_config"]["average_bits"] = bits;
            writeFileAtomic((staging / "config.json").string(), cfg.dump(2));
            if (diag) {
                diag->averageBits = bits;
                diag->weakColumnsTotal = 0;
                for (LinearDiagnostics& d : diag->linears) {
                    auto it = parts.find(d.name);
                    if (it == parts.end()) continue;
                    const detail::PackedParts& p = *it->second;
                    d.weakColumns.assign(p.weakIdx.data_ptr<std::int32_t>(),
                                         p.weakIdx.data_ptr<std::int32_t>() + p.weak());
                    d.bits = linearStorageBits(p.rows, p.cols, int(p.weak()),
                                               linearQuantizer(diag->recipe, d.name)) /
                             double(p.rows * p.cols);
                    diag->weakColumnsTotal += p.weak();
                }
                writeFileAtomic((staging / "owq_diagnostics.json").string(), diag->toJson());
            }
        }
        detail::copyTokenizerFiles(src, staging);
        const json j = {{"format", "owq-tuning"},
                        {"version", 1},
                        {"owq_version", version()},
                        {"source", src.string()},
                        {"method", "weak column tuning"},
                        {"options", optionsJson(options)},
                        {"result", json::parse(result.toJson())}};
        writeFileAtomic((staging / kTuningFile).string(), j.dump(1));
        stage.commit();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ErrorKind::Io, stage.target().string() + ": writing the tuned model failed: " + e.what());
    }
}

TuneResult tuneModelFolder(const std::string& modelDir, const std::string& outDir, const TuneOptions& options,
                           const TuneStepFn& onStep, const JobContext& job, const LoadOptions& load,
                           const std::string& loraDir, const ExportOptions& lora) {
    auto usable = [](const std::string& d, const char* what) {
        if (d.empty()) throw Error(ErrorKind::InvalidArgument, std::string("no ") + what + " folder given");
        const fs::path p = fs::absolute(d);
        if (fs::exists(p) && !(fs::is_directory(p) && fs::is_empty(p)))
            throw Error(ErrorKind::InvalidArgument,
                        p.string() + ": already exists and is not empty; choose a new folder");
        return p.lexically_normal();
    };
    const fs::path out = usable(outDir, "output");
    if (!loraDir.empty()) {
        const fs::path l = usable(loraDir, "LoRA export");
        const std::string o = out.string() + "/";
        if (l == out || l.string().rfind(o, 0) == 0)
            throw Error(ErrorKind::InvalidArgument,
                        l.string() + ": the LoRA export must not lie inside the tuned model's folder");
    }
    LoadOptions lo = load;
    lo.deferLayers = false;
    auto lm = LanguageModel::open(modelDir, lo, job);
    TuneResult r = tuneModel(*lm, options, onStep, job);
    job.checkCancel("weak column tuning");
    r.out = out.string();
    if (!loraDir.empty()) r.loraOut = fs::absolute(loraDir).lexically_normal().string();
    saveTunedModel(*lm, r, options, out.string());
    if (!loraDir.empty()) {
        try {
            ExportOptions e = lora;
            e.format = ExportFormat::GptqLora;
            exportModelFolder(out.string(), loraDir, e, job);
        } catch (...) {
            std::error_code ec;
            fs::remove_all(out, ec);
            throw;
        }
    }
    r.peakRssBytes = peakRss();
    return r;
}

} // namespace owq
