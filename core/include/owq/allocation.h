// Where the weak-column budget goes (issue 24, part 3). The reference rule gives every linear of a type the
// same count; sensitivity allocation spends the same total storage bits where measured sensitivity says a
// kept column buys the most, across all linears of the model.
#pragma once

#include "owq/quantize.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace owq {

enum class Allocation {
    Owq,         // the reference's rule: weakColumnPlan (per-type ratios), then weakOverrides
    Sensitivity, // the same total bits, allocated greedily by measured gains (allocateWeakColumns)
};
const char* allocationName(Allocation a); // "owq" | "sensitivity"
// Throws InvalidArgument naming the value and the choices.
Allocation allocationFromName(const std::string& name);

// How sensitivity allocation puts the linears' column scores on one scale (docs/QUANTIZATION.md).
enum class AllocationProbe {
    Auto,  // Kl where its memory fits (MemAvailable), else Layer
    Kl,    // KL divergence of the model's next-token distribution with the linear alone rounded (every float
           // decoder layer in memory during the probes)
    Layer, // squared error of the linear's layer output with the linear rounded (one layer at a time)
    Raw,   // the scores as they are
};
const char* allocationProbeName(AllocationProbe p); // "auto" | "kl" | "layer" | "raw"
// Throws InvalidArgument naming the value and the choices.
AllocationProbe allocationProbeFromName(const std::string& name);

// One linear's candidates: gains[k] is what keeping its (k+1)-th most sensitive column in fp16 saves
// (non-increasing). The units must be comparable across linears.
struct LinearGains {
    std::string name; // full linear name
    std::int64_t rows = 0, cols = 0;
    std::vector<double> gains;
};

// Weak columns per linear (name -> count, every linear listed) whose storage (linearStorageBits summed)
// stays within budgetBits, greedily by gain per bit: each step takes the next column of the linear whose
// next column saves the most per added bit and still fits. Ends within one column of the budget. Throws
// InvalidArgument when the budget is below the storage of zero weak columns.
std::map<std::string, int> allocateWeakColumns(const std::vector<LinearGains>& linears, double budgetBits,
                                               const QuantizerConfig& q);

// Mixed precision: a linear may also take another base bit width. At `bits`, rounding the linear costs
// `loss` with no weak column, and gains[k] is what its (k+1)-th weak column saves, in units comparable across
// linears and widths.
struct WidthGains {
    int bits = 0;
    double loss = 0;
    std::vector<double> gains;
};
struct LinearChoices {
    std::string name;
    std::int64_t rows = 0, cols = 0;
    std::vector<WidthGains> widths; // at least one
};
struct LinearPlan {
    int bits = 0;
    int weak = 0;
};

// A bit width and weak columns per linear (every linear listed) whose storage stays within budgetBits and
// whose summed loss (loss - the kept columns' gains) is as low as the greedy finds: each linear's options
// (width, columns) are reduced to the lower convex hull of (storage, loss), the hulls' steps are taken by
// loss saved per bit, best first, while they fit, and the bits left are filled with columns at each linear's
// chosen width (as allocateWeakColumns). Throws InvalidArgument when the budget is below every linear's
// cheapest option.
std::map<std::string, LinearPlan> allocateBitsAndWeakColumns(const std::vector<LinearChoices>& linears,
                                                             double budgetBits, const QuantizerConfig& q);

} // namespace owq
