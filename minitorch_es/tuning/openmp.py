"""Numba's OpenMP threads must not spin after each parallel kernel.

By default OpenMP's idle threads poll for more work after a parallel loop, and on small machines they starve
NumPy's BLAS threads: a 3x3 convolution took 17 ms with ``OMP_WAIT_POLICY=PASSIVE`` and 300 ms without (see
``benchmarks/`` and ``shared/PERFORMANCE.md``). OpenMP reads the variable when it starts, so it is set before
Numba is imported; a value the user set is kept.
"""

from __future__ import annotations

import os


def wait_passively() -> None:
    """Set ``OMP_WAIT_POLICY=PASSIVE`` unless the environment already says otherwise."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
