"""Resampling one dimension of an image as a matrix: y = A x, A of shape (out_size, in_size). A 2-D resize is then
Y = A_rows X A_cols^T, and its gradient dJ/dX = A_rows^T G A_cols (used by ``F.interpolate`` and by the vision
transforms ``Resize`` and ``RandomResizedCrop``).

With s the scale (in_size / out_size, or 1 / scale_factor when one is given, as PyTorch), output index i reads:

    nearest        x[floor(i s)]                   nearest-exact   x[floor((i + 0.5) s)]
    linear         x at  (i + 0.5) s - 0.5  (clamped at 0), or  i (in - 1) / (out - 1)  with align_corners,
                   split between its two neighbours in proportion to the distance
    antialiased    (shrinking, s > 1): the triangle filter 1 - |j + 0.5 - (i + 0.5) s| / s, normalised
"""

from __future__ import annotations

import math

import numpy as np


def interpolation_matrix(in_size: int, out_size: int, mode: str = "linear", align_corners: bool = False,
                         scale: float | None = None, antialias: bool = False) -> np.ndarray:
    scale = in_size / out_size if scale is None else scale
    matrix = np.zeros((out_size, in_size))
    rows = np.arange(out_size)
    if mode in ("nearest", "nearest-exact"):
        offset = 0.5 if mode == "nearest-exact" else 0.0
        sources = np.minimum(np.floor((rows + offset) * scale).astype(int), in_size - 1)
        matrix[rows, sources] = 1.0
        return matrix
    if antialias and scale > 1 and not align_corners:
        for i in range(out_size):
            center = (i + 0.5) * scale
            low, high = max(int(center - scale + 0.5), 0), min(int(center + scale + 0.5), in_size)
            taps = np.arange(low, high)
            weights = np.maximum(0.0, 1.0 - np.abs((taps - center + 0.5) / scale))
            if weights.sum() > 0:
                matrix[i, low:high] = weights / weights.sum()
        return matrix
    if align_corners:
        positions = rows * ((in_size - 1) / (out_size - 1)) if out_size > 1 else np.zeros(out_size)
    else:
        positions = np.maximum((rows + 0.5) * scale - 0.5, 0.0)
    left = np.minimum(np.floor(positions).astype(int), in_size - 1)
    right = np.minimum(left + 1, in_size - 1)
    fraction = positions - left
    np.add.at(matrix, (rows, left), 1.0 - fraction)
    np.add.at(matrix, (rows, right), fraction)
    return matrix


def output_size(in_size: int, size, scale_factor) -> int:
    return int(size) if size is not None else int(math.floor(in_size * scale_factor))
