"""Matrix product with PyTorch's ``matmul`` rules (vectors, matrices, and broadcast batches of matrices)."""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd import Function
from .broadcasting import unbroadcast


class MatMul(Function):
    """Y = A B;  dJ/dA = G B^T,  dJ/dB = A^T G (summed over broadcast batch dimensions).

    A vector operand is treated as a one-row (left) or one-column (right) matrix, and that dimension is removed
    from the result, exactly as ``torch.matmul``.
    """

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.asarray(np.matmul(a, b))

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        a2 = a[np.newaxis, :] if a.ndim == 1 else a
        b2 = b[:, np.newaxis] if b.ndim == 1 else b
        g2 = g.reshape(np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) + (a2.shape[-2], b2.shape[-1]))
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = unbroadcast(g2 @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = unbroadcast(np.swapaxes(a2, -1, -2) @ g2, b2.shape).reshape(b.shape)
        return grad_a, grad_b


def _describe(shape: tuple) -> str:
    return "x".join(str(s) for s in shape)


def _check_matmul(a_shape: tuple, b_shape: tuple) -> None:
    if len(a_shape) == 0 or len(b_shape) == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {len(a_shape)}D and {len(b_shape)}D"
        )
    inner_a = a_shape[-1]
    inner_b = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
    if inner_a != inner_b:
        if len(a_shape) == 1 and len(b_shape) == 1:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{inner_a}] and src [{inner_b}] to have the same "
                f"number of elements, but got {inner_a} and {inner_b} elements respectively"
            )
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({_describe(a_shape)} and {_describe(b_shape)}): "
            f"the last dimension of the first ({inner_a}) must equal the "
            f"{'only' if len(b_shape) == 1 else 'second-to-last'} dimension of the second ({inner_b})"
        )
    try:
        np.broadcast_shapes(a_shape[:-2], b_shape[:-2])
    except ValueError:
        raise RuntimeError(
            f"matmul: the batch dimensions {list(a_shape[:-2])} and {list(b_shape[:-2])} of shapes "
            f"{list(a_shape)} and {list(b_shape)} cannot be broadcast together"
        ) from None


def matmul(a, b):
    """``a @ b`` for tensors of equal dtype (PyTorch refuses mixed dtypes here)."""
    if a.dtype is not b.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: {dtypes.torch_name(a.dtype).lower()} != "
            f"{dtypes.torch_name(b.dtype).lower()}"
        )
    _check_matmul(a.shape, b.shape)
    return MatMul.apply(a, b)
