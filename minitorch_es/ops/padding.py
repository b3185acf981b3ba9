"""Padding (``F.pad``): the last dimensions of a tensor grown by ``pad`` = (left, right) widths, last dimension first.

- "constant": the border is ``value`` (0 by default); negative widths crop. dJ/dx = the part of g where x sits.
- "reflect" (mirror image, the edge not repeated), "replicate" (the edge repeated), "circular" (wrapped around):
  every border entry is a copy of an entry of x, so the pad is an index into x (:class:`~.indexing.Index`) and
  each entry's gradient is the sum of g over its copies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..autograd.function import Function
from .indexing import Index, along

if TYPE_CHECKING:
    from ..tensor import Tensor


_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


class ConstantPad(Function):
    """y = x surrounded by ``value`` (negative widths crop);  dJ/dx = the part of g where x sits."""

    node_name = "ConstantPadNdBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x, widths, value):
        grown = np.pad(x, [(max(0, a), max(0, b)) for a, b in widths], constant_values=value)
        crop = tuple(slice(-min(0, a), grown.shape[d] + min(0, b)) for d, (a, b) in enumerate(widths))
        ctx.widths = widths
        return np.ascontiguousarray(grown[crop])

    @staticmethod
    def backward(ctx, g):
        restored = np.pad(g, [(max(0, -a), max(0, -b)) for a, b in ctx.widths])
        inner = tuple(slice(max(0, a), restored.shape[d] - max(0, b)) for d, (a, b) in enumerate(ctx.widths))
        return restored[inner]

    @staticmethod
    def jvp(ctx, h):
        """The tangent padded with zeros (the padding value is a constant)."""
        return ConstantPad.forward(ctx, h, ctx.widths, 0)


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad the last len(pad) // 2 dimensions: ``pad`` = (left, right) of the last dim, then of the one before...
    Modes: "constant" (``value``, 0 by default), "reflect", "replicate", "circular"."""
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise RuntimeError(f"Padding length must be divisible by 2, and at most twice the number of dimensions of "
                           f"the input: got {len(pad)} for an input of {input.ndim} dimensions")
    widths = [(0, 0)] * input.ndim
    for k in range(len(pad) // 2):
        widths[input.ndim - 1 - k] = (pad[2 * k], pad[2 * k + 1])
    if mode == "constant":
        return ConstantPad.apply(input, widths=widths, value=0.0 if value is None else value)
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unsupported padding mode: {mode}; expected constant, reflect, replicate or "
                                  "circular")
    for axis, (left, right) in enumerate(widths):
        if left or right:
            size = input.shape[axis]
            if mode == "reflect" and (left >= size or right >= size):
                raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input "
                                   f"dimension, but got: padding ({left}, {right}) at dimension {axis} of input "
                                   f"{list(input.shape)}")
            if mode == "circular" and (left > size or right > size):
                raise RuntimeError("Padding value causes wrapping around more than once.")
            positions = np.pad(np.arange(size), (left, right), mode=_PAD_MODES[mode])
            input = Index.apply(input, index=along(axis, positions), advanced=True)
    return input
