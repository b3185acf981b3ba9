"""Identity and the fully connected layer (guide 003, section 2.4; guide 004)."""

from __future__ import annotations

import math

from ... import creation
from ...tensor import Tensor
from .. import functional as F
from .. import init
from .module import Module
from ..parameter import Parameter
from .utils import factory_options

class Identity(Module):
    """y = x (a placeholder, e.g. to remove a ResNet's ``fc``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()

    def forward(self, x: Tensor) -> Tensor:
        return x


class Linear(Module):
    """Fully connected layer (guide 004), computed by :class:`~minitorch_es.ops.linalg.Linear`, with the weight W
    of shape (out_features, in_features).

    Initialisation as PyTorch: W ~ kaiming_uniform(a = sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in)), and
    b ~ U(-1/sqrt(in), 1/sqrt(in)).
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None, dtype=None) -> None:
        super().__init__()
        options = factory_options(device, dtype)
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(creation.empty(out_features, in_features, **options))
        self.bias = Parameter(creation.empty(out_features, **options)) if bias else None
        if not bias:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim == 0 or x.shape[-1] != self.in_features:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_describe(x.shape)} and "
                               f"{self.in_features}x{self.out_features}): Linear expects inputs whose last dimension "
                               f"is in_features={self.in_features}, got input of shape {list(x.shape)}")
        return F.linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


def _describe(shape) -> str:
    rows = 1
    for size in shape[:-1]:
        rows *= size
    return f"{rows}x{shape[-1]}" if shape else "scalar"
