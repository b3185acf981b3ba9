"""``F.unfold`` (im2col) and ``F.fold`` (col2im) with PyTorch's argument rules and error messages: the equations
are in :mod:`minitorch_es.kernels.unfold`."""

from __future__ import annotations

from ..kernels.unfold import block_grid
from ..ops import conv as conv_ops
from ..tensor import Tensor
from .spatial_functional import pair


def _block_arguments(kernel_size, dilation, padding, stride) -> tuple:
    """The four pairs, checked as PyTorch checks them."""
    kernel, dilation = pair(kernel_size, "kernel_size"), pair(dilation, "dilation")
    padding, stride = pair(padding, "padding"), pair(stride, "stride")
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
    if input.ndim not in (3, 4):
        raise RuntimeError(f"Input Error: Only 3D or 4D input Tensors are supported (got {input.ndim}D)")
    kernel, dilation, padding, stride = _block_arguments(kernel_size, dilation, padding, stride)
    x = input.unsqueeze(0) if input.ndim == 3 else input
    grid = block_grid(x.shape[2:], kernel, dilation, padding, stride)
    if min(grid) < 1:
        raise RuntimeError(f"Given input with spatial size {tuple(x.shape[2:])}, kernel_size={kernel}, "
                           f"dilation={dilation}, padding={padding}, calculated shape of the array of sliding blocks "
                           f"as {grid}, but its components must be at least one.")
    cols = conv_ops.Unfold.apply(x, kernel=kernel, dilation=dilation, padding=padding, stride=stride)
    return cols.squeeze(0) if input.ndim == 3 else cols


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """The columns of ``input`` (N, C kH kW, L) added back onto their blocks of an (N, C, H, W) output, H, W =
    ``output_size`` (col2im; overlapping blocks add up). ``(C kH kW, L)`` gives ``(C, H, W)``."""
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    output_hw = pair(output_size, "output_size")
    kernel, dilation, padding, stride = _block_arguments(kernel_size, dilation, padding, stride)
    cols = input.unsqueeze(0) if input.ndim == 2 else input
    if cols.shape[1] % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={cols.shape[1]} and kernel_size={kernel}.")
    grid = block_grid(output_hw, kernel, dilation, padding, stride)
    described = (f"Given output_size={output_hw}, kernel_size={kernel}, dilation={dilation}, padding={padding}, "
                 f"stride={stride}")
    if min(grid) < 1:
        raise RuntimeError(f"{described}, calculated shape of the array of sliding blocks as {grid}, but its "
                           "components must be at least one.")
    if cols.shape[2] != grid[0] * grid[1]:
        raise RuntimeError(f"{described}, expected size of input's dimension 2 to match the calculated number of "
                           f"sliding blocks {grid[0]} * {grid[1]} = {grid[0] * grid[1]}, but got "
                           f"input.size(2)={cols.shape[2]}.")
    out = conv_ops.Fold.apply(cols, output_hw=output_hw, kernel=kernel, dilation=dilation, padding=padding,
                              stride=stride)
    return out.squeeze(0) if input.ndim == 2 else out


__all__ = ["unfold", "fold"]
