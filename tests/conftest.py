"""Hypothesis profiles: ``ci`` (derandomized, chosen when CI is set) and ``dev`` (more examples)."""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch or numba start OpenMP (see minitorch_es/__init__)
_workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
if _workers > 1:  # share the cores between the workers (and the examples they start): oversubscribed BLAS and
    _threads = str(max(1, (os.cpu_count() or 1) // _workers))  # OpenMP threads run several times slower
    for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ.setdefault(_variable, _threads)

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=50, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev", deadline=None, max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
