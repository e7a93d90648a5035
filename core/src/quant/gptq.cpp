// GPTQ's fasterquant (IST-DASLab/gptq gptq.py) and OWQ's variant of it (xvyaward/owq owq/recon.py), step by
// step. Notation follows the paper: H = 2 X X^T, Hinv = upper Cholesky factor of H^-1, the error of column i
// err_i = (w_i - q_i) / [Hinv]_ii is compensated on the later columns by w_j -= err_i [Hinv]_ij.
//
// Layout: the solve works on W^T ([cols, rows], row-major) so that "column i of W" is one contiguous row and
// the lazy-batch update W[:, i2:] -= Err1 Hinv[i1:i2, i2:] is a single GEMM (addmm_).
#include "quant/gptq.h"

#include "owq/error.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace owq::detail {

at::Tensor dampedInverseCholesky(at::Tensor& H, double percdamp) {
    const std::int64_t n = H.size(0);
    const double damp = percdamp * H.diagonal().mean().item<double>();
    H.diagonal().add_(damp);
    auto notPd = [&](const char* step) {
        return Error(ErrorKind::InvalidArgument,
                     std::string("GPTQ: the Hessian (") + std::to_string(n) + "x" + std::to_string(n) +
                         ") is not positive definite after dampening by " + std::to_string(percdamp) +
                         " of its mean diagonal (" + step +
                         " failed); use more calibration data or a larger "
                         "damping");
    };
    auto [L, info] = at::linalg_cholesky_ex(H);
    if (info.item<std::int64_t>() != 0) throw notPd("Cholesky of H");
    const at::Tensor Hinv = at::cholesky_inverse(L);
    auto [U, info2] = at::linalg_cholesky_ex(Hinv, /*upper=*/true);
    if (info2.item<std::int64_t>() != 0) throw notPd("Cholesky of H^-1");
    return U;
}

