"""Extreme values and where they are: amax, amin, max, min (with indices along a dimension), argmax, argmin and
aminmax.

The gradient of an extreme goes to the element(s) that hold it: ``amax``/``amin`` (and ``max()`` of everything)
share g evenly among ties, as PyTorch; ``max(dim)``/``min(dim)`` send it to the index they return, the first
extreme along the dimension (NaN counts as the extreme, as in PyTorch).
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from .dims import normalize_dim, normalize_dims, restore_reduced
from .operands import is_tensor, wrap
from .piecewise import maximum, minimum
from .return_types import MinMax, ValuesIndices


class AMax(Function):
    """y = max_i x_i over ``axes``; g is shared evenly among the elements equal to the maximum (ties)."""

    linear = True

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
        return np.where(is_extreme, restore_reduced(g, ctx.axes, ctx.keepdim) / count, 0).astype(g.dtype)

    @staticmethod
    def jvp(ctx, h):
        """y_tangent = the mean of h over the tied extremes."""
        (is_extreme,) = ctx.saved_arrays
        count = np.sum(is_extreme, axis=ctx.axes, keepdims=ctx.keepdim)
        return np.sum(np.where(is_extreme, h, 0), axis=ctx.axes, keepdims=ctx.keepdim) / count


class MaxAlongDim(Function):
    """(values, indices) = max over one dimension; g goes to the element at the returned index.

    Indices point at the first extreme value along the dimension (NaN counts as the extreme, as in PyTorch); they
    are computed once by :func:`_extreme`, which also returns them, and handed to ``forward`` (kept dimension).
    """

    linear = True

    @staticmethod
    def forward(ctx, x, indices, axis, keepdim):
        ctx.shape, ctx.axis, ctx.keepdim, ctx.indices = x.shape, axis, keepdim, indices
        values = np.take_along_axis(x, indices, axis=axis)
        return values if keepdim else np.squeeze(values, axis=axis)

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.shape, dtype=g.dtype)
        np.put_along_axis(grad, ctx.indices, restore_reduced(g, (ctx.axis,), ctx.keepdim), axis=ctx.axis)
        return grad


def _check_not_empty(x, name: str, axes: tuple | None = None) -> None:
    """PyTorch's errors for the extreme of nothing: of every entry of an empty tensor (RuntimeError; IndexError for
    argmax and argmin), or along a dimension of size 0 (IndexError)."""
    if axes:
        for axis in axes:
            if x.shape[axis] == 0:
                raise IndexError(f"{name}(): Expected reduction dim {axis} to have non-zero size.")
        return
    if x.numel() == 0:
        if name.startswith("arg"):
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                           "reduction dim with the 'dim' argument.")


def amax(x, dim=(), keepdim: bool = False):
    axes = normalize_dims(dim, x.ndim)
    _check_not_empty(x, "amax", None if dim in ((), None) else axes)
    return AMax.apply(x, axes=axes, keepdim=keepdim, take_min=False, node_label="AmaxBackward0")


def amin(x, dim=(), keepdim: bool = False):
    axes = normalize_dims(dim, x.ndim)
    _check_not_empty(x, "amin", None if dim in ((), None) else axes)
    return AMax.apply(x, axes=axes, keepdim=keepdim, take_min=True, node_label="AminBackward0")


def _extreme(x, dim, keepdim, take_min: bool, name: str):
    if is_tensor(dim):
        return (minimum if take_min else maximum)(x, dim)
    if dim is None:
        _check_not_empty(x, name)
        return AMax.apply(x, axes=tuple(range(x.ndim)), keepdim=False, take_min=take_min,
                          node_label="MinBackward1" if take_min else "MaxBackward1")
    axis = normalize_dim(dim, x.ndim)
    if x.ndim == 0:
        return ValuesIndices(x.clone(), wrap(np.zeros((), dtype=np.int64)))
    _check_not_empty(x, name, (axis,))
    kept = np.expand_dims(_indices_of(x, axis, take_min), axis)
    values = MaxAlongDim.apply(x, kept, axis=axis, keepdim=keepdim,
                               node_label="MinBackward0" if take_min else "MaxBackward0")
    return ValuesIndices(values, wrap(kept if keepdim else np.squeeze(kept, axis=axis)))


def _indices_of(x, axis, take_min):
    return (np.argmin if take_min else np.argmax)(x._data, axis=axis)


def max(x, dim=None, keepdim: bool = False):
    """``max(x)``: the largest value; ``max(x, dim)``: (values, indices); ``max(x, other)``: ``maximum``."""
    return _extreme(x, dim, keepdim, take_min=False, name="max")


def min(x, dim=None, keepdim: bool = False):
    """``min(x)``: the smallest value; ``min(x, dim)``: (values, indices); ``min(x, other)``: ``minimum``."""
    return _extreme(x, dim, keepdim, take_min=True, name="min")


def _arg_extreme(x, dim, keepdim: bool, take_min: bool, name: str):
    if dim is None:
        _check_not_empty(x, name)
        flat = np.asarray((np.argmin if take_min else np.argmax)(x._data.reshape(-1)))
        return wrap(flat.reshape((1,) * x.ndim) if keepdim else flat)
    axis = normalize_dim(dim, x.ndim)
    _check_not_empty(x, name, (axis,))
    indices = _indices_of(x, axis, take_min)
    return wrap(np.asarray(np.expand_dims(indices, axis) if keepdim else indices, dtype=np.int64))


def argmax(x, dim=None, keepdim: bool = False):
    """Index of the first largest value (over the flattened tensor when ``dim`` is None)."""
    return _arg_extreme(x, dim, keepdim, take_min=False, name="argmax")


def argmin(x, dim=None, keepdim: bool = False):
    """Index of the first smallest value (over the flattened tensor when ``dim`` is None)."""
    return _arg_extreme(x, dim, keepdim, take_min=True, name="argmin")


def aminmax(input, *, dim=None, keepdim: bool = False) -> MinMax:
    """(min, max), both over ``dim`` (every entry by default)."""
    axes = () if dim is None else normalize_dim(dim, input.ndim)
    if input.numel() == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                           "identity.")
    return MinMax(amin(input, axes, keepdim), amax(input, axes, keepdim))
