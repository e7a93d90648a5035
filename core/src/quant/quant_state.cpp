#include "quant/quant_state.h"

#include "model/packed_linear.h"
#include "model/stored_tensor.h"
#include "owq/error.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "packed/packed_tensors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace owq::detail {

namespace {

constexpr const char* kStateFormat = "owq-quantize-state";
constexpr int kStateVersion = 1;

// Keys whose values differ between two settings objects (nested one level: "recipe.bits").
std::string differences(const json& a, const json& b) {
    std::string out;
    auto add = [&](const std::string& k) { out += (out.empty() ? "" : ", ") + k; };
    for (auto it = a.begin(); it != a.end(); ++it) {
        if (!b.contains(it.key())) {
            add(it.key());
        } else if (it->is_object() && b[it.key()].is_object()) {
            for (auto jt = it->begin(); jt != it->end(); ++jt)
                if (!b[it.key()].contains(jt.key()) || b[it.key()][jt.key()] != *jt)
                    add(it.key() + "." + jt.key());
        } else if (*it != b[it.key()]) {
            add(it.key());
        }
    }
    for (auto it = b.begin(); it != b.end(); ++it)
        if (!a.contains(it.key())) add(it.key());
    return out;
}

void writeRaw(const fs::path& path, const ActivationStore& s) {
    const fs::path tmp = path.string() + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error(ErrorKind::Io, tmp.string() + ": cannot create: " + std::strerror(errno));
    bool ok = true;
    for (std::int64_t i = 0; i < s.samples() && ok; ++i) {
        const at::Tensor c = s.read(i, 1).to(at::kCPU).contiguous();
        ok = std::fwrite(c.data_ptr(), 1, std::size_t(c.nbytes()), f) == std::size_t(c.nbytes());
    }
    const int err = errno;
    ok = std::fflush(f) == 0 && ok;
    std::fclose(f);
    if (!ok) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw Error(ErrorKind::Io, tmp.string() + ": writing the resume state failed: " + std::strerror(err));
    }
    fs::rename(tmp, path);
}

} // namespace

std::string textDigest(const std::string& text) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)h);
    return buf;
}

at::Tensor readLayerTensor(const SafetensorsFile& f, const std::string& name, at::ScalarType type) {
    const TensorInfo* info = f.find(name);
    if (!info) throw Error(ErrorKind::Format, f.path() + ": no tensor " + name);
    return copyStoredTensor(f, *info, type);
}

std::shared_ptr<SafetensorsFile> openLayerFile(const fs::path& folder, std::size_t i) {
    return SafetensorsFile::open((folder / ("layer-" + std::to_string(i) + ".safetensors")).string());
}

QuantState::QuantState(const std::string& folder, bool resume, json settings)
    : dir_(folder), settings_(std::move(settings)) {
    std::error_code ec;
    const fs::path statePath = dir_ / "state.json";
    if (fs::exists(dir_, ec) && !resume)
        throw Error(ErrorKind::InvalidArgument,
                    dir_.string() + " holds an unfinished quantization run; continue it with --resume (same "
                                    "settings) or delete the folder");
    if (resume && fs::exists(statePath, ec)) {
        const json st = json::parse(readTextFile(statePath.string()));
        if (st.value("format", "") != kStateFormat || st.value("version", 0) != kStateVersion)
            throw Error(ErrorKind::Format, statePath.string() + ": not an OWQ quantize state (version " +
                                               std::to_string(kStateVersion) + ")");
        if (st.at("settings") != settings_)
            throw Error(
                ErrorKind::InvalidArgument,
                dir_.string() + " was started with other settings (" +
                    differences(st.at("settings"), settings_) +
                    "); resume with the same model, calibration text and options, or delete the folder "
                    "to start over");
        finished_ = st.at("finished_layers").get<std::int64_t>();
        report_ = QuantReport::fromJson(st.at("report").dump());
        inputsFile_ = st.value("inputs", "");
        return;
    }
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
    if (ec) throw Error(ErrorKind::Io, dir_.string() + ": cannot create: " + ec.message());
}

