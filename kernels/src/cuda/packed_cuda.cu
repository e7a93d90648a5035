// CUDA kernels for packed OWQ linears (interface: owq/kernels/packed_cuda.h; layout: packed_layout.h; the
// decode arithmetic: packed_decode.h, shared with the CPU tests). Built for sm_80 and sm_90.
//
// GEMV (gemmCuda), small m. Memory-bound at m = 1: every byte of the packed weights is read once, so the
// kernel is built around keeping HBM busy with as few instructions per code as possible.
//  1. gatherKernel (tiny): the activations in packed column order (perm), zero-padded to whole 32-column
//     blocks, xp [m, ldp], laid out by gemvXpIndex so that a warp's x loads are contiguous; the sum of each
//     block, xs [m, nBlocks]; the weak columns' activations, xw [m, weak]. Once per call, into
//     stream-ordered scratch (cudaMallocAsync).
//  2. gemvKernel<BITS, M, R>: one CTA of 4 warps (kGemvSlots threads) per R output rows; each thread's
//     work is gemvLane in packed_decode.h (the CPU tests run it slot by slot). Slot s takes the 32-column
//     blocks s, s+128, ... of its R rows: splitting a row between 4 warps gives a 4096-row matrix 4096
//     warps, not 1024, to hide memory latency. A block of one row is exactly BITS 32-bit words, loaded as one
//     16-byte (4-bit) or 8-byte (2-bit) vector or three words (3-bit), so a warp reads whole contiguous
//     segments of each row. The next block's words, scale and zero are loaded before the current block is
//     decoded (two stages in registers). Codes become floats by the exponent trick of packed_decode.h (one
//     LOP3 + one FADD per code, no I2F), and each x element, read once per block from xp (L1), serves the R
//     rows. Zero points use the group-sum identity: for a block inside one group,
//         sum_j s (c_j - z) x_j = s (sum_j c_j x_j - z xs_block),
//     so the inner loop is one FFMA per code and activation, with no per-code zero handling; each block's
//     partial sum is folded into the row's accumulator with its scale (fp32 throughout; the subtraction
//     cancels at most a factor of 2^bits). The same threads add their rows' weak-column products (fp16
//     weights times xw); then a shuffle reduction per warp, the 4 warps' sums through shared memory, bias.
//     On sm_90 the GEMV is launched with programmatic dependent launch: its CTAs start while the gather
//     runs, issue their first weight loads, and wait (griddepcontrol.wait) only before reading xp.
//     Needs groupSize % 32 == 0 (or one group per row) and qweight aligned to the vector width; any other
//     view takes gemvGenericKernel: one warp per row, one code at a time with packedCode/dequantCode.
// Dequantize: one CTA per row decodes runs of 8 codes (packedRunWord/runCode/dequantCode, bit-identical to
// dequantizeReference) into the row staged in shared memory at the input column positions (perm), adds the
// weak columns, then writes the row out with coalesced stores. Rows too long for shared memory scatter
// straight to global memory.
#include "owq/kernels/packed_cuda.h"
#include "owq/kernels/packed_decode.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace owq::kernels {
namespace {

using i64 = std::int64_t;

constexpr int kWarp = 32;
constexpr int kGemvThreads = kGemvSlots; // one thread per slot of gemvLane (4 warps)
constexpr int kGemvWarps = kGemvThreads / kWarp;
constexpr int kGatherThreads = 256;
constexpr int kDequantThreads = 256;
constexpr int kMaxChunk = 8; // activations per GEMV launch

std::atomic<bool> gProgrammaticLaunch{true};
std::atomic<bool> gForceGeneric{false};

void check(cudaError_t e, const char* what) {
    if (e != cudaSuccess)
        throw std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorName(e) + ": " +
                                 cudaGetErrorString(e));
}

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("packed CUDA kernel: ") + what);
}

// ---------- device helpers ----------

