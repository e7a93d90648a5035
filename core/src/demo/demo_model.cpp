// Builds the demo model: story corpus -> sentencepiece BPE tokenizer (the library's own trainer) -> a small
// LLaMA (the engine's DecoderModel, trained with LibTorch autograd and AdamW) -> a Hugging Face model folder.
// Everything is seeded: the corpus and the batch order come from std::mt19937_64, the initial weights from
// DecoderModel::randomInit's own generator; LibTorch's global generator is not used. CPU training is
// bit-for-bit repeatable for a seed (1 and 2 threads gave identical bytes here; another BLAS build or thread
// count could change the summation order inside the kernels and so the last bits of the weights).
#include "owq/demo_model.h"

#include "model/decoder_model.h"
#include "owq/config.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/safetensors.h"
#include "owq/tokenizer.h"
#include "owq/version.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/optim/adamw.h>

#include <nlohmann/json.hpp>

#include "util/stopwatch.h"
#include "util/text_util.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pwd.h>
#include <random>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace owq {

namespace {

using detail::Clock;
using detail::secondsSince;

// The recipe, sized so the whole build takes under two minutes of one CPU core. Tuned by reading samples at
// temperature 0.7: a vocabulary of 1024 (rather than 512, half of which byte fallback takes) and a 160-token
// window keep whole stories in view, which is what makes the text hold together to "The end.".
constexpr int kStories = 1000; // ~480 KB of text
constexpr int kVocab = 1024;   // 256 of the pieces are byte-fallback bytes; most words become one piece
constexpr std::int64_t kHidden = 64;
constexpr std::int64_t kLayers = 4;
constexpr std::int64_t kHeads = 4;
constexpr std::int64_t kKvHeads = 2;        // grouped-query attention, as in the larger LLaMAs
constexpr std::int64_t kIntermediate = 172; // ~2.7 x hidden (LLaMA's 8/3)
constexpr std::int64_t kMaxPositions = 256;
constexpr std::int64_t kWindow = 160; // holds most stories whole (median ~130 tokens)
constexpr std::int64_t kBatch = 8;
constexpr double kStoryStartFraction = 0.75; // windows that start at a story's BOS, like generation does
constexpr int kDefaultSteps = 1000;
constexpr double kPeakLr = 6e-3;
constexpr double kMinLrFraction = 0.1;
constexpr double kWeightDecay = 0.05;
constexpr double kClip = 1.0;

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(text.data(), std::streamsize(text.size()));
    out.close();
    if (!out) throw Error(ErrorKind::Io, p.string() + ": cannot write");
}

bool hasWhitespace(const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// The target folder without a trailing separator (so "<dir>.tmp-<pid>" is a sibling, not a child).
fs::path normalisedTarget(const std::string& dir) {
    if (dir.empty()) throw Error(ErrorKind::InvalidArgument, "no folder given for the demo model");
    fs::path p = fs::path(dir).lexically_normal();
    if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
    return p;
}

// Removes a folder tree on scope exit unless released.
class TreeGuard {
public:
    explicit TreeGuard(fs::path p) : path_(std::move(p)) {}
    ~TreeGuard() {
        if (path_.empty()) return;
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    void release() { path_.clear(); }
    TreeGuard(const TreeGuard&) = delete;
    TreeGuard& operator=(const TreeGuard&) = delete;

private:
    fs::path path_;
};

// sentencepiece records its trainer's arguments in the model, the input and output paths included; those
// name the temporary build folder (and its pid), which would make tokenizer.model differ from run to run.
// Rewrites ModelProto.trainer_spec (field 2) so TrainerSpec.input (1) is "corpus.txt" and model_prefix (2)
// "tokenizer", working on the protobuf wire format directly (core has no protobuf).
class ProtoReader {
public:
    ProtoReader(const std::string& bytes, const std::string& origin) : s_(bytes), origin_(origin) {}
    bool done() const { return pos_ >= s_.size(); }
    std::size_t pos() const { return pos_; }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= s_.size()) fail();
            const auto b = static_cast<unsigned char>(s_[pos_++]);
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        fail();
    }
    // Skips the value of a field of `wireType`; returns a length-delimited payload's [begin, end).
    std::pair<std::size_t, std::size_t> skip(unsigned wireType) {
        std::size_t n = 0;
        switch (wireType) {
        case 0:
            varint();
            return {pos_, pos_};
        case 1:
            n = 8;
            break;
        case 5:
            n = 4;
            break;
        case 2:
            n = std::size_t(varint());
            break;
        default:
            fail();
        }
        if (n > s_.size() - pos_) fail();
        const std::size_t begin = pos_;
        pos_ += n;
        return {begin, pos_};
    }
    [[noreturn]] void fail() const {
        throw Error(ErrorKind::Format,
                    origin_ + ": unexpected sentencepiece model encoding at byte " + std::to_string(pos_));
    }

private:
    const std::string& s_;
    std::string origin_;
    std::size_t pos_ = 0;
};

