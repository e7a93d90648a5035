// Quantizer.find_params of the two references, written out with the same float32 operations in the same order
// so that the chosen grids (and hence every rounding decision downstream) agree with them.
//
//   Gptq style: IST-DASLab/gptq quant.py. Owq style: xvyaward/owq owq/quant.py (its default --tuning is mse).
#include "quant/quantizer.h"

#include "quant/mse_search.h"

#include "owq/error.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace owq::detail {

namespace {

// The mse searches run every candidate over the whole row; doing it on chunks of rows that stay in cache is
// several times faster than streaming the whole matrix once per candidate. Chunks run in parallel (each
// chunk's ATen ops then run on one thread): elementwise ops on a cache-sized chunk are too small for ATen's
// own intra-op parallelism to use more than a couple of cores.
constexpr std::int64_t kChunkElements = 1 << 16;

template <class Fn> void forRowChunks(std::int64_t rows, std::int64_t n, Fn&& fn) {
    const std::int64_t chunk = std::max<std::int64_t>(1, kChunkElements / std::max<std::int64_t>(1, n));
    const std::int64_t nChunks = (rows + chunk - 1) / chunk;
    at::parallel_for(0, nChunks, 1, [&](std::int64_t c0, std::int64_t c1) {
        c10::InferenceMode guard; // thread-local: the chunk updates views of tensors made in inference mode
        for (std::int64_t c = c0; c < c1; ++c) {
            const std::int64_t r0 = c * chunk;
            fn(r0, std::min(chunk, rows - r0));
        }
    });
}

// xmin = min(min(x), 0), xmax = max(max(x), 0) per row.
void rowRange(const at::Tensor& x, at::Tensor& xmin, at::Tensor& xmax) {
    xmin = at::clamp_max(x.amin(1), 0);
    xmax = at::clamp_min(x.amax(1), 0);
}

// Adjusts rowRange's result as the references do: symmetric rows with a negative minimum become [-xmax, xmax]
// (a row without negatives keeps xmin = 0: a quirk kept on purpose, the grid then wastes its lower half), and
// an all-zero row gets [-1, 1].
void fixRange(bool symmetric, at::Tensor& xmin, at::Tensor& xmax) {
    if (symmetric) {
        xmax = at::maximum(xmin.abs(), xmax);
        xmin = at::where(xmin < 0, -xmax, xmin);
    }
    const at::Tensor flat = (xmin == 0).logical_and(xmax == 0);
    xmin = at::where(flat, at::full_like(xmin, -1), xmin);
    xmax = at::where(flat, at::full_like(xmax, 1), xmax);
}

QuantGrid fitGptq(const at::Tensor& x, const QuantizerConfig& cfg) {
    const int maxq = maxCode(cfg.bits);
    at::Tensor xmin, xmax;
    rowRange(x, xmin, xmax);
    fixRange(cfg.symmetric, xmin, xmax);

    QuantGrid g;
    g.scale = (xmax - xmin) / maxq;
    g.zero = cfg.symmetric ? at::full_like(g.scale, (maxq + 1) / 2.0) : at::round(-xmin / g.scale);
    if (!cfg.mse) return g;

    // Shrink the range by p = 1 - i/grid; keep the grid with the least sum |q - x|^norm per row.
    const int steps = int(std::floor(double(cfg.mseMaxShrink) * cfg.mseGrid + 1e-6));
    const std::int64_t rows = x.size(0), n = x.size(1);
    forRowChunks(rows, n, [&](std::int64_t r0, std::int64_t len) {
        const at::Tensor xc = x.narrow(0, r0, len);
        const at::Tensor lo = xmin.narrow(0, r0, len), hi = xmax.narrow(0, r0, len);
        at::Tensor scale = g.scale.narrow(0, r0, len),
                   zero = g.zero.narrow(0, r0, len); // views: write through
        at::Tensor best = at::full({len}, std::numeric_limits<float>::infinity(), xc.options());
        for (int i = 0; i < steps; ++i) {
            const double p = 1.0 - double(i) / cfg.mseGrid;
            const at::Tensor xmin1 = lo * p, xmax1 = hi * p;
            const at::Tensor scale1 = (xmax1 - xmin1) / maxq;
            const at::Tensor zero1 = cfg.symmetric ? zero.clone() : at::round(-xmin1 / scale1);
            at::Tensor q = fakeQuantize(xc, {scale1, zero1}, maxq);
            q.sub_(xc).abs_().pow_(cfg.mseNorm);
            const at::Tensor err = q.sum(1);
            const at::Tensor better = err < best;
            best = at::where(better, err, best);
            scale.copy_(at::where(better, scale1, scale));
            zero.copy_(at::where(better, zero1, zero));
        }
    });
    return g;
}

QuantGrid fitOwq(const at::Tensor& x, const QuantizerConfig& cfg, int num, bool fused) {
    // The reference's integer range: unsigned [0, 2^b-1], or signed [-2^(b-1), 2^(b-1)-1] when symmetric with
    // a zero point of 0. We store codes unsigned, i.e. code = q - minq and zero = zero_signed - minq.
    const int levels = 1 << cfg.bits;
    const int minq = cfg.symmetric ? -((levels - 1) / 2 + 1) : 0;
    const int maxq = cfg.symmetric ? (levels - 1) / 2 : levels - 1;
    const double eps = 1e-8;
    at::Tensor xmin, xmax;
    rowRange(x, xmin, xmax);
    QuantGrid g;

    if (!cfg.mse) {
        fixRange(cfg.symmetric, xmin, xmax);
        if (cfg.symmetric) {
            g.scale = xmax / double(-minq);
            g.zero = at::zeros_like(g.scale);
        } else {
            g.scale = (xmax - xmin) / maxq;
            g.zero = at::round(-xmin / g.scale);
        }
    } else if (cfg.symmetric) {
        // Scan max = range * i / num (i = 1..num) with zero point 0, least mean |q - x|^2.4.
        const at::Tensor xrange = at::maximum(xmin.abs(), xmax);
        at::Tensor bestMax = xmax.clone();
        const std::int64_t rows = x.size(0), n = x.size(1);
        forRowChunks(rows, n, [&](std::int64_t r0, std::int64_t len) {
            const at::Tensor xc = x.narrow(0, r0, len);
            const at::Tensor range = xrange.narrow(0, r0, len);
            at::Tensor bmax = bestMax.narrow(0, r0, len);
            at::Tensor bestScore = at::full({len}, 1e10, xc.options());
            for (int i = 1; i <= num; ++i) {
                const at::Tensor tmpMax = range / num * i;
                const at::Tensor scale = at::clamp_min(tmpMax / double(-minq), eps).unsqueeze(1);
                at::Tensor q = at::round(xc / scale).clamp_(minq, maxq).mul_(scale);
                const at::Tensor score = (xc - q).abs_().pow_(2.4).mean(1);
                bmax.copy_(at::where(score < bestScore, tmpMax, bmax));
                bestScore = at::minimum(score, bestScore);
            }
        });
        g.scale = at::clamp_min(at::clamp_min(bestMax, 0) / double(-minq), eps);
        g.zero = at::zeros_like(g.scale);
    } else {
        // Scan max = range * i / num together with every zero point zp: the range [-zp*d, max - zp*d].
        const at::Tensor xrange = xmax - xmin;
        at::Tensor bestMin = xmin.clone(), bestMax = xmax.clone();
        const std::int64_t rows = x.size(0), n = x.size(1);
        if (fused && x.is_cpu() && x.scalar_type() == at::kFloat && x.is_contiguous()) {
            // The same search fused into one cached pass per candidate (mse_search.h): ~10x faster.
            const at::Tensor r = xrange.contiguous();
            owqAsymmetricSearch(x.data_ptr<float>(), rows, n, r.data_ptr<float>(), num, levels, float(eps),
                                bestMin.data_ptr<float>(), bestMax.data_ptr<float>());
        } else {
            forRowChunks(rows, n, [&](std::int64_t r0, std::int64_t len) {
                const at::Tensor xc = x.narrow(0, r0, len);
                const at::Tensor range = xrange.narrow(0, r0, len);
                at::Tensor bmin = bestMin.narrow(0, r0, len), bmax = bestMax.narrow(0, r0, len);
                at::Tensor bestScore = at::full({len}, 1e10, xc.options());
                const at::Tensor tmpMin = at::zeros({len}, xc.options());
                at::Tensor q = at::empty_like(xc);
                for (int i = 1; i <= num; ++i) {
                    const at::Tensor tmpMax = range / num * i;
                    const at::Tensor delta = at::clamp_min((tmpMax - tmpMin) / double(maxq - minq), eps);
                    const at::Tensor scale = delta.unsqueeze(1);
                    const at::Tensor xRound = at::round(xc / scale);
                    for (int zp = 0; zp < levels; ++zp) {
                        const at::Tensor newMin = tmpMin - delta * double(zp);
                        const at::Tensor newMax = tmpMax - delta * double(zp);
                        const at::Tensor zero =
                            at::clamp(minq - at::round(newMin / delta), minq, maxq).unsqueeze(1);
                        at::add_out(q, xRound, zero).clamp_(minq, maxq).sub_(zero).mul_(scale);
                        const at::Tensor score = q.sub_(xc).abs_().pow_(2.4).mean(1);
                        const at::Tensor better = score < bestScore;
                        bmin.copy_(at::where(better, newMin, bmin));
                        bmax.copy_(at::where(better, newMax, bmax));
                        bestScore = at::minimum(bestScore, score);
                    }
                }
            });
        }
        const at::Tensor minNeg = at::clamp_max(bestMin, 0), maxPos = at::clamp_min(bestMax, 0);
        g.scale = at::clamp_min((maxPos - minNeg) / double(maxq - minq), eps);
        g.zero = at::clamp(minq - at::round(minNeg / g.scale), minq, maxq);
    }
    g.zero = g.zero - double(minq); // signed -> unsigned storage (no-op when asymmetric)
    return g;
}

} // namespace

