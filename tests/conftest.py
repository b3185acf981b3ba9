"""Hypothesis profiles: ``ci`` (derandomized, chosen when CI is set) and ``dev`` (more examples)."""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch or numba start OpenMP (see minitorch_es/__init__)

import sys  # noqa: E402
from pathlib import Path

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
