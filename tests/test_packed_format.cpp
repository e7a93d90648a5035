// The packed OWQ format read back from docs/FORMAT.md alone: a reader written here (its own safetensors
// parser, bit-stream decoding, fp16 conversion; nothing from core's packed readers or the kernels) rebuilds
// every linear of a packed stories260K folder and must equal, bit for bit, the float32 weights of the
// fake-quantized folder of the same run. On the way it checks what FORMAT.md promises: dtypes and shapes,
// zero padding of the rows, zero points within the bit width, weak indices and the permutation covering
// every column exactly once, non-linear tensors copied byte for byte, the config and safetensors metadata,
// and the documented on-disk size; and, against the float model, that every decoded column lies nearest its
// own source column and that RTN's codes are the rounded source weights.
// Recipes: OWQ 3-bit per channel with target 3.1 (weak columns, perm), OWQ 4-bit groups of 32 with
// act-order and 6 weak columns (a short last group), GPTQ 2-bit symmetric groups of 16 (no perm: identity),
// RTN 4-bit groups of 32, 3-bit per channel and 2-bit symmetric groups of 16.
#include "owq/engine.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

using namespace owq;
using nlohmann::json;

namespace {

static_assert(std::endian::native == std::endian::little, "the reader below assumes a little-endian host");

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what);
}

// ---- fp16, from the IEEE 754 binary16 definition ----------------------------------------------------------

float fromHalf(std::uint16_t h) {
    const int exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    float v;
    if (exp == 0)
        v = std::ldexp(float(man), -24); // zero and subnormals
    else if (exp == 31)
        v = man ? NAN : INFINITY; // inf and NaN
    else
        v = std::ldexp(float(man | 0x400), exp - 25); // 1.man * 2^(exp-15)
    return (h & 0x8000) ? -v : v;
}

// Nearest fp16 value (ties to even), as a float: rounding a float32 to 11 significant bits.
float roundToHalf(float f) {
    if (!std::isfinite(f) || f == 0) return f;
    int e;
    std::frexp(f, &e);                            // |f| in [2^(e-1), 2^e)
    const int quantumExp = std::max(e - 11, -24); // spacing of fp16 values there; subnormals keep 2^-24
    const float r = std::ldexp(std::nearbyint(std::ldexp(f, -quantumExp)), quantumExp);
    return std::fabs(r) > 65504.0f ? std::copysign(INFINITY, f) : r;
}

// ---- safetensors, from its specification ------------------------------------------------------------------

struct RawTensor {
    std::string dtype;
    std::vector<std::int64_t> shape;
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;

    std::int64_t numel() const {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        return n;
    }
    // Element i as T (memcpy: the data section need not be aligned for T).
    template <typename T> T get(std::int64_t i) const {
        T v;
        std::memcpy(&v, data + std::size_t(i) * sizeof(T), sizeof(T));
        return v;
    }
};

struct RawFile {
    std::shared_ptr<const std::string> bytes; // shared: the tensors point into it
    json metadata;
    std::map<std::string, RawTensor> tensors;

    const RawTensor* find(const std::string& name) const {
        auto it = tensors.find(name);
        return it == tensors.end() ? nullptr : &it->second;
    }
};

std::size_t dtypeSize(const std::string& dtype) {
    static const std::map<std::string, std::size_t> sizes = {{"U8", 1},  {"I8", 1},  {"F16", 2}, {"BF16", 2},
                                                             {"I16", 2}, {"F32", 4}, {"I32", 4}, {"I64", 8}};
    auto it = sizes.find(dtype);
    if (it == sizes.end()) fail("unknown dtype " + dtype);
    return it->second;
}

