"""Side-by-side timing of minitorch_es and PyTorch CPU (see shared/PERFORMANCE.md for why it works this way).

Each backend runs in its own process (thread pools of NumPy, Numba and PyTorch spin against each other when they
share one), with the same thread count; the processes alternate (ours, torch, ours, torch, ...) so that a noisy
machine affects both alike, and each reports the median of its timed repeats after warm-up. The ratio quoted is
median(ours) / median(torch) over the rounds.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def thread_environment(threads: int) -> dict:
    """The same thread count for every pool. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, which some machines here set to
    work around old OpenBLAS builds, are removed together (only for the benchmark processes): they force a slower
    kernel on the current NumPy's OpenBLAS, and the reports record which kernel ran."""
    environment = dict(os.environ)
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        environment[variable] = str(threads)
    for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        environment.pop(variable, None)
    return environment


def parse_arguments(description: str, workloads, repeats: int, rounds: int,
                    workers=("minitorch_es", "torch")) -> argparse.Namespace:
    """The command line every benchmark shares: ``--worker`` runs one measurement, otherwise the comparison."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--worker", choices=list(workers))
    parser.add_argument("--workload", choices=list(workloads))
    parser.add_argument("--repeats", type=int, default=repeats)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=rounds)
    return parser.parse_args()


def import_backend(name: str, threads: int):
    """The library a worker measures: torch (with ``threads`` threads) or minitorch_es (``minitorch_es_numpy``:
    with the NumPy kernel set)."""
    if name == "torch":
        # PyTorch as its users run it: where the worker imports minitorch_es too (the shared model builders, the
        # guide's loops), its process-wide malloc setting (tuning/freed_memory.py) would speed PyTorch up as well
        # (measured: the CNN step 61.7 -> 45.9 ms).
        os.environ["MINITORCH_ES_KEEP_FREED_MEMORY"] = "0"
        torch = importlib.import_module("torch")
        torch.set_num_threads(threads)
        return torch
    if name == "minitorch_es_numpy":
        os.environ["MINITORCH_ES_KERNELS"] = "numpy"
    return importlib.import_module("minitorch_es")


def median_seconds(step, repeats: int, warmup: int = 3) -> float:
    """Median wall time of ``step()`` over ``repeats`` calls, after ``warmup`` untimed calls (JIT, caches)."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_worker(script: Path, backend: str, workload: str, repeats: int, threads: int) -> float:
    command = [sys.executable, str(script), "--worker", backend, "--workload", workload, "--repeats", str(repeats),
               "--threads", str(threads)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=thread_environment(threads))
    return float(json.loads(output.stdout.strip().splitlines()[-1])["seconds"])


def compare(script: Path, workloads: list[str], rounds: int = 5, repeats: int = 20, threads: int | None = None,
            ours: str = "minitorch_es"):
    """Alternate ``ours`` (a worker name of the script) and torch ``rounds`` times per workload; one row each."""
    threads = threads or os.cpu_count() or 1
    rows = []
    for workload in workloads:
        our_times, theirs = [], []
        for _ in range(rounds):
            our_times.append(run_worker(script, ours, workload, repeats, threads))
            theirs.append(run_worker(script, "torch", workload, repeats, threads))
        ours_median, torch_median = statistics.median(our_times), statistics.median(theirs)
        rows.append({"workload": workload, "ours_ms": 1e3 * ours_median, "torch_ms": 1e3 * torch_median,
                     "ratio": ours_median / torch_median, "threads": threads, "rounds": rounds})
    return rows


def machine_description() -> dict:
    """CPU model, core count, Python, and the BLAS NumPy links (with the kernel it chose), for the reports."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    script = ("import json, numpy, threadpoolctl; print(json.dumps([{k: i.get(k) for k in "
              "('internal_api', 'version', 'architecture', 'num_threads')} for i in threadpoolctl.threadpool_info()]))")
    try:
        blas = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                         env=thread_environment(os.cpu_count() or 1)).stdout)
    except (subprocess.CalledProcessError, json.JSONDecodeError):
        blas = "unknown (threadpoolctl not installed)"
    return {"processor": model, "cpus": os.cpu_count(), "python": platform.python_version(), "blas": blas}


def report(name: str, rows: list[dict]) -> str:
    """Print the table and write it, with the machine's description, to ``results/<name>.json``."""
    lines = [f"{'workload':<40} {'ours ms':>9} {'torch ms':>9} {'ours/torch':>10}"]
    lines += [f"{r['workload']:<40} {r['ours_ms']:>9.3f} {r['torch_ms']:>9.3f} {r['ratio']:>10.2f}" for r in rows]
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    machine = machine_description()
    (RESULTS / f"{name}.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2))
    return table