__device__ __forceinline__ float warpSum(float v) {
#pragma unroll
    for (int o = kWarp / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

// Programmatic dependent launch (sm_90+). Without the launch attribute both are no-ops.
__device__ __forceinline__ void allowDependentLaunch() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

__device__ __forceinline__ void waitForPrerequisites() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

// ---------- gather ----------

struct GatherArgs {
    const float* x;
    const std::int32_t* perm;
    const std::int32_t* weakIdx;
    i64 cols, m, dense, nBlocks, ldp, weak;
    float* xp; // [m, ldp]
    float* xs; // [m, nBlocks]
    float* xw; // [m, weak]
};

__global__ void __launch_bounds__(kGatherThreads) gatherKernel(GatherArgs a) {
    allowDependentLaunch(); // the GEMV may start now; its griddepcontrol.wait still waits for this grid
    const int lane = threadIdx.x % kWarp;
    const i64 tid = i64(blockIdx.x) * blockDim.x + threadIdx.x;
    const i64 nThreads = i64(gridDim.x) * blockDim.x;
    // One warp per (activation, 32-column block): the whole warp takes the same t, so the shuffle is full.
    for (i64 t = tid / kWarp; t < a.m * a.nBlocks; t += nThreads / kWarp) {
        const i64 i = t / a.nBlocks;
        const i64 j = (t - i * a.nBlocks) * kWarp + lane;
        float v = 0.f;
        if (j < a.dense) v = a.x[i * a.cols + (a.perm ? a.perm[j] : j)];
        a.xp[i * a.ldp + gemvXpIndex(j)] = v;
        v = warpSum(v);
        if (lane == 0) a.xs[t] = v;
    }
    for (i64 t = tid; t < a.m * a.weak; t += nThreads) {
        const i64 i = t / a.weak;
        a.xw[t] = a.x[i * a.cols + a.weakIdx[t - i * a.weak]];
    }
}

// ---------- GEMV ----------

// The slot work is gemvLane (packed_decode.h, shared with the CPU tests); here the CTA's reduction and
// store.
template <int BITS, int M, int R>
__global__ void __launch_bounds__(kGemvThreads) gemvKernel(PackedGemvArgs a) {
    __shared__ float warpPart[kGemvWarps][R][M];
    const int lane = threadIdx.x % kWarp, warp = threadIdx.x / kWarp;
    const i64 r0 = i64(blockIdx.x) * R; // the grid has no CTA past the last row
    float acc[R][M];
    gemvLane<BITS, M, R>(a, r0, threadIdx.x, acc);
#pragma unroll
    for (int rr = 0; rr < R; ++rr)
#pragma unroll
        for (int i = 0; i < M; ++i) {
            const float v = warpSum(acc[rr][i]);
            if (lane == 0) warpPart[warp][rr][i] = v;
        }
    __syncthreads();
    for (int t = threadIdx.x; t < R * M; t += kGemvThreads) {
        const int rr = t / M, i = t % M;
        const i64 r = r0 + rr;
        if (r >= a.rows) continue;
        float sum = a.bias ? a.bias[r] : 0.f;
#pragma unroll
        for (int w = 0; w < kGemvWarps; ++w) sum += warpPart[w][rr][i];
        a.y[i * a.rows + r] = sum;
    }
}

// Any group size and alignment: one warp per row, one code at a time, the layout's own arithmetic.
template <int M> __global__ void __launch_bounds__(kGemvThreads) gemvGenericKernel(PackedGemvArgs a) {
    const int lane = threadIdx.x % kWarp;
    const i64 r = i64(blockIdx.x) * kGemvWarps + threadIdx.x / kWarp;
    if (r >= a.rows) return;
    waitForPrerequisites();
    const std::uint8_t* rowp = a.qweight + r * a.rowBytes;
    float acc[M];
#pragma unroll
    for (int i = 0; i < M; ++i) acc[i] = 0.f;
    for (i64 j = lane; j < a.dense; j += kWarp) {
        const i64 g = r * a.nGroups + (a.groupSize > 0 ? j / a.groupSize : 0);
        const float w = dequantCode(packedCode(rowp, j, a.bits), a.scales[g], a.zeros[g]);
#pragma unroll
        for (int i = 0; i < M; ++i) acc[i] = fmaf(w, a.xp[i * a.ldp + gemvXpIndex(j)], acc[i]);
    }
    for (i64 k = lane; k < a.weak; k += kWarp) {
        const float wv = detail::f16Load(a.weakWeight + r * a.weak + k);
#pragma unroll
        for (int i = 0; i < M; ++i) acc[i] = fmaf(wv, a.xw[i * a.weak + k], acc[i]);
    }
#pragma unroll
    for (int i = 0; i < M; ++i) acc[i] = warpSum(acc[i]);
    if (lane == 0) {
        const float b = a.bias ? a.bias[r] : 0.f;
#pragma unroll
        for (int i = 0; i < M; ++i) a.y[i * a.rows + r] = acc[i] + b;
    }
}

using GemvFn = void (*)(PackedGemvArgs);

template <int BITS> GemvFn fastGemv(int m) {
    switch (m) {
    case 1:
        return gemvKernel<BITS, 1, gemvRowsPerCta(1)>;
    case 2:
        return gemvKernel<BITS, 2, gemvRowsPerCta(2)>;
    case 3:
        return gemvKernel<BITS, 3, gemvRowsPerCta(3)>;
    case 4:
        return gemvKernel<BITS, 4, gemvRowsPerCta(4)>;
    case 5:
        return gemvKernel<BITS, 5, gemvRowsPerCta(5)>;
    case 6:
        return gemvKernel<BITS, 6, gemvRowsPerCta(6)>;
    case 7:
        return gemvKernel<BITS, 7, gemvRowsPerCta(7)>;
    default:
        return gemvKernel<BITS, 8, gemvRowsPerCta(8)>;
    }
}

GemvFn genericGemv(int m) {
    switch (m) {
    case 1:
        return gemvGenericKernel<1>;
    case 2:
        return gemvGenericKernel<2>;
    case 3:
        return gemvGenericKernel<3>;
    case 4:
        return gemvGenericKernel<4>;
    case 5:
        return gemvGenericKernel<5>;
    case 6:
        return gemvGenericKernel<6>;
    case 7:
        return gemvGenericKernel<7>;
    default:
        return gemvGenericKernel<8>;
    }
}

// ---------- dequantize ----------

struct DequantArgs {
    const std::uint8_t* qweight;
    const std::uint16_t* scales;
    const std::uint8_t* zeros;
    const std::int32_t* perm;
    const std::int32_t* weakIdx;
    const std::uint16_t* weakWeight;
    i64 cols, dense, rowBytes, nGroups, groupSize, weak;
    int bits;
    bool vec4; // W rows can be stored as float4
    float* W;
};

template <bool STAGED> __global__ void __launch_bounds__(kDequantThreads) dequantKernel(DequantArgs a) {
    extern __shared__ float rowBuf[];
    const i64 r = blockIdx.x;
    float* out = STAGED ? rowBuf : a.W + r * a.cols;
    const std::uint8_t* rowp = a.qweight + r * a.rowBytes;
    const std::uint16_t* sc = a.scales + r * a.nGroups;
    const std::uint8_t* zr = a.zeros + r * a.nGroups;
    const i64 nRuns = (a.dense + 7) / 8;
    for (i64 run = threadIdx.x; run < nRuns; run += blockDim.x) {
        const std::uint32_t word = packedRunWord(rowp, run, a.bits);
        i64 j = run * 8;
        i64 g = 0, groupEnd = LLONG_MAX; // group of column j and where it ends
        if (a.groupSize > 0) {
            g = j / a.groupSize;
            groupEnd = (g + 1) * a.groupSize;
        }
        for (int u = 0; u < 8 && j < a.dense; ++u, ++j) {
            if (j >= groupEnd) { // one column at a time crosses at most one group boundary
                ++g;
                groupEnd += a.groupSize;
            }
            out[a.perm ? a.perm[j] : j] = dequantCode(runCode(word, u, a.bits), sc[g], zr[g]);
        }
    }
    for (i64 k = threadIdx.x; k < a.weak; k += blockDim.x)
        out[a.weakIdx[k]] = f16ToFloat(a.weakWeight[r * a.weak + k]);
    if constexpr (STAGED) {
        __syncthreads();
        float* dst = a.W + r * a.cols;
        if (a.vec4) {
            for (i64 c = threadIdx.x; c < a.cols / 4; c += blockDim.x)
                reinterpret_cast<float4*>(dst)[c] = reinterpret_cast<const float4*>(rowBuf)[c];
        } else {
            for (i64 c = threadIdx.x; c < a.cols; c += blockDim.x) dst[c] = rowBuf[c];
        }
    }
}

// ---------- host side ----------

struct DeviceInfo {
    bool valid = false;
    int major = 0;
    int smemOptin = 0;  // largest dynamic shared memory a block may ask for
    bool pools = false; // cudaMallocAsync works
};

DeviceInfo deviceInfo() {
    int dev = 0;
    check(cudaGetDevice(&dev), "cudaGetDevice");
    static std::mutex mu;
    static std::vector<DeviceInfo> infos;
    std::lock_guard<std::mutex> lock(mu);
    if (std::size_t(dev) >= infos.size()) infos.resize(std::size_t(dev) + 1);
    DeviceInfo& d = infos[std::size_t(dev)];
    if (!d.valid) {
        int pools = 0;
        check(cudaDeviceGetAttribute(&d.major, cudaDevAttrComputeCapabilityMajor, dev),
              "cudaDeviceGetAttribute");
        check(cudaDeviceGetAttribute(&d.smemOptin, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev),
              "cudaDeviceGetAttribute");
        check(cudaDeviceGetAttribute(&pools, cudaDevAttrMemoryPoolsSupported, dev), "cudaDeviceGetAttribute");
        d.pools = pools != 0;
        check(cudaFuncSetAttribute(dequantKernel<true>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                   d.smemOptin),
              "cudaFuncSetAttribute");
        d.valid = true;
    }
    return d;
}

// Stream-ordered scratch memory (cudaMallocAsync); plain cudaMalloc where memory pools are unsupported.
class Scratch {
public:
    Scratch(std::size_t bytes, cudaStream_t stream, bool pools) : stream_(stream), async_(pools) {
        void* p = nullptr;
        if (async_)
            check(cudaMallocAsync(&p, bytes, stream_), "cudaMallocAsync");
        else
            check(cudaMalloc(&p, bytes), "cudaMalloc");
        p_ = static_cast<float*>(p);
    }
    ~Scratch() {
        if (async_) {
            cudaFreeAsync(p_, stream_);
        } else {
            cudaStreamSynchronize(stream_);
            cudaFree(p_);
        }
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    float* get() const { return p_; }

private:
    float* p_ = nullptr;
    cudaStream_t stream_;
    bool async_;
};

void validate(const PackedLinearView& v) {
    require(packedBitsSupported(v.bits), "bits must be 2, 3 or 4");
    require(v.rows >= 0 && v.dense >= 0 && v.weak >= 0 && v.dense + v.weak == v.cols, "dense + weak != cols");
    require(v.dense <= INT_MAX - kPackedBlockCols, "too many columns");
    require(v.rowBytes == packedRowBytes(v.dense, v.bits), "rowBytes does not match the layout");
    require(v.groupSize >= 0 && v.nGroups == packedGroups(v.dense, v.groupSize), "nGroups does not match");
    if (v.rows > 0 && v.dense > 0) require(v.qweight && v.scales && v.zeros, "null qweight, scales or zeros");
    if (v.rows > 0 && v.weak > 0) require(v.weakIdx && v.weakWeight, "null weak columns");
}

bool aligned(const void* p, std::uintptr_t n) {
    return reinterpret_cast<std::uintptr_t>(p) % n == 0;
}

int gridFor(i64 work, int perBlock, int cap) {
    return int(std::clamp<i64>((work + perBlock - 1) / perBlock, 1, cap));
}

} // namespace

bool cudaKernelsAvailable() {
    try {
        int n = 0;
        if (cudaGetDeviceCount(&n) != cudaSuccess || n <= 0) {
            cudaGetLastError(); // clear it
            return false;
        }
        int dev = 0, major = 0;
        if (cudaGetDevice(&dev) != cudaSuccess ||
            cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev) != cudaSuccess) {
            cudaGetLastError();
            return false;
        }
        return major >= 8; // the binary holds sm_80 and sm_90 code (and compute_90 PTX for newer chips)
    } catch (...) {
        return false;
    }
}

void setCudaKernelOptions(const CudaKernelOptions& options) {
    gProgrammaticLaunch = options.programmaticLaunch;
    gForceGeneric = options.forceGeneric;
}

CudaKernelOptions cudaKernelOptions() {
    CudaKernelOptions o;
    o.programmaticLaunch = gProgrammaticLaunch;
    o.forceGeneric = gForceGeneric;
    return o;
}

void dequantizeCuda(const PackedLinearView& v, float* W, void* stream) {
    validate(v);
    if (v.rows == 0 || v.cols == 0) return;
    require(W != nullptr, "null W");
    require(v.rows <= INT_MAX, "too many rows");
    const cudaStream_t s = static_cast<cudaStream_t>(stream);
    const DeviceInfo d = deviceInfo();
    DequantArgs a{v.qweight,  v.scales,  v.zeros,     v.perm, v.weakIdx, v.weakWeight, v.cols, v.dense,
                  v.rowBytes, v.nGroups, v.groupSize, v.weak, v.bits,    false,        W};
    a.vec4 = v.cols % 4 == 0 && aligned(W, 16);
    const std::size_t smem = std::size_t(v.cols) * sizeof(float);
    if (smem <= std::size_t(d.smemOptin))
        dequantKernel<true><<<unsigned(v.rows), kDequantThreads, smem, s>>>(a);
    else
        dequantKernel<false><<<unsigned(v.rows), kDequantThreads, 0, s>>>(a);
    check(cudaGetLastError(), "dequantize launch");
}

void gemmCuda(const PackedLinearView& v, const float* x, std::int64_t m, float* y, void* stream) {
    validate(v);
    if (m <= 0 || v.rows == 0) return;
    require(x != nullptr && y != nullptr, "null x or y");
    const cudaStream_t s = static_cast<cudaStream_t>(stream);
    const DeviceInfo d = deviceInfo();

    const i64 nBlocks = (v.dense + kPackedBlockCols - 1) / kPackedBlockCols;
    const i64 ldp = gemvXpStride(nBlocks);
    const i64 floats = m * (ldp + nBlocks + v.weak);
    Scratch scratch(std::size_t(std::max<i64>(floats, 4)) * sizeof(float), s, d.pools);
    float* xp = scratch.get();
    float* xs = xp + m * ldp;
    float* xw = xs + m * nBlocks;

    const bool gather = m * (nBlocks + v.weak) > 0;
    if (gather) {
        const GatherArgs g{x, v.perm, v.weakIdx, v.cols, m, v.dense, nBlocks, ldp, v.weak, xp, xs, xw};
        const int grid = gridFor(std::max(m * nBlocks * kWarp, m * v.weak), kGatherThreads, 8192);
        gatherKernel<<<grid, kGatherThreads, 0, s>>>(g);
        check(cudaGetLastError(), "gather launch");
    }

    const std::uintptr_t vecBytes = v.bits == 4 ? 16 : v.bits == 2 ? 8 : 4;
    const bool fast = !gForceGeneric && gemvBlocksWithinGroups(v) && aligned(v.qweight, vecBytes);
    PackedGemvArgs a = packedGemvArgs(v);

    cudaLaunchAttribute attr[1];
    attr[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attr[0].val.programmaticStreamSerializationAllowed = 1;
    cudaLaunchConfig_t cfg{};
    cfg.blockDim = dim3(kGemvThreads);
    cfg.dynamicSmemBytes = 0;
    cfg.stream = s;
    cfg.attrs = attr;
    // Only behind the gather: the GEMV's first weight loads may then run before the gather ends, never before
    // the work that preceded the gather in the stream (the gather starts after it, normally serialised).
    cfg.numAttrs = gather && gProgrammaticLaunch && d.major >= 9 ? 1 : 0;

    for (i64 c0 = 0; c0 < m; c0 += kMaxChunk) {
        const int mc = int(std::min<i64>(kMaxChunk, m - c0));
        a.xp = xp + c0 * ldp;
        a.xs = xs + c0 * nBlocks;
        a.xw = xw + c0 * v.weak;
        a.y = y + c0 * v.rows;
        GemvFn fn;
        i64 rowsPerCta;
        if (fast) {
            fn = v.bits == 2 ? fastGemv<2>(mc) : v.bits == 3 ? fastGemv<3>(mc) : fastGemv<4>(mc);
            rowsPerCta = gemvRowsPerCta(mc);
        } else {
            fn = genericGemv(mc);
            rowsPerCta = kGemvWarps;
        }
        const i64 grid = (v.rows + rowsPerCta - 1) / rowsPerCta;
        require(grid <= INT_MAX, "too many rows");
        cfg.gridDim = dim3(unsigned(grid));
        check(cudaLaunchKernelEx(&cfg, fn, a), "GEMV launch");
    }
}

} // namespace owq::kernels
