"""Dropout (guide 003, section 2.6; guide 004): the masks are drawn here, and :class:`minitorch_es.ops.dropout.Dropout`
applies them (y = x m / (1 - p), and its gradient)."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from ...ops.dropout import Dropout
from ...ops.in_place import maybe_in_place
from ...random import numpy_generator

if TYPE_CHECKING:
    from ...tensor import Tensor


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by 1/(1-p) while training; identity otherwise."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    keep = numpy_generator().random(input.shape) >= p
    return maybe_in_place(Dropout.apply, input, inplace, keep, p)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero whole channels (all of x[n, c]) with probability ``p`` while training, scaling the rest by 1/(1-p)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if input.ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {input.ndim}-D input to dropout2d, which is deprecated and will result "
                      "in an error in a future release.", UserWarning, stacklevel=2)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", UserWarning, stacklevel=2)
    kept_shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    keep = np.broadcast_to(numpy_generator().random(kept_shape) >= p, input.shape)
    return maybe_in_place(Dropout.apply, input, inplace, keep, p)
