"""Reading entries by position: x[key], select, narrow, gather, take_along_dim, index_select, masked_select,
diagonal, flip, roll, repeat_interleave, nonzero, and the embedding lookup.

Each is an index into x (slices, integers, masks or integer arrays), so each has the gradient of
:class:`Index`: g placed back where each value came from, added up where one value was read twice
(dJ/dx_i = the sum of g_j over the outputs j that read x_i).
"""

from __future__ import annotations

import numpy as np

from .broadcasting import broadcast_shapes
from ..autograd.function import Function
from .dims import normalize_dim
from .operands import array_of, integer_array, is_tensor, wrap


class Index(Function):
    """y = x[index];  dJ/dx = zeros with g added at the indexed positions (repeated indices add up)."""

    linear = True
    is_view = True  # when the index is basic (slices, integers): NumPy's result shares x's memory

    @staticmethod
    def forward(ctx, x, index, advanced):
        ctx.shape, ctx.index, ctx.advanced = x.shape, index, advanced
        picked = x[index]
        if not advanced and not isinstance(picked, np.ndarray):  # integers only: NumPy gives a copied scalar,
            picked = x[(*(index if isinstance(index, tuple) else (index,)), Ellipsis)]  # "..." a 0-d view
        return np.asarray(picked)

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.shape, dtype=g.dtype)
        if ctx.advanced:
            np.add.at(grad, ctx.index, g)
        else:
            grad[ctx.index] = g
        return grad


def _index_parts(part) -> tuple:
    """One part of an index key in NumPy's terms; a boolean mask becomes the integer indices of its True cells."""
    if is_tensor(part):
        part = part._data
        if part.dtype.kind == "f":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    elif isinstance(part, list):
        part = np.asarray([array_of(p) if is_tensor(p) else p for p in part])
    if isinstance(part, np.ndarray) and part.dtype == np.bool_:
        return np.nonzero(part)
    if isinstance(part, slice) and part.step is not None and part.step <= 0:
        raise ValueError("step must be greater than zero")
    return (part,)


def index_steps(key) -> list:
    """``key`` as NumPy keys to apply one after the other: ``[(numpy_key, is_advanced)]``.

    PyTorch applies integer indices before array indices; NumPy counts an integer among the array indices, which
    moves dimensions differently (``x[0, 1:3, [1, 0]]``). So when both appear, the integers go in a first step.
    """
    parts = key if isinstance(key, tuple) else (key,)
    numpy_key = tuple(p for part in parts for p in _index_parts(part))
    advanced = any(isinstance(p, np.ndarray) for p in numpy_key)
    if not (advanced and any(isinstance(p, (int, np.integer)) for p in numpy_key)):
        return [(numpy_key, advanced)]
    integers_first = tuple(slice(None) if isinstance(p, np.ndarray) else p for p in numpy_key)
    arrays_next = tuple(p if isinstance(p, np.ndarray) or p is Ellipsis else slice(None)
                        for p in numpy_key if not isinstance(p, (int, np.integer)))
    return [(integers_first, False), (arrays_next, True)]


def index(x, key):
    """x[key] with PyTorch's rules for ints, slices, None, Ellipsis, masks and integer arrays."""
    for numpy_key, advanced in index_steps(key):
        x = Index.apply(x, index=numpy_key, advanced=advanced, node_label=_index_name(numpy_key, advanced))
    return x


def _index_name(numpy_key: tuple, advanced: bool) -> str:
    """PyTorch's node of ``x[key]``: it indexes one part after the other, so the node is that of the last part
    that does something (an integer selects, a slice slices, None unsqueezes)."""
    if advanced:
        return "IndexBackward0"
    for part in reversed(numpy_key):
        if isinstance(part, (int, np.integer)):
            return "SelectBackward0"
        if part is None:
            return "UnsqueezeBackward0"
        if isinstance(part, slice) and part != slice(None):
            return "SliceBackward0"
    return "AliasBackward0"


def along(axis: int, key) -> tuple:
    """The index key that applies ``key`` to dimension ``axis`` and keeps the dimensions before it whole."""
    return (slice(None),) * axis + (key,)


