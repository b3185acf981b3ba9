"""Lookups by integer index (``torch.nn.functional``'s sparse functions): embedding, one_hot."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...ops.indexing import EmbeddingLookup
from ...ops.operands import array_of, wrap

if TYPE_CHECKING:
    from ...tensor import Tensor


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None, max_norm: float | None = None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Rows of ``weight`` (num_embeddings, dim) picked by the integer tensor ``input``: shape input.shape + (dim,).
    With ``max_norm``, the picked rows whose norm exceeds it are first rescaled in place to that norm."""
    indices = array_of(input)
    if indices.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {getattr(input, 'dtype', indices.dtype)} instead")
    rows = weight.shape[0]
    if indices.size and (indices.min() < 0 or indices.max() >= rows):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += rows
    if max_norm is not None:
        used = np.unique(indices)
        norms = np.linalg.norm(weight._data[used], ord=norm_type, axis=1)
        scale = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(weight._data.dtype)
        weight._data[used] *= scale[:, None]
    return EmbeddingLookup.apply(weight, indices, padding_idx, scale_grad_by_freq)


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
    return wrap((indices[..., None] == np.arange(num_classes)).astype(np.int64))
