"""Pooling (guide 003, section 2.3) with PyTorch's argument rules and error messages: max, average, power-average,
adaptive and unpooling, 1-d and 2-d. They check and convert the arguments, then apply the Functions of
:mod:`minitorch_es.ops.pooling` (the equations are in :mod:`minitorch_es.kernels.pool2d`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ops import pooling
from ...ops.operands import wrap
from ...size import ntuple
from .batching import as_image_rows, batched, unbatched

if TYPE_CHECKING:
    from ...tensor import Tensor


def _pool_arguments(name: str, kernel_size, stride, padding, dilation=1):
    """Kernel, stride (the kernel when not given), padding and dilation as pairs, checked as PyTorch checks them."""
    message = name + ": {name} must either be a single int, or a tuple of two ints"
    kernel = ntuple(kernel_size, 2, "kernel_size", message)
    omitted = stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0)
    stride = kernel if omitted else ntuple(stride, 2, "stride", message)
    padding, dilation = ntuple(padding, 2, "padding", message), ntuple(dilation, 2, "dilation", message)
    if min(stride) == 0:
        raise RuntimeError("stride should not be zero")
    if min(stride) < 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {stride[0]} dW: {stride[1]}")
    if min(kernel) < 1:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kernel[0]} kW: {kernel[1]}")
    if min(dilation) < 1:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {dilation[0]} "
                           f"dilationW: {dilation[1]}")
    if min(padding) < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(padding)}")
    return kernel, stride, padding, dilation


def _check_pool_padding(kernel: tuple, padding: tuple) -> None:
    if padding[0] > kernel[0] // 2 or padding[1] > kernel[1] // 2:
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got padW = {padding[1]}, "
                           f"padH = {padding[0]}, kW = {kernel[1]}, kH = {kernel[0]}")


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """Max pooling (guide 003, 2.3); with ``return_indices``, also the flat position (h W + w) of each maximum."""
    x, was_unbatched = batched(input, "max_pool2d")
    kernel, stride, padding, dilation = _pool_arguments("max_pool2d", kernel_size, stride, padding, dilation)
    _check_pool_padding(kernel, padding)
    pooling.pooled_size(x, kernel, stride, padding, dilation, ceil_mode)
    out, indices = pooling.max_pool2d_with_indices(x, kernel, stride, padding, dilation, ceil_mode)
    if not return_indices:
        return unbatched(out, was_unbatched)
    return unbatched(out, was_unbatched), unbatched(wrap(indices), was_unbatched)


def max_pool2d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
                            return_indices: bool = True):
    """:func:`max_pool2d` with ``return_indices=True``: (values, indices)."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True)


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """The partial inverse of max pooling: each value of ``input`` goes back to the position ``indices`` gives it
    (as :func:`max_pool2d` returns them), zeros elsewhere. The output is (H - 1) s - 2 p + k high (and as wide)
    unless ``output_size`` picks another size of the same pooling (within s - 1 of that)."""
    x, was_unbatched = batched(input, "max_unpool2d")
    kernel, stride, padding, _ = _pool_arguments("max_unpool2d", kernel_size, stride, padding)
    if indices.dtype.name != "int64":
        raise RuntimeError(f"elements in indices should be type int64 but got: {indices.dtype.name}")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) "
                           f"but got indices tensor with shape: {list(indices.shape)}")
    default = [(size - 1) * s - 2 * p + k for size, s, p, k in zip(x.shape[2:], stride, padding, kernel)]
    if output_size is None:
        output_hw = tuple(default)
    else:
        output_hw = tuple(int(size) for size in output_size)
        if len(output_hw) == 4:
            output_hw = output_hw[2:]
        if len(output_hw) != 2:
            raise ValueError(f"output_size should be a sequence containing 2 or 4 elements, but it has a length of "
                             f"'{len(output_hw)}'")
        for d, (size, low, s) in enumerate(zip(output_hw, default, stride)):
            if not low - s < size < low + s:
                raise ValueError(f'invalid output_size "{output_hw}" (dim {d} must be between {low - s} and '
                                 f"{low + s})")
    flat = indices._data
    if flat.size and (flat.min() < 0 or flat.max() >= output_hw[0] * output_hw[1]):
        bad = flat.min() if flat.min() < 0 else flat.max()
        raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                           f"{output_hw[0]}x{output_hw[1]})")
    index_array = flat if not was_unbatched else flat[None]
    out = pooling.MaxUnpool2d.apply(x, index_array, output_hw=output_hw)
    return unbatched(out, was_unbatched)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False) -> Tensor:
    """Power-average pooling: f(X) = (sum_{x in X} x^p)^(1/p) over each window X, p = ``norm_type`` (p = 1: sum
    pooling; p -> inf: max pooling). Computed as PyTorch does, from the average of x^p times the window's area
    (so a ceil_mode window that runs past the input counts as PyTorch counts it)."""
    kh, kw = ntuple(kernel_size, 2, "kernel_size", "lp_pool2d: {name} must either be a single int, or a tuple of two "
                                                   "ints")
    mean = avg_pool2d(input.pow(norm_type), (kh, kw), stride, 0, ceil_mode)
    return (mean.sign() * mean.abs().relu() * (kh * kw)).pow(1.0 / norm_type)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """Average pooling (guide 003, 2.3): see :mod:`minitorch_es.kernels.pool2d` for the divisor rule."""
    x, was_unbatched = batched(input, "avg_pool2d")
    kernel, stride, padding, _ = _pool_arguments("avg_pool2d", kernel_size, stride, padding)
    _check_pool_padding(kernel, padding)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    pooling.pooled_size(x, kernel, stride, padding, (1, 1), ceil_mode)
    out = pooling.AvgPool2d.apply(x, kernel=kernel, stride=stride, padding=padding, ceil_mode=ceil_mode,
                                  count_include_pad=count_include_pad, divisor_override=divisor_override)
    return unbatched(out, was_unbatched)


