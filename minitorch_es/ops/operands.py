"""How an op's arguments become the arrays its Function computes on (shared by every family of ops).

- A binary op (two tensors, or a tensor and a Python number) computes in ``torch.result_type(a, b)`` (promoted to
  a floating dtype where the op always gives one, as ``atan2`` of two int tensors) on shapes that broadcast:
  :func:`apply_binary` checks both, and the Function casts its operands with :func:`cast_operands`.
- A unary op that always gives a floating result (``exp`` of an int64 tensor is float32): :func:`apply_floating`.
- :func:`array_of` is the array behind a tensor (or any array-like), :func:`integer_array` the same for an index
  argument, and :func:`wrap` makes a result that records no graph (indices, masks, counts) a tensor.

Ops refer to :class:`~minitorch_es.tensor.Tensor` when they run, never when they are loaded: ``tensor.py`` imports
the ops (its operators call them), so a module-level import here would be circular.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from .broadcasting import broadcast_shapes


def shape_of(value) -> tuple:
    """The shape of a tensor or array; () for a Python number."""
    return tuple(value.shape) if hasattr(value, "shape") else ()


def cast_operands(a, b, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Both operands as arrays of ``dtype`` (a Python int outside an integer dtype wraps around, as in PyTorch)."""
    return dtypes.as_array(a, dtype), dtypes.as_array(b, dtype)


def apply_binary(function: type, a, b, *, floating: bool = False, **options):
    """Apply a broadcasting binary Function after PyTorch's type promotion (``floating``: ints become float)."""
    dtype = dtypes.result_type(a, b)
    if floating:
        dtype = dtypes.float_result_type(dtype)
    broadcast_shapes(shape_of(a), shape_of(b))
    a, b = (_in_dtype(a, dtype), _in_dtype(b, dtype))
    return function.apply(a, b, dtype=dtype.numpy_dtype, **options)


def _in_dtype(value, dtype):
    """A tensor that requires a gradient, cast to ``dtype`` as an op (so that what the Function saves is that
    tensor's own array, which higher orders differentiate); anything else as it is (cast inside the Function)."""
    if getattr(value, "_requires_grad", False) and value.dtype is not dtype:
        return value.to(dtype)
    return value


def apply_floating(function: type, x, **options):
    """Apply a unary Function in x's floating dtype (the default float dtype for integer and bool tensors)."""
    return function.apply(x, dtype=dtypes.float_result_type(x.dtype).numpy_dtype, **options)


def is_tensor(value) -> bool:
    from ..tensor import Tensor

    return isinstance(value, Tensor)


def array_of(value) -> np.ndarray:
    """The array behind a tensor, or ``value`` as an array (lists, NumPy arrays, numbers)."""
    return value._data if hasattr(value, "_data") else np.asarray(value)


def integer_array(index, name: str) -> np.ndarray:
    """An index argument (tensor or array-like) as an integer array; PyTorch's error for any other dtype."""
    array = array_of(index)
    if array.dtype.kind not in "iu":
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")
    return array


def wrap(array):
    """A tensor around ``array`` that records no graph (the result of an op without gradients)."""
    from ..tensor import Tensor

    return Tensor._wrap(np.asarray(array))


def index_tensor(array):
    """Positions (an integer array) as a contiguous int64 tensor, as PyTorch returns indices."""
    return wrap(np.ascontiguousarray(np.asarray(array).astype(np.int64, copy=False)))
