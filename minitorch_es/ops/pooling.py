"""2-D pooling (guide 003, section 2.3): max, average, adaptive average and max, and max unpooling. The equations,
and the readable NumPy version of each kernel, are in :mod:`minitorch_es.kernels.pool2d`.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from ..kernels import pool2d as pool_kernels
from ..kernels.windows import pool_output_size


class MaxPool2d(Function):
    """y = max over each window; the gradient goes to the position of the first maximum.

    The kernel runs in :func:`max_pool2d_with_indices`, which hands the values and their indices to ``forward``
    (so that the indices exist whether or not a graph is recorded).
    """

    node_name = "MaxPool2DWithIndicesBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x, values, indices):
        ctx.indices, ctx.input_shape = indices, x.shape
        return values

    @staticmethod
    def backward(ctx, g):
        return pool_kernels.max_pool2d_backward(g, ctx.indices, ctx.input_shape), None, None

    @staticmethod
    def jvp(ctx, h):
        """Each output takes the tangent at its maximum (an index past the plane, a window in the padding, 0)."""
        n, c = h.shape[:2]
        planes = np.concatenate([h.reshape(n, c, -1), np.zeros((n, c, 1), dtype=h.dtype)], axis=2)
        positions = np.minimum(ctx.indices.reshape(n, c, -1), planes.shape[2] - 1)
        return np.take_along_axis(planes, positions, axis=2).reshape(ctx.indices.shape)


def max_pool2d_with_indices(x, kernel, stride, padding, dilation, ceil_mode):
    """(values tensor, indices array) of max pooling, values differentiable with respect to x."""
    values, indices = pool_kernels.max_pool2d_forward(x._data, kernel, stride, padding, dilation,
                                                                  ceil_mode)
    return MaxPool2d.apply(x, values, indices), indices


class AvgPool2d(Function):
    """y = sum over each window / divisor;  dJ/dx = g / divisor spread over the window."""

    node_name = "AvgPool2DBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
        ctx.input_shape = x.shape
        ctx.options = (kernel, stride, padding, count_include_pad, divisor_override)
        return pool_kernels.avg_pool2d_forward(x, kernel, stride, padding, ceil_mode, count_include_pad,
                                                           divisor_override)

    @staticmethod
    def backward(ctx, g):
        return pool_kernels.avg_pool2d_backward(g, ctx.input_shape, *ctx.options)


class AdaptiveAvgPool2d(Function):
    """y = the mean of each adaptive window;  dJ/dx = g / window size over the window."""

    node_name = "AdaptiveAvgPool2DBackward0"

    linear = True

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

    linear = True

    @staticmethod
    def forward(ctx, x, indices, output_hw):
        ctx.indices = indices
        return pool_kernels.max_unpool2d_forward(x, indices, output_hw)

    @staticmethod
    def backward(ctx, g):
        return pool_kernels.max_unpool2d_backward(g, ctx.indices), None


def pooled_size(x, kernel: tuple, stride: tuple, padding: tuple, dilation: tuple, ceil_mode: bool) -> tuple:
    """(OH, OW) of pooling x (N, C, H, W), with PyTorch's error when a dimension would be empty."""
    out_hw = tuple(pool_output_size(x.shape[2 + a], kernel[a], stride[a], padding[a], dilation[a], ceil_mode)
                   for a in range(2))
    if out_hw[0] < 1 or out_hw[1] < 1:
        raise RuntimeError(f"Given input size: ({x.shape[1]}x{x.shape[2]}x{x.shape[3]}). Calculated output size: "
                           f"({x.shape[1]}x{out_hw[0]}x{out_hw[1]}). Output size is too small")
    return out_hw
