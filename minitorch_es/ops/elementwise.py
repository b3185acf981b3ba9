"""Element-wise arithmetic and math functions with their derivatives.

Binary operations broadcast their operands (NumPy's rules) and promote types as ``torch.result_type`` does; each
backward sums the gradient back over broadcast dimensions (:func:`unbroadcast`). Notation: y = f(a, b), g = dJ/dy.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd import Function
from .broadcasting import broadcast_shapes, unbroadcast


def _shape(x) -> tuple:
    return tuple(x.shape) if hasattr(x, "shape") else ()


def _cast_operands(a, b, dtype):
    return dtypes.as_array(a, dtype), dtypes.as_array(b, dtype)


class Add(Function):
    """y = a + alpha * b;  dJ/da = g,  dJ/db = alpha * g."""

    @staticmethod
    def forward(ctx, a, b, dtype, alpha=1):
        a, b = _cast_operands(a, b, dtype)
        ctx.shapes, ctx.alpha = (a.shape, b.shape), alpha
        return a + alpha * b if alpha != 1 else a + b

    @staticmethod
    def backward(ctx, g):
        shape_a, shape_b = ctx.shapes
        grad_b = unbroadcast(g * ctx.alpha if ctx.alpha != 1 else g, shape_b) if ctx.needs_input_grad[1] else None
        return unbroadcast(g, shape_a) if ctx.needs_input_grad[0] else None, grad_b


class Sub(Function):
    """y = a - alpha * b;  dJ/da = g,  dJ/db = -alpha * g."""

    @staticmethod
    def forward(ctx, a, b, dtype, alpha=1):
        a, b = _cast_operands(a, b, dtype)
        ctx.shapes, ctx.alpha = (a.shape, b.shape), alpha
        return a - alpha * b if alpha != 1 else a - b

    @staticmethod
    def backward(ctx, g):
        shape_a, shape_b = ctx.shapes
        grad_b = unbroadcast(-ctx.alpha * g, shape_b) if ctx.needs_input_grad[1] else None
        return unbroadcast(g, shape_a) if ctx.needs_input_grad[0] else None, grad_b


class Mul(Function):
    """y = a * b;  dJ/da = g * b,  dJ/db = g * a."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        return (
            unbroadcast(g * b, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(g * a, b.shape) if ctx.needs_input_grad[1] else None,
        )


