"""More element-wise functions of two tensors (or a tensor and a number), broadcasting and promoting types as
PyTorch: fmod, atan2, hypot, logaddexp, xlogy, copysign; sinc; and a few compositions of existing operations (lerp,
float_power, deg2rad, rad2deg, logit). Notation: y = f(a, b), g = dJ/dy; each gradient is summed back over the
dimensions its input was broadcast along.
"""

from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..autograd import Function
from .broadcasting import unbroadcast
from .elementwise import Remainder, _cast_operands, binary, clamp, log, mul, sub

__all__ = ["fmod", "atan2", "arctan2", "hypot", "logaddexp", "xlogy", "copysign", "lerp", "float_power", "sinc",
           "deg2rad", "rad2deg", "logit"]


def _gradients(ctx, grad_a, grad_b, shapes) -> tuple:
    """The two gradients, each summed back to its input's shape, or None where it is not needed."""
    return (unbroadcast(grad_a(), shapes[0]) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad_b(), shapes[1]) if ctx.needs_input_grad[1] else None)


# name -> (the function, dy/da and dy/db from a, b and y)
_PAIRWISE = {
    # atan2(a, b): the angle of the point (b, a), in (-pi, pi]
    "atan2": (np.arctan2, lambda a, b, y: b / (a * a + b * b), lambda a, b, y: -a / (a * a + b * b)),
    # hypot(a, b) = sqrt(a^2 + b^2), without overflow on the way
    "hypot": (np.hypot, lambda a, b, y: a / y, lambda a, b, y: b / y),
    # logaddexp(a, b) = ln(e^a + e^b), without overflow; its derivatives are the softmax of the pair
    "logaddexp": (np.logaddexp, lambda a, b, y: np.exp(a - y), lambda a, b, y: np.exp(b - y)),
}


class Pairwise(Function):
    """y = f(a, b) for f one of ``_PAIRWISE``;  dJ/da = g df/da,  dJ/db = g df/db."""

    @staticmethod
    def forward(ctx, a, b, dtype, name):
        a, b = _cast_operands(a, b, dtype)
        function, *ctx.derivatives = _PAIRWISE[name]
        y = function(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, g):
        a, b, y = ctx.saved_arrays
        by_a, by_b = ctx.derivatives
        return _gradients(ctx, lambda: g * by_a(a, b, y), lambda: g * by_b(a, b, y), (a.shape, b.shape))


class Xlogy(Function):
    """y = a ln(b), and 0 where a = 0 (unless b is NaN): the term p ln q of entropies, with 0 ln 0 = 0;
    dJ/da = g ln(b) (0 where a = 0 and b <= 0, as PyTorch),  dJ/db = g a / b."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((a == 0) & ~np.isnan(b), np.zeros((), dtype=a.dtype), a * np.log(b))

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        def grad_a():
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where((a == 0) & (b <= 0), np.zeros((), dtype=a.dtype), g * np.log(b))

        return _gradients(ctx, grad_a, lambda: g * a / b, (a.shape, b.shape))


class Copysign(Function):
    """y = |a| with the sign of b (of -0.0 too);  dJ/da = g y / a (0 where a = 0),  dJ/db = 0."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast_operands(a, b, dtype)
        y = np.copysign(a, b)
        ctx.save_for_backward(a, y)
        ctx.b_shape = b.shape
        return y

    @staticmethod
    def backward(ctx, g):
        a, y = ctx.saved_arrays
        ratio = np.where(a == 0, np.zeros((), dtype=a.dtype), y / np.where(a == 0, 1, a))
        return _gradients(ctx, lambda: g * ratio, lambda: np.zeros_like(g), (a.shape, ctx.b_shape))


def fmod(input, other):
    """input - trunc(input / other) other: the remainder with the sign of input (``remainder`` takes other's)."""
    return binary(Remainder, input, other, rounding="trunc")


def atan2(input, other):
    return binary(Pairwise, input, other, floating=True, name="atan2")


arctan2 = atan2


def hypot(input, other):
    return binary(Pairwise, input, other, name="hypot")


def logaddexp(input, other):
    return binary(Pairwise, input, other, name="logaddexp")


def xlogy(input, other):
    return binary(Xlogy, input, other, floating=True)


def copysign(input, other):
    return binary(Copysign, input, other, floating=True)


def lerp(input, end, weight):
    """input + weight (end - input): the point a fraction ``weight`` of the way from input to end."""
    return input + mul(weight, sub(end, input))


def float_power(input, exponent):
    """input ** exponent in float64 whatever the dtypes (PyTorch's ``float_power``)."""
    def as_double(value):
        return value.double() if hasattr(value, "double") else float(value)

    return as_double(input) ** as_double(exponent)


class Sinc(Function):
    """The normalized sinc: y = sin(pi x) / (pi x), and 1 at x = 0;  dJ/dx = g (cos(pi x) - y) / x, which near 0
    (|pi x| < 1e-3, where that difference cancels) is the series g (-pi^2 x / 3 + pi^4 x^3 / 30)."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        y = np.sinc(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_arrays
        near_zero = np.abs(math.pi * x) < 1e-3
        safe = np.where(near_zero, 1, x)
        series = -(math.pi ** 2) * x / 3 + math.pi ** 4 * x ** 3 / 30
        return g * np.where(near_zero, series, (np.cos(math.pi * safe) - y) / safe)


def sinc(input):
    return Sinc.apply(input, dtype=dtypes.float_result_type(input.dtype).numpy_dtype)


def deg2rad(input):
    """Degrees to radians: x pi / 180."""
    x = input if input.dtype.is_floating_point else input.to(dtypes.float_result_type(input.dtype))
    return x * (math.pi / 180)


def rad2deg(input):
    """Radians to degrees: x 180 / pi."""
    x = input if input.dtype.is_floating_point else input.to(dtypes.float_result_type(input.dtype))
    return x * (180 / math.pi)


def logit(input, eps: float | None = None):
    """ln(p / (1 - p)), the inverse of the sigmoid; with ``eps``, p is first clamped to [eps, 1 - eps]."""
    p = input if input.dtype.is_floating_point else input.to(dtypes.float_result_type(input.dtype))
    if eps is not None:
        p = clamp(p, eps, 1 - eps)
    return log(p / (1 - p))
