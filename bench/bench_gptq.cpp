// Speed of the GPTQ and OWQ solves on one linear layer (default 4096x4096, the size of a 7B model's attention
// projections), with its Hessian built from 128 x 2048 synthetic calibration tokens.
//
// The tokens are "random-ish" activations: per-channel scales spread log-normally, a few outlier channels 20x
// larger, and a shared low-rank component so that channels are correlated (an i.i.d. Hessian would be nearly
// diagonal and unlike a real layer's). Building H costs 2 * tokens * cols^2 flops and is timed separately.
//
// GFLOP/s of the solve counts the O(n^3) and BLAS work only (elementwise quantization is not counted):
//   Cholesky of H, cholesky_inverse, Cholesky of H^-1:      n^3/3 + 2n^3/3 + n^3/3 = 4n^3/3
//   per block of b columns: rank-1 updates inside the block: rows * b * (b-1)
//                           lazy-batch GEMM on later columns: 2 * rows * b * (cols - i2)
// divided by the solve's wall time (LinearQuantResult::solveSeconds, which also includes the grid fits and
// column permutations). The error traces (errorBefore/After: one 2*rows*cols^2 GEMM each) are reported apart.
//
// --save-problem DIR writes the generated W and H so that another solver (bench/reference_solve.py, the OWQ
// reference's fasterquant) can be timed on exactly the same layer; --load-problem DIR solves a saved one
// instead of generating W and H. DIR holds W.f32 [rows, cols] and H.f32 [cols, cols] (raw float32,
// little-endian, row-major) and problem.json (shapes, tokens, seqlen, seed, bits, weak columns).
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/process.h"
#include "owq/quantize.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

namespace {

double solveGflop(std::int64_t rows, std::int64_t cols, std::int64_t nQuant, std::int64_t block) {
    const double n = double(cols);
    double f = 4.0 / 3.0 * n * n * n;
    for (std::int64_t i1 = 0; i1 < nQuant; i1 += block) {
        const std::int64_t b = std::min(block, nQuant - i1), i2 = i1 + b;
        f += double(rows) * double(b) * double(b - 1);
        f += 2.0 * double(rows) * double(b) * double(cols - i2);
    }
    return f / 1e9;
}

// One chunk of `tokens` activations [tokens, cols], rows generated in parallel with per-row seeds.
void makeTokens(owq::Matrix& X, std::int64_t tokens, std::int64_t cols,
                const std::vector<float>& channelScale, const std::vector<float>& mix, int rank,
                std::uint64_t seed) {
    X.rows = tokens;
    X.cols = cols;
    X.data.resize(std::size_t(tokens * cols));
    const unsigned nThreads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < nThreads; ++t)
        pool.emplace_back([&, t] {
            std::vector<float> g(static_cast<std::size_t>(rank));
            for (std::int64_t r = t; r < tokens; r += nThreads) {
                std::mt19937_64 rng(seed * 1000003u + std::uint64_t(r));
                std::normal_distribution<float> nd(0.f, 1.f);
                for (auto& v : g) v = nd(rng);
                float* x = X.data.data() + r * cols;
                for (std::int64_t c = 0; c < cols; ++c) {
                    float shared = 0;
                    for (int k = 0; k < rank; ++k)
                        shared += g[std::size_t(k)] * mix[std::size_t(k * cols + c)];
                    x[c] = channelScale[std::size_t(c)] * (0.6f * shared + 0.8f * nd(rng));
                }
            }
        });
    for (auto& th : pool) th.join();
}

static_assert(std::endian::native == std::endian::little, "problem files are little-endian float32");

void writeF32(const std::filesystem::path& path, const owq::Matrix& m) {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(m.data.data()), std::streamsize(m.data.size() * sizeof(float)));
    if (!f.flush()) throw owq::Error(owq::ErrorKind::Io, "bench_gptq: cannot write " + path.string());
}

owq::Matrix readF32(const std::filesystem::path& path, std::int64_t rows, std::int64_t cols) {
    owq::Matrix m{rows, cols, std::vector<float>(std::size_t(rows * cols))};
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    if (!f) throw owq::Error(owq::ErrorKind::Io, "bench_gptq: cannot open " + path.string());
    const auto bytes = std::uint64_t(f.tellg());
    if (bytes != m.data.size() * sizeof(float))
        throw owq::Error(owq::ErrorKind::Format, "bench_gptq: " + path.string() + " holds " +
                                                     std::to_string(bytes) + " bytes, not a " +
                                                     std::to_string(rows) + "x" + std::to_string(cols) +
                                                     " float32 matrix");
    f.seekg(0);
    if (!f.read(reinterpret_cast<char*>(m.data.data()), std::streamsize(bytes)))
        throw owq::Error(owq::ErrorKind::Io, "bench_gptq: cannot read " + path.string());
    return m;
}

} // namespace

