// The CUDA kernels of owq/kernels/packed_cuda.h against the CPU reference (packed_cpu.h) on random shapes:
// odd sizes, 2/3/4 bits, groups of 0/32/128 columns (and ragged ones, which take the generic GEMV), no, one
// or many weak columns, permutations, bias, m = 1..8 and a chunked m. dequantizeCuda must equal
// dequantizeReference bit for bit; gemmCuda must be within float summation error of gemmReference. Also
// the generic GEMV on every shape, PDL on and off, a misaligned qweight, rows too long for shared memory,
// CUDA graph capture, and argument errors.
//
// Skips (QSKIP) where cudaKernelsAvailable() is false: a build without CUDA or a machine without a GPU.
// Built twice: as a Qt Test (label gpu), and with OWQ_GPU_TEST_STANDALONE as a plain program without Qt
// (check_packed_cuda [CHECK...], bench/gpu/CMakeLists.txt) for GPU machines that have CUDA but no Qt; that
// one prints "N passed, N failed" and exits non-zero on a failure.
#include "../packed_testutil.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/kernels/packed_cuda.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef OWQ_GPU_TEST_STANDALONE
#include <QtTest>
#endif

using namespace owq::kernels;

namespace {

void cudaCheck(cudaError_t e, const char* what) {
    if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

void require(bool ok, const std::string& what) {
    if (!ok) throw std::runtime_error(what);
}

// A device copy of a host vector (or an uninitialised device array), freed on scope exit.
template <class T> class DeviceArray {
public:
    explicit DeviceArray(std::size_t n, std::size_t extraBytes = 0) : n_(n) {
        cudaCheck(cudaMalloc(&p_, std::max<std::size_t>(n * sizeof(T) + extraBytes, 1)), "cudaMalloc");
    }
    explicit DeviceArray(const std::vector<T>& h) : DeviceArray(h.size()) {
        if (!h.empty())
            cudaCheck(cudaMemcpy(p_, h.data(), h.size() * sizeof(T), cudaMemcpyHostToDevice), "upload");
    }
    ~DeviceArray() { cudaFree(p_); }
    DeviceArray(const DeviceArray&) = delete;
    DeviceArray& operator=(const DeviceArray&) = delete;
    T* get() const { return static_cast<T*>(p_); }
    std::vector<T> download() const {
        std::vector<T> h(n_);
        cudaCheck(cudaDeviceSynchronize(), "kernel");
        if (n_) cudaCheck(cudaMemcpy(h.data(), p_, n_ * sizeof(T), cudaMemcpyDeviceToHost), "download");
        return h;
    }

private:
    void* p_ = nullptr;
    std::size_t n_;
};

using HostLinear = owqtest::HostPackedLinear;

struct Shape {
    std::int64_t rows, cols, weak, group;
    bool perm, bias;
};

HostLinear makeLinear(std::mt19937& rng, int bits, const Shape& s) {
    HostLinear L;
    L.setShape(bits, s.rows, s.cols, s.weak, s.group);
    std::uniform_int_distribution<int> code(0, (1 << bits) - 1);
    std::uniform_real_distribution<float> scale(0.002f, 0.05f), w(-0.5f, 0.5f);
    std::vector<std::uint8_t> codes(static_cast<std::size_t>(s.rows * L.dense));
    for (auto& c : codes) c = std::uint8_t(code(rng));
    L.packFrom(codes.data());
    L.scales.resize(static_cast<std::size_t>(s.rows * L.nGroups));
    for (auto& v : L.scales) v = floatToF16(scale(rng));
    L.zeros.resize(L.scales.size());
    for (auto& z : L.zeros) z = std::uint8_t(code(rng));
    std::vector<std::int32_t> order(static_cast<std::size_t>(s.cols));
    std::iota(order.begin(), order.end(), 0);
    if (s.perm || s.weak > 0) std::shuffle(order.begin(), order.end(), rng);
    L.weakIdx.assign(order.begin(), order.begin() + s.weak);
    if (s.perm || s.weak > 0) L.perm.assign(order.begin() + s.weak, order.end());
    L.weakWeight.resize(static_cast<std::size_t>(s.rows * s.weak));
    for (auto& v : L.weakWeight) v = floatToF16(4.f * w(rng));
    if (s.bias) {
        L.bias.resize(static_cast<std::size_t>(s.rows));
        for (auto& b : L.bias) b = w(rng);
    }
    return L;
}

// The linear on the device; qweight optionally `offset` bytes past an aligned address.
struct DeviceLinear {
    DeviceArray<std::uint8_t> qweight;
    DeviceArray<std::uint16_t> scales;
    DeviceArray<std::uint8_t> zeros;
    DeviceArray<std::int32_t> perm, weakIdx;
    DeviceArray<std::uint16_t> weakWeight;
    DeviceArray<float> bias;
    std::size_t offset;
    PackedLinearView v;

    DeviceLinear(const HostLinear& h, std::size_t offset_ = 0)
        : qweight(h.qweight.size() + offset_), scales(h.scales), zeros(h.zeros), perm(h.perm),
          weakIdx(h.weakIdx), weakWeight(h.weakWeight), bias(h.bias), offset(offset_) {
        cudaCheck(
            cudaMemcpy(qweight.get() + offset, h.qweight.data(), h.qweight.size(), cudaMemcpyHostToDevice),
            "upload");
        v = h.view();
        v.qweight = qweight.get() + offset;
        v.scales = scales.get();
        v.zeros = zeros.get();
        v.perm = h.perm.empty() ? nullptr : perm.get();
        v.weakIdx = h.weakIdx.empty() ? nullptr : weakIdx.get();
        v.weakWeight = h.weakWeight.empty() ? nullptr : weakWeight.get();
        v.bias = h.bias.empty() ? nullptr : bias.get();
    }
};

std::string describe(const HostLinear& L, std::int64_t m) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "bits %d rows %lld cols %lld weak %lld group %lld perm %d bias %d m %lld",
                  L.bits, (long long)L.rows, (long long)L.cols, (long long)L.weak, (long long)L.groupSize,
                  int(!L.perm.empty()), int(!L.bias.empty()), (long long)m);
    return buf;
}

