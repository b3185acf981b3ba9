"""2-D convolution (guide 003, section 2.1), its adjoint the transposed convolution, and the im2col lowering
behind both (unfold and fold). The equations, and the readable NumPy version of each kernel, are in
:mod:`minitorch_es.kernels.conv2d` and :mod:`minitorch_es.kernels.unfold`; the kernel set (readable NumPy or fast
Numba) is :mod:`minitorch_es.kernels.kernel_sets`'s active one (``MINITORCH_ES_KERNELS``).
"""

from __future__ import annotations

import numpy as np

from ..autograd import Function
from ..kernels import conv2d as conv_kernels
from ..kernels import unfold as unfold_kernels
from ..kernels.windows import output_hw


class Conv2d(Function):
    """y = W * x + b (cross-correlation, as PyTorch): see :mod:`minitorch_es.kernels.conv2d` for the equations."""

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        ctx.save_for_backward(x, weight)
        ctx.options = (stride, padding, dilation, groups)
        ctx.has_bias = bias is not None
        return conv_kernels.conv2d_forward(x, weight, bias, stride, padding, dilation, groups)

    @staticmethod
    def backward(ctx, g):
        x, weight = ctx.saved_arrays
        need_input, need_weight, need_bias = ctx.needs_input_grad[:3]
        grad_x = grad_weight = None
        if need_input or need_weight:
            grad_x, grad_weight = conv_kernels.conv2d_backward(
                x, weight, np.ascontiguousarray(g), *ctx.options, need_input, need_weight)
        grad_bias = conv_kernels.conv2d_backward_bias(g) if need_bias and ctx.has_bias else None
        return grad_x, grad_weight, grad_bias


class ConvTranspose2d(Function):
    """y = the adjoint of conv2d (W) applied to x ("transposed convolution", used to upsample): each input pixel
    spreads W's taps over the output,

        y[n, c, h s + i d - p, w s + j d - p] += sum_o W[o, c, i, j] x[n, o, h, w]   (+ b[c])

    which is conv2d's input gradient with x in the role of the output gradient. Hence, with the same kernels:
    dJ/dx = conv2d(g, W), dJ/dW = conv2d's weight gradient for input g and output gradient x, dJ/db = sum of g."""

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, output_padding, dilation, groups):
        n, _, h, w = x.shape
        kh, kw = weight.shape[2:]
        out_hw = tuple((size - 1) * s - 2 * p + d * (k - 1) + op + 1 for size, s, p, d, k, op in
                       zip((h, w), stride, padding, dilation, (kh, kw), output_padding))
        shape_only = np.zeros((n, weight.shape[1] * groups) + out_hw, dtype=x.dtype)
        options = (stride, padding, dilation, groups)
        y, _ = conv_kernels.conv2d_backward(shape_only, weight,
                                                        _as_conv_output(x, shape_only.shape, weight, options),
                                                        *options, True, False)
        if bias is not None:
            y += bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(x, weight)
        ctx.options = options
        ctx.has_bias = bias is not None
        return y

    @staticmethod
    def backward(ctx, g):
        x, weight = ctx.saved_arrays
        need_input, need_weight, need_bias = ctx.needs_input_grad[:3]
        g = np.ascontiguousarray(g)
        grad_x = None
        if need_input:  # output_padding >= stride (allowed when < dilation) adds rows that no input pixel reads
            h, w = x.shape[2:]
            grad_x = conv_kernels.conv2d_forward(g, weight, None, *ctx.options)[:, :, :h, :w]
        grad_weight = None
        if need_weight:
            grad_weight = conv_kernels.conv2d_backward(g, weight, _as_conv_output(x, g.shape, weight,
                                                                                              ctx.options),
                                                                   *ctx.options, False, True)[1]
        grad_bias = conv_kernels.conv2d_backward_bias(g) if need_bias and ctx.has_bias else None
        return grad_x, grad_weight, grad_bias


def _as_conv_output(x, conv_input_shape, weight, options):
    """x in the role of conv2d's output (gradient) for an input of ``conv_input_shape``: zeros appended where
    output_padding made the transposed output longer than any input of x's size maps to (those outputs of the
    convolution correspond to no pixel of x)."""
    stride, padding, dilation, _ = options
    size = [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, p, d, k, s in
            zip(conv_input_shape[2:], padding, dilation, weight.shape[2:], stride)]
    return np.ascontiguousarray(np.pad(x, [(0, 0), (0, 0)] + [(0, a - b) for a, b in zip(size, x.shape[2:])]))


class Unfold(Function):
    """im2col: cols = unfold(x);  dJ/dx = fold(g), each column's gradient added back onto its block (see
    :mod:`minitorch_es.kernels.unfold`)."""

    @staticmethod
    def forward(ctx, x, kernel, dilation, padding, stride):
        ctx.input_hw, ctx.options = x.shape[2:], (kernel, dilation, padding, stride)
        return unfold_kernels.unfold(x, *ctx.options)

    @staticmethod
    def backward(ctx, g):
        return (unfold_kernels.fold(g, ctx.input_hw, *ctx.options),)


class Fold(Function):
    """col2im: y = fold(cols), overlapping values summed;  dJ/dcols = unfold(g)."""

    @staticmethod
    def forward(ctx, cols, output_hw, kernel, dilation, padding, stride):
        ctx.options = (kernel, dilation, padding, stride)
        return unfold_kernels.fold(cols, output_hw, *ctx.options)

    @staticmethod
    def backward(ctx, g):
        return (unfold_kernels.unfold(g, *ctx.options),)



def unfold(x, kernel, dilation, padding, stride):
    """im2col of a batch (N, C, H, W): (N, C kH kW, L), L the number of blocks; PyTorch's error where none fits."""
    grid = output_hw(x.shape[2:], kernel, stride, padding, dilation)
    if min(grid) < 1:
        raise RuntimeError(f"Given input with spatial size {tuple(x.shape[2:])}, kernel_size={kernel}, "
                           f"dilation={dilation}, padding={padding}, calculated shape of the array of sliding blocks "
                           f"as {grid}, but its components must be at least one.")
    return Unfold.apply(x, kernel=kernel, dilation=dilation, padding=padding, stride=stride)


def fold(cols, image_hw, kernel, dilation, padding, stride):
    """col2im of a batch of columns (N, C kH kW, L) onto (N, C, H, W), H, W = ``image_hw``, with PyTorch's checks
    that the columns match the blocks."""
    if cols.shape[1] % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={cols.shape[1]} and kernel_size={kernel}.")
    grid = output_hw(image_hw, kernel, stride, padding, dilation)
    described = (f"Given output_size={image_hw}, kernel_size={kernel}, dilation={dilation}, padding={padding}, "
                 f"stride={stride}")
    if min(grid) < 1:
        raise RuntimeError(f"{described}, calculated shape of the array of sliding blocks as {grid}, but its "
                           "components must be at least one.")
    if cols.shape[2] != grid[0] * grid[1]:
        raise RuntimeError(f"{described}, expected size of input's dimension 2 to match the calculated number of "
                           f"sliding blocks {grid[0]} * {grid[1]} = {grid[0] * grid[1]}, but got "
                           f"input.size(2)={cols.shape[2]}.")
    return Fold.apply(cols, output_hw=image_hw, kernel=kernel, dilation=dilation, padding=padding, stride=stride)
