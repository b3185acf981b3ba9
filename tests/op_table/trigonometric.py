"""Entries for ``ops/trigonometric.py``: trigonometric and hyperbolic functions, their inverses (and the NumPy-style
``arc*`` names), atan2, hypot, sinc, deg2rad, rad2deg."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import away_from

from .op_info import OpInfo, function_or_method
from .samples import binary, fixed, unary, with_options

FAMILY = "ops/trigonometric.py"

# name -> the interval its inputs are drawn from (inside the domain, away from the poles)
DOMAINS = {"sin": (-3, 3), "cos": (-3, 3), "tan": (-1.2, 1.2), "asin": (-0.95, 0.95), "acos": (-0.95, 0.95),
           "atan": (-3, 3), "sinh": (-3, 3), "cosh": (-3, 3), "tanh": (-3, 3), "asinh": (-3, 3), "acosh": (1.05, 4),
           "atanh": (-0.95, 0.95)}
NUMPY_NAMES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh", "acosh": "arccosh",
               "atanh": "arctanh"}
INTEGERS = fixed(Constant(np.array([1, 2])))


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


OPS = [
    *(OpInfo(name, function_or_method(name), _either(unary(*domain)), FAMILY,
             examples=(INTEGERS,) if name not in ("acosh",) else ()) for name, domain in DOMAINS.items()),
    *(OpInfo(alias, function_or_method(alias), _either(unary(*DOMAINS[name])), FAMILY)
      for name, alias in NUMPY_NAMES.items()),
    OpInfo("atan2", function_or_method("atan2"), _either(binary(prepare=lambda a, b: (a, away_from(b, [0.0], 0.1)))),
           FAMILY),
    OpInfo("arctan2", function_or_method("arctan2"),
           _either(binary(prepare=lambda a, b: (a, away_from(b, [0.0], 0.1)))), FAMILY),
    OpInfo("hypot", function_or_method("hypot"), _either(binary(prepare=lambda a, b: (away_from(a, [0.0], 0.1), b))),
           FAMILY),
    # sinc(0) = 1 with a zero gradient; near 0 PyTorch's own gradient loses digits, so the samples keep away
    OpInfo("sinc", function_or_method("sinc"), _either(unary(kinks=[0.0], margin=0.05)), FAMILY,
           examples=(fixed([0.0, 0.5, -1.5]),)),
    OpInfo("deg2rad", function_or_method("deg2rad"), _either(unary()), FAMILY, examples=(INTEGERS,)),
    OpInfo("rad2deg", function_or_method("rad2deg"), _either(unary()), FAMILY, examples=(INTEGERS,)),
]