// gemmCuda against gemmReference: |y - ref| <= 5e-5 sum_c |W[r,c] x[c]| (+ |bias|).
void checkGemm(const HostLinear& L, const DeviceLinear& D, std::int64_t m, std::mt19937& rng,
               cudaStream_t stream, const char* path) {
    std::normal_distribution<float> nd(0.f, 1.f);
    std::vector<float> x(static_cast<std::size_t>(m * L.cols));
    for (auto& e : x) e = nd(rng);
    const PackedLinearView hv = L.view();
    std::vector<float> ref(static_cast<std::size_t>(m * L.rows)),
        W(static_cast<std::size_t>(L.rows * L.cols));
    gemmReference(hv, x.data(), m, ref.data());
    dequantizeReference(hv, W.data());
    DeviceArray<float> dx(x);
    DeviceArray<float> dy(ref.size());
    cudaCheck(cudaMemset(dy.get(), 0xff, ref.size() * sizeof(float)),
              "memset"); // NaN: unwritten outputs show
    gemmCuda(D.v, dx.get(), m, dy.get(), stream);
    const std::vector<float> y = dy.download();
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t r = 0; r < L.rows; ++r) {
            double mag = L.bias.empty() ? 0.0 : std::fabs(L.bias[std::size_t(r)]);
            for (std::int64_t c = 0; c < L.cols; ++c)
                mag += std::fabs(double(W[std::size_t(r * L.cols + c)]) * x[std::size_t(i * L.cols + c)]);
            const std::size_t k = std::size_t(i * L.rows + r);
            if (!(std::fabs(double(y[k]) - ref[k]) <= 5e-5 * mag + 1e-6)) {
                char buf[200];
                std::snprintf(buf, sizeof buf, ": y[%lld, %lld] = %.9g, reference %.9g (%s)", (long long)i,
                              (long long)r, double(y[k]), double(ref[k]), path);
                throw std::runtime_error("gemmCuda, " + describe(L, m) + buf);
            }
        }
}

