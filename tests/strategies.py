"""Hypothesis strategies for tensors: shapes, values in an operation's safe domain, both float dtypes."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = st.sampled_from([np.float64, np.float32])


def shapes(min_dims: int = 0, max_dims: int = 4, min_side: int = 1, max_side: int = 5):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def arrays(shape, low: float = -2.0, high: float = 2.0):
    """Float64 arrays of ``shape`` with values in [low, high] (cast to each tested dtype by the harness)."""
    low, high = float(np.float32(low)), float(np.float32(high))
    elements = st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=32)
    return hnp.arrays(np.float64, shape, elements=elements)


def away_from(array: np.ndarray, points, margin: float = 1e-2) -> np.ndarray:
    """``array`` with values closer than ``margin`` to any of ``points`` pushed away (kinks of ReLU, abs...)."""
    result = np.array(array, dtype=np.float64)
    for point in points:
        close = np.abs(result - point) < margin
        result[close] = point + np.where(result[close] >= point, margin, -margin)
    return result


def distinct(array: np.ndarray, gap: float = 1e-3) -> np.ndarray:
    """``array`` with every value unique (no ties for max/min/sort), keeping its order of magnitude."""
    order = np.argsort(array, axis=None, kind="stable")
    result = array.reshape(-1).copy()
    result[order] += np.arange(result.size) * gap
    return result.reshape(array.shape)


@st.composite
def broadcastable_pair(draw, low: float = -2.0, high: float = 2.0, max_dims: int = 4):
    """Two arrays whose shapes broadcast together (sizes of 1 and missing leading dimensions included)."""
    shape_pair = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=max_dims, max_side=4))
    a_shape, b_shape = shape_pair.input_shapes
    return draw(arrays(a_shape, low, high)), draw(arrays(b_shape, low, high))
