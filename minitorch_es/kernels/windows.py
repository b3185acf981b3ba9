"""Sliding windows over an image (NCHW), the geometry that convolution, pooling and unfold share.

A window of ``kernel`` taps, dilated by d, moved by stride s over an input padded with p zeros on each side fits

    floor((size + 2 p - d (kernel - 1) - 1) / s) + 1

times along a dimension (pooling's ``ceil_mode`` rounds up instead). Tap (i, j) of every window reads the strided
slice ``tap_slices(i, j, ...)`` of the padded input.
"""

from __future__ import annotations

import numpy as np


def output_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """floor((size + 2 padding - dilation (kernel - 1) - 1) / stride) + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def output_hw(size_hw, kernel, stride, padding, dilation) -> tuple[int, int]:
    """(OH, OW): :func:`output_size` along the height and the width."""
    return tuple(output_size(size, k, s, p, d) for size, k, s, p, d in zip(size_hw, kernel, stride, padding, dilation))


def pool_output_size(size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool) -> int:
    """PyTorch's pooling output size: floor (or ceil) of (size + 2p - d(k-1) - 1) / s, plus 1; with ceil_mode, a
    last window that would start in the right padding is dropped."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


def pad_spatial(x: np.ndarray, padding: tuple) -> np.ndarray:
    """x with padding[0] zero rows above and below and padding[1] zero columns left and right (x itself if none)."""
    ph, pw = padding
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))) if ph or pw else x


def tap_slices(i: int, j: int, out_hw: tuple, stride: tuple, dilation: tuple) -> tuple:
    """The slices of the padded input that kernel tap (i, j) multiplies, for every output position at once."""
    (oh, ow), (sh, sw), (dh, dw) = out_hw, stride, dilation
    return (slice(None), slice(None), slice(i * dh, i * dh + sh * (oh - 1) + 1, sh),
            slice(j * dw, j * dw + sw * (ow - 1) + 1, sw))
