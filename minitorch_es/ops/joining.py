"""Joining tensors and splitting them: cat, stack, hstack, vstack, dstack, column_stack, tile, repeat; split,
chunk, unbind.

A join's gradient is split back: each input receives the part of g it occupies (dJ/dx_k = the slice of g where
x_k was put). A split is a set of slices (:class:`~.indexing.Index`), and a repetition sums g over the copies.
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from ..size import sizes
from .dims import normalize_dim
from .indexing import Index, along, select
from .views import atleast_1d, atleast_2d, atleast_3d, reshape


class Concatenate(Function):
    """y = [x_1, x_2, ...] joined along ``axis``;  dJ/dx_k = the slice of g that x_k occupies.

    A 1-d tensor of size 0 among tensors of more dimensions is skipped, as PyTorch's legacy rule has it (its
    gradient is empty)."""

    node_name = "CatBackward0"

    @staticmethod
    def forward(ctx, *arrays, axis, dtype):
        ctx.axis = axis
        ctx.skipped = [a.shape == (0,) and a.ndim != max(b.ndim for b in arrays) for a in arrays]
        joined = [a for a, skipped in zip(arrays, ctx.skipped) if not skipped]
        ctx.boundaries = np.cumsum([a.shape[axis] for a in joined])[:-1]
        return np.concatenate([np.asarray(a, dtype=dtype) for a in joined], axis=axis)

    @staticmethod
    def backward(ctx, g):
        xp = array_namespace(g)
        pieces = iter(xp.split(g, ctx.boundaries, axis=ctx.axis))
        return tuple(xp.zeros((0,), dtype=xp.dtype_of(g)) if skipped else next(pieces) for skipped in ctx.skipped)


class Stack(Function):
    """y = [x_1, x_2, ...] joined along a new dimension ``axis``;  dJ/dx_k = g[..., k, ...]."""

    @staticmethod
    def forward(ctx, *arrays, axis, dtype):
        ctx.axis = axis
        return np.stack([np.asarray(a, dtype=dtype) for a in arrays], axis=axis)

    @staticmethod
    def backward(ctx, g):
        moved = array_namespace(g).moveaxis(g, ctx.axis, 0)
        return tuple(moved[k] for k in range(moved.shape[0]))


class Tile(Function):
    """y = x repeated ``reps[d]`` times along each dim d;  dJ/dx = the sum of g over the copies."""

    node_name = "RepeatBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x, reps):
        ctx.input_shape = x.shape
        x = x.reshape((1,) * (len(reps) - x.ndim) + x.shape)
        ctx.shape, ctx.reps = x.shape, reps
        return np.tile(x, reps)

    @staticmethod
    def backward(ctx, g):
        split_shape = [n for pair in zip(ctx.reps, ctx.shape) for n in pair]
        summed = g.reshape(split_shape).sum(axis=tuple(range(0, 2 * len(ctx.reps), 2)))
        return summed.reshape(ctx.input_shape)


def _joined_dtype(tensors) -> dtypes.dtype:
    result = tensors[0].dtype
    for t in tensors[1:]:
        result = dtypes.promote_types(result, t.dtype)
    return result


def cat(tensors, dim: int = 0):
    tensors = list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    reference = next((t for t in tensors if t.shape != (0,)), tensors[0])
    if reference.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    axis = normalize_dim(dim, reference.ndim)
    for position, t in enumerate(tensors):
        if t.shape == (0,) and reference.ndim != 1:
            continue  # PyTorch's legacy empty tensor, skipped whatever the other shapes
        if t.ndim != reference.ndim or any(
            a != b for i, (a, b) in enumerate(zip(t.shape, reference.shape)) if i != axis
        ):
            raise RuntimeError(
                f"Sizes of tensors must match except in dimension {axis}. Expected size "
                f"{list(reference.shape)} but got size {list(t.shape)} for tensor number {position} in the list."
            )
    return Concatenate.apply(*tensors, axis=axis, dtype=_joined_dtype(tensors).numpy_dtype)


concat = concatenate = cat


def stack(tensors, dim: int = 0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for position, t in enumerate(tensors):
        if t.shape != tensors[0].shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(tensors[0].shape)} at entry 0 and "
                f"{list(t.shape)} at entry {position}"
            )
    axis = normalize_dim(dim, tensors[0].ndim + 1)
    return Stack.apply(*tensors, axis=axis, dtype=_joined_dtype(tensors).numpy_dtype)


def hstack(tensors):
    """Joined along columns: dimension 1, or 0 for 1-d tensors."""
    tensors = atleast_1d(list(tensors))
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """Joined along rows (dimension 0), after making every tensor at least 2-d (a row)."""
    return cat(atleast_2d(list(tensors)), 0)


row_stack = vstack


def dstack(tensors):
    """Joined along depth (dimension 2), after making every tensor at least 3-d."""
    return cat(atleast_3d(list(tensors)), 2)


def column_stack(tensors):
    """Joined as columns: 0-d and 1-d tensors become (n, 1) columns, then all are joined along dimension 1."""
    columns = [reshape(t, t.numel(), 1) if t.ndim <= 1 else t for t in tensors]
    return cat(columns, 1)


def repeat(input, *repeats):
    """``x.repeat(2, 3)``: torch's repeat (NumPy's tile); ``repeats`` has at least x.ndim entries."""
    reps = sizes(repeats, "repeat", "repeats")
    if len(reps) < input.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of "
                           "tensor")
    return Tile.apply(input, reps=reps)


def tile(input, dims):
    dims = tuple(dims)
    return repeat(input, (1,) * (input.ndim - len(dims)) + dims)


def split(input, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces along ``dim``: of ``split_size`` each (the last may be smaller), or of the listed sizes."""
    axis = normalize_dim(dim, input.ndim)
    length = input.shape[axis]
    if isinstance(split_size_or_sections, int):
        if split_size_or_sections <= 0 and length:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {length}")
        size = split_size_or_sections
        pieces = [min(size, length - start) for start in range(0, length, size)] if length else [0]
    else:
        pieces = [int(s) for s in split_size_or_sections]
        if sum(pieces) != length or any(s < 0 for s in pieces):
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {length} (input tensor's size "
                               f"at dimension {axis}), but got split_sizes={pieces}")
    starts = np.concatenate([[0], np.cumsum(pieces)[:-1]]).astype(int)
    return tuple(Index.apply(input, index=along(axis, slice(int(start), int(start + size))), advanced=False,
                             node_label="SplitBackward0")
                 for start, size in zip(starts, pieces))


def chunk(input, chunks: int, dim: int = 0) -> tuple:
    """At most ``chunks`` pieces of ceil(n / chunks) each (so possibly fewer pieces, as PyTorch)."""
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    length = input.shape[normalize_dim(dim, input.ndim)]
    return split(input, max(1, -(-length // chunks)), dim)


def unbind(input, dim: int = 0) -> tuple:
    axis = normalize_dim(dim, input.ndim)
    return tuple(select(input, axis, i) for i in range(input.shape[axis]))
