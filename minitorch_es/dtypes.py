"""Data types and PyTorch's type-promotion rules.

A :class:`dtype` names a NumPy dtype the way PyTorch does (``minitorch_es.float32``), so that code comparing
``x.dtype == torch.float32`` keeps working after the import is changed.

Type promotion follows ``torch.result_type``: operands fall into three priority groups (tensors with at least one
dimension, zero-dimensional tensors, Python numbers). A lower group only changes the result when it belongs to a
higher *category* (bool < integer < floating point): ``int64_tensor * 2.5`` is float32 (the default float dtype),
but ``float32_tensor * 2.5`` and ``float32_tensor * float64_zero_dim`` stay float32.
"""

from __future__ import annotations

import numpy as np


class dtype:
    """A tensor element type: a name (``float32``) bound to the NumPy dtype that stores it."""

    def __init__(self, name: str, numpy_dtype: np.dtype) -> None:
        self.name = name
        self.numpy_dtype = np.dtype(numpy_dtype)

    @property
    def is_floating_point(self) -> bool:
        return self.numpy_dtype.kind == "f"

    @property
    def is_signed(self) -> bool:
        return self.numpy_dtype.kind in "fi"

    @property
    def itemsize(self) -> int:
        return self.numpy_dtype.itemsize

    def __repr__(self) -> str:
        return f"minitorch_es.{self.name}"

    def __reduce__(self):
        return (from_numpy_dtype, (self.numpy_dtype.str,))


float16 = dtype("float16", np.float16)
float32 = dtype("float32", np.float32)
float64 = dtype("float64", np.float64)
uint8 = dtype("uint8", np.uint8)
int8 = dtype("int8", np.int8)
int16 = dtype("int16", np.int16)
int32 = dtype("int32", np.int32)
int64 = dtype("int64", np.int64)
bool_ = dtype("bool", np.bool_)

half, float, double = float16, float32, float64
short, int, long = int16, int32, int64

ALL_DTYPES = (float16, float32, float64, uint8, int8, int16, int32, int64, bool_)
_BY_NUMPY = {d.numpy_dtype: d for d in ALL_DTYPES}
_TORCH_NAMES = {
    "float16": "Half", "float32": "Float", "float64": "Double", "uint8": "Byte", "int8": "Char",
    "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool",
}

_default_float = float32


def from_numpy_dtype(numpy_dtype) -> dtype:
    """The :class:`dtype` that stores elements of ``numpy_dtype``; unsupported kinds are an error."""
    key = np.dtype(numpy_dtype)
    if key not in _BY_NUMPY:
        supported = ", ".join(d.name for d in ALL_DTYPES)
        raise TypeError(f"can't convert np.ndarray of type {key}. The only supported types are: {supported}.")
    return _BY_NUMPY[key]


def to_dtype(value) -> dtype:
    """Accept a :class:`dtype`, a NumPy dtype, or a Python type (``float``, ``int``, ``bool``) as PyTorch does."""
    if isinstance(value, dtype):
        return value
    if value is builtins_float:
        return _default_float
    if value is builtins_int:
        return int64
    if value is builtins_bool:
        return bool_
    return from_numpy_dtype(value)


def torch_name(d: dtype) -> str:
    """PyTorch's short type name used in its error messages (``Float``, ``Long``...)."""
    return _TORCH_NAMES[d.name]


def get_default_dtype() -> dtype:
    return _default_float


def set_default_dtype(d: dtype) -> None:
    """Choose the dtype of Python floats and of float factories (``rand``, ``zeros``...): float32 or float64."""
    global _default_float
    d = to_dtype(d)
    if d not in (float32, float64):
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default_float = d


import builtins as _builtins  # noqa: E402  (the module shadows float/int/bool on purpose)

builtins_float, builtins_int, builtins_bool = _builtins.float, _builtins.int, _builtins.bool

_CATEGORY_BOOL, _CATEGORY_INT, _CATEGORY_FLOAT = 0, 1, 2


def category(d: dtype) -> builtins_int:
    if d is bool_:
        return _CATEGORY_BOOL
    return _CATEGORY_FLOAT if d.is_floating_point else _CATEGORY_INT


def promote_types(a: dtype, b: dtype) -> dtype:
    """The smallest dtype both ``a`` and ``b`` convert to (``torch.promote_types``).

    As NumPy within a category, but an integer meeting a float gives that float (NumPy would widen
    int64 + float32 to float64; PyTorch keeps float32).
    """
    if a.is_floating_point != b.is_floating_point:
        return a if a.is_floating_point else b
    return from_numpy_dtype(np.promote_types(a.numpy_dtype, b.numpy_dtype))


def scalar_dtype(value) -> dtype:
    """The dtype a Python number takes when it meets a tensor: bool, int64, or the default float."""
    if isinstance(value, (builtins_bool, np.bool_)):
        return bool_
    if isinstance(value, (builtins_int, np.integer)):
        return int64
    if isinstance(value, (builtins_float, np.floating)):
        return _default_float
    raise TypeError(f"expected a Tensor or a Python number, got {type(value).__name__}")


def _combine_categories(higher: dtype | None, lower: dtype | None) -> dtype | None:
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def as_array(value, numpy_dtype) -> np.ndarray:
    """``value`` as an array of ``numpy_dtype``. A Python int out of the dtype's range wraps around as in C (and in
    PyTorch: ``uint8_tensor + (-3)`` adds 253), where NumPy would raise OverflowError."""
    try:
        return np.asarray(value, dtype=numpy_dtype)
    except OverflowError:
        return np.asarray(value).astype(numpy_dtype)


def result_type(*operands) -> dtype:
    """PyTorch's ``result_type`` over tensors (anything with ``dtype`` and ``ndim``) and Python numbers."""
    groups: list[dtype | None] = [None, None, None]
    for operand in operands:
        if hasattr(operand, "dtype") and hasattr(operand, "ndim"):
            d = operand.dtype if isinstance(operand.dtype, dtype) else from_numpy_dtype(operand.dtype)
            group = 0 if operand.ndim > 0 else 1
        else:
            d, group = scalar_dtype(operand), 2
        groups[group] = d if groups[group] is None else promote_types(groups[group], d)
    return _combine_categories(groups[0], _combine_categories(groups[1], groups[2]))


def float_result_type(d: dtype) -> dtype:
    """Operations that only make sense in floating point (exp, log, /) turn integers into the default float."""
    return d if d.is_floating_point else _default_float
