// Speed of the packed CPU kernels (owq/kernels/packed_cpu.h) on decode-sized products, y = x W^T with x one
// token (m = 1 by default), against the machine's memory bandwidth and against float32 at::matmul.
//
// Bandwidth: a multi-threaded memcpy of --bw-mb MiB (reported as bytes copied per second; the memory moves
// twice that) and a multi-threaded read-only streaming sum over the same buffer, the ceiling for a GEMV.
//
// Each case packs random codes (rows x cols = out x in, `bits`, group size, a fraction of weak columns with a
// random permutation) and times gemm per ISA path: the median of many calls (with --repeat N the whole sweep
// runs N times and each case keeps its fastest median, the bandwidth its best sweep). "GB/s" counts the
// weight bytes each call must read (qweight + fp16 scales + u8 zeros + fp16 weak columns), "% bw" divides by
// the streaming sum. Two modes: "cold" rotates through copies of the weights filling --pool-mb MiB, so every
// call streams them from DRAM as in a real decode step (the CPU's last-level cache is large); "hot" reuses
// one copy, which may then sit in the cache. The float32 baseline is the faster of at::matmul(W, x) (x a
// vector when m = 1: BLAS sgemv) and at::matmul(x [m, in], W^T) (sgemm, what at::linear runs), with
// LibTorch's thread count set to the same number of threads, its weights rotated over copies the same way in
// cold mode.
#include "../tests/packed_testutil.h"
#include "owq/engine.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/process.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace ok = owq::kernels;

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

double g_lastMin = 0; // the fastest call of the last medianSeconds

// The 1-minute load average (other work on the machine skews every number here).
double loadAverage() {
    double l = -1;
    if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &l) != 1) l = -1;
        std::fclose(f);
    }
    return l;
}

// Median seconds per call of f(iteration), after a warm-up, over at least minIters calls and minTime seconds.
template <class F> double medianSeconds(F&& f, double minTime, int minIters = 7, int maxIters = 5000) {
    for (int i = 0; i < 3; ++i) f(i);
    std::vector<double> t;
    const auto start = Clock::now();
    for (int i = 0; i < maxIters; ++i) {
        const auto a = Clock::now();
        f(i + 3);
        const auto b = Clock::now();
        t.push_back(seconds(a, b));
        if (int(t.size()) >= minIters && seconds(start, b) >= minTime) break;
    }
    g_lastMin = *std::min_element(t.begin(), t.end());
    std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
    return t[t.size() / 2];
}

struct Bandwidth {
    double copyGBs = 0, readGBs = 0;
};

typedef float V16 __attribute__((vector_size(64)));

// Sum of f[b, e): four independent vector accumulators (GCC vector extensions). Built for the widest vectors
// the CPU has: at the build's SSE2 baseline an Intel Xeon (2 cores, 2.3 GHz) streams 13-16 GB/s with this
// loop and 25-27 GB/s with AVX-512 loads, and the kernels it is the roofline for read 17-19 GB/s.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
float rangeSum(const V16* f, std::int64_t b, std::int64_t e) {
    V16 a0 = {}, a1 = {}, a2 = {}, a3 = {};
    std::int64_t k = b;
    for (; k + 4 <= e; k += 4) {
        a0 += f[k];
        a1 += f[k + 1];
        a2 += f[k + 2];
        a3 += f[k + 3];
    }
    for (; k < e; ++k) a0 += f[k];
    const V16 s = (a0 + a1) + (a2 + a3);
    float total = 0;
    for (int l = 0; l < 16; ++l) total += s[l];
    return total;
}

