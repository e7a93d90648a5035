// Writers of quantized model folders: the packed OWQ format (docs/FORMAT.md) and fake-quantized float32.
// Both build the folder in a StagingFolder (renamed into place when complete), so a failure (disk full,
// cancel) never leaves a half-written model where the user asked for one.
#include "model/compact_head.h"
#include "model/engine_impl.h"
#include "model/packed_linear.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"
#include "packed/head_tensors.h"
#include "packed/packed_tensors.h"
#include "quant/quant_state.h"
#include "util/staging_folder.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>

namespace fs = std::filesystem;
using nlohmann::json;

namespace owq {

namespace {

// Holds the CPU tensors whose bytes a TensorToWrite points at.
struct TensorList {
    std::vector<at::Tensor> keep;
    std::vector<TensorToWrite> writes;

    void add(const std::string& name, DType dtype, const at::Tensor& t) {
        at::Tensor c = t.to(at::kCPU).contiguous();
        keep.push_back(c);
        writes.push_back({name, dtype, c.sizes().vec(), c.data_ptr(), std::size_t(c.nbytes())});
    }
    // The source checkpoint's bytes, unchanged (dtype and all).
    void copy(const Checkpoint& ckpt, const std::string& name) {
        const TensorRef& r = ckpt.tensor(name);
        writes.push_back({name, r.info->dtype, r.info->shape, r.file->data(*r.info), r.info->nbytes(), true});
    }
    // Finished layer i's packed linears from its state layer file, in the order (and so with the bytes)
    // the in-memory path writes them; a float32 ".weight" there is a linear the packed format cannot hold.
    template <typename NotPacked>
    void copyLayer(const ModelConfig& cfg, const SafetensorsFile& f, std::size_t i, NotPacked notPacked) {
        for (const LinearSpec& spec : layerLinears(cfg)) {
            const std::string base = layerPrefix(cfg, std::int64_t(i)) + spec.path;
            if (f.find(base + ".weight")) throw notPacked(base);
            for (const char* part : {detail::kQWeight, detail::kScales, detail::kQZeros, detail::kPerm,
                                     detail::kWeakIdx, detail::kWeakWeight, ".bias"})
                if (const TensorInfo* info = f.find(base + part))
                    writes.push_back(
                        {info->name, info->dtype, info->shape, f.data(*info), info->nbytes(), true});
        }
    }
};

// The head as --head stores it (recipe.head; not Source): F32 ".weight", BF16 ".weight", or int8 codes and
// per-row scales under the head's base name (the embedding's when tied).
void addHead(TensorList& t, const Checkpoint& src, HeadFormat format) {
    const ModelConfig& cfg = src.config();
    const at::Tensor w = detail::loadFloatTensor(src, detail::headTensorName(cfg), at::kCPU);
    if (format == HeadFormat::F32) return t.add(detail::headTensorName(cfg), DType::F32, w);
    const auto h = detail::CompactHead::fromFloat(w, format);
    if (format == HeadFormat::BF16) return t.add(detail::headTensorName(cfg), DType::BF16, h->bf16());
    t.add(detail::headBaseName(cfg) + detail::kHeadCodes, DType::I8, h->codes());
    t.add(detail::headBaseName(cfg) + detail::kHeadScales, DType::F32, h->scales());
}

// A fake-quantized folder with --head holds the float32 values the packed head would: the head's entry of
// `t` is replaced by them.
void roundTripHead(TensorList& t, const Checkpoint& src, HeadFormat format) {
    if (format == HeadFormat::Source || format == HeadFormat::F32) return;
    const std::string name = detail::headTensorName(src.config());
    for (TensorToWrite& w : t.writes) {
        if (w.name != name) continue;
        const at::Tensor v =
            detail::CompactHead::fromFloat(detail::loadFloatTensor(src, name, at::kCPU), format)
                ->denseWeight()
                .contiguous();
        t.keep.push_back(v);
        w = {name, DType::F32, v.sizes().vec(), v.data_ptr(), std::size_t(v.nbytes())};
    }
}

// Builds the folder in a StagingFolder: `fill` writes the weights and adjusts config/quantization_config,
// then config.json, the tokenizer files and the diagnostics follow, and the folder is renamed to `dir`.
// Cancel is checked before and after the weights and before the rename.
template <typename Fill>
void writeModelFolder(const LanguageModel& lm, const QuantReport& report, const std::string& dir,
                      const JobContext& job, Fill fill) {
    detail::StagingFolder stage(dir, "", "quantized model");
    const fs::path& tmp = stage.path();
    const char* what = "saving the quantized model";
    try {
        job.report({"save", 0, 3, "weights"});
        job.checkCancel(what);
        const fs::path src = lm.checkpoint().dir();
        std::ifstream in(src / "config.json");
        json cfg = json::parse(in);
        json qc = json::parse(report.recipe.toJson());
        qc["quant_method"] = "owq";
        qc["average_bits"] = report.averageBits;
        fill(tmp, cfg, qc);
        job.report({"save", 1, 3, "config"});
        job.checkCancel(what);
        cfg["quantization_config"] = qc;
        writeFileAtomic((tmp / "config.json").string(), cfg.dump(2));
        detail::copyTokenizerFiles(src, tmp);
        writeFileAtomic((tmp / "owq_diagnostics.json").string(), report.toJson());
        job.report({"save", 2, 3, "rename"});
        job.checkCancel(what);
        stage.commit();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ErrorKind::Io,
                    stage.target().string() + ": writing the quantized model failed: " + e.what());
    }
}

// The fake-quantized tensors of a run whose finished layers live in its state folder, in exportWeights'
// order (and so with its bytes): each decoder layer's linears are read back from its layer file and
// dequantized one at a time as the writer reaches them, so memory holds one float32 matrix, not the model.
void addStreamedFakeWeights(TensorList& t, detail::DecoderModel& m, const Checkpoint& src,
                            const std::string& stateFolder, const QuantRecipe& recipe,
                            const JobContext& job) {
    auto f32 = [&](const std::string& name, std::vector<std::int64_t> shape,
                   std::function<at::Tensor()> get) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        TensorToWrite w{name, DType::F32, shape, nullptr, std::size_t(n) * sizeof(float)};
        w.fill = [get = std::move(get), shape](void* out) {
            at::from_blob(out, shape, at::kFloat).copy_(get());
        };
        t.writes.push_back(std::move(w));
    };
    // The layer file being read (one mapped at a time; layers are written in order).
    struct Cursor {
        std::size_t layer = std::size_t(-1);
        std::shared_ptr<SafetensorsFile> file;
    };
    auto cursor = std::make_shared<Cursor>();
    auto layerFile = [cursor, stateFolder](std::size_t i) -> const SafetensorsFile& {
        if (cursor->layer != i) {
            cursor->file.reset();
            cursor->file = detail::openLayerFile(stateFolder, i);
            cursor->layer = i;
        }
        return *cursor->file;
    };

