"""Kernels against PyTorch CPU: forward + backward of convolutions, pooling and the linear layer.

    python benchmarks/bench_kernels.py [--rounds 5] [--repeats 10]

Each workload runs in its own processes, ours and torch's alternating, the same thread count, after warm-up; the
table gives the medians, the ratio ours/torch, our GFLOP/s, and that as a fraction of the machine's float32
matrix-product peak (NumPy's 1024x1024 @ 1024x1024). It also reports the Numba kernels' first-call compile time
in a fresh cache, and the same calls in a second process that finds the cache (no compilation).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from harness import RESULTS, compare, import_backend, median_seconds, parse_arguments, report, thread_environment

# name: (kind, shapes, options, forward FLOPs)
WORKLOADS = {
    "conv3x3 1->32 28x28 b100": ("conv", (100, 1, 28, 28), (32, 1, 3, 3), dict(padding=1)),
    "conv3x3 32->32 28x28 b100": ("conv", (100, 32, 28, 28), (32, 32, 3, 3), dict(padding=1)),
    "conv3x3 32->64 14x14 b100": ("conv", (100, 32, 14, 14), (64, 32, 3, 3), dict(padding=1)),
    "conv3x3 64->64 14x14 b100": ("conv", (100, 64, 14, 14), (64, 64, 3, 3), dict(padding=1)),
    "conv7x7/2 3->64 64x64 b32 (ResNet stem)": ("conv", (32, 3, 64, 64), (64, 3, 7, 7), dict(stride=2, padding=3)),
    "maxpool3x3/2 64x32x32 b32 (ResNet stem)": ("maxpool", (32, 64, 32, 32), None,
                                               dict(kernel_size=3, stride=2, padding=1)),
    "maxpool2x2 32x28x28 b100": ("maxpool", (100, 32, 28, 28), None, dict(kernel_size=2)),
    "linear 784->128 b100": ("linear", (100, 784), (128, 784), {}),
}


def forward_backward_flops(name: str) -> float:
    """2 multiply-adds per weight use, forward; backward costs twice the forward (input and weight gradients)."""
    kind, x_shape, w_shape, options = WORKLOADS[name]
    if kind == "conv":
        stride = options.get("stride", 1)
        out_hw = [(size + 2 * options["padding"] - w_shape[2]) // stride + 1 for size in x_shape[2:]]
        forward = 2 * x_shape[0] * w_shape[0] * out_hw[0] * out_hw[1] * w_shape[1] * w_shape[2] * w_shape[3]
    elif kind == "linear":
        forward = 2 * x_shape[0] * w_shape[0] * w_shape[1]
    else:
        return float("nan")
    return 3.0 * forward


def build(lib, name: str):
    kind, x_shape, w_shape, options = WORKLOADS[name]
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal(x_shape).astype(np.float32), requires_grad=True)
    functional = lib.nn.functional
    if kind == "maxpool":
        def compute():
            return functional.max_pool2d(x, **options)
    else:
        weight = lib.tensor(rng.standard_normal(w_shape).astype(np.float32) * 0.1, requires_grad=True)
        bias = lib.tensor(np.zeros(w_shape[0], dtype=np.float32), requires_grad=True)
        operation = functional.conv2d if kind == "conv" else functional.linear

        def compute():
            return operation(x, weight, bias, **options)

    upstream = lib.tensor(rng.standard_normal(tuple(compute().shape)).astype(np.float32))

    def step():
        compute().backward(upstream)

    return step


def worker(backend: str, name: str, repeats: int, threads: int) -> None:
    lib = import_backend(backend, threads)
    print(json.dumps({"seconds": median_seconds(build(lib, name), repeats, warmup=3)}))


def matmul_peak_gflops() -> float:
    """NumPy float32 1024^3 product, in a process with the benchmark's environment."""
    script = ("import numpy as np, time; a = np.ones((1024, 1024), np.float32); a @ a; t = time.perf_counter(); "
              "[a @ a for _ in range(20)]; print(2 * 1024**3 * 20 / (time.perf_counter() - t) / 1e9)")
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env=thread_environment(os.cpu_count() or 1))
    return float(output.stdout.strip())


def compile_times() -> dict:
    """First-call time of every kernel with an empty Numba cache, then in a second process with that cache."""
    script = ("import time, numpy as np; t = time.perf_counter(); import minitorch_es as m; "
              "x = m.randn(2, 3, 9, 9, requires_grad=True); w = m.randn(4, 3, 3, 3, requires_grad=True); "
              "w32 = m.randn(32, 3, 3, 3, requires_grad=True); w64 = m.randn(64, 32, 3, 3, requires_grad=True); "
              "F = m.nn.functional; h = F.conv2d(x, w32, padding=1); "
              "y = F.conv2d(x, w, padding=1).sum() + F.conv2d(x, w, stride=2).sum() + F.conv2d(h, w64).sum() "
              "+ F.max_pool2d(x, 2).sum() + F.avg_pool2d(x, 2).sum(); y.backward(); "
              "p = m.nn.Parameter(m.randn(5)); p.grad = m.randn(5); "
              "[o([p], lr=0.1).step() for o in (m.optim.SGD, m.optim.Adam, m.optim.RMSprop)]; "
              "print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory() as cache:
        environment = dict(thread_environment(os.cpu_count() or 1), NUMBA_CACHE_DIR=cache)
        runs = [float(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                     env=environment).stdout.strip()) for _ in range(2)]
        cached_files = sum(1 for _ in Path(cache).rglob("*.nbi"))
    return {"first_process_s": runs[0], "second_process_s": runs[1], "cache_index_files": cached_files}


def main() -> None:
    args = parse_arguments(__doc__.splitlines()[0], WORKLOADS, repeats=10, rounds=5)
    if args.worker:
        worker(args.worker, args.workload, args.repeats, args.threads)
        return
    peak = matmul_peak_gflops()
    rows = compare(Path(__file__), list(WORKLOADS), rounds=args.rounds, repeats=args.repeats, threads=args.threads)
    for row in rows:
        flops = forward_backward_flops(row["workload"])
        row["gflops"] = flops / (row["ours_ms"] / 1e3) / 1e9
        row["fraction_of_peak"] = row["gflops"] / peak
    print(f"float32 matmul peak (NumPy 1024^3): {peak:.0f} GFLOP/s")
    report("kernels", rows)
    print(f"{'workload':<40} {'GFLOP/s':>9} {'of peak':>8}")
    for row in rows:
        print(f"{row['workload']:<40} {row['gflops']:>9.1f} {row['fraction_of_peak']:>8.2f}")
    compile_report = compile_times()
    print(f"Numba: first process (compiling, empty cache) {compile_report['first_process_s']:.1f} s; second process "
          f"(cache hit) {compile_report['second_process_s']:.1f} s; "
          f"{compile_report['cache_index_files']} cached kernels")
    saved = json.loads((RESULTS / "kernels.json").read_text())
    saved.update({"matmul_peak_gflops": peak, "compile": compile_report,
                  "measured_at": time.strftime("%Y-%m-%d %H:%M")})
    (RESULTS / "kernels.json").write_text(json.dumps(saved, indent=2))


if __name__ == "__main__":
    main()
