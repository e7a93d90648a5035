// A validated view of a Hugging Face model folder: config, tensors over one or more safetensors shards,
// tokenizer location. Tensors are read lazily from the memory maps.
#pragma once

#include "owq/config.h"
#include "owq/safetensors.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace owq {

struct TensorRef {
    std::shared_ptr<SafetensorsFile> file;
    const TensorInfo* info = nullptr;
};

class Checkpoint {
public:
    // Opens `dir`: config.json, model.safetensors or model.safetensors.index.json with its shards.
    // Checks that every tensor the architecture needs is present with the right shape.
    static std::shared_ptr<Checkpoint> open(const std::string& dir);

    const std::string& dir() const { return dir_; }
    const ModelConfig& config() const { return config_; }
    const std::vector<std::string>& shardPaths() const { return shards_; }
    bool has(const std::string& name) const { return tensors_.count(name) != 0; }
    const TensorRef& tensor(const std::string& name) const; // throws Format naming the missing tensor
    std::vector<std::string> tensorNames() const;
    std::vector<float> readFloat(const std::string& name) const;
    // Dtype of the linear weights ("F32", "F16", "BF16"; "OWQ3" etc. for packed OWQ models), and total
    // bytes of tensor data on disk.
    std::string weightDtype() const;
    std::uint64_t totalBytes() const;
    // Path of tokenizer.model in the folder, or empty when there is none.
    std::string tokenizerPath() const;
    // Drops decoder layer `layer`'s tensor pages from resident memory once they have been converted (the
    // mapping is read-only, so they are clean and fault back in if read again): a layer-wise pass over a
    // deferred model then keeps one layer of the checkpoint resident, not every layer it has passed.
    void dropLayerPages(std::int64_t layer) const;

private:
    std::string dir_;
    ModelConfig config_;
    std::vector<std::string> shards_;
    std::map<std::string, TensorRef> tensors_;
};

// Names of the tensors a LLaMA-family model with `cfg` needs, with their shapes.
std::vector<std::pair<std::string, std::vector<std::int64_t>>> expectedTensors(const ModelConfig& cfg);

} // namespace owq