Bandwidth measureBandwidth(std::size_t mib, int threads) {
    const std::size_t n = mib << 20;
    std::vector<char> src(n), dst(n);
    // Touch every page first, from the threads that will read them; the source holds 1.0f everywhere.
    const float one = 1.0f;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::int64_t i = 0; i < std::int64_t(n); i += 4096) {
        for (std::int64_t k = 0; k < 4096; k += 4) std::memcpy(src.data() + i + k, &one, 4);
        dst[std::size_t(i)] = 0;
    }
    Bandwidth bw;
    const double tCopy = medianSeconds(
        [&](int) {
#pragma omp parallel num_threads(threads)
            {
                const int t = omp_get_thread_num(), T = omp_get_num_threads();
                const std::size_t b = n / std::size_t(T) * std::size_t(t);
                const std::size_t e = t == T - 1 ? n : n / std::size_t(T) * std::size_t(t + 1);
                std::memcpy(dst.data() + b, src.data() + b, e - b);
            }
        },
        1.0, 3, 20);
    bw.copyGBs = double(n) / tCopy / 1e9;
    // The read-only sum, each thread over its own contiguous part.
    const V16* f = reinterpret_cast<const V16*>(src.data());
    const std::int64_t nv = std::int64_t(n / sizeof(V16));
    volatile float sink = 0;
    const double tRead = medianSeconds(
        [&](int) {
            float total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
            {
                const std::int64_t t = omp_get_thread_num(), T = omp_get_num_threads();
                total += rangeSum(f, nv / T * t, t == T - 1 ? nv : nv / T * (t + 1));
            }
            sink = sink + total;
        },
        1.0, 3, 20);
    bw.readGBs = double(n) / tRead / 1e9;
    return bw;
}

// One packed linear's buffers (one copy of the rotation pool).
struct Case {
    std::int64_t rows, cols;
    int bits;
    std::int64_t group, weak;
};

std::vector<std::int64_t> parseList(const std::string& s) {
    std::vector<std::int64_t> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(std::stoll(item));
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> parseShapes(const std::string& s) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto x = item.find('x');
        if (x == std::string::npos) throw std::runtime_error("shape '" + item + "' is not ROWSxCOLS");
        out.emplace_back(std::stoll(item.substr(0, x)), std::stoll(item.substr(x + 1)));
    }
    return out;
}

// One timed case: the fastest median over the sweeps (--repeat), so a sweep that shared the machine with
// other work does not decide the number.
struct Result {
    std::int64_t rows = 0, cols = 0, bits = 0, group = 0, weak = 0, m = 0;
    std::string path, mode;
    double weightBytes = 0;
    double seconds = 1e30, minSeconds = 1e30, fp32 = 1e30, fp32Mm = 1e30;
};

} // namespace

