#!/usr/bin/python3
"""Times the official OWQ code's GPTQ_OWQ.fasterquant (github.com/xvyaward/owq) on a layer that
`bench_gptq --save-problem DIR` wrote, so that both solvers see the same weights and Hessian.

    reference_solve.py REF_DIR PROBLEM_DIR [--shared ../shared] [--threads 2] [--reps 1] [--weak K]

REF_DIR: the reference's files (main.py, owq/, model_config.json) materialised from a fetched copy, e.g.
    git --git-dir=<fetched xvyaward/owq> archive HEAD owq main.py model_config.json | tar -x -C REF_DIR
The reference is imported (and its CUDA/transformers dependencies stubbed) by ../shared/reference/run_ref.py,
and driven the way its --anchor timing drives it: one GPTQ_OWQ per run with g.H set to the saved H, the
quantizer Quantizer(bits, perchannel=True, sym=False, mse=True), the frob-norm sensitivity from a num=40
Quantizer as main.py computes it, hessian_sorting(actorder=False), then fasterquant(percdamp=.01,
groupsize=-1, actorder=False) timed alone (what bench_gptq reports as solveSeconds covers the same steps).

PROBLEM_DIR holds W.f32 [rows, cols] and H.f32 [cols, cols] (raw little-endian float32, row-major) and
problem.json. Prints one JSON object: the fasterquant times and their median, the weak columns (ascending)
and the quantized layer's error trace tr((W - Q) H (W - Q)^T), comparable with bench_gptq's errorAfter.
"""
import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

_REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_f32(path, rows, cols):
    n = rows * cols
    size = os.path.getsize(path)
    if size != 4 * n:
        sys.exit(f'{path}: {size} bytes, not a {rows}x{cols} float32 matrix')
    return torch.from_file(path, shared=False, size=n, dtype=torch.float32).reshape(rows, cols)


def error_trace(W, Q, H):
    D = W - Q
    return (D @ H).mul_(D).sum(dtype=torch.float64).item()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('ref_dir', help='folder holding the OWQ repository files (main.py, owq/, model_config.json)')
    p.add_argument('problem_dir', help='folder written by bench_gptq --save-problem')
    p.add_argument('--shared', default=os.environ.get('OWQ_SHARED_DIR', os.path.join(_REPO, '..', 'shared')),
                   help='the shared folder holding reference/run_ref.py (default: $OWQ_SHARED_DIR or ../shared)')
    p.add_argument('--threads', type=int, default=2, help='torch and OpenBLAS threads')
    p.add_argument('--reps', type=int, default=1, help='fasterquant runs; the median is reported')
    p.add_argument('--weak', type=int, default=None, help='weak columns (default: problem.json\'s)')
    p.add_argument('--bits', type=int, default=None, help='bits (default: problem.json\'s)')
    p.add_argument('--json', default=None, help='also write the result to this file')
    a = p.parse_args()

    sys.path.insert(0, os.path.join(os.path.abspath(a.shared), 'reference'))
    import run_ref  # the shared harness: stubs, thread settings, the reference's import

    run_ref.tune_malloc()
    ref = run_ref.import_reference(a.ref_dir)
    threads = run_ref.set_threads(a.threads)

    with open(os.path.join(a.problem_dir, 'problem.json')) as f:
        prob = json.load(f)
    rows, cols = prob['rows'], prob['cols']
    n_out = prob['weak'] if a.weak is None else a.weak
    bits = prob['bits'] if a.bits is None else a.bits
    W0 = load_f32(os.path.join(a.problem_dir, prob.get('W', 'W.f32')), rows, cols)
    H = load_f32(os.path.join(a.problem_dir, prob.get('H', 'H.f32')), cols, cols)

    lin = nn.Linear(cols, rows, bias=False)
    times, sens_times, weak, err = [], [], None, None
    for _ in range(a.reps):
        lin.weight.data = W0.clone()
        g = ref.recon.GPTQ_OWQ(lin, n_out=n_out)
        g.H = H.clone()
        g.nsamples = prob['tokens'] // prob['seqlen']
        g.quantizer = ref.quant.Quantizer(bits, perchannel=True, sym=False, mse=True)
        tick = time.perf_counter()
        tq = ref.quant.Quantizer(bits, perchannel=True, sym=False, mse=True)  # frob-norm step
        tq.find_params(lin.weight.data, weight=True, num=40)
        frob = (lin.weight.data - tq.quantize(lin.weight.data)).pow(2).sum(0)
        weak = g.hessian_sorting(actorder=False, frob_norm=frob).tolist()
        sens_times.append(time.perf_counter() - tick)
        with contextlib.redirect_stdout(io.StringIO()):  # fasterquant prints its time and error
            tick = time.perf_counter()
            g.fasterquant(percdamp=.01, groupsize=-1, actorder=False)
            times.append(time.perf_counter() - tick)
        err = error_trace(W0, lin.weight.data, H)
    out = {'shape': [rows, cols], 'wbits': bits, 'n_out': n_out, 'threads': threads,
           'fasterquant_s': times, 'median_s': statistics.median(times),
           'sensitivity_s': statistics.median(sens_times), 'errorAfter': err, 'weakColumns': weak,
           'problem': os.path.abspath(a.problem_dir)}
    text = json.dumps(out)
    print(text)
    if a.json:
        with open(a.json, 'w') as f:
            f.write(text + '\n')


if __name__ == '__main__':
    main()
