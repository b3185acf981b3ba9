"""Operations that move elements without changing them: reshape, transpose, expand, indexing, cat, stack.

Their derivatives move the gradient back: a reshape's gradient is reshaped back, a transpose's is transposed
back, an expand's is summed over the expanded dimensions, an index's is scattered (added) into zeros at the
indexed positions, a concatenation's is split.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd import Function
from .broadcasting import unbroadcast
from .reduce import normalize_dim


def infer_shape(shape: tuple, numel: int) -> tuple:
    """Replace one ``-1`` in ``shape`` so that the sizes multiply to ``numel``; PyTorch's error otherwise."""
    shape = tuple(int(s) for s in shape)
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    if any(s < -1 for s in shape):
        raise RuntimeError(f"invalid shape dimension {min(shape)}")
    known = int(np.prod([s for s in shape if s != -1]))
    if not unknown:
        if known != numel:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return shape
    if known == 0 or numel % known:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape[: unknown[0]] + (numel // known,) + shape[unknown[0] + 1:]


class Reshape(Function):
    """y = x with a new shape (same elements, row-major order);  dJ/dx = g reshaped to x's shape."""

    @staticmethod
    def forward(ctx, x, shape, view_only):
        ctx.shape = x.shape
        if not view_only:
            return x.reshape(shape)
        view = x.reshape(shape)  # a view where the strides allow one, else a copy
        if x.size and not np.shares_memory(view, x):
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least one dimension spans "
                "across two contiguous subspaces). Use .reshape(...) instead."
            )
        return view

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.shape)


class Permute(Function):
    """y = x with its dimensions reordered by ``dims`` (a view);  dJ/dx = g with the inverse order."""

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return x.transpose(dims)

    @staticmethod
    def backward(ctx, g):
        return g.transpose(np.argsort(ctx.dims))


class Expand(Function):
    """y = x repeated along dimensions of size 1 (a view, no copy);  dJ/dx = g summed over them."""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return np.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, g):
        return unbroadcast(g, ctx.shape)


class Contiguous(Function):
    """y = x laid out in row-major memory;  dJ/dx = g."""

    @staticmethod
    def forward(ctx, x):
        return np.ascontiguousarray(x)

    @staticmethod
    def backward(ctx, g):
        return g


class Index(Function):
    """y = x[index];  dJ/dx = zeros with g added at the indexed positions (repeated indices add up)."""

    @staticmethod
    def forward(ctx, x, index, advanced):
        ctx.shape, ctx.index, ctx.advanced = x.shape, index, advanced
        return np.asarray(x[index])

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.shape, dtype=g.dtype)
        if ctx.advanced:
            np.add.at(grad, ctx.index, g)
        else:
            grad[ctx.index] = g
        return grad


class Concatenate(Function):
    """y = [x_1, x_2, ...] joined along ``axis``;  dJ/dx_k = the slice of g that x_k occupies."""

    @staticmethod
    def forward(ctx, *arrays, axis, dtype):
        ctx.axis = axis
        ctx.boundaries = np.cumsum([a.shape[axis] for a in arrays])[:-1]
        return np.concatenate([np.asarray(a, dtype=dtype) for a in arrays], axis=axis)

    @staticmethod
    def backward(ctx, g):
        return tuple(np.split(g, ctx.boundaries, axis=ctx.axis))


class Stack(Function):
    """y = [x_1, x_2, ...] joined along a new dimension ``axis``;  dJ/dx_k = g[..., k, ...]."""

    @staticmethod
    def forward(ctx, *arrays, axis, dtype):
        ctx.axis = axis
        return np.stack([np.asarray(a, dtype=dtype) for a in arrays], axis=axis)

    @staticmethod
    def backward(ctx, g):
        return tuple(np.moveaxis(g, ctx.axis, 0))


def _sizes(args) -> tuple:
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    if len(args) == 1 and hasattr(args[0], "__iter__") and not hasattr(args[0], "_data"):
        return tuple(args[0])
    return tuple(args)


def reshape(x, *shape):
    return Reshape.apply(x, shape=infer_shape(_sizes(shape), x.numel()), view_only=False)


def view(x, *shape):
    if len(shape) == 1 and isinstance(shape[0], dtypes.dtype):
        raise NotImplementedError("view(dtype) reinterprets memory and is not supported; use .to(dtype)")
    return Reshape.apply(x, shape=infer_shape(_sizes(shape), x.numel()), view_only=True)


