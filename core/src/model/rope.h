// Rotary position embedding in the Hugging Face rotate-half layout, with the linear, dynamic (NTK), llama3
// and longrope (Phi-3) frequency scalings, over the whole head or its first rotaryDim() values.
// Safe to call from several threads at once (a narrow model's calibration batches run in lanes): the cos and
// sin tables are built on first use under a lock, and each call rotates with the tables it was handed.
#pragma once

#include "owq/config.h"

#include <ATen/ATen.h>

#include <mutex>

namespace owq::detail {

class Rope {
public:
    Rope(const ModelConfig& cfg, at::Device device);
    // Rotates x [B, heads, T, headDim] whose first position is pos0.
    at::Tensor apply(const at::Tensor& x, std::int64_t pos0);
    // The cos and sin rows of position pos [headDim] as float32 on the CPU, for a decode step on plain
    // arrays; false where the table is not that (another device) or turns only part of each head. The rows
    // stay valid until a call needs a longer table or (dynamic NTK, longrope) other frequencies: a decode
    // step uses them before its model's next call.
    bool cpuRows(std::int64_t pos, const float*& cos, const float*& sin);

private:
    struct Tables {
        at::Tensor cos, sin; // [cached, headDim]
    };
    // The tables for sequences of `length` positions, built or rebuilt first where needed.
    Tables tables(std::int64_t length);
    at::Tensor inverseFrequencies(std::int64_t length) const;

    ModelConfig cfg_;
    at::Device device_;
    std::mutex mutex_; // guards what follows: first users may arrive together
    std::int64_t cached_ = 0;
    bool grown_ = false;   // dynamic NTK: the table holds a base grown past the trained context;
                           // longrope: the table holds the long factors
    at::Tensor cos_, sin_; // [cached, headDim]
};

} // namespace owq::detail
