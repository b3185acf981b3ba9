"""Convolution layers (guide 003, section 2.1): Conv1d, Conv2d and ConvTranspose2d, with PyTorch's parameters,
initialisation and options (the functions they call, in :mod:`minitorch_es.nn.functional.conv`, say what they
compute)."""

from __future__ import annotations

import math

from ... import creation
from ...size import ntuple
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module
from .utils import factory_options


def _check_groups(in_channels: int, out_channels: int, groups: int) -> None:
    if groups <= 0:
        raise ValueError("groups must be a positive integer")
    if in_channels % groups != 0:
        raise ValueError("in_channels must be divisible by groups")
    if out_channels % groups != 0:
        raise ValueError("out_channels must be divisible by groups")


def _add_weight_and_bias(module: Module, weight_shape: tuple, out_channels: int, bias: bool, device, dtype) -> None:
    options = factory_options(device, dtype)
    module.weight = Parameter(creation.empty(*weight_shape, **options))
    module.register_parameter("bias", Parameter(creation.empty(out_channels, **options)) if bias else None)
    _reset_conv_parameters(module)


def _reset_conv_parameters(module: Module) -> None:
    """PyTorch's initialisation: weight ~ kaiming_uniform(a = sqrt(5)), bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    with the weight's fan_in = size(1) * kernel area (in_channels / groups for a convolution, out_channels / groups
    for a transposed one, times the kernel size)."""
    init.kaiming_uniform_(module.weight, a=math.sqrt(5))
    if module.bias is not None:
        fan_in = module.weight.shape[1] * math.prod(module.weight.shape[2:])
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        init.uniform_(module.bias, -bound, bound)


class _ConvNd(Module):
    """What Conv1d and Conv2d share: weight (out_channels, in_channels / groups, *kernel_size), bias (out_channels).

    Initialisation as PyTorch (:func:`_reset_conv_parameters`), fan_in = in_channels / groups * prod(kernel_size).
    ``padding`` is an int, a tuple, "valid" (none) or "same" (stride 1); ``padding_mode`` "zeros", or "reflect",
    "replicate", "circular" (the input is padded with :func:`~minitorch_es.nn.functional.pad` first, then
    convolved without padding).
    """

    dims = 2

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None, dtype=None) -> None:
        super().__init__()
        def as_tuple(value, name):
            return ntuple(value, self.dims, name)

        _check_groups(in_channels, out_channels, groups)
        if padding_mode not in ("zeros", "reflect", "replicate", "circular"):
            raise ValueError(f"padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got "
                             f"padding_mode='{padding_mode}'")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of ['valid', 'same']")
            if padding == "same" and any(s != 1 for s in as_tuple(stride, "stride")):
                raise ValueError("padding='same' is not supported for strided convolutions")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = as_tuple(kernel_size, "kernel_size")
        self.stride, self.dilation = as_tuple(stride, "stride"), as_tuple(dilation, "dilation")
        self.padding = padding if isinstance(padding, str) else as_tuple(padding, "padding")
        self.groups, self.padding_mode = groups, padding_mode
        self.transposed, self.output_padding = False, (0,) * self.dims
        _add_weight_and_bias(self, (out_channels, in_channels // groups) + self.kernel_size, out_channels, bias,
                             device, dtype)

    def reset_parameters(self) -> None:
        _reset_conv_parameters(self)

    def _reversed_padding_repeated_twice(self) -> list[int]:
        """F.pad's widths (last dimension first) for a non-zeros ``padding_mode``."""
        if self.padding == "valid":
            return [0, 0] * self.dims
        if self.padding == "same":
            totals = [d * (k - 1) for k, d in zip(self.kernel_size, self.dilation)]
            return [w for total in reversed(totals) for w in (total // 2, total - total // 2)]
        return [p for p in reversed(self.padding) for _ in range(2)]

    def _convolve(self, x: Tensor, padding) -> Tensor:
        raise NotImplementedError

    def forward(self, x: Tensor) -> Tensor:
        if self.padding_mode == "zeros":
            return self._convolve(x, self.padding)
        padded = F.pad(x, self._reversed_padding_repeated_twice(), mode=self.padding_mode)
        return self._convolve(padded, 0)

    def extra_repr(self) -> str:
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * self.dims:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self.dims:
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class Conv2d(_ConvNd):
    """2-D convolution (guide 003, 2.1): weight (out_channels, in_channels / groups, kH, kW)."""

    dims = 2

    def _convolve(self, x: Tensor, padding) -> Tensor:
        return F.conv2d(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class Conv1d(_ConvNd):
    """1-D convolution over sequences (N, C, L): weight (out_channels, in_channels / groups, K)."""

    dims = 1

    def _convolve(self, x: Tensor, padding) -> Tensor:
        return F.conv1d(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class ConvTranspose2d(Module):
    """Transposed convolution (upsampling; see :func:`~minitorch_es.nn.functional.conv_transpose2d`): weight
    (in_channels, out_channels / groups, kH, kW). Initialisation as PyTorch's (:func:`_reset_conv_parameters`), with
    fan_in = out_channels / groups * kH * kW.
    ``forward(x, output_size)`` picks the output_padding that gives that size."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros", device=None,
                 dtype=None) -> None:
        super().__init__()
        _check_groups(in_channels, out_channels, groups)
        if padding_mode != "zeros":
            raise ValueError('Only "zeros" padding mode is supported for ConvTranspose2d')
        self.in_channels, self.out_channels, self.groups, self.padding_mode = in_channels, out_channels, groups, "zeros"
        self.kernel_size, self.stride = ntuple(kernel_size, 2, "kernel_size"), ntuple(stride, 2, "stride")
        self.padding, self.dilation = ntuple(padding, 2, "padding"), ntuple(dilation, 2, "dilation")
        self.output_padding = ntuple(output_padding, 2, "output_padding")
        self.transposed = True
        _add_weight_and_bias(self, (in_channels, out_channels // groups) + self.kernel_size, out_channels, bias,
                             device, dtype)

    def reset_parameters(self) -> None:
        _reset_conv_parameters(self)

    def _output_padding(self, x: Tensor, output_size) -> tuple[int, int]:
        if output_size is None:
            return self.output_padding
        wanted = tuple(output_size)[-2:]
        smallest = [(size - 1) * s - 2 * p + d * (k - 1) + 1 for size, s, p, d, k in
                    zip(x.shape[-2:], self.stride, self.padding, self.dilation, self.kernel_size)]
        for size, low, s in zip(wanted, smallest, self.stride):
            if not low <= size <= low + s - 1:
                raise ValueError(f"requested an output size of {list(wanted)}, but valid sizes range from "
                                 f"{smallest} to {[m + s - 1 for m, s in zip(smallest, self.stride)]} (for an input "
                                 f"of {list(x.shape[-2:])})")
        return tuple(size - low for size, low in zip(wanted, smallest))

    def forward(self, x: Tensor, output_size=None) -> Tensor:
        return F.conv_transpose2d(x, self.weight, self.bias, self.stride, self.padding,
                                  self._output_padding(x, output_size), self.groups, self.dilation)

    def extra_repr(self) -> str:
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0, 0):
            text += f", padding={self.padding}"
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.output_padding != (0, 0):
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text
