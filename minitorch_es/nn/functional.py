"""``minitorch_es.nn.functional``: the layers and losses of ``nn`` as functions (``F.relu``, ``F.cross_entropy``)."""

from __future__ import annotations

import warnings

import numpy as np

from ..ops import dropout as _dropout
from ..ops import normalization
from ..ops.activation import elu, gelu, leaky_relu, relu, sigmoid, tanh
from ..ops.activation import log_softmax as _log_softmax
from ..ops.activation import softmax as _softmax
from ..random import numpy_generator
from ..tensor import Tensor
from .functional_1d import avg_pool1d, conv1d, max_pool1d
from .functional_activations import hardsigmoid, hardswish, logsigmoid, prelu
from .functional_distance import cosine_similarity, pairwise_distance
from .loss_margin import hinge_embedding_loss, margin_ranking_loss, soft_margin_loss
from .functional_extra import (dropout2d, embedding, group_norm, hardtanh, interpolate, layer_norm, mish, normalize,
                               pad, relu6, selu, silu, softplus)
from .loss_functions import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    hinge_loss,
    huber_loss,
    kl_div,
    l1_loss,
    mean_bias_error,
    mse_loss,
    multi_margin_loss,
    nll_loss,
    smooth_l1_loss,
)
from .functional_fold import fold, unfold
from .spatial_functional import (adaptive_avg_pool2d, adaptive_max_pool2d, adaptive_max_pool2d_with_indices,
                                 avg_pool2d, conv2d, conv_transpose2d, linear, lp_pool2d, max_pool2d,
                                 max_pool2d_with_indices, max_unpool2d)

__all__ = [
    "linear", "conv2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "relu", "leaky_relu", "elu", "gelu",
    "sigmoid", "tanh", "softmax", "log_softmax", "dropout",
    "batch_norm", "one_hot", "cross_entropy", "nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "multi_margin_loss", "kl_div", "mean_bias_error",
    "hinge_loss", "dropout2d", "hardtanh", "layer_norm", "mish", "normalize", "pad", "relu6", "selu", "silu",
    "softplus", "avg_pool1d", "conv1d", "max_pool1d", "embedding", "group_norm",
    "interpolate", "prelu", "hardsigmoid", "hardswish", "logsigmoid",
    "cosine_similarity", "pairwise_distance", "adaptive_max_pool2d", "hinge_embedding_loss", "margin_ranking_loss",
    "soft_margin_loss", "conv_transpose2d", "unfold", "fold", "max_unpool2d", "lp_pool2d", "max_pool2d_with_indices",
    "adaptive_max_pool2d_with_indices",
]


def implicit_softmax_dim(ndim: int) -> int:
    """The dimension PyTorch picks (with a warning) when softmax is called without ``dim``."""
    warnings.warn("Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X "
                  "as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """p_i = e^{x_i} / sum_j e^{x_j} along ``dim`` (guide 000, section 2.1)."""
    return _softmax(input, implicit_softmax_dim(input.ndim) if dim is None else dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """log p_i = x_i - log sum_j e^{x_j} along ``dim``."""
    return _log_softmax(input, implicit_softmax_dim(input.ndim) if dim is None else dim, dtype=dtype)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by 1/(1-p) while training; identity otherwise."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    keep = numpy_generator().random(input.shape) >= p
    return _dropout.Dropout.apply(input, keep, p)


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None, weight: Tensor | None = None,
               bias: Tensor | None = None, training: bool = False, momentum: float | None = 0.1,
               eps: float = 1e-5) -> Tensor:
    """Normalize each channel (dimension 1), then scale by ``weight`` and shift by ``bias`` (guide 003, 2.5).

    Training uses the batch's mean and biased variance, and updates the running statistics in place:
    running = (1 - momentum) * running + momentum * batch_statistic, with the *unbiased* variance (M / (M - 1)).
    Evaluation uses the running statistics.
    """
    if input.ndim < 2:
        raise ValueError(f"batch_norm expected at least 2D input (got {input.ndim}D input)")
    channels = input.shape[1]
    for name, value in (("weight", weight), ("bias", bias), ("running_mean", running_mean),
                        ("running_var", running_var)):
        if value is not None and value.numel() != channels:
            raise RuntimeError(f"running_mean should contain {channels} elements not {value.numel()}"
                               if name.startswith("running") else
                               f"{name} should contain {channels} elements not {value.numel()}")
    use_batch_statistics = training or running_mean is None or running_var is None
    data = input._data
    if use_batch_statistics:
        axes = (0,) + tuple(range(2, input.ndim))
        count = data.size // channels
        if count <= 1 and training:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                             f"{input.shape!r}")
        mean = data.mean(axis=axes)
        variance = data.var(axis=axes)
        if training and running_mean is not None and running_var is not None:
            factor = 1.0 if momentum is None else momentum
            unbiased = variance * (count / (count - 1)) if count > 1 else variance
            running_mean._data[...] = (1 - factor) * running_mean._data + factor * mean
            running_var._data[...] = (1 - factor) * running_var._data + factor * unbiased
    else:
        mean, variance = running_mean._data, running_var._data
    return normalization.BatchNorm.apply(input, weight, bias, mean, variance, eps=eps,
                                         batch_statistics=use_batch_statistics)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """y[..., k] = 1 where k = tensor[...], else 0 (int64), as ``torch.nn.functional.one_hot``."""
    if tensor.dtype.is_floating_point or tensor.dtype.name == "bool":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    indices = tensor._data
    if indices.size and indices.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(indices.max()) + 1 if indices.size else 0
    elif indices.size and indices.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return Tensor._wrap((indices[..., None] == np.arange(num_classes)).astype(np.int64))
