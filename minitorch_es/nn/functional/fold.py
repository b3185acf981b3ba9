"""``F.unfold`` (im2col) and ``F.fold`` (col2im) with PyTorch's argument rules and error messages; they apply
:func:`minitorch_es.ops.convolution.unfold` and ``fold``, whose equations are in :mod:`minitorch_es.kernels.unfold`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ops import convolution
from ...size import ntuple

if TYPE_CHECKING:
    from ...tensor import Tensor

_OPTION = "It is expected {name} equals to 2, but got size {size}"


def _block_arguments(kernel_size, dilation, padding, stride) -> tuple:
    """The four pairs, checked as PyTorch checks them."""
    kernel, dilation = ntuple(kernel_size, 2, "kernel_size", _OPTION), ntuple(dilation, 2, "dilation", _OPTION)
    padding, stride = ntuple(padding, 2, "padding", _OPTION), ntuple(stride, 2, "stride", _OPTION)
    for what, key, values, least, rule in (("kernel size", "kernel", kernel, 1, "should be greater than zero"),
                                           ("stride", "stride", stride, 1, "should be greater than zero"),
                                           ("dilation", "dilation", dilation, 1, "should be greater than zero"),
                                           ("padding", "pad", padding, 0, "should be non-negative")):
        if min(values) < least:
            raise RuntimeError(f"{what} {rule}, but got {key}_height: {values[0]} {key}_width: {values[1]}")
    return kernel, dilation, padding, stride


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Every sliding block of ``input`` (N, C, H, W) as a column: (N, C kH kW, L), L the number of blocks (im2col;
    ``(C, H, W)`` gives ``(C kH kW, L)``)."""
    if input.ndim < 3:  # PyTorch reads dimension 2 first: an IndexError
        raise IndexError(f"Input Error: Only 3D or 4D input Tensors are supported (got {input.ndim}D): dimension 2 "
                         "out of range")
    if input.ndim > 4:
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    kernel, dilation, padding, stride = _block_arguments(kernel_size, dilation, padding, stride)
    x = input.unsqueeze(0) if input.ndim == 3 else input
    cols = convolution.unfold(x, kernel, dilation, padding, stride)
    return cols.squeeze(0) if input.ndim == 3 else cols


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """The columns of ``input`` (N, C kH kW, L) added back onto their blocks of an (N, C, H, W) output, H, W =
    ``output_size`` (col2im; overlapping blocks add up). ``(C kH kW, L)`` gives ``(C, H, W)``."""
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    image_hw = ntuple(output_size, 2, "output_size", _OPTION)
    kernel, dilation, padding, stride = _block_arguments(kernel_size, dilation, padding, stride)
    cols = input.unsqueeze(0) if input.ndim == 2 else input
    out = convolution.fold(cols, image_hw, kernel, dilation, padding, stride)
    return out.squeeze(0) if input.ndim == 2 else out
