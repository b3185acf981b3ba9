"""Similarities and distances between vectors (``torch.nn.functional.cosine_similarity``, ``pairwise_distance``),
composed from differentiable operations, so that their gradients come from the chain rule.

    cosine_similarity(x1, x2) = x1 . x2 / (max(||x1||_2, eps) max(||x2||_2, eps))   along ``dim`` of the shape
                                                                                     both broadcast to
    pairwise_distance(x1, x2) = || x1 - x2 + eps ||_p                                along the last dimension
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ops.broadcasting import broadcast_shapes
from ...ops.linalg import norm

if TYPE_CHECKING:
    from ...tensor import Tensor


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    shape = broadcast_shapes(x1.shape, x2.shape)  # PyTorch's message when the shapes do not broadcast
    x1, x2 = x1.expand(shape), x2.expand(shape)  # the norms are taken in the common shape, as PyTorch's
    lengths = norm(x1, 2, dim=dim, keepdim=True).clamp_min(eps) * norm(x2, 2, dim=dim, keepdim=True).clamp_min(eps)
    return ((x1 * x2) / lengths).sum(dim=dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    broadcast_shapes(x1.shape, x2.shape)
    difference = x1 - x2 + eps
    return norm(difference, p, dim=-1, keepdim=keepdim)
