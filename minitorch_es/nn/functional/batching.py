"""Inputs without a batch dimension: conv2d and pooling accept (C, H, W) as well as (N, C, H, W), and the 1-d
layers (N, C, L) or (C, L); they compute on a batch of one and return the result without it, as PyTorch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...tensor import Tensor


def batched(input: Tensor, name: str) -> tuple[Tensor, bool]:
    """(N, C, H, W) as it is, (C, H, W) as a batch of one; and whether it was unbatched."""
    if input.ndim == 3:
        return input.unsqueeze(0), True
    if input.ndim != 4:
        raise RuntimeError(f"{name}: Expected 3D (unbatched) or 4D (batched) input, but got input of size: "
                           f"{list(input.shape)}")
    return input, False


def unbatched(result: Tensor, was_unbatched: bool) -> Tensor:
    """The result without the batch dimension of one that :func:`batched` added."""
    return result.squeeze(0) if was_unbatched else result


def as_image_rows(input: Tensor, name: str) -> Tensor:
    """A 1-d input (N, C, L) or (C, L) as images of height 1, (N, C, 1, L) or (C, 1, L), for the 2-d kernels."""
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2D (unbatched) or 3D (batched) input to {name}, but got input of size: "
                           f"{list(input.shape)}")
    return input.unsqueeze(-2)
