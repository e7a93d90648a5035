// Greedy tokens of the engine against a reference's logits on the growing sequence (an oracle, or the
// engine recomputing the whole sequence): where the reference has a clear winner, by more than tolRel times
// its largest |logit|, the engine must pick it; in a near tie any of the tied tokens is right.
#pragma once

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace owqtest {

// lastLogits(seq): the reference's logits after `seq` (any vector of numbers). *clearSteps: how many steps
// had a clear winner.
template <class LastLogits>
void checkGreedyTokens(const std::vector<std::int32_t>& prompt, const std::vector<std::int32_t>& tokens,
                       double tolRel, LastLogits lastLogits, int* clearSteps) {
    *clearSteps = 0;
    std::vector<std::int32_t> seq = prompt;
    for (std::size_t step = 0; step < tokens.size(); ++step) {
        const auto last = lastLogits(seq);
        const auto best = std::max_element(last.begin(), last.end());
        const int argmax = int(best - last.begin());
        double second = -1e300, scale = 0;
        for (std::size_t j = 0; j < last.size(); ++j) {
            if (int(j) != argmax) second = std::max(second, double(last[j]));
            scale = std::max(scale, std::abs(double(last[j])));
        }
        const int got = tokens[step];
        const double tol = tolRel * scale;
        if (double(*best) - second > tol) { // a clear winner: the engine must pick it
            ++*clearSteps;
            QVERIFY2(got == argmax, qPrintable(QString("step %1: engine %2, reference argmax %3 (margin %4)")
                                                   .arg(step)
                                                   .arg(got)
                                                   .arg(argmax)
                                                   .arg(double(*best) - second)));
        } else { // a near tie: any of the tied tokens is right
            QVERIFY2(
                double(last[std::size_t(got)]) >= double(*best) - tol,
                qPrintable(QString("step %1: engine %2 is not among the near-tied best").arg(step).arg(got)));
        }
        seq.push_back(got);
    }
}

} // namespace owqtest
