// Training and evaluation data of weak column tuning: plain text (causal LM on windows) or JSONL
// prompt/response pairs (loss on the response only), tokenized once, sampled with a seeded generator.
#pragma once

#include "owq/tokenizer.h"
#include "owq/tune.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace owq::detail {

struct TuneExample {
    std::vector<std::int32_t> ids; // BOS prompt response EOS, cut to seqlen + 1 tokens
    std::int64_t firstScored = 1;  // tokens ids[firstScored..] are predicted and scored
};

struct TuneDataset {
    bool jsonl = false;
    std::vector<std::int32_t> stream;  // text: BOS + the whole text
    std::vector<TuneExample> examples; // JSONL
    std::string origin;                // file name (and "held-out part of" ...) for messages

    std::int64_t scoredTokens() const; // tokens one pass over the data scores
};

// Reads the training set (and the evaluation set: evalFile, or the last evalSplit of the training file).
// Throws InvalidArgument / Format naming the file (and line for JSONL) for data that cannot be used.
void loadTuneData(const TuneOptions& o, const Tokenizer& tok, TuneDataset& train, TuneDataset& eval);

// A micro-batch: inputs [B, T] and targets [B, T] (int64; -100 where nothing is scored).
struct TuneBatch {
    at::Tensor ids, targets;
};

// B sequences of seqlen tokens drawn with `rng`: text windows at uniform starts, JSONL examples uniformly
// (padded with -100 targets). Uses the generator exactly as described, so a saved generator state resumes
// the same batch sequence.
TuneBatch sampleBatch(const TuneDataset& d, std::int64_t batch, std::int64_t seqlen, std::mt19937_64& rng);

// The evaluation batches: text as non-overlapping windows of seqlen tokens each predicting its seqlen-1 next
// tokens (the perplexity protocol of docs/EVALUATION.md), JSONL every example; at most maxItems of either.
std::vector<TuneBatch> evalBatches(const TuneDataset& d, std::int64_t seqlen, std::int64_t maxItems,
                                   std::int64_t batch);

} // namespace owq::detail
