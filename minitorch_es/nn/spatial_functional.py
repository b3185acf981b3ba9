"""Functional convolution and pooling with PyTorch's argument rules and error messages (re-exported by
:mod:`minitorch_es.nn.functional`)."""

from __future__ import annotations

from ..ops import conv as conv_ops
from ..ops.broadcasting import broadcast_shapes
from ..ops.shape import index
from ..tensor import Tensor
from ..kernels.pool2d import pool_output_size


def pair(value, name: str = "argument") -> tuple[int, int]:
    """An int or a pair of ints as a pair, as PyTorch's ``_pair``."""
    if isinstance(value, (tuple, list)):
        if len(value) == 1:
            return int(value[0]), int(value[0])
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _batched(input: Tensor, name: str) -> tuple[Tensor, bool]:
    if input.ndim == 3:
        return input.unsqueeze(0), True
    if input.ndim != 4:
        raise RuntimeError(f"{name}: Expected 3D (unbatched) or 4D (batched) input, but got input of size: "
                           f"{list(input.shape)}")
    return input, False


def _unbatched(result: Tensor, was_unbatched: bool) -> Tensor:
    return result.squeeze(0) if was_unbatched else result


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
    x, unbatched = _batched(input, "conv2d")
    _check_weight(x, weight, bias, groups)
    stride, dilation = pair(stride, "stride"), pair(dilation, "dilation")
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
            if stride != (1, 1):
                raise ValueError("padding='same' is not supported for strided convolutions")
            padding, crop = _same_padding((kh, kw), dilation)
        else:
            raise ValueError(f"Invalid padding string {padding!r}, should be one of ['valid', 'same']")
    padding = pair(padding, "padding")
    _check_steps(stride, padding, dilation)
    padded = (x.shape[2] + 2 * padding[0], x.shape[3] + 2 * padding[1])
    effective = (dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1)
    if padded[0] < effective[0] or padded[1] < effective[1]:
        raise RuntimeError(f"Calculated padded input size per channel: ({padded[0]} x {padded[1]}). Kernel size: "
                           f"({effective[0]} x {effective[1]}). Kernel size can't be greater than actual input size")
    out = conv_ops.Conv2d.apply(x, weight, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)
    if any(crop):
        out = index(out, (slice(None), slice(None), slice(1 if crop[0] else 0, None), slice(1 if crop[1] else 0, None)))
    return _unbatched(out, unbatched)


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y = x W^T + b, for x of shape (*, in_features), W of shape (out_features, in_features) (guide 004)."""
    if input.ndim == 0 or weight.ndim != 2 or input.shape[-1] != weight.shape[1]:
        rows = input.numel() // input.shape[-1] if input.ndim else 1
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{input.shape[-1] if input.ndim else 1} "
                           f"and {weight.shape[1] if weight.ndim == 2 else '?'}x{weight.shape[0]})")
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {input.dtype.name} and "
                           f"{weight.dtype.name}")
    if bias is not None:
        out_shape = (*input.shape[:-1], weight.shape[0])
        try:
            fits = broadcast_shapes(tuple(bias.shape), out_shape) == out_shape
        except RuntimeError:
            fits = False
        if not fits:
            raise RuntimeError(f"linear: bias of size {list(bias.shape)} does not broadcast to the output size "
                               f"{list(out_shape)}; expected a bias of {weight.shape[0]} elements")
        if tuple(bias.shape) != (weight.shape[0],):
            return conv_ops.Linear.apply(input, weight, None) + bias
    return conv_ops.Linear.apply(input, weight, bias)


def _pool_arguments(kernel_size, stride, padding, dilation=1):
    """Kernel, stride (the kernel when not given), padding and dilation as pairs, checked as PyTorch checks them."""
    kernel = pair(kernel_size, "kernel_size")
    stride = kernel if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0) else pair(stride)
    padding, dilation = pair(padding, "padding"), pair(dilation, "dilation")
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


def _check_output(x: Tensor, out_hw: tuple) -> None:
    if out_hw[0] < 1 or out_hw[1] < 1:
        raise RuntimeError(f"Given input size: ({x.shape[1]}x{x.shape[2]}x{x.shape[3]}). Calculated output size: "
                           f"({x.shape[1]}x{out_hw[0]}x{out_hw[1]}). Output size is too small")


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """Max pooling (guide 003, 2.3); with ``return_indices``, also the flat position (h W + w) of each maximum."""
    x, unbatched = _batched(input, "max_pool2d")
    kernel, stride, padding, dilation = _pool_arguments(kernel_size, stride, padding, dilation)
    _check_pool_padding(kernel, padding)
    out_hw = tuple(pool_output_size(x.shape[2 + a], kernel[a], stride[a], padding[a], dilation[a], ceil_mode)
                   for a in range(2))
    _check_output(x, out_hw)
    out, indices = conv_ops.max_pool2d_with_indices(x, kernel, stride, padding, dilation, ceil_mode)
    if not return_indices:
        return _unbatched(out, unbatched)
    return _unbatched(out, unbatched), _unbatched(Tensor._wrap(indices), unbatched)


def max_pool2d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
                            return_indices: bool = True):
    """:func:`max_pool2d` with ``return_indices=True``: (values, indices)."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True)


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """The partial inverse of max pooling: each value of ``input`` goes back to the position ``indices`` gives it
    (as :func:`max_pool2d` returns them), zeros elsewhere. The output is (H - 1) s - 2 p + k high (and as wide)
    unless ``output_size`` picks another size of the same pooling (within s - 1 of that)."""
    x, unbatched = _batched(input, "max_unpool2d")
    kernel, stride, padding, _ = _pool_arguments(kernel_size, stride, padding)
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
    index_array = flat if not unbatched else flat[None]
    out = conv_ops.MaxUnpool2d.apply(x, index_array, output_hw=output_hw)
    return _unbatched(out, unbatched)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False) -> Tensor:
    """Power-average pooling: f(X) = (sum_{x in X} x^p)^(1/p) over each window X, p = ``norm_type`` (p = 1: sum
    pooling; p -> inf: max pooling). Computed as PyTorch does, from the average of x^p times the window's area
    (so a ceil_mode window that runs past the input counts as PyTorch counts it)."""
    kh, kw = pair(kernel_size, "kernel_size")
    mean = avg_pool2d(input.pow(norm_type), (kh, kw), stride, 0, ceil_mode)
    return (mean.sign() * mean.abs().relu() * (kh * kw)).pow(1.0 / norm_type)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """Average pooling (guide 003, 2.3): see :mod:`minitorch_es.kernels.pool2d` for the divisor rule."""
    x, unbatched = _batched(input, "avg_pool2d")
    kernel, stride, padding, _ = _pool_arguments(kernel_size, stride, padding)
    _check_pool_padding(kernel, padding)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    out_hw = tuple(pool_output_size(x.shape[2 + a], kernel[a], stride[a], padding[a], 1, ceil_mode) for a in range(2))
    _check_output(x, out_hw)
    out = conv_ops.AvgPool2d.apply(x, kernel=kernel, stride=stride, padding=padding, ceil_mode=ceil_mode,
                                   count_include_pad=count_include_pad, divisor_override=divisor_override)
    return _unbatched(out, unbatched)


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """Transposed convolution (the adjoint of conv2d, see :class:`~minitorch_es.ops.conv.ConvTranspose2d`): input
    (N, C_in, H, W) or unbatched, weight (C_in, C_out / groups, kH, kW); output size (H - 1) s - 2 p + d (kH - 1)
    + output_padding + 1."""
    x, unbatched = _batched(input, "conv_transpose2d")
    _check_weight(x, weight, bias, groups)
    stride, padding, dilation = pair(stride, "stride"), pair(padding, "padding"), pair(dilation, "dilation")
    output_padding = pair(output_padding, "output_padding")
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
    out = conv_ops.ConvTranspose2d.apply(x, weight, bias, stride=stride, padding=padding,
                                         output_padding=output_padding, dilation=dilation, groups=groups)
    return _unbatched(out, unbatched)


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
    x, unbatched = _batched(input, "adaptive_avg_pool2d")
    sizes = _adaptive_sizes(x, output_size, "adaptive_avg_pool2d")
    return _unbatched(conv_ops.AdaptiveAvgPool2d.apply(x, output_size=sizes), unbatched)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size, return_indices: bool = True):
    """:func:`adaptive_max_pool2d` with ``return_indices=True``: (values, indices)."""
    return adaptive_max_pool2d(input, output_size, return_indices=True)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Max pooling to a fixed output size: cell (a, b) takes the maximum of rows floor(a H / OH) ..
    ceil((a + 1) H / OH) - 1 and the matching columns; ``return_indices`` adds each maximum's position h W + w."""
    x, unbatched = _batched(input, "adaptive_max_pool2d")
    sizes = _adaptive_sizes(x, output_size, "adaptive_max_pool2d")
    out, indices = conv_ops.adaptive_max_pool2d_with_indices(x, sizes)
    if not return_indices:
        return _unbatched(out, unbatched)
    return _unbatched(out, unbatched), _unbatched(Tensor._wrap(indices), unbatched)


__all__ = ["conv2d", "linear", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "adaptive_max_pool2d",
           "conv_transpose2d", "max_pool2d_with_indices", "adaptive_max_pool2d_with_indices", "max_unpool2d",
           "lp_pool2d"]