// 8-byte little-endian header length N, N bytes of JSON, then the data; offsets count from the data start.
RawFile readSafetensors(const std::string& path) {
    RawFile f;
    f.bytes = std::make_shared<const std::string>(owqtest::readFile(path));
    const std::string& b = *f.bytes;
    if (b.size() < 8) fail(path + ": shorter than the header length");
    std::uint64_t n;
    std::memcpy(&n, b.data(), 8);
    if (n > b.size() - 8) fail(path + ": header length past the end of the file");
    const json header = json::parse(b.substr(8, n));
    const auto* base = reinterpret_cast<const std::uint8_t*>(b.data()) + 8 + n;
    const std::uint64_t dataSize = b.size() - 8 - n;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") {
            f.metadata = it.value();
            continue;
        }
        RawTensor t;
        t.dtype = it.value().at("dtype").get<std::string>();
        t.shape = it.value().at("shape").get<std::vector<std::int64_t>>();
        const auto off = it.value().at("data_offsets").get<std::vector<std::uint64_t>>();
        if (off.size() != 2 || off[0] > off[1] || off[1] > dataSize) fail(it.key() + ": bad data_offsets");
        t.data = base + off[0];
        t.size = std::size_t(off[1] - off[0]);
        if (t.size != std::size_t(t.numel()) * dtypeSize(t.dtype))
            fail(it.key() + ": size disagrees with shape");
        f.tensors[it.key()] = t;
    }
    return f;
}

// ---- one packed linear, per FORMAT.md "Tensors of one linear" ---------------------------------------------

struct Layout {
    int bits = 0;
    std::int64_t groupSize = 0; // 0 or -1: one group per row
};

// A packed linear's tensors, decoded and checked, before they are put together.
struct ReadLinear {
    std::string base;
    Layout layout;
    std::int64_t rows = 0, cols = 0, dense = 0, nGroups = 1;
    std::vector<std::uint8_t> codes; // [rows, dense], packed column order
    std::vector<float> scales;       // [rows, nGroups]
    std::vector<unsigned> zeros;     // [rows, nGroups]
    std::vector<std::int32_t> perm;  // [dense]: input column of packed column j (identity when absent)
    bool hasPerm = false;
    std::vector<std::int32_t> weakIdx; // [k]
    std::vector<float> weakWeight;     // [rows, k]

    std::int64_t group(std::int64_t j) const { return layout.groupSize > 0 ? j / layout.groupSize : 0; }
};

const RawTensor& expectTensor(const RawFile& f, const std::string& name, const std::string& dtype,
                              const std::vector<std::int64_t>& shape) {
    const RawTensor* t = f.find(name);
    if (!t) fail(name + ": missing");
    if (t->dtype != dtype) fail(name + ": dtype " + t->dtype + ", expected " + dtype);
    if (t->shape != shape)
        fail(name + ": shape " + json(t->shape).dump() + ", expected " + json(shape).dump());
    return *t;
}

// Code j of a row: bits [j*bits, (j+1)*bits) of the row's little-endian bit stream, read one bit at a time.
unsigned codeAt(const std::uint8_t* row, std::int64_t j, int bits) {
    unsigned code = 0;
    for (int b = 0; b < bits; ++b) {
        const std::int64_t bit = j * bits + b;
        code |= unsigned((row[bit / 8] >> (bit % 8)) & 1u) << b;
    }
    return code;
}

// Weak indices and perm together name every input column exactly once (perm: the non-weak ones).
void checkColumnCover(const ReadLinear& d) {
    std::vector<int> seen(std::size_t(d.cols), 0);
    for (const auto* list : {&d.weakIdx, &d.perm})
        for (std::int32_t c : *list) {
            if (c < 0 || c >= d.cols) fail(d.base + ": column index " + std::to_string(c) + " out of range");
            if (seen[std::size_t(c)]++) fail(d.base + ": column " + std::to_string(c) + " listed twice");
        }
    if (std::int64_t(d.weakIdx.size() + d.perm.size()) != d.cols)
        fail(d.base + ": perm/weak_idx miss columns");
}