void putVarint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += char(v);
}

void putString(std::string& out, unsigned field, const std::string& value) {
    putVarint(out, (std::uint64_t(field) << 3) | 2);
    putVarint(out, value.size());
    out += value;
}

std::string scrubTrainerPaths(const std::string& model, const std::string& origin) {
    constexpr std::uint64_t kTrainerSpec = (2u << 3) | 2, kInput = (1u << 3) | 2,
                            kModelPrefix = (2u << 3) | 2;
    std::string out;
    ProtoReader top(model, origin);
    while (!top.done()) {
        const std::size_t fieldStart = top.pos();
        const std::uint64_t tag = top.varint();
        const auto [begin, end] = top.skip(unsigned(tag & 7));
        if (tag != kTrainerSpec) {
            out.append(model, fieldStart, top.pos() - fieldStart);
            continue;
        }
        const std::string spec = model.substr(begin, end - begin);
        std::string newSpec;
        bool wroteInput = false;
        ProtoReader r(spec, origin);
        while (!r.done()) {
            const std::size_t start = r.pos();
            const std::uint64_t t = r.varint();
            r.skip(unsigned(t & 7));
            if (t == kInput) { // repeated: one fixed name instead
                if (!wroteInput) putString(newSpec, 1, "corpus.txt");
                wroteInput = true;
            } else if (t == kModelPrefix) {
                putString(newSpec, 2, "tokenizer");
            } else {
                newSpec.append(spec, start, r.pos() - start);
            }
        }
        putVarint(out, tag);
        putVarint(out, newSpec.size());
        out += newSpec;
    }
    return out;
}

// Trains the tokenizer into `outDir`/tokenizer.model from `corpusPath`. sentencepiece splits its argument
// string on spaces, so paths with whitespace are routed through a scratch folder.
void trainTokenizer(const fs::path& corpusPath, const fs::path& outDir, int vocab) {
    fs::path workDir = outDir;
    std::unique_ptr<TreeGuard> scratchGuard;
    if (hasWhitespace(corpusPath.string()) || hasWhitespace(outDir.string())) {
        workDir = fs::temp_directory_path() / ("owq-demo-spm-" + std::to_string(::getpid()));
        if (hasWhitespace(workDir.string()))
            throw Error(ErrorKind::InvalidArgument,
                        outDir.string() +
                            ": sentencepiece cannot train into a path with spaces, and neither can "
                            "the temporary folder " +
                            workDir.string());
        fs::remove_all(workDir);
        fs::create_directories(workDir);
        scratchGuard = std::make_unique<TreeGuard>(workDir);
        fs::copy_file(corpusPath, workDir / "corpus.txt", fs::copy_options::overwrite_existing);
    }
    const fs::path input = scratchGuard ? workDir / "corpus.txt" : corpusPath;
    std::ostringstream args;
    args << "--input=" << input.string() << " --model_prefix=" << (workDir / "tokenizer").string()
         << " --model_type=bpe --vocab_size=" << vocab
         << " --character_coverage=1.0 --byte_fallback=true --split_digits=true"
         << " --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1"
         << " --input_sentence_size=100000000 --shuffle_input_sentence=false --num_threads=1"
         << " --max_sentence_length=16384 --minloglevel=2";
    trainSentencePiece(args.str());
    std::error_code ec;
    fs::remove(workDir / "tokenizer.vocab", ec);
    const fs::path trained = workDir / "tokenizer.model";
    writeText(outDir / "tokenizer.model",
              scrubTrainerPaths(detail::readWholeFile(trained), trained.string()));
}

