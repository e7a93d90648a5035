#include "model/rope.h"

#include "model/rope_cpu.h"

#include <ATen/core/grad_mode.h>

#include <cmath>
#include <vector>

namespace owq::detail {

Rope::Rope(const ModelConfig& cfg, at::Device device) : cfg_(cfg), device_(device) {}

at::Tensor Rope::inverseFrequencies(std::int64_t length) const {
    const std::int64_t dim = cfg_.rotaryDim();
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
    if (rs.type == "longrope") {
        // Phi-3: each frequency divided by its own factor, the long ones past the original context.
        const std::vector<double>& ext = length > rs.originalMaxPositions ? rs.longFactor : rs.shortFactor;
        for (std::size_t i = 0; i < inv.size(); ++i)
            inv[i] = 1.0 / (ext[i] * std::pow(base, double(2 * i) / double(dim)));
    }
    std::vector<float> invf(inv.begin(), inv.end());
    return at::tensor(invf, at::kFloat);
}

Rope::Tables Rope::tables(std::int64_t length) {
    const std::lock_guard<std::mutex> lock(mutex_);
    // Dynamic NTK follows transformers' _dynamic_frequency_update: past the trained context the base grows
    // with the longest sequence seen (built exactly that far), and a sequence back within the context gets
    // the original frequencies again.
    // LongRoPE follows transformers' longrope_frequency_update the same way: the long factors while the
    // sequence is past original_max_position_embeddings, the short ones otherwise.
    const bool dynamic = cfg_.ropeScaling.type == "dynamic";
    const bool longrope = cfg_.ropeScaling.type == "longrope";
    const std::int64_t switchAt = longrope ? cfg_.ropeScaling.originalMaxPositions : cfg_.maxPositions;
    if ((dynamic || longrope) && grown_ != (length > switchAt)) {
        cached_ = 0;
        grown_ = false;
    }
    if (length <= cached_) return {cos_, sin_};
    std::int64_t n = std::max<std::int64_t>(length, std::min<std::int64_t>(cfg_.maxPositions, 4096));
    if (longrope && length <= switchAt) n = std::min(n, switchAt);
    if (dynamic && length > cfg_.maxPositions) {
        n = length;
        grown_ = true;
    }
    if (longrope && length > switchAt) grown_ = true;
    at::Tensor inv = inverseFrequencies(n).to(at::kDouble);
    at::Tensor pos = at::arange(n, at::TensorOptions().dtype(at::kDouble));
    if (cfg_.ropeScaling.type == "linear") pos = pos / cfg_.ropeScaling.factor;
    at::Tensor freqs = at::outer(pos, inv);       // [n, dim/2]
    at::Tensor emb = at::cat({freqs, freqs}, -1); // [n, dim]
    const double scale = cfg_.ropeScaling.type == "longrope" ? cfg_.ropeScaling.attentionFactor : 1.0;
    cos_ = (emb.cos() * scale).to(at::kFloat).to(device_);
    sin_ = (emb.sin() * scale).to(at::kFloat).to(device_);
    cached_ = n;
    return {cos_, sin_};
}

bool Rope::cpuRows(std::int64_t pos, const float*& cos, const float*& sin) {
    const Tables tb = tables(pos + 1);
    if (!tb.cos.is_cpu() || tb.cos.scalar_type() != at::kFloat || cfg_.rotaryDim() != cfg_.headDim)
        return false;
    cos = tb.cos.data_ptr<float>() + pos * tb.cos.size(1);
    sin = tb.sin.data_ptr<float>() + pos * tb.sin.size(1);
    return true;
}

at::Tensor Rope::apply(const at::Tensor& x, std::int64_t pos0) {
    const std::int64_t t = x.size(2);
    const Tables tb = tables(pos0 + t);
    at::Tensor c = tb.cos.narrow(0, pos0, t).to(x.scalar_type());
    at::Tensor s = tb.sin.narrow(0, pos0, t).to(x.scalar_type());
    const std::int64_t dim = c.size(-1);
    // Inference on the CPU: one pass, the same bits (rope_cpu.h).
    if (x.device().is_cpu() && x.scalar_type() == at::kFloat && dim == x.size(3) &&
        !at::GradMode::is_enabled())
        return rotateCpu(x, c.contiguous(), s.contiguous());
    // Partial rotary (Phi-4-mini): only the first `dim` values of each head turn; the rest pass through.
    const at::Tensor r = dim == x.size(3) ? x : x.narrow(3, 0, dim);
    const std::int64_t half = dim / 2;
    at::Tensor x1 = r.narrow(3, 0, half);
    at::Tensor x2 = r.narrow(3, half, half);
    at::Tensor rotated = at::cat({-x2, x1}, 3);
    at::Tensor out = r * c + rotated * s;
    return dim == x.size(3) ? out : at::cat({out, x.narrow(3, dim, x.size(3) - dim)}, 3);
}

} // namespace owq::detail
