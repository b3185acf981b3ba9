"""Dimension arguments, shared by every op that takes ``dim``: a possibly negative index, ``None`` (every
dimension) or a tuple of them, checked with PyTorch's errors; and ``keepdim``'s reverse step for gradients.

A reduction over ``axes`` without ``keepdim`` removes those dimensions; its gradient must get them back (with size
1) before it can broadcast over the input: :func:`restore_reduced`.
"""

from __future__ import annotations

import numpy as np


def normalize_dim(dim, ndim: int) -> int:
    """A possibly negative dimension index as a non-negative one, with PyTorch's error when out of range."""
    low, high = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if not low <= dim <= high:
        raise IndexError(f"Dimension out of range (expected to be in range of [{low}, {high}], but got {dim})")
    return dim % ndim if ndim else 0


def normalize_dims(dim, ndim: int) -> tuple:
    """``dim`` (None, int, or sequence) as a sorted tuple of axes of an array with ``ndim`` dimensions."""
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    axes = [normalize_dim(d, ndim) for d in dims]
    if len(set(axes)) != len(axes):
        raise RuntimeError(f"dim {axes} appears multiple times in the list of dims")
    return tuple(sorted(set(axes))) if ndim else ()


def restore_reduced(grad: np.ndarray, axes: tuple, keepdim: bool) -> np.ndarray:
    """The gradient of a reduction over ``axes`` with the reduced dimensions back (size 1), so that it broadcasts
    over the input; unchanged when ``keepdim`` kept them."""
    from .array_namespace import array_namespace

    return grad if keepdim else array_namespace(grad).expand_dims(grad, axes)
