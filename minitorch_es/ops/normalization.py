"""Normalization (guide 003, section 2.5): batch norm and layer norm (group norm is layer norm over groups of
channels), each with its closed-form backward."""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from ..autograd.function import Function


class BatchNorm(Function):
    """y = gamma * x_hat + beta,  x_hat = (x - mu) / sqrt(sigma^2 + eps), per channel (axis 1).

    With batch statistics (training), mu and sigma^2 (biased) are the channel's mean and variance over the batch and
    spatial positions, M values each, and the backward is the classic

        dJ/dx = gamma / sqrt(sigma^2 + eps) * (g - mean(g) - x_hat * mean(g * x_hat)),

    the means taken over the same M values. With running statistics (evaluation), mu and sigma^2 are constants and
    dJ/dx = gamma / sqrt(sigma^2 + eps) * g. In both cases dJ/dgamma = sum(g * x_hat) and dJ/dbeta = sum(g).
    """

    node_name = "NativeBatchNormBackward0"

    saves_inputs = True  # its double backward recomputes from x

    @staticmethod
    def forward(ctx, x, weight, bias, mean, variance, eps, batch_statistics):
        axes = (0,) + tuple(range(2, x.ndim))
        channel_shape = (1, -1) + (1,) * (x.ndim - 2)
        inverse_std = (1.0 / np.sqrt(np.asarray(variance, dtype=x.dtype) + eps)).astype(x.dtype)
        x_hat = (x - np.asarray(mean, dtype=x.dtype).reshape(channel_shape)) * inverse_std.reshape(channel_shape)
        y = x_hat if weight is None else x_hat * weight.reshape(channel_shape)
        if bias is not None:
            y = y + bias.reshape(channel_shape)
        ctx.save_for_backward(x_hat, inverse_std, weight)
        ctx.axes, ctx.channel_shape, ctx.batch_statistics, ctx.eps = axes, channel_shape, batch_statistics, eps
        ctx.mean = mean
        return y

    @staticmethod
    def backward(ctx, g):
        x_hat, inverse_std, weight = ctx.saved_arrays
        axes, channel_shape = ctx.axes, ctx.channel_shape
        xp = array_namespace(g)
        if xp.IS_DIFFERENTIABLE and ctx.input_tensors[0] is not None:  # x_hat depends on x: recomputed as recorded ops
            x = ctx.input_tensors[0]
            if ctx.batch_statistics:
                x_hat, inverse_std = _standardized(x, axes, ctx.eps)
                inverse_std = xp.reshape(inverse_std, (-1,))
            else:
                x_hat = (x - xp.reshape(xp.astype(ctx.mean, xp.dtype_of(x)), channel_shape)) * xp.reshape(
                    inverse_std, channel_shape)
        scale = inverse_std if weight is None else inverse_std * weight
        grad_x = None
        if ctx.needs_input_grad[0]:
            if ctx.batch_statistics:
                centered = g - xp.mean(g, axis=axes, keepdims=True)
                correction = x_hat * xp.mean(g * x_hat, axis=axes, keepdims=True)
                if xp.IS_DIFFERENTIABLE:
                    centered = centered - correction
                else:
                    centered -= correction  # in place: one activation-sized array fewer
                grad_x = centered * xp.reshape(scale, channel_shape)
            else:
                grad_x = g * xp.reshape(scale, channel_shape)
        grad_weight = xp.sum(g * x_hat, axis=axes) if ctx.needs_input_grad[1] else None
        grad_bias = xp.sum(g, axis=axes) if ctx.needs_input_grad[2] else None
        return grad_x, grad_weight, grad_bias, None, None


def _standardized(x, axes: tuple, eps: float):
    """(x_hat, 1 / sqrt(sigma^2 + eps)): x standardized over ``axes`` with its biased variance (kept dimensions)."""
    xp = array_namespace(x)
    centered = x - xp.mean(x, axis=axes, keepdims=True)
    inverse_std = xp.astype(1.0 / xp.sqrt(xp.mean(centered * centered, axis=axes, keepdims=True) + eps),
                            xp.dtype_of(x))
    return centered * inverse_std, inverse_std


class LayerNorm(Function):
    """y = gamma * x_hat + beta,  x_hat = (x - mu) / sqrt(sigma^2 + eps), mu and sigma^2 (biased) over the last
    dimensions of each sample (``axes``), gamma and beta of those dimensions' shape. The backward is BatchNorm's
    with the roles of the axes exchanged:

        dJ/dx = (1 / sqrt(sigma^2 + eps)) * (h - mean(h) - x_hat * mean(h * x_hat)),   h = g * gamma,

    the means over ``axes``; dJ/dgamma = sum over the samples of g * x_hat, dJ/dbeta = sum of g.
    """

    node_name = "NativeLayerNormBackward0"

    saves_inputs = True  # its double backward recomputes from x

    @staticmethod
    def forward(ctx, x, weight, bias, axes, eps):
        x_hat, inverse_std = _standardized(x, axes, eps)
        y = x_hat if weight is None else x_hat * weight
        if bias is not None:
            y = y + bias
        ctx.save_for_backward(x_hat, inverse_std, weight)
        ctx.axes, ctx.eps = axes, eps
        return y

    @staticmethod
    def backward(ctx, g):
        x_hat, inverse_std, weight = ctx.saved_arrays
        axes = ctx.axes
        xp = array_namespace(g)
        if xp.IS_DIFFERENTIABLE and ctx.input_tensors[0] is not None:  # x_hat depends on x: recomputed as recorded ops
            x_hat, inverse_std = _standardized(ctx.input_tensors[0], axes, ctx.eps)
        sample_axes = tuple(range(g.ndim - len(axes)))
        grad_x = None
        if ctx.needs_input_grad[0]:
            h = g if weight is None else g * weight
            grad_x = inverse_std * (h - xp.mean(h, axis=axes, keepdims=True)
                                    - x_hat * xp.mean(h * x_hat, axis=axes, keepdims=True))
        grad_weight = xp.sum(g * x_hat, axis=sample_axes) if ctx.needs_input_grad[1] else None
        grad_bias = xp.sum(g, axis=sample_axes) if ctx.needs_input_grad[2] else None
        return grad_x, grad_weight, grad_bias
