"""Which kernel set runs: ``MINITORCH_ES_KERNELS=numpy`` (the readable transcriptions) or ``numba`` (default).

A kernel module that has both versions of a kernel names the pair once, at its end, so that a reader (and grep)
sees which function runs and who calls it::

    conv2d_forward = by_kernel_set(numpy=conv2d_forward_numpy, numba=conv2d_forward_numba)

The choice is read at each call, so tests can switch it with ``monkeypatch.setenv``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

KERNEL_SETS = ("numba", "numpy")


def kernel_set() -> str:
    """The active kernel set, ``"numba"`` unless the environment asks for ``"numpy"``."""
    choice = os.environ.get("MINITORCH_ES_KERNELS", "numba").strip().lower()
    if choice not in KERNEL_SETS:
        raise ValueError(f"MINITORCH_ES_KERNELS must be one of {KERNEL_SETS}, got {choice!r}")
    return choice


def by_kernel_set(*, numpy: Callable, numba: Callable) -> Callable:
    """A function that calls ``numpy`` or ``numba`` (same arguments, same results), whichever set is active."""

    def run_active_set(*args, **kwargs):
        return (numpy if kernel_set() == "numpy" else numba)(*args, **kwargs)

    run_active_set.__name__ = run_active_set.__qualname__ = numba.__name__.removesuffix("_numba")
    run_active_set.__doc__ = f"{numpy.__name__} or {numba.__name__}, by MINITORCH_ES_KERNELS."
    run_active_set.numpy, run_active_set.numba = numpy, numba
    return run_active_set
