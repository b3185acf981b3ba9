"""Element-wise choices between values: where, maximum, minimum, clamp and nan_to_num. Each output element is one
of its inputs (or a constant), so its gradient goes to the input that was chosen and is 0 for the others.
Notation: y = f(a, b), g = dJ/dy.
"""

from __future__ import annotations

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .broadcasting import broadcast_shapes, unbroadcast
from .indexing import nonzero
from .operands import apply_binary, array_of, cast_operands, is_tensor, shape_of


class Maximum(Function):
    """y = max(a, b) element-wise; g goes to the larger operand, split in halves on ties (PyTorch's rule)."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        return _split_between(g, a, b, a_wins=a > b, b_wins=a < b, needs=ctx.needs_input_grad)


class Minimum(Function):
    """y = min(a, b) element-wise; g goes to the smaller operand, split in halves on ties (PyTorch's rule)."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        return np.minimum(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        return _split_between(g, a, b, a_wins=a < b, b_wins=a > b, needs=ctx.needs_input_grad)


def _split_between(g, a, b, a_wins, b_wins, needs):
    xp = array_namespace(g)
    shared = xp.where(a == b, g / 2, g)
    return (
        unbroadcast(xp.astype(xp.where(b_wins, 0.0, shared), xp.dtype_of(g)), a.shape) if needs[0] else None,
        unbroadcast(xp.astype(xp.where(a_wins, 0.0, shared), xp.dtype_of(g)), b.shape) if needs[1] else None,
    )


class Where(Function):
    """y = a where condition else b;  dJ/da = g * condition,  dJ/db = g * (not condition)."""

    @staticmethod
    def forward(ctx, condition, a, b, dtype):
        a, b = cast_operands(a, b, dtype)
        ctx.condition, ctx.shapes = condition, (a.shape, b.shape)
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, g):
        shape_a, shape_b = ctx.shapes
        xp = array_namespace(g)
        return (
            None,
            unbroadcast(xp.where(ctx.condition, g, 0), shape_a) if ctx.needs_input_grad[1] else None,
            unbroadcast(xp.where(ctx.condition, 0, g), shape_b) if ctx.needs_input_grad[2] else None,
        )


class Clamp(Function):
    """y = min(max(x, low), high) for number bounds;  dJ/dx = g where low < x < high, else 0.

    At a bound itself the gradient is 0: the minimum-norm subgradient, as PyTorch computes it since it settled
    pytorch/pytorch#184572 (2.14 here; 2.11 and earlier passed g at the bounds). NaN in x stays NaN.
    """

    @staticmethod
    def forward(ctx, x, low, high, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        ctx.low, ctx.high = low, high
        y = x if low is None else np.maximum(x, np.asarray(low, dtype=dtype))
        return y if high is None else np.minimum(y, np.asarray(high, dtype=dtype))

    @staticmethod
    def backward(ctx, g):
        x = array_of(ctx.saved_arrays[0])  # the mask is a constant
        inside = np.ones(x.shape, dtype=bool)
        if ctx.low is not None:
            inside &= x > ctx.low
        if ctx.high is not None:
            inside &= x < ctx.high
        return array_namespace(g).where(inside, g, 0)


def maximum(input, other):
    return apply_binary(Maximum, input, other)


def minimum(input, other):
    return apply_binary(Minimum, input, other)


def where(condition, input=None, other=None):
    """``where(condition, input, other)``: input where condition, else other; ``where(condition)``: the indices
    of the True entries, one tensor per dimension (``nonzero(as_tuple=True)``)."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if input is None or other is None:
        raise TypeError("where() expects both input and other, or neither")
    condition_array = array_of(condition)
    if condition_array.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{dtypes.torch_name(dtypes.from_numpy_dtype(condition_array.dtype))}")
    dtype = dtypes.result_type(input, other)
    broadcast_shapes(condition_array.shape, shape_of(input), shape_of(other))
    return Where.apply(condition_array, input, other, dtype=dtype.numpy_dtype)


def clamp(input, min=None, max=None, *, _node_name="ClampBackward1"):
    """Limit x to [min, max]. Tensor bounds compose ``maximum`` and ``minimum`` (ties split the gradient in
    halves, as PyTorch's ``clamp.Tensor``); number bounds use :class:`Clamp`."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if is_tensor(min) or is_tensor(max):
        result = input
        if min is not None:
            result = maximum(result, min) if is_tensor(min) else clamp(result, min=min)
        if max is not None:
            result = minimum(result, max) if is_tensor(max) else clamp(result, max=max)
        return result
    dtype = dtypes.result_type(input, *(bound for bound in (min, max) if bound is not None))
    return Clamp.apply(input, min, max, dtype=dtype.numpy_dtype, node_label=_node_name)


clip = clamp


def clamp_min(input, min):
    return clamp(input, min=min, _node_name="ClampMinBackward0")


def clamp_max(input, max):
    return clamp(input, max=max, _node_name="ClampMaxBackward0")


def nan_to_num(input, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None):
    """NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default 0 and the dtype's largest and
    smallest finite values); the gradient passes where x is finite and is 0 elsewhere."""
    if not input.dtype.is_floating_point:
        return input.clone()
    info = np.finfo(input.dtype.numpy_dtype)
    highest = float(info.max) if posinf is None else posinf
    lowest = float(info.min) if neginf is None else neginf
    replaced = where(input.isnan(), nan, input)
    replaced = where(input == np.inf, highest, replaced)
    return where(input == -np.inf, lowest, replaced)
