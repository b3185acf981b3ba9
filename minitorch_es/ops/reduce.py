"""Reductions over dimensions (sum, mean, prod, var, std, max/min, logsumexp) and their derivatives.

``dim`` is ``None`` (all dimensions), an int, or a tuple of ints; ``keepdim`` keeps reduced dimensions with size 1.
Every backward first restores the reduced dimensions (size 1) so that the gradient broadcasts over the input.
"""

from __future__ import annotations

import warnings
from collections import namedtuple

import numpy as np

from .. import dtypes
from ..autograd import Function
from .elementwise import maximum, minimum

ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])


def normalize_dim(dim, ndim: int) -> int:
    """A possibly negative dimension index as a non-negative one, with PyTorch's error when out of range."""
    low, high = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if not low <= dim <= high:
        raise IndexError(f"Dimension out of range (expected to be in range of [{low}, {high}], but got {dim})")
    return dim % ndim if ndim else 0


def normalize_dims(dim, ndim: int) -> tuple:
    """``dim`` (None, int, or sequence) as a sorted tuple of axes of an array with ``ndim`` dimensions."""
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    axes = [normalize_dim(d, ndim) for d in dims]
    if len(set(axes)) != len(axes):
        raise RuntimeError(f"dim {axes} appears multiple times in the list of dims")
    return tuple(sorted(set(axes))) if ndim else ()


def _restore(grad: np.ndarray, axes: tuple, keepdim: bool) -> np.ndarray:
    return grad if keepdim else np.expand_dims(grad, axes)


class Sum(Function):
    """y = sum_i x_i over ``axes``;  dJ/dx_i = g (broadcast back)."""

    @staticmethod
    def forward(ctx, x, axes, keepdim, dtype):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        return np.asarray(np.sum(x, axis=axes, keepdims=keepdim, dtype=dtype))

    @staticmethod
    def backward(ctx, g):
        return np.broadcast_to(_restore(g, ctx.axes, ctx.keepdim), ctx.shape)


class Mean(Function):
    """y = (1/N) sum_i x_i over ``axes``;  dJ/dx_i = g / N."""

    @staticmethod
    def forward(ctx, x, axes, keepdim, dtype):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        ctx.count = int(np.prod([x.shape[a] for a in axes]))
        return np.asarray(np.mean(x, axis=axes, keepdims=keepdim, dtype=dtype))

    @staticmethod
    def backward(ctx, g):
        return np.broadcast_to(_restore(g, ctx.axes, ctx.keepdim) / ctx.count, ctx.shape)


class Prod(Function):
    """y = prod_i x_i over one axis (or all);  dJ/dx_i = g * prod_{j != i} x_j.

    The product of the others is computed as (product of those before i) * (product of those after i), exact
    even where some x_j = 0 (dividing y by x_i would not be).
    """

    @staticmethod
    def forward(ctx, x, axis, keepdim, dtype):
        ctx.save_for_backward(x)
        ctx.axis, ctx.keepdim = axis, keepdim
        if axis is None:
            return np.asarray(np.prod(x, dtype=dtype))
        return np.asarray(np.prod(x, axis=axis, keepdims=keepdim, dtype=dtype))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        if ctx.axis is None:
            flat = x.reshape(-1)
            return (g * _product_of_others(flat, 0)).reshape(x.shape)
        return _restore(g, (ctx.axis,), ctx.keepdim) * _product_of_others(x, ctx.axis)


def _product_of_others(x: np.ndarray, axis: int) -> np.ndarray:
    """prod_{j != i} x_j along ``axis``, accumulated in float64 (as PyTorch's cumprod does for float32), so that a
    zero among huge values gives 0, not inf * 0."""
    moved = np.moveaxis(x, axis, -1).astype(np.float64)
    ones = np.ones(moved.shape[:-1] + (1,), dtype=moved.dtype)
    before = np.cumprod(np.concatenate([ones, moved[..., :-1]], axis=-1), axis=-1)
    after = np.flip(np.cumprod(np.flip(np.concatenate([moved[..., 1:], ones], axis=-1), -1), axis=-1), -1)
    return np.moveaxis(before * after, -1, axis).astype(x.dtype)


def _degrees_of_freedom(x: np.ndarray, axes: tuple, correction, name: str = "var") -> float:
    """N - correction, floored at 0 (PyTorch then returns inf or nan rather than a negative variance)."""
    count = int(np.prod([x.shape[a] for a in axes]))
    if count <= correction:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      "factor (input numel divided by output numel).", UserWarning, stacklevel=4)
        return 0
    return count - correction


