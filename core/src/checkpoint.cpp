// A Hugging Face model folder: config.json plus one or more safetensors shards. See owq/checkpoint.h.
#include "owq/checkpoint.h"

#include "owq/architecture.h"
#include "owq/error.h"

#include <nlohmann/json.hpp>

#include "packed/head_tensors.h"
#include "packed/packed_tensors.h"
#include "util/text_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace owq {

namespace fs = std::filesystem;

namespace {

using detail::printable;
using detail::shapeString;

using json = nlohmann::json;

constexpr int kMaxJsonDepth = 64;
struct TooDeep {};

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

json readIndex(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(ErrorKind::Io, path + ": cannot read");
    auto cb = [](int depth, json::parse_event_t event, json&) -> bool {
        if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
            depth >= kMaxJsonDepth)
            throw TooDeep{};
        return true;
    };
    try {
        return json::parse(ss.str(), cb, true, false);
    } catch (const TooDeep&) {
        throw Error(ErrorKind::Format,
                    path + ": JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, path + ": not valid JSON: " + printable(e.what()));
    }
}

// A shard name from an index must stay inside the model folder.
bool safeShardName(const std::string& name) {
    if (name.empty() || name.front() == '/') return false;
    for (const auto& part : fs::path(name))
        if (part == "..") return false;
    return true;
}

} // namespace

std::vector<std::pair<std::string, std::vector<std::int64_t>>> expectedTensors(const ModelConfig& cfg) {
    // In the order of the forward pass: what comes before the layers, the layers, then the final norm,
    // projection and head.
    const Architecture& a = architectureOf(cfg);
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> out, after;
    for (TensorSpec& t : globalTensors(cfg)) {
        const bool before = t.name == a.embedName || t.name == a.positionName || t.name == a.projectInName;
        (before ? out : after).emplace_back(std::move(t.name), std::move(t.shape));
    }
    for (std::int64_t i = 0; i < cfg.numLayers; ++i)
        for (TensorSpec& t : layerTensors(cfg, i)) out.emplace_back(std::move(t.name), std::move(t.shape));
    out.insert(out.end(), after.begin(), after.end());
    return out;
}

namespace {

// Older OPT checkpoints on the Hub were saved from the bare decoder ("decoder.layers.0..." rather than
// "model.decoder.layers.0..."), as transformers still loads them: their names get the "model." prefix.
void addMissingModelPrefix(std::map<std::string, TensorRef>& tensors, const ModelConfig& cfg) {
    const std::string& embed = architectureOf(cfg).embedName;
    if (tensors.count(embed) || !tensors.count(embed.substr(6))) return;
    std::map<std::string, TensorRef> renamed;
    for (auto& [name, ref] : tensors)
        renamed[name.rfind("lm_head.", 0) == 0 || name.rfind("model.", 0) == 0 ? name : "model." + name] =
            ref;
    tensors = std::move(renamed);
}

} // namespace