def along_key(positions: np.ndarray, axis: int) -> tuple:
    """The advanced index of element [i][j][k] -> position (i, positions[i][j][k], k) for axis 1 (likewise for other
    axes): what gather reads and scatter writes."""
    grids = np.ogrid[tuple(slice(n) for n in positions.shape)]
    return tuple(positions if d == axis else grids[d] for d in range(positions.ndim))


def take_along(x, positions: np.ndarray, axis: int):
    """y[i][j][k] = x[i][positions[i][j][k]][k] for axis 1: the entries that sort, topk or cummax picked."""
    return Index.apply(x, index=along_key(positions, axis), advanced=True)


def select(input, dim: int, index: int):
    axis = normalize_dim(dim, input.ndim)
    if not -input.shape[axis] <= index < input.shape[axis]:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at dimension "
                         f"{axis}")
    return Index.apply(input, index=along(axis, index), advanced=False, node_label="SelectBackward0")


def narrow(input, dim: int, start: int, length: int):
    axis = normalize_dim(dim, input.ndim)
    start = start + input.shape[axis] if start < 0 else start
    if start < 0 or length < 0 or start + length > input.shape[axis]:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({input.shape[axis]}).")
    return Index.apply(input, index=along(axis, slice(start, start + length)), advanced=False,
                       node_label="SliceBackward0")


