"""Rounding, sign and magnitude: floor, ceil, round, trunc, sign, abs and copysign. Notation: y = f(x), g = dJ/dy.

The roundings and sign are piecewise constant, so their gradient is 0 everywhere (PyTorch's convention, also at
the jumps); they keep integer dtypes. |x| and copysign pass g times the sign they apply.
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .operands import apply_binary, cast_operands
from .broadcasting import unbroadcast


class Rounding(Function):
    """floor, ceil, round (half to even), trunc, sign: y piecewise constant, so dJ/dx = 0."""

    linear = True

    FUNCTIONS = {"floor": np.floor, "ceil": np.ceil, "round": np.round, "trunc": np.trunc, "sign": np.sign}

    @staticmethod
    def forward(ctx, x, name, decimals=0):
        ctx.shape, ctx.dtype = x.shape, x.dtype
        if x.dtype.kind == "b" or (x.dtype.kind != "f" and name != "sign"):
            return x.copy()
        if name == "round" and decimals:
            return np.round(x, decimals)
        return Rounding.FUNCTIONS[name](x)

    @staticmethod
    def backward(ctx, g):
        return np.zeros(ctx.shape, dtype=ctx.dtype)

    @staticmethod
    def jvp(ctx, h):
        return np.zeros(ctx.shape, dtype=ctx.dtype)


class Abs(Function):
    """y = |x|;  dJ/dx = g * sign(x) (zero at x = 0, as PyTorch)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.abs(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g * array_namespace(x).sign(x)


class Copysign(Function):
    """y = |a| with the sign of b (of -0.0 too);  dJ/da = g y / a (0 where a = 0),  dJ/db = 0."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        y = np.copysign(a, b)
        ctx.save_for_backward(a, y)
        ctx.b_shape = b.shape
        return y

    @staticmethod
    def backward(ctx, g):
        a, y = ctx.saved_arrays
        xp = array_namespace(g)
        ratio = xp.where(a == 0, 0, y / xp.where(a == 0, 1, a))
        return (unbroadcast(g * ratio, a.shape) if ctx.needs_input_grad[0] else None,
                unbroadcast(xp.zeros_like(g), ctx.b_shape) if ctx.needs_input_grad[1] else None)


def _rounding(name: str, x, decimals: int = 0):
    if x.dtype is dtypes.bool_ and name != "sign":
        raise NotImplementedError(f"\"{name}_vml_cpu\" not implemented for 'Bool'")
    label = "TruncBackward0" if name == "fix" else f"{name.capitalize()}Backward{1 if decimals else 0}"
    return Rounding.apply(x, name, decimals, node_label=label)


def floor(input):
    return _rounding("floor", input)


def ceil(input):
    return _rounding("ceil", input)


def round(input, *, decimals: int = 0):
    return _rounding("round", input, decimals)


def trunc(input):
    return _rounding("trunc", input)


fix = trunc


def sign(input):
    return _rounding("sign", input)


def abs(input):
    return Abs.apply(input)


absolute = abs


def copysign(input, other):
    return apply_binary(Copysign, input, other, floating=True)
