"""More element-wise functions of one tensor: logarithms and exponentials in other bases, reciprocals, erf, and the
piecewise-constant roundings. Notation: y = f(x), g = dJ/dy. Integer inputs give floating results (as PyTorch's
``torch.log2(int_tensor)``), except for the roundings and ``sign``, which keep the dtype.
"""

from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..autograd import Function
from ..kernels.special import erf as _erf
from .elementwise import where

__all__ = ["log1p", "expm1", "exp2", "log2", "log10", "rsqrt", "reciprocal", "erf", "square", "floor", "ceil", "round",
           "trunc", "sign", "nan_to_num"]


class Log1p(Function):
    """y = ln(1 + x), accurate for small x;  dJ/dx = g / (1 + x)."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return np.log1p(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g / (1 + x)


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
        return g * y * np.asarray(math.log(2), dtype=y.dtype)


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
        return g / (x * np.asarray(math.log(ctx.base), dtype=x.dtype))


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


class Erf(Function):
    """y = erf(x) = 2/sqrt(pi) integral_0^x e^{-t^2} dt;  dJ/dx = g 2/sqrt(pi) e^{-x^2}."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return _erf(x).astype(dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g * (2 / math.sqrt(math.pi)) * np.exp(-x * x)


class Rounding(Function):
    """floor, ceil, round (half to even), trunc, sign: piecewise constant, so dJ/dx = 0 everywhere (PyTorch's
    convention, also at the jumps)."""

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


def _floating(function: type, x, **options):
    return function.apply(x, dtype=dtypes.float_result_type(x.dtype).numpy_dtype, **options)


def log1p(x):
    return _floating(Log1p, x)


def expm1(x):
    return _floating(Expm1, x)


def exp2(x):
    return _floating(Exp2, x)


def log2(x):
    return _floating(LogBase, x, base=2)


def log10(x):
    return _floating(LogBase, x, base=10)


def rsqrt(x):
    return _floating(Rsqrt, x)


def reciprocal(x):
    return _floating(Reciprocal, x)


def erf(x):
    return _floating(Erf, x)


def square(x):
    """y = x^2 (dtype kept; bool becomes int64, as PyTorch's)."""
    return (x.long() if x.dtype is dtypes.bool_ else x) * x


def _rounding(name: str, x, decimals: int = 0):
    if x.dtype is dtypes.bool_ and name != "sign":
        raise NotImplementedError(f"\"{name}_vml_cpu\" not implemented for 'Bool'")
    return Rounding.apply(x, name, decimals)


def floor(x):
    return _rounding("floor", x)


def ceil(x):
    return _rounding("ceil", x)


def round(x, *, decimals: int = 0):
    return _rounding("round", x, decimals)


def trunc(x):
    return _rounding("trunc", x)


def sign(x):
    return _rounding("sign", x)


def nan_to_num(x, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None):
    """NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default 0 and the dtype's largest and
    smallest finite values); the gradient passes where x is finite and is 0 elsewhere."""
    if not x.dtype.is_floating_point:
        return x.clone()
    info = np.finfo(x.dtype.numpy_dtype)
    highest = float(info.max) if posinf is None else posinf
    lowest = float(info.min) if neginf is None else neginf
    replaced = where(x.isnan(), nan, x)
    replaced = where(x == np.inf, highest, replaced)
    return where(x == -np.inf, lowest, replaced)