// weak_idx, weak_weight and perm; `dense` follows from the weak count.
void readColumns(const RawFile& f, ReadLinear& d) {
    const RawTensor* wi = f.find(d.base + ".weak_idx");
    if (bool(wi) != bool(f.find(d.base + ".weak_weight")))
        fail(d.base + ": weak_idx and weak_weight must come together");
    const std::int64_t k = wi ? wi->numel() : 0;
    d.dense = d.cols - k;
    if (wi) {
        expectTensor(f, d.base + ".weak_idx", "I32", {k});
        const RawTensor& ww = expectTensor(f, d.base + ".weak_weight", "F16", {d.rows, k});
        for (std::int64_t i = 0; i < k; ++i) d.weakIdx.push_back(wi->get<std::int32_t>(i));
        for (std::int64_t i = 0; i < d.rows * k; ++i) {
            d.weakWeight.push_back(fromHalf(ww.get<std::uint16_t>(i)));
            if (!std::isfinite(d.weakWeight.back())) fail(d.base + ": weak weight not finite");
        }
    }
    // Without perm, packed column j is input column j, which only works when nothing is weak.
    d.hasPerm = f.find(d.base + ".perm") != nullptr;
    if (d.hasPerm) {
        const RawTensor& p = expectTensor(f, d.base + ".perm", "I32", {d.dense});
        for (std::int64_t j = 0; j < d.dense; ++j) d.perm.push_back(p.get<std::int32_t>(j));
    } else {
        if (k > 0) fail(d.base + ": weak columns without perm");
        for (std::int64_t j = 0; j < d.dense; ++j) d.perm.push_back(std::int32_t(j));
    }
    checkColumnCover(d);
}

// qweight, scales and qzeros: codes of every row (its zero padding checked), zero points within the bits.
void readQuantized(const RawFile& f, ReadLinear& d) {
    const int bits = d.layout.bits;
    d.nGroups = d.layout.groupSize > 0 ? (d.dense + d.layout.groupSize - 1) / d.layout.groupSize : 1;
    const std::int64_t rowBytes = (d.dense + 31) / 32 * 4 * bits;
    const RawTensor& qw = expectTensor(f, d.base + ".qweight", "U8", {d.rows, rowBytes});
    const RawTensor& sc = expectTensor(f, d.base + ".scales", "F16", {d.rows, d.nGroups});
    const RawTensor& qz = expectTensor(f, d.base + ".qzeros", "U8", {d.rows, d.nGroups});
    for (std::int64_t i = 0; i < d.rows * d.nGroups; ++i) {
        d.scales.push_back(fromHalf(sc.get<std::uint16_t>(i)));
        d.zeros.push_back(qz.get<std::uint8_t>(i));
        if (!std::isfinite(d.scales.back())) fail(d.base + ": scale not finite");
        if (d.zeros.back() > (1u << bits) - 1u)
            fail(d.base + ": zero point " + std::to_string(d.zeros.back()) + " outside the bit range");
    }
    for (std::int64_t r = 0; r < d.rows; ++r) {
        const std::uint8_t* row = qw.data + r * rowBytes;
        for (std::int64_t j = 0; j < d.dense; ++j) d.codes.push_back(std::uint8_t(codeAt(row, j, bits)));
        for (std::int64_t j = d.dense; j < rowBytes * 8 / bits; ++j)
            if (codeAt(row, j, bits) != 0)
                fail(d.base + ": nonzero padding code in row " + std::to_string(r));
    }
}

ReadLinear readLinear(const RawFile& f, const std::string& base, std::int64_t rows, std::int64_t cols,
                      const Layout& layout) {
    if (f.find(base + ".weight")) fail(base + ": a packed linear also has a float .weight");
    if (f.find(base + ".bias")) expectTensor(f, base + ".bias", "F32", {rows});
    ReadLinear d;
    d.base = base;
    d.layout = layout;
    d.rows = rows;
    d.cols = cols;
    readColumns(f, d);
    readQuantized(f, d);
    return d;
}

// W[r, perm[j]] = scale * (code - zero) in float32, the weak columns from weak_weight.
std::vector<float> reconstruct(const ReadLinear& d) {
    std::vector<float> W(std::size_t(d.rows * d.cols), NAN);
    const std::int64_t k = std::int64_t(d.weakIdx.size());
    for (std::int64_t r = 0; r < d.rows; ++r) {
        for (std::int64_t j = 0; j < d.dense; ++j) {
            const std::size_t g = std::size_t(r * d.nGroups + d.group(j));
            W[std::size_t(r * d.cols + d.perm[std::size_t(j)])] =
                d.scales[g] * (float(d.codes[std::size_t(r * d.dense + j)]) - float(d.zeros[g]));
        }
        for (std::int64_t i = 0; i < k; ++i)
            W[std::size_t(r * d.cols + d.weakIdx[std::size_t(i)])] = d.weakWeight[std::size_t(r * k + i)];
    }
    return W;
}

