"""The function forms PyTorch offers at the top level (``torch.exp(x)``, ``torch.cat([...])``...)."""

from __future__ import annotations

from .ops.activation import log_softmax, relu, sigmoid, softmax, tanh
from .ops.elementwise import (
    abs,
    add,
    clamp,
    cos,
    div,
    exp,
    log,
    maximum,
    minimum,
    mul,
    neg,
    pow,
    remainder,
    sin,
    sqrt,
    sub,
)
from .ops.elementwise import where as _where
from .ops.binary_math import (arctan2, atan2, copysign, deg2rad, float_power, fmod, hypot, lerp, logaddexp, logit,
                               rad2deg, sinc, xlogy)
from .ops.einsum import einsum
from .ops.layout import (atleast_1d, atleast_2d, atleast_3d, broadcast_shapes, broadcast_tensors, broadcast_to,
                         column_stack, diagonal, dstack, hstack, moveaxis, movedim, ravel, repeat_interleave, row_stack,
                         swapaxes, swapdims, take_along_dim, vstack)
from .ops.trigonometry import (acos, acosh, arccos, arccosh, arcsin, arcsinh, arctan, arctanh, asin, asinh, atan, atanh,
                               cosh, sinh, tan)
from .ops.order_statistics import kthvalue, median, quantile
from .ops.scatter import index_add, masked_select, scatter, scatter_add
from .ops.summaries import aminmax, count_nonzero, diff, nanmean, nansum, std_mean, var_mean
from .ops.linalg import addmm, diag, dot, matmul, norm, outer, trace
from .ops.rearrange import (
    chunk,
    flip,
    gather,
    index_select,
    masked_fill,
    narrow,
    roll,
    select,
    split,
    tile,
    tril,
    triu,
    unbind,
    unflatten,
)
from .ops.reduce import amax, amin, argmax, argmin, logsumexp, max, mean, min, prod, std, sum, var
from .ops.shape import cat, expand, flatten, permute, reshape, squeeze, stack, transpose, unsqueeze
from .ops.sorting import argsort, cummax, cummin, cumprod, cumsum, logcumsumexp, sort, topk
from .ops.unary_math import (
    ceil,
    erf,
    exp2,
    expm1,
    floor,
    log1p,
    log2,
    log10,
    nan_to_num,
    reciprocal,
    round,
    rsqrt,
    sign,
    square,
    trunc,
)
from .ops.utilities import (
    argwhere,
    bincount,
    clamp_max,
    clamp_min,
    isclose,
    logical_and,
    logical_or,
    logical_xor,
    nonzero,
    unique,
)
from .tensor import Tensor

__all__ = [
    "log_softmax", "relu", "sigmoid", "softmax", "tanh", "abs", "add", "clamp", "cos", "div", "exp", "log", "maximum",
    "minimum", "mul", "neg", "pow", "remainder", "sin", "sqrt", "sub", "where", "matmul", "amax", "amin", "argmax",
    "argmin", "logsumexp", "max", "mean", "min", "prod", "std", "sum", "var", "cat", "expand", "flatten", "permute",
    "reshape", "squeeze", "stack", "transpose", "unsqueeze", "clip", "concat", "concatenate", "multiply", "subtract",
    "divide", "negative", "absolute", "mm", "bmm", "t", "numel", "is_tensor", "is_floating_point", "eq", "ne", "lt",
    "le", "gt", "ge", "isnan", "isinf", "isfinite", "allclose", "equal", "ceil", "erf", "exp2", "expm1", "floor",
    "log1p", "log2", "log10", "reciprocal", "round", "rsqrt", "sign", "square", "trunc", "chunk", "flip", "gather",
    "index_select", "masked_fill", "narrow", "roll", "select", "split", "tile", "tril", "triu", "unbind", "unflatten",
    "argsort", "cumsum", "sort", "topk", "dot", "norm", "outer", "argwhere", "bincount", "clamp_max", "clamp_min",
    "isclose", "logical_and", "logical_or", "logical_xor", "nonzero", "unique", "logical_not", "any", "all",
    "einsum", "index_add", "masked_select", "scatter", "scatter_add", "addmm", "diag", "trace", "aminmax",
    "count_nonzero", "diff", "std_mean", "var_mean", "kthvalue", "median", "quantile",
    "cumprod", "fmod", "atan2", "arctan2", "hypot", "logaddexp", "xlogy", "copysign", "lerp", "float_power", "sinc",
    "deg2rad", "rad2deg", "logit", "true_divide", "floor_divide", "fix", "positive", "rsub", "greater", "less",
    "greater_equal", "less_equal", "not_equal", "cummax", "cummin", "logcumsumexp", "nansum", "nanmean",
    "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_shapes", "broadcast_tensors", "broadcast_to", "column_stack",
    "diagonal", "dstack", "hstack", "moveaxis", "movedim", "ravel", "repeat_interleave", "row_stack", "swapaxes",
    "swapdims", "take_along_dim", "vstack", "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan",
    "arctanh", "asin", "asinh", "atan", "atanh", "cosh", "sinh", "tan", "nan_to_num", "clone",
]