def flatten(x, start_dim: int = 0, end_dim: int = -1):
    if x.ndim == 0:
        return reshape(x, 1)
    start, end = normalize_dim(start_dim, x.ndim), normalize_dim(end_dim, x.ndim)
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = x.shape[:start] + (int(np.prod(x.shape[start:end + 1])),) + x.shape[end + 1:]
    return Reshape.apply(x, shape=shape, view_only=False)


def squeeze(x, dim=None):
    if dim is None:
        axes = [i for i, size in enumerate(x.shape) if size == 1]
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        axes = [a for a in (normalize_dim(d, x.ndim) for d in dims) if x.ndim and x.shape[a] == 1]
    shape = tuple(size for i, size in enumerate(x.shape) if i not in axes)
    return Reshape.apply(x, shape=shape, view_only=False)


def unsqueeze(x, dim: int):
    axis = normalize_dim(dim, x.ndim + 1)
    return Reshape.apply(x, shape=x.shape[:axis] + (1,) + x.shape[axis:], view_only=False)


def permute(x, *dims):
    dims = tuple(normalize_dim(d, x.ndim) for d in _sizes(dims))
    if sorted(dims) != list(range(x.ndim)):
        raise RuntimeError(
            f"permute(sparse_coo): number of dimensions in the tensor input does not match the length of the "
            f"desired ordering of dimensions i.e. input.dim() = {x.ndim} is not equal to len(dims) = {len(dims)}"
            if len(dims) != x.ndim else f"permute(): duplicate dims are not allowed (got {list(dims)})"
        )
    return Permute.apply(x, dims=dims)


def transpose(x, dim0: int, dim1: int):
    if x.ndim == 0:
        normalize_dim(dim0, 0), normalize_dim(dim1, 0)
        return Permute.apply(x, dims=())
    dims = list(range(x.ndim))
    a, b = normalize_dim(dim0, x.ndim), normalize_dim(dim1, x.ndim)
    dims[a], dims[b] = dims[b], dims[a]
    return Permute.apply(x, dims=tuple(dims))


def expand(x, *sizes):
    sizes = _sizes(sizes)
    if len(sizes) < x.ndim:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({x.ndim})"
        )
    offset = len(sizes) - x.ndim
    shape = []
    for i, size in enumerate(sizes):
        current = x.shape[i - offset] if i >= offset else None
        if size == -1:
            if current is None:
                raise RuntimeError(f"expand: -1 is not allowed in a leading, non-existing dimension ({i})")
            size = current
        if current is not None and current != size and current != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({size}) must match the existing size ({current}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: {list(x.shape)}"
            )
        shape.append(size)
    return Expand.apply(x, shape=tuple(shape))


def contiguous(x):
    if x._data.flags.c_contiguous:
        return x
    return Contiguous.apply(x)


def _index_parts(part) -> tuple:
    """One part of an index key in NumPy's terms; a boolean mask becomes the integer indices of its True cells."""
    from ..tensor import Tensor

    if isinstance(part, Tensor):
        part = part._data
        if part.dtype.kind == "f":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    elif isinstance(part, list):
        part = np.asarray([p._data if isinstance(p, Tensor) else p for p in part])
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
        x = Index.apply(x, index=numpy_key, advanced=advanced)
    return x


def _joined_dtype(tensors) -> dtypes.dtype:
    result = tensors[0].dtype
    for t in tensors[1:]:
        result = dtypes.promote_types(result, t.dtype)
    return result


def cat(tensors, dim: int = 0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    reference = next((t for t in tensors if t.shape != (0,)), tensors[0])
    if reference.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    axis = normalize_dim(dim, reference.ndim)
    tensors = [t for t in tensors if t.shape != (0,)] or tensors[:1]
    for position, t in enumerate(tensors):
        if t.ndim != reference.ndim or any(
            a != b for i, (a, b) in enumerate(zip(t.shape, reference.shape)) if i != axis
        ):
            raise RuntimeError(
                f"Sizes of tensors must match except in dimension {axis}. Expected size "
                f"{list(reference.shape)} but got size {list(t.shape)} for tensor number {position} in the list."
            )
    return Concatenate.apply(*tensors, axis=axis, dtype=_joined_dtype(tensors).numpy_dtype)


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