def gather(input, dim: int, index):
    """y[i][j][k] = x[index[i][j][k]][j][k] for dim 0 (likewise for other dims); y has index's shape."""
    axis = normalize_dim(dim, input.ndim)
    positions = integer_array(index, "gather")
    if positions.ndim != input.ndim and not (input.ndim == 0 and positions.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for d in range(positions.ndim):
        if d != axis and positions.shape[d] > input.shape[d]:
            raise RuntimeError(f"Size does not match at dimension {d} expected index {list(positions.shape)} to be "
                               f"no larger than self {list(input.shape)} apart from dimension {axis}")
    if positions.size and (positions.min() < -input.shape[axis] or positions.max() >= input.shape[axis]):
        raise RuntimeError(f"index {int(positions.max())} is out of bounds for dimension {axis} with size "
                           f"{input.shape[axis]}")
    return Index.apply(input, index=along_key(positions, axis), advanced=True, node_label="GatherBackward0")


def take_along_dim(input, indices, dim: int | None = None):
    """x's entries at ``indices`` along ``dim`` (x and indices broadcast in the other dimensions); without dim,
    the flattened x at the flattened indices."""
    positions = array_of(indices)
    if positions.dtype.kind not in "iu":
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be int64 but got {positions.dtype}")
    if dim is None:
        return gather(input.reshape(-1), 0, positions.reshape(-1))
    axis = normalize_dim(dim, input.ndim)
    if positions.ndim != input.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {input.ndim} dimensions for input, and {positions.ndim} dimensions for indices")
    shape = list(broadcast_shapes(tuple(s for i, s in enumerate(input.shape) if i != axis),
                                  tuple(s for i, s in enumerate(positions.shape) if i != axis)))
    x_shape, index_shape = list(shape), list(shape)
    x_shape.insert(axis, input.shape[axis])
    index_shape.insert(axis, positions.shape[axis])
    return gather(input.expand(*x_shape), axis, np.broadcast_to(positions, index_shape))


def index_select(input, dim: int, index):
    """The entries ``index`` (a 1-D integer tensor) along ``dim``."""
    axis = normalize_dim(dim, input.ndim)
    positions = integer_array(index, "index_select").reshape(-1)
    if positions.size and (positions.min() < 0 or positions.max() >= input.shape[axis]):
        raise IndexError(f"index out of range in self: index {int(positions.max())} for dimension {axis} of size "
                         f"{input.shape[axis]}")
    return Index.apply(input, index=along(axis, positions), advanced=True, node_label="IndexSelectBackward0")


def masked_select(input, mask):
    """The entries of x where mask is True, in row-major order, as a 1-D tensor (mask broadcast to x)."""
    mask_array = array_of(mask)
    if mask_array.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = broadcast_shapes(tuple(input.shape), mask_array.shape)
    return Index.apply(input.expand(shape), index=np.broadcast_to(mask_array, shape), advanced=True,
                       node_label="MaskedSelectBackward0")


def diagonal(input, offset: int = 0, dim1: int = 0, dim2: int = 1):
    """The entries x[..., i, ..., i + offset, ...] of dimensions dim1 and dim2, as a new last dimension (above the
    main diagonal for offset > 0, below for offset < 0)."""
    first, second = normalize_dim(dim1, input.ndim), normalize_dim(dim2, input.ndim)
    if first == second:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    moved = input.movedim((first, second), (-2, -1))
    rows, columns = moved.shape[-2:]
    length = max(0, min(rows + min(offset, 0), columns - max(offset, 0)))
    steps = np.arange(length)
    key = (Ellipsis, steps + max(-offset, 0), steps + max(offset, 0))
    return Index.apply(moved, index=key, advanced=True, node_label="DiagonalBackward0")


def flip(input, dims):
    """y = x reversed along each of ``dims``."""
    axes = {normalize_dim(d, input.ndim) for d in ([dims] if isinstance(dims, int) else dims)}
    key = tuple(slice(None, None, -1) if axis in axes else slice(None) for axis in range(input.ndim))
    return Index.apply(input, index=key, advanced=False, node_label="FlipBackward0")


def roll(input, shifts, dims=None):
    """y[(i + shift) mod n] = x[i] along each dim; without ``dims``, on the flattened tensor, shape kept."""
    if dims is None:
        return roll(input.reshape(-1), shifts, 0).reshape(*input.shape)
    shifts = [shifts] if isinstance(shifts, int) else list(shifts)
    dims = [dims] if isinstance(dims, int) else list(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    for shift, dim in zip(shifts, dims):
        axis = normalize_dim(dim, input.ndim)
        order = np.roll(np.arange(input.shape[axis]), shift)
        input = Index.apply(input, index=along(axis, order), advanced=True, node_label="RollBackward0")
    return input


def repeat_interleave(input, repeats, dim: int | None = None):
    """Each entry repeated ``repeats`` times (an int, or one count per entry) along ``dim`` (of the flattened x
    without dim): [a, b] -> [a, a, b, b]."""
    if dim is None:
        input, axis = input.reshape(-1), 0
    else:
        axis = normalize_dim(dim, input.ndim)
    counts = array_of(repeats)
    if counts.ndim and counts.shape[0] not in (1, input.shape[axis]):
        raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                           f"{counts.shape[0]} and input.size({axis}) = {input.shape[axis]}")
    if np.any(counts < 0):
        raise RuntimeError("repeats can not be negative")
    positions = np.repeat(np.arange(input.shape[axis]), counts.reshape(-1) if counts.ndim else int(counts))
    return Index.apply(input, index=along(axis, positions), advanced=True, node_label="IndexSelectBackward0")


def nonzero(input, *, as_tuple: bool = False):
    """The indices of the non-zero entries: an (n, ndim) int64 tensor, or one index tensor per dimension."""
    array = array_of(input)
    if as_tuple:
        return tuple(wrap(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(array)))
    return wrap(np.argwhere(array).astype(np.int64))


def argwhere(input):
    return nonzero(input)


class EmbeddingLookup(Function):
    """y[..., :] = W[index[...], :];  dJ/dW[i] = the sum of g over the positions that looked up row i (0 for
    ``padding_idx``; divided by how often i appears in the batch with ``scale_grad_by_freq``)."""

    node_name = "EmbeddingBackward0"

    linear = True

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.indices, ctx.rows = indices, weight.shape[0]
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        return weight[indices]

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros((ctx.rows, g.shape[-1]), dtype=g.dtype)
        flat_indices, flat_g = ctx.indices.reshape(-1), g.reshape(-1, g.shape[-1])
        if ctx.scale_grad_by_freq:
            counts = np.bincount(flat_indices, minlength=ctx.rows)
            flat_g = flat_g / counts[flat_indices][:, None].astype(g.dtype)
        np.add.at(grad, flat_indices, flat_g)
        if ctx.padding_idx is not None:
            grad[ctx.padding_idx] = 0
        return grad

    @staticmethod
    def backward_transposed(ctx, h):
        """What differentiating the backward gives, as PyTorch computes it: h's rows looked up, 0 at
        ``padding_idx`` (PyTorch leaves out the division by the frequencies of ``scale_grad_by_freq`` here)."""
        looked_up = h[ctx.indices]
        if ctx.padding_idx is not None:
            looked_up = np.where((ctx.indices == ctx.padding_idx)[..., None], 0, looked_up).astype(h.dtype)
        return looked_up
