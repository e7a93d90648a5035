// Exports of a packed OWQ model (docs/EXPORT.md), each read back independently of core:
//   owq        tensors byte-identical to the source, sharded or not;
//   hf         every weight equal to the packed model's dequantized weight rounded to float16/bfloat16 (the
//              rounding written here), perplexity within float16 rounding of the packed model's, shards with
//              an index;
//   gptq+lora  a GPTQ reader written here (bit streams along the documented dimension, zero-point
//              conventions, g_idx) plus the LoRA update B·A reproduces every weight bit for bit, for a
//              per-channel 3-bit model and a grouped act-order 4-bit one; the rebuilt model's perplexity
//              matches.
// And: refusals and cancels leave nothing behind and never touch the source; the CLI command.
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/export.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

using namespace owq;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string storiesDir() {
    return owqtest::sharedPath("models/stories260K");
}

// ---- float16 / bfloat16, written independently of core and LibTorch ---------------------------------------

std::uint32_t bitsOf(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

float halfToFloat(std::uint16_t h) {
    const float sign = (h & 0x8000) ? -1.0f : 1.0f;
    const int e = (h >> 10) & 0x1f;
    const int m = h & 0x3ff;
    if (e == 0) return sign * std::ldexp(float(m), -24);
    if (e == 31) return m ? std::numeric_limits<float>::quiet_NaN() : sign * INFINITY;
    return sign * std::ldexp(float(1024 + m), e - 25);
}

// Round to nearest, ties to even (the default floating-point rounding mode does the rounding).
std::uint16_t floatToHalf(float f) {
    const std::uint16_t sign = (bitsOf(f) >> 16) & 0x8000;
    const float a = std::fabs(f);
    if (std::isnan(f)) return sign | 0x7e00;
    if (a >= 65520.0f) return sign | 0x7c00;
    if (a < std::ldexp(1.0f, -14)) return sign | std::uint16_t(std::nearbyint(a * 16777216.0f)); // subnormal
    int e2;
    std::frexp(a, &e2);
    int e = e2 - 1;                                       // a in [2^e, 2^(e+1))
    long m = long(std::nearbyint(std::ldexp(a, 10 - e))); // in [1024, 2048]
    if (m == 2048) m = 1024, ++e;
    if (e > 15) return sign | 0x7c00;
    return std::uint16_t(sign | ((e + 15) << 10) | (m - 1024));
}

std::uint16_t floatToBf16(float f) {
    std::uint32_t x = bitsOf(f);
    if (std::isnan(f)) return std::uint16_t((x >> 16) | 0x40);
    x += 0x7fff + ((x >> 16) & 1);
    return std::uint16_t(x >> 16);
}

// ---- reading an export back
// --------------------------------------------------------------------------------

struct Tensor {
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> bytes;
    template <typename T> const T* as() const { return reinterpret_cast<const T*>(bytes.data()); }
    std::int64_t numel() const {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        return n;
    }
};
using Tensors = std::map<std::string, Tensor>;

void readFile(const std::string& path, Tensors& out) {
    auto f = SafetensorsFile::open(path);
    for (const TensorInfo& t : f->tensors())
        out[t.name] = {t.dtype, t.shape, std::vector<std::uint8_t>(f->data(t), f->data(t) + t.nbytes())};
}

// All tensors of `<dir>/<base>.safetensors`, or of the shards its index lists (checked against the index).
Tensors readTensors(const std::string& dir, const std::string& base = "model", int* shards = nullptr) {
    Tensors out;
    const std::string index = dir + "/" + base + ".safetensors.index.json";
    if (fs::exists(index)) {
        const json j = json::parse(owqtest::readFile(index));
        std::set<std::string> files;
        for (auto it = j.at("weight_map").begin(); it != j.at("weight_map").end(); ++it)
            files.insert(it.value().get<std::string>());
        std::uint64_t total = 0;
        for (const std::string& f : files) {
            Tensors part;
            readFile(dir + "/" + f, part);
            for (auto& [name, t] : part) {
                if (j["weight_map"].value(name, std::string()) != f)
                    throw std::runtime_error(name + " not indexed");
                total += t.bytes.size();
                out[name] = std::move(t);
            }
        }
        if (out.size() != j["weight_map"].size()) throw std::runtime_error("index lists missing tensors");
        if (j["metadata"]["total_size"].get<std::uint64_t>() != total)
            throw std::runtime_error("index total_size is wrong");
        if (shards) *shards = int(files.size());
    } else {
        readFile(dir + "/" + base + ".safetensors", out);
        if (shards) *shards = 1;
    }
    return out;
}

// Every file of a folder with its bytes (the source-untouched checks).
std::map<std::string, std::string> snapshot(const std::string& dir) {
    std::map<std::string, std::string> s;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            s[fs::relative(e.path(), dir).string()] = owqtest::readFile(e.path().string());
    return s;
}

// Entries of `target`'s parent whose name starts with `target`'s (a finished or half-written export).
std::vector<std::string> leftovers(const std::string& target) {
    std::vector<std::string> out;
    const fs::path t(target);
    if (!fs::exists(t.parent_path())) return out;
    for (const auto& e : fs::directory_iterator(t.parent_path()))
        if (e.path().filename().string().rfind(t.filename().string(), 0) == 0)
            out.push_back(e.path().string());
    return out;
}

std::vector<std::string> linearNames(const ModelConfig& cfg) {
    std::vector<std::string> out;
    for (std::int64_t l = 0; l < cfg.numLayers; ++l)
        for (const LinearSpec& s : layerLinears(cfg)) out.push_back(linearName(cfg, l, s.kind));
    return out;
}

// ---- the GPTQ + LoRA reader: the layout as documented in docs/EXPORT.md --------------------------------

// Value `index` of a little-endian bit stream of `bits`-bit values stored in 32-bit words
// words[0], words[stride], words[2*stride], ...
unsigned streamValue(const std::uint32_t* words, std::int64_t stride, std::int64_t index, int bits) {
    const std::int64_t bit = index * bits, w = bit / 32;
    const int off = int(bit % 32);
    std::uint64_t v = words[w * stride] >> off;
    if (off + bits > 32) v |= std::uint64_t(words[(w + 1) * stride]) << (32 - off);
    return unsigned(v & ((1u << bits) - 1u));
}

// AutoGPTQ's own unpacking of 32 values from `bits` int32 words (qlinear_cuda.py, the torch path),
// transcribed as a second reader: for 2/4/8 bits value i is (word >> bits*i) & mask; for 3 bits three words
// are shifted by its wf table and values 10 and 21, which straddle two words, are patched together.
void autogptqUnpack(const std::uint32_t* words, std::int64_t stride, int bits, unsigned out[32]) {
    if (bits != 3) {
        const int per = 32 / bits;
        for (int i = 0; i < 32; ++i)
            out[i] = (words[(i / per) * stride] >> (bits * (i % per))) & ((1u << bits) - 1u);
        return;
    }
    static const int wf[3][12] = {{0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 0},
                                  {0, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31},
                                  {0, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 0}};
    unsigned v[3][12];
    for (int r = 0; r < 3; ++r)
        for (int i = 0; i < 12; ++i) v[r][i] = (words[r * stride] >> wf[r][i]) & 0x7;
    v[0][10] = (v[0][10] & 0x3) | ((v[1][0] << 2) & 0x4);
    v[1][11] = (v[1][11] & 0x1) | ((v[2][0] << 1) & 0x6);
    int n = 0;
    for (int i = 0; i < 11; ++i) out[n++] = v[0][i];
    for (int i = 1; i < 12; ++i) out[n++] = v[1][i];
    for (int i = 1; i < 11; ++i) out[n++] = v[2][i];
}

struct GptqLinear {
    std::int64_t rows = 0, cols = 0, groups = 0;
    std::vector<unsigned> codes; // [cols][rows]
    std::vector<unsigned> zeros; // [groups][rows], the zero point itself
    const Tensor* scales = nullptr;
    const Tensor* gIdx = nullptr;
};

GptqLinear readGptq(const Tensors& t, const std::string& base, int bits, bool v1) {
    GptqLinear g;
    const Tensor& qw = t.at(base + ".qweight");
    const Tensor& qz = t.at(base + ".qzeros");
    g.scales = &t.at(base + ".scales");
    g.gIdx = &t.at(base + ".g_idx");
    if (qw.dtype != DType::I32 || qz.dtype != DType::I32 || g.scales->dtype != DType::F16 ||
        g.gIdx->dtype != DType::I32)
        throw std::runtime_error(base + ": GPTQ dtypes");
    g.rows = qw.shape.at(1);
    g.cols = qw.shape.at(0) * 32 / bits;
    g.groups = qz.shape.at(0);
    if (qz.shape.at(1) != g.rows * bits / 32 ||
        g.scales->shape != std::vector<std::int64_t>{g.groups, g.rows} ||
        g.gIdx->shape != std::vector<std::int64_t>{g.cols})
        throw std::runtime_error(base + ": GPTQ shapes");
    const auto* w = qw.as<std::uint32_t>();
    const auto* z = qz.as<std::uint32_t>();
    g.codes.resize(std::size_t(g.cols * g.rows));
    for (std::int64_t o = 0; o < g.rows; ++o)
        for (std::int64_t c = 0; c < g.cols; ++c)
            g.codes[std::size_t(c * g.rows + o)] = streamValue(w + o, g.rows, c, bits);
    g.zeros.resize(std::size_t(g.groups * g.rows));
    const std::int64_t zw = g.rows * bits / 32;
    // The bit-stream reading agrees with AutoGPTQ's word-by-word unpacking, for qweight and qzeros.
    unsigned block[32];
    for (std::int64_t o = 0; o < g.rows; ++o)
        for (std::int64_t c0 = 0; c0 < g.cols; c0 += 32) {
            autogptqUnpack(w + (c0 / 32 * bits) * g.rows + o, g.rows, bits, block);
            for (int i = 0; i < 32; ++i)
                if (block[i] != g.codes[std::size_t((c0 + i) * g.rows + o)])
                    throw std::runtime_error(base + ": qweight disagrees with AutoGPTQ's unpacking");
        }
    for (std::int64_t gi = 0; gi < g.groups; ++gi)
        for (std::int64_t o0 = 0; o0 < g.rows; o0 += 32) {
            autogptqUnpack(z + gi * zw + o0 / 32 * bits, 1, bits, block);
            for (int i = 0; i < 32; ++i)
                if (block[i] != streamValue(z + gi * zw, 1, o0 + i, bits))
                    throw std::runtime_error(base + ": qzeros disagree with AutoGPTQ's unpacking");
        }
    for (std::int64_t gi = 0; gi < g.groups; ++gi)
        for (std::int64_t o = 0; o < g.rows; ++o)
            g.zeros[std::size_t(gi * g.rows + o)] = streamValue(z + gi * zw, 1, o, bits) + (v1 ? 1 : 0);
    return g;
}

// W[o, c] = scale[g_idx[c], o] * (code(c, o) - zero(g_idx[c], o)), in float32 like every GPTQ reader's
// reference path; then + (B·A)[o, c] when the adapter has this linear.
Matrix dequantize(const GptqLinear& g, const Tensors* adapter, const std::string& base) {
    Matrix W;
    W.rows = g.rows;
    W.cols = g.cols;
    W.data.resize(std::size_t(g.rows * g.cols));
    const auto* s = g.scales->as<std::uint16_t>();
    const auto* gi = g.gIdx->as<std::int32_t>();
    for (std::int64_t o = 0; o < g.rows; ++o)
        for (std::int64_t c = 0; c < g.cols; ++c) {
            const std::int64_t grp = gi[c];
            if (grp < 0 || grp >= g.groups) throw std::runtime_error(base + ": g_idx out of range");
            W.at(o, c) = halfToFloat(s[grp * g.rows + o]) * (float(g.codes[std::size_t(c * g.rows + o)]) -
                                                             float(g.zeros[std::size_t(grp * g.rows + o)]));
        }
    const std::string a = "base_model.model." + base + ".lora_A.weight",
                      b = "base_model.model." + base + ".lora_B.weight";
    if (adapter && adapter->count(a)) {
        const Tensor& A = adapter->at(a);
        const Tensor& B = adapter->at(b);
        const std::int64_t k = A.shape.at(0);
        if (A.shape != std::vector<std::int64_t>{k, g.cols} ||
            B.shape != std::vector<std::int64_t>{g.rows, k} || A.dtype != DType::F16 || B.dtype != DType::F16)
            throw std::runtime_error(base + ": LoRA shapes");
        for (std::int64_t o = 0; o < g.rows; ++o)
            for (std::int64_t c = 0; c < g.cols; ++c) {
                float sum = 0;
                for (std::int64_t i = 0; i < k; ++i)
                    sum += halfToFloat(B.as<std::uint16_t>()[o * k + i]) *
                           halfToFloat(A.as<std::uint16_t>()[i * g.cols + c]);
                W.at(o, c) += sum;
            }
    }
    return W;
}

// Copies a folder's tokenizer files and writes a float config (no quantization_config) beside `tensors`.
std::string writeFloatFolder(const std::string& exportDir, const std::string& tag,
                             const std::vector<TensorToWrite>& tensors) {
    const std::string dir = owqtest::scratchDir(tag);
    json cfg = json::parse(owqtest::readFile(exportDir + "/config.json"));
    cfg.erase("quantization_config");
    cfg["torch_dtype"] = "float32";
    owqtest::writeFile(dir + "/config.json", cfg.dump(2));
    for (const char* f : {"tokenizer.model", "tokenizer_config.json"})
        owqtest::writeFile(dir + "/" + f, owqtest::readFile(exportDir + "/" + f));
    writeSafetensors(dir + "/model.safetensors", tensors);
    return dir;
}

template <typename F> ErrorKind errorKindOf(F&& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (message) *message = e.what();
        return e.kind();
    }
    return ErrorKind(-1);
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

    std::string evalText_;
    std::string owq3_;  // OWQ 3-bit per channel, target 3.1, one linear with more weak columns (rank_pattern)
    std::string owq4g_; // OWQ 4-bit, groups of 16, act-order, 6 weak columns (20 in one linear)
    double ppl3_ = 0, ppl4g_ = 0;
    std::map<std::string, std::string> snap3_, snap4g_;

    std::string quantize(QuantRecipe r, const std::string& tag, double* ppl) {
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(storiesDir(), load);
        const QuantReport rep = quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), r);
        const std::string dir = owqtest::scratchDir(tag) + "/packed";
        savePacked(*lm, rep, dir);
        *ppl = LanguageModel::open(dir)->perplexity(evalText_, 512).ppl;
        return dir;
    }

    std::string target(const std::string& tag) { return owqtest::scratchDir(tag) + "/out"; }

    // Checks an export's files that every format carries.
    void commonFiles(const std::string& dir, const std::string& source, const std::string& formatWord) {
        for (const char* f : {"config.json", "README.md", "owq_diagnostics.json", "tokenizer.model"})
            QVERIFY2(fs::exists(dir + "/" + f), (dir + ": " + f + " is missing").c_str());
        QCOMPARE(owqtest::readFile(dir + "/owq_diagnostics.json"),
                 owqtest::readFile(source + "/owq_diagnostics.json"));
        const std::string card = owqtest::readFile(dir + "/README.md");
        for (const std::string& word :
             {std::string("owq"), std::string("| bits |"), std::string("average bits"),
              std::string("## Recipe"), std::string("## How to load"), formatWord})
            QVERIFY2(contains(card, word), ("README.md lacks '" + word + "'").c_str());
    }

    // The GPTQ+LoRA export of `source` read back: every linear's weight against the packed model's.
    // Returns the rebuilt float model's folder.
    std::string checkGptqLora(const std::string& source, const std::string& dir, bool v1, int bits,
                              int groupSize, bool expectDescAct) {
        auto lm = LanguageModel::open(source);
        const json cfg = json::parse(owqtest::readFile(dir + "/config.json"));
        const json& qc = cfg.at("quantization_config");
        if (qc.at("quant_method") != "gptq" || qc.at("bits") != bits ||
            qc.at("group_size") != (groupSize > 0 ? groupSize : -1) || qc.at("desc_act") != expectDescAct ||
            qc.at("sym") != false || qc.at("checkpoint_format") != (v1 ? "gptq" : "gptq_v2"))
            throw std::runtime_error("quantization_config: " + qc.dump());
        if (json::parse(owqtest::readFile(dir + "/quantize_config.json")) != qc)
            throw std::runtime_error("quantize_config.json differs from quantization_config");
        const Tensors t = readTensors(dir);
        const Tensors adapter = readTensors(dir + "/weak_lora", "adapter_model");
        const json ac = json::parse(owqtest::readFile(dir + "/weak_lora/adapter_config.json"));
        if (ac.at("peft_type") != "LORA" || ac.at("use_rslora") != false || ac.at("use_dora") != false ||
            ac.at("bias") != "none" || ac.at("lora_alpha") != ac.at("r"))
            throw std::runtime_error("adapter_config.json: " + ac.dump());
        const std::set<std::string> targets = ac.at("target_modules").get<std::set<std::string>>();

        std::vector<TensorToWrite> rebuilt;
        std::vector<std::vector<float>> keep;
        int gptq = 0, dense = 0, lora = 0, weakZeroChecked = 0;
        for (const std::string& base : linearNames(lm->config())) {
            const Matrix want = linearWeight(*lm, base);
            if (t.count(base + ".weight")) { // dense fallback: float16 of the dequantized weight
                ++dense;
                const Tensor& w = t.at(base + ".weight");
                if (w.dtype != DType::F16 || w.shape != std::vector<std::int64_t>{want.rows, want.cols})
                    throw std::runtime_error(base + ": dense fallback dtype/shape");
                for (std::size_t i = 0; i < want.data.size(); ++i)
                    if (w.as<std::uint16_t>()[i] != floatToHalf(want.data[i]))
                        throw std::runtime_error(base + ": dense fallback differs at " + std::to_string(i));
                if (targets.count(base))
                    throw std::runtime_error(base + ": a dense linear is in the adapter");
                continue;
            }
            ++gptq;
            const GptqLinear g = readGptq(t, base, bits, v1);
            if (g.rows != want.rows || g.cols != want.cols) throw std::runtime_error(base + ": shape");
            // Each group of an act-order layout holds exactly group_size columns.
            const std::int64_t G = groupSize > 0 ? groupSize : g.cols;
            std::vector<std::int64_t> count(std::size_t(g.groups), 0);
            for (std::int64_t c = 0; c < g.cols; ++c) ++count[std::size_t(g.gIdx->as<std::int32_t>()[c])];
            for (std::int64_t n : count)
                if (n != G) throw std::runtime_error(base + ": a group does not hold group_size columns");
            const std::string aName = "base_model.model." + base + ".lora_A.weight";
            const bool inAdapter = adapter.count(aName) != 0;
            if (inAdapter != (targets.count(base) != 0)) throw std::runtime_error(base + ": target_modules");
            if (inAdapter) {
                ++lora;
                // Scaling lora_alpha / r is 1 for this module: its rank and alpha come from the patterns.
                const std::int64_t k = adapter.at(aName).shape.at(0);
                const std::string key = base.substr(6); // "layers.N.<kind>"
                const std::int64_t r = ac.at("rank_pattern").value(key, ac.at("r").get<std::int64_t>());
                const std::int64_t alpha =
                    ac.at("alpha_pattern").value(key, ac.at("lora_alpha").get<std::int64_t>());
                if (r != k || alpha != k) throw std::runtime_error(base + ": rank/alpha pattern");
                // The weak columns (selected by A) are exactly zero in the GPTQ part: code == zero point.
                const Tensor& A = adapter.at(aName);
                for (std::int64_t i = 0; i < k; ++i)
                    for (std::int64_t c = 0; c < g.cols; ++c)
                        if (A.as<std::uint16_t>()[i * g.cols + c] == 0x3C00) {
                            const std::int64_t grp = g.gIdx->as<std::int32_t>()[c];
                            for (std::int64_t o = 0; o < g.rows; ++o)
                                if (g.codes[std::size_t(c * g.rows + o)] !=
                                    g.zeros[std::size_t(grp * g.rows + o)])
                                    throw std::runtime_error(base +
                                                             ": a weak column is not zero in the GPTQ part");
                            ++weakZeroChecked;
                        }
            }
            const Matrix got = dequantize(g, &adapter, base);
            for (std::size_t i = 0; i < want.data.size(); ++i)
                if (got.data[i] != want.data[i])
                    throw std::runtime_error(base + ": weight " + std::to_string(i) + " is " +
                                             std::to_string(got.data[i]) + ", the packed model has " +
                                             std::to_string(want.data[i]));
            keep.push_back(got.data);
            rebuilt.push_back({base + ".weight",
                               DType::F32,
                               {got.rows, got.cols},
                               keep.back().data(),
                               keep.back().size() * 4});
        }
        if (gptq == 0 || lora == 0 || weakZeroChecked == 0) throw std::runtime_error("nothing was checked");
        if (targets.size() != std::size_t(lora))
            throw std::runtime_error("target_modules lists other modules");
        qInfo("%s: %d GPTQ linears (%d with LoRA, %d weak columns checked zero), %d dense; r = %s, "
              "rank_pattern %s",
              dir.c_str(), gptq, lora, weakZeroChecked, dense, ac.at("r").dump().c_str(),
              ac.at("rank_pattern").dump().c_str());
        // The rebuilt float model: GPTQ linears as reconstructed, everything else as exported.
        for (const auto& [name, tensor] : t)
            if (name.find(".qweight") == std::string::npos && name.find(".qzeros") == std::string::npos &&
                name.find(".scales") == std::string::npos && name.find(".g_idx") == std::string::npos)
                rebuilt.push_back(
                    {name, tensor.dtype, tensor.shape, tensor.bytes.data(), tensor.bytes.size()});
        return writeFloatFolder(dir, "gptq-rebuilt", rebuilt);
    }

