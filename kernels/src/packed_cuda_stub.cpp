// packed_cuda.h in a build without CUDA: nothing is available and every kernel throws, so callers need no
// #ifdef of their own.
#include "owq/kernels/packed_cuda.h"

#include <stdexcept>
#include <string>

namespace owq::kernels {

namespace {
[[noreturn]] void noCuda(const char* what) {
    throw std::runtime_error(std::string(what) + ": owq_kernels was built without CUDA");
}
CudaKernelOptions gOptions;
} // namespace

bool cudaKernelsAvailable() {
    return false;
}

void dequantizeCuda(const PackedLinearView&, float*, void*) {
    noCuda("dequantizeCuda");
}

void gemmCuda(const PackedLinearView&, const float*, std::int64_t, float*, void*) {
    noCuda("gemmCuda");
}

void setCudaKernelOptions(const CudaKernelOptions& options) {
    gOptions = options;
}

CudaKernelOptions cudaKernelOptions() {
    return gOptions;
}

} // namespace owq::kernels
