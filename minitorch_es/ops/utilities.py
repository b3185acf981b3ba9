"""Tensor utilities without gradients (their results are booleans or integers): logical operations, nonzero,
unique, bincount, isclose; and the ``new_*`` factories that copy a tensor's dtype.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes

__all__ = ["logical_and", "logical_or", "logical_xor", "nonzero", "argwhere", "unique", "bincount", "isclose",
           "new_zeros", "new_ones", "new_full", "new_empty", "new_tensor", "type_as", "clamp_min", "clamp_max"]


def _array(value):
    return value._data if hasattr(value, "_data") else np.asarray(value)


def _wrap(array):
    from ..tensor import Tensor

    return Tensor._wrap(np.asarray(array))


def logical_and(a, b):
    """True where both are non-zero (any dtype; the result is bool)."""
    return _wrap(np.logical_and(_array(a), _array(b)))


def logical_or(a, b):
    return _wrap(np.logical_or(_array(a), _array(b)))


def logical_xor(a, b):
    return _wrap(np.logical_xor(_array(a), _array(b)))


def nonzero(x, *, as_tuple: bool = False):
    """The indices of the non-zero entries: an (n, ndim) int64 tensor, or one index tensor per dimension."""
    array = _array(x)
    if as_tuple:
        return tuple(_wrap(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(array)))
    return _wrap(np.argwhere(array).astype(np.int64))


def argwhere(x):
    return nonzero(x)


def unique(x, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False, dim=None):
    """The distinct values (sorted), optionally with the index of each input entry's value and the counts."""
    array = _array(x)
    values, inverse, counts = np.unique(array, return_inverse=True, return_counts=True, axis=dim)
    result = [_wrap(values)]
    if return_inverse:
        shape = array.shape if dim is None else (array.shape[dim],)
        result.append(_wrap(inverse.reshape(shape).astype(np.int64)))
    if return_counts:
        result.append(_wrap(counts.astype(np.int64)))
    return result[0] if len(result) == 1 else tuple(result)


def bincount(x, weights=None, minlength: int = 0):
    """counts[v] = how many entries equal v (or the sum of their weights), for a 1-D tensor of non-negative ints."""
    array = _array(x)
    if array.ndim != 1 or array.dtype.kind not in "iub":
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if array.size and array.min() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return _wrap(np.bincount(array, minlength=minlength).astype(np.int64))
    weight_array = _array(weights)
    result_dtype = weight_array.dtype if weight_array.dtype == np.float32 else np.float64
    return _wrap(np.bincount(array, weights=weight_array, minlength=minlength).astype(result_dtype))


def isclose(a, b, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
    """|a - b| <= atol + rtol |b|, element-wise."""
    return _wrap(np.isclose(_array(a), _array(b), rtol=rtol, atol=atol, equal_nan=equal_nan))


def _size(size) -> tuple:
    return tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else tuple(size)


def _new(x, array, requires_grad: bool):
    result = _wrap(array)
    return result.requires_grad_(True) if requires_grad else result


def _dtype_of(x, dtype):
    return (dtypes.to_dtype(dtype) if dtype is not None else x.dtype).numpy_dtype


def new_zeros(x, *size, dtype=None, device=None, requires_grad: bool = False):
    """A tensor of zeros with x's dtype (unless ``dtype`` says otherwise)."""
    return _new(x, np.zeros(_size(size), dtype=_dtype_of(x, dtype)), requires_grad)


def new_ones(x, *size, dtype=None, device=None, requires_grad: bool = False):
    return _new(x, np.ones(_size(size), dtype=_dtype_of(x, dtype)), requires_grad)


def new_empty(x, *size, dtype=None, device=None, requires_grad: bool = False):
    return new_zeros(x, *size, dtype=dtype, requires_grad=requires_grad)


def new_full(x, size, fill_value, *, dtype=None, device=None, requires_grad: bool = False):
    return _new(x, np.full(tuple(size), fill_value, dtype=_dtype_of(x, dtype)), requires_grad)


def new_tensor(x, data, *, dtype=None, device=None, requires_grad: bool = False):
    return _new(x, np.array(_array(data), dtype=_dtype_of(x, dtype)), requires_grad)


def type_as(x, other):
    return x.to(other.dtype)


def clamp_min(x, min):
    return x.clamp(min=min)


def clamp_max(x, max):
    return x.clamp(max=max)