nlohmann::ordered_json configJson(std::int64_t vocab) {
    nlohmann::ordered_json j;
    j["architectures"] = {"LlamaForCausalLM"};
    j["model_type"] = "llama";
    j["hidden_size"] = kHidden;
    j["intermediate_size"] = kIntermediate;
    j["num_hidden_layers"] = kLayers;
    j["num_attention_heads"] = kHeads;
    j["num_key_value_heads"] = kKvHeads;
    j["vocab_size"] = vocab;
    j["max_position_embeddings"] = kMaxPositions;
    j["rms_norm_eps"] = 1e-5;
    j["rope_theta"] = 10000.0;
    j["hidden_act"] = "silu";
    j["tie_word_embeddings"] = true;
    j["attention_bias"] = false;
    j["mlp_bias"] = false;
    j["bos_token_id"] = 1;
    j["eos_token_id"] = 2;
    j["torch_dtype"] = "float32";
    return j;
}

nlohmann::ordered_json tokenizerConfigJson() {
    nlohmann::ordered_json j;
    j["tokenizer_class"] = "LlamaTokenizer";
    j["bos_token"] = "<s>";
    j["eos_token"] = "</s>";
    j["unk_token"] = "<unk>";
    j["add_bos_token"] = true;
    j["add_eos_token"] = false;
    j["model_max_length"] = kMaxPositions;
    j["legacy"] = true;
    return j;
}

nlohmann::ordered_json generationConfigJson() {
    nlohmann::ordered_json j;
    j["bos_token_id"] = 1;
    j["eos_token_id"] = 2;
    j["do_sample"] = true;
    j["temperature"] = 0.7;
    j["top_p"] = 0.9;
    j["max_new_tokens"] = 200;
    return j;
}

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string modelCard(const DemoModelReport& r, const DemoModelOptions& o, int stories, std::int64_t tokens) {
    std::ostringstream s;
    s << "# OWQ Studio demo model\n\n"
      << "A tiny LLaMA-architecture model that writes very simple children's stories. It is **not a real "
         "language model**: it only knows the few hundred words of the story grammar it was trained on. It "
         "exists so that OWQ Studio can be tried (loading, generating, chatting, measuring perplexity and "
         "quantizing) without downloading a checkpoint.\n\n"
      << "## How it was made\n\n"
      << "Built by `owq make-demo-model` (OWQ Studio " << version() << ") in " << fixed(r.seconds, 1)
      << " s, entirely offline and deterministically from seed " << o.seed << ":\n\n"
      << "1. **Corpus**: " << stories << " short stories (" << r.corpusBytes
      << " bytes, `corpus.txt`, one story per line) generated by the project's own story grammar.\n"
      << "2. **Tokenizer**: sentencepiece BPE with byte fallback, " << r.vocabSize
      << " pieces, trained on the corpus by sentencepiece's own trainer (`tokenizer.model`); the corpus is "
      << tokens << " tokens.\n"
      << "3. **Model**: LLaMA decoder, hidden size " << kHidden << ", " << kLayers << " layers, " << kHeads
      << " attention heads sharing " << kKvHeads << " key/value heads, SwiGLU MLP of " << kIntermediate
      << ", RoPE, RMSNorm, tied embeddings; " << r.parameters << " parameters, float32.\n"
      << "4. **Training**: " << r.steps << " AdamW steps of " << kBatch << " windows x " << kWindow
      << " tokens (cosine learning rate from " << kPeakLr << " with warm-up, gradient clipping at " << kClip
      << ") with LibTorch autograd on the CPU. Loss (cross-entropy, nats/token) went from "
      << fixed(r.firstLoss, 2) << " to " << fixed(r.finalLoss, 2) << ".\n\n"
      << "## Use\n\n"
      << "```\nowq generate <this folder> --prompt \"Once upon a time\" --temperature 0.7\n```\n\n"
      << "Files follow the Hugging Face layout: `config.json`, `model.safetensors`, `tokenizer.model`, "
         "`tokenizer_config.json`, `generation_config.json`.\n";
    return s.str();
}

