"""Which kernel set runs: ``MINITORCH_ES_KERNELS=numpy`` (the readable transcriptions) or ``numba`` (default).

A kernel module that has both versions of a kernel names the pair once, at its end, so that a reader (and grep)
sees which function runs and who calls it::

    conv2d_forward = by_kernel_set(numpy=conv2d_forward_numpy, numba=conv2d_forward_numba)

The environment variable is read once, when minitorch_es is imported (reading ``os.environ`` at every kernel call
cost 1.6 us, as much as a small Numba kernel); within a program, ``use_kernel_set("numpy")`` switches, and
``using_kernel_set("numpy")`` switches for a ``with`` block (the tests run each kernel set so).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

KERNEL_SETS = ("numba", "numpy")


def _checked(choice: str, where: str) -> str:
    choice = choice.strip().lower()
    if choice not in KERNEL_SETS:
        raise ValueError(f"{where} must be one of {KERNEL_SETS}, got {choice!r}")
    return choice


_active = _checked(os.environ.get("MINITORCH_ES_KERNELS", "numba"), "MINITORCH_ES_KERNELS")


def kernel_set() -> str:
    """The active kernel set: ``MINITORCH_ES_KERNELS`` at import (``"numba"`` unless it says ``"numpy"``), or what
    :func:`use_kernel_set` chose since."""
    return _active


def use_kernel_set(name: str) -> None:
    """Run the kernels of ``name`` ("numba" or "numpy") from now on."""
    global _active
    _active = _checked(name, "the kernel set")


@contextlib.contextmanager
def using_kernel_set(name: str) -> Iterator[None]:
    """Run the kernels of ``name`` inside the ``with`` block, then the set that was active before."""
    previous = kernel_set()
    use_kernel_set(name)
    try:
        yield
    finally:
        use_kernel_set(previous)


def by_kernel_set(*, numpy: Callable, numba: Callable) -> Callable:
    """A function that calls ``numpy`` or ``numba`` (same arguments, same results), whichever set is active."""

    def run_active_set(*args, **kwargs):
        return (numpy if _active == "numpy" else numba)(*args, **kwargs)

    run_active_set.__name__ = run_active_set.__qualname__ = numba.__name__.removesuffix("_numba")
    run_active_set.__doc__ = f"{numpy.__name__} or {numba.__name__}, by the active kernel set."
    run_active_set.numpy, run_active_set.numba = numpy, numba
    return run_active_set
