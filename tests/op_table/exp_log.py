"""Entries for ``ops/exp_log.py`` (exponentials, logarithms, roots) and ``ops/special.py`` (erf)."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import away_from

from .op_info import OpInfo, function, function_or_method
from .samples import binary, fixed, unary, with_options

FAMILY, SPECIAL = "ops/exp_log.py", "ops/special.py"


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


# name -> the interval its inputs are drawn from (inside the domain)
DOMAINS = {"exp": (-2, 2), "exp2": (-2, 2), "expm1": (-2, 2), "log": (0.05, 4), "log2": (0.05, 4),
           "log10": (0.05, 4), "log1p": (-0.9, 3), "sqrt": (0.05, 4), "rsqrt": (0.05, 4)}

OPS = [
    *(OpInfo(name, function_or_method(name), _either(unary(*domain)), FAMILY) for name, domain in DOMAINS.items()),
    OpInfo("exp", lambda lib, t: t.exp().log(), unary(), FAMILY, variant="then_log"),
    OpInfo("exp", function("exp"), st.just(fixed(Constant(np.array([1, 2, 3])))), FAMILY, variant="of_integers",
           examples=(fixed([1000.0, -1000.0, 0.0]),)),
    OpInfo("log", function("log"), st.just(fixed([0.0, -1.0, 1.0])), FAMILY, variant="outside_the_domain",
           check_grad=False),
    OpInfo("logaddexp", function_or_method("logaddexp"),
           _either(binary(prepare=lambda a, b: (a * 20, b))), FAMILY),
    OpInfo("xlogy", function_or_method("xlogy"), _either(binary(prepare=lambda a, b: (a, np.abs(b) + 0.1))), FAMILY,
           # 0 ln 0 = 0; the gradient to x is ln(y), but 0 where x = 0 and y <= 0; to y, x / y (NaN at 0 / 0)
           examples=(fixed([0.0, 0.0, 1.0, 0.0, 2.0], [0.0, 4.0, np.e, np.nan, 0.5]),)),
    OpInfo("logit", function_or_method("logit"),
           _either(unary(prepare=lambda x: away_from(np.abs(x) / 2.2 + 0.02, [0.2, 0.8], 0.02)),
                   eps=st.sampled_from([None, 0.2])), FAMILY),
    OpInfo("erf", function_or_method("erf"), _either(unary(-3, 3)), SPECIAL),
]
