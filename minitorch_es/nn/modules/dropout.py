"""Dropout layers (guide 003, section 2.6): :func:`~minitorch_es.nn.functional.dropout` and ``dropout2d`` while
training, the identity in evaluation."""

from __future__ import annotations

from ...tensor import Tensor
from .. import functional as F
from .module import Module

class Dropout(Module):
    """While training, zero each element with probability p and scale the others by 1/(1 - p); identity in eval."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, x: Tensor) -> Tensor:
        return F.dropout(x, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout2d(Dropout):
    """While training, zero whole channels with probability p (scaling the others by 1/(1 - p)); identity in eval."""

    def forward(self, x: Tensor) -> Tensor:
        return F.dropout2d(x, self.p, self.training, self.inplace)
