"""2-D convolution (guide 003, section 2.1), its adjoint the transposed convolution, and the im2col lowering
behind both (unfold and fold). The equations, and the readable NumPy version of each kernel, are in
:mod:`minitorch_es.kernels.conv2d` and :mod:`minitorch_es.kernels.unfold`; the kernel set (readable NumPy or fast
Numba) is :mod:`minitorch_es.kernels.kernel_sets`'s active one (``MINITORCH_ES_KERNELS``).
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from ..autograd.function import Function
from ..kernels import conv2d as conv_kernels
from ..kernels import unfold as unfold_kernels
from ..kernels.windows import output_hw


class Conv2d(Function):
    """y = W * x + b (cross-correlation, as PyTorch): see :mod:`minitorch_es.kernels.conv2d` for the equations."""

    node_name = "ConvolutionBackward0"

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
        if array_namespace(g).IS_DIFFERENTIABLE:  # the same gradients, as recorded ops (higher orders)
            return (conv2d_input_grad(g, weight, x.shape, ctx.options) if need_input else None,
                    conv2d_weight_grad(x, g, weight.shape, ctx.options) if need_weight else None,
                    _bias_grad(g) if need_bias and ctx.has_bias else None)
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

    node_name = "ConvolutionBackward0"

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
        if array_namespace(g).IS_DIFFERENTIABLE:  # the same gradients, as recorded ops (higher orders)
            h, w = x.shape[2:]
            xp = array_namespace(g)
            as_output = xp.pad(x, [(0, 0), (0, 0)] + [(0, a - b) for a, b in zip(
                _conv_output_hw(g.shape, weight.shape, ctx.options), x.shape[2:])])
            return (conv2d(g, weight, ctx.options)[:, :, :h, :w] if need_input else None,
                    conv2d_weight_grad(g, as_output, weight.shape, ctx.options) if need_weight else None,
                    _bias_grad(g) if need_bias and ctx.has_bias else None)
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


def _conv_output_hw(input_shape, weight_shape, options) -> list:
    stride, padding, dilation, _ = options
    return [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, p, d, k, s in
            zip(input_shape[2:], padding, dilation, weight_shape[2:], stride)]


def _as_conv_output(x, conv_input_shape, weight, options):
    """x in the role of conv2d's output (gradient) for an input of ``conv_input_shape``: zeros appended where
    output_padding made the transposed output longer than any input of x's size maps to (those outputs of the
    convolution correspond to no pixel of x)."""
    size = _conv_output_hw(conv_input_shape, weight.shape, options)
    return np.ascontiguousarray(np.pad(x, [(0, 0), (0, 0)] + [(0, a - b) for a, b in zip(size, x.shape[2:])]))


# ---- conv2d's gradients as ops of their own (what higher-order gradients differentiate) --------------------------
#
# conv2d is bilinear in (x, W), so its gradients are bilinear too and the three maps close under differentiation:
#   y = conv(x, W),   x_grad = conv^T_W g (input_grad(g, W)),   W_grad = weight_grad(x, g),
# with <h, input_grad(g, W)> = <conv(h, W), g> and <H, weight_grad(x, g)> = <g, conv(x, H)>. Each function below
# computes on arrays with the kernels, or records a Function when given a tensor.


def _bias_grad(g):
    return array_namespace(g).sum(g, axis=(0, 2, 3))


def conv2d(x, weight, options):
    """y = conv(x, W) without bias."""
    if array_namespace(x, weight).IS_DIFFERENTIABLE:
        return Conv2d.apply(x, weight, None, *options)
    return conv_kernels.conv2d_forward(np.ascontiguousarray(x), weight, None, *options)


def conv2d_input_grad(g, weight, input_shape, options):
    """x_grad = conv^T_W g for an input of ``input_shape``."""
    if array_namespace(g, weight).IS_DIFFERENTIABLE:
        return Conv2dInputGrad.apply(g, weight, input_shape=tuple(input_shape), options=options)
    shape_only = np.zeros(input_shape, dtype=np.result_type(g, weight))
    return conv_kernels.conv2d_backward(shape_only, weight, np.ascontiguousarray(g), *options, True, False)[0]


def conv2d_weight_grad(x, g, weight_shape, options):
    """W_grad = weight_grad(x, g): conv2d's weight gradient for input x and output gradient g."""
    if array_namespace(x, g).IS_DIFFERENTIABLE:
        return Conv2dWeightGrad.apply(x, g, weight_shape=tuple(weight_shape), options=options)
    shape_only = np.zeros(weight_shape, dtype=np.result_type(x, g))
    return conv_kernels.conv2d_backward(np.ascontiguousarray(x), shape_only, np.ascontiguousarray(g), *options,
                                        False, True)[1]


class Conv2dInputGrad(Function):
    """x_grad = conv^T_W g;  dJ/dg = conv(h, W),  dJ/dW = weight_grad(h, g)  (h = dJ/dx_grad)."""

    @staticmethod
    def forward(ctx, g, weight, input_shape, options):
        ctx.save_for_backward(g, weight)
        ctx.options = options
        return conv2d_input_grad(g, weight, input_shape, options)

    @staticmethod
    def backward(ctx, h):
        g, weight = ctx.saved_arrays
        return (conv2d(h, weight, ctx.options) if ctx.needs_input_grad[0] else None,
                conv2d_weight_grad(h, g, weight.shape, ctx.options) if ctx.needs_input_grad[1] else None)


class Conv2dWeightGrad(Function):
    """W_grad = weight_grad(x, g);  dJ/dx = conv^T_H g,  dJ/dg = conv(x, H)  (H = dJ/dW_grad)."""

    @staticmethod
    def forward(ctx, x, g, weight_shape, options):
        ctx.save_for_backward(x, g)
        ctx.options = options
        return conv2d_weight_grad(x, g, weight_shape, options)

    @staticmethod
    def backward(ctx, big_h):
        x, g = ctx.saved_arrays
        return (conv2d_input_grad(g, big_h, x.shape, ctx.options) if ctx.needs_input_grad[0] else None,
                conv2d(x, big_h, ctx.options) if ctx.needs_input_grad[1] else None)


class Unfold(Function):
    """im2col: cols = unfold(x);  dJ/dx = fold(g), each column's gradient added back onto its block (see
    :mod:`minitorch_es.kernels.unfold`)."""

    node_name = "Im2ColBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x, kernel, dilation, padding, stride):
        ctx.input_hw, ctx.options = x.shape[2:], (kernel, dilation, padding, stride)
        return unfold_kernels.unfold(x, *ctx.options)

    @staticmethod
    def backward(ctx, g):
        return (unfold_kernels.fold(g, ctx.input_hw, *ctx.options),)


class Fold(Function):
    """col2im: y = fold(cols), overlapping values summed;  dJ/dcols = unfold(g)."""

    node_name = "Col2ImBackward0"

    linear = True

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
