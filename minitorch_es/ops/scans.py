"""Running (cumulative) operations along a dimension: cumsum, cumprod, cummax, cummin, logcumsumexp, and diff,
the n-th difference (the inverse of a running sum).

    cumsum(x)_i = x_1 + ... + x_i           cummax(x)_i = max(x_1, ..., x_i) and where it is
    cumprod(x)_i = x_1 x_2 ... x_i          logcumsumexp(x)_i = ln(e^{x_1} + ... + e^{x_i})
    diff(x)_i = x_{i+1} - x_i, applied ``n`` times (``prepend``/``append`` joined first)
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .dims import normalize_dim
from .indexing import take_along
from .joining import cat
from .operands import array_of, index_tensor
from .return_types import ValuesIndices




class CumSum(Function):
    """y_i = x_1 + ... + x_i along the axis;  dJ/dx_i = g_i + ... + g_n (the running sum of g, from the end)."""

    node_name = "CumsumBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x, axis, dtype):
        ctx.axis, ctx.input_dtype = axis, x.dtype
        if x.ndim == 0:
            return np.array(x, dtype=dtype)
        return np.cumsum(x, axis=axis, dtype=dtype)

    @staticmethod
    def backward(ctx, g):
        if g.ndim == 0:
            return g.astype(ctx.input_dtype)
        grad = np.flip(np.cumsum(np.flip(g, axis=ctx.axis), axis=ctx.axis), axis=ctx.axis)
        return grad.astype(ctx.input_dtype, copy=False)


def _running(function, x, dim: int, dtype):
    """Apply a running sum or product along ``dim``, in ``dtype``, else x's floating dtype, else int64 (integer
    and bool inputs), as PyTorch's."""
    if dtype is not None:
        result_dtype = dtypes.to_dtype(dtype)
    elif x.dtype.is_floating_point:
        result_dtype = x.dtype
    else:
        result_dtype = dtypes.int64
    if function is CumProd and x.requires_grad and x.dtype is not result_dtype:
        x = x.to(result_dtype)  # cast as an op, so that higher orders see x itself in what cumprod saves
    return function.apply(x, axis=normalize_dim(dim, max(x.ndim, 1)), dtype=result_dtype.numpy_dtype)


def cumsum(x, dim: int, *, dtype=None):
    """Running sum along ``dim``."""
    return _running(CumSum, x, dim, dtype)


