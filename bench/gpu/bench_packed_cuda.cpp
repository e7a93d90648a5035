// GEMV timing of the packed CUDA kernels (owq/kernels/packed_cuda.h) on LLaMA-7B linear shapes at 3 and 4
// bits, against the device's peak memory bandwidth and against cuBLAS on the same shape in fp16 (m = 1, the
// decode step). Weights are rotated through enough copies to exceed 3x the L2 cache, so every call reads its
// weights from HBM. Two timings per configuration: "stream" (back-to-back calls from the host, launch costs
// included) and "graph" (the same calls captured once in a CUDA graph and replayed, so host launch overhead
// is gone and what is left is the GPU's own time per call, gaps between kernels included).
//
// GB/s counts the bytes a call must read of its weights: codes, scales, zeros and weak columns for OWQ,
// rows * cols * 2 for fp16. Peak = 2 * memory clock * bus width (cudaDevAttrMemoryClockRate,
// cudaDevAttrGlobalMemoryBusWidth). Usage: bench_packed_cuda [--quick] [--shape ROWSxCOLS]... (runs only on
// a machine with a CUDA GPU; bench/gpu/check_packed_kernels.sh runs it).
#include "../../tests/packed_testutil.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/kernels/packed_cuda.h"

#include <cublas_v2.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace owq::kernels;

