"""The ReLU, the hottest element-wise kernels of a CNN (guide 003, section 2.2):

    forward   y = max(0, x) (x itself unless x < 0)    backward   dJ/dx = 0 where y <= 0, else g

NaN passes through both, as in PyTorch (``clamp_min`` and ``threshold_backward``).
"""

from __future__ import annotations

import numba
import numpy as np

from .kernel_sets import by_kernel_set

# Below this many elements, waking the parallel loop's threads (~50 us) costs more than the loop: one thread runs it.
PARALLEL_MIN_ELEMENTS = 1 << 15


def relu_forward_numpy(x: np.ndarray) -> np.ndarray:
    return np.where(x < 0, np.zeros((), dtype=x.dtype), x)


def relu_backward_numpy(y: np.ndarray, g: np.ndarray) -> np.ndarray:
    return np.where(y <= 0, np.zeros((), dtype=g.dtype), g)


@numba.njit(parallel=True, cache=True)
def _relu_forward_parallel(x, out):
    for i in numba.prange(x.size):
        value = x[i]
        out[i] = 0 if value < 0 else value


@numba.njit(cache=True)
def _relu_forward_serial(x, out):
    for i in range(x.size):
        value = x[i]
        out[i] = 0 if value < 0 else value


@numba.njit(parallel=True, cache=True)
def _relu_backward_parallel(y, g, out):
    for i in numba.prange(y.size):
        out[i] = 0 if y[i] <= 0 else g[i]


@numba.njit(cache=True)
def _relu_backward_serial(y, g, out):
    for i in range(y.size):
        out[i] = 0 if y[i] <= 0 else g[i]


def relu_forward_numba(x: np.ndarray) -> np.ndarray:
    out = np.empty(x.shape, dtype=x.dtype)
    kernel = _relu_forward_parallel if x.size >= PARALLEL_MIN_ELEMENTS else _relu_forward_serial
    kernel(np.ascontiguousarray(x).reshape(-1), out.reshape(-1))
    return out


def relu_backward_numba(y: np.ndarray, g: np.ndarray) -> np.ndarray:
    out = np.empty(y.shape, dtype=g.dtype)
    kernel = _relu_backward_parallel if y.size >= PARALLEL_MIN_ELEMENTS else _relu_backward_serial
    kernel(np.ascontiguousarray(y).reshape(-1), np.ascontiguousarray(g).reshape(-1), out.reshape(-1))
    return out


relu_forward = by_kernel_set(numpy=relu_forward_numpy, numba=relu_forward_numba)
relu_backward = by_kernel_set(numpy=relu_backward_numpy, numba=relu_backward_numba)
