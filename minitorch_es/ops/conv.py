"""Differentiable 2-D convolution and pooling, calling the kernels of :mod:`minitorch_es.kernels`.

The kernel set (readable NumPy or fast Numba) is chosen per call by ``MINITORCH_ES_KERNELS``.
"""

from __future__ import annotations

import numpy as np

from ..autograd import Function
from ..kernels import conv2d as conv_kernels
from ..kernels import linear as linear_kernels
from ..kernels import pool2d as pool_kernels
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
        grad_bias = conv_kernels.conv2d_backward_bias(g) if need_bias and ctx.has_bias else None
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
