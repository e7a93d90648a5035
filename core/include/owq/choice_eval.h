// Multiple-choice task accuracy as lm-evaluation-harness scores HellaSwag, ARC or PIQA: every choice's
// continuation log-likelihood given the context, acc (argmax of the sums) and acc_norm (argmax of the sums
// divided by each choice's length in characters), on a user's JSONL file of {"context", "choices", "label"}.
// Definitions in docs/EVALUATION.md.
#pragma once

#include "owq/engine.h"
#include "owq/job.h"

#include <cstdint>
#include <string>
#include <vector>

namespace owq {

struct ChoiceItem {
    std::string context;
    std::vector<std::string> choices;
    int label = 0; // index of the right choice
    int line = 0;  // 1-based line of the JSONL file (0: not from a file)
};

struct ChoiceTasks {
    std::string file;   // the file's name, as the caller names it
    std::string digest; // FNV-1a 64 of the file's bytes, 16 hex digits
    std::vector<ChoiceItem> items;
};

// Reads a JSONL file: one object per non-blank line with "context" (string), "choices" (array of at least
// two strings) and "label" (integer index into choices). Throws Io when unreadable, Format naming the file
// and line for a line that is not JSON, lacks a field, has one of the wrong type, a label out of range, or
// an empty choice, and when the file holds no item.
ChoiceTasks readChoiceTasks(const std::string& path);
// The same from the file's text (`name` goes into the messages).
ChoiceTasks parseChoiceTasks(const std::string& text, const std::string& name);

struct ChoiceOptions {
    // Put between context and choice, as lm-eval's target_delimiter (its default " "); not counted in
    // acc_norm's length.
    std::string delimiter = " ";
};

struct ChoiceItemScore {
    std::vector<double> logLikelihoods; // summed log-probability of each choice's continuation tokens (nats)
    std::vector<int> tokens;            // continuation tokens of each choice
    int pred = 0;                       // argmax of logLikelihoods (the first on ties)
    int predNorm = 0;                   // argmax of logLikelihoods / characters of the choice
    bool correct = false, correctNorm = false;
};

struct ChoiceResult {
    std::string file, digest;
    std::int64_t n = 0;   // items
    double acc = 0;       // fraction of items whose most likely choice is the label
    double accNorm = 0;   // the same with length-normalised likelihoods
    double accStderr = 0; // standard error of the mean over items (sample standard deviation / sqrt(n))
    double accNormStderr = 0;
    std::int64_t sequences = 0; // forward sequences run (one per choice)
    double seconds = 0;
    std::vector<ChoiceItemScore> items;
    // {"task_file", "task_digest", "n", "acc", "acc_stderr", "acc_norm", "acc_norm_stderr"}
    std::string toJson() const;
};

// Continuation tokens lm-eval's way: trailing whitespace of the context moves to the front of the
// continuation; then whole = encode(context + continuation), ctx = encode(context), and the continuation
// is whole[size(ctx):]. Returns {model input, number of continuation tokens at its end}: the input is the
// tokenizer's start ids followed by whole, cut from the left to the model's context when longer. Throws
// InvalidArgument when the continuation gives no token of its own.
struct ChoiceSequence {
    std::vector<std::int32_t> ids;
    int continuationTokens = 0;
};
ChoiceSequence choiceSequence(const LanguageModel& lm, const std::string& context,
                              const std::string& continuation);

// Scores every item's choices with `lm` (float or packed), a batch of sequences of similar length per
// forward pass. Progress: stage "choices", one unit per sequence; cancellable between batches.
ChoiceResult evaluateChoices(const LanguageModel& lm, const ChoiceTasks& tasks,
                             const ChoiceOptions& options = {}, const JobContext& job = {});

// Characters (Unicode code points) of UTF-8 text: acc_norm's length, Python's len() of the choice.
std::int64_t utf8Characters(const std::string& text);

} // namespace owq
