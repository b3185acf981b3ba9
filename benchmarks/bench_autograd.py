"""Autograd overhead: forward + backward of the guide's 784-128-64-10 network on a batch of 100, written with
tensor operations only (matmul, bias, ReLU, log-softmax, picking the target's log-probability), ours vs PyTorch.

    python benchmarks/bench_autograd.py [--rounds 5]
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from harness import compare, import_backend, median_seconds, parse_arguments, report

WORKLOADS = ["mlp_784_128_64_10_batch_100", "elementwise_chain_100k"]


def build(lib, workload: str):
    rng = np.random.default_rng(0)

    def leaf(*shape, scale=0.05):
        return lib.tensor((rng.standard_normal(shape) * scale).astype(np.float32), requires_grad=True)

    if workload == "mlp_784_128_64_10_batch_100":
        x = lib.tensor(rng.standard_normal((100, 784)).astype(np.float32))
        labels = lib.tensor(rng.integers(0, 10, 100))
        w1, b1, w2, b2, w3, b3 = leaf(784, 128), leaf(128), leaf(128, 64), leaf(64), leaf(64, 10), leaf(10)
        rows = lib.arange(100)

        def step():
            hidden = lib.relu(lib.relu(x @ w1 + b1) @ w2 + b2)
            loss = -lib.log_softmax(hidden @ w3 + b3, dim=1)[rows, labels].mean()
            loss.backward()

        return step
    x = leaf(100_000, scale=1.0)

    def chain():
        ((x * 2 + 1).exp().log().sigmoid() * x).sum().backward()

    return chain


def worker(backend: str, workload: str, repeats: int, threads: int) -> None:
    lib = import_backend(backend, threads)
    print(json.dumps({"seconds": median_seconds(build(lib, workload), repeats)}))


def main() -> None:
    args = parse_arguments(__doc__.splitlines()[0], WORKLOADS, repeats=30, rounds=5)
    if args.worker:
        worker(args.worker, args.workload, args.repeats, args.threads)
        return
    report("autograd", compare(Path(__file__), WORKLOADS, rounds=args.rounds, repeats=args.repeats,
                               threads=args.threads))


if __name__ == "__main__":
    main()
