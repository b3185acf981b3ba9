"""Views and shape: reshape, view, flatten, unflatten, squeeze, unsqueeze, permute, transpose, movedim, expand,
broadcast_to, broadcast_tensors, atleast_1d/2d/3d, ravel. The elements stay as they are; only how they are laid out
in dimensions changes, so the gradient is moved back the same way: a reshape's gradient is reshaped back, a
permutation's permuted back, and an expansion's summed over the dimensions it expanded (every copy of an element
receives a gradient).
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd.function import Function
from ..size import Size, sizes
from .broadcasting import broadcast_shapes as common_shape
from .broadcasting import unbroadcast
from .dims import normalize_dim


class Reshape(Function):
    """y = x with a new shape (same elements, row-major order);  dJ/dx = g reshaped to x's shape."""

    node_name = "ViewBackward0"

    linear = True
    is_view = True

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

    node_name = "PermuteBackward0"

    linear = True
    is_view = True

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return x.transpose(dims)

    @staticmethod
    def backward(ctx, g):
        return g.transpose(np.argsort(ctx.dims))


class Expand(Function):
    """y = x repeated along dimensions of size 1 (a view, no copy);  dJ/dx = g summed over them."""

    linear = True
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return np.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, g):
        return unbroadcast(g, ctx.shape)


def infer_shape(shape: tuple, numel: int) -> tuple:
    """Replace one ``-1`` in ``shape`` so that the sizes multiply to ``numel``; PyTorch's error otherwise."""
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


def reshape(input, *shape):
    shape = infer_shape(sizes(shape, "reshape", "shape"), input.numel())
    return Reshape.apply(input, shape=shape, view_only=False, node_label=_reshape_name(input))


def _reshape_name(input) -> str:
    """PyTorch's node of a reshape: a view where the strides allow one, a copy (UnsafeView) otherwise."""
    return "ViewBackward0" if input._data.flags.c_contiguous else "UnsafeViewBackward0"


def view(input, *shape):
    """The same elements in another shape, sharing memory (an error where the strides do not allow it)."""
    if len(shape) == 1 and isinstance(shape[0], dtypes.dtype):
        raise NotImplementedError("view(dtype) reinterprets memory and is not supported; use .to(dtype)")
    return Reshape.apply(input, shape=infer_shape(sizes(shape, "view"), input.numel()), view_only=True)


def view_as(input, other):
    return view(input, other.shape)


def reshape_as(input, other):
    return reshape(input, other.shape)


def flatten(input, start_dim: int = 0, end_dim: int = -1):
    if input.ndim == 0:
        return reshape(input, 1)
    start, end = normalize_dim(start_dim, input.ndim), normalize_dim(end_dim, input.ndim)
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:  # nothing to flatten: the tensor itself, as PyTorch's
        return input
    shape = input.shape[:start] + (int(np.prod(input.shape[start:end + 1])),) + input.shape[end + 1:]
    return Reshape.apply(input, shape=shape, view_only=False, node_label=_reshape_name(input))


def ravel(input):
    """The entries in row-major order, as one dimension."""
    return reshape(input, -1)


def unflatten(input, dim: int, sizes):
    """Dimension ``dim`` split into ``sizes`` (one may be -1)."""
    axis = normalize_dim(dim, input.ndim)
    sizes = list(sizes)
    if -1 in sizes:
        known = int(np.prod([s for s in sizes if s != -1]))
        sizes[sizes.index(-1)] = input.shape[axis] // known if known else 0
    if int(np.prod(sizes)) != input.shape[axis]:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                           f"({input.shape[axis]}) in the input tensor")
    return reshape(input, *input.shape[:axis], *sizes, *input.shape[axis + 1:])


def squeeze(input, dim=None):
    if dim is None:
        axes = [i for i, size in enumerate(input.shape) if size == 1]
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        axes = [a for a in (normalize_dim(d, input.ndim) for d in dims) if input.ndim and input.shape[a] == 1]
    shape = tuple(size for i, size in enumerate(input.shape) if i not in axes)
    name = "SqueezeBackward0" if dim is None else "SqueezeBackward2" if isinstance(dim, (tuple, list)) else \
        "SqueezeBackward1"
    return Reshape.apply(input, shape=shape, view_only=False, node_label=name)


