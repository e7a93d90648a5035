// Picks the next token from a logits row: repetition penalty, temperature, top-k, top-p, or greedy.
// Plain C++ on a float vector so it is deterministic for a seed and independent of the device.
#pragma once

#include "owq/engine.h"

#include <cstdint>
#include <random>
#include <vector>

namespace owq::detail {

class Sampler {
public:
    explicit Sampler(const SamplingOptions& opts) : opts_(opts), rng_(opts.seed) {}
    // `history` is every token so far (prompt included); only the last repetitionWindow are penalised.
    std::int32_t next(std::vector<float> logits, const std::vector<std::int32_t>& history);

private:
    SamplingOptions opts_;
    std::mt19937_64 rng_;
};

} // namespace owq::detail
