"""Reductions over dimensions, with their derivatives: sum, mean, prod, var, std, logsumexp, and the sums that skip
NaN; std_mean, var_mean, and the counts count_nonzero and bincount.

``dim`` is ``None`` (all dimensions), an int, or a tuple of ints; ``keepdim`` keeps reduced dimensions with size 1.
Every backward first restores the reduced dimensions (size 1, :func:`~.dims.restore_reduced`) so that the gradient
broadcasts over the input.

    nansum(x)   = the sum of the entries that are not NaN; nanmean(x) = nansum(x) / their count
"""

from __future__ import annotations

import warnings

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .dims import normalize_dim, normalize_dims, restore_reduced
from .operands import array_of, wrap
from .piecewise import where


class Sum(Function):
    """y = sum_i x_i over ``axes``;  dJ/dx_i = g (broadcast back)."""

    linear = True

    @staticmethod
    def forward(ctx, x, axes, keepdim, dtype):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        return np.asarray(np.sum(x, axis=axes, keepdims=keepdim, dtype=dtype))

    @staticmethod
    def backward(ctx, g):
        return np.broadcast_to(restore_reduced(g, ctx.axes, ctx.keepdim), ctx.shape)


class Mean(Function):
    """y = (1/N) sum_i x_i over ``axes``;  dJ/dx_i = g / N."""

    linear = True

    @staticmethod
    def forward(ctx, x, axes, keepdim, dtype):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        ctx.count = int(np.prod([x.shape[a] for a in axes]))
        return np.asarray(np.mean(x, axis=axes, keepdims=keepdim, dtype=dtype))

    @staticmethod
    def backward(ctx, g):
        return np.broadcast_to(restore_reduced(g, ctx.axes, ctx.keepdim) / ctx.count, ctx.shape)


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
            xp = array_namespace(g, x)
            flat = xp.reshape(x, (-1,))
            return xp.reshape(g * _product_of_others(flat, 0), x.shape)
        return restore_reduced(g, (ctx.axis,), ctx.keepdim) * _product_of_others(x, ctx.axis)


def _product_of_others(x: np.ndarray, axis: int) -> np.ndarray:
    """prod_{j != i} x_j along ``axis``, accumulated in float64 (as PyTorch's cumprod does for float32), so that a
    zero among huge values gives 0, not inf * 0."""
    xp = array_namespace(x)
    moved = xp.astype(xp.moveaxis(x, axis, -1), np.float64)
    ones = xp.ones(tuple(moved.shape[:-1]) + (1,), dtype=np.float64)
    before = xp.cumprod(xp.concatenate([ones, moved[..., :-1]], axis=-1), axis=-1)
    after = xp.flip(xp.cumprod(xp.flip(xp.concatenate([moved[..., 1:], ones], axis=-1), -1), axis=-1), -1)
    return xp.astype(xp.moveaxis(before * after, -1, axis), xp.dtype_of(x))


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

    saves_inputs = True  # its double backward recomputes from x

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
        xp = array_namespace(g)
        if xp.IS_DIFFERENTIABLE:  # the deviation depends on x: recomputed as recorded ops
            x = ctx.input_tensors[0]
            centered = x - xp.mean(x, axis=ctx.axes, keepdims=True)
        return restore_reduced(g, ctx.axes, ctx.keepdim) * 2 * centered / ctx.denominator


class Std(Function):
    """y = sqrt(var(x));  dJ/dx_i = g * (x_i - mean) / ((N - correction) * y), and 0 where y = 0 (PyTorch's rule)."""

    saves_inputs = True  # its double backward recomputes from x
    saves_output = True  # its double backward reads y

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
        xp = array_namespace(g)
        if xp.IS_DIFFERENTIABLE:  # the deviation and y depend on x: as recorded ops
            x = ctx.input_tensors[0]
            centered = x - xp.mean(x, axis=ctx.axes, keepdims=True)
            y = restore_reduced(ctx.output_tensor, ctx.axes, ctx.keepdim)
        scale = xp.where(y == 0, 0, 1 / (ctx.denominator * xp.where(y == 0, 1, y)))
        return restore_reduced(g, ctx.axes, ctx.keepdim) * centered * scale


class LogSumExp(Function):
    """y = log sum_i e^{x_i}, computed as m + log sum_i e^{x_i - m} with m = max x;  dJ/dx_i = g * e^{x_i - y}."""

    node_name = "LogsumexpBackward0"

    saves_output = True  # its double backward reads y

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
        xp = array_namespace(g)
        if xp.IS_DIFFERENTIABLE:  # y (kept dimensions) is the output
            y = restore_reduced(ctx.output_tensor, ctx.axes, ctx.keepdim)
        return restore_reduced(g, ctx.axes, ctx.keepdim) * xp.exp(x - y)


