"""Entries for ``ops/comparison.py``: comparisons, logic and tests of values. Their results are booleans, so they
compare values and dtypes only (there is no gradient)."""

import operator

import numpy as np
from hypothesis import strategies as st
from parity import Constant

from .op_info import ErrorCase, OpInfo, Sample, function, function_or_method
from .samples import binary, fixed, with_options

FAMILY = "ops/comparison.py"
VALUES = [[1.0, 0.0, -2.0], [0.0, 0.0, 3.0]]


def _rounded(a, b):
    """Values on a coarse grid, so that equal pairs are common."""
    return np.round(a * 2) / 2, np.round(b * 2) / 2


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


def _constants(samples):
    return samples.map(lambda s: Sample(tuple(Constant(a) for a in s.inputs), s.options))


def _with_non_finite():
    """Arrays where the large entries became NaN, inf or -inf."""
    def replace(sample):
        x = sample.inputs[0]
        special = np.array([np.nan, np.inf, -np.inf])[np.arange(x.size).reshape(x.shape) % 3]
        return Sample((np.where(np.abs(x) > 1.2, special, x),))

    return binary().map(replace)


OPERATORS = {"__eq__": operator.eq, "__ne__": operator.ne, "__lt__": operator.lt, "__le__": operator.le,
             "__gt__": operator.gt, "__ge__": operator.ge}
COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal")
BITWISE = {"__and__": operator.and_, "__or__": operator.or_, "__xor__": operator.xor}
BOOLS = (Constant(np.array([True, False, True, False])), Constant(np.array([True, True, False, False])))
INTS = (Constant(np.array([[6, -3, 5]])), Constant(np.array([[3], [-2]])))

OPS = [
    *(OpInfo(name, function_or_method(name), _either(binary(prepare=_rounded)), FAMILY)
      for name in COMPARISONS),
    *(OpInfo(f"Tensor.{name}", lambda lib, a, b, compare=compare: compare(a, b), binary(prepare=_rounded), FAMILY)
      for name, compare in OPERATORS.items()),
    OpInfo("Tensor.__lt__", lambda lib, a: 0.5 < a, binary().map(lambda s: Sample(s.inputs[:1])), FAMILY,  # noqa: SIM300
           variant="reflected"),
    *(OpInfo(f"Tensor.{name}", lambda lib, a, b, combine=combine: combine(a, b),
             st.sampled_from([fixed(*BOOLS), fixed(*INTS)]), FAMILY,
             errors=(ErrorCase(lambda lib, combine=combine: combine(lib.ones(2), lib.ones(2)), RuntimeError,
                               "not implemented for 'Float'"),)) for name, combine in BITWISE.items()),
    OpInfo("Tensor.__invert__", lambda lib, a: ~a, st.sampled_from([fixed(BOOLS[0]), fixed(INTS[0])]), FAMILY,
           errors=(ErrorCase(lambda lib: ~lib.ones(2), TypeError, "bitwise_not"),)),
    OpInfo("logical_and", function("logical_and"), st.just(fixed(Constant(np.array(VALUES)),
                                                                 Constant(np.array([1, 0, 1])))), FAMILY),
    OpInfo("logical_or", function("logical_or"), st.just(fixed(Constant(np.array(VALUES)),
                                                               Constant(np.array([True, False, False])))), FAMILY),
    OpInfo("logical_xor", function("logical_xor"), st.just(fixed(Constant(np.array(VALUES)),
                                                                 Constant(np.array([[1.0], [0.0]])))), FAMILY),
    OpInfo("logical_not", function_or_method("logical_not"),
           st.sampled_from([fixed(Constant(np.array(VALUES)), method=m) for m in (False, True)]), FAMILY),
    *(OpInfo(name, function_or_method(name), _either(_with_non_finite()), FAMILY)
      for name in ("isnan", "isinf", "isfinite")),
    OpInfo("isclose", function("isclose"),
           st.sampled_from([fixed([1.0, 2.0, np.nan], [1.0 + 1e-6, 2.1, np.nan]),
                            fixed([np.nan], [np.nan], equal_nan=True), fixed([1.0, 1.1], [1.05, 1.2], rtol=0.1)]),
           FAMILY),
    OpInfo("allclose", lambda lib, a, b, **options: lib.tensor(lib.allclose(a, b, **options)),
           st.sampled_from([fixed([1.0, 2.0], [1.0 + 1e-9, 2.0]), fixed([1.0, 2.0], [1.0, 2.1]),
                            fixed([np.nan], [np.nan], equal_nan=True)]), FAMILY),
    OpInfo("equal", lambda lib, a, b: lib.tensor(lib.equal(a, b)),
           st.sampled_from([fixed([1.0, 2.0], [1.0, 2.0]), fixed([1.0, 2.0], [1.0, 2.5]), fixed([1.0], [1.0, 1.0])]),
           FAMILY),
    OpInfo("any", function_or_method("any"), _constants(_either(binary().map(
        lambda s: Sample((s.inputs[0] > 1,), {"dim": 0} if s.inputs[0].ndim else {})))), FAMILY),
    OpInfo("all", function_or_method("all"), _constants(_either(binary().map(
        lambda s: Sample((s.inputs[0] > -1,), {"dim": -1, "keepdim": True} if s.inputs[0].ndim else {})))), FAMILY),
]
