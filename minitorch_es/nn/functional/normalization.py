"""Normalization (guide 003, section 2.5) with PyTorch's checks: batch_norm (which also updates the running
statistics), layer_norm and group_norm apply the Functions of :mod:`minitorch_es.ops.normalization`, whose
docstrings state the equations and their backward; normalize is y = x / max(||x||_p, eps).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...ops import normalization

if TYPE_CHECKING:
    from ...tensor import Tensor


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


def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """Normalise over the last len(normalized_shape) dimensions of each sample, then scale and shift:
    :class:`~minitorch_es.ops.normalization.LayerNorm`."""
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(normalized_shape):]) != normalized_shape:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size "
                           f"{list(input.shape)}")
    for name, parameter in (("weight", weight), ("bias", bias)):
        if parameter is not None and tuple(parameter.shape) != normalized_shape:
            raise RuntimeError(f"layer_norm: {name} of shape {list(parameter.shape)}, expected "
                               f"{list(normalized_shape)} (normalized_shape)")
    axes = tuple(range(input.ndim - len(normalized_shape), input.ndim))
    return normalization.LayerNorm.apply(input, weight, bias, axes=axes, eps=eps)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """y = x / max(||x||_p, eps) along ``dim``."""
    return input / input.norm(p=p, dim=dim, keepdim=True).clamp_min(eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """Normalise each sample's channels in ``num_groups`` groups (mean and biased variance over the group's channels
    and positions), then scale and shift per channel: the LayerNorm of (N, G, C/G * positions)."""
    channels = input.shape[1]
    if channels % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    if input.shape[0] * channels // num_groups * int(np.prod(input.shape[2:])) == 1:
        sizes = [input.shape[0] * channels // num_groups, num_groups, *input.shape[2:]]
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {sizes}")
    grouped = input.reshape(input.shape[0], num_groups, -1)
    normalized = normalization.LayerNorm.apply(grouped, None, None, axes=(2,), eps=eps).reshape(*input.shape)
    channel_shape = (1, channels) + (1,) * (input.ndim - 2)
    if weight is not None:
        normalized = normalized * weight.reshape(*channel_shape)
    if bias is not None:
        normalized = normalized + bias.reshape(*channel_shape)
    return normalized

