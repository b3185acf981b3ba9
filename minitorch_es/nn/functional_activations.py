"""More activations of ``torch.nn.functional`` (guide 003, 2.2: ReLU and its variants), composed from differentiable
operations, so that their gradients come from the chain rule. Where an activation has kinks, the branches are chosen
so that the gradient at the kink itself is PyTorch's (each docstring says which)."""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd import Function
from ..ops.elementwise import abs as absolute
from ..ops.elementwise import exp, minimum, where
from ..ops.unary_math import log1p
from ..tensor import Tensor


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """y = x where x > 0, else a x, with one learned slope a per channel (dimension 1 of the input; one slope for
    every element when ``weight`` has one element). dJ/dx = g where x > 0, else a g (a at x = 0, as PyTorch);
    dJ/da = the sum of g x over the elements where x <= 0."""
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim}")
    slopes = weight.numel()
    if slopes != 1:
        channels = input.shape[1] if input.ndim >= 2 else 1
        if slopes != channels:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                               f"{slopes} and channel size = {channels}.")
        weight = weight.reshape((slopes,) + (1,) * (input.ndim - 2))
    return where(input > 0, input, weight * input)


class Hardsigmoid(Function):
    """y = min(max(x + 3, 0), 6) / 6;  dJ/dx = g / 6 strictly between -3 and 3, else 0.

    PyTorch's backward multiplies by 1/6 rounded to float32 in every dtype, so its float64 gradient is g times
    0.16666667163...; this one does the same, so that both agree to rounding in float64 too."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return (np.clip(x + 3, 0, 6) / 6).astype(dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        inside = (x > -3) & (x < 3)
        return np.where(inside, g * g.dtype.type(ONE_SIXTH_IN_FLOAT32), np.zeros((), dtype=g.dtype))


ONE_SIXTH_IN_FLOAT32 = float(np.float32(1.0) / np.float32(6.0))


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """Hardsigmoid (above): 0 for x <= -3, 1 for x >= 3, x / 6 + 1/2 between."""
    return Hardsigmoid.apply(input, dtype=dtypes.float_result_type(input.dtype).numpy_dtype)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """y = x hardsigmoid(x): 0 for x <= -3, x for x >= 3, x (x + 3) / 6 between. dJ/dx = g (2x + 3) / 6 strictly
    between -3 and 3, 0 at and below -3, g at and above 3 (PyTorch 2.14's values at the kinks)."""
    return where(input <= -3.0, 0.0, where(input >= 3.0, input, input * (input + 3.0) / 6.0))


def logsigmoid(input: Tensor) -> Tensor:
    """y = ln sigmoid(x) = min(x, 0) - ln(1 + e^{-|x|}), the form that neither overflows nor loses the small
    values; dJ/dx = g (1 - sigmoid(x)) (1/2 at x = 0: min splits the tie, |x| has slope 0 there)."""
    return minimum(input, 0.0) - log1p(exp(-absolute(input)))
