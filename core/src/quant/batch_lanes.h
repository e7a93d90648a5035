// Batches of a calibration pass side by side. A narrow model's ops (stories260K: 64 wide) are too small to
// split across threads: two intra-op threads ran its passes no faster than one. Instead each of `lanes`
// threads computes whole batches on its own, and what they produce is consumed one batch at a time in
// batch order, so Hessians, stored activations and error sums add up exactly as with one lane.
#pragma once

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <optional>
#include <vector>

namespace owq {
struct ModelConfig;
}

namespace owq::detail {

// A narrow model on the CPU (stories260K: 64 wide): its passes run in lanes, and with BLAS on one thread
// even in one lane, so that every lane count gives the same bits (OpenBLAS's threaded GEMM does not always
// sum as its one-thread GEMM does: seen with its Intel AVX-512 kernels, not with its AMD ones).
bool narrowPasses(const ModelConfig& cfg, const at::Device& device);

// How many batches run at once: the runtime's threads for a narrow model, else 1 (wide models' GEMMs
// already use every thread, and lanes would hold that many batches of activations).
// OWQ_BATCH_LANES=N overrides (1: off), for measurements.
int batchLanes(const ModelConfig& cfg, const at::Device& device);

// For the lanes' duration: OpenBLAS on one thread (its pool would otherwise serve every lane's calls).
class BlasOnOneThread {
public:
    explicit BlasOnOneThread(bool active);
    ~BlasOnOneThread();
    BlasOnOneThread(const BlasOnOneThread&) = delete;
    BlasOnOneThread& operator=(const BlasOnOneThread&) = delete;

private:
    int saved_ = 0;
};

// On a lane's thread for its duration: the packed kernels stay on this thread (LibTorch's ops already do
// inside an OpenMP region), and inference mode holds as on the caller.
class LaneScope {
public:
    LaneScope();
    ~LaneScope();
    LaneScope(const LaneScope&) = delete;
    LaneScope& operator=(const LaneScope&) = delete;

private:
    c10::InferenceMode inference_;
};

// consume(s, compute(s, b)) for batches [s, s + b) of n samples, b = min(batch, n - s), in order of s.
// With lanes > 1 the computes run in an OpenMP team of that many threads (its pool threads persist; new
// threads would each re-initialise LibTorch's thread pools), one batch per thread at a time, and each
// consume waits for the one before (ordered), so the next batches compute while one is consumed. The
// first error is rethrown once the team has stopped; later batches are skipped.
template <class Compute, class Consume>
void forBatchesInLanes(std::int64_t n, std::int64_t batch, int lanes, Compute&& compute, Consume&& consume) {
    const std::int64_t count = (n + batch - 1) / batch;
    if (lanes <= 1 || count <= 1) {
        for (std::int64_t s = 0; s < n; s += batch) consume(s, compute(s, std::min(batch, n - s)));
        return;
    }
    BlasOnOneThread blas(true);
    std::exception_ptr error;
    std::atomic<bool> failed{false};
#pragma omp parallel num_threads(lanes)
    {
        LaneScope lane;
#pragma omp for ordered schedule(static, 1)
        for (std::int64_t k = 0; k < count; ++k) {
            const std::int64_t s = k * batch;
            std::optional<decltype(compute(s, batch))> result;
            if (!failed) {
                try {
                    result.emplace(compute(s, std::min(batch, n - s)));
                } catch (...) {
#pragma omp critical(owq_batch_lanes_error)
                    if (!error) error = std::current_exception();
                    failed = true;
                }
            }
#pragma omp ordered
            {
                if (result && !failed) {
                    try {
                        consume(s, *result);
                    } catch (...) {
#pragma omp critical(owq_batch_lanes_error)
                        if (!error) error = std::current_exception();
                        failed = true;
                    }
                }
            }
        }
    }
    if (error) std::rethrow_exception(error);
}

} // namespace owq::detail
