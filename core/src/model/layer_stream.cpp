#include "model/layer_stream.h"

#include "model/engine_impl.h"
#include "model/packed_linear.h"
#include "owq/error.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/memory_estimate.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sys/stat.h>

namespace owq::detail {

namespace {

bool spillEvaluation(const ModelConfig& cfg, const Windows& w) {
    if (const char* e = std::getenv("OWQ_ACTIVATION_SPILL"); e && *e) return std::string(e) != "0";
    const std::uint64_t avail = availableMemoryBytes();
    return avail > 0 && estimateLoadBytes(cfg, true) + layerActivationBytes(cfg, w.windows, w.seqlen) > avail;
}

// A layer is read long after open (hours into a large model's pass): a shard cut short since then is refused
// naming the file and the tensor, where reading its mapped bytes would end the process with a bus error.
void requireLayerOnDisk(const Checkpoint& ckpt, std::int64_t layer) {
    const std::string prefix = layerPrefix(ckpt.config(), layer);
    std::map<std::string, std::uint64_t> dataStart; // per file: 8 + the header's length
    for (const std::string& name : ckpt.tensorNames()) {
        if (name.rfind(prefix, 0) != 0) continue;
        const TensorRef ref = ckpt.tensor(name);
        const std::string& path = ref.file->path();
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0)
            throw Error(ErrorKind::Io, path + ": cannot read tensor '" + name + "' of decoder layer " +
                                           std::to_string(layer) + ": " + std::strerror(errno));
        if (!dataStart.count(path)) {
            std::uint64_t headerBytes = 0;
            std::ifstream in(path, std::ios::binary);
            in.read(reinterpret_cast<char*>(&headerBytes), 8); // little-endian, as the format says
            dataStart[path] = in ? 8 + headerBytes : 0;
        }
        const std::uint64_t end = dataStart[path] + ref.info->end;
        if (std::uint64_t(st.st_size) < end)
            throw Error(ErrorKind::Format, path + ": tensor '" + name + "' ends at byte " +
                                               std::to_string(end) + " but the file now has " +
                                               std::to_string(st.st_size) +
                                               " bytes (cut short after the model was opened)");
    }
}

// Frees a layer read for one pass: the next use reads it from the checkpoint again (DecoderModel::layer).
void releaseLayer(DecoderLayer& L) {
    std::fill(L.linears.begin(), L.linears.end(), nullptr);
    L.norms = {};
    L.loaded = false;
}

} // namespace

std::unique_ptr<ActivationStore> streamLayers(const LanguageModel& lm, const Windows& w,
                                              const JobContext& job) {
    DecoderModel& m = *lm.impl().model;
    const ModelConfig& cfg = m.config();
    const bool spill = spillEvaluation(cfg, w);
    const auto makeStore = [&] {
        return spill ? std::make_unique<ActivationStore>(w.windows, w.seqlen, cfg.hiddenSize, m.device(),
                                                         activationSpillDir())
                     : std::make_unique<ActivationStore>(w.windows, w.seqlen, cfg.hiddenSize, m.device());
    };
    const std::int64_t layers = std::int64_t(m.layers().size());
    const long long total = (layers + 1) * w.windows;
    // One pass of `what` over every window, a batch (the whole path's) at a time.
    const auto pass = [&](std::int64_t index, const std::string& what, const auto& run) {
        for (std::int64_t i = 0; i < w.windows; i += w.perBatch) {
            job.checkCancel("perplexity");
            run(i, std::min(w.perBatch, w.windows - i));
            job.report({"layers", index * w.windows + i + std::min(w.perBatch, w.windows - i), total, what});
        }
    };
    std::unique_ptr<ActivationStore> in = makeStore();
    pass(0, "embedding", [&](std::int64_t i, std::int64_t b) {
        in->write(i, m.embed(w.data.narrow(0, i, b).to(m.device())));
    });
    if (layers == 0) return in;
    std::unique_ptr<ActivationStore> out = makeStore();
    for (std::int64_t li = 0; li < layers; ++li) {
        const std::size_t l = std::size_t(li);
        const bool own = !m.layerLoaded(l);
        try {
            if (own) requireLayerOnDisk(lm.checkpoint(), li);
            m.loadLayer(l);
            if (own) lm.checkpoint().dropLayerPages(li); // converted: its mapped bytes need not stay resident
            pass(li + 1, "layer " + std::to_string(li + 1) + "/" + std::to_string(layers),
                 [&](std::int64_t i, std::int64_t b) {
                     out->write(i, m.decoderLayer(l, in->read(i, b), 0, nullptr));
                 });
        } catch (...) {
            if (own) releaseLayer(m.layers()[l]);
            throw;
        }
        if (own) releaseLayer(m.layers()[l]);
        std::swap(in, out);
    }
    return in;
}

bool int8ActivationsEvaluated(const LanguageModel& lm) {
    const DecoderModel& m = *lm.impl().model;
    return lm.evalPath() == EvalPath::Whole && m.int8Activations() && m.device().is_cpu() &&
           m.hasPackedLinears() && kernels::roundsActivations(kernels::detectPackedCpuIsa());
}

LogitsSource logitsOf(const LanguageModel& lm, const Windows& w, const JobContext& job) {
    const DecoderModel& m = *lm.impl().model;
    if (int8ActivationsEvaluated(lm)) {
        // Linears packed after the model was opened (quantized in memory) take the setting too.
        lm.impl().model->setInt8Activations(true);
        return [&m, &w](std::int64_t first, std::int64_t count) {
            at::Tensor out = at::empty({count, w.seqlen, m.config().vocabSize}, at::kFloat);
            for (std::int64_t k = 0; k < count; ++k) {
                KvCache cache = m.newCache(1, w.seqlen);
                const at::Tensor ids = w.data.narrow(0, first + k, 1);
                for (std::int64_t t = 0; t < w.seqlen; t += kPackedGemmMaxBatch) {
                    const std::int64_t n = std::min(kPackedGemmMaxBatch, w.seqlen - t);
                    out.select(0, k).narrow(0, t, n).copy_(
                        m.forward(ids.narrow(1, t, n), &cache).select(0, 0));
                }
            }
            return out;
        };
    }
    if (lm.evalPath() == EvalPath::Whole)
        return [&m, &w](std::int64_t first, std::int64_t count) {
            return m.forward(w.data.narrow(0, first, count).to(m.device()));
        };
    std::shared_ptr<ActivationStore> hidden = streamLayers(lm, w, job);
    return
        [&m, hidden](std::int64_t first, std::int64_t count) { return m.head(hidden->read(first, count)); };
}

} // namespace owq::detail