namespace {

// One pass of the column loop for one clip factor. Everything is in processing order: Wt [cols, rows] (a
// copy the pass updates), results [cols, rows] and [nGroups, rows].
struct SolvePass {
    at::Tensor Qt, Ct, St, Zt;
    // [rows], measured for a clip search only. The sum of err_i^2 = (w_i - q_i)^2 / [U]_ii^2 over a row's
    // quantized columns is its layer loss (W - Q) (H + lambda I) (W - Q)^T under the damped Hessian (the
    // optimal-brain-surgeon identity Algorithm 1 rests on); gptqSolve subtracts lambda ||W - Q||^2 to get
    // H's. O(rows * cols) instead of the O(rows * cols^2) of the product.
    at::Tensor rowLoss;
    std::vector<std::int32_t> gIdx;
};

// The grid shrinks a clip search tries besides the grids as fitted (docs/QUANTIZATION.md).
constexpr float kClipShrinks[] = {0.95f, 0.9f, 0.85f, 0.8f};

// The grid fitted as the references do, its scale times clip (the range shrunk about the zero point, as the
// mse searches shrink it; clip = 1 leaves the grid as fitted).
QuantGrid clipped(QuantGrid g, float clip) {
    if (clip != 1.0f) g.scale = g.scale * clip;
    return g;
}

SolvePass solveColumns(at::Tensor Wt, const at::Tensor& U, const float* d, const std::int64_t* origOf,
                       std::int64_t nQuant, std::int64_t nGroups, const QuantGrid& channelGrid,
                       const std::vector<QuantGrid>& staticGrid, float clip, bool measureLoss,
                       const QuantizerConfig& qcfg, const GptqConfig& gcfg, const JobContext& job,
                       std::int64_t progressBase, std::int64_t progressTotal) {
    const std::int64_t cols = Wt.size(0), rows = Wt.size(1);
    const int maxq = maxCode(qcfg.bits);
    const std::int64_t gs = qcfg.groupSize;
    const bool staticGroups = gs > 0 && gcfg.staticGroups;
    const auto opts = Wt.options();

    SolvePass out;
    out.Qt = at::empty({cols, rows}, opts);    // dequantized
    out.Ct = at::zeros({cols, rows}, opts);    // codes (as float)
    out.St = at::empty({nGroups, rows}, opts); // group scales
    out.Zt = at::empty({nGroups, rows}, opts); // group zeros
    if (measureLoss) out.rowLoss = at::zeros({rows}, opts);
    out.gIdx.assign(size_t(cols), 0);
    QuantGrid grid;
    std::vector<QuantGrid> groupGrid; // static groups, clipped once for the pass
    if (gs == 0) {
        grid = clipped(channelGrid, clip);
        out.St[0].copy_(grid.scale);
        out.Zt[0].copy_(grid.zero);
    } else if (staticGroups) {
        for (std::int64_t g = 0; g < nGroups; ++g) {
            groupGrid.push_back(clipped(staticGrid[size_t(g)], clip));
            out.St[g].copy_(groupGrid.back().scale);
            out.Zt[g].copy_(groupGrid.back().zero);
        }
    }

    const std::int64_t block = gcfg.blockSize;
    for (std::int64_t i1 = 0; i1 < nQuant; i1 += block) {
        job.checkCancel("quantization");
        const std::int64_t i2 = std::min(i1 + block, nQuant), count = i2 - i1;
        // W1 is a copy: inside the block only W1 is updated, so Wt[i1:i2] keeps the values it had when the
        // block started. The references fit group grids on W (not W1), i.e. on those block-start values for
        // columns inside the current block; we do the same so the grids (and results) agree with them.
        at::Tensor W1 = Wt.narrow(0, i1, count).clone();
        at::Tensor Err1 = at::empty({count, rows}, opts);
        const at::Tensor Hinv1 = U.narrow(0, i1, count).narrow(1, i1, count);

        for (std::int64_t i = 0; i < count; ++i) {
            const std::int64_t p = i1 + i; // position in processing order
            if (gs > 0) {
                if (staticGroups) {
                    const std::int64_t g = origOf[p] / gs;
                    grid = groupGrid[size_t(g)];
                    out.gIdx[size_t(origOf[p])] = std::int32_t(g);
                } else {
                    if (p % gs == 0) {
                        const std::int64_t len = std::min(gs, nQuant - p);
                        grid = clipped(fitGrid(Wt.narrow(0, p, len).t(), qcfg, qcfg.owqGroupGrid), clip);
                        out.St[p / gs].copy_(grid.scale);
                        out.Zt[p / gs].copy_(grid.zero);
                    }
                    out.gIdx[size_t(origOf[p])] = std::int32_t(p / gs);
                }
            }
            const at::Tensor w = W1[i];
            // q = scale * (clamp(round(w / scale) + zero, 0, maxq) - zero)
            at::Tensor code = out.Ct[p];
            at::div_out(code, w, grid.scale).round_().add_(grid.zero).clamp_(0, maxq);
            at::Tensor q = out.Qt[p];
            at::sub_out(q, code, grid.zero).mul_(grid.scale);
            // err = (w - q) / d; W1[:, i+1:] -= err Hinv1[i, i+1:] (column i itself is done)
            at::Tensor err = Err1[i];
            at::sub_out(err, w, q).div_(d[p]);
            if (i + 1 < count)
                W1.narrow(0, i + 1, count - i - 1)
                    .addr_(Hinv1[i].narrow(0, i + 1, count - i - 1), err, 1, -1);
        }
        if (measureLoss) out.rowLoss.add_(Err1.square().sum(0));
        // Lazy batch update of all later columns (weak ones included): W[:, i2:] -= Err1 Hinv[i1:i2, i2:].
        if (i2 < cols)
            Wt.narrow(0, i2, cols - i2)
                .addmm_(U.narrow(0, i1, count).narrow(1, i2, cols - i2).t(), Err1, 1, -1);
        job.report({"quantize", progressBase + i2, progressTotal, "columns"});
    }
    // Weak columns: their full-precision values after all compensation (OWQ: Q[:, n_nonout:] = W[:,
    // n_nonout:]).
    if (nQuant < cols) out.Qt.narrow(0, nQuant, cols - nQuant).copy_(Wt.narrow(0, nQuant, cols - nQuant));
    return out;
}

// Keeps, per row (a column of the processing-order tensors), the pass with the smaller loss. Copies only the
// rows that change: no temporary of the whole matrix (a 7B model's down_proj is 180 MB per float tensor).
void keepBetterRows(SolvePass& best, const SolvePass& other) {
    const at::Tensor rows = (other.rowLoss < best.rowLoss).nonzero().squeeze(1);
    if (rows.numel() == 0) return;
    const std::pair<at::Tensor*, const at::Tensor*> parts[] = {
        {&best.Qt, &other.Qt}, {&best.Ct, &other.Ct}, {&best.St, &other.St}, {&best.Zt, &other.Zt}};
    for (const auto& [to, from] : parts) to->index_copy_(1, rows, from->index_select(1, rows));
    best.rowLoss.index_copy_(0, rows, other.rowLoss.index_select(0, rows));
}

} // namespace

