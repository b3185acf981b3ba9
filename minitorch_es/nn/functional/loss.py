"""Loss functions (guides 000, 001, 002), in functional form, with PyTorch's options and exact formulas.

Every loss computes a per-element loss l and then applies ``reduction``: "mean" (the average; for class-index
targets with class weights, the weighted average sum_i l_i / sum_i w_{y_i}), "sum", or "none" (l itself).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from ... import dtypes
from ...ops import losses
from ...ops.activations import log_softmax, relu
from ...ops.broadcasting import broadcast_shapes
from ...ops.exp_log import exp, log1p
from ...ops.operands import wrap
from ...ops.piecewise import clamp, where

if TYPE_CHECKING:
    from ...tensor import Tensor

REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction: str, allowed=REDUCTIONS) -> None:
    if reduction not in allowed:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _check_same_shape(input: Tensor, target: Tensor, name: str) -> None:
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"{name}: Using a target size ({target.shape!r}) that is different to the input size "
                         f"({input.shape!r}) is not supported. Please ensure they have the same size.")


# ---- classification with class indices ----------------------------------------------------------------------


def _classes_last(input: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """(N, C, d1, ...) scores and (N, d1, ...) targets as (M, C) and (M,); an unbatched (C,) input as (1, C)."""
    if input.ndim == 1:
        if target.ndim != 0:
            raise ValueError(f"Expected target of shape () for an input of shape {input.shape!r} (one sample), "
                             f"got {target.shape!r}")
        return input.unsqueeze(0), target.reshape(1)
    if input.ndim == 0:
        raise ValueError("Expected input with at least 1 dimension (the classes), got a 0-dimensional tensor")
    if target.shape[:1] != input.shape[:1]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target.shape[0] if target.ndim else 0}).")
    if tuple(target.shape[1:]) != tuple(input.shape[2:]):
        raise RuntimeError(f"Expected target size {[input.shape[0]] + list(input.shape[2:])}, got {list(target.shape)}")
    if input.ndim == 2:
        return input, target
    classes = input.shape[1]
    moved = input.permute(0, *range(2, input.ndim), 1)
    return moved.reshape(-1, classes), target.reshape(-1)


def _check_class_indices(target: Tensor, classes: int, ignore_index: int) -> np.ndarray:
    if target.dtype.is_floating_point:
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {dtypes.torch_name(target.dtype)} "
                           "(class-index targets are integers; floating targets of the input's shape are "
                           "probabilities)")
    indices = target._data.astype(np.int64)
    bad = indices[(indices != ignore_index) & ((indices < 0) | (indices >= classes))]
    if bad.size:
        raise IndexError(f"Target {bad.flat[0]} is out of bounds: class indices must be in [0, {classes - 1}] for "
                         f"{classes} classes")
    return indices


def _target_weights(indices: np.ndarray, weight: Tensor | None, ignore_index: int, dtype) -> tuple:
    """(indices with ignored ones replaced by 0, w_{y_i} per target with 0 where ignored): the weights whose sum is
    the denominator of the weighted mean."""
    kept = indices != ignore_index
    safe = np.where(kept, indices, 0)
    return safe, np.where(kept, 1.0 if weight is None else weight._data[safe], 0.0).astype(dtype)


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100,
             reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of log-probabilities (guide 001): l_i = -w_{y_i} x_{i, y_i}  (0 where y_i is ignored).

    "mean" divides by sum_i w_{y_i} over the targets that are not ignored (by their count without ``weight``).
    """
    _check_reduction(reduction)
    original_target_shape = target.shape
    scores, flat_target = _classes_last(input, target)
    classes = scores.shape[1]
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(f"weight tensor should be defined either for all {classes} classes or no classes but got "
                           f"weight tensor of shape: {list(weight.shape)}")
    indices = _check_class_indices(flat_target, classes, ignore_index)
    safe, sample_weights = _target_weights(indices, weight, ignore_index, scores._data.dtype)
    if reduction == "mean" and sample_weights.sum() == 0:  # every target ignored (or weighted 0): NaN, as
        loss = -scores[np.arange(len(safe)), safe] * wrap(sample_weights)  # PyTorch, with a gradient of zeros
        return loss.sum() * 0.0 + float("nan")
    name = "NllLoss2DBackward0" if input.ndim > 2 else "NllLossBackward0"  # PyTorch's nll_loss2d for (N, C, d...)
    loss = losses.NllLoss.apply(scores, safe, sample_weights, reduction, node_label=name)
    if reduction != "none":
        return loss
    shape = original_target_shape if input.ndim > 1 else ()
    return loss if tuple(loss.shape) == tuple(shape) else loss.reshape(shape)


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Cross entropy of logits z (guides 000, 001, 004): J = -sum_c y_c log p_c with p = softmax(z).

    With a class index k, J = -log p_k and dJ/dz = p - y (y one-hot): NLL's gradient is -y at the log-probabilities,
    and LogSoftmax's backward (:class:`~minitorch_es.ops.activations.LogSoftmax`, g - p sum_j g_j) turns it into
    p - y. The mean over the batch divides by B (by sum_i w_{y_i} with class weights). ``target`` may instead hold
    class probabilities (same shape as ``input``).
    ``label_smoothing`` eps mixes the target with the uniform distribution: y' = (1 - eps) y + eps / C.
    """
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    class_dim = 0 if input.ndim == 1 else 1
    log_p = log_softmax(input, class_dim)
    classes = input.shape[class_dim]
    weight_shape = [1] * input.ndim
    weight_shape[class_dim] = classes
    if tuple(target.shape) == tuple(input.shape):  # PyTorch's rule: a target of the input's shape is probabilities
        if not target.dtype.is_floating_point:
            raise RuntimeError(f"Expected floating point type for target with class probabilities, got "
                               f"{dtypes.torch_name(target.dtype)}")
        return _cross_entropy_probabilities(log_p, target, weight, weight_shape, reduction, label_smoothing)
    loss = nll_loss(log_p, target, weight, ignore_index, reduction)
    if label_smoothing == 0.0:
        return loss
    weighted = log_p if weight is None else log_p * weight.reshape(weight_shape)
    smooth = -weighted.sum(class_dim)
    ignored = target == ignore_index
    smooth = where(ignored, 0.0, smooth)
    if reduction == "mean":
        _, target_weights = _target_weights(target._data.reshape(-1).astype(np.int64), weight, ignore_index,
                                            log_p._data.dtype)
        smooth = smooth.sum() / float(target_weights.sum())
    elif reduction == "sum":
        smooth = smooth.sum()
    return loss * (1 - label_smoothing) + smooth * (label_smoothing / classes)


def _cross_entropy_probabilities(log_p, target, weight, weight_shape, reduction, label_smoothing):
    class_dim = 0 if log_p.ndim == 1 else 1
    classes = log_p.shape[class_dim]
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / classes
    terms = log_p * target
    if weight is not None:
        terms = terms * weight.reshape(weight_shape)
    loss = -terms.sum(class_dim)
    if reduction == "mean":
        return loss.sum() / (log_p.numel() // classes)
    return _reduce(loss, reduction)


# ---- binary classification ----------------------------------------------------------------------------------


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         reduction: str = "mean") -> Tensor:
    """Binary cross entropy of probabilities x in [0, 1] (guide 001), computed by
    :class:`~minitorch_es.ops.losses.BinaryCrossEntropy`."""
    _check_reduction(reduction)
    _check_same_shape(input, target, "binary_cross_entropy")
    values = input._data
    if np.any((values < 0) | (values > 1)) or np.any(np.isnan(values)):
        raise RuntimeError("all elements of input should be between 0 and 1")
    target = target.to(input.dtype)
    weight = None if weight is None else weight.to(input.dtype).expand(*input.shape)
    return losses.BinaryCrossEntropy.apply(input, target, weight, reduction=reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                     reduction: str = "mean", pos_weight: Tensor | None = None) -> Tensor:
    """Binary cross entropy of logits, stable for logits of any size, computed by
    :class:`~minitorch_es.ops.losses.BinaryCrossEntropyWithLogits` (``pos_weight`` weighs the positive term)."""
    _check_reduction(reduction)
    _check_same_shape(input, target, "binary_cross_entropy_with_logits")
    target = target.to(input.dtype)
    if weight is not None:
        weight = weight.to(input.dtype).expand(*input.shape)
    if pos_weight is not None:
        pos_weight = pos_weight.to(input.dtype).expand(*input.shape)
    return losses.BinaryCrossEntropyWithLogits.apply(input, target, weight, pos_weight, reduction=reduction)


# ---- regression (guide 002) ---------------------------------------------------------------------------------


def _warn_if_broadcasting(input: Tensor, target: Tensor) -> None:
    if tuple(input.shape) != tuple(target.shape):
        warnings.warn(f"Using a target size ({target.shape!r}) that is different to the input size "
                      f"({input.shape!r}). This will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", UserWarning, stacklevel=3)


def _broadcast_pair(input: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Input and target in their common dtype, expanded to their broadcast shape (each gradient sums back)."""
    dtype = dtypes.result_type(input, target)
    input, target = input.to(dtype), target.to(dtype)
    if tuple(input.shape) == tuple(target.shape):
        return input, target
    shape = broadcast_shapes(tuple(input.shape), tuple(target.shape))
    return input.expand(*shape), target.expand(*shape)


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Mean squared error: l = (x - y)^2 (guide 002: MSE of the example is 0.14)."""
    _check_reduction(reduction)
    _warn_if_broadcasting(input, target)
    input, target = _broadcast_pair(input, target)
    return losses.MseLoss.apply(input, target, reduction)


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Mean absolute error: l = |x - y| (guide 002: 0.5; with reduction="sum", the sum of absolute errors)."""
    _check_reduction(reduction)
    _warn_if_broadcasting(input, target)
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(input: Tensor, target: Tensor, reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """Quadratic below ``beta``, linear above: :class:`~minitorch_es.ops.losses.SmoothL1`."""
    _check_reduction(reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    _warn_if_broadcasting(input, target)
    input, target = _broadcast_pair(input, target)
    return losses.SmoothL1.apply(input, target, beta=beta, reduction=reduction)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    """Quadratic up to ``delta``, linear with slope delta above: :class:`~minitorch_es.ops.losses.Huber`."""
    _check_reduction(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _warn_if_broadcasting(input, target)
    input, target = _broadcast_pair(input, target)
    return losses.Huber.apply(input, target, delta=delta, reduction=reduction)


def mean_bias_error(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Mean bias error (guide 002; PyTorch has none): MBE = (1/n) sum_i (x_i - y_i). Positive: over-prediction.

    The guide's example gives -0.05. Its gradient is 1/n for every prediction.
    """
    _check_reduction(reduction)
    _check_same_shape(input, target, "mean_bias_error")
    return _reduce(input - target, reduction)


def hinge_loss(input: Tensor, target: Tensor, reduction: str = "mean", margin: float = 1.0) -> Tensor:
    """The guide's SVM loss (guide 002; PyTorch has none in this form): l_i = max(0, margin - y_i f(x_i)).

    The guide's example (scores [0.85, 0.12, ...], targets [1, 0, ...]) gives 0.915. dJ/df_i = -y_i / n where the
    margin is violated (margin - y_i f_i > 0), else 0.
    """
    _check_reduction(reduction)
    _check_same_shape(input, target, "hinge_loss")
    return _reduce(relu(margin - target * input), reduction)


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0, weight: Tensor | None = None,
                      reduction: str = "mean") -> Tensor:
    """PyTorch's multi-class SVM loss: l_i = sum_{j != y_i} w_{y_i} max(0, margin - x_{i,y_i} + x_{i,j})^p / C."""
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    scores = input.unsqueeze(0) if input.ndim == 1 else input
    labels = target.reshape(1) if input.ndim == 1 else target
    if scores.ndim != 2:
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(input.shape)}")
    if labels.ndim != 1 or labels.shape[0] != scores.shape[0]:
        raise RuntimeError(f"inconsistent target size, expected {scores.shape[0]} but got {list(target.shape)}")
    samples, classes = scores.shape
    indices = _check_class_indices(labels, classes, ignore_index=-(2**62))
    rows = np.arange(samples)
    correct = scores[rows, indices].unsqueeze(1)
    margins = clamp(margin - correct + scores, min=0.0)
    if p == 2:
        margins = margins * margins
    others = np.ones((samples, classes), dtype=scores._data.dtype)
    others[rows, indices] = 0
    if weight is not None:
        others = others * weight._data[indices][:, None]
    loss = (margins * wrap(others.astype(scores._data.dtype))).sum(1) / classes
    if input.ndim == 1 and reduction == "none":
        loss = loss.reshape(())
    return _reduce(loss, reduction)


def kl_div(input: Tensor, target: Tensor, reduction: str = "mean", log_target: bool = False) -> Tensor:
    """KL divergence D(p || q) with input = log q, computed pointwise by :class:`~minitorch_es.ops.losses.KLDivergence`.

    ``reduction="batchmean"`` divides the sum by the batch size (the true KL divergence per sample); "mean"
    divides by the number of elements, as PyTorch (which warns about it).
    """
    _check_reduction(reduction, REDUCTIONS + ("batchmean",))
    dtype = dtypes.result_type(input, target)
    loss = losses.KLDivergence.apply(input.to(dtype), target.to(dtype), log_target=log_target)
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim else 1)
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition.",
                      UserWarning, stacklevel=2)
    return _reduce(loss, reduction)


# ---- margin losses for labels y in {1, -1} (the family of the guides' SVM loss, guide 002) ------------------------
#
#     hinge_embedding_loss   l_i = x_i if y_i = 1,  max(0, margin - x_i) if y_i = -1   (x a distance)
#     margin_ranking_loss    l_i = max(0, -y_i (x1_i - x2_i) + margin)               (y = 1: x1 should rank higher)
#     soft_margin_loss       l_i = ln(1 + e^{-y_i x_i})                                (a smooth hinge)


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
