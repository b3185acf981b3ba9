"""What the transforms share: how an image is stored. Images are NumPy arrays (H, W) or (H, W, C) of uint8 (what the
datasets return, in place of PIL images), or float tensors (C, H, W)."""

from __future__ import annotations

import numpy as np

from ...tensor import Tensor

def as_array(image) -> np.ndarray:
    """The array behind an image (a tensor's, or the array itself)."""
    return image._data if isinstance(image, Tensor) else np.asarray(image)


def spatial_axes(image) -> tuple[int, int]:
    """(height axis, width axis): images are (H, W[, C]) arrays (as the datasets give them) or (C, H, W) tensors."""
    return (image.ndim - 2, image.ndim - 1) if isinstance(image, Tensor) else (0, 1)


def wrap_like(result: np.ndarray, original):
    """``result`` as the same kind of image as ``original`` (a tensor or an array)."""
    return Tensor._wrap(np.ascontiguousarray(result)) if isinstance(original, Tensor) else np.ascontiguousarray(result)