class Div(Function):
    """y = a / b;  dJ/da = g / b,  dJ/db = -g * a / b^2.

    With ``rounding_mode`` ("trunc" or "floor") the quotient is rounded; the result is piecewise constant, so
    both gradients are zero, as in PyTorch.
    """

    @staticmethod
    def forward(ctx, a, b, dtype, rounding_mode=None):
        a, b = _cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        ctx.rounding_mode = rounding_mode
        if rounding_mode is None:
            return a / b
        if rounding_mode == "floor":
            return np.floor_divide(a, b)
        if a.dtype.kind != "f":
            return (np.sign(a) * np.sign(b) * (np.abs(a) // np.abs(b))).astype(a.dtype)
        return np.trunc(a / b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        if ctx.rounding_mode is not None:
            return np.zeros_like(a), np.zeros_like(b)
        return (
            unbroadcast(g / b, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(-g * a / (b * b), b.shape) if ctx.needs_input_grad[1] else None,
        )


class Remainder(Function):
    """y = a - floor(a / b) * b (the sign of b, as Python's %);  dJ/da = g,  dJ/db = -g * floor(a / b).

    With ``rounding="trunc"`` it is ``fmod``: y = a - trunc(a / b) * b (the sign of a, as C's fmod), and
    dJ/db = -g * trunc(a / b)."""

    @staticmethod
    def forward(ctx, a, b, dtype, rounding="floor"):
        a, b = _cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        ctx.round = np.floor if rounding == "floor" else np.trunc
        return np.mod(a, b) if rounding == "floor" else np.fmod(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        return (
            unbroadcast(g, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(-g * ctx.round(a / b), b.shape) if ctx.needs_input_grad[1] else None,
        )


class Pow(Function):
    """y = a^b;  dJ/da = g * b * a^(b-1) (zero where b = 0),  dJ/db = g * y * ln(a) (zero where a = 0, b >= 0)."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast_operands(a, b, dtype)
        if a.dtype.kind in "iu" and np.any(b < 0):
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        y = np.power(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, g):
        a, b, y = ctx.saved_arrays
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = unbroadcast(np.where(b == 0, 0.0, g * b * np.power(a, b - 1)), a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = unbroadcast(np.where((a == 0) & (b >= 0), 0.0, g * y * np.log(a)), b.shape)
        return grad_a, grad_b


class Maximum(Function):
    """y = max(a, b) element-wise; g goes to the larger operand, split in halves on ties (PyTorch's rule)."""

    @staticmethod
    def forward(ctx, a, b, dtype):
        a, b = _cast_operands(a, b, dtype)
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
        a, b = _cast_operands(a, b, dtype)
        ctx.save_for_backward(a, b)
        return np.minimum(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_arrays
        return _split_between(g, a, b, a_wins=a < b, b_wins=a > b, needs=ctx.needs_input_grad)


def _split_between(g, a, b, a_wins, b_wins, needs):
    shared = np.where(a == b, g / 2, g)
    return (
        unbroadcast(np.where(b_wins, 0.0, shared).astype(g.dtype), a.shape) if needs[0] else None,
        unbroadcast(np.where(a_wins, 0.0, shared).astype(g.dtype), b.shape) if needs[1] else None,
    )


class Where(Function):
    """y = a where condition else b;  dJ/da = g * condition,  dJ/db = g * (not condition)."""

    @staticmethod
    def forward(ctx, condition, a, b, dtype):
        a, b = _cast_operands(a, b, dtype)
        ctx.condition, ctx.shapes = condition, (a.shape, b.shape)
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, g):
        shape_a, shape_b = ctx.shapes
        zero = np.zeros((), dtype=g.dtype)
        return (
            None,
            unbroadcast(np.where(ctx.condition, g, zero), shape_a) if ctx.needs_input_grad[1] else None,
            unbroadcast(np.where(ctx.condition, zero, g), shape_b) if ctx.needs_input_grad[2] else None,
        )


class Neg(Function):
    """y = -x;  dJ/dx = -g."""

    @staticmethod
    def forward(ctx, x):
        return np.negative(x)

    @staticmethod
    def backward(ctx, g):
        return -g


class Exp(Function):
    """y = e^x;  dJ/dx = g * y."""

    @staticmethod
    def forward(ctx, x, dtype):
        y = np.exp(np.asarray(x, dtype=dtype))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return g * y


class Log(Function):
    """y = ln(x);  dJ/dx = g / x.  ln(0) = -inf and ln(x < 0) = nan, never clipped."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g / x


class Sqrt(Function):
    """y = sqrt(x);  dJ/dx = g / (2 y)."""

    @staticmethod
    def forward(ctx, x, dtype):
        y = np.sqrt(np.asarray(x, dtype=dtype))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return g / (2 * y)


class Abs(Function):
    """y = |x|;  dJ/dx = g * sign(x) (zero at x = 0, as PyTorch)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.abs(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g * np.sign(x)


class Sin(Function):
    """y = sin(x);  dJ/dx = g * cos(x)."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return np.sin(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return g * np.cos(x)


class Cos(Function):
    """y = cos(x);  dJ/dx = -g * sin(x)."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return np.cos(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        return -g * np.sin(x)


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
        (x,) = ctx.saved_arrays
        inside = np.ones(x.shape, dtype=bool)
        if ctx.low is not None:
            inside &= x > ctx.low
        if ctx.high is not None:
            inside &= x < ctx.high
        return np.where(inside, g, np.zeros((), dtype=g.dtype))


def binary(function: type, a, b, *, floating: bool = False, **options):
    """Apply a broadcasting binary Function after PyTorch's type promotion (``floating``: ints become float)."""
    dtype = dtypes.result_type(a, b)
    if floating:
        dtype = dtypes.float_result_type(dtype)
    broadcast_shapes(_shape(a), _shape(b))
    return function.apply(a, b, dtype=dtype.numpy_dtype, **options)


def add(a, b, *, alpha=1):
    return binary(Add, a, b, alpha=alpha)


def sub(a, b, *, alpha=1):
    return binary(Sub, a, b, alpha=alpha)


def mul(a, b):
    return binary(Mul, a, b)


def div(a, b, *, rounding_mode: str | None = None):
    if rounding_mode not in (None, "trunc", "floor"):
        raise ValueError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                         f"'{rounding_mode}'")
    return binary(Div, a, b, floating=rounding_mode is None, rounding_mode=rounding_mode)


def remainder(a, b):
    return binary(Remainder, a, b)


def pow(a, b):
    return binary(Pow, a, b)


def maximum(a, b):
    return binary(Maximum, a, b)


def minimum(a, b):
    return binary(Minimum, a, b)


def where(condition, a, b):
    from ..tensor import Tensor

    condition_array = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if condition_array.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{dtypes.torch_name(dtypes.from_numpy_dtype(condition_array.dtype))}")
    dtype = dtypes.result_type(a, b)
    broadcast_shapes(condition_array.shape, _shape(a), _shape(b))
    return Where.apply(condition_array, a, b, dtype=dtype.numpy_dtype)


def neg(x):
    if x.dtype is dtypes.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return Neg.apply(x)


def _floating(function: type, x):
    return function.apply(x, dtype=dtypes.float_result_type(x.dtype).numpy_dtype)


def exp(x):
    return _floating(Exp, x)


def log(x):
    return _floating(Log, x)


def sqrt(x):
    return _floating(Sqrt, x)


def sin(x):
    return _floating(Sin, x)


def cos(x):
    return _floating(Cos, x)


def abs(x):
    return Abs.apply(x)


def clamp(x, min=None, max=None):
    """Limit x to [min, max]. Tensor bounds compose ``maximum`` and ``minimum`` (ties split the gradient in
    halves, as PyTorch's ``clamp.Tensor``); number bounds use :class:`Clamp`."""
    from ..tensor import Tensor

    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        result = x
        if min is not None:
            result = maximum(result, min) if isinstance(min, Tensor) else clamp(result, min=min)
        if max is not None:
            result = minimum(result, max) if isinstance(max, Tensor) else clamp(result, max=max)
        return result
    dtype = dtypes.result_type(x, *(bound for bound in (min, max) if bound is not None))
    return Clamp.apply(x, min, max, dtype=dtype.numpy_dtype)


class Cast(Function):
    """y = x converted to another floating dtype;  dJ/dx = g converted back."""

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.source_dtype = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, g):
        return g.astype(ctx.source_dtype)


class Clone(Function):
    """y = a copy of x;  dJ/dx = g."""

    @staticmethod
    def forward(ctx, x):
        return np.array(x, copy=True)

    @staticmethod
    def backward(ctx, g):
        return g
