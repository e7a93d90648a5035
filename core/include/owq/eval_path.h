// Which way perplexity and KL divergence run (docs/EVALUATION.md): the whole model in memory, or layer by
// layer for models larger than memory (one decoder layer's weights at a time, every window's activations in
// memory or spilled to disk). Both give the same numbers; the choice is only about memory.
#pragma once

#include "owq/config.h"

#include <cstdint>
#include <string>

namespace owq {

enum class EvalPath { Whole, Layers };

const char* evalPathName(EvalPath p); // "whole" | "layers"

struct EvalPathChoice {
    EvalPath path = EvalPath::Whole;
    std::uint64_t wholeBytes = 0;  // the whole path: every weight (float32 or packed) and one batch's buffers
    std::uint64_t layersBytes = 0; // the layer path without the windows' activations (layerActivationBytes)
    std::uint64_t availableBytes = 0; // the budget it was compared with (0: unknown)
    bool forced = false;              // by OWQ_EVAL_PATH
    std::string reason;               // one sentence with the numbers, for owq info and logs
};

// Whole when the model fits the memory budget (availableMemoryBytes minus `heldBytes`, memory something else
// already holds, e.g. the other model of a KL divergence), layers otherwise. OWQ_EVAL_PATH=layers|whole
// forces either (InvalidArgument for another value). seqlen 0: the model's default.
EvalPathChoice chooseEvalPath(const ModelConfig& cfg, std::int64_t seqlen = 0, std::uint64_t heldBytes = 0);

// The layer path's two activation buffers [windows, seqlen, hidden] float32 (in memory, or on disk when
// spilled).
std::uint64_t layerActivationBytes(const ModelConfig& cfg, std::int64_t windows, std::int64_t seqlen);

} // namespace owq
