"""Moving, broadcasting, stacking and picking out dimensions: movedim/moveaxis, swapaxes/swapdims, broadcast_to,
broadcast_tensors, broadcast_shapes, atleast_1d/2d/3d, hstack, vstack, dstack, column_stack, ravel, diagonal,
take_along_dim, repeat_interleave.

All are built on :func:`~.shape.permute`, :func:`~.shape.expand`, :func:`~.shape.reshape`, :func:`~.shape.cat`
and :class:`~.shape.Index`, so their gradients are those: each value's gradient goes back to where it came from
(summed where it was read more than once: broadcasting, repeat_interleave).
"""

from __future__ import annotations

import numpy as np

from ..size import Size
from .broadcasting import broadcast_shapes as common_shape
from .rearrange import gather
from .reduce import normalize_dim
from .shape import Index, cat, expand, permute, reshape, transpose

__all__ = ["movedim", "moveaxis", "swapaxes", "swapdims", "broadcast_to", "ravel", "diagonal", "take_along_dim",
           "repeat_interleave"]


def movedim(x, source, destination):
    """Dimensions ``source`` moved to positions ``destination``; the others keep their order."""
    sources = tuple(source) if isinstance(source, (tuple, list)) else (source,)
    destinations = tuple(destination) if isinstance(destination, (tuple, list)) else (destination,)
    if len(sources) != len(destinations):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(sources)} dims) should "
                           f"contain the same number of dims as destination ({list(destinations)} dims)")
    sources = tuple(normalize_dim(d, x.ndim) for d in sources)
    destinations = tuple(normalize_dim(d, x.ndim) for d in destinations)
    if len(set(sources)) != len(sources) or len(set(destinations)) != len(destinations):
        raise RuntimeError(f"movedim: repeated dim in `source` ({list(sources)}) or `destination` "
                           f"({list(destinations)})")
    order = [d for d in range(x.ndim) if d not in sources]
    for destination_dim, source_dim in sorted(zip(destinations, sources)):
        order.insert(destination_dim, source_dim)
    return permute(x, *order)


moveaxis = movedim


def swapaxes(x, axis0: int, axis1: int):
    return transpose(x, axis0, axis1)


swapdims = swapaxes


def broadcast_to(x, size):
    """x expanded to ``size`` (-1 keeps a dimension), as :meth:`Tensor.expand`."""
    return expand(x, *size)


def broadcast_shapes(*shapes) -> Size:
    """The shape that tensors of ``shapes`` broadcast to (an int is a 1-d shape), by the rule every operation
    uses (:func:`~.broadcasting.broadcast_shapes`), with ``torch.broadcast_shapes``'s error."""
    shapes = [tuple(s) if isinstance(s, (tuple, list, Size)) else (s,) for s in shapes]
    try:
        return Size(common_shape(*shapes))
    except RuntimeError:
        raise RuntimeError(f"Shape mismatch: objects cannot be broadcast to a single shape: "
                           f"{[list(s) for s in shapes]}") from None


def broadcast_tensors(*tensors) -> tuple:
    """Every tensor expanded to their common broadcast shape."""
    shape = broadcast_shapes(*(tuple(t.shape) for t in tensors))
    return tuple(expand(t, *shape) for t in tensors)


def _at_least(dims: int, tensors):
    """atleast_Nd for one tensor or a sequence of them (then a tuple), as PyTorch's."""
    def grow(t):
        if t.ndim >= dims:
            return t
        if dims == 3 and t.ndim == 2:
            return reshape(t, *t.shape, 1)
        if dims == 3 and t.ndim == 1:
            return reshape(t, 1, t.shape[0], 1)
        return reshape(t, *((1,) * (dims - t.ndim) + tuple(t.shape)))

    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        return tuple(grow(t) for t in tensors[0])
    return grow(tensors[0]) if len(tensors) == 1 else tuple(grow(t) for t in tensors)


def atleast_1d(*tensors):
    return _at_least(1, tensors)


def atleast_2d(*tensors):
    return _at_least(2, tensors)


def atleast_3d(*tensors):
    return _at_least(3, tensors)


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


def ravel(x):
    """The entries in row-major order, as one dimension."""
    return reshape(x, -1)


def diagonal(x, offset: int = 0, dim1: int = 0, dim2: int = 1):
    """The entries x[..., i, ..., i + offset, ...] of dimensions dim1 and dim2, as a new last dimension (above the
    main diagonal for offset > 0, below for offset < 0)."""
    if x.ndim < 2:
        raise RuntimeError(f"diagonal dimensions requires ndim larger than 1, got {x.ndim}")
    first, second = normalize_dim(dim1, x.ndim), normalize_dim(dim2, x.ndim)
    if first == second:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    moved = movedim(x, (first, second), (-2, -1))
    rows, columns = moved.shape[-2:]
    length = max(0, min(rows + min(offset, 0), columns - max(offset, 0)))
    steps = np.arange(length)
    key = (Ellipsis, steps + max(-offset, 0), steps + max(offset, 0))
    return Index.apply(moved, index=key, advanced=True)


def take_along_dim(x, indices, dim: int | None = None):
    """x's entries at ``indices`` along ``dim`` (x and indices broadcast in the other dimensions); without dim,
    the flattened x at the flattened indices."""
    positions = indices._data if hasattr(indices, "_data") else np.asarray(indices)
    if positions.dtype.kind not in "iu":
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be int64 but got {positions.dtype}")
    if dim is None:
        return gather(ravel(x), 0, positions.reshape(-1))
    axis = normalize_dim(dim, x.ndim)
    if positions.ndim != x.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {x.ndim} dimensions for input, and {positions.ndim} dimensions for indices")
    shape = list(common_shape(tuple(s for i, s in enumerate(x.shape) if i != axis),
                              tuple(s for i, s in enumerate(positions.shape) if i != axis)))
    x_shape, index_shape = list(shape), list(shape)
    x_shape.insert(axis, x.shape[axis])
    index_shape.insert(axis, positions.shape[axis])
    return gather(expand(x, *x_shape), axis, np.broadcast_to(positions, index_shape))


def repeat_interleave(x, repeats, dim: int | None = None):
    """Each entry repeated ``repeats`` times (an int, or one count per entry) along ``dim`` (of the flattened x
    without dim): [a, b] -> [a, a, b, b]."""
    if dim is None:
        x, axis = ravel(x), 0
    else:
        axis = normalize_dim(dim, x.ndim)
    counts = repeats._data if hasattr(repeats, "_data") else np.asarray(repeats)
    if counts.ndim and counts.shape[0] not in (1, x.shape[axis]):
        raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                           f"{counts.shape[0]} and input.size({axis}) = {x.shape[axis]}")
    if np.any(counts < 0):
        raise RuntimeError("repeats can not be negative")
    positions = np.repeat(np.arange(x.shape[axis]), counts.reshape(-1) if counts.ndim else int(counts))
    return Index.apply(x, index=(slice(None),) * axis + (positions,), advanced=True)