void checkDequantize(const HostLinear& L, const DeviceLinear& D, cudaStream_t stream) {
    std::vector<float> ref(static_cast<std::size_t>(L.rows * L.cols));
    dequantizeReference(L.view(), ref.data());
    DeviceArray<float> dW(ref.size());
    cudaCheck(cudaMemset(dW.get(), 0xff, ref.size() * sizeof(float)), "memset");
    dequantizeCuda(D.v, dW.get(), stream);
    const std::vector<float> W = dW.download();
    for (std::size_t k = 0; k < ref.size(); ++k)
        if (std::memcmp(&W[k], &ref[k], sizeof(float)) != 0) {
            char buf[160];
            std::snprintf(buf, sizeof buf, ": W[%lld, %lld] = %.9g, reference %.9g", (long long)(k / L.cols),
                          (long long)(k % L.cols), double(W[k]), double(ref[k]));
            throw std::runtime_error("dequantizeCuda, " + describe(L, 0) + buf);
        }
}

// Restores the default kernel options on scope exit.
struct OptionsGuard {
    CudaKernelOptions saved = cudaKernelOptions();
    ~OptionsGuard() { setCudaKernelOptions(saved); }
};

const Shape kShapes[] = {
    {1, 1, 0, 0, false, false},    {7, 33, 0, 32, false, true},         {13, 100, 1, 0, true, false},
    {5, 257, 9, 128, true, true},  {9, 64, 64, 32, true, false},        {129, 1100, 13, 128, true, true},
    {33, 31, 2, 0, true, true},    {67, 4096 + 5, 40, 128, true, true}, {300, 515, 0, 0, false, true},
    {17, 777, 5, 96, true, false},
};

// ---------- the checks ----------

