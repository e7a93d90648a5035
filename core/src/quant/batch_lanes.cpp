#include "quant/batch_lanes.h"

#include "owq/config.h"
#include "owq/engine.h"
#include "owq/kernels/packed_cpu.h"

#include <cstdlib>
#include <dlfcn.h>

namespace owq::detail {

namespace {
// Hidden sizes up to this run their passes in lanes. stories260K (64) gains; a 7B layer's (4096) GEMMs
// split well across threads on their own.
constexpr std::int64_t kNarrowHidden = 512;

using BlasGet = int (*)();
using BlasSet = void (*)(int);
} // namespace

bool narrowPasses(const ModelConfig& cfg, const at::Device& device) {
    return device.is_cpu() && cfg.hiddenSize <= kNarrowHidden;
}

int batchLanes(const ModelConfig& cfg, const at::Device& device) {
    if (const char* e = std::getenv("OWQ_BATCH_LANES"); e && *e) return std::max(1, std::atoi(e));
    return narrowPasses(cfg, device) ? std::max(1, runtimeThreads()) : 1;
}

BlasOnOneThread::BlasOnOneThread(bool active) {
    if (!active) return;
    const auto get = reinterpret_cast<BlasGet>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    const auto set = reinterpret_cast<BlasSet>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (!get || !set) return;
    saved_ = get();
    if (saved_ > 1) set(1);
}

BlasOnOneThread::~BlasOnOneThread() {
    if (saved_ <= 1) return;
    if (const auto set = reinterpret_cast<BlasSet>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        set(saved_);
}

LaneScope::LaneScope() {
    kernels::capCpuThreadsOnThisThread(1);
}

LaneScope::~LaneScope() {
    kernels::capCpuThreadsOnThisThread(0);
}

} // namespace owq::detail
