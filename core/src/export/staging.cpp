#include "export/staging.h"

#include "owq/error.h"
#include "owq/text_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <limits>
#include <unistd.h>

namespace fs = std::filesystem;

namespace owq::detail {

namespace {

// Position of a tensor in a Hugging Face checkpoint: embeddings, layers by number, everything else.
std::pair<long long, int> layerRank(const std::string& name) {
    static const std::string layers = "model.layers.";
    if (name.rfind("model.embed_tokens.", 0) == 0) return {-1, 0};
    if (name.rfind(layers, 0) == 0) {
        long long n = 0;
        std::size_t i = layers.size();
        bool digits = false;
        for (; i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
            n = n * 10 + (name[i] - '0');
            digits = true;
        }
        if (digits) return {n, 0};
    }
    return {std::numeric_limits<long long>::max(), name.rfind("lm_head.", 0) == 0 ? 1 : 0};
}

} // namespace

std::uint64_t PlannedTensor::nbytes() const {
    std::uint64_t n = dtypeSize(dtype);
    for (std::int64_t d : shape) n *= std::uint64_t(d);
    return n;
}

void ExportProgress::step(const std::string& message) {
    ++done;
    if (job) job->report({"export", done, total, message});
}

void ExportProgress::check() const {
    if (job) job->checkCancel("export");
}

void sortTensorsByLayer(std::vector<PlannedTensor>& tensors) {
    std::stable_sort(tensors.begin(), tensors.end(), [](const PlannedTensor& a, const PlannedTensor& b) {
        const auto ra = layerRank(a.name), rb = layerRank(b.name);
        if (ra != rb) return ra < rb;
        return a.name < b.name;
    });
}

std::vector<std::string> writeShardedSafetensors(const fs::path& dir, const std::string& base,
                                                 std::vector<PlannedTensor>& tensors,
                                                 std::uint64_t maxShardBytes,
                                                 const std::map<std::string, std::string>& metadata,
                                                 ExportProgress& progress) {
    if (maxShardBytes == 0)
        throw Error(ErrorKind::InvalidArgument, "the maximum shard size must be positive");
    std::vector<std::vector<std::size_t>> shards;
    std::uint64_t current = 0, total = 0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const std::uint64_t n = tensors[i].nbytes();
        if (shards.empty() || (!shards.back().empty() && current + n > maxShardBytes)) {
            shards.emplace_back();
            current = 0;
        }
        shards.back().push_back(i);
        current += n;
        total += n;
    }
    if (shards.empty()) shards.emplace_back();

    std::vector<std::string> files;
    nlohmann::ordered_json weightMap = nlohmann::ordered_json::object();
    for (std::size_t s = 0; s < shards.size(); ++s) {
        std::string file = base + ".safetensors";
        if (shards.size() > 1) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "-%05zu-of-%05zu.safetensors", s + 1, shards.size());
            file = base + buf;
        }
        std::vector<Blob> blobs;
        std::vector<TensorToWrite> writes;
        for (std::size_t i : shards[s]) {
            progress.check();
            PlannedTensor& t = tensors[i];
            Blob b = t.produce();
            t.produce = nullptr; // whatever the producer captured may go now
            if (b.size != t.nbytes())
                throw Error(ErrorKind::Io, "export: tensor '" + t.name + "' came out as " +
                                               std::to_string(b.size) + " bytes instead of " +
                                               std::to_string(t.nbytes()) + " (a bug: please report it)");
            writes.push_back({t.name, t.dtype, t.shape, b.data, b.size});
            blobs.push_back(std::move(b));
            weightMap[t.name] = file;
            progress.step(file + ": " + t.name);
        }
        progress.check();
        writeSafetensors((dir / file).string(), writes, metadata);
        files.push_back(file);
    }
    if (shards.size() > 1) {
        nlohmann::ordered_json index;
        index["metadata"] = {{"total_size", total}};
        index["weight_map"] = std::move(weightMap);
        const std::string indexFile = base + ".safetensors.index.json";
        writeFileAtomic((dir / indexFile).string(), index.dump(2) + "\n");
        files.push_back(indexFile);
    }
    return files;
}

} // namespace owq::detail