QuantizedMatrix gptqSolve(const at::Tensor& W, const at::Tensor& H, const at::Tensor& order,
                          std::int64_t nQuant, const QuantizerConfig& qcfg, const GptqConfig& gcfg,
                          const JobContext& job) {
    const std::int64_t cols = W.size(1);
    const std::int64_t gs = qcfg.groupSize;
    const bool permuted = order.defined();
    const bool staticGroups = gs > 0 && gcfg.staticGroups;

    // Per-channel grid: fitted once on the quantized columns of W as given (before dead columns are zeroed),
    // like both references (OWQ: find_params(W[:, :n_nonout]) after its permutation).
    QuantGrid grid;
    if (gs == 0)
        grid =
            fitGrid(nQuant == cols ? W : W.index_select(1, order.narrow(0, 0, nQuant)), qcfg, qcfg.mseGrid);

    // Permute columns (W^T rows) and H. Dead inputs (H_jj == 0) get H_jj = 1 and a zero weight column.
    at::Tensor Wt = permuted ? W.t().index_select(0, order) : W.t().contiguous(); // [cols, rows], a copy
    at::Tensor Hp = permuted ? H.index_select(0, order).index_select(1, order) : H.clone();
    const at::Tensor dead = Hp.diagonal() == 0;
    Hp.diagonal().masked_fill_(dead, 1);
    Wt.masked_fill_(dead.unsqueeze(1), 0);

    // Static groups (GPTQ --static-groups): every group of the original column order gets its grid up front,
    // from W with dead columns zeroed; weak columns (OWQ) are left out of their group's fit.
    std::int64_t nGroups = 1;
    std::vector<QuantGrid> staticGrid;
    at::Tensor origCol = permuted ? order.to(at::kCPU) : at::arange(cols, at::kLong);
    const std::int64_t* origOf = origCol.data_ptr<std::int64_t>();
    if (gs > 0) nGroups = staticGroups ? (cols + gs - 1) / gs : (nQuant + gs - 1) / gs;
    if (staticGroups) {
        std::vector<char> quantized(size_t(cols), 0);
        for (std::int64_t p = 0; p < nQuant; ++p) quantized[size_t(origOf[p])] = 1;
        const at::Tensor deadOrig = permuted ? at::empty_like(dead).index_copy_(0, order, dead) : dead;
        const at::Tensor Wz = W.masked_fill(deadOrig.unsqueeze(0), 0);
        for (std::int64_t g = 0; g < nGroups; ++g) {
            std::vector<std::int64_t> members;
            for (std::int64_t j = g * gs; j < std::min(cols, (g + 1) * gs); ++j)
                if (quantized[size_t(j)]) members.push_back(j);
            if (members.empty()) members.push_back(g * gs); // only weak columns: any valid grid will do
            const at::Tensor idx = at::tensor(members, at::kLong).to(W.device());
            staticGrid.push_back(fitGrid(Wz.index_select(1, idx), qcfg, qcfg.owqGroupGrid));
        }
    }

    // The damping the solve adds to H's diagonal (as dampedInverseCholesky computes it): the solve's own loss
    // counts lambda * ||w_row - q_row||^2 on top of the layer's.
    const double lambda = gcfg.percdamp * Hp.diagonal().mean().item<double>();
    const at::Tensor U = dampedInverseCholesky(Hp, gcfg.percdamp); // Hinv, upper triangular
    Hp = at::Tensor();
    const at::Tensor Udiag = U.diagonal().to(at::kCPU).contiguous();
    const float* d = Udiag.data_ptr<float>();

    // Clip search: the same solve with each shrunk grid, keeping per row the pass with the least loss (rows
    // are independent in GPTQ, so any mix of passes is a valid solution). One Cholesky serves every pass.
    std::vector<float> clips{1.0f};
    if (gcfg.clipSearch) clips.insert(clips.end(), std::begin(kClipShrinks), std::end(kClipShrinks));
    const std::int64_t total = nQuant * std::int64_t(clips.size());
    const bool search = clips.size() > 1;
    SolvePass best;
    for (std::size_t c = 0; c < clips.size(); ++c) {
        // Without a search the one pass may update Wt itself (no copy of the matrix).
        SolvePass pass =
            solveColumns(search ? Wt.clone() : Wt, U, d, origOf, nQuant, nGroups, grid, staticGrid, clips[c],
                         search, qcfg, gcfg, job, nQuant * std::int64_t(c), total);
        // The layer's loss (W - Q) H (W - Q)^T per row: the solve's loss less the damping's share.
        if (search) pass.rowLoss.sub_((Wt - pass.Qt).square_().sum(0), lambda);
        if (c == 0)
            best = std::move(pass);
        else
            keepBetterRows(best, pass);
    }

    QuantizedMatrix out;
    if (permuted) {
        const at::Tensor inv = at::argsort(order);
        out.dequantized = best.Qt.index_select(0, inv).t().contiguous();
        out.codes = best.Ct.index_select(0, inv).t().to(at::kByte).contiguous();
    } else {
        out.dequantized = best.Qt.t().contiguous();
        out.codes = best.Ct.t().to(at::kByte).contiguous();
    }
    out.scales = best.St.t().contiguous();
    out.zeros = best.Zt.t().contiguous();
    out.groupIndex = at::tensor(best.gIdx, at::kInt);
    return out;
}

} // namespace owq::detail
