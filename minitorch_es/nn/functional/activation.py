"""Activations of ``torch.nn.functional`` (guide 003, 2.2: ReLU and its variants; guide 004: softmax of the logits)
that are compositions of differentiable ops, so that their gradients come from the chain rule; each docstring states
its equation, and where an activation has kinks, the branches are chosen so that the gradient at the kink itself is
PyTorch's. The activations that are Functions of their own (relu, sigmoid, softmax, gelu, ...) are in
:mod:`minitorch_es.ops.activations`; the F face imports both.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from ...ops import activations
from ...ops.in_place import maybe_in_place
from ...ops.exp_log import log1p
from ...ops.piecewise import clamp, where
from ...ops.trigonometric import tanh

if TYPE_CHECKING:
    from ...tensor import Tensor


def _implicit_softmax_dim(ndim: int) -> int:
    """The dimension PyTorch picks (with a warning) when softmax is called without ``dim``."""
    warnings.warn("Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X "
                  "as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """:func:`~minitorch_es.ops.activations.softmax` along ``dim`` (PyTorch's implicit choice, with its warning,
    when ``dim`` is not given)."""
    return activations.softmax(input, _implicit_softmax_dim(input.ndim) if dim is None else dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """:func:`~minitorch_es.ops.activations.log_softmax` along ``dim`` (PyTorch's implicit choice when not given)."""
    return activations.log_softmax(input, _implicit_softmax_dim(input.ndim) if dim is None else dim, dtype=dtype)


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    """y = min(max(x, min_val), max_val)."""
    if min_val > max_val:
        raise ValueError(f"max_val ({max_val}) must be greater than min_val ({min_val})")
    return maybe_in_place(lambda x: clamp(x, min_val, max_val, _node_name="HardtanhBackward0"), input, inplace)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """y = min(max(0, x), 6)."""
    return hardtanh(input, 0.0, 6.0, inplace)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """SiLU (swish): y = x sigmoid(x): :class:`~minitorch_es.ops.activations.SiLU`."""
    return maybe_in_place(activations.silu, input, inplace)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """y = ln(1 + e^{beta x}) / beta, and y = x where beta x > threshold (where the two agree to float precision)."""
    scaled = input * beta
    linear = scaled > threshold
    safe = where(linear, 0.0, scaled)  # keeps e^{beta x} finite in the branch that is not taken
    return where(linear, input, log1p(safe.exp()) / beta)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """y = scale * (x if x > 0 else alpha (e^x - 1)), with the constants that keep activations normalised."""
    return maybe_in_place(lambda x: activations.elu(x, SELU_ALPHA) * SELU_SCALE, input, inplace)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """y = x tanh(softplus(x))."""
    return maybe_in_place(lambda x: x * tanh(softplus(x)), input, inplace)


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


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """y = x hardsigmoid(x): 0 for x <= -3, x for x >= 3, x (x + 3) / 6 between. dJ/dx = g (2x + 3) / 6 strictly
    between -3 and 3, 0 at and below -3, g at and above 3 (PyTorch 2.14's values at the kinks)."""
    return maybe_in_place(lambda x: where(x <= -3.0, 0.0, where(x >= 3.0, x, x * (x + 3.0) / 6.0)), input, inplace)


def logsigmoid(input: Tensor) -> Tensor:
    """y = ln sigmoid(x): :class:`~minitorch_es.ops.activations.LogSigmoid`."""
    return activations.logsigmoid(input)
