"""The other trigonometric and hyperbolic functions (sin and cos are in :mod:`.elementwise`, tanh in
:mod:`.activation`), with their derivatives:

    tan:   dJ/dx = g (1 + y^2)              asin:  dJ/dx = g / sqrt(1 - x^2)
    atan:  dJ/dx = g / (1 + x^2)            acos:  dJ/dx = -g / sqrt(1 - x^2)
    sinh:  dJ/dx = g cosh(x)                asinh: dJ/dx = g / sqrt(x^2 + 1)
    cosh:  dJ/dx = g sinh(x)                acosh: dJ/dx = g / sqrt(x^2 - 1)
                                            atanh: dJ/dx = g / (1 - x^2)

Integer inputs give floating results, as PyTorch's. ``arcsin``, ``arccos``, ... are the NumPy-style names PyTorch
also accepts.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd import Function

# name -> (the function, dy/dx from x and y)
_FUNCTIONS = {
    "tan": (np.tan, lambda x, y: 1 + y * y),
    "asin": (np.arcsin, lambda x, y: 1 / np.sqrt(1 - x * x)),
    "acos": (np.arccos, lambda x, y: -1 / np.sqrt(1 - x * x)),
    "atan": (np.arctan, lambda x, y: 1 / (1 + x * x)),
    "sinh": (np.sinh, lambda x, y: np.cosh(x)),
    "cosh": (np.cosh, lambda x, y: np.sinh(x)),
    "asinh": (np.arcsinh, lambda x, y: 1 / np.sqrt(x * x + 1)),
    "acosh": (np.arccosh, lambda x, y: 1 / np.sqrt(x * x - 1)),
    "atanh": (np.arctanh, lambda x, y: 1 / (1 - x * x)),
}


class Trigonometric(Function):
    """y = f(x) for f one of ``_FUNCTIONS``;  dJ/dx = g f'(x)."""

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
            return g * ctx.derivative(x, y)


def _trigonometric(name: str):
    def function(input):
        return Trigonometric.apply(input, dtype=dtypes.float_result_type(input.dtype).numpy_dtype, name=name)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Element-wise {name} (see the module's table for its derivative)."
    return function


tan, asin, acos, atan = (_trigonometric(name) for name in ("tan", "asin", "acos", "atan"))
sinh, cosh, asinh, acosh, atanh = (_trigonometric(name) for name in ("sinh", "cosh", "asinh", "acosh", "atanh"))
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh

__all__ = ["tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "arcsin", "arccos", "arctan",
           "arcsinh", "arccosh", "arctanh"]