    const ModelConfig& cfg = m.config();
    for (const auto& [name, w] : m.globalWeights()) t.add(name, DType::F32, w);
    for (std::size_t i = 0; i < m.layers().size(); ++i) {
        const std::string prefix = layerPrefix(cfg, std::int64_t(i));
        for (const NormSpec& n : layerNorms(cfg))
            for (const char* part : {".weight", ".bias"}) {
                const std::string name = prefix + n.path + part;
                if (part[1] == 'b' && !n.bias) continue;
                f32(name, {n.size}, [&src, name] { return detail::loadFloatTensor(src, name, at::kCPU); });
            }
        const SafetensorsFile& f = layerFile(i); // which linears have a bias is known now
        for (const LinearSpec& spec : layerLinears(cfg)) {
            const std::string base = prefix + spec.path;
            const std::vector<std::int64_t> shape = src.tensor(base + ".weight").info->shape;
            f32(base + ".weight", shape, [=, &recipe, &job] {
                job.checkCancel("saving the quantized model"); // a 7B float32 model is ~27 GB to write
                const QuantizerConfig q = linearQuantizer(recipe, base);
                return detail::readFinishedLinear(layerFile(i), base, shape[0], shape[1], q.bits, q.groupSize,
                                                  at::kCPU)
                    ->denseWeight();
            });
            if (f.find(base + ".bias"))
                f32(base + ".bias", {shape[0]},
                    [=] { return detail::readLayerTensor(layerFile(i), base + ".bias", at::kFloat); });
        }
    }
}

} // namespace

