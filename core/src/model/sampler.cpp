#include "model/sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

namespace owq::detail {

std::int32_t Sampler::next(std::vector<float> logits, const std::vector<std::int32_t>& history) {
    const std::int32_t n = std::int32_t(logits.size());
    if (opts_.repetitionPenalty != 1.0f && opts_.repetitionWindow > 0) {
        // CTRL-style penalty (as HF): shrink positive logits, grow negative ones, once per distinct token.
        std::unordered_set<std::int32_t> seen;
        const std::size_t from = history.size() > std::size_t(opts_.repetitionWindow)
                                     ? history.size() - std::size_t(opts_.repetitionWindow)
                                     : 0;
        for (std::size_t i = from; i < history.size(); ++i) {
            const std::int32_t id = history[i];
            if (id < 0 || id >= n || !seen.insert(id).second) continue;
            float& l = logits[std::size_t(id)];
            l = l > 0 ? l / opts_.repetitionPenalty : l * opts_.repetitionPenalty;
        }
    }
    if (opts_.temperature <= 0.0f)
        return std::int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());

    std::vector<std::int32_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::size_t keep = order.size();
    if (opts_.topK > 0 && std::size_t(opts_.topK) < keep) keep = std::size_t(opts_.topK);
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(),
                      [&](std::int32_t a, std::int32_t b) { return logits[a] > logits[b]; });
    order.resize(keep);

    // Softmax over the survivors at the given temperature (max-subtracted for stability).
    const float maxLogit = logits[std::size_t(order[0])];
    std::vector<double> probs(keep);
    double sum = 0;
    for (std::size_t i = 0; i < keep; ++i) {
        probs[i] = std::exp(double(logits[std::size_t(order[i])] - maxLogit) / double(opts_.temperature));
        sum += probs[i];
    }
    for (double& p : probs) p /= sum;
    if (opts_.topP < 1.0f) {
        // Nucleus: the smallest prefix whose mass reaches topP (at least one token).
        double cum = 0;
        std::size_t cut = keep;
        for (std::size_t i = 0; i < keep; ++i) {
            cum += probs[i];
            if (cum >= double(opts_.topP)) {
                cut = i + 1;
                break;
            }
        }
        probs.resize(cut);
        order.resize(cut);
    }
    std::discrete_distribution<std::size_t> dist(probs.begin(), probs.end());
    return order[dist(rng_)];
}

} // namespace owq::detail