namespace {

void cudaCheck(cudaError_t e, const char* what) {
    if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

void cublasCheck(cublasStatus_t s, const char* what) {
    if (s != CUBLAS_STATUS_SUCCESS)
        throw std::runtime_error(std::string(what) + ": cuBLAS status " + std::to_string(s));
}

// Device memory freed on scope exit.
struct DeviceMem {
    void* p = nullptr;
    explicit DeviceMem(std::size_t bytes) {
        cudaCheck(cudaMalloc(&p, std::max<std::size_t>(bytes, 1)), "cudaMalloc");
    }
    ~DeviceMem() { cudaFree(p); }
    DeviceMem(const DeviceMem&) = delete;
    DeviceMem& operator=(const DeviceMem&) = delete;
    template <class T> T* as() const { return static_cast<T*>(p); }
};

template <class T> std::unique_ptr<DeviceMem> upload(const std::vector<T>& h) {
    auto d = std::make_unique<DeviceMem>(h.size() * sizeof(T));
    if (!h.empty())
        cudaCheck(cudaMemcpy(d->p, h.data(), h.size() * sizeof(T), cudaMemcpyHostToDevice), "upload");
    return d;
}

// An OWQ-style linear: group 128, `weak` weak columns, a random permutation, bias.
owqtest::HostPackedLinear makeLinear(int bits, std::int64_t rows, std::int64_t cols, std::int64_t weak,
                                     unsigned seed) {
    std::mt19937 rng(seed);
    owqtest::HostPackedLinear L;
    L.setShape(bits, rows, cols, weak, /*group=*/128);
    std::vector<std::uint8_t> codes(static_cast<std::size_t>(rows * L.dense));
    std::uniform_int_distribution<int> code(0, (1 << bits) - 1);
    for (auto& c : codes) c = std::uint8_t(code(rng));
    L.packFrom(codes.data());
    std::uniform_real_distribution<float> u(0.002f, 0.02f);
    L.scales.resize(static_cast<std::size_t>(rows * L.nGroups));
    for (auto& s : L.scales) s = floatToF16(u(rng));
    L.zeros.resize(L.scales.size());
    for (auto& z : L.zeros) z = std::uint8_t(code(rng));
    std::vector<std::int32_t> order(static_cast<std::size_t>(cols));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    L.weakIdx.assign(order.begin(), order.begin() + weak);
    L.perm.assign(order.begin() + weak, order.end());
    L.weakWeight.resize(static_cast<std::size_t>(rows * weak));
    for (auto& w : L.weakWeight) w = floatToF16(u(rng) * 10.f);
    L.bias.assign(static_cast<std::size_t>(rows), 0.01f);
    return L;
}

// One device copy of the linear.
struct DeviceLinear {
    std::unique_ptr<DeviceMem> qweight, scales, zeros, perm, weakIdx, weakWeight, bias;
    PackedLinearView v;
    explicit DeviceLinear(const owqtest::HostPackedLinear& h)
        : qweight(upload(h.qweight)), scales(upload(h.scales)), zeros(upload(h.zeros)), perm(upload(h.perm)),
          weakIdx(upload(h.weakIdx)), weakWeight(upload(h.weakWeight)), bias(upload(h.bias)), v(h.view()) {
        v.qweight = qweight->as<std::uint8_t>();
        v.scales = scales->as<std::uint16_t>();
        v.zeros = zeros->as<std::uint8_t>();
        v.perm = perm->as<std::int32_t>();
        v.weakIdx = weakIdx->as<std::int32_t>();
        v.weakWeight = weakWeight->as<std::uint16_t>();
        v.bias = bias->as<float>();
    }
};

// Mean GPU time of one call of `call(i)` (i cycles over copies), in microseconds.
template <class Call> double timeStream(cudaStream_t s, int iters, Call&& call) {
    for (int i = 0; i < 10; ++i) call(i);
    cudaEvent_t a, b;
    cudaCheck(cudaEventCreate(&a), "event");
    cudaCheck(cudaEventCreate(&b), "event");
    cudaCheck(cudaEventRecord(a, s), "event");
    for (int i = 0; i < iters; ++i) call(i);
    cudaCheck(cudaEventRecord(b, s), "event");
    cudaCheck(cudaEventSynchronize(b), "sync");
    float ms = 0;
    cudaCheck(cudaEventElapsedTime(&ms, a, b), "elapsed");
    cudaEventDestroy(a);
    cudaEventDestroy(b);
    return 1000.0 * ms / iters;
}

template <class Call> double timeGraph(cudaStream_t s, int iters, Call&& call) {
    call(0); // one-time setup outside the capture
    cudaCheck(cudaStreamSynchronize(s), "sync");
    cudaGraph_t graph;
    cudaGraphExec_t exec;
    cudaCheck(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal), "capture");
    for (int i = 0; i < iters; ++i) call(i);
    cudaCheck(cudaStreamEndCapture(s, &graph), "capture");
    cudaCheck(cudaGraphInstantiate(&exec, graph, 0), "instantiate");
    cudaCheck(cudaGraphLaunch(exec, s), "graph warm-up");
    cudaEvent_t a, b;
    cudaCheck(cudaEventCreate(&a), "event");
    cudaCheck(cudaEventCreate(&b), "event");
    const int reps = 5;
    cudaCheck(cudaEventRecord(a, s), "event");
    for (int r = 0; r < reps; ++r) cudaCheck(cudaGraphLaunch(exec, s), "graph");
    cudaCheck(cudaEventRecord(b, s), "event");
    cudaCheck(cudaEventSynchronize(b), "sync");
    float ms = 0;
    cudaCheck(cudaEventElapsedTime(&ms, a, b), "elapsed");
    cudaEventDestroy(a);
    cudaEventDestroy(b);
    cudaGraphExecDestroy(exec);
    cudaGraphDestroy(graph);
    return 1000.0 * ms / (reps * iters);
}

struct Device {
    std::string name;
    int sms = 0, l2 = 0;
    double peakGBs = 0;
};

Device describeDevice() {
    int dev = 0, clockKHz = 0, busBits = 0;
    cudaCheck(cudaGetDevice(&dev), "device");
    cudaDeviceProp p{};
    cudaCheck(cudaGetDeviceProperties(&p, dev), "properties");
    cudaCheck(cudaDeviceGetAttribute(&clockKHz, cudaDevAttrMemoryClockRate, dev), "attribute");
    cudaCheck(cudaDeviceGetAttribute(&busBits, cudaDevAttrGlobalMemoryBusWidth, dev), "attribute");
    Device d;
    d.name = p.name;
    d.sms = p.multiProcessorCount;
    d.l2 = p.l2CacheSize;
    d.peakGBs = 2.0 * clockKHz * 1e3 * (busBits / 8.0) / 1e9;
    return d;
}

void printRow(const char* shape, const char* kind, const char* variant, int m, const char* mode, double us,
              std::size_t bytes, const Device& d) {
    const double gbs = double(bytes) / (us * 1e-6) / 1e9;
    std::printf("| %-11s | %-10s | %-12s | %d | %-6s | %8.2f | %7.0f | %5.1f%% |\n", shape, kind, variant, m,
                mode, us, gbs, 100.0 * gbs / d.peakGBs);
    std::fflush(stdout);
}

// Relative error of gemmCuda (m = 1) against the CPU reference, as a sanity check of what is timed.
double checkAgainstReference(const owqtest::HostPackedLinear& h, const DeviceLinear& d, cudaStream_t s) {
    std::vector<float> x(static_cast<std::size_t>(h.cols)), ref(static_cast<std::size_t>(h.rows));
    std::mt19937 rng(7);
    std::normal_distribution<float> nd(0.f, 1.f);
    for (auto& e : x) e = nd(rng);
    gemmReference(h.view(), x.data(), 1, ref.data());
    DeviceMem dx(x.size() * 4), dy(ref.size() * 4);
    cudaCheck(cudaMemcpy(dx.p, x.data(), x.size() * 4, cudaMemcpyHostToDevice), "upload");
    gemmCuda(d.v, dx.as<float>(), 1, dy.as<float>(), s);
    std::vector<float> y(ref.size());
    cudaCheck(cudaStreamSynchronize(s), "sync");
    cudaCheck(cudaMemcpy(y.data(), dy.p, y.size() * 4, cudaMemcpyDeviceToHost), "download");
    double num = 0, den = 0;
    for (std::size_t r = 0; r < y.size(); ++r) {
        num = std::max(num, double(std::fabs(y[r] - ref[r])));
        den = std::max(den, double(std::fabs(ref[r])));
    }
    return num / std::max(den, 1e-30);
}

} // namespace

