"""One Adam step over the parameters of the guide's 784-128-64-10 network, ours (fused Numba kernel, and the
NumPy transcription) vs ``torch.optim.Adam``.

    python benchmarks/bench_optim.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from harness import compare, median_seconds, report

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
    if backend == "torch":
        import torch as lib

        lib.set_num_threads(threads)
    else:
        if backend == "minitorch_es_numpy":
            os.environ["MINITORCH_ES_KERNELS"] = "numpy"
        import minitorch_es as lib
    print(json.dumps({"seconds": median_seconds(build(lib, workload), repeats, warmup=5)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=["minitorch_es", "minitorch_es_numpy", "torch"])
    parser.add_argument("--workload", choices=WORKLOADS)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
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