class Var(Function):
    """y = sum_i (x_i - mean)^2 / (N - correction);  dJ/dx_i = g * 2 (x_i - mean) / (N - correction).

    ``correction=1`` is Bessel's unbiased estimate (PyTorch's default), ``correction=0`` the biased one.
    """

    @staticmethod
    def forward(ctx, x, axes, correction, keepdim):
        centered = x - np.mean(x, axis=axes, keepdims=True)
        ctx.save_for_backward(centered)
        ctx.axes, ctx.keepdim = axes, keepdim
        ctx.denominator = _degrees_of_freedom(x, axes, correction)
        return np.asarray(np.sum(centered * centered, axis=axes, keepdims=keepdim) / ctx.denominator)

    @staticmethod
    def backward(ctx, g):
        (centered,) = ctx.saved_arrays
        return _restore(g, ctx.axes, ctx.keepdim) * 2 * centered / ctx.denominator


class Std(Function):
    """y = sqrt(var(x));  dJ/dx_i = g * (x_i - mean) / ((N - correction) * y), and 0 where y = 0 (PyTorch's rule)."""

    @staticmethod
    def forward(ctx, x, axes, correction, keepdim):
        centered = x - np.mean(x, axis=axes, keepdims=True)
        denominator = _degrees_of_freedom(x, axes, correction, "std")
        y = np.sqrt(np.sum(centered * centered, axis=axes, keepdims=True) / denominator)
        ctx.save_for_backward(centered, y)
        ctx.axes, ctx.keepdim, ctx.denominator = axes, keepdim, denominator
        return np.asarray(y if keepdim else np.squeeze(y, axis=axes))

    @staticmethod
    def backward(ctx, g):
        centered, y = ctx.saved_arrays
        scale = np.where(y == 0, 0, 1 / (ctx.denominator * y))
        return _restore(g, ctx.axes, ctx.keepdim) * centered * scale


class LogSumExp(Function):
    """y = log sum_i e^{x_i}, computed as m + log sum_i e^{x_i - m} with m = max x;  dJ/dx_i = g * e^{x_i - y}."""

    @staticmethod
    def forward(ctx, x, axes, keepdim):
        m = np.max(x, axis=axes, keepdims=True) if x.size else np.zeros((1,) * x.ndim, dtype=x.dtype)
        m = np.where(np.isfinite(m), m, 0)
        y = m + np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True))
        ctx.save_for_backward(x, y)
        ctx.axes, ctx.keepdim = axes, keepdim
        return np.asarray(y if keepdim else np.squeeze(y, axis=axes), dtype=x.dtype)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_arrays
        return _restore(g, ctx.axes, ctx.keepdim) * np.exp(x - y)


class AMax(Function):
    """y = max_i x_i over ``axes``; g is shared evenly among the elements equal to the maximum (ties)."""

    @staticmethod
    def forward(ctx, x, axes, keepdim, take_min):
        reduce = np.min if take_min else np.max
        y = reduce(x, axis=axes, keepdims=True)
        ctx.save_for_backward(x == y)
        ctx.axes, ctx.keepdim = axes, keepdim
        return np.asarray(y if keepdim else np.squeeze(y, axis=axes))

    @staticmethod
    def backward(ctx, g):
        (is_extreme,) = ctx.saved_arrays
        count = np.sum(is_extreme, axis=ctx.axes, keepdims=True)
        return np.where(is_extreme, _restore(g, ctx.axes, ctx.keepdim) / count, 0).astype(g.dtype)


class MaxAlongDim(Function):
    """(values, indices) = max over one dimension; g goes to the element at the returned index.

    Indices point at the first extreme value along the dimension (NaN counts as the extreme, as in PyTorch); they
    are computed once by :func:`_extreme`, which also returns them, and handed to ``forward`` (kept dimension).
    """

    @staticmethod
    def forward(ctx, x, indices, axis, keepdim):
        ctx.shape, ctx.axis, ctx.keepdim, ctx.indices = x.shape, axis, keepdim, indices
        values = np.take_along_axis(x, indices, axis=axis)
        return values if keepdim else np.squeeze(values, axis=axis)

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.shape, dtype=g.dtype)
        np.put_along_axis(grad, ctx.indices, _restore(g, (ctx.axis,), ctx.keepdim), axis=ctx.axis)
        return grad


def _accumulation_dtype(x, dtype):
    if dtype is not None:
        return dtypes.to_dtype(dtype)
    return x.dtype if x.dtype.is_floating_point else dtypes.int64


def sum(x, dim=None, keepdim: bool = False, *, dtype=None):
    axes = normalize_dims(dim, x.ndim)
    return Sum.apply(x, axes=axes, keepdim=keepdim, dtype=_accumulation_dtype(x, dtype).numpy_dtype)


