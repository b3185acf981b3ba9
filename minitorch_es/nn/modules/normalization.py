"""Normalization layers (guide 003, section 2.5): BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm (the
functions they call, in :mod:`minitorch_es.nn.functional.normalization`, say what they compute)."""

from __future__ import annotations

from ... import creation, dtypes
from ...tensor import Tensor
from .. import functional as F
from .module import Module
from ..parameter import Parameter
from .utils import factory_options

def _add_scale_and_shift(module: Module, shape: tuple, affine: bool, bias: bool, options: dict) -> None:
    """A normalisation layer's ``weight`` (ones) and ``bias`` (zeros) of ``shape``; None where ``affine`` (or
    ``bias``) is off, as PyTorch registers them."""
    module.register_parameter("weight", Parameter(creation.ones(*shape, **options)) if affine else None)
    module.register_parameter("bias", Parameter(creation.zeros(*shape, **options)) if affine and bias else None)


class _BatchNorm(Module):
    """Batch normalization (guide 003, 2.5): see :func:`minitorch_es.nn.functional.batch_norm`.

    ``weight`` (gamma) starts at 1 and ``bias`` (beta) at 0 (``affine=False`` has neither, ``bias=False`` no beta);
    ``running_mean`` starts at 0, ``running_var`` at 1.
    ``momentum=None`` makes the running statistics a cumulative average (factor 1 / num_batches_tracked).
    """

    expected_dims: tuple = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None, *, bias: bool = True) -> None:
        super().__init__()
        options = factory_options(device, dtype)
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        _add_scale_and_shift(self, (num_features,), affine, bias, options)
        if track_running_stats:
            self.register_buffer("running_mean", creation.zeros(num_features, **options))
            self.register_buffer("running_var", creation.ones(num_features, **options))
            self.register_buffer("num_batches_tracked", creation.tensor(0, dtype=dtypes.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def _check_input_dim(self, x: Tensor) -> None:
        if x.ndim not in self.expected_dims:
            wanted = " or ".join(f"{d}D" for d in self.expected_dims)
            raise ValueError(f"expected {wanted} input (got {x.ndim}D input)")
        if x.shape[1] != self.num_features:
            raise ValueError(f"{type(self).__name__} expected {self.num_features} channels (num_features) in "
                             f"dimension 1, got input of shape {list(x.shape)}")

    def forward(self, x: Tensor) -> Tensor:
        self._check_input_dim(x)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked._data += 1
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked.item())
        use_batch_statistics = self.training or not self.track_running_stats
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, use_batch_statistics,
                            factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalization over (N, C) or (N, C, L) inputs, per channel C."""

    expected_dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalization over (N, C, H, W) inputs, per channel C."""

    expected_dims = (4,)


class LayerNorm(Module):
    """Normalise each sample over its last dimensions ``normalized_shape`` (:func:`~minitorch_es.nn.functional.
    layer_norm`), then scale by ``weight`` (starts at 1) and shift by ``bias`` (starts at 0), both of shape
    ``normalized_shape``."""

    def __init__(self, normalized_shape, eps: float = 1e-5, elementwise_affine: bool = True, bias: bool = True,
                 device=None, dtype=None) -> None:
        super().__init__()
        options = factory_options(device, dtype)
        self.normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        _add_scale_and_shift(self, self.normalized_shape, elementwise_affine, bias, options)

    def forward(self, x: Tensor) -> Tensor:
        return F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")


class GroupNorm(Module):
    """Normalise each sample over groups of channels (``num_groups`` groups), then scale by ``weight`` and shift by
    ``bias`` per channel (they start at 1 and 0)."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True, bias: bool = True,
                 device=None, dtype=None) -> None:
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})")
        options = factory_options(device, dtype)
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        _add_scale_and_shift(self, (num_channels,), affine, bias, options)

    def forward(self, x: Tensor) -> Tensor:
        return F.group_norm(x, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")
