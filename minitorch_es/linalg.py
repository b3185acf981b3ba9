"""``minitorch_es.linalg``: the norms of ``torch.linalg`` (guide 002's weight penalties and gradient norms), built
from differentiable operations.

    vector_norm(x, ord)  = (sum |x_i|^ord)^(1/ord)  over ``dim`` (every entry by default); ord = inf: max |x_i|,
                           -inf: min |x_i|, 0: the number of non-zero entries
    matrix_norm(A, ord)  over the two dimensions ``dim``: 'fro' = sqrt(sum a_ij^2), 1 = max over columns of
                           sum_i |a_ij|, inf = max over rows of sum_j |a_ij| (-1, -inf: the minima)
    norm(A, ord, dim)    vector_norm when ``dim`` is one dimension or ``ord`` is None (A flattened when dim is None
                           too), matrix_norm when ``dim`` is two dimensions or A is a matrix with ``ord`` given
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .ops.dims import normalize_dims
from .ops.linalg import norm as _vector_norm

if TYPE_CHECKING:
    from .tensor import Tensor

__all__ = ["vector_norm", "matrix_norm", "norm"]

INF = float("inf")


def vector_norm(x: Tensor, ord=2, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    return _vector_norm(x, 2 if ord in (2, 2.0) else ord, dim=dim, keepdim=keepdim, dtype=dtype)


def matrix_norm(A: Tensor, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None) -> Tensor:
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    if dtype is not None:
        A = A.to(dtype)
    rows, columns = normalize_dims(dim, A.ndim)
    if ord == "fro":
        return _vector_norm(A, 2, dim=(rows, columns), keepdim=keepdim)
    if ord in (1, -1, INF, -INF):
        summed, reduced = (rows, columns) if ord in (1, -1) else (columns, rows)
        sums = A.abs().sum(dim=summed, keepdim=True)
        result = sums.amax(dim=reduced, keepdim=True) if ord > 0 else sums.amin(dim=reduced, keepdim=True)
        return result if keepdim else result.squeeze((rows, columns))
    if ord in (2, -2, "nuc"):
        raise NotImplementedError(f"linalg.matrix_norm: ord={ord!r} needs singular values, which minitorch_es does "
                                  "not compute; use 'fro', 1, -1, inf or -inf")
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def norm(A: Tensor, ord=None, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    if isinstance(dim, int) or (dim is not None and len(dim) == 1):
        return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)
    if dim is not None:
        return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)
    if ord is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype)
    if A.ndim == 2:
        return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
    if A.ndim == 1:
        return vector_norm(A, ord, None, keepdim, dtype=dtype)
    raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                       f"{A.ndim}D.")
