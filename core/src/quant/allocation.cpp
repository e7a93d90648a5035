// The greedy global allocation of weak columns under a storage budget (owq/allocation.h).
#include "owq/allocation.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"

#include <algorithm>
#include <queue>
#include <tuple>

namespace owq {

const char* allocationName(Allocation a) {
    return a == Allocation::Sensitivity ? "sensitivity" : "owq";
}

Allocation allocationFromName(const std::string& name) {
    if (name == "owq") return Allocation::Owq;
    if (name == "sensitivity") return Allocation::Sensitivity;
    throw Error(ErrorKind::InvalidArgument,
                "unknown weak-column allocation '" + name + "' (use owq or sensitivity)");
}

const char* allocationProbeName(AllocationProbe p) {
    switch (p) {
    case AllocationProbe::Kl:
        return "kl";
    case AllocationProbe::Layer:
        return "layer";
    case AllocationProbe::Raw:
        return "raw";
    default:
        return "auto";
    }
}

AllocationProbe allocationProbeFromName(const std::string& name) {
    for (AllocationProbe p :
         {AllocationProbe::Auto, AllocationProbe::Kl, AllocationProbe::Layer, AllocationProbe::Raw})
        if (name == allocationProbeName(p)) return p;
    throw Error(ErrorKind::InvalidArgument,
                "unknown allocation probe '" + name + "' (use auto, kl, layer or raw)");
}

namespace {

// Both greedies' candidate steps: (loss saved per added bit, linear), the best first; ties: the lower
// linear index first.
using Step = std::tuple<double, std::size_t>;
struct WorseStep {
    bool operator()(const Step& a, const Step& b) const {
        return std::get<0>(a) < std::get<0>(b) ||
               (std::get<0>(a) == std::get<0>(b) && std::get<1>(a) > std::get<1>(b));
    }
};
using StepQueue = std::priority_queue<Step, std::vector<Step>, WorseStep>;

// One linear as the column greedy sees it: its gains at its width, that width's quantizer, its count so far.
struct ColumnTrack {
    const std::vector<double>* gains;
    std::int64_t rows, cols;
    QuantizerConfig q;
    int k = 0;
};

// The column greedy shared by both allocations: repeatedly the next column of the linear whose next column
// saves the most per added bit and still fits, until none fits. `spent` is the storage so far.
void fillColumns(std::vector<ColumnTrack>& t, double spent, double budgetBits) {
    // The marginal cost of linear i's next column (groups make it vary a little with the count).
    auto cost = [&](std::size_t i) {
        const ColumnTrack& l = t[i];
        return linearStorageBits(l.rows, l.cols, l.k + 1, l.q) - linearStorageBits(l.rows, l.cols, l.k, l.q);
    };
    // At most all but one column weak: a linear keeps at least one quantized column.
    auto hasNext = [&](std::size_t i) {
        return t[i].k < int(t[i].gains->size()) && std::int64_t(t[i].k) + 1 < t[i].cols;
    };
    StepQueue next;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (hasNext(i)) next.emplace((*t[i].gains)[std::size_t(t[i].k)] / cost(i), i);
    while (!next.empty()) {
        const std::size_t i = std::get<1>(next.top());
        next.pop();
        const double c = cost(i);
        if (spent + c > budgetBits + 1e-6) continue; // this linear's next column no longer fits
        spent += c;
        ++t[i].k;
        if (hasNext(i)) next.emplace((*t[i].gains)[std::size_t(t[i].k)] / cost(i), i);
    }
}

Error belowCheapest(double budgetBits, double spent) {
    return Error(ErrorKind::InvalidArgument,
                 "weak-column allocation: a budget of " + std::to_string(budgetBits) +
                     " bits is below the storage without weak columns (" + std::to_string(spent) + ")");
}

// One option of a linear: a width (index into its widths), a column count, its storage and estimated loss.
struct Option {
    std::size_t width = 0;
    int k = 0;
    double cost = 0, loss = 0;
};

// The lower convex hull of a linear's options in (storage, loss), cheapest first: each step saves less
// loss per added bit than the one before, so taking steps in order of that rate is a greedy on a concave
// curve.
std::vector<Option> lowerHull(const LinearChoices& l, const QuantizerConfig& base) {
    std::vector<Option> all;
    for (std::size_t w = 0; w < l.widths.size(); ++w) {
        QuantizerConfig q = base;
        q.bits = l.widths[w].bits;
        double loss = l.widths[w].loss;
        const int most = int(std::min<std::int64_t>(std::int64_t(l.widths[w].gains.size()), l.cols - 1));
        for (int k = 0; k <= most; ++k) {
            all.push_back({w, k, linearStorageBits(l.rows, l.cols, k, q), loss});
            if (k < most) loss -= l.widths[w].gains[std::size_t(k)];
        }
    }
    std::stable_sort(all.begin(), all.end(), [](const Option& a, const Option& b) {
        return a.cost < b.cost || (a.cost == b.cost && a.loss < b.loss);
    });
    std::vector<Option> hull;
    for (const Option& o : all) {
        if (!hull.empty() && o.loss >= hull.back().loss) continue; // costs more and saves nothing
        // Drop the last point while it lies on or above the segment from the one before it to o.
        while (hull.size() >= 2) {
            const Option& a = hull[hull.size() - 2];
            const Option& b = hull.back();
            if ((b.loss - a.loss) * (o.cost - a.cost) < (o.loss - a.loss) * (b.cost - a.cost)) break;
            hull.pop_back();
        }
        hull.push_back(o);
    }
    return hull;
}

} // namespace

std::map<std::string, int> allocateWeakColumns(const std::vector<LinearGains>& linears, double budgetBits,
                                               const QuantizerConfig& q) {
    std::vector<ColumnTrack> t;
    double spent = 0;
    for (const LinearGains& l : linears) {
        t.push_back({&l.gains, l.rows, l.cols, q, 0});
        spent += linearStorageBits(l.rows, l.cols, 0, q);
    }
    if (spent > budgetBits + 0.5) throw belowCheapest(budgetBits, spent);
    fillColumns(t, spent, budgetBits);
    std::map<std::string, int> counts;
    for (std::size_t i = 0; i < linears.size(); ++i) counts[linears[i].name] = t[i].k;
    return counts;
}

std::map<std::string, LinearPlan> allocateBitsAndWeakColumns(const std::vector<LinearChoices>& linears,
                                                             double budgetBits, const QuantizerConfig& q) {
    std::vector<std::vector<Option>> hulls;
    std::vector<std::size_t> at(linears.size(), 0); // each linear's position on its hull
    double spent = 0;
    for (const LinearChoices& l : linears) {
        if (l.widths.empty())
            throw Error(ErrorKind::InvalidArgument,
                        "bit allocation: " + l.name + " has no bit width to take");
        hulls.push_back(lowerHull(l, q));
        spent += hulls.back().front().cost;
    }
    if (spent > budgetBits + 0.5) throw belowCheapest(budgetBits, spent);
    // Hull steps, best loss saved per bit first; a step that does not fit ends that linear's hull.
    StepQueue next;
    auto push = [&](std::size_t i) {
        const std::vector<Option>& h = hulls[i];
        if (at[i] + 1 >= h.size()) return;
        const Option &a = h[at[i]], &b = h[at[i] + 1];
        next.emplace((a.loss - b.loss) / (b.cost - a.cost), i);
    };
    for (std::size_t i = 0; i < linears.size(); ++i) push(i);
    while (!next.empty()) {
        const std::size_t i = std::get<1>(next.top());
        next.pop();
        const double c = hulls[i][at[i] + 1].cost - hulls[i][at[i]].cost;
        if (spent + c > budgetBits + 1e-6) continue;
        spent += c;
        ++at[i];
        push(i);
    }
    // What is left goes to columns at each linear's chosen width (points off the hull included).
    std::vector<ColumnTrack> t;
    for (std::size_t i = 0; i < linears.size(); ++i) {
        const Option& o = hulls[i][at[i]];
        QuantizerConfig qi = q;
        qi.bits = linears[i].widths[o.width].bits;
        t.push_back({&linears[i].widths[o.width].gains, linears[i].rows, linears[i].cols, qi, o.k});
    }
    fillColumns(t, spent, budgetBits);
    std::map<std::string, LinearPlan> plan;
    for (std::size_t i = 0; i < linears.size(); ++i) plan[linears[i].name] = {t[i].q.bits, t[i].k};
    return plan;
}

} // namespace owq
