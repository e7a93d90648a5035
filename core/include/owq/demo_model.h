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
    int threads = 0;    // 0: all cores
};

struct DemoModelReport {
    std::string dir;
    std::int64_t corpusBytes = 0;
    std::int64_t vocabSize = 0;
    std::int64_t parameters = 0;
    int steps = 0;
    double firstLoss = 0;
    double finalLoss = 0;
    double seconds = 0;
};

// Generates `stories` short children's stories from the project's own grammar (deterministic for a seed).
std::string generateStoryCorpus(std::uint64_t seed, int stories);

// Builds the demo model into `dir` (HF layout: config.json, model.safetensors, tokenizer.model,
// tokenizer_config.json, generation_config.json). Written to a temporary sibling folder and renamed at the
// end; refuses to overwrite an existing non-empty `dir`. Progress stages: "corpus", "tokenizer", "train".
DemoModelReport makeDemoModel(const std::string& dir, const DemoModelOptions& options = {},
                              const JobContext& job = {});

// Where setup puts the demo model: $XDG_DATA_HOME/owq-studio/demo-model (~/.local/share/...).
std::string defaultDemoModelDir();

} // namespace owq
