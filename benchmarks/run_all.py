"""Run every ``bench_*.py`` in this folder (``make bench``); each prints its table and writes results/*.json, then
``report.py`` gathers them into results/REPORT.md and results/ratios.png."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
for script in sorted(here.glob("bench_*.py")):
    print(f"\n== {script.name} ==", flush=True)
    subprocess.run([sys.executable, str(script)], check=True, cwd=here)
subprocess.run([sys.executable, str(here / "report.py")], check=True, cwd=here)
