// The float pre-pass behind Allocation::Sensitivity: the pipeline is sequential, so a global allocation
// needs every linear's sensitivity before the first layer is quantized.
#pragma once

#include "model/decoder_model.h"
#include "owq/job.h"
#include "owq/quant_pipeline.h"
#include "quant/activation_store.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace owq::detail {

// Runs the float model layer by layer over the calibration activations `embedded` (the embedded windows
// `ids`, [samples, seqlen] int64), accumulating each linear's Hessian from float inputs, and returns weak
// columns per full linear name: the storage bits the reference rule (weakColumnPlan + recipe.weakOverrides)
// would spend, allocated by allocateWeakColumns (or, with recipe.allocationBits, a width per linear too by
// allocateBitsAndWeakColumns, each width measured alike). A linear's gains are its OWQ column scores
// H_jj * ||W_:,j - RTN(W)_:,j||^2 (sorted), scaled to add up to the KL divergence of the model's
// next-token distribution from the float model's when that linear alone is rounded to nearest (32 windows).
// `makeStore(width)` makes the two activation buffers it runs between. Deferred layers are released again
// at the end; during the KL probes every float layer is in memory. Progress: stage "allocate".
struct AllocationResult {
    std::map<std::string, int> weak; // weak columns of every linear
    std::map<std::string, int> bits; // linears whose width is not the recipe's bits (recipe.allocationBits)
    AllocationProbe probe = AllocationProbe::Kl; // the probe that ran (recipe.allocationProbe resolved)
};
AllocationResult sensitivityAllocation(
    DecoderModel& m, const ActivationStore& embedded, const at::Tensor& ids, const QuantRecipe& recipe,
    const std::function<std::unique_ptr<ActivationStore>(std::int64_t)>& makeStore, const JobContext& job);

} // namespace owq::detail