std::shared_ptr<LinearOp> readFinishedLinear(const SafetensorsFile& f, const std::string& base,
                                             std::int64_t rows, std::int64_t cols, int bits,
                                             std::int64_t groupSize, at::Device device) {
    const at::Tensor bias =
        f.find(base + ".bias") ? readLayerTensor(f, base + ".bias", at::kFloat) : at::Tensor();
    if (!f.find(base + kQWeight))
        return std::make_shared<DenseLinear>(readLayerTensor(f, base + ".weight", at::kFloat).to(device),
                                             bias.defined() ? bias.to(device) : bias);
    PackedParts p;
    p.bits = bits;
    p.rows = rows;
    p.cols = cols;
    p.groupSize = groupSize;
    p.qweight = readLayerTensor(f, base + kQWeight, at::kByte);
    p.scales = readLayerTensor(f, base + kScales, at::kHalf);
    p.zeros = readLayerTensor(f, base + kQZeros, at::kByte);
    if (f.find(base + kPerm)) p.perm = readLayerTensor(f, base + kPerm, at::kInt);
    const bool weak = f.find(base + kWeakIdx) != nullptr;
    p.weakIdx = weak ? readLayerTensor(f, base + kWeakIdx, at::kInt) : at::empty({0}, at::kInt);
    p.weakWeight =
        weak ? readLayerTensor(f, base + kWeakWeight, at::kHalf) : at::empty({p.rows, 0}, at::kHalf);
    p.bias = bias;
    return std::make_shared<PackedLinear>(std::move(p), device);
}

void QuantState::restoreLayer(DecoderModel& m, std::size_t i) const {
    auto f = openLayerFile(dir_, i);
    m.loadLayer(i); // norms (and, briefly, the float linears replaced below)
    for (auto& [proj, op] : linearsOf(m.layers()[i])) {
        const std::string base = layerPrefix(m.config(), std::int64_t(i)) + proj;
        const QuantizerConfig q = linearQuantizer(report_.recipe, base); // mixed precision: its own bits
        *op = readFinishedLinear(*f, base, (*op)->outFeatures(), (*op)->inFeatures(), q.bits, q.groupSize,
                                 m.device());
    }
}

void QuantState::restoreInputs(ActivationStore& inputs) const {
    const fs::path path = dir_ / inputsFile_;
    std::ifstream in(path, std::ios::binary);
    if (inputsFile_.empty() || !in) throw Error(ErrorKind::Format, path.string() + ": missing resume inputs");
    for (std::int64_t s = 0; s < inputs.samples(); ++s) {
        at::Tensor t = at::empty({1, inputs.seqlen(), inputs.hidden()}, at::kFloat);
        if (!in.read(static_cast<char*>(t.data_ptr()), std::streamsize(t.nbytes())))
            throw Error(ErrorKind::Format, path.string() + ": shorter than its " +
                                               std::to_string(inputs.samples()) + " calibration windows");
        inputs.write(s, t);
    }
}

void QuantState::layerFinished(DecoderModel& m, std::size_t i, const QuantReport& report,
                               const ActivationStore* next) {
    std::vector<at::Tensor> keep;
    std::vector<TensorToWrite> writes;
    auto add = [&](const std::string& name, DType dtype, const at::Tensor& t) {
        keep.push_back(t.to(at::kCPU).contiguous());
        writes.push_back({name, dtype, keep.back().sizes().vec(), keep.back().data_ptr(),
                          std::size_t(keep.back().nbytes())});
    };
    for (auto& [proj, op] : linearsOf(m.layers()[i])) {
        const std::string base = layerPrefix(m.config(), std::int64_t(i)) + proj;
        if (auto* packed = dynamic_cast<const PackedLinear*>(op->get())) {
            const PackedParts& p = packed->parts();
            add(base + kQWeight, DType::U8, p.qweight);
            add(base + kScales, DType::F16, p.scales);
            add(base + kQZeros, DType::U8, p.zeros);
            if (p.perm.defined()) add(base + kPerm, DType::I32, p.perm);
            if (p.weak() > 0) {
                add(base + kWeakIdx, DType::I32, p.weakIdx);
                add(base + kWeakWeight, DType::F16, p.weakWeight);
            }
        } else {
            add(base + ".weight", DType::F32, (*op)->denseWeight().to(at::kFloat));
        }
        if ((*op)->biasVector().defined())
            add(base + ".bias", DType::F32, (*op)->biasVector().to(at::kFloat));
    }
    writeSafetensors((dir_ / ("layer-" + std::to_string(i) + ".safetensors")).string(), writes);
    const std::string oldInputs = inputsFile_;
    inputsFile_.clear();
    if (next) {
        inputsFile_ = "inputs-" + std::to_string(i + 1) + ".f32";
        writeRaw(dir_ / inputsFile_, *next);
    }
    finished_ = std::int64_t(i) + 1;
    report_ = report;
    const json st = {{"format", kStateFormat}, {"version", kStateVersion},
                     {"settings", settings_},  {"finished_layers", finished_},
                     {"inputs", inputsFile_},  {"report", json::parse(report.toJson())}};
    writeFileAtomic((dir_ / "state.json").string(), st.dump(1));
    std::error_code ec;
    if (!oldInputs.empty() && oldInputs != inputsFile_) fs::remove(dir_ / oldInputs, ec);
}

} // namespace owq::detail