def _numbered(name: str, dim) -> str:
    """PyTorch's node of a reduction: ``...Backward0`` over every element, ``...Backward1`` along ``dim``."""
    return f"{name}0" if dim is None else f"{name}1"


def _accumulation_dtype(x, dtype):
    if dtype is not None:
        return dtypes.to_dtype(dtype)
    return x.dtype if x.dtype.is_floating_point else dtypes.int64


def sum(x, dim=None, keepdim: bool = False, *, dtype=None):
    axes = normalize_dims(dim, x.ndim)
    return Sum.apply(x, axes=axes, keepdim=keepdim, dtype=_accumulation_dtype(x, dtype).numpy_dtype,
                     node_label=_numbered("SumBackward", dim))


def mean(x, dim=None, keepdim: bool = False, *, dtype=None):
    result = dtypes.to_dtype(dtype) if dtype is not None else x.dtype
    if not result.is_floating_point:
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
            f"Got: {dtypes.torch_name(result)}"
        )
    axes = normalize_dims(dim, x.ndim)
    return Mean.apply(x, axes=axes, keepdim=keepdim, dtype=result.numpy_dtype,
                      node_label=_numbered("MeanBackward", dim))


def prod(x, dim=None, keepdim: bool = False, *, dtype=None):
    axis = None if dim is None else normalize_dim(dim, x.ndim)
    return Prod.apply(x, axis=axis, keepdim=keepdim, dtype=_accumulation_dtype(x, dtype).numpy_dtype,
                      node_label=_numbered("ProdBackward", dim))


def _correction(unbiased, correction) -> int:
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _require_floating(x, name: str) -> None:
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"{name}(): input dtype should be either floating point or complex. "
                           f"Got {dtypes.torch_name(x.dtype)} instead.")


def _spread(function: type, name: str, x, dim, unbiased, keepdim: bool, correction):
    """var or std with PyTorch's arguments: ``x.var(True)`` is ``unbiased``, not a dim."""
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    _require_floating(x, name)
    axes = normalize_dims(dim, x.ndim)
    return function.apply(x, axes=axes, correction=_correction(unbiased, correction), keepdim=keepdim)


def var(x, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    return _spread(Var, "var", x, dim, unbiased, keepdim, correction)


def std(x, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    return _spread(Std, "std", x, dim, unbiased, keepdim, correction)


def logsumexp(x, dim=None, keepdim: bool = False):
    source = x if x.dtype.is_floating_point else x.to(dtypes.get_default_dtype())
    return LogSumExp.apply(source, axes=normalize_dims(dim, x.ndim), keepdim=keepdim)




def std_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:
    """(std, mean) over ``dim``, Bessel's correction by default."""
    return (std(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim=keepdim))


def var_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:
    """(var, mean) over ``dim``, Bessel's correction by default."""
    return (var(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim=keepdim))


def nansum(input, dim=None, keepdim: bool = False, *, dtype=None):
    """The sum over ``dim`` treating NaN as 0 (their gradient is 0)."""
    kept = where(input.isnan(), 0, input) if input.dtype.is_floating_point else input
    return sum(kept, dim=dim, keepdim=keepdim, dtype=dtype)


def nanmean(input, dim=None, keepdim: bool = False, *, dtype=None):
    """The mean over ``dim`` of the entries that are not NaN (NaN where there are none)."""
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"nanmean(): expected input to have floating point dtype but got {input.dtype.name}")
    counted = sum((~input.isnan()).to(input.dtype), dim=dim, keepdim=keepdim)
    return nansum(input, dim=dim, keepdim=keepdim, dtype=dtype) / counted


def count_nonzero(input, dim=None):
    axes = None if dim is None else normalize_dims(dim, input.ndim)
    return wrap(np.asarray(np.count_nonzero(input._data, axis=axes), dtype=np.int64))


def bincount(input, weights=None, minlength: int = 0):
    """counts[v] = how many entries equal v (or the sum of their weights), for a 1-D tensor of non-negative ints."""
    array = array_of(input)
    if array.ndim != 1 or array.dtype.kind not in "iub":
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if array.size and array.min() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return wrap(np.bincount(array, minlength=minlength).astype(np.int64))
    weight_array = array_of(weights)
    result_dtype = weight_array.dtype if weight_array.dtype == np.float32 else np.float64
    return wrap(np.bincount(array, weights=weight_array, minlength=minlength).astype(result_dtype))
