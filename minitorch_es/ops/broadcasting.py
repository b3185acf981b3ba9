"""Broadcasting: the shape two operands share, and the reverse step that sums a gradient back to an input.

If y = f(a, b) broadcasts ``a`` along some dimensions, every copy of an element of ``a`` receives a gradient,
so dJ/da is dJ/dy summed over the dimensions that broadcasting added or stretched from size 1.
"""

from __future__ import annotations


from .array_namespace import array_namespace


def broadcast_shapes(*shapes: tuple) -> tuple:
    """The common shape of ``shapes`` (NumPy's rules), or PyTorch's error naming the first mismatch."""
    ndim = max(len(s) for s in shapes)
    result = []
    for axis in range(-ndim, 0):
        stretched = {s[axis] for s in shapes if len(s) >= -axis} - {1}  # a size of 1 stretches to any other, 0 too
        if len(stretched) > 1:
            raise RuntimeError(_mismatch_message(shapes, axis, ndim))
        result.append(stretched.pop() if stretched else 1)
    return tuple(result)


def _mismatch_message(shapes: tuple, axis: int, ndim: int) -> str:
    listed = " and ".join(str(list(s)) for s in shapes)
    if len(shapes) == 2:
        a, b = (s[axis] if len(s) >= -axis else 1 for s in shapes)
        return (
            f"The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton dimension "
            f"{ndim + axis} (shapes {listed})"
        )
    return f"shapes {listed} cannot be broadcast together at dimension {ndim + axis}"


def unbroadcast(grad, shape: tuple):
    """Sum ``grad`` (an array, or a tensor under ``create_graph``) over the dimensions broadcasting added to, or
    stretched in, a tensor of ``shape``."""
    if tuple(grad.shape) == tuple(shape):
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, size in enumerate(shape) if size == 1 and grad.shape[extra + i] != 1
    )
    xp = array_namespace(grad)
    return xp.reshape(xp.sum(grad, axis=axes), shape) if axes else xp.reshape(grad, shape)
