// The torch-free half of the exporters (the folder itself is a StagingFolder, util/staging_folder.h): a
// safetensors writer that splits a planned list of tensors into shards
// (model-00001-of-0000N.safetensors + model.safetensors.index.json) above a size limit, producing each
// tensor's bytes only when its shard is written so that no more than one shard is in memory at a time.
#pragma once

#include "owq/job.h"
#include "owq/safetensors.h"
#include "util/staging_folder.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace owq::detail {

// Bytes of one tensor; `keep` owns whatever `data` points into.
struct Blob {
    const void* data = nullptr;
    std::size_t size = 0;
    std::shared_ptr<const void> keep;
};

struct PlannedTensor {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::function<Blob()> produce; // called once, when the tensor's shard is written

    std::uint64_t nbytes() const;
};

// Counts written tensors for the "export" progress stage and checks the cancel token between them.
struct ExportProgress {
    const JobContext* job = nullptr;
    long long done = 0, total = 0;
    void step(const std::string& message);
    void check() const;
};

// Orders tensors as a Hugging Face checkpoint does: embeddings, then decoder layers by number, then the
// final norm and the head; alphabetical within each (stable).
void sortTensorsByLayer(std::vector<PlannedTensor>& tensors);

// Writes `tensors` (in order) into `dir` as `<base>.safetensors`, or, when their total exceeds
// `maxShardBytes`, as `<base>-0000i-of-0000n.safetensors` shards plus `<base>.safetensors.index.json`
// ({"metadata": {"total_size"}, "weight_map"}). A shard holds whole tensors; a tensor larger than the
// limit gets a shard of its own. Returns the file names written (relative to `dir`).
std::vector<std::string> writeShardedSafetensors(const std::filesystem::path& dir, const std::string& base,
                                                 std::vector<PlannedTensor>& tensors,
                                                 std::uint64_t maxShardBytes,
                                                 const std::map<std::string, std::string>& metadata,
                                                 ExportProgress& progress);

} // namespace owq::detail
