"""Arithmetic: +, -, *, /, //, %, ** and negation, with their derivatives.

Binary operations broadcast their operands (NumPy's rules) and promote types as ``torch.result_type`` does
(:func:`~.operands.apply_binary`); each backward sums the gradient back over the dimensions its input was broadcast
along (:func:`~.broadcasting.unbroadcast`). Notation: y = f(a, b), g = dJ/dy.
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .broadcasting import unbroadcast
from .operands import apply_binary, apply_floating, array_of, cast_operands


class Add(Function):
    """y = a + alpha * b;  dJ/da = g,  dJ/db = alpha * g."""

    number_operands_are_inputs = True  # x * 2 has an edge for the 2, as in PyTorch

    @staticmethod
    def forward(ctx, a, b, dtype, alpha=1):
        a, b = cast_operands(a, b, dtype)
        ctx.shapes, ctx.alpha = (a.shape, b.shape), alpha
        return a + alpha * b if alpha != 1 else a + b

    @staticmethod
    def backward(ctx, g):
        shape_a, shape_b = ctx.shapes
        grad_b = unbroadcast(g * ctx.alpha if ctx.alpha != 1 else g, shape_b) if ctx.needs_input_grad[1] else None
        return unbroadcast(g, shape_a) if ctx.needs_input_grad[0] else None, grad_b


class Sub(Function):
    """y = a - alpha * b;  dJ/da = g,  dJ/db = -alpha * g."""

    number_operands_are_inputs = True  # x * 2 has an edge for the 2, as in PyTorch

    @staticmethod
    def forward(ctx, a, b, dtype, alpha=1):
        a, b = cast_operands(a, b, dtype)
        ctx.shapes, ctx.alpha = (a.shape, b.shape), alpha
        return a - alpha * b if alpha != 1 else a - b

    @staticmethod
    def backward(ctx, g):
        shape_a, shape_b = ctx.shapes
        grad_b = unbroadcast(-ctx.alpha * g, shape_b) if ctx.needs_input_grad[1] else None
        return unbroadcast(g, shape_a) if ctx.needs_input_grad[0] else None, grad_b


class Mul(Function):
    """y = a * b;  dJ/da = g * b,  dJ/db = g * a.

    Each operand is saved only when the other one's gradient needs it, as PyTorch's (so that changing in place a
    tensor multiplied by a constant is no error)."""

    saved_names = ("self", "other")  # grad_fn._saved_<name>, as PyTorch's

    number_operands_are_inputs = True  # x * 2 has an edge for the 2, as in PyTorch

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        need_a, need_b = (ctx.needs_input_grad + (False, False))[:2]
        ctx.shapes = (np.shape(a), np.shape(b))
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return a * b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        shape_a, shape_b = ctx.shapes
        return (
            unbroadcast(g * b, shape_a) if ctx.needs_input_grad[0] else None,
            unbroadcast(g * a, shape_b) if ctx.needs_input_grad[1] else None,
        )


class Div(Function):
    """y = a / b;  dJ/da = g / b,  dJ/db = -g * a / b^2.

    With ``rounding_mode`` ("trunc" or "floor") the quotient is rounded; the result is piecewise constant, so
    both gradients are zero, as in PyTorch.
    """

    number_operands_are_inputs = True  # x * 2 has an edge for the 2, as in PyTorch

    @staticmethod
    def forward(ctx, a, b, dtype, rounding_mode=None):
        a, b = cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        ctx.rounding_mode = rounding_mode
        if rounding_mode is None:
            return a / b
        if rounding_mode == "floor":
            return np.floor_divide(a, b)
        if a.dtype.kind != "f":
            return (np.sign(a) * np.sign(b) * (np.abs(a) // np.abs(b))).astype(a.dtype)
        return np.trunc(a / b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        if ctx.rounding_mode is not None:
            xp = array_namespace(g)
            return xp.zeros_like(a), xp.zeros_like(b)
        return (
            unbroadcast(g / b, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(-g * a / (b * b), b.shape) if ctx.needs_input_grad[1] else None,
        )


class Remainder(Function):
    """y = a - floor(a / b) * b (the sign of b, as Python's %);  dJ/da = g,  dJ/db = -g * floor(a / b).

    With ``rounding="trunc"`` it is ``fmod``: y = a - trunc(a / b) * b (the sign of a, as C's fmod), and
    dJ/db = -g * trunc(a / b)."""

    @staticmethod
    def forward(ctx, a, b, dtype, rounding="floor"):
        a, b = cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        ctx.round = np.floor if rounding == "floor" else np.trunc
        return np.mod(a, b) if rounding == "floor" else np.fmod(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        return (
            unbroadcast(g, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(-g * _rounded_quotient(a, b, ctx.round), b.shape) if ctx.needs_input_grad[1] else None,
        )


def _rounded_quotient(a, b, rounding):
    """round(a / b) as a constant: it is piecewise constant, its derivative zero wherever it exists."""
    return rounding(array_of(a) / array_of(b))


class Pow(Function):
    """y = a^b;  dJ/da = g * b * a^(b-1) (zero where b = 0),  dJ/db = g * y * ln(a) (zero where a = 0, b >= 0)."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        if a.dtype.kind in "iu" and np.any(b < 0):
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        y = np.power(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, g):
        a, b, y = ctx.saved_arrays
        xp = array_namespace(g)
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = unbroadcast(xp.where(b == 0, 0.0, g * b * xp.power(a, b - 1)), a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = unbroadcast(xp.where((a == 0) & (b >= 0), 0.0, g * y * xp.log(a)), b.shape)
        return grad_a, grad_b


class Neg(Function):
    """y = -x;  dJ/dx = -g."""

    linear = True

    @staticmethod
    def forward(ctx, x):
        return np.negative(x)

    @staticmethod
    def backward(ctx, g):
        return -g


class Reciprocal(Function):
    """y = 1 / x;  dJ/dx = -g y^2."""

    @staticmethod
    def forward(ctx, x, dtype):
        with np.errstate(divide="ignore"):
            y = 1 / np.asarray(x, dtype=dtype)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return -g * y * y


def add(input, other, *, alpha=1):
    return apply_binary(Add, input, other, alpha=alpha)


def sub(input, other, *, alpha=1):
    return apply_binary(Sub, input, other, alpha=alpha)


subtract = sub


def rsub(input, other, *, alpha=1):
    """other - alpha * input (``sub`` with the operands swapped)."""
    return sub(other, input, alpha=alpha)


def mul(input, other):
    return apply_binary(Mul, input, other)


multiply = mul


def div(input, other, *, rounding_mode: str | None = None):
    if rounding_mode not in (None, "trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                         f"'{rounding_mode}'")
    return apply_binary(Div, input, other, floating=rounding_mode is None, rounding_mode=rounding_mode)


divide = true_divide = div


def floor_divide(input, other):
    """input // other: the quotient rounded down."""
    return div(input, other, rounding_mode="floor")


def remainder(input, other):
    return apply_binary(Remainder, input, other)


def fmod(input, other):
    """input - trunc(input / other) other: the remainder with the sign of input (``remainder`` takes other's)."""
    return apply_binary(Remainder, input, other, rounding="trunc")


def pow(input, exponent):
    return apply_binary(Pow, input, exponent)


def float_power(input, exponent):
    """input ** exponent in float64 whatever the dtypes (PyTorch's ``float_power``)."""
    def as_double(value):
        return value.double() if hasattr(value, "double") else float(value)

    return pow(as_double(input), as_double(exponent))


def neg(input):
    if input.dtype is dtypes.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return Neg.apply(input)


negative = neg


def positive(input):
    return input


def reciprocal(input):
    return apply_floating(Reciprocal, input)


def square(input):
    """y = x^2 (dtype kept; bool becomes int64, as PyTorch's)."""
    return mul(input.long() if input.dtype is dtypes.bool_ else input, input)


def lerp(input, end, weight):
    """input + weight (end - input): the point a fraction ``weight`` of the way from input to end."""
    return add(input, mul(weight, sub(end, input)))