// ---- checks against the source model -------------------------------------------------------------------

// Distance from decoded column c to the nearest other column of `ref` (the source, [rows, cols]) over the
// distance to its own.
double columnMargin(const std::vector<float>& W, const std::vector<float>& ref, const ReadLinear& d,
                    std::int64_t c) {
    double own = 0, other = INFINITY;
    for (std::int64_t s = 0; s < d.cols; ++s) {
        double e = 0;
        for (std::int64_t r = 0; r < d.rows; ++r) {
            const double diff =
                double(W[std::size_t(r * d.cols + c)]) - double(ref[std::size_t(r * d.cols + s)]);
            e += diff * diff;
        }
        if (s == c)
            own = e;
        else
            other = std::min(other, e);
    }
    return own == 0 ? INFINITY : std::sqrt(other / own);
}

// GPTQ's error compensation moves weak and dense columns alike (FORMAT.md: weak_weight is "after GPTQ's
// error compensation"), so neither equals the source, not even rounded to fp16. Every decoded column must
// still be nearer its own source column (rounded to fp16, as weak columns are stored) than any other, which
// a wrong perm or weak_idx would break. Returns the smallest margin.
double checkNearSource(const std::vector<float>& W, const ReadLinear& d, const RawTensor& src) {
    std::vector<float> ref(std::size_t(d.rows * d.cols));
    for (std::size_t i = 0; i < ref.size(); ++i) ref[i] = roundToHalf(src.get<float>(std::int64_t(i)));
    double margin = INFINITY;
    for (std::int64_t c = 0; c < d.cols; ++c) {
        const double m = columnMargin(W, ref, d, c);
        if (!(m > 1))
            fail(d.base + ": decoded column " + std::to_string(c) + " is nearer another source column");
        margin = std::min(margin, m);
    }
    return margin;
}

// RTN has no compensation: every code is clamp(round(w / scale) + zero, 0, 2^bits - 1) of the source weight.
// The file's scale is the quantizer's rounded to fp16 (relative error up to 2^-11, or 2^-25 absolute when
// subnormal), which moves w / scale by at most |w / scale| * that, and |w / scale| <= 2^bits.
void checkRoundedCodes(const ReadLinear& d, const RawTensor& src) {
    const double maxq = double((1u << d.layout.bits) - 1u);
    for (std::int64_t r = 0; r < d.rows; ++r)
        for (std::int64_t j = 0; j < d.dense; ++j) {
            const std::size_t g = std::size_t(r * d.nGroups + d.group(j));
            const double s = d.scales[g];
            const double x = double(src.get<float>(r * d.cols + d.perm[std::size_t(j)])) / s + d.zeros[g];
            const double tol = 0.5 + (maxq + 1) * std::max(std::ldexp(1.0, -11), std::ldexp(1.0, -25) / s);
            const double c = d.codes[std::size_t(r * d.dense + j)];
            const bool ok = (c == 0 || x >= c - tol) && (c == maxq || x <= c + tol);
            if (!ok)
                fail(d.base + ": code " + std::to_string(int(c)) + " at row " + std::to_string(r) +
                     ", packed column " + std::to_string(j) + " is not the rounding of " + std::to_string(x));
        }
}

// ---- the folders ----------------------------------------------------------------------------------------

std::string storiesDir() {
    return owqtest::sharedPath("models/stories260K");
}

const std::vector<std::string> kKinds = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                                         "self_attn.o_proj", "mlp.gate_proj",    "mlp.up_proj",
                                         "mlp.down_proj"};
const std::vector<std::string> kParts = {".qweight",  ".scales",      ".qzeros", ".perm",
                                         ".weak_idx", ".weak_weight", ".bias"};

