"""Taking tensors apart and rearranging them: split, chunk, unbind, narrow, select, flip, roll, repeat, tile, tril,
triu, unflatten, gather, index_select, masked_fill.

Most are an index into x (a slice, or integer arrays), so their gradient is :class:`~.shape.Index`'s: g placed
back where each value came from, added up where one value was taken twice (dJ/dx_i = sum of g_j over the outputs
j that read x_i).
"""

from __future__ import annotations

import numpy as np

from ..autograd import Function
from .broadcasting import broadcast_shapes
from .reduce import normalize_dim
from .shape import Index, reshape

__all__ = ["split", "chunk", "select", "unbind", "narrow", "flip", "roll", "repeat", "tile", "tril", "triu",
           "unflatten", "gather", "index_select", "masked_fill"]


def _along(axis: int, key) -> tuple:
    return (slice(None),) * axis + (key,)


def _slice(x, axis: int, start: int, stop: int, step: int = 1):
    return Index.apply(x, index=_along(axis, slice(start, stop, step)), advanced=False)


def split(x, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces along ``dim``: of ``split_size`` each (the last may be smaller), or of the listed sizes."""
    axis = normalize_dim(dim, x.ndim)
    length = x.shape[axis]
    if isinstance(split_size_or_sections, int):
        if split_size_or_sections <= 0 and length:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {length}")
        size = split_size_or_sections
        sizes = [min(size, length - start) for start in range(0, length, size)] if length else [0]
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != length or any(s < 0 for s in sizes):
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {length} (input tensor's size "
                               f"at dimension {axis}), but got split_sizes={sizes}")
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    return tuple(_slice(x, axis, int(start), int(start + size)) for start, size in zip(starts, sizes))


def chunk(x, chunks: int, dim: int = 0) -> tuple:
    """At most ``chunks`` pieces of ceil(n / chunks) each (so possibly fewer pieces, as PyTorch)."""
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    length = x.shape[normalize_dim(dim, x.ndim)]
    return split(x, max(1, -(-length // chunks)), dim)


def select(x, dim: int, index: int):
    axis = normalize_dim(dim, x.ndim)
    if not -x.shape[axis] <= index < x.shape[axis]:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(x.shape)} at dimension "
                         f"{axis}")
    return Index.apply(x, index=_along(axis, index), advanced=False)


def unbind(x, dim: int = 0) -> tuple:
    axis = normalize_dim(dim, x.ndim)
    return tuple(select(x, axis, i) for i in range(x.shape[axis]))


def narrow(x, dim: int, start: int, length: int):
    axis = normalize_dim(dim, x.ndim)
    start = start + x.shape[axis] if start < 0 else start
    if start < 0 or length < 0 or start + length > x.shape[axis]:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({x.shape[axis]}).")
    return _slice(x, axis, start, start + length)


def flip(x, dims):
    """y = x reversed along each of ``dims``."""
    axes = {normalize_dim(d, x.ndim) for d in ([dims] if isinstance(dims, int) else dims)}
    key = tuple(slice(None, None, -1) if axis in axes else slice(None) for axis in range(x.ndim))
    return Index.apply(x, index=key, advanced=False)


def roll(x, shifts, dims=None):
    """y[(i + shift) mod n] = x[i] along each dim; without ``dims``, on the flattened tensor, shape kept."""
    if dims is None:
        return reshape(roll(reshape(x, -1), shifts, 0), *x.shape)
    shifts = [shifts] if isinstance(shifts, int) else list(shifts)
    dims = [dims] if isinstance(dims, int) else list(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    for shift, dim in zip(shifts, dims):
        axis = normalize_dim(dim, x.ndim)
        order = np.roll(np.arange(x.shape[axis]), shift)
        x = Index.apply(x, index=_along(axis, order), advanced=True)
    return x


class Tile(Function):
    """y = x repeated ``reps[d]`` times along each dim d;  dJ/dx = the sum of g over the copies."""

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


def repeat(x, *sizes):
    """``x.repeat(2, 3)``: torch's repeat (NumPy's tile); ``sizes`` has at least x.ndim entries."""
    reps = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else tuple(sizes)
    if len(reps) < x.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of "
                           "tensor")
    return Tile.apply(x, reps=reps)


def tile(x, dims):
    dims = tuple(dims)
    return repeat(x, (1,) * (x.ndim - len(dims)) + dims)


class Triangle(Function):
    """y = x on and below (tril) or above (triu) the k-th diagonal of the last two dims, 0 elsewhere;
    dJ/dx = g there, 0 elsewhere."""

    @staticmethod
    def forward(ctx, x, diagonal, upper):
        rows, columns = x.shape[-2:]
        offsets = np.arange(columns)[None, :] - np.arange(rows)[:, None]
        ctx.keep = offsets >= diagonal if upper else offsets <= diagonal
        return np.where(ctx.keep, x, np.zeros((), dtype=x.dtype))

    @staticmethod
    def backward(ctx, g):
        return np.where(ctx.keep, g, np.zeros((), dtype=g.dtype))


def tril(x, diagonal: int = 0):
    _check_matrix(x, "tril")
    return Triangle.apply(x, diagonal=diagonal, upper=False)


def triu(x, diagonal: int = 0):
    _check_matrix(x, "triu")
    return Triangle.apply(x, diagonal=diagonal, upper=True)


def _check_matrix(x, name: str) -> None:
    if x.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


def unflatten(x, dim: int, sizes):
    axis = normalize_dim(dim, x.ndim)
    sizes = list(sizes)
    if -1 in sizes:
        known = int(np.prod([s for s in sizes if s != -1]))
        sizes[sizes.index(-1)] = x.shape[axis] // known if known else 0
    if int(np.prod(sizes)) != x.shape[axis]:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                           f"({x.shape[axis]}) in the input tensor")
    return reshape(x, *x.shape[:axis], *sizes, *x.shape[axis + 1:])


def along_key(positions: np.ndarray, axis: int) -> tuple:
    """The advanced index of element [i][j][k] -> position (i, positions[i][j][k], k) for axis 1 (likewise for other
    axes): what gather reads and scatter writes."""
    grids = np.ogrid[tuple(slice(n) for n in positions.shape)]
    return tuple(positions if d == axis else grids[d] for d in range(positions.ndim))


def _integer_array(index, name: str) -> np.ndarray:
    array = index._data if hasattr(index, "_data") else np.asarray(index)
    if array.dtype.kind not in "iu":
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")
    return array


def gather(x, dim: int, index):
    """y[i][j][k] = x[index[i][j][k]][j][k] for dim 0 (likewise for other dims); y has index's shape."""
    axis = normalize_dim(dim, x.ndim)
    positions = _integer_array(index, "gather")
    if positions.ndim != x.ndim and not (x.ndim == 0 and positions.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for d in range(positions.ndim):
        if d != axis and positions.shape[d] > x.shape[d]:
            raise RuntimeError(f"Size does not match at dimension {d} expected index {list(positions.shape)} to be "
                               f"no larger than self {list(x.shape)} apart from dimension {axis}")
    if positions.size and (positions.min() < -x.shape[axis] or positions.max() >= x.shape[axis]):
        raise RuntimeError(f"index {int(positions.max())} is out of bounds for dimension {axis} with size "
                           f"{x.shape[axis]}")
    return Index.apply(x, index=along_key(positions, axis), advanced=True)


def index_select(x, dim: int, index):
    """The entries ``index`` (a 1-D integer tensor) along ``dim``."""
    axis = normalize_dim(dim, x.ndim)
    positions = _integer_array(index, "index_select").reshape(-1)
    if positions.size and (positions.min() < 0 or positions.max() >= x.shape[axis]):
        raise IndexError(f"index out of range in self: index {int(positions.max())} for dimension {axis} of size "
                         f"{x.shape[axis]}")
    return Index.apply(x, index=_along(axis, positions), advanced=True)


class MaskedFill(Function):
    """y = value where mask, else x (value cast to x's dtype);  dJ/dx = 0 where mask, else g."""

    @staticmethod
    def forward(ctx, x, mask, value):
        ctx.mask = np.broadcast_to(mask, x.shape)
        return np.where(ctx.mask, np.asarray(value).astype(x.dtype), x)

    @staticmethod
    def backward(ctx, g):
        return np.where(ctx.mask, np.zeros((), dtype=g.dtype), g)


def masked_fill(x, mask, value):
    mask_array = mask._data if hasattr(mask, "_data") else np.asarray(mask)
    if mask_array.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{getattr(mask, 'dtype', mask_array.dtype)}")
    value = value._data if hasattr(value, "_data") else value
    if np.ndim(value) != 0:
        raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{np.ndim(value)} dimension(s).")
    if broadcast_shapes(mask_array.shape, tuple(x.shape)) != tuple(x.shape):
        raise RuntimeError(f"The size of the mask {list(mask_array.shape)} must be broadcastable to the size of the "
                           f"input {list(x.shape)}")
    return MaskedFill.apply(x, mask_array, value)
