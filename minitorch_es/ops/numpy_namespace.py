"""The array namespace of first-order backward formulas: NumPy's functions, under their NumPy names, and the few
helpers the formulas share (:mod:`.tensor_namespace` has the same names over the differentiable ops). See
:mod:`.array_namespace`."""

from __future__ import annotations

import numpy as np
from numpy import (abs, arange, broadcast_to, clip, concatenate, cos, cosh, cumprod, cumsum, einsum,  # noqa: F401
                   exp, expand_dims, flip, isnan, log, log1p, maximum, mean, minimum, moveaxis, ones, ones_like, pad,
                   power, reshape, sign, sin, sinh, split, sqrt, sum, swapaxes, tanh, where, zeros, zeros_like)

from ..kernels.special import erf  # noqa: F401

IS_DIFFERENTIABLE = False


def astype(x, dtype):
    """x in ``dtype`` (x itself when it already is)."""
    return np.asarray(x).astype(dtype, copy=False)


def dtype_of(x):
    """x's NumPy dtype."""
    return x.dtype