int main(int argc, char** argv) {
    owq::reexecWithShortOpenMPSpin(argv);
    std::int64_t rows = 4096, cols = 4096, tokens = 128 * 2048, seqlen = 2048, block = 128;
    int bits = 3, group = 0, threads = 0, weak = 32;
    unsigned seed = 1;
    bool actOrder = false, clipSearch = false, mse = false, owqStyle = false, skipGptq = false,
         skipOwq = false;
    std::string jsonOut, saveProblem, loadProblem;
    CLI::App app{"Time GPTQ and OWQ on one linear layer"};
    app.add_option("--rows", rows, "Output features")->capture_default_str();
    app.add_option("--cols", cols, "Input features")->capture_default_str();
    app.add_option("--tokens", tokens, "Calibration tokens for the Hessian")->capture_default_str();
    app.add_option("--seqlen", seqlen, "Tokens per calibration sample")->capture_default_str();
    auto* bitsOpt = app.add_option("--bits", bits)->capture_default_str();
    app.add_option("--group", group, "Group size (0: per channel)")->capture_default_str();
    app.add_option("--block", block, "GPTQ block size")->capture_default_str();
    auto* weakOpt = app.add_option("--weak", weak, "OWQ weak columns")->capture_default_str();
    app.add_option("--threads", threads, "LibTorch threads (0: all cores)")->capture_default_str();
    app.add_option("--seed", seed)->capture_default_str();
    app.add_flag("--act-order", actOrder);
    app.add_flag("--clip-search", clipSearch, "Also solve with the grids shrunk, keeping each row's best");
    app.add_flag("--mse", mse, "Grid search for the clipping range");
    app.add_flag("--owq-style", owqStyle,
                 "The OWQ reference's quantizer (its mse search scans zero points too)");
    app.add_flag("--skip-gptq", skipGptq);
    app.add_flag("--skip-owq", skipOwq);
    app.add_option("--json", jsonOut, "Also write the results to this JSON file");
    auto* saveOpt = app.add_option("--save-problem", saveProblem,
                                   "Write the generated W, H (float32) and problem.json to this folder");
    app.add_option("--load-problem", loadProblem,
                   "Solve the W and H a --save-problem run wrote instead of generating them (its shapes; its "
                   "bits and weak columns unless given)")
        ->excludes(saveOpt);
    CLI11_PARSE(app, argc, argv);

    try {
        owq::initRuntime(threads);
        const int nThreads = owq::runtimeThreads();
        const std::filesystem::path loadDir(loadProblem);
        nlohmann::json problem;
        if (!loadProblem.empty()) {
            std::ifstream f(loadDir / "problem.json");
            if (!f)
                throw owq::Error(owq::ErrorKind::Io,
                                 "bench_gptq: cannot open " + (loadDir / "problem.json").string());
            try {
                f >> problem;
                rows = problem.at("rows");
                cols = problem.at("cols");
                tokens = problem.at("tokens");
                seqlen = problem.at("seqlen");
                seed = problem.at("seed");
                if (!bitsOpt->count()) bits = problem.at("bits");
                if (!weakOpt->count()) weak = problem.at("weak");
            } catch (const nlohmann::json::exception& e) {
                throw owq::Error(owq::ErrorKind::Format,
                                 "bench_gptq: " + (loadDir / "problem.json").string() + ": " + e.what());
            }
        }
        std::printf(
            "layer %lldx%lld, %lld tokens (samples of %lld), %d bits, group %d, block %lld, %d threads%s\n",
            (long long)rows, (long long)cols, (long long)tokens, (long long)seqlen, bits, group,
            (long long)block, nThreads, loadProblem.empty() ? "" : (", loaded from " + loadProblem).c_str());

        owq::Matrix W, H;
        double hSeconds = 0;
        if (!loadProblem.empty()) {
            W = readF32(loadDir / "W.f32", rows, cols);
            H = readF32(loadDir / "H.f32", cols, cols);
        } else {
            // Weights: N(0, 0.02^2) with one column in 256 ten times larger.
            std::mt19937 rng(seed);
            std::normal_distribution<float> nd(0.f, 0.02f);
            W = owq::Matrix{rows, cols, std::vector<float>(std::size_t(rows * cols))};
            for (auto& v : W.data) v = nd(rng);
            for (std::int64_t c = 7; c < cols; c += 256)
                for (std::int64_t r = 0; r < rows; ++r) W.at(r, c) *= 10.f;

            // Activations: log-normal channel scales, 1 channel in 200 an outlier (x20), a shared rank-16
            // component.
            const int rank = 16;
            std::vector<float> scale(static_cast<std::size_t>(cols)), mix(std::size_t(rank * cols));
            std::normal_distribution<float> unit(0.f, 1.f);
            for (std::int64_t c = 0; c < cols; ++c)
                scale[std::size_t(c)] = std::exp(0.5f * unit(rng)) * (c % 200 == 11 ? 20.f : 1.f);
            for (auto& v : mix) v = unit(rng) / std::sqrt(float(rank));

            const auto t0 = std::chrono::steady_clock::now();
            owq::Matrix X;
            std::int64_t samples = 0;
            for (std::int64_t done = 0; done < tokens; done += seqlen) {
                const std::int64_t n = std::min(seqlen, tokens - done);
                makeTokens(X, n, cols, scale, mix, rank, seed + std::uint64_t(done / seqlen) + 1);
                owq::accumulateHessian(H, samples, X, 1);
            }
            hSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("hessian: %.2f s for %lld samples (%.1f GFLOP/s incl. token generation)\n", hSeconds,
                        (long long)samples,
                        2.0 * double(tokens) * double(cols) * double(cols) / hSeconds / 1e9);
        }
        if (!saveProblem.empty()) {
            const std::filesystem::path dir(saveProblem);
            std::filesystem::create_directories(dir);
            writeF32(dir / "W.f32", W);
            writeF32(dir / "H.f32", H);
            const nlohmann::json j = {{"rows", rows},       {"cols", cols},         {"tokens", tokens},
                                      {"seqlen", seqlen},   {"seed", seed},         {"bits", bits},
                                      {"weak", weak},       {"W", "W.f32"},         {"H", "H.f32"},
                                      {"dtype", "float32"}, {"byteOrder", "little"}};
            std::ofstream f(dir / "problem.json");
            f << j.dump(2) << "\n";
            if (!f.flush()) throw owq::Error(owq::ErrorKind::Io, "bench_gptq: cannot write " + saveProblem);
            std::printf("problem written to %s\n", saveProblem.c_str());
        }

        owq::QuantizerConfig qc;
        qc.bits = bits;
        qc.groupSize = group;
        qc.mse = mse;
        qc.style = owqStyle ? owq::QuantizerStyle::Owq : owq::QuantizerStyle::Gptq;
        owq::GptqConfig gc;
        gc.blockSize = int(block);
        gc.actOrder = actOrder;
        gc.clipSearch = clipSearch;

        { // warm-up: LibTorch's first calls initialise thread pools and BLAS, which is not the solve's cost
            owq::Matrix w{64, 64, std::vector<float>(W.data.begin(), W.data.begin() + 64 * 64)};
            owq::Matrix h{64, 64, std::vector<float>(64 * 64, 0.f)};
            for (int i = 0; i < 64; ++i) h.at(i, i) = 1.f;
            owq::quantizeLinear(w, &h, owq::Method::OWQ, qc, gc, 2);
        }
        nlohmann::json results = nlohmann::json::array();
        auto run = [&](owq::Method m, int k) {
            const owq::LinearQuantResult r = owq::quantizeLinear(W, &H, m, qc, gc, k);
            const double gflop = solveGflop(rows, cols, cols - k, block);
            std::printf(
                "%-4s weak %4d: total %.2f s, solve %.2f s (%.1f GFLOP, %.1f GFLOP/s), errors %.2f s; "
                "error RTN %.4g -> %.4g\n",
                owq::methodName(m), k, r.seconds, r.solveSeconds, gflop, gflop / r.solveSeconds,
                r.errorSeconds, r.errorBefore, r.errorAfter);
            results.push_back({{"method", owq::methodName(m)},
                               {"weak", k},
                               {"seconds", r.seconds},
                               {"solveSeconds", r.solveSeconds},
                               {"errorSeconds", r.errorSeconds},
                               {"solveGflop", gflop},
                               {"solveGflops", gflop / r.solveSeconds},
                               {"errorBefore", r.errorBefore},
                               {"errorAfter", r.errorAfter},
                               {"weakColumns", r.weakColumns}});
        };
        if (!skipGptq) run(owq::Method::GPTQ, 0);
        if (!skipOwq) run(owq::Method::OWQ, weak);

        if (!jsonOut.empty()) {
            nlohmann::json j = {{"rows", rows},
                                {"cols", cols},
                                {"tokens", tokens},
                                {"seqlen", seqlen},
                                {"bits", bits},
                                {"group", group},
                                {"block", block},
                                {"threads", nThreads},
                                {"actOrder", actOrder},
                                {"clipSearch", clipSearch},
                                {"mse", mse},
                                {"owqStyle", owqStyle},
                                {"hessianSeconds", hSeconds},
                                {"problem", loadProblem.empty() ? saveProblem : loadProblem},
                                {"results", results}};
            std::ofstream(jsonOut) << j.dump(2) << "\n";
        }
    } catch (const owq::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return owq::exitCodeFor(e.kind());
    }
    return 0;
}
