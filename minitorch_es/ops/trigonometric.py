"""Trigonometric and hyperbolic functions, their inverses, atan2, hypot and sinc, with their derivatives
(y = f(x), g = dJ/dy):

    sin:   dJ/dx = g cos(x)                 asin:  dJ/dx = g / sqrt(1 - x^2)
    cos:   dJ/dx = -g sin(x)                acos:  dJ/dx = -g / sqrt(1 - x^2)
    tan:   dJ/dx = g (1 + y^2)              atan:  dJ/dx = g / (1 + x^2)
    sinh:  dJ/dx = g cosh(x)                asinh: dJ/dx = g / sqrt(x^2 + 1)
    cosh:  dJ/dx = g sinh(x)                acosh: dJ/dx = g / sqrt(x^2 - 1)
    tanh:  dJ/dx = g (1 - y^2)              atanh: dJ/dx = g / (1 - x^2)

Integer inputs give floating results, as PyTorch's. ``arcsin``, ``arccos``, ... are the NumPy-style names PyTorch
also accepts.
"""

from __future__ import annotations

import math

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .broadcasting import unbroadcast
from .operands import apply_binary, apply_floating, cast_operands

# name -> (the function, dy/dx from x and y)
_FUNCTIONS = {
    "sin": (np.sin, lambda xp, x, y: xp.cos(x)),
    "cos": (np.cos, lambda xp, x, y: -xp.sin(x)),
    "tan": (np.tan, lambda xp, x, y: 1 + y * y),
    "asin": (np.arcsin, lambda xp, x, y: 1 / xp.sqrt(1 - x * x)),
    "acos": (np.arccos, lambda xp, x, y: -1 / xp.sqrt(1 - x * x)),
    "atan": (np.arctan, lambda xp, x, y: 1 / (1 + x * x)),
    "sinh": (np.sinh, lambda xp, x, y: xp.cosh(x)),
    "cosh": (np.cosh, lambda xp, x, y: xp.sinh(x)),
    "tanh": (np.tanh, lambda xp, x, y: 1 - y * y),
    "asinh": (np.arcsinh, lambda xp, x, y: 1 / xp.sqrt(x * x + 1)),
    "acosh": (np.arccosh, lambda xp, x, y: 1 / xp.sqrt(x * x - 1)),
    "atanh": (np.arctanh, lambda xp, x, y: 1 / (1 - x * x)),
}


class Trigonometric(Function):
    """y = f(x) for f one of the module's table;  dJ/dx = g f'(x). Each function has its own subclass, named as
    PyTorch names its node (``Tan`` gives ``grad_fn=<TanBackward0>``)."""

    @staticmethod
    def forward(ctx, x, dtype, name):
        x = np.asarray(x, dtype=dtype)
        function, ctx.derivative = _FUNCTIONS[name]
        y = function(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_arrays
        with np.errstate(divide="ignore", invalid="ignore"):
            return g * ctx.derivative(array_namespace(g), x, y)


class Atan2(Function):
    """y = atan2(a, b), the angle of the point (b, a), in (-pi, pi];
    dJ/da = g b / (a^2 + b^2),  dJ/db = -g a / (a^2 + b^2)."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        return np.arctan2(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        squared_radius = a * a + b * b
        return (unbroadcast(g * b / squared_radius, a.shape) if ctx.needs_input_grad[0] else None,
                unbroadcast(-g * a / squared_radius, b.shape) if ctx.needs_input_grad[1] else None)


class Hypot(Function):
    """y = sqrt(a^2 + b^2), without overflow on the way;  dJ/da = g a / y,  dJ/db = g b / y."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        y = np.hypot(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, g):
        a, b, y = ctx.saved_arrays
        return (unbroadcast(g * a / y, a.shape) if ctx.needs_input_grad[0] else None,
                unbroadcast(g * b / y, b.shape) if ctx.needs_input_grad[1] else None)


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
        xp = array_namespace(g)
        near_zero = xp.abs(math.pi * x) < 1e-3
        safe = xp.where(near_zero, 1, x)
        series = -(math.pi ** 2) * x / 3 + math.pi ** 4 * x ** 3 / 30
        return g * xp.where(near_zero, series, (xp.cos(math.pi * safe) - y) / safe)


def _trigonometric(name: str):
    node = type(name.capitalize(), (Trigonometric,), {"__doc__": f"y = {name}(x): see the module's table."})

    def function(input):
        return apply_floating(node, input, name=name)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Element-wise {name} (see the module's table for its derivative)."
    return function


sin, cos, tan, asin, acos, atan = (_trigonometric(name) for name in ("sin", "cos", "tan", "asin", "acos", "atan"))
sinh, cosh, tanh = (_trigonometric(name) for name in ("sinh", "cosh", "tanh"))
asinh, acosh, atanh = (_trigonometric(name) for name in ("asinh", "acosh", "atanh"))
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh


def atan2(input, other):
    return apply_binary(Atan2, input, other, floating=True)


arctan2 = atan2


def hypot(input, other):
    return apply_binary(Hypot, input, other)


def sinc(input):
    return apply_floating(Sinc, input)


def _floating(input):
    return input if input.dtype.is_floating_point else input.to(dtypes.float_result_type(input.dtype))


def deg2rad(input):
    """Degrees to radians: x pi / 180."""
    return _floating(input) * (math.pi / 180)


def rad2deg(input):
    """Radians to degrees: x 180 / pi."""
    return _floating(input) * (180 / math.pi)