// The packed folder's quantization_config as FORMAT.md describes it; returns the layout it implies.
Layout readConfig(const json& q, const json& fakeQ, const QuantRecipe& r) {
    // Version 3 exactly when linears have their own bit widths (bits_overrides), else 1.
    const int version = q.contains("bits_overrides") ? 3 : 1;
    if (q.at("quant_method") != "owq" || q.at("format") != "packed" || q.at("format_version") != version)
        fail("packed config.json: " + q.dump());
    if (fakeQ.value("fake_quantized", false) != true || fakeQ.contains("format"))
        fail("fake config.json: " + fakeQ.dump());
    Layout L{q.at("bits").get<int>(), q.at("group_size").get<std::int64_t>()};
    if (L.bits != r.quantizer.bits || L.groupSize != r.quantizer.groupSize || L.bits < 2 || L.bits > 4)
        fail("config.json bits/group_size: " + q.dump());
    if (q.at("act_order") != r.gptq.actOrder || q.at("sym") != r.quantizer.symmetric)
        fail("config.json recipe fields: " + q.dump());
    return L;
}

json quantizationConfig(const std::string& dir) {
    return json::parse(owqtest::readFile(dir + "/config.json")).at("quantization_config");
}

bool isLinearPart(const std::string& name) {
    for (const std::string& p : kParts)
        if (name.size() > p.size() && name.compare(name.size() - p.size(), p.size(), p) == 0) return true;
    return false;
}

// Every tensor that is not a linear's is the source's, byte for byte, and nothing else is in the file.
void checkCopiedTensors(const RawFile& packed, const RawFile& src) {
    for (const auto& [name, t] : src.tensors) {
        if (name.find("_proj.") != std::string::npos) continue; // a linear's weight or bias: written packed
        const RawTensor* p = packed.find(name);
        if (!p || p->dtype != t.dtype || p->shape != t.shape || p->size != t.size ||
            std::memcmp(p->data, t.data, t.size) != 0)
            fail(name + ": not copied unchanged from the source");
    }
    for (const auto& [name, t] : packed.tensors)
        if (!src.find(name) && !isLinearPart(name)) fail(name + ": unexpected tensor in the packed file");
}

// The decoded weights must be the fake-quantized float32 weights bit for bit (see the class comment).
void compareWithFake(const std::vector<float>& W, const ReadLinear& d, const RawFile& fake) {
    const RawTensor& want = expectTensor(fake, d.base + ".weight", "F32", {d.rows, d.cols});
    for (std::int64_t i = 0; i < d.rows * d.cols; ++i)
        if (std::bit_cast<std::uint32_t>(W[std::size_t(i)]) != want.get<std::uint32_t>(i))
            fail(d.base + ": weight [" + std::to_string(i / d.cols) + ", " + std::to_string(i % d.cols) +
                 "] decodes to " + std::to_string(W[std::size_t(i)]) + ", the fake-quantized folder holds " +
                 std::to_string(want.get<float>(i)));
}

struct Counts {
    int linears = 0, withWeak = 0, withPerm = 0;
    std::int64_t weights = 0, linearBytes = 0, linearTensors = 0;
    double columnMargin = INFINITY; // checkNearSource's smallest
    double averageBits = 0;         // quantization_config.average_bits
    std::set<int> widths;           // the linears' bit widths
};