def unsqueeze(input, dim: int):
    axis = normalize_dim(dim, input.ndim + 1)
    return Reshape.apply(input, shape=input.shape[:axis] + (1,) + input.shape[axis:], view_only=False,
                         node_label="UnsqueezeBackward0")


def permute(input, *dims):
    dims = tuple(normalize_dim(d, input.ndim) for d in sizes(dims, "permute", "dims"))
    if sorted(dims) != list(range(input.ndim)):
        raise RuntimeError(
            f"permute(sparse_coo): number of dimensions in the tensor input does not match the length of the "
            f"desired ordering of dimensions i.e. input.dim() = {input.ndim} is not equal to len(dims) = {len(dims)}"
            if len(dims) != input.ndim else f"permute(): duplicate dims are not allowed (got {list(dims)})"
        )
    return Permute.apply(input, dims=dims)


def transpose(input, dim0: int, dim1: int):
    if input.ndim == 0:
        normalize_dim(dim0, 0), normalize_dim(dim1, 0)
        return Permute.apply(input, dims=(), node_label="TransposeBackward0")
    dims = list(range(input.ndim))
    a, b = normalize_dim(dim0, input.ndim), normalize_dim(dim1, input.ndim)
    dims[a], dims[b] = dims[b], dims[a]
    return Permute.apply(input, dims=tuple(dims), node_label="TransposeBackward0")


def swapaxes(input, axis0: int, axis1: int):
    return transpose(input, axis0, axis1)


swapdims = transpose


def t(input):
    """The transpose of a matrix (a vector or a number is returned as it is)."""
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return Permute.apply(input, dims=tuple(reversed(range(input.ndim))), node_label="TBackward0")


def reversed_dims(input):
    """``x.T``: every dimension in reverse order."""
    return Permute.apply(input, dims=tuple(reversed(range(input.ndim))))


def matrix_transpose(input):
    """``x.mT``: the last two dimensions swapped (a batch of matrices transposed)."""
    return transpose(input, -2, -1)


def movedim(input, source, destination):
    """Dimensions ``source`` moved to positions ``destination``; the others keep their order."""
    sources = tuple(source) if isinstance(source, (tuple, list)) else (source,)
    destinations = tuple(destination) if isinstance(destination, (tuple, list)) else (destination,)
    if len(sources) != len(destinations):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(sources)} dims) should "
                           f"contain the same number of dims as destination ({list(destinations)} dims)")
    sources = tuple(normalize_dim(d, input.ndim) for d in sources)
    destinations = tuple(normalize_dim(d, input.ndim) for d in destinations)
    if len(set(sources)) != len(sources) or len(set(destinations)) != len(destinations):
        raise RuntimeError(f"movedim: repeated dim in `source` ({list(sources)}) or `destination` "
                           f"({list(destinations)})")
    order = [d for d in range(input.ndim) if d not in sources]
    for destination_dim, source_dim in sorted(zip(destinations, sources)):
        order.insert(destination_dim, source_dim)
    return permute(input, *order)


moveaxis = movedim


def expand(input, *size):
    size = sizes(size, "expand")
    if len(size) < input.ndim:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(size)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({input.ndim})"
        )
    offset = len(size) - input.ndim
    shape = []
    for i, wanted in enumerate(size):
        current = input.shape[i - offset] if i >= offset else None
        if wanted == -1:
            if current is None:
                raise RuntimeError(f"expand: -1 is not allowed in a leading, non-existing dimension ({i})")
            wanted = current
        if current is not None and current != wanted and current != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({wanted}) must match the existing size ({current}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(size)}.  Tensor sizes: {list(input.shape)}"
            )
        shape.append(wanted)
    return Expand.apply(input, shape=tuple(shape))


def expand_as(input, other):
    return expand(input, other.shape)


def broadcast_to(input, size):
    """x expanded to ``size`` (-1 keeps a dimension), as :meth:`Tensor.expand`."""
    return expand(input, *size)


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
