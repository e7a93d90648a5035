#include "model/rope.h"

#include <cmath>
#include <vector>

namespace owq::detail {

Rope::Rope(const ModelConfig& cfg, at::Device device) : cfg_(cfg), device_(device) {}

at::Tensor Rope::inverseFrequencies(std::int64_t length) const {
    const std::int64_t dim = cfg_.headDim;
    double base = cfg_.ropeTheta;
    const RopeScaling& rs = cfg_.ropeScaling;
    if (rs.type == "dynamic" && length > cfg_.maxPositions) {
        // NTK-aware: grow the base with the sequence beyond the trained context (as HF does).
        const double ratio = rs.factor * double(length) / double(cfg_.maxPositions) - (rs.factor - 1.0);
        base = base * std::pow(ratio, double(dim) / double(dim - 2));
    }
    std::vector<double> inv(dim / 2);
    for (std::int64_t i = 0; i < dim / 2; ++i) inv[i] = 1.0 / std::pow(base, double(2 * i) / double(dim));
    if (rs.type == "llama3") {
        const double orig = double(rs.originalMaxPositions > 0 ? rs.originalMaxPositions : 8192);
        const double lowWavelen = orig / rs.lowFreqFactor;
        const double highWavelen = orig / rs.highFreqFactor;
        for (double& f : inv) {
            const double wavelen = 2.0 * M_PI / f;
            if (wavelen < highWavelen) continue;
            if (wavelen > lowWavelen) {
                f /= rs.factor;
            } else {
                const double smooth =
                    (orig / wavelen - rs.lowFreqFactor) / (rs.highFreqFactor - rs.lowFreqFactor);
                f = (1.0 - smooth) * f / rs.factor + smooth * f;
            }
        }
    }
    std::vector<float> invf(inv.begin(), inv.end());
    return at::tensor(invf, at::kFloat);
}

void Rope::ensure(std::int64_t length) {
    // Dynamic NTK follows transformers' _dynamic_frequency_update: past the trained context the base grows
    // with the longest sequence seen (built exactly that far), and a sequence back within the context gets
    // the original frequencies again.
    const bool dynamic = cfg_.ropeScaling.type == "dynamic";
    if (dynamic && grown_ && length <= cfg_.maxPositions) {
        cached_ = 0;
        grown_ = false;
    }
    if (length <= cached_) return;
    std::int64_t n = std::max<std::int64_t>(length, std::min<std::int64_t>(cfg_.maxPositions, 4096));
    if (dynamic && length > cfg_.maxPositions) {
        n = length;
        grown_ = true;
    }
    at::Tensor inv = inverseFrequencies(n).to(at::kDouble);
    at::Tensor pos = at::arange(n, at::TensorOptions().dtype(at::kDouble));
    if (cfg_.ropeScaling.type == "linear") pos = pos / cfg_.ropeScaling.factor;
    at::Tensor freqs = at::outer(pos, inv);       // [n, dim/2]
    at::Tensor emb = at::cat({freqs, freqs}, -1); // [n, dim]
    cos_ = emb.cos().to(at::kFloat).to(device_);
    sin_ = emb.sin().to(at::kFloat).to(device_);
    cached_ = n;
}

at::Tensor Rope::apply(const at::Tensor& x, std::int64_t pos0) {
    const std::int64_t t = x.size(2);
    ensure(pos0 + t);
    at::Tensor c = cos_.narrow(0, pos0, t).to(x.scalar_type());
    at::Tensor s = sin_.narrow(0, pos0, t).to(x.scalar_type());
    const std::int64_t half = x.size(3) / 2;
    at::Tensor x1 = x.narrow(3, 0, half);
    at::Tensor x2 = x.narrow(3, half, half);
    at::Tensor rotated = at::cat({-x2, x1}, 3);
    return x * c + rotated * s;
}

} // namespace owq::detail