// Scales all gradients down together so their global L2 norm is at most maxNorm.
void clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm) {
    c10::NoGradGuard noGrad;
    std::vector<at::Tensor> norms;
    for (const auto& p : params)
        if (p.grad().defined()) norms.push_back(p.grad().norm());
    if (norms.empty()) return;
    const double total = at::stack(norms).norm().item<double>();
    if (total > maxNorm)
        for (const auto& p : params)
            if (p.grad().defined()) p.grad().mul_(maxNorm / (total + 1e-6));
}

struct TrainResult {
    double firstLoss = 0;
    double finalLoss = 0;
};

TrainResult train(detail::DecoderModel& model, const std::vector<std::int64_t>& stream,
                  const std::vector<std::int64_t>& storyStarts, int steps, std::uint64_t seed,
                  const JobContext& job) {
    c10::AutoGradMode gradMode(true);
    std::vector<at::Tensor> all, decay, noDecay;
    // namedParameters lists the tied embedding once; lm_head shares its TensorImpl, so it trains with it.
    for (auto& [name, t] : model.namedParameters()) {
        t.requires_grad_(true);
        all.push_back(t);
        (t.dim() >= 2 ? decay : noDecay).push_back(t);
    }
    using torch::optim::AdamWOptions;
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<AdamWOptions>(
                                   AdamWOptions(kPeakLr).betas({0.9, 0.95}).weight_decay(kWeightDecay)));
    groups.emplace_back(
        noDecay, std::make_unique<AdamWOptions>(AdamWOptions(kPeakLr).betas({0.9, 0.95}).weight_decay(0.0)));
    torch::optim::AdamW opt(std::move(groups), AdamWOptions(kPeakLr));

    const std::int64_t V = model.config().vocabSize;
    const std::int64_t N = std::int64_t(stream.size());
    if (N < kWindow + 2) throw Error(ErrorKind::InvalidArgument, "demo corpus is too short to train on");
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    std::vector<std::int64_t> xb(kBatch * kWindow), yb(kBatch * kWindow);
    const int warmup = std::max(1, std::min(40, steps / 10));
    std::vector<double> losses;
    losses.reserve(std::size_t(steps));

    for (int step = 0; step < steps; ++step) {
        job.checkCancel("building the demo model");
        // Most windows start at a story's BOS (as generation does), the rest anywhere (story endings).
        for (std::int64_t b = 0; b < kBatch; ++b) {
            std::int64_t start;
            if (double(b) < kStoryStartFraction * double(kBatch)) {
                start = storyStarts[rng() % storyStarts.size()];
                start = std::min(start, N - kWindow - 1);
            } else {
                start = std::int64_t(rng() % std::uint64_t(N - kWindow - 1));
            }
            std::copy(stream.begin() + start, stream.begin() + start + kWindow, xb.begin() + b * kWindow);
            std::copy(stream.begin() + start + 1, stream.begin() + start + kWindow + 1,
                      yb.begin() + b * kWindow);
        }
        const at::Tensor x = at::from_blob(xb.data(), {kBatch, kWindow}, at::kLong).clone();
        const at::Tensor y = at::from_blob(yb.data(), {kBatch * kWindow}, at::kLong).clone();

        double lr = kPeakLr;
        if (step < warmup) {
            lr = kPeakLr * double(step + 1) / double(warmup);
        } else {
            const double progress = double(step - warmup) / double(std::max(1, steps - warmup));
            lr =
                kPeakLr * (kMinLrFraction + (1.0 - kMinLrFraction) * 0.5 * (1.0 + std::cos(M_PI * progress)));
        }
        for (auto& g : opt.param_groups()) static_cast<AdamWOptions&>(g.options()).lr(lr);

        opt.zero_grad();
        const at::Tensor logits = model.forward(x).view({kBatch * kWindow, V});
        const at::Tensor loss = at::nll_loss(at::log_softmax(logits, -1), y);
        loss.backward();
        clipGradNorm(all, kClip);
        opt.step();

        const double l = loss.item<double>();
        if (!std::isfinite(l))
            throw Error(ErrorKind::Resource, "demo model training diverged (loss " + std::to_string(l) +
                                                 ") at step " + std::to_string(step + 1));
        losses.push_back(l);
        job.report({"train", step + 1, steps, "loss " + fixed(l, 2)});
    }
    for (auto& t : all) t.requires_grad_(false);

    TrainResult r;
    r.firstLoss = losses.front();
    // The last steps' mean: one batch's loss is noisy.
    const std::size_t tail = std::min<std::size_t>(20, losses.size());
    double sum = 0;
    for (std::size_t i = losses.size() - tail; i < losses.size(); ++i) sum += losses[i];
    r.finalLoss = sum / double(tail);
    return r;
}

