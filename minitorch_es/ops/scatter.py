"""Writing values into positions (the adjoints of gather and index_select) or where a mask is True:

    scatter(x, dim, index, src)      y = x, then y[index[i][j]][j] = src[i][j]          (dim 0; likewise others)
    scatter_add(x, dim, index, src)  y = x, then y[index[i][j]][j] += src[i][j]         (repeated indices add up)
    index_add(x, dim, index, src)    y = x, then y[index[i]] += alpha src[i]           (along dim; index 1-D)
    masked_fill(x, mask, value)      y = value where mask, else x                      (mask broadcast to x)

Gradients: dJ/dx = g (0 where a value was overwritten); dJ/dsrc = g read back at the same positions (a gather),
times alpha for index_add.
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .broadcasting import broadcast_shapes
from .dims import normalize_dim
from .indexing import along_key
from .operands import array_of, integer_array, is_tensor


class Scatter(Function):
    """y = x with src written (or added, ``accumulate``) at ``key``; see the module docstring for the gradients."""

    @staticmethod
    def forward(ctx, x, src, key, used, accumulate, dtype):
        ctx.key, ctx.used, ctx.accumulate, ctx.src_shape = key, used, accumulate, np.shape(src)
        out = np.array(x, dtype=dtype)
        values = np.asarray(src, dtype=dtype)[used] if np.ndim(src) else np.asarray(src, dtype=dtype)
        if accumulate:
            np.add.at(out, key, values)
        else:
            out[key] = values
        return out

    @staticmethod
    def backward(ctx, g):
        if array_namespace(g).IS_DIFFERENTIABLE:
            return _scatter_gradients_recorded(ctx, g)
        grad_x = None
        if ctx.needs_input_grad[0]:
            grad_x = g.copy()
            if not ctx.accumulate:
                grad_x[ctx.key] = 0
        grad_src = None
        if len(ctx.needs_input_grad) > 1 and ctx.needs_input_grad[1]:
            grad_src = np.zeros(ctx.src_shape, dtype=g.dtype)
            grad_src[ctx.used] = g[ctx.key]
        return grad_x, grad_src


def _scatter_gradients_recorded(ctx, g):
    """Scatter's gradients as recorded ops: x's is g with the overwritten positions zeroed (a constant mask), src's
    is g read at ``key`` and placed at ``used`` (itself a scatter)."""
    grad_x = grad_src = None
    if ctx.needs_input_grad[0]:
        written = np.zeros(g.shape, dtype=bool)
        written[ctx.key] = True
        grad_x = g if ctx.accumulate else array_namespace(g).where(written, 0, g)
    if len(ctx.needs_input_grad) > 1 and ctx.needs_input_grad[1]:
        picked = g[ctx.key]
        zeros = np.zeros(ctx.src_shape, dtype=picked._data.dtype)
        grad_src = Scatter.apply(zeros, picked, key=ctx.used, used=Ellipsis, accumulate=False,
                                 dtype=picked._data.dtype)
    return grad_x, grad_src


def _scatter_key(x, axis: int, positions: np.ndarray, name: str) -> tuple:
    if positions.ndim != x.ndim:
        raise RuntimeError(f"{name}(): Index tensor must have the same number of dimensions as self tensor")
    for d in range(positions.ndim):
        if d != axis and positions.shape[d] > x.shape[d]:
            raise RuntimeError(f"Expected index {list(positions.shape)} to be no larger than self "
                               f"{list(x.shape)} apart from dimension {axis}")
    _check_in_range(positions, x.shape[axis], axis)
    return along_key(positions, axis)


def _check_in_range(positions: np.ndarray, size: int, axis: int) -> None:
    if positions.size and (positions.min() < 0 or positions.max() >= size):
        bad = int(positions.max() if positions.max() >= size else positions.min())
        raise RuntimeError(f"index {bad} is out of bounds for dimension {axis} with size {size}")


def _scatter(x, dim: int, index, src, accumulate: bool, name: str):
    axis = normalize_dim(dim, x.ndim)
    positions = integer_array(index, name)
    key = _scatter_key(x, axis, positions, name)
    if is_tensor(src):
        if src.ndim != positions.ndim or any(i > s for i, s in zip(positions.shape, src.shape)):
            raise RuntimeError(f"Expected index {list(positions.shape)} to be no larger than src "
                               f"{list(src.shape)}")
        if src.dtype is not x.dtype:
            raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")
    used = tuple(slice(0, n) for n in positions.shape)
    return Scatter.apply(x, src, key=key, used=used, accumulate=accumulate, dtype=x.dtype.numpy_dtype)


def scatter(x, dim: int, index, src=None, *, value=None, reduce=None):
    """y = x with ``src`` (a tensor, or a number given as ``src`` or ``value``) written at ``index`` along ``dim``."""
    if reduce is not None:
        if reduce != "add":
            raise NotImplementedError(f"scatter(reduce={reduce!r}): only reduce='add' is implemented")
        return scatter_add(x, dim, index, src)
    if src is None:
        src = value
    return _scatter(x, dim, index, src, False, "scatter")


def scatter_add(x, dim: int, index, src):
    return _scatter(x, dim, index, src, True, "scatter_add")


def index_add(x, dim: int, index, source, *, alpha=1):
    axis = normalize_dim(dim, x.ndim)
    positions = integer_array(index, "index_add").reshape(-1)
    if source.dtype is not x.dtype:
        raise RuntimeError(f"index_add_(): self ({dtypes.torch_name(x.dtype)}) and source "
                           f"({dtypes.torch_name(source.dtype)}) must have the same scalar type")
    if source.ndim != x.ndim or source.shape[axis] != positions.size:
        raise RuntimeError(f"index_add_(): Number of indices ({positions.size}) should be equal to source.size(dim): "
                           f"({source.shape[axis] if source.ndim > axis else 1}), for dim: {axis}")
    expected = x.shape[:axis] + (positions.size,) + x.shape[axis + 1:]
    if tuple(source.shape) != tuple(expected):
        raise RuntimeError(f"index_add_(): Source/destination tensor must have same slice shapes. Destination slice "
                           f"shape: {list(x.shape[:axis] + x.shape[axis + 1:])} at dimension {axis} and source slice "
                           f"shape: {list(source.shape[:axis] + source.shape[axis + 1:])} at dimension {axis}.")
    _check_in_range(positions, x.shape[axis], axis)
    along = positions.reshape([-1 if d == axis else 1 for d in range(len(expected))])
    key = along_key(np.broadcast_to(along, expected), axis)
    scaled = source * alpha if alpha != 1 else source
    return Scatter.apply(x, scaled, key=key, used=tuple(slice(0, n) for n in expected), accumulate=True,
                         dtype=x.dtype.numpy_dtype)


class MaskedFill(Function):
    """y = value where mask, else x (value cast to x's dtype);  dJ/dx = 0 where mask, else g."""

    linear = True

    @staticmethod
    def forward(ctx, x, mask, value):
        ctx.mask = np.broadcast_to(mask, x.shape)
        return np.where(ctx.mask, np.asarray(value).astype(x.dtype), x)

    @staticmethod
    def backward(ctx, g):
        return np.where(ctx.mask, np.zeros((), dtype=g.dtype), g)

    jvp = backward  # the filled positions are constants: their tangent is zero


def masked_fill(x, mask, value):
    mask_array = array_of(mask)
    if mask_array.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{getattr(mask, 'dtype', mask_array.dtype)}")
    value = array_of(value) if is_tensor(value) else value
    if np.ndim(value) != 0:
        raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{np.ndim(value)} dimension(s).")
    if broadcast_shapes(mask_array.shape, tuple(x.shape)) != tuple(x.shape):
        raise RuntimeError(f"The size of the mask {list(mask_array.shape)} must be broadcastable to the size of the "
                           f"input {list(x.shape)}")
    return MaskedFill.apply(x, mask_array, value)
