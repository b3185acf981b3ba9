"""Dropout (guide 003, section 2.6): zero each activation with probability p while training."""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


class Dropout(Function):
    """y = x * m / (1 - p), m_i ~ Bernoulli(1 - p);  dJ/dx = g * m / (1 - p).

    Scaling the kept values by 1/(1 - p) keeps E[y] = x, so evaluation (no dropout) needs no rescaling.
    ``p = 1`` drops everything (y = 0).
    """

    linear = True

    @staticmethod
    def forward(ctx, x, keep_mask, p):
        scale = np.asarray(0.0 if p == 1 else 1.0 / (1.0 - p), dtype=x.dtype)
        ctx.scaled_mask = keep_mask.astype(x.dtype) * scale
        return x * ctx.scaled_mask

    @staticmethod
    def backward(ctx, g):
        return g * ctx.scaled_mask, None