def mean(x, dim=None, keepdim: bool = False, *, dtype=None):
    result = dtypes.to_dtype(dtype) if dtype is not None else x.dtype
    if not result.is_floating_point:
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
            f"Got: {dtypes.torch_name(result)}"
        )
    axes = normalize_dims(dim, x.ndim)
    return Mean.apply(x, axes=axes, keepdim=keepdim, dtype=result.numpy_dtype)


def prod(x, dim=None, keepdim: bool = False, *, dtype=None):
    axis = None if dim is None else normalize_dim(dim, x.ndim)
    return Prod.apply(x, axis=axis, keepdim=keepdim, dtype=_accumulation_dtype(x, dtype).numpy_dtype)


def _correction(unbiased, correction) -> int:
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _require_floating(x, name: str) -> None:
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"{name}(): input dtype should be either floating point or complex. "
                           f"Got {dtypes.torch_name(x.dtype)} instead.")


def var(x, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    _require_floating(x, "var")
    axes = normalize_dims(dim, x.ndim)
    return Var.apply(x, axes=axes, correction=_correction(unbiased, correction), keepdim=keepdim)


def std(x, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    _require_floating(x, "std")
    axes = normalize_dims(dim, x.ndim)
    return Std.apply(x, axes=axes, correction=_correction(unbiased, correction), keepdim=keepdim)


def logsumexp(x, dim=None, keepdim: bool = False):
    source = x if x.dtype.is_floating_point else x.to(dtypes.get_default_dtype())
    return LogSumExp.apply(source, axes=normalize_dims(dim, x.ndim), keepdim=keepdim)


def _check_not_empty(x, name: str, dim=None) -> None:
    if x.numel() == 0 and (dim is None or x.shape[dim] == 0):
        where = "" if dim is None else f" along dimension {dim}"
        raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0{where}. "
                         "Specify the reduction dim with the 'dim' argument.")


def amax(x, dim=(), keepdim: bool = False):
    axes = normalize_dims(dim, x.ndim)
    _check_not_empty(x, "amax")
    return AMax.apply(x, axes=axes, keepdim=keepdim, take_min=False)


def amin(x, dim=(), keepdim: bool = False):
    axes = normalize_dims(dim, x.ndim)
    _check_not_empty(x, "amin")
    return AMax.apply(x, axes=axes, keepdim=keepdim, take_min=True)


def _extreme(x, dim, keepdim, take_min: bool, name: str):
    from ..tensor import Tensor

    if isinstance(dim, Tensor):
        return (minimum if take_min else maximum)(x, dim)
    if dim is None:
        _check_not_empty(x, name)
        return AMax.apply(x, axes=tuple(range(x.ndim)), keepdim=False, take_min=take_min)
    axis = normalize_dim(dim, x.ndim)
    if x.ndim == 0:
        return ValuesIndices(x.clone(), Tensor._wrap(np.zeros((), dtype=np.int64)))
    _check_not_empty(x, name, axis)
    kept = np.expand_dims(_indices_of(x, axis, take_min), axis)
    values = MaxAlongDim.apply(x, kept, axis=axis, keepdim=keepdim)
    return ValuesIndices(values, Tensor._wrap(kept if keepdim else np.squeeze(kept, axis=axis)))


def _indices_of(x, axis, take_min):
    return (np.argmin if take_min else np.argmax)(x._data, axis=axis)


def max(x, dim=None, keepdim: bool = False):
    """``max(x)``: the largest value; ``max(x, dim)``: (values, indices); ``max(x, other)``: ``maximum``."""
    return _extreme(x, dim, keepdim, take_min=False, name="max")


def min(x, dim=None, keepdim: bool = False):
    """``min(x)``: the smallest value; ``min(x, dim)``: (values, indices); ``min(x, other)``: ``minimum``."""
    return _extreme(x, dim, keepdim, take_min=True, name="min")


def _arg_extreme(x, dim, keepdim: bool, take_min: bool, name: str):
    from ..tensor import Tensor

    if dim is None:
        _check_not_empty(x, name)
        flat = np.asarray((np.argmin if take_min else np.argmax)(x._data.reshape(-1)))
        return Tensor._wrap(flat.reshape((1,) * x.ndim) if keepdim else flat)
    axis = normalize_dim(dim, x.ndim)
    _check_not_empty(x, name, axis)
    indices = _indices_of(x, axis, take_min)
    return Tensor._wrap(np.asarray(np.expand_dims(indices, axis) if keepdim else indices, dtype=np.int64))


def argmax(x, dim=None, keepdim: bool = False):
    """Index of the first largest value (over the flattened tensor when ``dim`` is None)."""
    return _arg_extreme(x, dim, keepdim, take_min=False, name="argmax")


def argmin(x, dim=None, keepdim: bool = False):
    """Index of the first smallest value (over the flattened tensor when ``dim`` is None)."""
    return _arg_extreme(x, dim, keepdim, take_min=True, name="argmin")
