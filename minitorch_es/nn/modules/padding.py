"""Padding layers (``nn.ZeroPad2d``, ``nn.ReflectionPad2d``, ...): modules around :func:`F.pad
<minitorch_es.nn.functional.pad>`. ``padding`` is an int (every side) or a tuple (left, right) for 1-d, (left,
right, top, bottom) for 2-d."""

from __future__ import annotations

from ...tensor import Tensor
from .. import functional as F
from .module import Module


class _PadNd(Module):
    dims = 2
    mode = "constant"
    value = None  # the constant modes' fill value (F.pad's default: 0)

    def __init__(self, padding) -> None:
        super().__init__()
        sides = 2 * self.dims
        if isinstance(padding, (tuple, list)):
            if len(padding) != sides:
                raise ValueError(f"{type(self).__name__}: padding must be an int or a tuple of {sides} ints, got "
                                 f"{tuple(padding)!r}")
            self.padding = tuple(int(p) for p in padding)
        else:
            self.padding = (int(padding),) * sides

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, mode=self.mode, value=self.value)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value: float) -> None:
        super().__init__(padding)
        self.value = value

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class _ZeroPadding:
    """What ZeroPad1d and ZeroPad2d add to their ConstantPad: the value 0, and PyTorch's shorter repr."""

    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ConstantPad1d(_ConstantPadNd):
    """Pads the last dimension with ``value``."""

    dims = 1


class ConstantPad2d(_ConstantPadNd):
    """Pads the last two dimensions with ``value``."""


class ZeroPad1d(_ZeroPadding, ConstantPad1d):
    """Pads the last dimension with zeros."""


class ZeroPad2d(_ZeroPadding, ConstantPad2d):
    """Pads the last two dimensions with zeros (what Conv2d's ``padding`` does inside the layer)."""


class ReflectionPad1d(_PadNd):
    """Pads the last dimension with its mirror image, the edge not repeated: [1, 2, 3] -> [3, 2, 1, 2, 3, 2, 1]."""

    dims, mode = 1, "reflect"


class ReflectionPad2d(_PadNd):
    """Pads the last two dimensions with their mirror image, the edge not repeated."""

    mode = "reflect"


class ReplicationPad1d(_PadNd):
    """Pads the last dimension by repeating its edge value: [1, 2, 3] -> [1, 1, 1, 2, 3, 3, 3]."""

    dims, mode = 1, "replicate"


class ReplicationPad2d(_PadNd):
    """Pads the last two dimensions by repeating their edge values."""

    mode = "replicate"


class CircularPad1d(_PadNd):
    """Pads the last dimension by wrapping around: [1, 2, 3] -> [2, 3, 1, 2, 3, 1, 2]."""

    dims, mode = 1, "circular"


class CircularPad2d(_PadNd):
    """Pads the last two dimensions by wrapping around."""

    mode = "circular"
