"""Losses whose gradient PyTorch defines by a formula of its own (not the chain rule of a composition): binary
cross entropy (of probabilities and of logits), smooth L1, Huber, the KL divergence, MSE and NLL (one node each,
as PyTorch's).

Each returns the per-element loss; :mod:`minitorch_es.nn.functional.loss` checks the arguments and applies the
reduction (mean, sum) with ordinary ops. The losses composed of other ops (cross entropy, MSE, ...) are there.
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from ..autograd.function import Function

BCE_LOG_FLOOR = -100.0
BCE_GRAD_EPSILON = float(np.float32(1e-12))  # PyTorch's constant is a float32 1e-12


def reduced(ctx, loss: np.ndarray, reduction: str) -> np.ndarray:
    """The per-element ``loss`` reduced as ``reduction`` says ("mean", "sum", "none"), remembered in ``ctx`` for
    backward: there each element's gradient is g (divided by the count for "mean")."""
    ctx.reduction, ctx.count = reduction, max(loss.size, 1)
    if reduction == "mean":
        return np.asarray(np.mean(loss), dtype=loss.dtype)
    return np.asarray(np.sum(loss), dtype=loss.dtype) if reduction == "sum" else loss


class BinaryCrossEntropy(Function):
    """l = -w [y log x + (1 - y) log(1 - x)], each log clamped at -100 (so x = 0 or 1 gives a finite loss).

    dJ/dx = g w (x - y) / max(x (1 - x), 1e-12)  (PyTorch's formula, finite at x = 0 and 1);
    dJ/dy = g w (log(1 - x) - log x), with unclamped logs (infinite at x = 0 or 1, as PyTorch's).
    """

    @staticmethod
    def forward(ctx, x, y, weight, reduction="none"):
        log_x = np.maximum(np.log(x), BCE_LOG_FLOOR)
        log_one_minus_x = np.maximum(np.log1p(-x), BCE_LOG_FLOOR)
        loss = -(y * log_x + (1 - y) * log_one_minus_x)
        ctx.save_for_backward(x, y, weight)
        return reduced(ctx, loss if weight is None else loss * weight, reduction)

    @staticmethod
    def backward(ctx, g):
        x, y, weight = ctx.saved_arrays
        xp = array_namespace(g)
        g = g / ctx.count if ctx.reduction == "mean" else g
        scaled = g if weight is None else g * weight
        grad_x = scaled * (x - y) / xp.maximum(x * (1 - x), BCE_GRAD_EPSILON) if ctx.needs_input_grad[0] else None
        grad_y = scaled * (xp.log1p(-x) - xp.log(x)) if ctx.needs_input_grad[1] else None
        return grad_x, grad_y, None


class BinaryCrossEntropyWithLogits(Function):
    """l = -w [q y log sigma(x) + (1 - y) log(1 - sigma(x))], q = ``pos_weight`` (1 if absent).

    Computed without overflow for any x as l = w [(1 - y) x + (1 + (q - 1) y) (log(1 + e^{-|x|}) + max(-x, 0))].
    dJ/dx = g w [(q y + 1 - y) sigma(x) - q y];  dJ/dy = g w [log sigma(-x) - q log sigma(x)];
    dJ/dq = -g w y log sigma(x).
    """

    @staticmethod
    def forward(ctx, x, y, weight, pos_weight, reduction="none"):
        log_sigmoid_x = _log_sigmoid(x)
        log_sigmoid_minus_x = log_sigmoid_x - x
        q = 1 if pos_weight is None else pos_weight
        loss = -(q * y * log_sigmoid_x + (1 - y) * log_sigmoid_minus_x)
        ctx.save_for_backward(x, y, weight, pos_weight, log_sigmoid_x)
        return reduced(ctx, loss if weight is None else loss * weight, reduction)

    @staticmethod
    def backward(ctx, g):
        x, y, weight, pos_weight, log_sigmoid_x = ctx.saved_arrays
        xp = array_namespace(g)
        g = g / ctx.count if ctx.reduction == "mean" else g
        if xp.IS_DIFFERENTIABLE:  # log sigma(x) depends on x: recomputed as recorded ops
            log_sigmoid_x = _log_sigmoid(x)
        log_sigmoid_minus_x = log_sigmoid_x - x
        scaled = g if weight is None else g * weight
        q = 1 if pos_weight is None else pos_weight
        grad_x = grad_y = grad_q = None
        if ctx.needs_input_grad[0]:
            grad_x = scaled * ((q * y + 1 - y) * xp.exp(log_sigmoid_x) - q * y)
        if ctx.needs_input_grad[1]:
            grad_y = scaled * (log_sigmoid_minus_x - q * log_sigmoid_x)
        if ctx.needs_input_grad[3]:
            grad_q = -scaled * y * log_sigmoid_x
        return grad_x, grad_y, None, grad_q


def _log_sigmoid(x):
    """log sigma(x) = -(log(1 + e^{-|x|}) + max(-x, 0)), finite for any x."""
    xp = array_namespace(x)
    return -(xp.log1p(xp.exp(-xp.abs(x))) + xp.maximum(-x, 0))