int main(int argc, char** argv) {
    try {
        bool quick = false;
        std::vector<std::pair<std::int64_t, std::int64_t>> shapes;
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            long long r = 0, c = 0;
            if (a == "--quick")
                quick = true;
            else if (a == "--shape" && i + 1 < argc && std::sscanf(argv[i + 1], "%lldx%lld", &r, &c) == 2) {
                shapes.emplace_back(r, c);
                ++i;
            } else {
                std::fprintf(stderr, "usage: %s [--quick] [--shape ROWSxCOLS]...\n", argv[0]);
                return 2;
            }
        }
        if (shapes.empty()) shapes = {{4096, 4096}, {4096, 11008}, {11008, 4096}};
        if (!cudaKernelsAvailable()) {
            std::printf("no CUDA device (or a build without CUDA): nothing to time\n");
            return 0;
        }
        const Device dev = describeDevice();
        std::printf("device: %s, %d SMs, L2 %.0f MB, peak memory bandwidth %.0f GB/s\n", dev.name.c_str(),
                    dev.sms, dev.l2 / 1e6, dev.peakGBs);
        const int iters = quick ? 50 : 200;
        cudaStream_t s;
        cudaCheck(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), "stream");
        cublasHandle_t blas;
        cublasCheck(cublasCreate(&blas), "cublasCreate");
        cublasCheck(cublasSetStream(blas, s), "cublasSetStream");
        DeviceMem blasWorkspace(32u << 20); // explicit, so that graph capture never allocates
        cublasCheck(cublasSetWorkspace(blas, blasWorkspace.p, 32u << 20), "cublasSetWorkspace");

        std::printf("\n| shape (rows x cols) | kernel | variant | m | timing | us/call | GB/s | of peak |\n");
        std::printf("| --- | --- | --- | --- | --- | ---: | ---: | ---: |\n");
        for (const auto& [rows, cols] : shapes) {
            char shape[32];
            std::snprintf(shape, sizeof shape, "%lldx%lld", (long long)rows, (long long)cols);
            for (int bits : {3, 4}) {
                const owqtest::HostPackedLinear h =
                    makeLinear(bits, rows, cols, cols / 128, 1000u + unsigned(bits));
                const std::size_t bytes = std::size_t(h.weightBytes()); // what one GEMV must read
                const int copies =
                    int(std::max<std::size_t>(2, (3 * std::size_t(dev.l2) + bytes - 1) / bytes));
                std::vector<std::unique_ptr<DeviceLinear>> d;
                for (int k = 0; k < copies; ++k) d.push_back(std::make_unique<DeviceLinear>(h));
                const double err = checkAgainstReference(h, *d[0], s);
                if (!(err < 1e-4))
                    throw std::runtime_error("gemmCuda disagrees with the reference: " + std::to_string(err));
                char kind[32];
                std::snprintf(kind, sizeof kind, "owq %d-bit", bits);
                DeviceMem x(std::size_t(8 * cols) * 4), y(std::size_t(8 * rows) * 4);
                cudaCheck(cudaMemset(x.p, 0, std::size_t(8 * cols) * 4), "memset");
                struct Variant {
                    const char* name;
                    bool pdl, generic;
                };
                for (const Variant& var : {Variant{"fast", true, false}, Variant{"fast no-PDL", false, false},
                                           Variant{"generic", false, true}}) {
                    CudaKernelOptions o;
                    o.programmaticLaunch = var.pdl;
                    o.forceGeneric = var.generic;
                    setCudaKernelOptions(o);
                    for (int m : {1, 4, 8}) {
                        if (m > 1 && var.generic) continue;
                        auto call = [&](int i) {
                            gemmCuda(d[std::size_t(i % copies)]->v, x.as<float>(), m, y.as<float>(), s);
                        };
                        if (m == 1 && !var.generic)
                            printRow(shape, kind, var.name, m, "stream", timeStream(s, iters, call), bytes,
                                     dev);
                        printRow(shape, kind, var.name, m, "graph", timeGraph(s, iters, call), bytes, dev);
                    }
                }
                setCudaKernelOptions({});
                // Dequantize (writes rows * cols floats): GB/s here counts the bytes written.
                DeviceMem W(std::size_t(rows * cols) * 4);
                const double us = timeStream(s, quick ? 10 : 40, [&](int i) {
                    dequantizeCuda(d[std::size_t(i % copies)]->v, W.as<float>(), s);
                });
                printRow(shape, kind, "dequantize", 0, "stream", us, std::size_t(rows * cols) * 4, dev);
            }
            // cuBLAS fp16 GEMV on the same shape.
            const std::size_t wBytes = std::size_t(rows * cols) * 2;
            const int copies = int(std::max<std::size_t>(2, (3 * std::size_t(dev.l2) + wBytes - 1) / wBytes));
            std::vector<std::unique_ptr<DeviceMem>> w;
            for (int k = 0; k < copies; ++k) {
                w.push_back(std::make_unique<DeviceMem>(wBytes));
                cudaCheck(cudaMemset(w.back()->p, 0x11, wBytes), "memset"); // small finite halves
            }
            DeviceMem x(std::size_t(cols) * 2), y(std::size_t(rows) * 2);
            cudaCheck(cudaMemset(x.p, 0x11, std::size_t(cols) * 2), "memset");
            const float alpha = 1.f, beta = 0.f;
            auto gemv = [&](int i) {
                cublasCheck(cublasGemmEx(blas, CUBLAS_OP_T, CUBLAS_OP_N, int(rows), 1, int(cols), &alpha,
                                         w[std::size_t(i % copies)]->p, CUDA_R_16F, int(cols), x.p,
                                         CUDA_R_16F, int(cols), &beta, y.p, CUDA_R_16F, int(rows),
                                         CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
                            "cublasGemmEx");
            };
            printRow(shape, "cublas fp16", "GemmEx", 1, "stream", timeStream(s, iters, gemv), wBytes, dev);
            printRow(shape, "cublas fp16", "GemmEx", 1, "graph", timeGraph(s, iters, gemv), wBytes, dev);
        }
        cublasDestroy(blas);
        cudaStreamDestroy(s);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_packed_cuda: %s\n", e.what());
        return 1;
    }
}