std::shared_ptr<Checkpoint> Checkpoint::open(const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) throw Error(ErrorKind::Io, dir + ": model folder does not exist");
    if (!fs::is_directory(dir, ec)) throw Error(ErrorKind::Io, dir + ": is not a folder");

    auto ck = std::shared_ptr<Checkpoint>(new Checkpoint());
    ck->dir_ = dir;
    const fs::path root(dir);

    const fs::path configPath = root / "config.json";
    if (!isFile(configPath))
        throw Error(ErrorKind::Io, dir + ": config.json is missing (not a Hugging Face model folder?)");
    ck->config_ = loadModelConfig(configPath.string());

    const fs::path indexPath = root / "model.safetensors.index.json";
    const fs::path singlePath = root / "model.safetensors";
    if (isFile(indexPath)) {
        const std::string ip = indexPath.string();
        const json index = readIndex(ip);
        if (!index.is_object()) throw Error(ErrorKind::Format, ip + ": the top level is not a JSON object");
        auto wm = index.find("weight_map");
        if (wm == index.end()) throw Error(ErrorKind::Format, ip + ": 'weight_map' is missing");
        if (!wm->is_object()) throw Error(ErrorKind::Format, ip + ": 'weight_map' is not an object");
        if (wm->empty()) throw Error(ErrorKind::Format, ip + ": 'weight_map' is empty");
        std::map<std::string, std::shared_ptr<SafetensorsFile>> shards;
        for (auto it = wm->begin(); it != wm->end(); ++it) {
            const std::string& name = it.key();
            if (!it.value().is_string())
                throw Error(ErrorKind::Format, ip + ": weight_map entry for tensor '" + printable(name) +
                                                   "' is not a file name");
            const std::string shard = it.value().get<std::string>();
            if (!safeShardName(shard))
                throw Error(ErrorKind::Format, ip + ": shard '" + printable(shard) + "' for tensor '" +
                                                   printable(name) + "' is outside the model folder");
            auto& file = shards[shard];
            if (!file) {
                const fs::path sp = root / shard;
                if (!isFile(sp))
                    throw Error(ErrorKind::Io, ip + ": shard '" + printable(shard) +
                                                   "' (listed for tensor '" + printable(name) +
                                                   "') does not exist in " + dir);
                file = SafetensorsFile::open(sp.string());
                ck->shards_.push_back(sp.string());
            }
            const TensorInfo* info = file->find(name);
            if (!info)
                throw Error(ErrorKind::Format, ip + ": tensor '" + printable(name) +
                                                   "' is listed in shard '" + printable(shard) + "', but " +
                                                   file->path() + " does not contain it");
            ck->tensors_[name] = TensorRef{file, info};
        }
        std::sort(ck->shards_.begin(), ck->shards_.end());
    } else if (isFile(singlePath)) {
        auto file = SafetensorsFile::open(singlePath.string());
        ck->shards_.push_back(singlePath.string());
        for (const auto& info : file->tensors()) ck->tensors_[info.name] = TensorRef{file, &info};
    } else {
        throw Error(ErrorKind::Io,
                    dir + ": no weights found (neither model.safetensors nor model.safetensors.index.json)");
    }

    const ModelConfig& cfg = ck->config_;
    addMissingModelPrefix(ck->tensors_, cfg);
    for (const auto& [name, shape] : expectedTensors(cfg)) {
        if (cfg.quantization.packed && detail::isLinearWeightName(cfg, name)) {
            // ".weight" -> the packed tensors; their contents are checked when the layer is loaded.
            detail::findPackedLinear(*ck, name.substr(0, name.size() - 7), shape[0], shape[1]);
            continue;
        }
        // An int8 head has codes and scales instead of ".weight" (checked below).
        if (cfg.quantization.head == "int8" && name == detail::headTensorName(cfg)) continue;
        auto it = ck->tensors_.find(name);
        if (it == ck->tensors_.end()) {
            if (name == headName(cfg))
                throw Error(ErrorKind::Format,
                            dir + ": tensor '" + name +
                                "' is missing and config.json has tie_word_embeddings false");
            throw Error(ErrorKind::Format, dir + ": required tensor '" + name + "' is missing");
        }
        const TensorInfo& info = *it->second.info;
        if (info.shape != shape)
            throw Error(ErrorKind::Format, it->second.file->path() + ": tensor '" + name + "' has shape " +
                                               shapeString(info.shape) + ", expected " + shapeString(shape) +
                                               " from config.json");
        if (info.dtype != DType::F32 && info.dtype != DType::F16 && info.dtype != DType::BF16)
            throw Error(ErrorKind::Unsupported, it->second.file->path() + ": tensor '" + name +
                                                    "' has dtype " + dtypeName(info.dtype) +
                                                    " (supported: F32, F16, BF16)");
    }
    detail::checkStoredHead(*ck);
    // A tied checkpoint may still carry lm_head.weight; when it does its shape must fit too.
    if (cfg.tieWordEmbeddings) {
        auto it = ck->tensors_.find(headName(cfg));
        const std::vector<std::int64_t> want{cfg.vocabSize, cfg.embedDim()};
        if (it != ck->tensors_.end() && it->second.info->shape != want)
            throw Error(ErrorKind::Format, it->second.file->path() + ": tensor '" + it->first +
                                               "' has shape " + shapeString(it->second.info->shape) +
                                               ", expected " + shapeString(want) + " from config.json");
    }
    return ck;
}

const TensorRef& Checkpoint::tensor(const std::string& name) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end())
        throw Error(ErrorKind::Format, dir_ + ": no tensor '" + name + "' in the checkpoint");
    return it->second;
}

std::vector<std::string> Checkpoint::tensorNames() const {
    std::vector<std::string> names;
    names.reserve(tensors_.size());
    for (const auto& kv : tensors_) names.push_back(kv.first);
    return names;
}

std::vector<float> Checkpoint::readFloat(const std::string& name) const {
    const TensorRef& ref = tensor(name);
    return ref.file->readFloat(*ref.info);
}

std::string Checkpoint::weightDtype() const {
    if (config_.quantization.packed) {
        // Mixed precision: every width the linears use, base first ("OWQ3+4").
        std::string s = "OWQ" + std::to_string(config_.quantization.bits);
        std::set<int> others;
        for (const auto& [name, b] : config_.quantization.linearBits)
            if (b != config_.quantization.bits) others.insert(b);
        for (int b : others)
            s.append("+").append(std::to_string(b)); // not "+" + ...: GCC 12 -Wrestrict false positive
        return s;
    }
    const std::string q = linearName(config_, 0, layerLinears(config_).front().kind) + ".weight";
    auto it = tensors_.find(q);
    if (it != tensors_.end()) return dtypeName(it->second.info->dtype);
    if (!tensors_.empty()) return dtypeName(tensors_.begin()->second.info->dtype);
    return "F32";
}

std::uint64_t Checkpoint::totalBytes() const {
    std::uint64_t total = 0;
    for (const auto& kv : tensors_) total += kv.second.info->nbytes();
    return total;
}

void Checkpoint::dropLayerPages(std::int64_t layer) const {
    const std::string prefix = layerPrefix(config_, layer);
    for (auto it = tensors_.lower_bound(prefix); it != tensors_.end() && it->first.rfind(prefix, 0) == 0;
         ++it)
        dropMappedPages(it->second.file->data(*it->second.info), it->second.info->nbytes());
}

std::string Checkpoint::tokenizerPath() const {
    const fs::path p = fs::path(dir_) / "tokenizer.model";
    return isFile(p) ? p.string() : std::string();
}

} // namespace owq