void writeModel(const detail::DecoderModel& model, const fs::path& path) {
    std::vector<at::Tensor> keep;
    std::vector<TensorToWrite> tensors;
    for (const auto& [name, t] : model.namedParameters()) {
        at::Tensor c = t.detach().to(at::kCPU, at::kFloat).contiguous();
        keep.push_back(c);
        TensorToWrite w;
        w.name = name;
        w.dtype = DType::F32;
        w.shape = c.sizes().vec();
        w.data = c.data_ptr();
        w.nbytes = std::size_t(c.numel()) * sizeof(float);
        tensors.push_back(std::move(w));
    }
    writeSafetensors(path.string(), tensors, {{"format", "pt"}});
}

} // namespace

DemoModelReport makeDemoModel(const std::string& dir, const DemoModelOptions& options,
                              const JobContext& job) {
    const auto t0 = Clock::now();
    const fs::path target = normalisedTarget(dir);
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!fs::is_directory(target, ec))
            throw Error(ErrorKind::InvalidArgument, target.string() + ": exists and is not a folder");
        if (!fs::is_empty(target, ec))
            throw Error(ErrorKind::InvalidArgument,
                        target.string() + ": folder is not empty; the demo model needs a new or "
                                          "empty folder");
    }
    if (options.trainSteps < 0)
        throw Error(ErrorKind::InvalidArgument,
                    "demo model: training steps must be positive, got " + std::to_string(options.trainSteps));
    const int steps = options.trainSteps > 0 ? options.trainSteps : kDefaultSteps;

    if (target.has_parent_path()) {
        fs::create_directories(target.parent_path(), ec);
        if (ec)
            throw Error(ErrorKind::Io,
                        target.parent_path().string() + ": cannot create folder: " + ec.message());
    }
    const fs::path tmp = target.string() + ".tmp-" + std::to_string(::getpid());
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec) throw Error(ErrorKind::Io, tmp.string() + ": cannot create folder: " + ec.message());
    TreeGuard guard(tmp); // removes the half-built folder on any error or cancellation

    DemoModelReport report;
    report.dir = target.string();

    // 1. Corpus.
    auto t = Clock::now();
    job.report({"corpus", 0, 1, "writing stories"});
    const std::string corpus = generateStoryCorpus(options.seed, kStories);
    writeText(tmp / "corpus.txt", corpus);
    report.corpusBytes = std::int64_t(corpus.size());
    report.stories = kStories;
    job.report({"corpus", 1, 1, std::to_string(kStories) + " stories"});
    report.corpusSeconds = secondsSince(t);
    job.checkCancel("building the demo model");

    // 2. Tokenizer, and the corpus as one token stream: BOS story EOS BOS story EOS ...
    t = Clock::now();
    job.report({"tokenizer", 0, 2, "training sentencepiece"});
    trainTokenizer(tmp / "corpus.txt", tmp, kVocab);
    job.checkCancel("building the demo model");
    job.report({"tokenizer", 1, 2, "encoding the corpus"});
    const auto tok = Tokenizer::load((tmp / "tokenizer.model").string());
    std::vector<std::int64_t> stream, storyStarts;
    {
        std::istringstream lines(corpus);
        std::string line;
        while (std::getline(lines, line)) {
            if (line.empty()) continue;
            storyStarts.push_back(std::int64_t(stream.size()));
            stream.push_back(tok->bosId());
            for (std::int32_t id : tok->encode(line, false)) stream.push_back(id);
            stream.push_back(tok->eosId());
        }
    }
    report.vocabSize = tok->vocabSize();
    report.corpusTokens = std::int64_t(stream.size());
    job.report({"tokenizer", 2, 2, std::to_string(stream.size()) + " tokens"});
    report.tokenizerSeconds = secondsSince(t);
    job.checkCancel("building the demo model");

    // 3. Model: config.json first, then read back through the same parser every model folder goes through.
    const std::string configText = configJson(report.vocabSize).dump(2) + "\n";
    writeText(tmp / "config.json", configText);
    const ModelConfig cfg = parseModelConfig(configText, (tmp / "config.json").string());
    // One intra-op thread unless asked otherwise: at this size most ops are below LibTorch's parallel grain,
    // and on a 2-core machine with anything else running, OpenMP's spinning barriers made two threads 10x
    // slower than one. The caller's thread count is restored afterwards.
    const int callerThreads = runtimeThreads();
    initRuntime(options.threads > 0 ? options.threads : 1);
    struct RestoreThreads {
        int n;
        ~RestoreThreads() { initRuntime(n); }
    } restoreThreads{callerThreads};
    auto model = detail::DecoderModel::randomInit(cfg, options.seed, at::Device(at::kCPU));
    report.parameters = 0;
    for (const auto& [name, p] : model->namedParameters()) report.parameters += p.numel();

    // 4. Training.
    t = Clock::now();
    const TrainResult tr = train(*model, stream, storyStarts, steps, options.seed, job);
    report.steps = steps;
    report.firstLoss = tr.firstLoss;
    report.finalLoss = tr.finalLoss;
    report.trainSeconds = secondsSince(t);
    job.checkCancel("building the demo model");

    // 5. The rest of the folder, then the rename that makes it appear whole.
    job.report({"save", 0, 1, "writing model files"});
    writeModel(*model, tmp / "model.safetensors");
    writeText(tmp / "tokenizer_config.json", tokenizerConfigJson().dump(2) + "\n");
    writeText(tmp / "generation_config.json", generationConfigJson().dump(2) + "\n");
    report.seconds = secondsSince(t0);
    writeText(tmp / "README.md", modelCard(report, options, kStories, report.corpusTokens));

    if (fs::exists(target, ec)) fs::remove(target, ec); // an empty folder (checked above)
    fs::rename(tmp, target, ec);
    if (ec)
        throw Error(ErrorKind::Io,
                    "cannot rename " + tmp.string() + " to " + target.string() + ": " + ec.message());
    guard.release();
    job.report({"save", 1, 1, "done"});
    report.seconds = secondsSince(t0);
    return report;
}

std::string defaultDemoModelDir() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    fs::path base;
    if (xdg && *xdg && fs::path(xdg).is_absolute()) {
        base = xdg;
    } else {
        const char* home = std::getenv("HOME");
        if ((!home || !*home)) {
            if (const passwd* pw = ::getpwuid(::getuid())) home = pw->pw_dir;
        }
        base = fs::path(home && *home ? home : ".") / ".local" / "share";
    }
    return (base / "owq-studio" / "demo-model").string();
}

} // namespace owq
