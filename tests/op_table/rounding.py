"""Entries for ``ops/rounding.py``: floor, ceil, round, trunc, fix, sign (piecewise constant: zero gradients),
abs and copysign."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import away_from

from .op_info import ErrorCase, OpInfo, function_or_method
from .samples import binary, fixed, unary, with_options

FAMILY = "ops/rounding.py"


def _away_from_jumps(x):
    """Three times x, with no value within rounding of a jump or of a half (where ties round to even)."""
    return away_from(x * 3, np.arange(-7, 8) / 2, 0.02)


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


ROUNDINGS = ("floor", "ceil", "round", "trunc", "fix")

OPS = [
    *(OpInfo(name, function_or_method(name), _either(unary(prepare=_away_from_jumps)), FAMILY,
             errors=(ErrorCase(lambda lib, name=name: getattr(lib, name)(lib.tensor([True])), NotImplementedError,
                               f"\"{name if name != 'fix' else 'trunc'}_vml_cpu\" not implemented for 'Bool'"),)
             if name in ("floor", "ceil") else ()) for name in ROUNDINGS),
    OpInfo("round", lambda lib, t: lib.round(t * 10, decimals=1), unary(prepare=lambda x: away_from(
        x * 3, np.arange(-7, 8) / 2, 0.02) / 3), FAMILY, variant="decimals"),
    OpInfo("sign", lambda lib, t, method: (t.sign() if method else lib.sign(t)) * t, _either(unary(kinks=[0.0])),
           FAMILY),
    OpInfo("abs", function_or_method("abs"), _either(unary(kinks=[0.0])), FAMILY,
           examples=(fixed([-1.0, 0.0, 1.0, 2.0]),)),
    OpInfo("absolute", function_or_method("absolute"), _either(unary(kinks=[0.0])), FAMILY),
    OpInfo("Tensor.fix", lambda lib, t: t.fix(), st.just(fixed(Constant(np.array([-7, 3])))), FAMILY,
           variant="integers"),
    OpInfo("Tensor.__abs__", lambda lib, t: abs(t), unary(kinks=[0.0]), FAMILY),
    OpInfo("copysign", function_or_method("copysign"),
           _either(binary(prepare=lambda a, b: (away_from(a, [0.0]), away_from(b, [0.0])))), FAMILY),
    OpInfo("sqrt", lambda lib, t: lib.sqrt(t.abs()), st.just(fixed([0.0, 4.0])), FAMILY, variant="of_abs_at_zero"),
]
