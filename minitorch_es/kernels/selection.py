"""Which kernel set runs: ``MINITORCH_ES_KERNELS=numpy`` (the readable transcriptions) or ``numba`` (default).

The choice is read at each call, so tests can switch it with ``monkeypatch.setenv``.
"""

from __future__ import annotations

import os

KERNEL_SETS = ("numba", "numpy")


def kernel_set() -> str:
    """The active kernel set, ``"numba"`` unless the environment asks for ``"numpy"``."""
    choice = os.environ.get("MINITORCH_ES_KERNELS", "numba").strip().lower()
    if choice not in KERNEL_SETS:
        raise ValueError(f"MINITORCH_ES_KERNELS must be one of {KERNEL_SETS}, got {choice!r}")
    return choice
