"""im2col and col2im (``F.unfold`` / ``F.fold``, guide 003, section 2.1): the lowering behind convolution as a
matrix product, on NumPy arrays.

unfold copies every receptive field of x into a column:

    cols[n, (c, i, j), l] = x_pad[n, c, y s_h + i d_h, x s_w + j d_w],   l = y OW + x,

for the OH x OW block positions (y, x), OH = floor((H + 2 p_h - d_h (kH - 1) - 1) / s_h) + 1 (OW likewise), and
x_pad the input with p zeros on each side. A convolution is then one product: y[n] = W.reshape(C_out, -1) @ cols[n].

fold is its adjoint (and its derivative): each column value is added back where it was read,

    out_pad[n, c, y s_h + i d_h, x s_w + j d_w] += cols[n, (c, i, j), l],

then the padding is cut away. Where blocks overlap, values add up: fold(unfold(x)) is x times the number of blocks
that cover each position.
"""

from __future__ import annotations

import numpy as np

from .windows import output_hw, pad_spatial, tap_slices


def unfold(x: np.ndarray, kernel, dilation, padding, stride) -> np.ndarray:
    """(N, C, H, W) -> (N, C kH kW, OH OW): one column per block, one row per (channel, tap)."""
    n, c = x.shape[:2]
    kh, kw = kernel
    grid = output_hw(x.shape[2:], kernel, stride, padding, dilation)
    x_pad = pad_spatial(x, padding)
    cols = np.empty((n, c, kh, kw) + grid, dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x_pad[tap_slices(i, j, grid, stride, dilation)]
    return cols.reshape(n, c * kh * kw, grid[0] * grid[1])


def fold(cols: np.ndarray, image_hw, kernel, dilation, padding, stride) -> np.ndarray:
    """(N, C kH kW, OH OW) -> (N, C, H, W) for H, W = ``image_hw``: every column added back onto its block."""
    n = cols.shape[0]
    kh, kw = kernel
    c = cols.shape[1] // (kh * kw)
    grid = output_hw(image_hw, kernel, stride, padding, dilation)
    blocks = cols.reshape((n, c, kh, kw) + grid)
    (h, w), (ph, pw) = image_hw, padding
    out_pad = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            out_pad[tap_slices(i, j, grid, stride, dilation)] += blocks[:, :, i, j]
    return out_pad[:, :, ph:ph + h, pw:pw + w]
