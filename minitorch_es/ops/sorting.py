"""Ordering along a dimension and the statistics read off it: sort, argsort, topk; median, kthvalue and quantile.

sort and topk return (values, indices); values = x taken at the indices, so their gradient goes back to the
position each value came from (an :class:`~.indexing.Index`). NaN counts as larger than every number (last in an
ascending sort, first in a descending one), and equal values keep their original order, as PyTorch's
``stable=True`` sort.

    kthvalue(x, k)   the k-th smallest entry along ``dim`` (k from 1) and its index
    median(x)        the lower median: the ((n - 1) // 2 + 1)-th smallest, n the number of entries
    quantile(x, q)   the q-quantile, interpolated between the sorted entries at ranks floor(r) and ceil(r),
                     r = q (n - 1) (q rounded to the input's precision first): 'linear' (v_lo + (r - floor r)
                     (v_hi - v_lo)), 'lower', 'higher', 'nearest' (ties to the even rank) or 'midpoint'

Gradients of the order statistics reach the entries that were picked (for the median of all entries, PyTorch
shares it evenly among the entries equal to it; so does this one). An entry that is NaN makes the result NaN.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from .dims import normalize_dim
from .indexing import gather, take_along
from .joining import stack
from .operands import array_of, index_tensor, is_tensor, wrap
from .piecewise import where
from .return_types import ValuesIndices


def _order(array: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """Indices that sort ``array`` along ``axis``, stably (ties in their original order)."""
    if not descending:
        return np.argsort(array, axis=axis, kind="stable")
    reversed_order = np.argsort(np.flip(array, axis=axis), axis=axis, kind="stable")
    return array.shape[axis] - 1 - np.flip(reversed_order, axis=axis)




def sort(x, dim: int = -1, descending: bool = False, stable: bool = False):
    """(values, indices) with x's entries along ``dim`` in increasing (or decreasing) order."""
    if x.ndim == 0:
        return ValuesIndices(x.clone(), index_tensor(np.zeros((), dtype=np.int64)))
    axis = normalize_dim(dim, x.ndim)
    order = _order(x._data, axis, descending)
    return ValuesIndices(take_along(x, order, axis), index_tensor(order))


def argsort(x, dim: int = -1, descending: bool = False, stable: bool = False):
    if x.ndim == 0:
        return index_tensor(np.zeros((), dtype=np.int64))
    return index_tensor(_order(x._data, normalize_dim(dim, x.ndim), descending))


def topk(x, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):
    """(values, indices) of the k largest (or smallest) entries along ``dim``, in order."""
    axis = normalize_dim(dim, max(x.ndim, 1))
    size = x.shape[axis] if x.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if x.ndim == 0:
        return ValuesIndices(x.clone(), index_tensor(np.zeros((), dtype=np.int64)))
    order = np.take(_order(x._data, axis, descending=largest), np.arange(k), axis=axis)
    return ValuesIndices(take_along(x, order, axis), index_tensor(order))


