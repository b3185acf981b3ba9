"""Summaries computed together or counted: std_mean, var_mean, aminmax, count_nonzero, the sum and mean that skip
NaN, and the n-th difference along a dimension.

    std_mean(x) = (std(x), mean(x)),  var_mean(x) = (var(x), mean(x))       (Bessel's correction by default)
    aminmax(x)  = (min, max), both over ``dim`` (every entry by default)
    nansum(x)   = the sum of the entries that are not NaN; nanmean(x) = nansum(x) / their count
    diff(x)[i]  = x[i + 1] - x[i] along ``dim``, applied ``n`` times (``prepend``/``append`` joined first)
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from .elementwise import where
from .reduce import amax, amin, mean, normalize_dim, normalize_dims, std, var
from .reduce import sum as sum_

__all__ = ["aminmax", "count_nonzero", "diff", "nansum", "nanmean"]

MinMax = namedtuple("aminmax", ["min", "max"])


def std_mean(x, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:
    return std(x, dim, unbiased, keepdim, correction=correction), mean(x, dim, keepdim=keepdim)


def var_mean(x, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:
    return var(x, dim, unbiased, keepdim, correction=correction), mean(x, dim, keepdim=keepdim)


def aminmax(x, *, dim=None, keepdim: bool = False) -> MinMax:
    axes = () if dim is None else normalize_dim(dim, x.ndim)
    if x.numel() == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                           "identity.")
    return MinMax(amin(x, axes, keepdim), amax(x, axes, keepdim))


def count_nonzero(x, dim=None):
    from ..tensor import Tensor

    axes = None if dim is None else normalize_dims(dim, x.ndim)
    return Tensor._wrap(np.asarray(np.count_nonzero(x._data, axis=axes), dtype=np.int64))


def diff(x, n: int = 1, dim: int = -1, prepend=None, append=None):
    from .shape import cat

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


def nansum(x, dim=None, keepdim: bool = False, *, dtype=None):
    """The sum over ``dim`` treating NaN as 0 (their gradient is 0)."""
    kept = where(x.isnan(), 0, x) if x.dtype.is_floating_point else x
    return sum_(kept, dim=dim, keepdim=keepdim, dtype=dtype)


def nanmean(x, dim=None, keepdim: bool = False, *, dtype=None):
    """The mean over ``dim`` of the entries that are not NaN (NaN where there are none)."""
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"nanmean(): expected input to have floating point dtype but got {x.dtype.name}")
    counted = sum_((~x.isnan()).to(x.dtype), dim=dim, keepdim=keepdim)
    return nansum(x, dim=dim, keepdim=keepdim, dtype=dtype) / counted