void saveFakeQuantized(const LanguageModel& lm, const QuantReport& report, const std::string& dir,
                       const JobContext& job, const std::string& stateFolder) {
    writeModelFolder(lm, report, dir, job, [&](const fs::path& tmp, json& cfg, json& qc) {
        // Every tensor in float32; quantized linears hold their dequantized values.
        TensorList t;
        if (!stateFolder.empty())
            addStreamedFakeWeights(t, *lm.impl().model, lm.checkpoint(), stateFolder, report.recipe, job);
        else
            for (const auto& [name, w] : lm.impl().model->exportWeights())
                t.add(name, DType::F32, w.to(at::kFloat));
        roundTripHead(t, lm.checkpoint(), report.recipe.head);
        writeSafetensors((tmp / "model.safetensors").string(), t.writes, {{"format", "pt"}});
        cfg["torch_dtype"] = "float32";
        qc["fake_quantized"] = true;
    });
}

void savePacked(const LanguageModel& lm, const QuantReport& report, const std::string& dir,
                const JobContext& job, const std::string& stateFolder) {
    detail::DecoderModel& m = *lm.impl().model;
    const Checkpoint& src = lm.checkpoint();
    writeModelFolder(lm, report, dir, job, [&](const fs::path& tmp, json&, json& qc) {
        TensorList t;
        std::vector<std::shared_ptr<SafetensorsFile>> layerFiles; // mapped while the file is written
        const HeadFormat head = report.recipe.head;
        for (const std::string& name : src.tensorNames()) {
            if (detail::isLinearWeightName(src.config(), name)) continue;
            if (head != HeadFormat::Source && name == detail::headTensorName(src.config())) {
                addHead(t, src, head);
                continue;
            }
            // A tied source's spare lm_head.weight would only take space beside the cheaper head.
            if (head != HeadFormat::Source && src.config().tieWordEmbeddings &&
                name == headName(src.config()))
                continue;
            const bool linearBias =
                name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0 &&
                detail::isLinearWeightName(src.config(), name.substr(0, name.size() - 5) + ".weight");
            if (!linearBias) t.copy(src, name); // embeddings, norms, head: exactly as they were
        }
        auto notPacked = [&](const std::string& base) {
            return Error(ErrorKind::Unsupported,
                         base + " is not held in the packed format (" +
                             std::to_string(linearQuantizer(report.recipe, base).bits) +
                             "-bit, or static groups with weak columns); save it fake-quantized (--fake)");
        };
        for (std::size_t i = 0; i < m.layers().size(); ++i) {
            if (!stateFolder.empty()) {
                layerFiles.push_back(detail::openLayerFile(stateFolder, i));
                t.copyLayer(m.config(), *layerFiles.back(), i, notPacked);
                continue;
            }
            for (const auto& [proj, op] : detail::linearsOf(m.layers()[i])) {
                const std::string base = layerPrefix(m.config(), std::int64_t(i)) + proj;
                auto* packed = dynamic_cast<const detail::PackedLinear*>(op->get());
                if (!packed) throw notPacked(base);
                const detail::PackedParts& p = packed->parts();
                t.add(base + detail::kQWeight, DType::U8, p.qweight);
                t.add(base + detail::kScales, DType::F16, p.scales);
                t.add(base + detail::kQZeros, DType::U8, p.zeros);
                if (p.perm.defined()) t.add(base + detail::kPerm, DType::I32, p.perm);
                if (p.weak() > 0) {
                    t.add(base + detail::kWeakIdx, DType::I32, p.weakIdx);
                    t.add(base + detail::kWeakWeight, DType::F16, p.weakWeight);
                }
                if (p.bias.defined()) t.add(base + ".bias", DType::F32, p.bias);
            }
        }
        // Version 1 unless the head's int8 tensors need 2 or bit widths per linear need 3 (docs/FORMAT.md,
        // Compatibility).
        const int version = !report.recipe.bitsOverrides.empty() ? kPackedFormatVersionMixedBits
                            : head == HeadFormat::Int8           ? kPackedFormatVersionInt8Head
                                                                 : kPackedFormatVersion;
        writeSafetensors(
            (tmp / "model.safetensors").string(), t.writes,
            {{"format", "pt"}, {"owq_format", "packed"}, {"owq_format_version", std::to_string(version)}});
        qc["format"] = "packed";
        qc["format_version"] = version;
    });
}

} // namespace owq