int main(int argc, char** argv) {
    owq::reexecWithShortOpenMPSpin(argv);
    int threads = 0, repeat = 1;
    std::string shapes = "4096x4096,11008x4096,4096x11008", bitsList = "3,4", groups = "0,128", isas = "all",
                mList = "1", modes = "cold,hot", jsonOut;
    std::vector<double> weakFracs{0.0, 0.01};
    double minTime = 0.3;
    std::size_t poolMiB = 512, bwMiB = 1024;
    bool noTorch = false;
    CLI::App app{"Time the packed CPU GEMV kernels against memory bandwidth and float32 at::matmul"};
    app.add_option("--threads", threads, "threads (0: all cores)");
    app.add_option("--shapes", shapes, "ROWSxCOLS list (out x in)");
    app.add_option("--bits", bitsList, "bit widths");
    app.add_option("--groups", groups, "group sizes (0: per channel)");
    app.add_option("--weak-frac", weakFracs, "fractions of weak columns")->delimiter(',');
    app.add_option(
        "--isa", isas,
        "paths: all or a list of scalar,avx2,avx512,avx512vbmi,avx512vnni,avx512vnni-int8 (the last: "
        "avx512vnni with 8-bit activations, ActivationRounding::Int8)");
    app.add_option("--m", mList, "activation rows (tokens)");
    app.add_option("--modes", modes, "cold (weights rotated through --pool-mb, from DRAM) and/or hot");
    app.add_option("--pool-mb", poolMiB, "size of the rotation pool in cold mode, MiB");
    app.add_option("--bw-mb", bwMiB, "buffer for the bandwidth measurement, MiB");
    app.add_option("--min-time", minTime, "seconds per measurement (at least)");
    app.add_option("--repeat", repeat, "sweeps; each case keeps its fastest median (and bandwidth its best)");
    app.add_flag("--no-torch", noTorch, "skip the float32 baseline");
    app.add_option("--json", jsonOut, "also write the results as JSON");
    CLI11_PARSE(app, argc, argv);

    owq::initRuntime(threads);
    threads = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
    ok::setCpuThreads(threads);

    struct Path {
        ok::CpuIsa isa;
        ok::ActivationRounding rounding;
        std::string name;
    };
    std::vector<Path> paths;
    const ok::CpuIsa best = ok::detectPackedCpuIsa();
    const std::string isaList = "," + isas + ",";
    // Whole names: "avx512" must not select avx512vbmi too.
    auto listed = [&](const std::string& name) {
        return isas == "all" || isaList.find("," + name + ",") != std::string::npos;
    };
    for (ok::CpuIsa isa : ok::kAllCpuIsas) {
        if (!ok::cpuRunsPackedPath(isa)) continue; // the CPU (or this build) lacks it
        const std::string name = ok::cpuIsaName(isa);
        if (listed(name)) paths.push_back({isa, ok::ActivationRounding::Split15, name});
        if (isa == ok::CpuIsa::Avx512Vnni && listed(name + "-int8"))
            paths.push_back({isa, ok::ActivationRounding::Int8, name + "-int8"});
    }
    const bool doCold = modes.find("cold") != std::string::npos,
               doHot = modes.find("hot") != std::string::npos;

    std::printf("threads %d (kernels %d, LibTorch %d), best path %s, %d sweep(s), load average %.2f\n",
                threads, ok::cpuThreads(), at::get_num_threads(), ok::cpuIsaName(best), repeat,
                loadAverage());
    nlohmann::json js;
    js["threads"] = threads;
    js["best_path"] = ok::cpuIsaName(best);
    js["repeat"] = repeat;
    js["load_average"] = nlohmann::json::array();
    Bandwidth bw;
    std::vector<Result> results;
    for (int sweep = 0; sweep < repeat; ++sweep) {
        js["load_average"].push_back(loadAverage());
        const Bandwidth b = measureBandwidth(bwMiB, threads);
        std::printf("sweep %d: memcpy %.1f GB/s, read-only sum %.1f GB/s, load average %.2f\n", sweep + 1,
                    b.copyGBs, b.readGBs, loadAverage());
        std::fflush(stdout);
        bw.copyGBs = std::max(bw.copyGBs, b.copyGBs);
        bw.readGBs = std::max(bw.readGBs, b.readGBs);
        std::size_t next = 0; // index into results, the same order every sweep
        std::mt19937 rng(1);
        for (const auto& [rows, cols] : parseShapes(shapes))
            for (std::int64_t bits : parseList(bitsList))
                for (std::int64_t group : parseList(groups))
                    for (double wf : weakFracs) {
                        const std::int64_t weak = std::int64_t(std::llround(wf * double(cols)));
                        const owqtest::HostPackedLinear base =
                            owqtest::randomPackedLinear(int(bits), rows, cols, weak, group, rng);
                        const double weightBytes = base.weightBytes();
                        const std::size_t copies =
                            doCold ? std::max<std::size_t>(
                                         2, std::size_t(double(poolMiB << 20) / weightBytes) + 1)
                                   : 1;
                        const std::vector<owqtest::HostPackedLinear> pool(copies, base);
                        auto viewOf = [&](std::size_t k) { return pool[k].view(); };
                        // Float32 weights for the baseline: the same linear, dequantized.
                        const std::size_t fcopies =
                            doCold
                                ? std::max<std::size_t>(2, (poolMiB << 20) / std::size_t(4 * rows * cols) + 1)
                                : 1;
                        std::vector<at::Tensor> Wf;
                        if (!noTorch) {
                            at::Tensor W = at::empty({rows, cols}, at::kFloat);
                            ok::dequantize(viewOf(0), W.data_ptr<float>());
                            for (std::size_t k = 0; k < fcopies; ++k) Wf.push_back(k == 0 ? W : W.clone());
                        }
                        for (std::int64_t m : parseList(mList)) {
                            at::Tensor x = at::randn({m, cols}, at::kFloat);
                            std::vector<float> y(std::size_t(m * rows));
                            for (int cold = 1; cold >= 0; --cold) {
                                if ((cold && !doCold) || (!cold && !doHot)) continue;
                                const std::size_t nc = cold ? copies : 1, nfc = cold ? Wf.size() : 1;
                                // m = 1: at::matmul(W, x) with x a vector (LibTorch runs BLAS sgemv); the
                                // [1, in] x [in, out] form (what at::linear runs: sgemm) is timed too.
                                double fp32 = 1e30, fp32Mm = 1e30;
                                if (!noTorch) {
                                    const at::Tensor xv = x.reshape({m * cols}); // the vector when m = 1
                                    if (m == 1)
                                        fp32 = medianSeconds(
                                            [&](int i) { (void)at::matmul(Wf[std::size_t(i) % nfc], xv); },
                                            minTime);
                                    fp32Mm = medianSeconds(
                                        [&](int i) { (void)at::matmul(x, Wf[std::size_t(i) % nfc].t()); },
                                        minTime);
                                }
                                for (const Path& p : paths) {
                                    const double t = medianSeconds(
                                        [&](int i) {
                                            ok::gemm(viewOf(std::size_t(i) % nc), x.data_ptr<float>(), m,
                                                     y.data(), p.isa, p.rounding);
                                        },
                                        minTime);
                                    if (next == results.size()) results.emplace_back();
                                    Result& r = results[next++];
                                    r.rows = rows;
                                    r.cols = cols;
                                    r.bits = bits;
                                    r.group = group;
                                    r.weak = weak;
                                    r.m = m;
                                    r.path = p.name;
                                    r.mode = cold ? "cold" : "hot";
                                    r.weightBytes = weightBytes;
                                    r.seconds = std::min(r.seconds, t);
                                    r.minSeconds = std::min(r.minSeconds, g_lastMin);
                                    r.fp32 = std::min(r.fp32, fp32);
                                    r.fp32Mm = std::min(r.fp32Mm, fp32Mm);
                                }
                            }
                        }
                    }
    }

    std::printf("\nmemory bandwidth (%zu MiB, %d threads, best of %d): memcpy %.1f GB/s copied (%.1f GB/s "
                "moved), read-only sum %.1f GB/s\n\n",
                bwMiB, threads, repeat, bw.copyGBs, 2 * bw.copyGBs, bw.readGBs);
    js["memcpy_GBs"] = bw.copyGBs;
    js["read_GBs"] = bw.readGBs;
    js["results"] = nlohmann::json::array();
    std::printf("%-11s %4s %5s %5s %3s %-6s %-5s %10s %8s %6s %10s %8s\n", "out x in", "bits", "group",
                "weak", "m", "path", "mode", "us/call", "GB/s", "% bw", "fp32 us", "speed-up");
    for (const Result& r : results) {
        const double fp32 = noTorch ? 0.0 : std::min(r.fp32, r.fp32Mm);
        const double gbs = r.weightBytes / r.seconds / 1e9;
        char shape[32];
        std::snprintf(shape, sizeof shape, "%lldx%lld", (long long)r.rows, (long long)r.cols);
        std::printf("%-11s %4lld %5lld %5lld %3lld %-6s %-5s %10.1f %8.1f %6.1f %10.1f %8.2f\n", shape,
                    (long long)r.bits, (long long)r.group, (long long)r.weak, (long long)r.m, r.path.c_str(),
                    r.mode.c_str(), r.seconds * 1e6, gbs, 100.0 * gbs / bw.readGBs, fp32 * 1e6,
                    noTorch ? 0.0 : fp32 / r.seconds);
        js["results"].push_back({{"rows", r.rows},
                                 {"cols", r.cols},
                                 {"bits", r.bits},
                                 {"group", r.group},
                                 {"weak", r.weak},
                                 {"m", r.m},
                                 {"path", r.path},
                                 {"mode", r.mode},
                                 {"seconds", r.seconds},
                                 {"min_seconds", r.minSeconds},
                                 {"weight_bytes", r.weightBytes},
                                 {"GBs", gbs},
                                 {"fraction_of_read_bw", gbs / bw.readGBs},
                                 {"fp32_seconds", fp32},
                                 {"fp32_matmul_xWt_seconds", noTorch ? 0.0 : r.fp32Mm},
                                 {"speedup_vs_fp32", noTorch ? 0.0 : fp32 / r.seconds}});
    }
    std::printf("\nload average at the end: %.2f\n", loadAverage());
    js["load_average"].push_back(loadAverage());
    if (!jsonOut.empty()) {
        std::ofstream(jsonOut) << js.dump(2) << "\n";
        std::printf("wrote %s\n", jsonOut.c_str());
    }
    return 0;
}
