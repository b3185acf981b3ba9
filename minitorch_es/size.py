"""``Size`` (a tensor's shape) and the conversion of size arguments, shared by factories, views and layers:

- :func:`sizes`: the sizes of ``zeros(2, 3)``, ``zeros((2, 3))`` or ``view(Size)``, checked to be ints;
  :func:`new_sizes` also refuses negative sizes (a new tensor's).
- :func:`ntuple`: a per-dimension option (kernel_size, stride, padding, ...) given as one int or one per dimension,
  as PyTorch's ``_single`` and ``_pair``.

Bad arguments raise PyTorch's exceptions with its messages.
"""

from __future__ import annotations

CONVOLUTION_OPTION = ("expected {name} to be a single integer value or a list of {n} values to match the convolution "
                      "dimensions, but got {name}={value}")


class Size(tuple):
    def numel(self) -> int:
        count = 1
        for size in self:
            count *= size
        return count

    def __repr__(self) -> str:
        return f"minitorch_es.Size({list(self)})"


def _is_integer(value) -> bool:
    return hasattr(value, "__index__") and not isinstance(value, bool)


def sizes(args: tuple, function: str, argument: str = "size") -> tuple[int, ...]:
    """The sizes passed as ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``f(Size)``, as a tuple of ints (``f(())``
    is the empty shape; ``f()`` with nothing is PyTorch's TypeError)."""
    if not args:
        raise TypeError(f"{function}() missing 1 required positional arguments: \"{argument}\"")
    packed = len(args) == 1 and isinstance(args[0], (tuple, list))
    items = tuple(args[0]) if packed else tuple(args)
    for position, value in enumerate(items):
        if _is_integer(value):
            continue
        kind = type(value).__name__
        if len(items) == 1 and not packed:
            raise TypeError(f"{function}(): argument '{argument}' (position 1) must be tuple of ints, not {kind}")
        raise TypeError(f"{function}(): argument '{argument}' failed to unpack the object at pos {position + 1} with "
                        f"error \"type must be tuple of ints,but got {kind}\"")
    return tuple(value.__index__() for value in items)


def new_sizes(args: tuple, function: str) -> tuple[int, ...]:
    """The sizes of a new tensor (:func:`sizes`), none negative."""
    shape = sizes(args, function)
    if any(size < 0 for size in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: {list(shape)}")
    return shape


def ntuple(value, n: int, name: str, message: str = CONVOLUTION_OPTION) -> tuple[int, ...]:
    """An int (repeated n times), or a sequence of 1 or n ints, as n ints; anything else is PyTorch's
    RuntimeError, ``message`` formatted with the option's ``name``, ``n``, ``value`` and its ``size`` (the
    convolutions' words by default; pooling and unfold word it their own way)."""
    if isinstance(value, (tuple, list)):
        values = tuple(value)
        if len(values) == 1:
            values = values * n
        if len(values) != n or not all(_is_integer(v) for v in values):
            raise RuntimeError(message.format(name=name, n=n, value=list(value), size=len(value)))
        return tuple(v.__index__() for v in values)
    if not _is_integer(value):
        raise TypeError(f"{name} must be an int or a tuple of {n} ints, got {type(value).__name__}")
    return (value.__index__(),) * n
