"""Entries for ``ops/arithmetic.py``: + - * / // % ** and negation, with broadcasting and type promotion."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import away_from

from .op_info import ErrorCase, OpInfo, function, function_or_method
from .samples import binary, fixed, unary, with_options


def with_method(samples, **options):
    """The samples with both forms of the op drawn (``lib.op(x, ...)`` or ``x.op(...)``)."""
    return with_options(samples, method=st.booleans(), **options)

FAMILY = "ops/arithmetic.py"


def _away_from_zero(a, b):
    return a, away_from(b, [0.0], 0.2)


def _quotient_away_from_integers(a, b):
    """a moved so that a / b is not within 0.05 of an integer, where the rounded quotient jumps."""
    b = away_from(b, [0.0], 0.3)
    a, b = np.broadcast_arrays(a, b)
    quotient = a / b
    return np.where(np.abs(quotient - np.round(quotient)) < 0.05, a + 0.2 * b, a), b.copy()


def _operators(lib, t, scalar):
    return (t + scalar) * scalar - scalar / (t * t + 1) + (scalar - t), -t / scalar


INTEGERS = (Constant(np.array([[7, -3, 5]])), Constant(np.array([[2], [3]])))
SIGNED_INTEGERS = {dtype: (Constant(np.array([-7, -3, 3, 7], dtype=dtype)),
                           Constant(np.array([2, -2, 2, -3], dtype=dtype))) for dtype in (np.int64, np.int32)}
INT32 = (Constant(np.array([[7, -3, 5]], dtype=np.int32)), Constant(np.array([[2], [3]])))
UINT8 = Constant(np.array([1, 2, 250], dtype=np.uint8))

OPS = [
    OpInfo("add", function_or_method("add"), with_method(binary(), alpha=st.sampled_from([1, 0.5])), FAMILY,
        examples=(fixed(np.zeros((0, 3)), np.ones((1, 3))),),
        errors=(ErrorCase(lambda lib: lib.ones(2, 3) + lib.ones(4), RuntimeError,
                          r"The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton "
                          r"dimension 1 \(shapes \[2, 3\] and \[4\]\)"),
                ErrorCase(lambda lib: lib.zeros(0) + lib.zeros(2), RuntimeError,
                          r"The size of tensor a \(0\) must match the size of tensor b \(2\)"))),
    OpInfo("sub", function_or_method("sub"), with_method(binary(), alpha=st.sampled_from([1, 2.0])), FAMILY),
    OpInfo("subtract", function_or_method("subtract"), with_method(binary()), FAMILY),
    OpInfo("rsub", function("rsub"), binary(alpha=2), FAMILY),
    OpInfo("mul", function_or_method("mul"), with_method(binary()), FAMILY,
           examples=(fixed(np.zeros((2, 1, 0)), np.ones((4, 1))),)),
    OpInfo("multiply", function_or_method("multiply"), with_method(binary()), FAMILY),
    OpInfo("Tensor.operators", lambda lib, t, scalar: _operators(lib, t, scalar),
           with_options(unary(), scalar=st.floats(-3, 3).filter(lambda v: abs(v) > 0.1)), FAMILY,
           variant="with_python_numbers"),
    OpInfo("div", function_or_method("div"), with_method(binary(prepare=_away_from_zero)), FAMILY,
           errors=(ErrorCase(lambda lib: lib.div(lib.ones(2), lib.ones(2), rounding_mode="round"), RuntimeError,
                             "div expected rounding_mode to be one of None, 'trunc', or 'floor'"),)),
    OpInfo("div", lambda lib, a, b, rounding_mode: lib.div(a * 3, b, rounding_mode=rounding_mode),
           with_options(binary(prepare=_away_from_zero), rounding_mode=st.sampled_from(["trunc", "floor"])), FAMILY,
           variant="rounding_mode"),
    OpInfo("true_divide", function_or_method("true_divide"), with_method(binary(prepare=_away_from_zero)), FAMILY),
    OpInfo("divide", function_or_method("divide"), with_method(binary(prepare=_away_from_zero)), FAMILY),
    OpInfo("Tensor.__truediv__", lambda lib, a, b: a / b, binary(prepare=_away_from_zero), FAMILY),
    OpInfo("remainder", function_or_method("remainder"), with_method(binary(prepare=_quotient_away_from_integers)),
           FAMILY, examples=(fixed([5.5, -3.2, 7.1], [2.0, 2.5, -3.0]),)),
    OpInfo("fmod", function_or_method("fmod"), with_method(binary(prepare=_quotient_away_from_integers)), FAMILY),
    OpInfo("Tensor.__rmod__", lambda lib, x: 7.5 % x, unary(kinks=[0.0], margin=0.3), FAMILY, check_grad=False),
    OpInfo("floor_divide", function("floor_divide"), st.just(fixed(*INTEGERS)), FAMILY, check_grad=False),
    *(OpInfo(name, call, st.sampled_from([fixed(*SIGNED_INTEGERS[dtype]) for dtype in SIGNED_INTEGERS]), FAMILY,
             variant="integers", check_grad=False)
      for name, call in (("fmod", function("fmod")), ("floor_divide", function("floor_divide")),
                         ("Tensor.__rmod__", lambda lib, a, b: 5 % b))),
    OpInfo("Tensor.integer_arithmetic", lambda lib, a, b, expression: expression(a, b),
           st.sampled_from([lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b, lambda a, b: a / b,
                            lambda a, b: a ** 2, lambda a, b: a // b, lambda a, b: a % b,
                            lambda a, b: (a + b) * 2.5]).flatmap(
               lambda e: st.sampled_from([INTEGERS, INT32]).map(lambda inputs: fixed(*inputs, expression=e))),
           FAMILY, variant="type_promotion", check_grad=False),
    OpInfo("Tensor.python_int_wraparound", lambda lib, x, expression: expression(lib, x),
           st.sampled_from([lambda lib, x: x + -3, lambda lib, x: x - 300, lambda lib, x: x * -3,
                            lambda lib, x: x == -3, lambda lib, x: x < -3, lambda lib, x: x & -3,
                            lambda lib, x: lib.where(x > 1, x, -3)]).map(lambda e: fixed(UINT8, expression=e)),
           FAMILY, check_grad=False),
    OpInfo("pow", lambda lib, a, b: a ** b, binary(low=0.2, high=2.0), FAMILY, variant="tensor_exponent",
           errors=(ErrorCase(lambda lib: lib.tensor([1]) ** -1, RuntimeError,
                             "Integers to negative integer powers are not allowed"),)),
    OpInfo("pow", lambda lib, t, exponent, method: t ** exponent if method else lib.pow(t, exponent),
           with_method(unary(0.2, 2.0), exponent=st.sampled_from([2, 3, -1, 0.5, 0, 2.5])), FAMILY,
           variant="number_exponent", examples=(fixed([-1.0, 0.0, 1.0, 2.0], exponent=0, method=True),)),
    OpInfo("Tensor.__rpow__", lambda lib, t, base: base ** t,
           with_options(unary(), base=st.sampled_from([0.5, 2.0, 3.0])), FAMILY),
    OpInfo("float_power", function_or_method("float_power"),
           with_method(unary(), exponent=3), FAMILY),
    OpInfo("neg", function_or_method("neg"), with_method(unary()), FAMILY,
           errors=(ErrorCase(lambda lib: -lib.tensor([True]), RuntimeError,
                             "Negation, the `-` operator, on a bool tensor"),)),
    OpInfo("negative", function_or_method("negative"), with_method(unary()), FAMILY),
    OpInfo("positive", function_or_method("positive"), with_method(unary()), FAMILY),
    OpInfo("reciprocal", function_or_method("reciprocal"), with_method(unary(0.1, 3)), FAMILY),
    OpInfo("square", function_or_method("square"), with_method(unary()), FAMILY),
    OpInfo("lerp", lambda lib, a, b, weight: lib.lerp(a, b, weight), binary(weight=0.3), FAMILY),
    OpInfo("lerp", lambda lib, a, b: a.lerp(b, b * 0.5), binary(), FAMILY, variant="tensor_weight"),
]
