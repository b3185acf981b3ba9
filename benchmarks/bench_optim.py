"""One Adam step over the parameters of the guide's 784-128-64-10 network, ours (fused Numba kernel, and the
NumPy transcription) vs ``torch.optim.Adam``.

    python benchmarks/bench_optim.py [--rounds 5]
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from harness import compare, import_backend, median_seconds, parse_arguments, report

SHAPES = [(128, 784), (128,), (64, 128), (64,), (10, 64), (10,)]
WORKLOADS = ["adam_step_784_128_64_10", "sgd_momentum_step_784_128_64_10"]


def build(lib, workload: str):
    rng = np.random.default_rng(0)
    params = [lib.tensor(rng.standard_normal(s).astype(np.float32), requires_grad=True) for s in SHAPES]
    for p in params:
        p.grad = lib.tensor(rng.standard_normal(p.shape).astype(np.float32))
    if workload.startswith("adam"):
        optimizer = lib.optim.Adam(params, lr=1e-3)
    else:
        optimizer = lib.optim.SGD(params, lr=1e-3, momentum=0.9)
    return optimizer.step


def worker(backend: str, workload: str, repeats: int, threads: int) -> None:
    lib = import_backend(backend, threads)
    print(json.dumps({"seconds": median_seconds(build(lib, workload), repeats, warmup=5)}))


def main() -> None:
    args = parse_arguments(__doc__.splitlines()[0], WORKLOADS, repeats=50, rounds=5,
                           workers=("minitorch_es", "minitorch_es_numpy", "torch"))
    if args.worker:
        worker(args.worker, args.workload, args.repeats, args.threads)
        return
    rows = compare(Path(__file__), WORKLOADS, rounds=args.rounds, repeats=args.repeats, threads=args.threads)
    numpy_rows = compare(Path(__file__), WORKLOADS, rounds=args.rounds, repeats=args.repeats, threads=args.threads,
                         ours="minitorch_es_numpy")
    for row in numpy_rows:
        row["workload"] += " (numpy kernels)"
    report("optim", rows + numpy_rows)


if __name__ == "__main__":
    main()
