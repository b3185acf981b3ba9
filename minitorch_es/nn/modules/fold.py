"""``nn.Unfold`` (im2col) and ``nn.Fold`` (col2im): the lowering behind convolution as a matrix product (guide 003,
section 2.1; equations in :mod:`minitorch_es.kernels.unfold`)."""

from __future__ import annotations

from ...tensor import Tensor
from .. import functional as F
from .module import Module


class Unfold(Module):
    """Every sliding block of (N, C, H, W) as a column of (N, C kH kW, L). With it a convolution is one product:
    ``(W.view(C_out, -1) @ Unfold(k)(x)).view(N, C_out, OH, OW)``."""

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def forward(self, input: Tensor) -> Tensor:
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
                f"stride={self.stride}")


class Fold(Module):
    """The columns of (N, C kH kW, L) added back onto their blocks of an (N, C, H, W) output (H, W =
    ``output_size``); where blocks overlap, their values add up."""

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input: Tensor) -> Tensor:
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")
