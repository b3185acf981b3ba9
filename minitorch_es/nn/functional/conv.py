"""Convolutions (guide 003, section 2.1) with PyTorch's argument rules and error messages: conv1d, conv2d and
conv_transpose2d. They check and convert the arguments (pairs, "same" padding, unbatched inputs), then apply
:class:`~minitorch_es.ops.convolution.Conv2d` or :class:`~minitorch_es.ops.convolution.ConvTranspose2d`, whose
docstrings (and :mod:`minitorch_es.kernels.conv2d`) state the equations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ops import convolution
from ...size import ntuple
from .batching import as_image_rows, batched, unbatched

if TYPE_CHECKING:
    from ...tensor import Tensor


def _same_padding(kernel: tuple, dilation: tuple) -> tuple[tuple[int, int], tuple[bool, bool]]:
    """'same': total = d (k - 1) zeros per dimension, the odd one at the end (bottom/right) as PyTorch does."""
    totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
    padding = tuple(total - total // 2 for total in totals)
    return padding, tuple(total % 2 == 1 for total in totals)


def _check_weight(x: Tensor, weight: Tensor, bias: Tensor | None, groups: int) -> None:
    """What conv2d and conv_transpose2d both require: a 4-D weight whose dimension 0 splits into ``groups``, and
    input, weight and bias of one dtype."""
    if weight.ndim != 4:
        raise RuntimeError(f"weight should have at least three dimensions (got weight of size {list(weight.shape)})")
    if groups < 1:
        raise RuntimeError("non-positive groups is not supported")
    if weight.shape[0] % groups != 0:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size {list(weight.shape)} instead")
    if x.dtype is not weight.dtype or (bias is not None and bias.dtype is not x.dtype):
        raise RuntimeError(f"Input type ({x.dtype.name}) and weight type ({weight.dtype.name}) should be the same")


def _check_bias(weight: Tensor, bias: Tensor | None, out_channels: int, transposed: bool = False) -> None:
    """The bias of a convolution holds one value per output channel."""
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(f"Given {'transposed=1, ' if transposed else ''}weight of size {list(weight.shape)}, "
                           f"expected bias to be 1-dimensional with {out_channels} elements, but got bias of size "
                           f"{list(bias.shape)} instead")


def _check_steps(stride: tuple, padding: tuple, dilation: tuple, output_padding: tuple = (0, 0)) -> None:
    if min(stride) < 1 or min(dilation) < 1 or min(padding) < 0 or min(output_padding) < 0:
        raise RuntimeError(f"stride and dilation must be positive and padding non-negative, got stride={stride}, "
                           f"padding={padding}, dilation={dilation}")


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """2-D convolution (guide 003, 2.1): input (N, C_in, H, W) or (C_in, H, W), weight (C_out, C_in/groups, kH, kW)."""
    x, was_unbatched = batched(input, "conv2d")
    _check_weight(x, weight, bias, groups)
    stride, dilation = ntuple(stride, 2, "stride"), ntuple(dilation, 2, "dilation")
    c_out, c_group, kh, kw = weight.shape
    _check_bias(weight, bias, c_out)
    if x.shape[1] != c_group * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected input"
                           f"{list(x.shape)} to have {c_group * groups} channels, but got {x.shape[1]} channels "
                           "instead")
    crop = (False, False)
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0, 0)
        elif padding == "same":
            if stride != (1, 1):  # a RuntimeError here; nn.Conv2d raises a ValueError, as PyTorch's
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            padding, crop = _same_padding((kh, kw), dilation)
        else:
            raise ValueError(f"Invalid padding string {padding!r}, should be one of ['valid', 'same']")
    padding = ntuple(padding, 2, "padding")
    _check_steps(stride, padding, dilation)
    padded = (x.shape[2] + 2 * padding[0], x.shape[3] + 2 * padding[1])
    effective = (dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1)
    if padded[0] < effective[0] or padded[1] < effective[1]:
        raise RuntimeError(f"Calculated padded input size per channel: ({padded[0]} x {padded[1]}). Kernel size: "
                           f"({effective[0]} x {effective[1]}). Kernel size can't be greater than actual input size")
    out = convolution.Conv2d.apply(x, weight, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)
    if any(crop):
        out = out[:, :, 1 if crop[0] else 0:, 1 if crop[1] else 0:]
    return unbatched(out, was_unbatched)


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """Transposed convolution (the adjoint of conv2d, see :class:`~minitorch_es.ops.conv.ConvTranspose2d`): input
    (N, C_in, H, W) or unbatched, weight (C_in, C_out / groups, kH, kW); output size (H - 1) s - 2 p + d (kH - 1)
    + output_padding + 1."""
    x, was_unbatched = batched(input, "conv_transpose2d")
    _check_weight(x, weight, bias, groups)
    stride, padding, dilation = (ntuple(stride, 2, "stride"), ntuple(padding, 2, "padding"),
                                 ntuple(dilation, 2, "dilation"))
    output_padding = ntuple(output_padding, 2, "output_padding")
    if x.shape[1] != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected input{list(x.shape)} "
                           f"to have {weight.shape[0]} channels, but got {x.shape[1]} channels instead")
    _check_bias(weight, bias, weight.shape[1] * groups, transposed=True)
    _check_steps(stride, padding, dilation, output_padding)
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        raise RuntimeError(f"output padding must be smaller than either stride or dilation, but got "
                           f"output_padding_height: {output_padding[0]} output_padding_width: {output_padding[1]} "
                           f"stride_height: {stride[0]} stride_width: {stride[1]} dilation_height: {dilation[0]} "
                           f"dilation_width: {dilation[1]}")
    out_hw = [(size - 1) * s - 2 * p + d * (k - 1) + op + 1 for size, s, p, d, k, op in
              zip(x.shape[2:], stride, padding, dilation, weight.shape[2:], output_padding)]
    if min(out_hw) < 0:
        raise RuntimeError(f"Given input size per channel: ({x.shape[2]} x {x.shape[3]}). Calculated output size "
                           f"per channel: ({out_hw[0]} x {out_hw[1]}). Output size is too small")
    out = convolution.ConvTranspose2d.apply(x, weight, bias, stride=stride, padding=padding,
                                         output_padding=output_padding, dilation=dilation, groups=groups)
    return unbatched(out, was_unbatched)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """1-d convolution of sequences (N, C, L) or (C, L): conv2d on images of height 1 with kernels of height 1,
    y[n, o, l] = b[o] + sum_{c, k} w[o, c, k] x[n, c, l s + k d - p]; weight (C_out, C_in / groups, K)."""
    if weight.ndim != 3:
        raise RuntimeError(f"conv1d: weight should have 3 dimensions (C_out, C_in/groups, K), got "
                           f"{list(weight.shape)}")
    padding = padding if isinstance(padding, str) else (0,) + ntuple(padding, 1, "padding")
    result = conv2d(as_image_rows(input, "conv1d"), weight.unsqueeze(-2), bias, (1,) + ntuple(stride, 1, "stride"),
                    padding, (1,) + ntuple(dilation, 1, "dilation"), groups)
    return result.squeeze(-2)
