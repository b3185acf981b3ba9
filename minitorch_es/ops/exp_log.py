"""Exponentials, logarithms and roots, with their derivatives. Notation: y = f(x), g = dJ/dy.

Integer inputs give floating results (``torch.exp(int_tensor)`` is float32), computed in the floating dtype by
:func:`~.operands.apply_floating`. ln(0) = -inf and ln(x < 0) = NaN, never clipped, as in PyTorch.
"""

from __future__ import annotations

import math

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .broadcasting import unbroadcast
from .operands import apply_binary, apply_floating, cast_operands
from .piecewise import clamp


class Exp(Function):
    """y = e^x;  dJ/dx = g * y."""

    saved_names = ("result",)  # grad_fn._saved_<name>, as PyTorch's

    @staticmethod
    def forward(ctx, x, dtype):
        y = np.exp(np.asarray(x, dtype=dtype))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return g * y


class Exp2(Function):
    """y = 2^x;  dJ/dx = g y ln 2."""

    @staticmethod
    def forward(ctx, x, dtype):
        y = np.exp2(np.asarray(x, dtype=dtype))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return g * y * array_namespace(y).astype(math.log(2), array_namespace(y).dtype_of(y))


class Expm1(Function):
    """y = e^x - 1, accurate for small x;  dJ/dx = g (y + 1)."""

    @staticmethod
    def forward(ctx, x, dtype):
        y = np.expm1(np.asarray(x, dtype=dtype))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return g * (y + 1)


class Log(Function):
    """y = ln(x);  dJ/dx = g / x."""

    saved_names = ("self",)  # grad_fn._saved_<name>, as PyTorch's

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g / x


class LogBase(Function):
    """y = log_b(x) = ln(x) / ln(b) for b = 2 or 10;  dJ/dx = g / (x ln b)."""

    @staticmethod
    def forward(ctx, x, dtype, base):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        ctx.base = base
        return np.log2(x) if base == 2 else np.log10(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        xp = array_namespace(x)
        return g / (x * xp.astype(math.log(ctx.base), xp.dtype_of(x)))


class Log1p(Function):
    """y = ln(1 + x), accurate for small x;  dJ/dx = g / (1 + x)."""

    node_name = "Log1PBackward0"

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return np.log1p(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g / (1 + x)


class Sqrt(Function):
    """y = sqrt(x);  dJ/dx = g / (2 y)."""

    saved_names = ("result",)  # grad_fn._saved_<name>, as PyTorch's

    @staticmethod
    def forward(ctx, x, dtype):
        y = np.sqrt(np.asarray(x, dtype=dtype))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return g / (2 * y)


class Rsqrt(Function):
    """y = 1 / sqrt(x);  dJ/dx = -g y^3 / 2."""

    @staticmethod
    def forward(ctx, x, dtype):
        with np.errstate(divide="ignore"):
            y = 1 / np.sqrt(np.asarray(x, dtype=dtype))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return -0.5 * g * y * y * y


class LogAddExp(Function):
    """y = ln(e^a + e^b), computed without overflow;  dJ/da = g e^(a - y),  dJ/db = g e^(b - y) (the softmax of
    the pair)."""

    node_name = "LogaddexpBackward0"

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        y = np.logaddexp(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, g):
        a, b, y = ctx.saved_arrays
        xp = array_namespace(g)
        return (unbroadcast(g * xp.exp(a - y), a.shape) if ctx.needs_input_grad[0] else None,
                unbroadcast(g * xp.exp(b - y), b.shape) if ctx.needs_input_grad[1] else None)


class Xlogy(Function):
    """y = a ln(b), and 0 where a = 0 (unless b is NaN): the term p ln q of entropies, with 0 ln 0 = 0;
    dJ/da = g ln(b) (0 where a = 0 and b <= 0, as PyTorch),  dJ/db = g a / b."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((a == 0) & ~np.isnan(b), np.zeros((), dtype=a.dtype), a * np.log(b))

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            with np.errstate(divide="ignore", invalid="ignore"):
                xp = array_namespace(g)
                grad_a = unbroadcast(xp.where((a == 0) & (b <= 0), 0, g * xp.log(b)), a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = unbroadcast(g * a / b, b.shape)
        return grad_a, grad_b


def exp(input):
    return apply_floating(Exp, input)


def exp2(input):
    return apply_floating(Exp2, input)


def expm1(input):
    return apply_floating(Expm1, input)


def log(input):
    return apply_floating(Log, input)


def log2(input):
    return apply_floating(LogBase, input, base=2, node_label="Log2Backward0")


def log10(input):
    return apply_floating(LogBase, input, base=10, node_label="Log10Backward0")


def log1p(input):
    return apply_floating(Log1p, input)


def sqrt(input):
    return apply_floating(Sqrt, input)


def rsqrt(input):
    return apply_floating(Rsqrt, input)


def logaddexp(input, other):
    return apply_binary(LogAddExp, input, other)


def xlogy(input, other):
    return apply_binary(Xlogy, input, other, floating=True)


def logit(input, eps: float | None = None):
    """ln(p / (1 - p)), the inverse of the sigmoid; with ``eps``, p is first clamped to [eps, 1 - eps]."""
    p = input if input.dtype.is_floating_point else input.to(dtypes.float_result_type(input.dtype))
    if eps is not None:
        p = clamp(p, eps, 1 - eps)
    return log(p / (1 - p))
