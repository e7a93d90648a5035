// What a LanguageModel holds; internal so quantization code can reach the LibTorch model.
#pragma once

#include "model/decoder_model.h"
#include "owq/engine.h"

namespace owq {

struct LanguageModel::Impl {
    std::shared_ptr<Checkpoint> checkpoint;
    std::shared_ptr<Tokenizer> tokenizer;
    std::shared_ptr<detail::DecoderModel> model;
    at::Device device{at::kCPU};
    EvalPath evalPath = EvalPath::Whole;
    double loadSeconds = 0;
};

namespace detail {
at::Device parseDevice(const std::string& name);
}

} // namespace owq
