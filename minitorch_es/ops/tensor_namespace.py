"""The array namespace of backward formulas under ``create_graph=True``: :mod:`.numpy_namespace`'s names, with
NumPy's arguments (``axis``, ``keepdims``, ``dtype``), computed by the differentiable ops, so that a backward
formula written once records a graph of its own. See :mod:`.array_namespace`.

Arguments may be tensors, arrays (constants a forward saved) or numbers; the result is a tensor.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from . import (arithmetic, comparison, einsum as einsum_ops, exp_log, indexing, joining, padding, piecewise, reductions,
               rounding, scans, special, trigonometric, views)

IS_DIFFERENTIABLE = True


def _tensor(value):
    from ..tensor import Tensor

    return value if isinstance(value, Tensor) else Tensor._wrap(np.asarray(value))


def _operand(value):
    """Tensors stay tensors, arrays become constant tensors, Python numbers stay numbers."""
    return value if isinstance(value, (int, float, bool)) else _tensor(value)


def _our_dtype(dtype):
    return dtypes.from_numpy_dtype(np.dtype(dtype)) if not isinstance(dtype, dtypes.dtype) else dtype


# ---- elementwise ---------------------------------------------------------------------------------------------------

def abs(x):
    return rounding.abs(_tensor(x))


def sign(x):
    return rounding.sign(_tensor(x))


def exp(x):
    return exp_log.exp(_tensor(x))


def log(x):
    return exp_log.log(_tensor(x))


def log1p(x):
    return exp_log.log1p(_tensor(x))


def sqrt(x):
    return exp_log.sqrt(_tensor(x))


def power(x, exponent):
    return arithmetic.pow(_operand(x), _operand(exponent))


def sin(x):
    return trigonometric.sin(_tensor(x))


def cos(x):
    return trigonometric.cos(_tensor(x))


def tanh(x):
    return trigonometric.tanh(_tensor(x))


def sinh(x):
    return trigonometric.sinh(_tensor(x))


def cosh(x):
    return trigonometric.cosh(_tensor(x))


def erf(x):
    return special.erf(_tensor(x))


def maximum(a, b):
    """The larger of a and b; at a tie the gradient is split in halves (a number b is a 0-d constant)."""
    return piecewise.maximum(_tensor(a), _tensor(b))


def minimum(a, b):
    return piecewise.minimum(_tensor(a), _tensor(b))


def clip(x, low, high):
    return piecewise.clamp(_tensor(x), low, high)


def where(condition, a, b):
    return piecewise.where(_tensor(condition), _operand(a), _operand(b))


def isnan(x):
    return comparison.isnan(_tensor(x))


def astype(x, dtype):
    x = _tensor(x)
    dtype = _our_dtype(dtype)
    return x if x.dtype is dtype else x.to(dtype)


def dtype_of(x):
    """x's NumPy dtype (as ``numpy_namespace.dtype_of``)."""
    return _tensor(x)._data.dtype


# ---- reductions and scans -------------------------------------------------------------------------------------------

def sum(x, axis=None, keepdims=False, dtype=None):
    if axis == ():  # NumPy: no axis reduced (PyTorch's dim=() would reduce them all)
        return _tensor(x)
    return reductions.sum(_tensor(x), dim=axis, keepdim=keepdims)


def mean(x, axis=None, keepdims=False):
    if axis == ():
        return _tensor(x)
    return reductions.mean(_tensor(x), dim=axis, keepdim=keepdims)


def cumsum(x, axis):
    return scans.cumsum(_tensor(x), axis)


def cumprod(x, axis):
    return scans.cumprod(_tensor(x), axis)


def einsum(equation, *operands, optimize=False):
    return einsum_ops.einsum(equation, *(_tensor(o) for o in operands))


# ---- shapes -------------------------------------------------------------------------------------------------------

def reshape(x, shape):
    return views.reshape(_tensor(x), tuple(shape))


def broadcast_to(x, shape):
    return views.expand(_tensor(x), tuple(shape))


def expand_dims(x, axis):
    x = _tensor(x)
    if not isinstance(axis, (tuple, list)):
        return views.unsqueeze(x, axis)
    ndim = x.ndim + len(axis)
    for position in sorted(a % ndim for a in axis):
        x = views.unsqueeze(x, position)
    return x


def moveaxis(x, source, destination):
    return views.movedim(_tensor(x), source, destination)


def swapaxes(x, axis0, axis1):
    return views.swapaxes(_tensor(x), axis0, axis1)


def concatenate(values, axis=0):
    return joining.cat([_tensor(v) for v in values], axis)


def split(x, boundaries, axis=0):
    """The pieces of x cut before each of ``boundaries`` along ``axis`` (views)."""
    x = _tensor(x)
    edges = [0, *(int(b) for b in boundaries), x.shape[axis]]
    before = (slice(None),) * (axis % x.ndim)
    return [x[before + (slice(start, stop),)] for start, stop in zip(edges, edges[1:])]


def flip(x, axis):
    return indexing.flip(_tensor(x), axis if isinstance(axis, (tuple, list)) else (axis,))


def pad(x, widths, mode="constant", constant_values=0):
    flat = [side for before_after in reversed([tuple(w) for w in widths]) for side in before_after]
    return padding.pad(_tensor(x), flat, value=constant_values)


# ---- new tensors (constants) ----------------------------------------------------------------------------------------

def zeros(shape, dtype=float):
    return _tensor(np.zeros(shape, dtype=dtype))


def ones(shape, dtype=float):
    return _tensor(np.ones(shape, dtype=dtype))


def zeros_like(x, dtype=None):
    x = _tensor(x)
    return _tensor(np.zeros(x._data.shape, dtype=dtype or x._data.dtype))


def ones_like(x, dtype=None):
    x = _tensor(x)
    return _tensor(np.ones(x._data.shape, dtype=dtype or x._data.dtype))


def arange(*args, **kwargs):
    return _tensor(np.arange(*args, **kwargs))
