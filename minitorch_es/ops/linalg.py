"""Linear algebra: the matrix product (``matmul``, with PyTorch's rules for vectors, matrices and broadcast batches
of matrices), the fully connected layer's y = x W^T + b, dot, outer, addmm, norms, diag, trace, tril and triu."""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from ..kernels import linear as linear_kernels
from .broadcasting import unbroadcast
from .dims import normalize_dims
from .piecewise import where


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
        xp = array_namespace(g)
        a2 = xp.expand_dims(a, 0) if a.ndim == 1 else a
        b2 = xp.expand_dims(b, 1) if b.ndim == 1 else b
        g2 = xp.reshape(g, np.broadcast_shapes(tuple(a2.shape[:-2]), tuple(b2.shape[:-2]))
                        + (a2.shape[-2], b2.shape[-1]))
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = xp.reshape(unbroadcast(g2 @ xp.swapaxes(b2, -1, -2), a2.shape), a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = xp.reshape(unbroadcast(xp.swapaxes(a2, -1, -2) @ g2, b2.shape), b.shape)
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


def matmul(a, b, *, _node_name=None):
    """``a @ b`` for tensors of equal dtype (PyTorch refuses mixed dtypes here)."""
    if a.dtype is not b.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: {dtypes.torch_name(a.dtype).lower()} != "
            f"{dtypes.torch_name(b.dtype).lower()}"
        )
    _check_matmul(a.shape, b.shape)
    name = _node_name or _MATMUL_NAMES.get((a.ndim, b.ndim), "UnsafeViewBackward0")
    return MatMul.apply(a, b, node_label=name)


# PyTorch's node of a matrix product, by the dimensions of its operands (a batched product is reshaped back)
_MATMUL_NAMES = {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (1, 2): "SqueezeBackward4", (2, 2): "MmBackward0"}


def mm(input, mat2):
    if input.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"mm: both arguments must be 2D matrices, got {input.ndim}D and {mat2.ndim}D")
    return matmul(input, mat2)


def bmm(input, mat2):
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError(f"batch1 and batch2 must be 3D tensors, got {input.ndim}D and {mat2.ndim}D")
    if input.shape[0] != mat2.shape[0]:
        raise RuntimeError(f"bmm: batch sizes differ: {list(input.shape)} and {list(mat2.shape)}")
    return matmul(input, mat2, _node_name="BmmBackward0")


def dot(a, b):
    """sum_i a_i b_i of two 1-D tensors of one dtype."""
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    if a.dtype is not b.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{dtypes.torch_name(a.dtype)} and {dtypes.torch_name(b.dtype)}")
    return matmul(a, b)


def outer(a, b):
    """Y_ij = a_i b_j."""
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"outer: expected 1D tensors, but got {a.ndim}D and {b.ndim}D tensors")
    return a.unsqueeze(1) * b.unsqueeze(0)


class Linear(Function):
    """y = x W^T + b;  dJ/dx = g W,  dJ/dW = g^T x,  dJ/db = sum of g over the batch.

    x is saved only for W's gradient and W only for x's, as PyTorch's (a first layer on data saves no weight, so
    that an optimizer step before its backward is no error)."""

    @staticmethod
    def forward(ctx, x, weight, bias):
        need_x, need_weight = (ctx.needs_input_grad + (False, False))[:2]
        ctx.save_for_backward(x if need_weight else None, weight if need_x else None)
        return linear_kernels.linear_forward(x, weight, bias)

    @staticmethod
    def backward(ctx, g):
        x, weight = ctx.saved_arrays
        xp = array_namespace(g)
        if not xp.IS_DIFFERENTIABLE:
            return linear_kernels.linear_backward(x, weight, g, *ctx.needs_input_grad[:3])  # the same, fused
        need_x, need_weight, need_bias = ctx.needs_input_grad[:3]
        rows = xp.reshape(g, (-1, g.shape[-1]))
        return (g @ weight if need_x else None,
                xp.swapaxes(rows, 0, 1) @ xp.reshape(x, (-1, x.shape[-1])) if need_weight else None,
                xp.sum(rows, axis=0) if need_bias else None)


