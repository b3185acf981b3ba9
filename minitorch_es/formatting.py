"""``repr`` of a tensor in PyTorch's style: ``tensor([0.2424, 0.6590, 0.0986])``.

Floats print with 4 decimals, as integers with a trailing dot when every value is whole (``tensor([1., 2.])``),
and in scientific notation when the magnitudes span more than 1000x or leave [1e-4, 1e8]. Columns share one width.
"""

from __future__ import annotations

import numpy as np

PRECISION = 4
LINE_WIDTH = 80
THRESHOLD = 1000
EDGE_ITEMS = 3


class _ElementFormatter:
    def __init__(self, values: np.ndarray) -> None:
        self.floating = values.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.width = True, False, 1
        if not self.floating:
            self.width = max((len(self._plain(v)) for v in values.reshape(-1)), default=1)
            return
        finite = values[np.isfinite(values) & (values != 0)].astype(np.float64)
        if finite.size == 0:
            return
        magnitudes = np.abs(finite)
        largest, smallest = magnitudes.max(), magnitudes.min()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        spread = largest / smallest > 1000.0 or largest > 1.0e8
        self.sci_mode = spread if self.int_mode else spread or smallest < 1.0e-4
        self.width = max(len(self.format_unpadded(v)) for v in finite)

    @staticmethod
    def _plain(value) -> str:
        return str(bool(value)) if isinstance(value, (bool, np.bool_)) else str(value)

    def format_unpadded(self, value) -> str:
        if not self.floating:
            return self._plain(value)
        value = float(value)
        if self.sci_mode:
            return f"{value:.{PRECISION}e}"
        if self.int_mode:
            return f"{value:.0f}" + ("" if np.isinf(value) or np.isnan(value) else ".")
        return f"{value:.{PRECISION}f}"

    def __call__(self, value) -> str:
        return self.format_unpadded(value).rjust(self.width)


def format_tensor(tensor) -> str:
    """The full ``repr`` text: values, then ``dtype``, ``requires_grad`` or ``grad_fn`` where PyTorch shows them."""
    from . import dtypes

    values = tensor._data
    suffixes = []
    if values.size == 0:
        body = "[]"
        if values.shape != (0,):
            suffixes.append(f"size={tuple(values.shape)}")
    else:
        formatter = _ElementFormatter(_summarized(values))
        body = np.array2string(
            values, formatter={"all": formatter}, separator=", ", prefix="tensor(",
            max_line_width=LINE_WIDTH, threshold=THRESHOLD, edgeitems=EDGE_ITEMS,
        ).replace(", ..., ", ",  ..., ")
    if tensor.dtype not in (dtypes.get_default_dtype(), dtypes.int64, dtypes.bool_):
        suffixes.append(f"dtype={tensor.dtype!r}")
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{tensor.grad_fn.name()}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return "tensor(" + ", ".join([body] + suffixes) + ")"


def _summarized(values: np.ndarray) -> np.ndarray:
    """The values that will be printed: all of them, or the edges of each dimension past the threshold."""
    if values.size <= THRESHOLD:
        return values
    for axis, size in enumerate(values.shape):
        if size > 2 * EDGE_ITEMS:
            keep = np.r_[0:EDGE_ITEMS, size - EDGE_ITEMS:size]
            values = np.take(values, keep, axis=axis)
    return values
