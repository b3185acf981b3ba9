"""Peak memory of a training step against PyTorch CPU: the guide's Fashion-MNIST CNN (Adam, batch 100), each
backend in its own process. The figure is the increment of the process's resident memory over its base (the
process after importing the library and building the model and the batch): its highest value, sampled every
millisecond during the steps, minus the base. Saved tensors freed as backward passes them keep it down.

    python benchmarks/bench_memory.py [--rounds 3]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench_training import build_step
from harness import RESULTS, import_backend, machine_description, parse_arguments, thread_environment

WORKLOADS = ["cnn_adam_step_b100", "mlp_adam_step_b100"]
PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def peak_increment(step, steps: int = 5) -> float:
    """The highest resident memory during ``steps`` calls of ``step`` minus the memory before them (bytes)."""
    base = resident_bytes()
    peak = [base]
    running = True

    def sample() -> None:
        while running:
            peak[0] = max(peak[0], resident_bytes())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for _ in range(steps):
        step()
    running = False
    sampler.join()
    return max(peak[0], resident_bytes()) - base


def worker(backend: str, workload: str, threads: int) -> None:
    lib = import_backend(backend, threads)
    step = build_step(lib, workload.split("_")[0])
    print(json.dumps({"bytes": peak_increment(step)}))


def run_worker(backend: str, workload: str, threads: int) -> float:
    command = [sys.executable, str(Path(__file__)), "--worker", backend, "--workload", workload, "--threads",
               str(threads)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=thread_environment(threads))
    return float(json.loads(output.stdout.strip().splitlines()[-1])["bytes"])


def main() -> None:
    args = parse_arguments(__doc__.splitlines()[0], WORKLOADS, repeats=1, rounds=3)
    threads = args.threads or os.cpu_count() or 1
    if args.worker:
        worker(args.worker, args.workload, threads)
        return
    rows = []
    for workload in WORKLOADS:
        ours, theirs = [], []
        for _ in range(args.rounds):  # alternating, each in a fresh process
            ours.append(run_worker("minitorch_es", workload, threads))
            theirs.append(run_worker("torch", workload, threads))
        ours_mb, torch_mb = statistics.median(ours) / 2 ** 20, statistics.median(theirs) / 2 ** 20
        rows.append({"workload": workload, "ours_mb": ours_mb, "torch_mb": torch_mb, "ratio": ours_mb / torch_mb,
                     "rounds": args.rounds})
    print(f"{'workload':<40} {'ours MB':>9} {'torch MB':>9} {'ours/torch':>10}")
    for row in rows:
        print(f"{row['workload']:<40} {row['ours_mb']:>9.1f} {row['torch_mb']:>9.1f} {row['ratio']:>10.2f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "memory.json").write_text(json.dumps({"machine": machine_description(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