class EuclideanNorm(Function):
    """y = sqrt(sum x^2) over ``axes``;  dJ/dx = g x / y (0 where y = 0, as PyTorch's subgradient)."""

    node_name = "LinalgVectorNormBackward0"

    saves_output = True  # its double backward reads y

    @staticmethod
    def forward(ctx, x, axes, keepdim):
        y = np.sqrt(np.sum(x * x, axis=axes, keepdims=True))
        ctx.save_for_backward(x, y)
        return y if keepdim else np.squeeze(y, axis=axes)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_arrays
        xp = array_namespace(g)
        if xp.IS_DIFFERENTIABLE:  # y (kept dimensions) from the output
            y = xp.reshape(ctx.output_tensor, y.shape)
        g = xp.reshape(g, y.shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            return xp.where(y == 0, 0, g * x / xp.where(y == 0, 1, y))


def norm(x, p="fro", dim=None, keepdim: bool = False, dtype=None):
    """The p-norm over ``dim`` (all entries by default): 2 / "fro" (Euclidean), 1, inf, -inf, 0, or any p:
    (sum |x|^p)^(1/p)."""
    if dtype is not None:
        x = x.to(dtype)
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{dtypes.torch_name(x.dtype)}")
    axes = normalize_dims(dim, x.ndim) if dim is not None else tuple(range(x.ndim))
    if p in ("fro", 2, 2.0):
        return EuclideanNorm.apply(x, axes=axes, keepdim=keepdim)
    if p in (1, 1.0):
        return x.abs().sum(dim=axes, keepdim=keepdim)
    if p == float("inf"):
        return x.abs().amax(dim=axes, keepdim=keepdim)
    if p == float("-inf"):
        return x.abs().amin(dim=axes, keepdim=keepdim)
    if p == 0:
        return (x != 0).to(x.dtype).sum(dim=axes, keepdim=keepdim)
    return (x.abs() ** p).sum(dim=axes, keepdim=keepdim) ** (1.0 / p)


class Diagonal(Function):
    """diag: a vector x becomes the matrix with x on diagonal k (zeros elsewhere); a matrix gives its diagonal k.
    dJ/dx = the diagonal k of g (vector input), or g placed on diagonal k of a zero matrix (matrix input)."""

    linear = True

    @staticmethod
    def forward(ctx, x, k):
        ctx.shape, ctx.k = x.shape, k
        return np.diag(x, k).copy()

    @staticmethod
    def backward(ctx, g):
        if len(ctx.shape) == 1:
            return np.diagonal(g, ctx.k).copy()
        grad = np.zeros(ctx.shape, dtype=g.dtype)
        rows = np.arange(g.shape[0]) + max(-ctx.k, 0)
        grad[rows, rows + ctx.k] = g
        return grad


def diag(x, diagonal: int = 0):
    if x.ndim not in (1, 2):
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {x.ndim}D")
    return Diagonal.apply(x, k=diagonal)


def trace(x):
    """sum_i x[i, i] of a matrix."""
    if x.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {x.ndim}")
    return diag(x).sum()


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta input + alpha (mat1 @ mat2), input broadcast to the product's shape; with beta = 0 the input is ignored
    (its NaN and inf too), as PyTorch."""
    for name, matrix in (("mat1", mat1), ("mat2", mat2)):
        if matrix.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {matrix.ndim}-D tensor")
    product = matmul(mat1, mat2)
    input.expand(product.shape)  # PyTorch's error when the input does not broadcast to the product
    product = product * alpha if alpha != 1 else product
    if beta == 0:  # the input takes part with a zero gradient, but none of its values (NaN * 0 would be NaN)
        return where(np.zeros(tuple(input.shape), dtype=bool), input, 0.0) + product
    return (input * beta if beta != 1 else input) + product


class Triangle(Function):
    """y = x on and below (tril) or above (triu) the k-th diagonal of the last two dims, 0 elsewhere;
    dJ/dx = g there, 0 elsewhere."""

    linear = True

    @staticmethod
    def forward(ctx, x, diagonal, upper):
        rows, columns = x.shape[-2:]
        offsets = np.arange(columns)[None, :] - np.arange(rows)[:, None]
        ctx.keep = offsets >= diagonal if upper else offsets <= diagonal
        return np.where(ctx.keep, x, np.zeros((), dtype=x.dtype))

    @staticmethod
    def backward(ctx, g):
        return np.where(ctx.keep, g, np.zeros((), dtype=g.dtype))


def tril(x, diagonal: int = 0):
    _check_matrix(x, "tril")
    return Triangle.apply(x, diagonal=diagonal, upper=False, node_label="TrilBackward0")


def triu(x, diagonal: int = 0):
    _check_matrix(x, "triu")
    return Triangle.apply(x, diagonal=diagonal, upper=True, node_label="TriuBackward0")


def _check_matrix(x, name: str) -> None:
    if x.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
