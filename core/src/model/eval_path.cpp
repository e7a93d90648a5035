// The evaluation path for a model under the memory budget (owq/eval_path.h). Torch-free: owq info calls it
// without loading anything.
#include "owq/eval_path.h"

#include "owq/error.h"
#include "owq/memory_estimate.h"

#include <cstdlib>

namespace owq {

const char* evalPathName(EvalPath p) {
    return p == EvalPath::Layers ? "layers" : "whole";
}

std::uint64_t layerActivationBytes(const ModelConfig& cfg, std::int64_t windows, std::int64_t seqlen) {
    return 2 * std::uint64_t(windows) * std::uint64_t(seqlen) * std::uint64_t(cfg.hiddenSize) * 4;
}

EvalPathChoice chooseEvalPath(const ModelConfig& cfg, std::int64_t seqlen, std::uint64_t heldBytes) {
    if (seqlen <= 0) seqlen = cfg.defaultSeqlen();
    EvalPathChoice c;
    // One window's transient buffers (scores, MLP, logits) on top of what each path keeps loaded.
    const std::uint64_t batch = estimateInferenceMemory(cfg, seqlen).activationBytes;
    c.wholeBytes = estimateLoadBytes(cfg, false) + batch;
    c.layersBytes = estimateLoadBytes(cfg, true) + batch;
    const std::uint64_t avail = availableMemoryBytes();
    c.availableBytes = avail > heldBytes ? avail - heldBytes : (avail > 0 ? 1 : 0);
    const std::string numbers = "the whole model needs about " + formatBytes(c.wholeBytes) + ", " +
                                (c.availableBytes ? formatBytes(c.availableBytes) : std::string("unknown")) +
                                " available";
    if (const char* e = std::getenv("OWQ_EVAL_PATH"); e && *e) {
        const std::string v = e;
        if (v != "layers" && v != "whole")
            throw Error(ErrorKind::InvalidArgument,
                        "OWQ_EVAL_PATH=" + v + " is not an evaluation path: use layers or whole");
        c.forced = true;
        c.path = v == "layers" ? EvalPath::Layers : EvalPath::Whole;
        c.reason = "forced by OWQ_EVAL_PATH=" + v + " (" + numbers + ")";
        return c;
    }
    if (c.availableBytes > 0 && c.wholeBytes > c.availableBytes) {
        c.path = EvalPath::Layers;
        c.reason = numbers + ": one decoder layer at a time, about " + formatBytes(c.layersBytes) +
                   " plus the windows' activations";
    } else {
        c.reason = numbers;
    }
    return c;
}

} // namespace owq