class SmoothL1(Function):
    """d = x - y;  l = d^2 / (2 beta) if |d| < beta else |d| - beta/2  (beta = 0: l = |d|).

    dJ/dx = g * (d / beta if |d| < beta else sign(d)) = -dJ/dy.
    """

    node_name = "SmoothL1LossBackward0"

    @staticmethod
    def forward(ctx, x, y, beta, reduction="none"):
        d = x - y
        ctx.save_for_backward(d, x, y)
        ctx.beta = beta
        if beta == 0:
            return reduced(ctx, np.abs(d), reduction)
        return reduced(ctx, np.where(np.abs(d) < beta, 0.5 * d * d / beta, np.abs(d) - 0.5 * beta), reduction)

    @staticmethod
    def backward(ctx, g):
        d, x, y = ctx.saved_arrays
        xp = array_namespace(g)
        g = g / ctx.count if ctx.reduction == "mean" else g
        if xp.IS_DIFFERENTIABLE:
            d = x - y
        slope = xp.sign(d) if ctx.beta == 0 else xp.where(xp.abs(d) < ctx.beta, d / (ctx.beta or 1), xp.sign(d))
        grad = g * slope
        return grad if ctx.needs_input_grad[0] else None, -grad if ctx.needs_input_grad[1] else None


class Huber(Function):
    """d = x - y;  l = d^2 / 2 if |d| <= delta else delta (|d| - delta/2)  (= delta * SmoothL1 with beta = delta).

    dJ/dx = g * clamp(d, -delta, delta) = -dJ/dy.
    """

    node_name = "HuberLossBackward0"

    @staticmethod
    def forward(ctx, x, y, delta, reduction="none"):
        d = x - y
        ctx.save_for_backward(d, x, y)
        ctx.delta = delta
        return reduced(ctx, np.where(np.abs(d) < delta, 0.5 * d * d, delta * (np.abs(d) - 0.5 * delta)), reduction)

    @staticmethod
    def backward(ctx, g):
        d, x, y = ctx.saved_arrays
        xp = array_namespace(g)
        g = g / ctx.count if ctx.reduction == "mean" else g
        if xp.IS_DIFFERENTIABLE:
            d = x - y
        grad = g * xp.clip(d, -ctx.delta, ctx.delta)
        return grad if ctx.needs_input_grad[0] else None, -grad if ctx.needs_input_grad[1] else None


class KLDivergence(Function):
    """Pointwise KL divergence with x = log q (the model's log-probabilities) and target p:

    l = p (log p - x), with 0 log 0 = 0;  or, with ``log_target`` (t = log p), l = e^t (t - x).
    dJ/dx = -g p;  dJ/dp = g (log p + 1 - x) (or dJ/dt = g e^t (t - x + 1)).
    """

    @staticmethod
    def forward(ctx, x, target, log_target):
        ctx.save_for_backward(x, target)
        ctx.log_target = log_target
        if log_target:
            return np.exp(target) * (target - x)
        x_log_x = np.where(target > 0, target * np.log(np.where(target > 0, target, 1)), 0)
        return np.where(np.isnan(target), np.nan, x_log_x) - target * x

    @staticmethod
    def backward(ctx, g):
        x, target = ctx.saved_arrays
        xp = array_namespace(g)
        p = xp.exp(target) if ctx.log_target else target
        grad_x = -g * p if ctx.needs_input_grad[0] else None
        grad_target = None
        if ctx.needs_input_grad[1]:
            if ctx.log_target:
                grad_target = g * p * (target - x + 1)
            else:
                grad_target = g * (xp.log(target) + 1 - x)
        return grad_x, grad_target, None


class MseLoss(Function):
    """J = mean or sum of (x - y)^2 (or the squares themselves for reduction "none"), x and y of one shape;
    dJ/dx = 2 g (x - y) (divided by the count for "mean"), dJ/dy = -dJ/dx. One node, as PyTorch's MseLossBackward0."""

    node_name = "MseLossBackward0"

    @staticmethod
    def forward(ctx, x, y, reduction):
        ctx.save_for_backward(x, y)
        ctx.scale = 2.0 / max(x.size, 1) if reduction == "mean" else 2.0
        squares = (x - y) ** 2
        if reduction == "mean":
            return np.asarray(np.mean(squares), dtype=x.dtype)
        return np.asarray(np.sum(squares), dtype=x.dtype) if reduction == "sum" else squares

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_arrays  # tensors under create_graph: the second order differentiates this formula
        grad_x = g * (ctx.scale * (x - y))
        return (grad_x if ctx.needs_input_grad[0] else None, -grad_x if ctx.needs_input_grad[1] else None)


class NllLoss(Function):
    """J = sum_i -w_i x_{i, y_i} (divided by sum_i w_i for "mean"; the terms themselves for "none"), x of shape
    (M, C), y_i the target classes (``targets``, ignored ones as class 0 with w_i = 0), w_i their weights.

    Linear in x: dJ/dx = zeros with -g w_i (/ sum_i w_i) at (i, y_i). One node, as PyTorch's NllLossBackward0.
    """

    linear = True
    node_name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, x, targets, weights, reduction):
        ctx.shape, ctx.targets, ctx.weights, ctx.reduction = x.shape, targets, weights, reduction
        terms = -x[np.arange(len(targets)), targets] * weights
        if reduction == "mean":
            return np.asarray(terms.sum() / weights.sum(), dtype=x.dtype)
        return np.asarray(terms.sum(), dtype=x.dtype) if reduction == "sum" else terms

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.shape, dtype=g.dtype)
        coefficients = ctx.weights / ctx.weights.sum() if ctx.reduction == "mean" else ctx.weights
        grad[np.arange(len(ctx.targets)), ctx.targets] = -(g * coefficients)
        return grad