// Reads every linear of the packed folder and checks it against the fake-quantized folder and the source.
Counts checkFolders(const std::string& packedDir, const std::string& fakeDir, const QuantRecipe& recipe) {
    const json q = quantizationConfig(packedDir);
    const Layout L = readConfig(q, quantizationConfig(fakeDir), recipe);
    const RawFile packed = readSafetensors(packedDir + "/model.safetensors");
    const RawFile fake = readSafetensors(fakeDir + "/model.safetensors");
    const RawFile src = readSafetensors(storiesDir() + "/model.safetensors");
    if (packed.metadata.value("owq_format", "") != "packed" ||
        packed.metadata.value("owq_format_version", "") != q.at("format_version").dump())
        fail("safetensors metadata: " + packed.metadata.dump());
    checkCopiedTensors(packed, src);

    Counts n;
    n.averageBits = q.at("average_bits").get<double>();
    const json cfg = json::parse(owqtest::readFile(storiesDir() + "/config.json"));
    for (int l = 0; l < cfg.at("num_hidden_layers").get<int>(); ++l)
        for (const std::string& kind : kKinds) {
            const std::string base = "model.layers." + std::to_string(l) + "." + kind;
            const RawTensor& orig = *src.find(base + ".weight");
            Layout own = L; // a linear of a mixed-precision model has its own width
            if (q.contains("bits_overrides") && q.at("bits_overrides").contains(base))
                own.bits = q.at("bits_overrides").at(base).get<int>();
            const ReadLinear d = readLinear(packed, base, orig.shape.at(0), orig.shape.at(1), own);
            const std::vector<float> W = reconstruct(d);
            compareWithFake(W, d, fake);
            if (recipe.method == Method::RTN) checkRoundedCodes(d, orig);
            // 2-bit codes are too coarse for every column to stay recognisable.
            if (own.bits >= 3) n.columnMargin = std::min(n.columnMargin, checkNearSource(W, d, orig));
            ++n.linears;
            n.withWeak += !d.weakIdx.empty();
            n.withPerm += d.hasPerm;
            n.weights += d.rows * d.cols;
            n.widths.insert(own.bits);
            for (const std::string& p : kParts)
                if (const RawTensor* t = packed.find(base + p)) {
                    n.linearBytes += std::int64_t(t->size);
                    ++n.linearTensors;
                }
        }
    // No linear tensor under a name outside the model's linears.
    for (const auto& [name, t] : packed.tensors) n.linearTensors -= isLinearPart(name);
    if (n.linearTensors != 0) fail("the packed file has tensors of linears the model does not have");
    return n;
}

} // namespace

// The fake-quantized folder comes from the same run: the quantized model's weights dequantized by core from
// the very parts savePacked writes, so the reader here must reproduce them bit for bit. No tolerance is
// needed: an fp16 scale has 11 significant bits and code - zero is an integer of magnitude at most 15 (4
// bits), so their product has at most 15 and is exact in float32, however a reader computes it; the weak
// columns are fp16 values widened, exact too. That comparison proves FORMAT.md describes what core reads; the
// checks against the source model (codes of RTN, columns near their own) catch a writer that core's reader
// would follow.
class TestPackedFormat : public QObject {
    Q_OBJECT

    Counts roundTrip(const QuantRecipe& r, const std::string& tag) {
        LoadOptions load;
        load.deferLayers = true;
        auto lm = LanguageModel::open(storiesDir(), load);
        const QuantReport rep = quantizeModel(*lm, readTextFile(owqtest::sharedPath("data/calib.txt")), r);
        const std::string dir = owqtest::scratchDir(tag);
        savePacked(*lm, rep, dir + "/packed");
        saveFakeQuantized(*lm, rep, dir + "/fake");
        try {
            return checkFolders(dir + "/packed", dir + "/fake", r);
        } catch (const std::exception& e) {
            QTest::qFail(e.what(), __FILE__, __LINE__);
        }
        return {};
    }

    static QuantRecipe small(QuantRecipe r) {
        r.nsamples = 4;
        r.seqlen = 64;
        r.quantizer.mse = false; // OWQ's grid search is most of the run's time and changes no layout
        return r;
    }

private slots:
    // Per channel, weak columns by the target-bit budget: the case FORMAT.md's "Sizes" describes.
    void owqThreeBitPerChannel() {
        OWQ_REQUIRE_SHARED();
        QuantRecipe r = small(QuantRecipe::defaults(Method::OWQ, 3));
        r.targetBits = 3.1;
        const Counts n = roundTrip(r, "packed-format-owq3");
        if (QTest::currentTestFailed()) return;
        QCOMPARE(n.linears, 35);
        QVERIFY(n.withWeak > 0 && n.withPerm == n.withWeak); // perm exactly where columns are weak
        const double bits = 8.0 * double(n.linearBytes) / double(n.weights);
        qInfo(
            "OWQ 3-bit target 3.1: %.3f bits per linear weight on disk, %.3f counted; columns nearest their "
            "own source column by a factor of at least %.2f",
            bits, n.averageBits, n.columnMargin);
        // FORMAT.md, "Sizes": 3.89 bits on disk, 3.41 counted.
        QVERIFY2(std::abs(bits - 3.89) < 0.005, qPrintable(QString::number(bits)));
        QVERIFY2(std::abs(n.averageBits - 3.41) < 0.005, qPrintable(QString::number(n.averageBits)));
    }