def _adaptive_sizes(x, output_size, name: str) -> tuple:
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
    sizes = tuple(x.shape[2 + a] if size is None else int(size) for a, size in enumerate(sizes))
    if len(sizes) != 2 or min(sizes) < 0:
        raise ValueError(f"{name}: output_size must be 2 non-negative sizes, got {output_size!r}")
    if min(x.shape[2:]) == 0:
        raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch dimensions, "
                           f"but input has sizes {list(x.shape)}")
    return sizes


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Average pooling to a fixed output size (``None`` keeps that input dimension), e.g. ResNet's (1, 1)."""
    x, was_unbatched = batched(input, "adaptive_avg_pool2d")
    sizes = _adaptive_sizes(x, output_size, "adaptive_avg_pool2d")
    return unbatched(pooling.AdaptiveAvgPool2d.apply(x, output_size=sizes), was_unbatched)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size, return_indices: bool = True):
    """:func:`adaptive_max_pool2d` with ``return_indices=True``: (values, indices)."""
    return adaptive_max_pool2d(input, output_size, return_indices=True)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Max pooling to a fixed output size: cell (a, b) takes the maximum of rows floor(a H / OH) ..
    ceil((a + 1) H / OH) - 1 and the matching columns; ``return_indices`` adds each maximum's position h W + w."""
    x, was_unbatched = batched(input, "adaptive_max_pool2d")
    sizes = _adaptive_sizes(x, output_size, "adaptive_max_pool2d")
    out, indices = pooling.adaptive_max_pool2d_with_indices(x, sizes)
    if not return_indices:
        return unbatched(out, was_unbatched)
    return unbatched(out, was_unbatched), unbatched(wrap(indices), was_unbatched)


def _along_rows(function: str, kernel_size, stride, padding, dilation=1) -> tuple:
    """The 1-d options (ints, or sequences of one int) as the 2-d options of images of height 1: kernel (1, k),
    stride (1, s), padding (0, p), dilation (1, d); PyTorch's message for a sequence of another length."""
    message = function + "() {name} must be an int, list of ints or tuple of ints of size 1 but got size {size}"
    stride = kernel_size if stride is None or stride == [] else stride
    kernel, stride, padding, dilation = (ntuple(value, 1, name, message) for value, name in
                                         ((kernel_size, "kernel_size"), (stride, "stride"), (padding, "padding"),
                                          (dilation, "dilation")))
    return (1,) + kernel, (1,) + stride, (0,) + padding, (1,) + dilation


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """Max pooling of sequences (N, C, L) or (C, L): max_pool2d on images of height 1."""
    kernel, stride, padding, dilation = _along_rows("max_pool1d", kernel_size, stride, padding, dilation)
    result = max_pool2d(as_image_rows(input, "max_pool1d"), kernel, stride, padding, dilation, ceil_mode,
                        return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Tensor:
    """Average pooling of sequences (N, C, L) or (C, L): avg_pool2d on images of height 1."""
    kernel, stride, padding, _ = _along_rows("avg_pool1d", kernel_size, stride, padding)
    return avg_pool2d(as_image_rows(input, "avg_pool1d"), kernel, stride, padding, ceil_mode,
                      count_include_pad).squeeze(-2)
