"""Differentiable 2-D convolution and pooling, calling the kernels of :mod:`minitorch_es.kernels`.

The kernel set (readable NumPy or fast Numba) is chosen per call by ``MINITORCH_ES_KERNELS``.
"""

from __future__ import annotations

import numpy as np

from ..autograd import Function
from ..kernels import conv2d as conv_kernels
from ..kernels import linear as linear_kernels
from ..kernels import pool2d as pool_kernels
from ..kernels import unfold as unfold_kernels
from ..kernels.selection import kernel_set


def _kernel(module, name: str):
    return getattr(module, f"{name}_{kernel_set()}")


class Conv2d(Function):
    """y = W * x + b (cross-correlation, as PyTorch): see :mod:`minitorch_es.kernels.conv2d` for the equations."""

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        ctx.save_for_backward(x, weight)
        ctx.options = (stride, padding, dilation, groups)
        ctx.has_bias = bias is not None
        return _kernel(conv_kernels, "conv2d_forward")(x, weight, bias, stride, padding, dilation, groups)

    @staticmethod
    def backward(ctx, g):
        x, weight = ctx.saved_arrays
        need_input, need_weight, need_bias = ctx.needs_input_grad[:3]
        grad_x = grad_weight = None
        if need_input or need_weight:
            grad_x, grad_weight = _kernel(conv_kernels, "conv2d_backward")(
                x, weight, np.ascontiguousarray(g), *ctx.options, need_input, need_weight)
        grad_bias = _kernel(conv_kernels, "conv2d_backward_bias")(g) if need_bias and ctx.has_bias else None
        return grad_x, grad_weight, grad_bias


class Linear(Function):
    """y = x W^T + b;  dJ/dx = g W,  dJ/dW = g^T x,  dJ/db = sum of g over the batch."""

    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        return linear_kernels.linear_forward(x, weight, bias)

    @staticmethod
    def backward(ctx, g):
        x, weight = ctx.saved_arrays
        return linear_kernels.linear_backward(x, weight, g, *ctx.needs_input_grad[:3])


class MaxPool2d(Function):
    """y = max over each window; the gradient goes to the position of the first maximum.

    The kernel runs in :func:`max_pool2d_with_indices`, which hands the values and their indices to ``forward``
    (so that the indices exist whether or not a graph is recorded).
    """

    @staticmethod
    def forward(ctx, x, values, indices):
        ctx.indices, ctx.input_shape = indices, x.shape
        return values

    @staticmethod
    def backward(ctx, g):
        return _kernel(pool_kernels, "max_pool2d_backward")(g, ctx.indices, ctx.input_shape), None, None


def max_pool2d_with_indices(x, kernel, stride, padding, dilation, ceil_mode):
    """(values tensor, indices array) of max pooling, values differentiable with respect to x."""
    values, indices = _kernel(pool_kernels, "max_pool2d_forward")(x._data, kernel, stride, padding, dilation,
                                                                  ceil_mode)
    return MaxPool2d.apply(x, values, indices), indices


class AvgPool2d(Function):
    """y = sum over each window / divisor;  dJ/dx = g / divisor spread over the window."""

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
        ctx.input_shape = x.shape
        ctx.options = (kernel, stride, padding, count_include_pad, divisor_override)
        return _kernel(pool_kernels, "avg_pool2d_forward")(x, kernel, stride, padding, ceil_mode, count_include_pad,
                                                           divisor_override)

    @staticmethod
    def backward(ctx, g):
        return _kernel(pool_kernels, "avg_pool2d_backward")(g, ctx.input_shape, *ctx.options)


class AdaptiveAvgPool2d(Function):
    """y = the mean of each adaptive window;  dJ/dx = g / window size over the window."""

    @staticmethod
    def forward(ctx, x, output_size):
        ctx.input_shape = x.shape
        return pool_kernels.adaptive_avg_pool2d_forward(x, output_size)

    @staticmethod
    def backward(ctx, g):
        return pool_kernels.adaptive_avg_pool2d_backward(g, ctx.input_shape)



def adaptive_max_pool2d_with_indices(x, output_size):
    """(values tensor, indices array) of adaptive max pooling; the gradient goes to each window's first maximum,
    through :class:`MaxPool2d`'s backward (windows may overlap: their gradients add up)."""
    values, indices = pool_kernels.adaptive_max_pool2d_forward(x._data, output_size)
    return MaxPool2d.apply(x, values, indices), indices


class MaxUnpool2d(Function):
    """out[k] = x[l] at k = indices[l] (zeros elsewhere);  dJ/dx[l] = g[indices[l]]."""

    @staticmethod
    def forward(ctx, x, indices, output_hw):
        ctx.indices = indices
        return pool_kernels.max_unpool2d_forward(x, indices, output_hw)

    @staticmethod
    def backward(ctx, g):
        return pool_kernels.max_unpool2d_backward(g, ctx.indices), None


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
        y, _ = _kernel(conv_kernels, "conv2d_backward")(shape_only, weight,
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
            grad_x = _kernel(conv_kernels, "conv2d_forward")(g, weight, None, *ctx.options)[:, :, :h, :w]
        grad_weight = None
        if need_weight:
            grad_weight = _kernel(conv_kernels, "conv2d_backward")(g, weight, _as_conv_output(x, g.shape, weight,
                                                                                              ctx.options),
                                                                   *ctx.options, False, True)[1]
        grad_bias = _kernel(conv_kernels, "conv2d_backward_bias")(g) if need_bias and ctx.has_bias else None
        return grad_x, grad_weight, grad_bias


def _as_conv_output(x, conv_input_shape, weight, options):
    """x in the role of conv2d's output (gradient) for an input of ``conv_input_shape``: zeros appended where
    output_padding made the transposed output longer than any input of x's size maps to (those outputs of the
    convolution correspond to no pixel of x)."""
    stride, padding, dilation, _ = options
    size = [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, p, d, k, s in
            zip(conv_input_shape[2:], padding, dilation, weight.shape[2:], stride)]
    return np.ascontiguousarray(np.pad(x, [(0, 0), (0, 0)] + [(0, a - b) for a, b in zip(size, x.shape[2:])]))