void gemmMatchesReference() {
    std::mt19937 rng(11);
    cudaStream_t stream = nullptr;
    cudaCheck(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
    try {
        for (const Shape& s : kShapes)
            for (int bits : {2, 3, 4}) {
                const HostLinear L = makeLinear(rng, bits, s);
                const DeviceLinear D(L);
                for (std::int64_t m = 1; m <= 8; ++m)
                    checkGemm(L, D, m, rng, m % 2 ? stream : nullptr, "fast");
                checkGemm(L, D, 11, rng, stream, "fast, chunked m"); // 8 + 3
            }
    } catch (...) {
        cudaStreamDestroy(stream);
        throw;
    }
    cudaStreamDestroy(stream);
}

void gemmGenericAndWithoutPdl() {
    OptionsGuard guard;
    std::mt19937 rng(12);
    for (bool generic : {true, false}) {
        CudaKernelOptions o;
        o.forceGeneric = generic;
        o.programmaticLaunch = false;
        setCudaKernelOptions(o);
        for (const Shape& s : kShapes)
            for (int bits : {2, 3, 4}) {
                const HostLinear L = makeLinear(rng, bits, s);
                const DeviceLinear D(L);
                for (std::int64_t m : {1, 3, 8})
                    checkGemm(L, D, m, rng, nullptr, generic ? "generic" : "no PDL");
            }
    }
}

void gemmRaggedGroupsAndMisaligned() {
    std::mt19937 rng(13);
    // Group sizes that are not a multiple of 32 take the generic GEMV; so does a qweight that is not aligned
    // to the vector loads (4-bit: 16 bytes, 2-bit: 8).
    for (std::int64_t group : {1, 8, 48, 100}) {
        const HostLinear L = makeLinear(rng, 3, {21, 301, 7, group, true, true});
        const DeviceLinear D(L);
        for (std::int64_t m : {1, 4}) checkGemm(L, D, m, rng, nullptr, "ragged groups");
        checkDequantize(L, D, nullptr);
    }
    for (int bits : {2, 3, 4}) {
        const HostLinear L = makeLinear(rng, bits, {19, 200, 3, 32, true, false});
        const DeviceLinear D(L, 4);
        checkGemm(L, D, 2, rng, nullptr, "misaligned qweight");
        checkDequantize(L, D, nullptr);
    }
}

void dequantizeMatchesReference() {
    std::mt19937 rng(14);
    for (const Shape& s : kShapes)
        for (int bits : {2, 3, 4}) {
            const HostLinear L = makeLinear(rng, bits, s);
            checkDequantize(L, DeviceLinear(L), nullptr);
        }
    // Rows longer than shared memory holds (>= 227 KB of floats): scattered straight to global memory.
    for (int bits : {3, 4}) {
        const HostLinear L = makeLinear(rng, bits, {3, 60001, 11, 128, true, true});
        checkDequantize(L, DeviceLinear(L), nullptr);
    }
}

void gemmInCudaGraph() {
    std::mt19937 rng(15);
    const HostLinear L = makeLinear(rng, 4, {96, 1000, 8, 128, true, true});
    const DeviceLinear D(L);
    std::normal_distribution<float> nd(0.f, 1.f);
    std::vector<float> x(static_cast<std::size_t>(2 * L.cols));
    for (auto& e : x) e = nd(rng);
    std::vector<float> ref(static_cast<std::size_t>(2 * L.rows));
    gemmReference(L.view(), x.data(), 2, ref.data());
    DeviceArray<float> dx(x), dy(ref.size());
    cudaStream_t stream = nullptr;
    cudaGraph_t graph = nullptr;
    cudaGraphExec_t exec = nullptr;
    cudaCheck(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
    gemmCuda(D.v, dx.get(), 2, dy.get(), stream); // first call outside the capture: one-time device setup
    cudaCheck(cudaStreamSynchronize(stream), "warm-up");
    cudaCheck(cudaMemset(dy.get(), 0, ref.size() * sizeof(float)), "memset");
    cudaCheck(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
    gemmCuda(D.v, dx.get(), 2, dy.get(), stream);
    cudaCheck(cudaStreamEndCapture(stream, &graph), "cudaStreamEndCapture");
    cudaCheck(cudaGraphInstantiate(&exec, graph, 0), "cudaGraphInstantiate");
    for (int rep = 0; rep < 3; ++rep) cudaCheck(cudaGraphLaunch(exec, stream), "cudaGraphLaunch");
    cudaCheck(cudaStreamSynchronize(stream), "graph");
    const std::vector<float> y = dy.download();
    cudaGraphExecDestroy(exec);
    cudaGraphDestroy(graph);
    cudaStreamDestroy(stream);
    for (std::size_t k = 0; k < ref.size(); ++k)
        require(std::fabs(y[k] - ref[k]) <= 1e-3f * (1.f + std::fabs(ref[k])),
                "gemmCuda in a CUDA graph: y[" + std::to_string(k) + "] differs");
}

void badArgumentsThrow() {
    std::mt19937 rng(16);
    const HostLinear L = makeLinear(rng, 4, {4, 64, 0, 32, false, false});
    const DeviceLinear D(L);
    DeviceArray<float> buf(1024);
    PackedLinearView bad = D.v;
    bad.bits = 5;
    bool threw = false;
    try {
        gemmCuda(bad, buf.get(), 1, buf.get(), nullptr);
    } catch (const std::runtime_error&) {
        threw = true;
    }
    require(threw, "gemmCuda accepted bits = 5");
    bad = D.v;
    bad.rowBytes += 4;
    threw = false;
    try {
        dequantizeCuda(bad, buf.get(), nullptr);
    } catch (const std::runtime_error&) {
        threw = true;
    }
    require(threw, "dequantizeCuda accepted a wrong rowBytes");
    gemmCuda(D.v, buf.get(), 0, buf.get(), nullptr); // m = 0: nothing to do
    cudaCheck(cudaDeviceSynchronize(), "sync");
}

struct NamedCheck {
    const char* name;
    void (*run)();
};

const NamedCheck kChecks[] = {
    {"gemmMatchesReference", gemmMatchesReference},
    {"gemmGenericAndWithoutPdl", gemmGenericAndWithoutPdl},
    {"gemmRaggedGroupsAndMisaligned", gemmRaggedGroupsAndMisaligned},
    {"dequantizeMatchesReference", dequantizeMatchesReference},
    {"gemmInCudaGraph", gemmInCudaGraph},
    {"badArgumentsThrow", badArgumentsThrow},
};

// "" when the check passed, else what failed.
std::string runCheck(const char* name) {
    for (const NamedCheck& c : kChecks)
        if (std::string(c.name) == name) {
            try {
                c.run();
                return {};
            } catch (const std::exception& e) {
                return e.what();
            }
        }
    return std::string("no check named ") + name;
}

} // namespace

#ifdef OWQ_GPU_TEST_STANDALONE

// check_packed_cuda [CHECK...]: all checks, or the ones named.
int main(int argc, char** argv) {
    if (!cudaKernelsAvailable()) {
        std::printf("skipped: no CUDA device (or a build without CUDA)\n0 passed, 0 failed, 1 skipped\n");
        return 0;
    }
    cudaDeviceProp prop{};
    int dev = 0;
    cudaGetDevice(&dev);
    cudaGetDeviceProperties(&prop, dev);
    std::printf("device %d: %s (sm_%d%d)\n", dev, prop.name, prop.major, prop.minor);
    std::vector<std::string> names;
    for (int i = 1; i < argc; ++i) names.emplace_back(argv[i]);
    if (names.empty())
        for (const NamedCheck& c : kChecks) names.emplace_back(c.name);
    int passed = 0, failed = 0;
    for (const std::string& name : names) {
        const std::string err = runCheck(name.c_str());
        std::printf("%s: %s%s\n", err.empty() ? "PASS" : "FAIL", name.c_str(),
                    err.empty() ? "" : (" -- " + err).c_str());
        std::fflush(stdout);
        (err.empty() ? passed : failed)++;
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#else

class TestPackedCuda : public QObject {
    Q_OBJECT

    static void run(const char* name) {
        if (!cudaKernelsAvailable()) QSKIP("no CUDA device");
        const std::string err = runCheck(name);
        if (!err.empty()) QFAIL(err.c_str());
    }

private slots:
    void gemmMatchesReference() { run("gemmMatchesReference"); }
    void gemmGenericAndWithoutPdl() { run("gemmGenericAndWithoutPdl"); }
    void gemmRaggedGroupsAndMisaligned() { run("gemmRaggedGroupsAndMisaligned"); }
    void dequantizeMatchesReference() { run("dequantizeMatchesReference"); }
    void gemmInCudaGraph() { run("gemmInCudaGraph"); }
    void badArgumentsThrow() { run("badArgumentsThrow"); }
};

// Without a device every check would skip: end before Qt Test runs with CTest's skip code (77, the
// SKIP_RETURN_CODE of tests/CMakeLists.txt), so a summary says "Not Run / Skipped", not "Passed".
int main(int argc, char** argv) {
    if (!cudaKernelsAvailable()) {
        std::printf("SKIP: no CUDA device (or a build without CUDA kernels): every check skipped\n");
        return 77;
    }
    QCoreApplication app(argc, argv);
    TestPackedCuda test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_packed_cuda.moc"

#endif
