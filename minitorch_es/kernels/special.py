"""Special functions that NumPy lacks, compiled with Numba."""

import math

import numba
import numpy as np


@numba.vectorize(["float32(float32)", "float64(float64)"], cache=True)
def _erf_kernel(x):
    return math.erf(x)


def erf(x: np.ndarray) -> np.ndarray:
    """erf(x) = 2/sqrt(pi) * integral_0^x e^{-t^2} dt, element-wise, in the dtype of ``x`` (float16 via float32)."""
    if x.dtype == np.float16:
        return _erf_kernel(x.astype(np.float32)).astype(np.float16)
    return _erf_kernel(x)