class CumProd(Function):
    """y_i = x_1 x_2 ... x_i along the axis;  dJ/dx_k = sum_{i >= k} g_i prod_{j <= i, j != k} x_j.

    Without zeros in a row that is (sum_{i >= k} g_i y_i) / x_k: a running sum from the end. A row with a zero
    uses the product form itself (running products of the row with x_k set to 1), which stays exact."""

    node_name = "CumprodBackward0"

    @staticmethod
    def forward(ctx, x, axis, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.axis = axis
        y = np.array(x, copy=True) if x.ndim == 0 else np.cumprod(x, axis=axis, dtype=dtype)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_arrays
        if x.ndim == 0 or x.size == 0:
            return g
        if array_namespace(g).IS_DIFFERENTIABLE:
            return _along_last(_cumprod_gradient_products, ctx.axis, x, g)
        moved_shape = np.moveaxis(x, ctx.axis, -1).shape
        xs, ys, gs = (np.moveaxis(a, ctx.axis, -1).reshape(-1, moved_shape[-1]) for a in (x, y, g))
        with np.errstate(divide="ignore", invalid="ignore"):
            grad = np.flip(np.cumsum(np.flip(gs * ys, -1), -1), -1) / xs
        with_zeros = (xs == 0).any(axis=-1)  # there, the product form (no division by zero)
        if with_zeros.any():
            grad[with_zeros] = _cumprod_gradient_products(xs[with_zeros], gs[with_zeros])
        return np.moveaxis(grad.reshape(moved_shape), -1, ctx.axis)


def _along_last(gradient, axis: int, *values):
    """``gradient`` computed with ``axis`` moved last, and the result moved back."""
    xp = array_namespace(*values)
    return xp.moveaxis(gradient(*(xp.moveaxis(v, axis, -1) for v in values)), -1, axis)


def _upper_triangle(n: int) -> np.ndarray:
    """mask[k, i] = i >= k."""
    return np.arange(n)[None, :] >= np.arange(n)[:, None]


def _cumprod_gradient_products(x, g):
    """The product form of every row (for rows with a zero, and as recorded ops for higher orders): the products
    P[k, i] = prod_{j <= i, j != k} x_j are running products of x with x_k set to 1."""
    xp = array_namespace(x, g)
    n = x.shape[-1]
    others = xp.where(np.eye(n, dtype=bool), 1, xp.expand_dims(x, -2))  # [..., k, j] = x_j, 1 at j = k
    products = xp.cumprod(others, axis=-1)
    return xp.sum(xp.where(_upper_triangle(n), products * xp.expand_dims(g, -2), 0), axis=-1)


def _logcumsumexp_gradient_terms(x, y, g):
    """dJ/dx_j = sum_{i >= j} g_i e^{x_j - y_i}, every term as recorded ops (for higher orders)."""
    xp = array_namespace(x, y, g)
    n = x.shape[-1]
    exponent = xp.expand_dims(x, -1) - xp.expand_dims(y, -2)  # [..., j, i] = x_j - y_i
    terms = xp.where(_upper_triangle(n) & np.isfinite(array_of(exponent)), xp.exp(
        xp.where(np.isfinite(array_of(exponent)), exponent, 0)), 0)
    return xp.sum(terms * xp.expand_dims(g, -2), axis=-1)


def cumprod(x, dim: int, *, dtype=None):
    """Running product along ``dim``."""
    return _running(CumProd, x, dim, dtype)


def _running_extreme(x, dim: int, larger: bool):
    """(values, indices): y_i = the largest (smallest) of x_1 .. x_i along ``dim`` and the position it came from,
    the latest one among equal values, as PyTorch; a NaN, once met, is the running value (and each later NaN takes
    over). values = x taken at the indices, so the gradient goes back there."""
    if x.ndim == 0:
        return ValuesIndices(x.clone(), index_tensor(np.zeros((), dtype=np.int64)))
    axis = normalize_dim(dim, x.ndim)
    moved = np.moveaxis(x._data, axis, 0)
    positions = np.zeros(moved.shape, dtype=np.int64)
    current, where_current = moved[0].copy(), np.zeros(moved.shape[1:], dtype=np.int64)
    for i in range(moved.shape[0]):
        value = moved[i]
        beats = value >= current if larger else value <= current
        take = np.isnan(value) | (~np.isnan(current) & beats) if moved.dtype.kind == "f" else beats
        current, where_current = np.where(take, value, current), np.where(take, i, where_current)
        positions[i] = where_current
    indices = np.moveaxis(positions, 0, axis)
    return ValuesIndices(take_along(x, indices, axis), index_tensor(indices))


def cummax(x, dim: int):
    """(values, indices) of the running maximum along ``dim``."""
    return _running_extreme(x, dim, larger=True)


def cummin(x, dim: int):
    """(values, indices) of the running minimum along ``dim``."""
    return _running_extreme(x, dim, larger=False)


class LogCumSumExp(Function):
    """y_i = ln(e^{x_1} + ... + e^{x_i}) along the axis, as running ``logaddexp`` (no exponential overflows);
    dJ/dx_j = sum_{i >= j} g_i e^{x_j - y_i} = e^{x_j - y_j} R_j with R_j = g_j + e^{y_j - y_{j+1}} R_{j+1}
    (every exponent <= 0, since y does not decrease)."""

    node_name = "LogcumsumexpBackward0"

    @staticmethod
    def forward(ctx, x, axis):
        y = np.logaddexp.accumulate(x, axis=axis)
        ctx.save_for_backward(x, y)
        ctx.axis = axis
        return y

    @staticmethod
    def backward(ctx, g):
        if array_namespace(g).IS_DIFFERENTIABLE:
            x, y = ctx.saved_arrays
            return _along_last(_logcumsumexp_gradient_terms, ctx.axis, x, y, g) if x.ndim else g
        x, y = (np.moveaxis(a, ctx.axis, 0) for a in ctx.saved_arrays)
        g = np.moveaxis(g, ctx.axis, 0)
        running = np.zeros_like(g)
        with np.errstate(invalid="ignore"):
            for j in range(x.shape[0] - 1, -1, -1):
                carried = 0 if j == x.shape[0] - 1 else np.nan_to_num(np.exp(y[j] - y[j + 1])) * running[j + 1]
                running[j] = g[j] + carried
            grad = np.where(x == -np.inf, 0, np.exp(x - y) * running)
        return np.moveaxis(grad, 0, ctx.axis)


def logcumsumexp(x, dim: int):
    """Running log-sum-exp along ``dim`` (floating inputs only, as PyTorch)."""
    if not x.dtype.is_floating_point:
        raise NotImplementedError(f'"logcumsumexp" not implemented for {x.dtype.name}')
    if x.ndim == 0:
        return x.clone()
    return LogCumSumExp.apply(x, axis=normalize_dim(dim, x.ndim))


def diff(x, n: int = 1, dim: int = -1, prepend=None, append=None):
    if x.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    axis = normalize_dim(dim, x.ndim)
    pieces = [p for p in (prepend, x, append) if p is not None]
    result = cat(pieces, dim=axis) if len(pieces) > 1 else x
    for _ in range(n):
        length = result.shape[axis]
        if length == 0:
            break
        later, earlier = result.narrow(axis, 1, length - 1), result.narrow(axis, 0, length - 1)
        result = later ^ earlier if result.dtype.name == "bool" else later - earlier  # booleans differ by xor
    return result