private slots:
    void initTestCase() {
        if (!owqtest::haveShared()) return;
        evalText_ = readTextFile(owqtest::sharedPath("data/eval.txt"));
        QuantRecipe r3 = QuantRecipe::defaults(Method::OWQ, 3);
        r3.targetBits = 3.1;
        r3.nsamples = 16;
        r3.seqlen = 256;
        r3.weakOverrides["model.layers.1.self_attn.q_proj"] = 5;
        owq3_ = quantize(r3, "export-owq3", &ppl3_);
        QuantRecipe r4 = QuantRecipe::defaults(Method::OWQ, 4);
        r4.weakColumns = 6;
        r4.weakOverrides["model.layers.2.self_attn.o_proj"] = 20; // 44 dense columns: a group of weak only
        r4.quantizer.groupSize = 16;
        r4.gptq.actOrder = true;
        r4.nsamples = 8;
        r4.seqlen = 128;
        owq4g_ = quantize(r4, "export-owq4g", &ppl4g_);
        snap3_ = snapshot(owq3_);
        snap4g_ = snapshot(owq4g_);
        qInfo("packed perplexities: OWQ 3-bit %.4f, OWQ 4-bit g16 %.4f", ppl3_, ppl4g_);
    }

    void cleanupTestCase() {
        if (owq3_.empty()) return;
        // No export, refusal or cancel changed a byte of the sources.
        QVERIFY(snapshot(owq3_) == snap3_);
        QVERIFY(snapshot(owq4g_) == snap4g_);
    }

    void namesAndSizes() {
        QCOMPARE(parseByteSize("5GB"), std::uint64_t(5000000000ull));
        QCOMPARE(parseByteSize("500MB"), std::uint64_t(500000000ull));
        QCOMPARE(parseByteSize("2GiB"), std::uint64_t(2147483648ull));
        QCOMPARE(parseByteSize("1.5kb"), std::uint64_t(1500));
        QCOMPARE(parseByteSize("100KiB"), std::uint64_t(102400));
        QCOMPARE(parseByteSize("123456"), std::uint64_t(123456));
        for (const char* bad : {"", "GB", "5 parsecs", "-1GB", "0", "1.2.3MB"})
            QCOMPARE(errorKindOf([&] { parseByteSize(bad); }), ErrorKind::InvalidArgument);
        QCOMPARE(parseExportFormat("gptq+lora"), ExportFormat::GptqLora);
        QCOMPARE(std::string(exportFormatName(parseExportFormat("hf"))), std::string("hf"));
        QCOMPARE(parseExportDType("bfloat16"), ExportDType::BF16);
        QCOMPARE(errorKindOf([] { parseExportFormat("gguf"); }), ErrorKind::InvalidArgument);
        QCOMPARE(errorKindOf([] { parseExportDType("f32"); }), ErrorKind::InvalidArgument);
    }

    void owqRoundTripIsByteIdentical() {
        OWQ_REQUIRE_SHARED();
        const Tensors src = readTensors(owq3_);
        const auto srcMeta = SafetensorsFile::open(owq3_ + "/model.safetensors")->metadata();
        for (std::uint64_t maxShard : {std::uint64_t(5000000000ull), std::uint64_t(60000)}) {
            const std::string out = target("export-owq");
            ExportOptions o;
            o.format = ExportFormat::Owq;
            o.maxShardBytes = maxShard;
            const ExportResult r = exportModelFolder(owq3_, out, o);
            int shards = 0;
            const Tensors got = readTensors(out, "model", &shards);
            QCOMPARE(shards, r.shards);
            QVERIFY2(maxShard > 1000000 ? shards == 1 : shards > 2, std::to_string(shards).c_str());
            QCOMPARE(got.size(), src.size());
            for (const auto& [name, t] : src) {
                QVERIFY2(got.count(name), name.c_str());
                const Tensor& g = got.at(name);
                QVERIFY2(g.dtype == t.dtype && g.shape == t.shape && g.bytes == t.bytes, name.c_str());
            }
            for (const auto& e : fs::directory_iterator(out))
                if (e.path().extension() == ".safetensors")
                    QVERIFY(SafetensorsFile::open(e.path().string())->metadata() == srcMeta);
            QCOMPARE(owqtest::readFile(out + "/config.json"), owqtest::readFile(owq3_ + "/config.json"));
            commonFiles(out, owq3_, "native packed OWQ format");
            // It is the same model.
            QCOMPARE(LanguageModel::open(out)->perplexity(evalText_, 512).ppl, ppl3_);
        }
    }

    void hfFloat16IsTheDequantizedModel() {
        OWQ_REQUIRE_SHARED();
        const std::string out = target("export-hf16");
        ExportOptions o;
        o.format = ExportFormat::Hf;
        const ExportResult r = exportModelFolder(owq3_, out, o);
        QCOMPARE(r.shards, 1);
        commonFiles(out, owq3_, "float16");
        const json cfg = json::parse(owqtest::readFile(out + "/config.json"));
        QVERIFY(!cfg.contains("quantization_config"));
        QCOMPARE(cfg.at("torch_dtype").get<std::string>(), std::string("float16"));

        auto lm = LanguageModel::open(owq3_);
        const Tensors t = readTensors(out);
        for (const std::string& base : linearNames(lm->config())) {
            const Matrix want = linearWeight(*lm, base);
            const Tensor& w = t.at(base + ".weight");
            QVERIFY(w.dtype == DType::F16 && w.shape == (std::vector<std::int64_t>{want.rows, want.cols}));
            for (std::size_t i = 0; i < want.data.size(); ++i)
                if (w.as<std::uint16_t>()[i] != floatToHalf(want.data[i]))
                    QFAIL(qPrintable(QString("%1[%2]: %3 is not float16(%4)")
                                         .arg(QString::fromStdString(base))
                                         .arg(i)
                                         .arg(halfToFloat(w.as<std::uint16_t>()[i]))
                                         .arg(want.data[i])));
        }
        // Embeddings and norms: the source's float32 rounded.
        const Tensors src = readTensors(owq3_);
        for (const char* name :
             {"model.embed_tokens.weight", "model.norm.weight", "model.layers.3.input_layernorm.weight"}) {
            const Tensor& s = src.at(name);
            const Tensor& g = t.at(name);
            QVERIFY(s.dtype == DType::F32 && g.dtype == DType::F16 && g.shape == s.shape);
            for (std::int64_t i = 0; i < s.numel(); ++i)
                QCOMPARE(g.as<std::uint16_t>()[i], floatToHalf(s.as<float>()[i]));
        }
        // Nothing but plain weights.
        for (const auto& [name, tensor] : t)
            QVERIFY2(name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0, name.c_str());

        const double ppl = LanguageModel::open(out)->perplexity(evalText_, 512).ppl;
        qInfo("hf float16 perplexity %.5f vs packed %.5f (relative %.2e)", ppl, ppl3_,
              std::abs(ppl - ppl3_) / ppl3_);
        // float16 rounding of the dequantized weights: measured 1.9e-5.
        QVERIFY2(std::abs(ppl - ppl3_) / ppl3_ < 5e-5, qPrintable(QString::number(ppl)));
    }

    void hfBfloat16ShardsWithAnIndex() {
        OWQ_REQUIRE_SHARED();
        const std::string out = target("export-hf-bf16");
        ExportOptions o;
        o.format = ExportFormat::Hf;
        o.dtype = ExportDType::BF16;
        o.maxShardBytes = parseByteSize("100KB");
        const ExportResult r = exportModelFolder(owq4g_, out, o);
        int shards = 0;
        const Tensors t = readTensors(out, "model", &shards);
        QVERIFY2(shards > 3 && shards == r.shards, std::to_string(shards).c_str());
        QVERIFY(!fs::exists(out + "/model.safetensors"));
        // Every shard within the limit unless one tensor alone exceeds it.
        for (const auto& e : fs::directory_iterator(out))
            if (e.path().extension() == ".safetensors") {
                auto f = SafetensorsFile::open(e.path().string());
                std::uint64_t bytes = 0;
                for (const TensorInfo& ti : f->tensors()) bytes += ti.nbytes();
                QVERIFY2(bytes <= o.maxShardBytes || f->tensors().size() == 1, e.path().c_str());
            }
        QCOMPARE(json::parse(owqtest::readFile(out + "/config.json")).at("torch_dtype").get<std::string>(),
                 std::string("bfloat16"));
        auto lm = LanguageModel::open(owq4g_);
        for (const std::string& base : linearNames(lm->config())) {
            const Matrix want = linearWeight(*lm, base);
            const Tensor& w = t.at(base + ".weight");
            QVERIFY(w.dtype == DType::BF16);
            for (std::size_t i = 0; i < want.data.size(); ++i)
                if (w.as<std::uint16_t>()[i] != floatToBf16(want.data[i])) QFAIL(base.c_str());
        }
        const double ppl = LanguageModel::open(out)->perplexity(evalText_, 512).ppl;
        qInfo("hf bfloat16 (%d shards) perplexity %.5f vs packed %.5f (relative %.2e)", shards, ppl, ppl4g_,
              std::abs(ppl - ppl4g_) / ppl4g_);
        // bfloat16 rounding (8 significant bits): measured 3.9e-4.
        QVERIFY2(std::abs(ppl - ppl4g_) / ppl4g_ < 1e-3, qPrintable(QString::number(ppl)));
    }

    void gptqLoraPerChannel3BitIsExact() {
        OWQ_REQUIRE_SHARED();
        ExportOptions o;
        o.format = ExportFormat::GptqLora;
        o.denseFallback = true; // stories260K's MLP is 172 wide: not a multiple of 32
        // The legacy convention unless a zero point of 0 rules it out (then the refusal says so).
        auto lm = LanguageModel::open(owq3_);
        const std::string blocker = exportBlocker(*lm, o);
        if (!blocker.empty()) {
            QVERIFY2(contains(blocker, "zero point 0"), blocker.c_str());
            o.gptqCheckpointFormat = "gptq_v2";
        }
        qInfo("checkpoint_format %s", o.gptqCheckpointFormat.c_str());
        const std::string out = target("export-gptq3");
        const ExportResult r = exportModelFolder(owq3_, out, o);
        commonFiles(out, owq3_, "gptq+lora");
        QCOMPARE(r.gptqLinears, 20);
        QCOMPARE(r.denseLinears, 15);
        QCOMPARE(r.loraRankMax, std::int64_t(5)); // the override
        std::string rebuilt;
        try {
            rebuilt = checkGptqLora(owq3_, out, o.gptqCheckpointFormat == "gptq", 3, 0, false);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        const json ac = json::parse(owqtest::readFile(out + "/weak_lora/adapter_config.json"));
        QVERIFY2(!ac.at("rank_pattern").empty(), ac.dump().c_str());
        // The dense linears are named unquantized for transformers/optimum and GPTQModel/vLLM.
        const json qc = json::parse(owqtest::readFile(out + "/config.json")).at("quantization_config");
        QCOMPARE(qc.at("modules_in_block_to_quantize").at(0).size(), std::size_t(4));
        QCOMPARE(qc.at("dynamic").size(), std::size_t(3));
        const double ppl = LanguageModel::open(rebuilt)->perplexity(evalText_, 512).ppl;
        qInfo("gptq+lora rebuilt perplexity %.5f vs packed %.5f (relative %.2e)", ppl, ppl3_,
              std::abs(ppl - ppl3_) / ppl3_);
        // The same weights in another layout (float32 rounding of the rebuilt product): measured 4.5e-6.
        QVERIFY2(std::abs(ppl - ppl3_) / ppl3_ < 1.5e-5, qPrintable(QString::number(ppl)));
    }

    void gptqLoraGroupedActOrder4BitIsExact() {
        OWQ_REQUIRE_SHARED();
        ExportOptions o;
        o.format = ExportFormat::GptqLora;
        o.denseFallback = true;
        o.gptqCheckpointFormat = "gptq_v2";
        const std::string out = target("export-gptq4g");
        const ExportResult r = exportModelFolder(owq4g_, out, o);
        QCOMPARE(r.gptqLinears, 20);
        QCOMPARE(r.loraRankMax, std::int64_t(20));
        std::string rebuilt;
        try {
            rebuilt = checkGptqLora(owq4g_, out, false, 4, 16, true);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        const double ppl = LanguageModel::open(rebuilt)->perplexity(evalText_, 512).ppl;
        qInfo("gptq+lora (4-bit g16 act-order) rebuilt perplexity %.5f vs packed %.5f (relative %.2e)", ppl,
              ppl4g_, std::abs(ppl - ppl4g_) / ppl4g_);
        // As above: measured 8.7e-6.
        QVERIFY2(std::abs(ppl - ppl4g_) / ppl4g_ < 2.5e-5, qPrintable(QString::number(ppl)));
    }

    void zeroPointZeroNeedsGptqV2() {
        OWQ_REQUIRE_SHARED();
        // A packed model with a zero point of 0 (valid OWQ: codes 0..7 mean 0..7 scales).
        const std::string dir = owqtest::scratchDir("export-zero0") + "/packed";
        fs::copy(owq3_, dir, fs::copy_options::recursive);
        for (const auto& e : fs::directory_iterator(dir))
            fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
        {
            auto f = SafetensorsFile::open(dir + "/model.safetensors");
            std::vector<std::vector<std::uint8_t>> bytes;
            std::vector<TensorToWrite> writes;
            for (const TensorInfo& t : f->tensors()) bytes.emplace_back(f->data(t), f->data(t) + t.nbytes());
            std::size_t i = 0;
            for (const TensorInfo& t : f->tensors()) {
                if (t.name == "model.layers.2.self_attn.v_proj.qzeros") bytes[i][7] = 0; // row 7
                writes.push_back({t.name, t.dtype, t.shape, bytes[i].data(), bytes[i].size()});
                ++i;
            }
            const auto meta = f->metadata();
            f.reset();
            writeSafetensors(dir + "/model.safetensors", writes, meta);
        }
        ExportOptions o;
        o.format = ExportFormat::GptqLora;
        o.denseFallback = true;
        const std::string out = target("export-zero0-v1");
        std::string msg;
        QCOMPARE(errorKindOf([&] { exportModelFolder(dir, out, o); }, &msg), ErrorKind::Unsupported);
        for (const char* part : {"model.layers.2.self_attn.v_proj", "row 7", "zero point 0", "gptq_v2"})
            QVERIFY2(contains(msg, part), msg.c_str());
        QVERIFY(leftovers(out).empty());
        QCOMPARE(exportBlocker(*LanguageModel::open(dir), o), msg);
        // GPTQModel's v2 convention stores it, and the weights come back exactly.
        o.gptqCheckpointFormat = "gptq_v2";
        const std::string out2 = target("export-zero0-v2");
        exportModelFolder(dir, out2, o);
        try {
            checkGptqLora(dir, out2, false, 3, 0, false);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    void refusalsLeaveNothingBehind() {
        OWQ_REQUIRE_SHARED();
        std::string msg;
        // GPTQ cannot pack 172-wide linears: refused naming the linear, the reason and the way out.
        ExportOptions o;
        o.format = ExportFormat::GptqLora;
        std::string out = target("export-refused");
        QCOMPARE(errorKindOf([&] { exportModelFolder(owq3_, out, o); }, &msg), ErrorKind::Unsupported);
        for (const char* part : {"model.layers.0.mlp.gate_proj", "172", "multiple of 32", "--dense-fallback"})
            QVERIFY2(contains(msg, part), msg.c_str());
        QVERIFY(leftovers(out).empty());
        // owq and gptq+lora need a packed source; hf takes a float model.
        o.format = ExportFormat::Owq;
        QCOMPARE(errorKindOf([&] { exportModelFolder(storiesDir(), out, o); }, &msg), ErrorKind::Unsupported);
        QVERIFY2(contains(msg, "not a packed OWQ folder"), msg.c_str());
        QVERIFY(leftovers(out).empty());
        o.format = ExportFormat::Hf;
        exportModelFolder(storiesDir(), out, o);
        QVERIFY(fs::exists(out + "/model.safetensors"));
        // A non-empty target is never overwritten.
        const auto before = snapshot(out);
        QCOMPARE(errorKindOf([&] { exportModelFolder(owq3_, out, o); }, &msg), ErrorKind::InvalidArgument);
        QVERIFY2(contains(msg, "not empty"), msg.c_str());
        QVERIFY(snapshot(out) == before);
        // Nor is the source folder written into.
        QCOMPARE(errorKindOf([&] { exportModelFolder(owq3_, owq3_ + "/export", o); }, &msg),
                 ErrorKind::InvalidArgument);
        QVERIFY2(contains(msg, "inside the model folder"), msg.c_str());
        QVERIFY(!fs::exists(owq3_ + "/export"));
        // Bad options.
        o.format = ExportFormat::GptqLora;
        o.gptqCheckpointFormat = "gptq_v3";
        QCOMPARE(errorKindOf([&] { exportModelFolder(owq3_, target("export-bad"), o); }),
                 ErrorKind::InvalidArgument);
    }

    void cancelLeavesNothingBehind() {
        OWQ_REQUIRE_SHARED();
        for (ExportFormat f : {ExportFormat::Owq, ExportFormat::Hf, ExportFormat::GptqLora}) {
            const std::string out = target("export-cancel");
            CancelToken token;
            long long seen = 0;
            JobContext job{[&](const Progress& p) {
                               if (p.stage == "export" && p.done >= 5) token.cancel();
                               if (p.stage == "export") seen = p.done;
                           },
                           &token};
            ExportOptions o;
            o.format = f;
            o.denseFallback = true;
            o.gptqCheckpointFormat = "gptq_v2";
            o.maxShardBytes = 50000; // several files, so the cancel lands between two of them
            QCOMPARE(errorKindOf([&] { exportModelFolder(owq4g_, out, o, job); }), ErrorKind::Cancelled);
            QVERIFY(seen >= 5);
            QVERIFY2(leftovers(out).empty(), exportFormatName(f));
        }
    }

    void cliExport() {
        OWQ_REQUIRE_SHARED();
        auto run = [](const QStringList& args) {
            QProcess p;
            p.start(OWQ_CLI_PATH, args);
            p.waitForFinished(300000);
            return std::make_pair(p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object());
        };
        const QString out = QString::fromStdString(target("export-cli"));
        auto [code, j] = run({"--json", "-q", "export", QString::fromStdString(owq3_), "--format",
                              "gptq+lora", "--dense-fallback", "--out", out});
        QCOMPARE(code, 0);
        QCOMPARE(j["format"].toString(), QString("gptq+lora"));
        QCOMPARE(j["gptq_linears"].toInt(), 20);
        QVERIFY(j["files"].toArray().contains(QString("weak_lora/adapter_config.json")));
        QVERIFY(j["bytes_on_disk"].toDouble() > 0);
        // Refusals exit with the unsupported code (5) and say why.
        const QString out2 = QString::fromStdString(target("export-cli-refused"));
        std::tie(code, j) = run({"--json", "-q", "export", QString::fromStdString(owq3_), "--format",
                                 "gptq+lora", "--out", out2});
        QCOMPARE(code, 5);
        QVERIFY(j["error"].toString().contains("multiple of 32"));
        QVERIFY(leftovers(out2.toStdString()).empty());
        std::tie(code, j) =
            run({"--json", "-q", "export", QString::fromStdString(owq3_), "--format", "onnx", "--out", out2});
        QCOMPARE(code, 2);
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
