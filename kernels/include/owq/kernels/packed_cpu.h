// CPU kernels for packed OWQ linears (layout: owq/kernels/packed_layout.h). A scalar reference that
// follows the layout literally, and vectorised multi-threaded paths (AVX2, AVX-512) picked at run time.
// Plain pointers in and out: no LibTorch here, so the kernels are testable and benchmarkable on their own.
#pragma once

#include "owq/kernels/packed_layout.h"

#include <cstdint>

namespace owq::kernels {

// Packs codes [rows, dense] (row-major, each < 2^bits) into out [rows, packedRowBytes(dense, bits)],
// which this zeroes first.
void packCodes(const std::uint8_t* codes, std::int64_t rows, std::int64_t dense, int bits, std::uint8_t* out);

// W [rows, cols] float32, row-major: every weight of the linear, weak columns included.
void dequantizeReference(const PackedLinearView& v, float* W);
// y [m, rows] = x [m, cols] W^T (+ bias), one dot product at a time from the dequantized weights.
void gemmReference(const PackedLinearView& v, const float* x, std::int64_t m, float* y);

// Avx512Vbmi: the AVX-512 packed kernels built again with VBMI (a one-shuffle 3-bit decode), for CPUs that
// have it (Ice Lake, Zen 4 and later). Avx512Vnni: built once more with VBMI and VNNI, where a product of
// up to kSplitInt8MaxTokens tokens with a 3- or 4-bit linear in groups of 128 (or per channel) multiplies
// integer codes by split-int8 activations (15 bits per block of 128: results within 3.1e-5 of each block's
// largest |x| per activation of the reference's, not only float summation order apart). Only dequantize and
// gemm below know these two; kernels without such variants take detectCpuIsa(), which names the ISA family
// (Avx512 on those CPUs).
enum class CpuIsa { Scalar, Avx2, Avx512, Avx512Vbmi, Avx512Vnni };
inline constexpr CpuIsa kAllCpuIsas[] = {CpuIsa::Scalar, CpuIsa::Avx2, CpuIsa::Avx512, CpuIsa::Avx512Vbmi,
                                         CpuIsa::Avx512Vnni};
// Avx512Vnni's products of more tokens take the float path (beyond a decode step, a speculative batch or a
// short prompt, where prefill is a GEMM of dequantized weights anyway).
inline constexpr std::int64_t kSplitInt8MaxTokens = 16;
CpuIsa detectCpuIsa(); // the best ISA family this CPU runs (and this build has): never Avx512Vbmi/Vnni
// The packed kernels' default: the fastest of the above this CPU and build run (Avx512Vnni, Avx512Vbmi, then
// detectCpuIsa()), or the path the environment variable OWQ_PACKED_CPU_PATH names (cpuIsaName's spelling;
// ignored where this CPU cannot run it), e.g. "avx512vbmi" for float-exact products. Read once.
CpuIsa detectPackedCpuIsa();
bool cpuRunsPackedPath(CpuIsa isa); // this CPU and build can run isa's packed kernels
const char* cpuIsaName(CpuIsa isa); // "scalar", "avx2", "avx512", "avx512vbmi", "avx512vnni"

// Threads the fast paths use (OpenMP, over output rows). Set once by the runtime (owq::initRuntime);
// explicit because OpenMP's own default is per calling thread, and the studio calls from worker threads.
void setCpuThreads(int threads); // <= 0: all cores
int cpuThreads();
// A cap for the calling thread only (0: none), for threads that already run side by side with others
// (the quantize pipeline's batch lanes): their kernels then stay on their own thread.
void capCpuThreadsOnThisThread(int threads);

// How Avx512Vnni's integer products round the activations of each 128-column block (the other paths
// multiply floats and ignore it). Split15 (the default): 15 bits of the block's largest |x|, kept as two
// int8 halves (within 3.1e-5 of it per activation). Int8: one signed byte, d = max |x| / 127, as llama.cpp's
// q8 activations: half the vpdpbusd per token and row, for up to 0.4% of the block's largest |x| per
// activation (kernels/src/packed_split_int8.h).
enum class ActivationRounding { Split15, Int8 };
const char* activationRoundingName(ActivationRounding rounding); // "split15", "int8"
// Whether the products of `isa` round activations at all (Avx512Vnni only): where the rounding is a setting a
// user can see, and where not, a box that would change nothing.
bool roundsActivations(CpuIsa isa);

// The fast paths: same results as the reference up to float summation order (Avx512Vnni: and the rounding
// of those tokens' activations, see above).
void dequantize(const PackedLinearView& v, float* W, CpuIsa isa = detectPackedCpuIsa());
// Small batches (decode, short prefill). Larger m is better served by dequantize + a BLAS GEMM.
void gemm(const PackedLinearView& v, const float* x, std::int64_t m, float* y,
          CpuIsa isa = detectPackedCpuIsa(), ActivationRounding rounding = ActivationRounding::Split15);

} // namespace owq::kernels
