// The on-disk progress of a layer-wise quantization run, so that a run killed after layer k continues
// from layer k + 1 and ends with the same model (docs/QUANTIZATION.md, "Resume"). The folder holds
//   state.json              settings, finished layer count, the report so far, the next inputs' file
//   layer-<i>.safetensors   the quantized linears of finished layer i (packed tensors as docs/FORMAT.md
//                           names them, or float32 weights for linears the packed format does not hold)
//   inputs-<k>.f32          the activations entering layer k, float32 [nsamples, seqlen, hidden]
// state.json is written last (atomically), so it only ever names complete files.
#pragma once

#include "model/decoder_model.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "quant/activation_store.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace owq::detail {

class QuantState {
public:
    // `settings`: everything the result depends on (recipe, seqlen, model, calibration text); a resume
    // with other settings is refused. Without resume, `folder` must not exist yet; with it, a missing
    // folder or one without state.json starts from layer 0.
    QuantState(const std::string& folder, bool resume, nlohmann::json settings);

    std::int64_t finishedLayers() const { return finished_; }
    // Diagnostics of the finished layers (linears, layers, seconds so far).
    const QuantReport& report() const { return report_; }
    // Puts finished layer i's quantized linears into the model (its norms come from the checkpoint).
    void restoreLayer(DecoderModel& m, std::size_t i) const;
    // Fills `inputs` with the activations entering the first unfinished layer.
    void restoreInputs(ActivationStore& inputs) const;
    // Records layer i as finished: its linears, the report so far and the next layer's inputs (null after
    // the last layer).
    void layerFinished(DecoderModel& m, std::size_t i, const QuantReport& report, const ActivationStore* next);

private:
    std::filesystem::path dir_;
    nlohmann::json settings_;
    std::int64_t finished_ = 0;
    QuantReport report_;
    std::string inputsFile_; // inside dir_, empty when none
};

// Maps finished layer i's file in a state folder (layer-<i>.safetensors).
std::shared_ptr<SafetensorsFile> openLayerFile(const std::filesystem::path& folder, std::size_t i);

// A copy of tensor `name` of a layer file as `type` (its stored dtype); a Format error naming the file when
// the tensor is missing.
at::Tensor readLayerTensor(const SafetensorsFile& f, const std::string& name, at::ScalarType type);

// Finished linear `base` ("model.layers.3.mlp.up_proj", [rows, cols]) read back from its layer file: packed
// as written, or dense where the packed format did not hold it.
std::shared_ptr<LinearOp> readFinishedLinear(const SafetensorsFile& f, const std::string& base,
                                             std::int64_t rows, std::int64_t cols, int bits,
                                             std::int64_t groupSize, at::Device device);

// FNV-1a 64 of a text, as 16 hex digits (stable across builds, for the settings).
std::string textDigest(const std::string& text);

} // namespace owq::detail
