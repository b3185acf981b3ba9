"""Activation layers (guide 003, 2.2: ReLU and its variants; guide 004: softmax of the logits).

Each layer applies its function of :mod:`minitorch_es.nn.functional`; that function, or the Function of
:mod:`minitorch_es.ops.activations` it applies, states the equation and its gradient.
"""

from __future__ import annotations

from ...creation import full
from ...tensor import Tensor
from .. import functional as F
from ..init import constant_
from .module import Module
from ..parameter import Parameter


class _InplaceActivation(Module):
    """An activation with no parameters but PyTorch's ``inplace`` flag: with ``inplace=True`` the result is written
    into the input's memory (and recorded, see :mod:`minitorch_es.ops.in_place`). Subclasses name their function
    of :mod:`minitorch_es.nn.functional` (``function``)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        return self.function(x, inplace=self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_InplaceActivation):
    """The rectifier, :func:`~minitorch_es.nn.functional.relu`."""

    function = staticmethod(F.relu)


class LeakyReLU(Module):
    """The rectifier with a small slope for negative inputs, :func:`~minitorch_es.nn.functional.leaky_relu`."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, x: Tensor) -> Tensor:
        return F.leaky_relu(x, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """The exponential linear unit, :func:`~minitorch_es.nn.functional.elu`."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, x: Tensor) -> Tensor:
        return F.elu(x, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    """The Gaussian error linear unit, exact or tanh-approximated, :func:`~minitorch_es.nn.functional.gelu`."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, x: Tensor) -> Tensor:
        return F.gelu(x, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Sigmoid(Module):
    """The logistic function, :func:`~minitorch_es.nn.functional.sigmoid`."""

    def forward(self, x: Tensor) -> Tensor:
        return F.sigmoid(x)


class Tanh(Module):
    """The hyperbolic tangent, :func:`~minitorch_es.nn.functional.tanh`."""

    def forward(self, x: Tensor) -> Tensor:
        return F.tanh(x)


class Softmax(Module):
    """Probabilities along ``dim``, :func:`~minitorch_es.nn.functional.softmax`."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: Tensor) -> Tensor:
        return F.softmax(x, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """Log-probabilities along ``dim`` (pair it with NLLLoss), :func:`~minitorch_es.nn.functional.log_softmax`."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: Tensor) -> Tensor:
        return F.log_softmax(x, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class ReLU6(_InplaceActivation):
    """The rectifier capped at 6, :func:`~minitorch_es.nn.functional.relu6`."""

    function = staticmethod(F.relu6)


class Hardtanh(Module):
    """Clamps to [min_val, max_val], :func:`~minitorch_es.nn.functional.hardtanh`."""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        if min_val > max_val:
            raise ValueError(f"max_val ({max_val}) must be greater than min_val ({min_val})")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, x: Tensor) -> Tensor:
        return F.hardtanh(x, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}" + (", inplace=True" if self.inplace else "")


class SiLU(_InplaceActivation):
    """The sigmoid-weighted linear unit (swish), :func:`~minitorch_es.nn.functional.silu`."""

    function = staticmethod(F.silu)


class Softplus(Module):
    """A smooth rectifier, :func:`~minitorch_es.nn.functional.softplus`."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, x: Tensor) -> Tensor:
        return F.softplus(x, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class SELU(_InplaceActivation):
    """The self-normalising ELU, :func:`~minitorch_es.nn.functional.selu`."""

    function = staticmethod(F.selu)


class Mish(_InplaceActivation):
    """:func:`~minitorch_es.nn.functional.mish`."""

    function = staticmethod(F.mish)


class Hardsigmoid(_InplaceActivation):
    """A piecewise-linear sigmoid, :func:`~minitorch_es.nn.functional.hardsigmoid`."""

    function = staticmethod(F.hardsigmoid)


class Hardswish(_InplaceActivation):
    """MobileNetV3's cheap swish, :func:`~minitorch_es.nn.functional.hardswish`."""

    function = staticmethod(F.hardswish)


class LogSigmoid(Module):
    """The logarithm of the logistic function, :func:`~minitorch_es.nn.functional.logsigmoid`."""

    def forward(self, x: Tensor) -> Tensor:
        return F.logsigmoid(x)


class PReLU(Module):
    """The rectifier with a learned slope for negative inputs (:func:`~minitorch_es.nn.functional.prelu`): one
    slope for all channels (``num_parameters=1``) or one per channel (the input's dimension 1), starting at
    ``init``."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None) -> None:
        super().__init__()
        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(full((num_parameters,), init, device=device, dtype=dtype))

    def reset_parameters(self) -> None:
        constant_(self.weight, self.init)

    def forward(self, x: Tensor) -> Tensor:
        return F.prelu(x, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"

