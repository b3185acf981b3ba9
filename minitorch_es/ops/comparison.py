"""Comparisons, logic and tests of values: ==, !=, <, <=, >, >=, &, |, ^, ~, logical_*, isnan, isinf, isfinite,
isclose, allclose, equal, any, all. Their results are booleans, so they record no graph (no gradients).

Operands are compared in their common dtype (``torch.result_type``), after broadcasting. (``any`` and ``all`` are
the functions of those names; inside this module the builtins are reached as ``builtins.any``.)
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes
from .broadcasting import broadcast_shapes
from .dims import normalize_dims
from .operands import array_of, is_tensor, wrap


def _compare(input, other, numpy_function):
    common = dtypes.result_type(input, other).numpy_dtype
    input_array = array_of(input) if is_tensor(input) else input
    other_array = array_of(other) if is_tensor(other) else other
    broadcast_shapes(np.shape(input_array), np.shape(other_array))
    return wrap(numpy_function(dtypes.as_array(input_array, common), dtypes.as_array(other_array, common)))


def eq(input, other):
    return _compare(input, other, np.equal)


def ne(input, other):
    return _compare(input, other, np.not_equal)


def lt(input, other):
    return _compare(input, other, np.less)


def le(input, other):
    return _compare(input, other, np.less_equal)


def gt(input, other):
    return _compare(input, other, np.greater)


def ge(input, other):
    return _compare(input, other, np.greater_equal)


not_equal, less, less_equal, greater, greater_equal = ne, lt, le, gt, ge


def _bitwise(input, other, numpy_function):
    """&, | and ^ of integer or bool tensors (PyTorch refuses floating ones)."""
    if builtins.any(is_tensor(operand) and operand.dtype.is_floating_point for operand in (input, other)):
        raise RuntimeError(f"\"{numpy_function.__name__}_cpu\" not implemented for 'Float'")
    return _compare(input, other, numpy_function)


def bitwise_and(input, other):
    return _bitwise(input, other, np.bitwise_and)


def bitwise_or(input, other):
    return _bitwise(input, other, np.bitwise_or)


def bitwise_xor(input, other):
    return _bitwise(input, other, np.bitwise_xor)


def bitwise_not(input):
    """~x: bits inverted (integers), or logical not (bools)."""
    if input.dtype.is_floating_point:
        raise TypeError("~ (bitwise_not) is only supported for integer and boolean tensors")
    return wrap(np.invert(input._data))


def logical_and(input, other):
    """True where both are non-zero (any dtype; the result is bool)."""
    return wrap(np.logical_and(array_of(input), array_of(other)))


def logical_or(input, other):
    return wrap(np.logical_or(array_of(input), array_of(other)))


def logical_xor(input, other):
    return wrap(np.logical_xor(array_of(input), array_of(other)))


def logical_not(input):
    return wrap(np.logical_not(array_of(input)))


def isnan(input):
    return wrap(np.isnan(input._data))


def isinf(input):
    return wrap(np.isinf(input._data))


def isfinite(input):
    return wrap(np.isfinite(input._data))


def isclose(input, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
    """|a - b| <= atol + rtol |b|, element-wise."""
    return wrap(np.isclose(array_of(input), array_of(other), rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(input, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """Whether |a - b| <= atol + rtol |b| everywhere."""
    return bool(np.allclose(array_of(input), array_of(other), rtol=rtol, atol=atol, equal_nan=equal_nan))


def equal(input, other) -> bool:
    """Whether both have the same shape and the same values."""
    return input.shape == other.shape and bool(np.array_equal(input._data, other._data))


def any(input, dim=None, keepdim: bool = False):
    return wrap(np.any(input._data, axis=normalize_dims(dim, input.ndim), keepdims=keepdim))


def all(input, dim=None, keepdim: bool = False):
    return wrap(np.all(input._data, axis=normalize_dims(dim, input.ndim), keepdims=keepdim))
