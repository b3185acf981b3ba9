"""Write ``results/REPORT.md`` and ``results/ratios.png`` from the JSON tables the benchmarks wrote.

    python benchmarks/report.py      (``make bench`` runs it after the benchmarks)
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RESULTS = Path(__file__).parent / "results"
SECTIONS = [("kernels", "Kernels (forward + backward)"), ("optim", "Optimizer steps"),
            ("training", "Training steps and the guide's epoch"), ("autograd", "Autograd overhead")]


def main() -> None:
    tables = {name: json.loads((RESULTS / f"{name}.json").read_text()) for name, _ in SECTIONS
              if (RESULTS / f"{name}.json").exists()}
    if not tables:
        raise SystemExit("no results yet: run the benchmarks first (make bench)")
    machine = next(iter(tables.values()))["machine"]
    lines = ["# minitorch_es against PyTorch CPU", "",
             f"Machine: {machine['processor']}, {machine['cpus']} cores, Python {machine['python']}.  ",
             f"BLAS: {machine.get('blas')}.", "",
             ("Each backend runs in its own process, the same thread count, alternating; times are medians. "
              "A ratio below 1 means minitorch_es is faster."), ""]
    figure, axis = plt.subplots(figsize=(9, 0.35 * sum(len(t["rows"]) for t in tables.values()) + 1.5))
    labels, ratios = [], []
    for name, title in SECTIONS:
        if name not in tables:
            continue
        lines += [f"## {title}", "", "| workload | ours (ms) | PyTorch (ms) | ours / PyTorch |", "|---|---|---|---|"]
        for row in tables[name]["rows"]:
            lines.append(f"| {row['workload']} | {row['ours_ms']:.3f} | {row['torch_ms']:.3f} | {row['ratio']:.2f} |")
            labels.append(row["workload"])
            ratios.append(row["ratio"])
        if name == "kernels" and "compile" in tables[name]:
            compile_times = tables[name]["compile"]
            lines += ["", (f"Numba compile: {compile_times['first_process_s']:.1f} s in a first process with an "
                           f"empty cache, {compile_times['second_process_s']:.1f} s in a second one (cache hit). "
                           f"Float32 matmul peak: {tables[name]['matmul_peak_gflops']:.0f} GFLOP/s.")]
        lines.append("")
    if (RESULTS / "memory.json").exists():
        memory = json.loads((RESULTS / "memory.json").read_text())
        lines += ["## Peak memory of a training step (increment over the process's base)", "",
                  "| workload | ours (MB) | PyTorch (MB) | ours / PyTorch |", "|---|---|---|---|"]
        lines += [f"| {row['workload']} | {row['ours_mb']:.1f} | {row['torch_mb']:.1f} | {row['ratio']:.2f} |"
                  for row in memory["rows"]]
        lines.append("")
    axis.barh(range(len(ratios)), ratios, color=["tab:green" if r <= 1 else "tab:orange" for r in ratios])
    axis.axvline(1.0, color="black", linewidth=1)
    axis.set_yticks(range(len(labels)), labels=labels, fontsize=8)
    axis.invert_yaxis()
    axis.set(xlabel="time ratio minitorch_es / PyTorch (lower is faster)", title="minitorch_es vs PyTorch CPU")
    figure.tight_layout()
    figure.savefig(RESULTS / "ratios.png", dpi=110)
    lines += ["![ratios](ratios.png)", ""]
    (RESULTS / "REPORT.md").write_text("\n".join(lines))
    print(f"wrote {RESULTS / 'REPORT.md'} and {RESULTS / 'ratios.png'}")


if __name__ == "__main__":
    main()