    // Groups of 32 over 58 dense columns (a short last group), act-order, weak columns.
    void owqFourBitGroupedActOrder() {
        OWQ_REQUIRE_SHARED();
        QuantRecipe r = small(QuantRecipe::defaults(Method::OWQ, 4));
        r.quantizer.groupSize = 32;
        r.gptq.actOrder = true;
        r.weakColumns = 6;
        const Counts n = roundTrip(r, "packed-format-owq4-g32");
        if (QTest::currentTestFailed()) return;
        QCOMPARE(n.withWeak, n.linears);
        QCOMPARE(n.withPerm, n.linears);
    }

    // No weak columns and no act-order: perm is absent (identity); symmetric zero points are still stored.
    void gptqTwoBitSymmetricGroups() {
        OWQ_REQUIRE_SHARED();
        QuantRecipe r = small(QuantRecipe::defaults(Method::GPTQ, 2));
        r.quantizer.groupSize = 16;
        r.quantizer.symmetric = true;
        const Counts n = roundTrip(r, "packed-format-gptq2-g16");
        if (QTest::currentTestFailed()) return;
        QCOMPARE(n.withWeak, 0);
        QCOMPARE(n.withPerm, 0);
    }

    // Round to nearest: each code follows from the source weight, scale and zero alone, for every bit width
    // (4-bit: two codes a byte; 3-bit: codes straddle bytes; 2-bit: four a byte).
    void rtnCodesAreRoundedSourceWeights() {
        OWQ_REQUIRE_SHARED();
        QuantRecipe r4 = small(QuantRecipe::defaults(Method::RTN, 4));
        r4.quantizer.groupSize = 32;
        roundTrip(r4, "packed-format-rtn4-g32");
        if (QTest::currentTestFailed()) return;
        roundTrip(small(QuantRecipe::defaults(Method::RTN, 3)), "packed-format-rtn3");
        if (QTest::currentTestFailed()) return;
        QuantRecipe r2 = small(QuantRecipe::defaults(Method::RTN, 2));
        r2.quantizer.groupSize = 16;
        r2.quantizer.symmetric = true;
        roundTrip(r2, "packed-format-rtn2-g16-sym");
    }

    // Mixed precision (format version 3): linears at 2 and 4 bits beside 3-bit ones, by bits_overrides.
    // RTN codes follow from the source at each linear's own width; OWQ keeps its weak columns at any width.
    void mixedBitWidths() {
        OWQ_REQUIRE_SHARED();
        for (Method m : {Method::RTN, Method::OWQ}) {
            QuantRecipe r = small(QuantRecipe::defaults(m, 3));
            if (m == Method::OWQ) r.weakColumns = 2;
            r.bitsOverrides = {{"model.layers.0.self_attn.k_proj", 4},
                               {"model.layers.1.mlp.gate_proj", 2},
                               {"model.layers.4.mlp.down_proj", 4}};
            const Counts n =
                roundTrip(r, m == Method::RTN ? "packed-format-rtn-mixed" : "packed-format-owq-mixed");
            if (QTest::currentTestFailed()) return;
            QCOMPARE(n.widths, (std::set<int>{2, 3, 4}));
            // The counted bits follow each linear's width: 3-bit storage plus what the three overrides move.
            const ModelConfig c = LanguageModel::open(storiesDir())->config();
            QuantRecipe uniform = r;
            uniform.bitsOverrides.clear();
            const double weights = double(n.weights);
            // One bit more or less per dense weight and per row's zero point: k_proj 32 x 64 up, gate_proj
            // 172 x 64 down, down_proj 64 x 172 up (OWQ: two columns of each are fp16, not codes).
            const double w = m == Method::OWQ ? 2 : 0;
            const double moved = (32 * (64 - w) + 32) - (172 * (64 - w) + 172) + (64 * (172 - w) + 64);
            QVERIFY2(std::abs(n.averageBits - (averageBitsPerWeight(c, uniform) + moved / weights)) < 1e-4,
                     qPrintable(QString::number(n.averageBits)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPackedFormat)
#include "test_packed_format.moc"
