// The greedy global allocation of weak columns under a storage budget (owq/allocation.h).
#include "owq/allocation.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"

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

std::map<std::string, int> allocateWeakColumns(const std::vector<LinearGains>& linears, double budgetBits,
                                               const QuantizerConfig& q) {
    std::map<std::string, int> counts;
    std::vector<int> k(linears.size(), 0);
    double spent = 0;
    for (const LinearGains& l : linears) {
        counts[l.name] = 0;
        spent += linearStorageBits(l.rows, l.cols, 0, q);
    }
    if (spent > budgetBits + 0.5)
        throw Error(ErrorKind::InvalidArgument,
                    "weak-column allocation: a budget of " + std::to_string(budgetBits) +
                        " bits is below the storage without weak columns (" + std::to_string(spent) + ")");
    // The marginal cost of linear i's next column (groups make it vary a little with the count).
    auto cost = [&](std::size_t i) {
        const LinearGains& l = linears[i];
        return linearStorageBits(l.rows, l.cols, k[i] + 1, q) - linearStorageBits(l.rows, l.cols, k[i], q);
    };
    // At most all but one column weak: a linear keeps at least one quantized column.
    auto hasNext = [&](std::size_t i) {
        return k[i] < int(linears[i].gains.size()) && std::int64_t(k[i]) + 1 < linears[i].cols;
    };
    using Entry = std::tuple<double, std::size_t>; // gain per bit, linear (ties: the lower index first)
    auto order = [](const Entry& a, const Entry& b) {
        return std::get<0>(a) < std::get<0>(b) ||
               (std::get<0>(a) == std::get<0>(b) && std::get<1>(a) > std::get<1>(b));
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(order)> next(order);
    for (std::size_t i = 0; i < linears.size(); ++i)
        if (hasNext(i)) next.emplace(linears[i].gains[0] / cost(i), i);
    while (!next.empty()) {
        const std::size_t i = std::get<1>(next.top());
        next.pop();
        const double c = cost(i);
        if (spent + c > budgetBits + 1e-6) continue; // this linear's next column no longer fits
        spent += c;
        ++k[i];
        if (hasNext(i)) next.emplace(linears[i].gains[std::size_t(k[i])] / cost(i), i);
    }
    for (std::size_t i = 0; i < linears.size(); ++i) counts[linears[i].name] = k[i];
    return counts;
}

} // namespace owq
