"""Copies and conversions: clone, contiguous, and ``to``/``type``/``float``/``double``/... (another dtype).

    clone:       y = a copy of x                     dJ/dx = g
    contiguous:  y = x laid out in row-major memory  dJ/dx = g
    to(dtype):   y = x in another floating dtype     dJ/dx = g converted back to x's dtype

Converting to an integer or bool dtype records no graph (PyTorch's gradients are floating only). Only the CPU
exists here: ``to("cpu")`` is accepted, ``to("cuda")`` is an error that says what to do instead. (The functions
``float``, ``int``, ``bool`` and ``type`` are the methods of those names; inside this module the builtins are
reached as ``builtins.type``.)
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes
from ..autograd import dual_state
from ..autograd.function import Function
from ..device import device as as_device
from .operands import is_tensor, wrap


class Cast(Function):
    """y = x converted to another floating dtype;  dJ/dx = g converted back."""

    linear = True

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.source_dtype = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, g):
        return g.astype(ctx.source_dtype)


class Clone(Function):
    """y = a copy of x;  dJ/dx = g."""

    linear = True

    @staticmethod
    def forward(ctx, x):
        return np.array(x, copy=True)

    @staticmethod
    def backward(ctx, g):
        return g


class Contiguous(Function):
    """y = x laid out in row-major memory;  dJ/dx = g."""

    node_name = "CloneBackward0"

    linear = True

    @staticmethod
    def forward(ctx, x):
        return np.ascontiguousarray(x)

    @staticmethod
    def backward(ctx, g):
        return g


def clone(input):
    return Clone.apply(input)


def contiguous(input):
    if input._data.flags.c_contiguous:
        return input
    return Contiguous.apply(input)


def cast(input, target: dtypes.dtype):
    """x in dtype ``target`` (x itself when it already is)."""
    if target is input.dtype:
        return input
    if target.is_floating_point and (input.requires_grad or dual_state.tangent_of(input) is not None):
        return Cast.apply(input, dtype=target.numpy_dtype)
    return wrap(input._data.astype(target.numpy_dtype))


def to(input, *args, dtype=None, device=None, copy: bool = False, non_blocking: bool = False):
    """``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other_tensor)``, as PyTorch."""
    for arg in args:
        if is_tensor(arg):
            dtype = arg.dtype
        elif isinstance(arg, (dtypes.dtype, builtins.type, np.dtype)):
            dtype = arg
        else:
            device = arg
    if device is not None:
        as_device(device)
    result = input if dtype is None else cast(input, dtypes.to_dtype(dtype))
    return clone(result) if copy and result is input else result


def type(input, dtype=None):
    """The tensor type's name (``minitorch_es.FloatTensor``), or x converted to ``dtype``."""
    if dtype is None:
        return f"minitorch_es.{dtypes.torch_name(input.dtype)}Tensor"
    return cast(input, dtypes.to_dtype(dtype))


def type_as(input, other):
    return cast(input, other.dtype)


def float(input):
    return cast(input, dtypes.float32)


def double(input):
    return cast(input, dtypes.float64)


def half(input):
    return cast(input, dtypes.float16)


def long(input):
    return cast(input, dtypes.int64)


def int(input):
    return cast(input, dtypes.int32)


def bool(input):
    return cast(input, dtypes.bool_)


def cpu(input):
    return input


def cuda(input, device=None, non_blocking: bool = False):
    """Always an error here, naming what to do instead (see :mod:`minitorch_es.device`)."""
    as_device("cuda" if device is None else device)
