"""Special functions (``torch.special``): erf, the Gaussian integral behind GELU and the normal distribution."""

from __future__ import annotations

import math

import numpy as np

from .array_namespace import array_namespace
from ..autograd.function import Function
from ..kernels.special import erf as erf_kernel
from .operands import apply_floating


class Erf(Function):
    """y = erf(x) = 2/sqrt(pi) integral_0^x e^{-t^2} dt;  dJ/dx = g 2/sqrt(pi) e^{-x^2}."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return erf_kernel(x).astype(dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g * (2 / math.sqrt(math.pi)) * array_namespace(x).exp(-x * x)


def erf(input):
    return apply_floating(Erf, input)
