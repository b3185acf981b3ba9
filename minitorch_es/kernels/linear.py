"""The fully connected layer on NumPy arrays (guide 004): y = x W^T + b, and its backward.

    dJ/dx = g W,   dJ/dW = g^T x,   dJ/db = sum over rows of g

The products go to NumPy's BLAS; the bias is added in place, so the forward makes no temporary array.
"""

from __future__ import annotations

import numpy as np


def linear_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None) -> np.ndarray:
    """y = x W^T + b for x of shape (*, in_features); the bias is added in place (no temporary)."""
    out = np.matmul(x, weight.T)
    if bias is not None:
        out += bias
    return out


def linear_backward(x, weight, grad_out, need_input: bool, need_weight: bool, need_bias: bool):
    """(dJ/dx, dJ/dW, dJ/db), with the leading dimensions of x flattened into one batch dimension."""
    rows = grad_out.reshape(-1, grad_out.shape[-1])
    grad_x = (rows @ weight).reshape(*grad_out.shape[:-1], weight.shape[1]) if need_input else None
    grad_weight = rows.T @ x.reshape(-1, x.shape[-1]) if need_weight else None
    grad_bias = rows.sum(axis=0) if need_bias else None
    return grad_x, grad_weight, grad_bias
