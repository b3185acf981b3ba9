"""Resampling images and signals (``F.interpolate``, ``nn.Upsample``): each spatial dimension is resized by a
matrix A (out_size x in_size) whose rows say how much of each input entry an output entry takes
(:mod:`minitorch_es.kernels.interpolate`), so the whole resize is linear: Y = A_1 X A_2^T.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..autograd.function import Function
from ..kernels.interpolate import interpolation_matrix, output_size

if TYPE_CHECKING:
    from ..tensor import Tensor


class Resample(Function):
    """Y = A_1 X A_2^T over the last two dimensions (or y = x A^T over the last one), A_k the resampling matrices of
    :mod:`minitorch_es.kernels.interpolate`;  dJ/dX = A_1^T G A_2 (dJ/dx = g A)."""

    linear = True

    @staticmethod
    def forward(ctx, x, matrices):
        ctx.matrices = [m.astype(x.dtype) for m in matrices]
        if len(matrices) == 1:
            return x @ ctx.matrices[0].T
        return ctx.matrices[0] @ x @ ctx.matrices[1].T

    @staticmethod
    def backward(ctx, g):
        if len(ctx.matrices) == 1:
            return g @ ctx.matrices[0]
        return ctx.matrices[0].T @ g @ ctx.matrices[1]


_INTERPOLATION_DIMS = {"nearest": (1, 2), "nearest-exact": (1, 2), "linear": (1,), "bilinear": (2,)}


def interpolate(input: Tensor, size=None, scale_factor=None, mode: str = "nearest", align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None, antialias: bool = False) -> Tensor:
    """Resample the spatial dimensions of (N, C, L) or (N, C, H, W) to ``size`` or by ``scale_factor``
    (modes nearest, nearest-exact, linear, bilinear; ``align_corners`` and ``antialias`` as PyTorch)."""
    if mode not in _INTERPOLATION_DIMS:
        raise NotImplementedError(f"interpolate: mode {mode!r} is not supported (nearest, nearest-exact, linear, "
                                  "bilinear)")
    dims = input.ndim - 2
    if dims not in _INTERPOLATION_DIMS[mode]:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs "
                                  f"{' or '.join(str(d + 2) for d in _INTERPOLATION_DIMS[mode])}D input")
    if align_corners is not None and mode.startswith("nearest"):
        raise ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | "
                         "bicubic | trilinear")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    sizes = list(size) if isinstance(size, (tuple, list)) else [size] * dims
    factors = list(scale_factor) if isinstance(scale_factor, (tuple, list)) else [scale_factor] * dims
    matrices = []
    for axis in range(dims):
        in_size = input.shape[2 + axis]
        out = output_size(in_size, sizes[axis], factors[axis])
        given_scale = factors[axis] is not None and not recompute_scale_factor
        scale = 1.0 / factors[axis] if given_scale else None
        kind = mode if mode.startswith("nearest") else "linear"
        matrices.append(interpolation_matrix(in_size, out, kind, bool(align_corners), scale, antialias))
    return Resample.apply(input, matrices)
