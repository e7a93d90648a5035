// One linear layer end to end: input checks, OWQ's weak-column selection, the RTN / GPTQ / OWQ solve and the
// Hessian-weighted errors; plus the torch-free quantizeLinear wrapper.
#include "quant/quantize_impl.h"

#include "owq/error.h"

#include <c10/core/InferenceMode.h>

#include <chrono>
#include <cmath>
#include <string>

namespace owq {

const char* methodName(Method method) {
    switch (method) {
    case Method::RTN:
        return "rtn";
    case Method::GPTQ:
        return "gptq";
    case Method::OWQ:
        return "owq";
    }
    return "?";
}

namespace detail {

namespace {

[[noreturn]] void invalid(const std::string& what) {
    throw Error(ErrorKind::InvalidArgument, "quantize: " + what);
}

void requireFinite(const at::Tensor& t, const char* name) {
    if (at::isfinite(t).all().item<bool>()) return;
    const at::Tensor bad = at::isfinite(t).logical_not().nonzero()[0].to(at::kCPU);
    const std::int64_t r = bad[0].item<std::int64_t>(), c = bad[1].item<std::int64_t>();
    const float v = t[r][c].item<float>();
    invalid(std::string(name) + " contains " + (std::isnan(v) ? "NaN" : "Inf") + " at row " +
            std::to_string(r) + ", column " + std::to_string(c));
}

std::string shape(const at::Tensor& t) {
    std::string s = "[";
    for (std::int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

void validate(const at::Tensor& W, const at::Tensor& H, Method method, const QuantizerConfig& qcfg,
              const GptqConfig& gcfg, int weak) {
    validateQuantizerConfig(qcfg);
    if (!W.defined() || W.dim() != 2 || W.size(0) < 1 || W.size(1) < 1)
        invalid("the weight must be a non-empty [out, in] matrix (got " + (W.defined() ? shape(W) : "none") +
                ")");
    const std::int64_t cols = W.size(1);
    if (!H.defined() && method != Method::RTN)
        invalid(std::string(methodName(method)) + " needs the Hessian H of the layer's inputs");
    if (H.defined() && (H.dim() != 2 || H.size(0) != cols || H.size(1) != cols))
        invalid("the Hessian must be [" + std::to_string(cols) + ", " + std::to_string(cols) +
                "] for a weight with " + std::to_string(cols) + " input columns (got " + shape(H) + ")");
    if (weak < 0 || weak >= cols)
        invalid("weak columns must be in [0, " + std::to_string(cols - 1) + "] (got " + std::to_string(weak) +
                ")");
    if (weak > 0 && method == Method::GPTQ) invalid("GPTQ keeps no weak columns; use OWQ");
    if (weak > 0 && !H.defined()) invalid("choosing weak columns needs the Hessian H");
    if (gcfg.blockSize < 1)
        invalid("block size must be positive (got " + std::to_string(gcfg.blockSize) + ")");
    if (!(gcfg.percdamp >= 0) || !std::isfinite(gcfg.percdamp))
        invalid("damping must be a finite non-negative fraction (got " + std::to_string(gcfg.percdamp) + ")");
    requireFinite(W, "the weight W");
    if (H.defined()) requireFinite(H, "the Hessian H");
}

} // namespace

at::Tensor columnSensitivity(const at::Tensor& W, const at::Tensor& H, const QuantizerConfig& qcfg,
                             bool hDiagOnly) {
    at::Tensor hDiag = H.diagonal().clone();
    if (hDiagOnly) return hDiag;
    // OWQ main.py: a temporary per-channel quantizer with the run's bits/sym/tuning, fitted on the whole W
    // (find_params(W, num=40)); frob_norm_error = ((W - Q(W))^2).sum(0); score = diag(H) * frob_norm_error.
    QuantizerConfig perChannel = qcfg;
    perChannel.groupSize = 0;
    const at::Tensor Wq = fakeQuantize(W, fitGrid(W, perChannel, qcfg.owqGroupGrid), maxCode(qcfg.bits));
    return hDiag.mul_((W - Wq).pow_(2).sum(0));
}

at::Tensor processingOrder(const at::Tensor& H, const at::Tensor& sensitivity, int weak, bool actOrder) {
    const std::int64_t cols = H.size(0);
    if (weak > 0) {
        // OWQ hessian_sorting: the k highest scores are weak and go last; the others keep the natural order,
        // or with act-order are sorted by the same score (descending).
        const at::Tensor desc = at::argsort(sensitivity, /*stable=*/true, 0, /*descending=*/true);
        const at::Tensor weakIds = desc.narrow(0, 0, weak);
        if (actOrder) return at::cat({desc.narrow(0, weak, cols - weak), weakIds});
        at::Tensor keep = at::ones({cols}, H.options().dtype(at::kBool));
        keep.index_fill_(0, weakIds, false);
        return at::cat({at::arange(cols, H.options().dtype(at::kLong)).masked_select(keep), weakIds});
    }
    if (!actOrder) return {};
    // GPTQ act-order: decreasing H_jj, after dead columns got H_jj = 1.
    at::Tensor diag = H.diagonal().clone();
    diag.masked_fill_(diag == 0, 1);
    return at::argsort(diag, /*stable=*/true, 0, /*descending=*/true);
}

QuantizedMatrix rtnQuantize(const at::Tensor& W, const at::Tensor& weak, const QuantizerConfig& qcfg,
                            const QuantGrid* perChannel) {
    const std::int64_t rows = W.size(0), cols = W.size(1);
    const int maxq = maxCode(qcfg.bits);
    const bool allCols = !weak.defined() || weak.numel() == 0;
    at::Tensor keepIdx = at::arange(cols, W.options().dtype(at::kLong));
    if (!allCols) {
        at::Tensor keep = at::ones({cols}, W.options().dtype(at::kBool));
        keep.index_fill_(0, weak, false);
        keepIdx = keepIdx.masked_select(keep);
    }
    const std::int64_t n = keepIdx.size(0);
    const at::Tensor Wn = allCols ? W : W.index_select(1, keepIdx);
    const std::int64_t gs = qcfg.groupSize > 0 ? qcfg.groupSize : n;
    const std::int64_t nGroups = (n + gs - 1) / gs;

    QuantizedMatrix out;
    at::Tensor codesN = at::empty({rows, n}, W.options());
    at::Tensor deqN = at::empty({rows, n}, W.options());
    out.scales = at::empty({rows, nGroups}, W.options());
    out.zeros = at::empty({rows, nGroups}, W.options());
    for (std::int64_t g = 0; g < nGroups; ++g) {
        const std::int64_t c0 = g * gs, len = std::min(gs, n - c0);
        const at::Tensor x = Wn.narrow(1, c0, len);
        const QuantGrid grid = (perChannel && qcfg.groupSize == 0)
                                   ? *perChannel
                                   : fitGrid(x, qcfg, qcfg.groupSize > 0 ? qcfg.owqGroupGrid : qcfg.mseGrid);
        const at::Tensor c = quantizeCodes(x, grid, maxq);
        codesN.narrow(1, c0, len).copy_(c);
        deqN.narrow(1, c0, len).copy_(dequantizeCodes(c, grid));
        out.scales.select(1, g).copy_(grid.scale);
        out.zeros.select(1, g).copy_(grid.zero);
    }
    if (allCols) {
        out.dequantized = deqN;
        out.codes = codesN.to(at::kByte);
    } else {
        out.dequantized = W.clone().index_copy_(1, keepIdx, deqN);
        out.codes = at::zeros({rows, cols}, W.options().dtype(at::kByte))
                        .index_copy_(1, keepIdx, codesN.to(at::kByte));
    }
    const at::Tensor pos = at::arange(n, keepIdx.options()).div_(gs, "floor");
    out.groupIndex =
        at::zeros({cols}, keepIdx.options()).index_copy_(0, keepIdx, pos).to(at::kInt).to(at::kCPU);
    return out;
}

double hessianError(const at::Tensor& W, const at::Tensor& Q, const at::Tensor& H) {
    const at::Tensor D = W - Q;
    return at::sum(D.mm(H).mul_(D), at::kDouble).item<double>();
}

TensorQuantResult quantizeLinearTensor(const at::Tensor& Win, const at::Tensor& Hin, Method method,
                                       const QuantizerConfig& qcfg, const GptqConfig& gcfg, int weak,
                                       const TensorQuantOptions& opts, const JobContext& job) {
    c10::InferenceMode guard;
    validate(Win, Hin, method, qcfg, gcfg, weak);
    job.checkCancel("quantization");
    const at::Tensor W = Win.to(at::kFloat).contiguous();
    const at::Tensor H = Hin.defined() ? Hin.to(at::kFloat).contiguous() : Hin;
    const std::int64_t cols = W.size(1);

    TensorQuantResult r;
    if (H.defined()) {
        r.hDiag = H.diagonal().clone();
        if (opts.computeSensitivity || weak > 0)
            r.sensitivity = columnSensitivity(W, H, qcfg, opts.sensitivityFromHDiagOnly);
    }
    at::Tensor order;
    if (method == Method::RTN) {
        if (weak > 0) order = processingOrder(H, r.sensitivity, weak, false);
    } else {
        order = processingOrder(H, r.sensitivity, weak, gcfg.actOrder);
    }
    r.weakColumns = weak > 0 ? std::get<0>(at::sort(order.narrow(0, cols - weak, weak)))
                             : at::empty({0}, W.options().dtype(at::kLong));

    auto now = [] { return std::chrono::steady_clock::now(); };
    auto since = [&](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double>(now() - t).count();
    };
    const auto tSolve = now();
    if (method == Method::RTN) {
        r.q = rtnQuantize(W, r.weakColumns, qcfg);
        job.report({"quantize", cols - weak, cols - weak, "columns"});
    } else {
        r.q = gptqSolve(W, H, order, cols - weak, qcfg, gcfg, job);
    }
    r.solveSeconds = since(tSolve);

    if (H.defined() && opts.computeErrors) {
        job.checkCancel("quantization");
        const auto tErr = now();
        // Per channel, GPTQ's grid was fitted on exactly these columns of W: RTN reuses it instead of
        // searching again (the same grid up to the summation order of an mse search). A clip search's rows
        // hold shrunk grids: RTN then fits its own, so errorBefore stays RTN on the grid as fitted.
        QuantizedMatrix rtn = r.q;
        if (method != Method::RTN) {
            const QuantGrid perChannel{r.q.scales.select(1, 0), r.q.zeros.select(1, 0)};
            const bool reuse = qcfg.groupSize == 0 && !gcfg.clipSearch;
            rtn = rtnQuantize(W, r.weakColumns, qcfg, reuse ? &perChannel : nullptr);
        }
        r.errorBefore = hessianError(W, rtn.dequantized, H);
        r.errorAfter = method == Method::RTN ? r.errorBefore : hessianError(W, r.q.dequantized, H);
        r.errorSeconds = since(tErr);
    }
    return r;
}

} // namespace detail

namespace {

at::Tensor viewOf(const Matrix& m, const char* name) {
    if (m.rows < 0 || m.cols < 0 || std::int64_t(m.data.size()) != m.rows * m.cols)
        throw Error(ErrorKind::InvalidArgument,
                    std::string("quantize: ") + name + " holds " + std::to_string(m.data.size()) +
                        " values for a " + std::to_string(m.rows) + "x" + std::to_string(m.cols) + " matrix");
    // A view of m's storage: quantizeLinear only reads it (accumulateHessian updates H through it).
    return at::from_blob(const_cast<float*>(m.data.data()), {m.rows, m.cols}, at::kFloat);
}

template <class T> std::vector<T> toVector(const at::Tensor& t) {
    const at::Tensor c = t.to(at::kCPU).contiguous();
    return std::vector<T>(c.data_ptr<T>(), c.data_ptr<T>() + c.numel());
}

} // namespace

LinearQuantResult quantizeLinear(const Matrix& W, const Matrix* H, Method method, const QuantizerConfig& qcfg,
                                 const GptqConfig& gcfg, int weakColumns, bool sensitivityFromHDiagOnly,
                                 const JobContext& job) {
    const auto t0 = std::chrono::steady_clock::now();
    c10::InferenceMode guard;
    const at::Tensor w = viewOf(W, "W");
    const at::Tensor h = H ? viewOf(*H, "H") : at::Tensor();
    detail::TensorQuantOptions opts;
    opts.sensitivityFromHDiagOnly = sensitivityFromHDiagOnly;
    const detail::TensorQuantResult r =
        detail::quantizeLinearTensor(w, h, method, qcfg, gcfg, weakColumns, opts, job);

    LinearQuantResult out;
    out.dequantized.rows = W.rows;
    out.dequantized.cols = W.cols;
    out.dequantized.data = toVector<float>(r.q.dequantized);
    out.weakColumns = toVector<std::int32_t>(r.weakColumns.to(at::kInt));
    if (r.hDiag.defined()) out.hDiag = toVector<float>(r.hDiag);
    if (r.sensitivity.defined()) out.sensitivity = toVector<float>(r.sensitivity);
    out.errorBefore = r.errorBefore;
    out.errorAfter = r.errorAfter;
    out.nGroups = r.q.scales.size(1);
    out.scales = toVector<float>(r.q.scales);
    out.zeros = toVector<float>(r.q.zeros);
    out.codes = toVector<std::uint8_t>(r.q.codes);
    out.groupIndex = toVector<std::int32_t>(r.q.groupIndex);
    out.solveSeconds = r.solveSeconds;
    out.errorSeconds = r.errorSeconds;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

void accumulateHessian(Matrix& H, std::int64_t& samples, const Matrix& X, std::int64_t batchSamples) {
    c10::InferenceMode guard;
    if (H.rows == 0 && H.cols == 0) {
        H = Matrix{X.cols, X.cols, std::vector<float>(std::size_t(X.cols * X.cols), 0.f)};
        samples = 0;
    }
    if (H.rows != X.cols || H.cols != X.cols)
        throw Error(ErrorKind::InvalidArgument,
                    "accumulateHessian: inputs of width " + std::to_string(X.cols) + " for a " +
                        std::to_string(H.rows) + "x" + std::to_string(H.cols) + " Hessian");
    at::Tensor h = viewOf(H, "H"); // a view of H's storage: updated in place
    detail::accumulateHessian(h, samples, viewOf(X, "X"), batchSamples);
}

} // namespace owq