class MedianOfAll(Function):
    """y = the lower median of every entry;  dJ/dx = g shared evenly among the entries equal to y."""

    node_name = "MedianBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x):
        flat = x.reshape(-1)
        if np.isnan(flat).any():
            result = np.array(np.nan, dtype=x.dtype)
        else:
            result = np.partition(flat, (flat.size - 1) // 2)[(flat.size - 1) // 2]
        ctx.save_for_backward(x)
        ctx.result = result
        return np.asarray(result, dtype=x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        chosen = np.isnan(x) if np.isnan(ctx.result) else x == ctx.result
        return np.where(chosen, g / chosen.sum(), np.zeros((), dtype=g.dtype)).astype(x.dtype, copy=False)

    @staticmethod
    def jvp(ctx, h):
        (x,) = ctx.saved_arrays
        chosen = np.isnan(x) if np.isnan(ctx.result) else x == ctx.result
        return np.asarray(np.sum(np.where(chosen, h, 0)) / chosen.sum(), dtype=x.dtype)


def _require_entries(x, name: str) -> None:
    if x.numel() == 0:
        raise IndexError(f"{name}(): Expected reduction dim to have non-zero size.")


def _picked(x, dim, keepdim: bool, rank_of, name: str):
    """(values, indices) of the entry at sorted position ``rank_of(n)`` along ``dim``; NaN first where a row has
    one (its index is the first NaN's)."""
    if x.ndim == 0:
        return ValuesIndices(x.clone(), index_tensor(np.zeros((), dtype=np.int64)))
    axis = normalize_dim(dim, x.ndim)
    _require_entries(x, name)
    values, indices = sort(x, dim=axis)
    rank = rank_of(x.shape[axis])
    picked_values = values.narrow(axis, rank, 1)
    picked_indices = indices.narrow(axis, rank, 1)
    has_nan = np.isnan(x._data).any(axis=axis, keepdims=True) if x.dtype.is_floating_point else None
    if has_nan is not None and has_nan.any():  # NaN sorts last: the first NaN is at rank n - count(NaN)
        first_nan = np.argmax(np.isnan(x._data), axis=axis)
        first_nan = np.expand_dims(first_nan, axis)
        positions = np.where(has_nan, first_nan, picked_indices._data)
        picked_indices = index_tensor(positions)
        picked_values = gather(x, axis, picked_indices)
    if not keepdim:
        picked_values, picked_indices = picked_values.squeeze(axis), picked_indices.squeeze(axis)
    return ValuesIndices(picked_values, picked_indices)


def median(x, dim=None, keepdim: bool = False):
    """The lower median of every entry (a 0-d tensor), or (values, indices) along ``dim``."""
    if dim is None:
        _require_entries(x, "median")
        return MedianOfAll.apply(x)
    return _picked(x, dim, keepdim, lambda n: (n - 1) // 2, "median")


def kthvalue(x, k: int, dim: int = -1, keepdim: bool = False):
    size = x.shape[normalize_dim(dim, x.ndim)] if x.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
    return _picked(x, dim, keepdim, lambda n: k - 1, "kthvalue")


def _lerp(start, end, weight: float):
    """start + weight (end - start), evaluated from the nearer end as PyTorch's lerp (the same rounding)."""
    if weight < 0.5:
        return start + (end - start) * weight
    return end - (end - start) * (1 - weight)


def quantile(x, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear"):
    """The q-quantiles along ``dim`` (of every entry when None); q a number or a 1-D tensor of them (then the
    result has q's length as its first dimension)."""
    if interpolation not in ("linear", "lower", "higher", "midpoint", "nearest"):
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                           f"but got {interpolation}")
    if not x.dtype.is_floating_point:
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    levels = np.atleast_1d(np.asarray(array_of(q), dtype=np.float64))
    if levels.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if ((levels < 0) | (levels > 1)).any():
        raise RuntimeError("quantile() q values must be in the range [0, 1]")
    _require_entries(x, "quantile")
    source = x.reshape(-1) if dim is None else x
    axis = 0 if dim is None else normalize_dim(dim, x.ndim)
    ordered = sort(source, dim=axis).values
    nan_rows = wrap(np.isnan(source._data).any(axis=axis, keepdims=True))
    last = ordered.narrow(axis, ordered.shape[axis] - 1, 1)
    results = []
    precision = x.dtype.numpy_dtype.type  # q is rounded to the input's precision, as PyTorch's
    for level in levels:
        rank = float(precision(level)) * (ordered.shape[axis] - 1)
        low, high = int(np.floor(rank)), int(np.ceil(rank))
        if interpolation == "lower":
            high = low
        elif interpolation == "higher":
            low = high
        elif interpolation == "nearest":
            low = high = int(np.round(rank))  # half to even, as PyTorch's round
        below, above = ordered.narrow(axis, low, 1), ordered.narrow(axis, high, 1)
        if low == high:
            result = below
        elif interpolation == "midpoint":
            result = _lerp(below, above, 0.5)
        else:
            result = _lerp(below, above, rank - low)
        result = where(nan_rows, last, result)  # NaN sorts last: a row with one takes it (and its gradient)
        if dim is None:
            result = result.reshape((1,) * x.ndim) if keepdim else result.reshape(())
        elif not keepdim:
            result = result.squeeze(axis)
        results.append(result)
    return stack(results) if is_tensor(q) else results[0]


def unique(input, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False, dim=None):
    """The distinct values (sorted), optionally with the index of each input entry's value and the counts."""
    array = array_of(input)
    values, inverse, counts = np.unique(array, return_inverse=True, return_counts=True, axis=dim)
    result = [wrap(values)]
    if return_inverse:
        shape = array.shape if dim is None else (array.shape[dim],)
        result.append(index_tensor(inverse.reshape(shape)))
    if return_counts:
        result.append(index_tensor(counts))
    return result[0] if len(result) == 1 else tuple(result)