void validateQuantizerConfig(const QuantizerConfig& cfg) {
    auto bad = [](const std::string& what) { throw Error(ErrorKind::InvalidArgument, "quantizer: " + what); };
    if (cfg.bits != 2 && cfg.bits != 3 && cfg.bits != 4 && cfg.bits != 8)
        bad("bits must be 2, 3, 4 or 8 (got " + std::to_string(cfg.bits) + ")");
    if (cfg.groupSize < 0)
        bad("group size must be 0 (per channel) or positive (got " + std::to_string(cfg.groupSize) + ")");
    if (cfg.mse) {
        if (cfg.mseGrid < 1) bad("mse grid must be at least 1 (got " + std::to_string(cfg.mseGrid) + ")");
        if (cfg.owqGroupGrid < 1)
            bad("owq group grid must be at least 1 (got " + std::to_string(cfg.owqGroupGrid) + ")");
        if (!(cfg.mseNorm > 0) || !std::isfinite(cfg.mseNorm)) bad("mse norm must be positive");
        if (!(cfg.mseMaxShrink > 0 && cfg.mseMaxShrink <= 1)) bad("mse max shrink must be in (0, 1]");
    }
}

QuantGrid fitGrid(const at::Tensor& x, const QuantizerConfig& cfg, int owqNum, bool fused) {
    TORCH_CHECK(x.dim() == 2 && x.size(1) > 0, "fitGrid: x must be [rows, n>0]");
    const at::Tensor xf = (cfg.mse && !x.is_contiguous()) ? x.contiguous() : x;
    return cfg.style == QuantizerStyle::Owq ? fitOwq(xf, cfg, owqNum, fused) : fitGptq(xf, cfg);
}

at::Tensor quantizeCodes(const at::Tensor& x, const QuantGrid& grid, int maxq) {
    const bool perRow = x.dim() == 2 && grid.scale.dim() == 1;
    const at::Tensor s = perRow ? grid.scale.unsqueeze(1) : grid.scale;
    const at::Tensor z = perRow ? grid.zero.unsqueeze(1) : grid.zero;
    return at::round(x / s).add_(z).clamp_(0, maxq);
}

at::Tensor dequantizeCodes(const at::Tensor& codes, const QuantGrid& grid) {
    const bool perRow = codes.dim() == 2 && grid.scale.dim() == 1;
    const at::Tensor s = perRow ? grid.scale.unsqueeze(1) : grid.scale;
    const at::Tensor z = perRow ? grid.zero.unsqueeze(1) : grid.zero;
    return (codes - z).mul_(s);
}

at::Tensor fakeQuantize(const at::Tensor& x, const QuantGrid& grid, int maxq) {
    return dequantizeCodes(quantizeCodes(x, grid, maxq), grid);
}

} // namespace owq::detail
