"""PyTorch's margin losses for labels y in {1, -1} (the family of the guides' SVM loss, guide 002), composed from
differentiable operations:

    hinge_embedding_loss   l_i = x_i if y_i = 1,  max(0, margin - x_i) if y_i = -1   (x a distance)
    margin_ranking_loss    l_i = max(0, -y_i (x1_i - x2_i) + margin)               (y = 1: x1 should rank higher)
    soft_margin_loss       l_i = ln(1 + e^{-y_i x_i})                                (a smooth hinge)

each reduced by ``reduction`` ("mean", "sum" or "none").
"""

from __future__ import annotations

from ..ops.elementwise import exp, where
from ..ops.unary_math import log1p
from ..tensor import Tensor
from .loss_functions import _check_reduction, _reduce


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, reduction: str = "mean") -> Tensor:
    _check_reduction(reduction)
    below_margin = where(target != 1, (margin - input).clamp_min(0), 0.0)
    itself = where(target != -1, input, 0.0)
    return _reduce(below_margin + itself, reduction)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                        reduction: str = "mean") -> Tensor:
    _check_reduction(reduction)
    if not (input1.ndim == input2.ndim == target.ndim):
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} ")
    return _reduce((-target * (input1 - input2) + margin).clamp_min(0), reduction)


def soft_margin_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    _check_reduction(reduction)
    return _reduce(log1p(exp(-input * target)), reduction)
