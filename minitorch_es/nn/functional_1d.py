"""1-D convolution and pooling (sequences, signals: input (N, C, L) or (C, L)): the 2-D operations on inputs of
height 1, with kernels of height 1, so they share the 2-D kernels, their equations and their gradients."""

from __future__ import annotations

from ..tensor import Tensor
from . import spatial_functional as F2


def _single(value, name: str) -> int:
    if isinstance(value, (tuple, list)):
        if len(value) != 1:
            raise ValueError(f"{name} must be an int or a 1-element tuple, got {value!r}")
        return int(value[0])
    return int(value)


def _as_2d(input: Tensor, name: str) -> Tensor:
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2D (unbatched) or 3D (batched) input to {name}, but got input of size: "
                           f"{list(input.shape)}")
    return input.unsqueeze(-2)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """y[n, o, l] = b[o] + sum_{c, k} w[o, c, k] x[n, c, l s + k d - p]; weight (C_out, C_in/groups, K)."""
    if weight.ndim != 3:
        raise RuntimeError(f"conv1d: weight should have 3 dimensions (C_out, C_in/groups, K), got "
                           f"{list(weight.shape)}")
    padding = padding if isinstance(padding, str) else (0, _single(padding, "padding"))
    result = F2.conv2d(_as_2d(input, "conv1d"), weight.unsqueeze(-2), bias, (1, _single(stride, "stride")),
                       padding, (1, _single(dilation, "dilation")), groups)
    return result.squeeze(-2)


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    stride = kernel_size if stride is None or stride == [] else stride
    result = F2.max_pool2d(_as_2d(input, "max_pool1d"), (1, _single(kernel_size, "kernel_size")),
                           (1, _single(stride, "stride")), (0, _single(padding, "padding")),
                           (1, _single(dilation, "dilation")), ceil_mode, return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Tensor:
    stride = kernel_size if stride is None or stride == [] else stride
    return F2.avg_pool2d(_as_2d(input, "avg_pool1d"), (1, _single(kernel_size, "kernel_size")),
                         (1, _single(stride, "stride")), (0, _single(padding, "padding")), ceil_mode,
                         count_include_pad).squeeze(-2)


__all__ = ["conv1d", "max_pool1d", "avg_pool1d"]