clip = clamp
concat = concatenate = cat
multiply, subtract, divide, negative, absolute = mul, sub, div, neg, abs
true_divide, fix = div, trunc


def floor_divide(input, other):
    """input / other rounded down (PyTorch's ``floor_divide``, and Python's ``//``)."""
    return div(input, other, rounding_mode="floor")


def positive(input: Tensor) -> Tensor:
    return input


def clone(input: Tensor) -> Tensor:
    return input.clone()


def rsub(input, other, *, alpha=1):
    """other - alpha * input (``sub`` with the operands swapped)."""
    return sub(other, input, alpha=alpha)


def mm(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 2 or b.ndim != 2:
        raise RuntimeError(f"mm: both arguments must be 2D matrices, got {a.ndim}D and {b.ndim}D")
    return matmul(a, b)


def bmm(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 3 or b.ndim != 3:
        raise RuntimeError(f"batch1 and batch2 must be 3D tensors, got {a.ndim}D and {b.ndim}D")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"bmm: batch sizes differ: {list(a.shape)} and {list(b.shape)}")
    return matmul(a, b)


def t(x: Tensor) -> Tensor:
    return x.t()


def numel(x: Tensor) -> int:
    return x.numel()


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(x: Tensor) -> bool:
    return x.dtype.is_floating_point


def eq(a, b):
    return a == b if isinstance(a, Tensor) else b == a


def ne(a, b):
    return a != b if isinstance(a, Tensor) else b != a


def lt(a, b):
    return a < b if isinstance(a, Tensor) else b > a


def le(a, b):
    return a <= b if isinstance(a, Tensor) else b >= a


def gt(a, b):
    return a > b if isinstance(a, Tensor) else b < a


def ge(a, b):
    return a >= b if isinstance(a, Tensor) else b <= a


greater, less, greater_equal, less_equal, not_equal = gt, lt, ge, le, ne


def isnan(x: Tensor) -> Tensor:
    return x.isnan()


def isinf(x: Tensor) -> Tensor:
    return x.isinf()


def isfinite(x: Tensor) -> Tensor:
    return x.isfinite()


def allclose(a: Tensor, b: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    import numpy as np

    return bool(np.allclose(a._data, b._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


def equal(a: Tensor, b: Tensor) -> bool:
    return a.equal(b)


def logical_not(x: Tensor) -> Tensor:
    return x.logical_not()


def any(x: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    return x.any(dim, keepdim)


def all(x: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    return x.all(dim, keepdim)


def where(condition: Tensor, input=None, other=None):
    """``where(condition, input, other)``: input where condition, else other; ``where(condition)``: the indices
    of the True entries, one tensor per dimension (``nonzero(as_tuple=True)``)."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if input is None or other is None:
        raise TypeError("where() expects both input and other, or neither")
    return _where(condition, input, other)
