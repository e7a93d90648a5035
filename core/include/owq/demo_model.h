// The embedded default model: a small LLaMA with its own sentencepiece tokenizer, both trained here on a
// story corpus the project generates itself, so a user with no checkpoint sees the whole product work.
#pragma once

#include "owq/job.h"

#include <cstdint>
#include <string>

namespace owq {

struct DemoModelOptions {
    std::uint64_t seed = 20261126;
    int trainSteps = 0; // 0: the default schedule
    int threads = 0;    // LibTorch intra-op threads for training; 0: one (faster at this model size)
};

struct DemoModelReport {
    std::string dir;
    int stories = 0;
    std::int64_t corpusBytes = 0;
    std::int64_t corpusTokens = 0; // BOS and EOS around each story included
    std::int64_t vocabSize = 0;
    std::int64_t parameters = 0;
    int steps = 0;
    double firstLoss = 0; // cross-entropy (nats/token) of the first training batch
    double finalLoss = 0; // mean cross-entropy of the last 20 training batches
    double corpusSeconds = 0;
    double tokenizerSeconds = 0; // sentencepiece training and encoding the corpus
    double trainSeconds = 0;
    double seconds = 0; // the whole build
};

// Generates `stories` short children's stories from the project's own grammar (deterministic for a seed).
std::string generateStoryCorpus(std::uint64_t seed, int stories);

// Builds the demo model into `dir` (HF layout: config.json, model.safetensors, tokenizer.model,
// tokenizer_config.json, generation_config.json; plus README.md and corpus.txt). Written to a temporary
// sibling folder "<dir>.tmp-<pid>" and renamed at the end (removed on error or cancellation); refuses an
// existing non-empty `dir` (Error InvalidArgument). Progress stages: "corpus", "tokenizer", "train", "save".
// Same seed: byte-identical model.safetensors and tokenizer.model.
DemoModelReport makeDemoModel(const std::string& dir, const DemoModelOptions& options = {},
                              const JobContext& job = {});

// Where setup puts the demo model: $XDG_DATA_HOME/owq-studio/demo-model (~/.local/share/...).
std::string defaultDemoModelDir();

} // namespace owq
