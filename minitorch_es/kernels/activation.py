"""The ReLU's backward, the hottest element-wise kernel of a CNN: dJ/dx = 0 where y <= 0, else g."""

from __future__ import annotations

import numba
import numpy as np


def relu_backward_numpy(y: np.ndarray, g: np.ndarray) -> np.ndarray:
    """dJ/dx = 0 where y = max(0, x) <= 0, else g (a NaN y passes g on, as PyTorch's ``threshold_backward``)."""
    return np.where(y <= 0, np.zeros((), dtype=g.dtype), g)


@numba.njit(parallel=True, cache=True)
def _relu_backward_kernel(y, g, out):
    for i in numba.prange(y.size):
        out[i] = 0 if y[i] <= 0 else g[i]


def relu_backward_numba(y: np.ndarray, g: np.ndarray) -> np.ndarray:
    out = np.empty(y.shape, dtype=g.dtype)
    _relu_backward_kernel(np.ascontiguousarray(y).reshape(-1), np.ascontiguousarray(g).reshape(-1),
                          out.reshape(-1))
    return out
