// CUDA kernels for packed OWQ linears (layout: owq/kernels/packed_layout.h). A plain C++ interface with no
// CUDA header in it, so torch-free code and tests include it anywhere. Every function is always defined: a
// build without CUDA (OWQ_KERNELS_CUDA undefined) has stubs where cudaKernelsAvailable() is false and the
// others throw std::runtime_error("... built without CUDA").
//
// All pointers, those in the view included, are device pointers of the current device; `stream` is a
// cudaStream_t (nullptr: the legacy default stream). Calls are asynchronous on that stream, like any kernel
// launch. CUDA errors throw std::runtime_error with the CUDA error string.
#pragma once

#include "owq/kernels/packed_layout.h"

#include <cstdint>

namespace owq::kernels {

// Built with CUDA, and the CUDA runtime sees at least one device. Never throws.
bool cudaKernelsAvailable();

// W [rows, cols] float32, row-major: every weight of the linear, weak columns included (as
// dequantizeReference).
void dequantizeCuda(const PackedLinearView& v, float* W, void* stream = nullptr);

// y [m, rows] = x [m, cols] W^T (+ bias), float32 (as gemmReference). Meant for small m (1..8: decode and
// short prefill); any m works, in chunks of 8 that each read the weights again, so for larger m callers
// should dequantize once and use a cuBLAS GEMM.
void gemmCuda(const PackedLinearView& v, const float* x, std::int64_t m, float* y, void* stream = nullptr);

// Process-wide switches for benchmarks and tests; the defaults are the fast paths.
struct CudaKernelOptions {
    bool programmaticLaunch = true; // sm_90+: overlap the GEMV's launch with its input gather (PDL)
    bool forceGeneric = false;      // use the one-code-at-a-time GEMV for every shape (checks, A/B timing)
};
void setCudaKernelOptions(const CudaKernelOptions& options);
CudaKernelOptions cudaKernelOptions();

} // namespace owq::kernels
