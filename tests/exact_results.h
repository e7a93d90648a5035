// Bit-for-bit comparisons of evaluation results, for tests that run the same numbers two ways (kept
// reference logits, layer-by-layer evaluation): QCOMPARE compares doubles fuzzily.
#pragma once

#include "owq/engine.h"

#include <QtTest>

#include <string>

#define OWQ_EXACT(a, b) QVERIFY2((a) == (b), (std::to_string(a) + " != " + std::to_string(b)).c_str())

namespace owqtest {

// Every number of two KL divergence results (both models' NLL, the KLD statistics, top-1, token count).
inline void requireSameKldNumbers(const owq::KlDivergenceResult& a, const owq::KlDivergenceResult& b) {
    OWQ_EXACT(a.model.nll, b.model.nll);
    OWQ_EXACT(a.model.ppl, b.model.ppl);
    OWQ_EXACT(a.reference.nll, b.reference.nll);
    OWQ_EXACT(a.kld.mean, b.kld.mean);
    OWQ_EXACT(a.kld.median, b.kld.median);
    OWQ_EXACT(a.kld.p99, b.kld.p99);
    OWQ_EXACT(a.kld.max, b.kld.max);
    OWQ_EXACT(a.kld.top1, b.kld.top1);
    QCOMPARE(a.kld.tokens, b.kld.tokens);
}

} // namespace owqtest
