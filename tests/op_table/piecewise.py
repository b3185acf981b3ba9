"""Entries for ``ops/piecewise.py``: where, maximum, minimum (and max/min of two tensors), clamp and nan_to_num."""

import numpy as np
import torch
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays, away_from

from .op_info import ErrorCase, OpInfo, Sample, function, function_or_method
from .samples import binary, fixed, unary, with_options

FAMILY = "ops/piecewise.py"


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


@st.composite
def _where_case(draw, scalar_other: bool):
    pair = draw(binary())
    a, b = pair.inputs
    condition = Constant(np.broadcast_to(a > 0, np.broadcast_shapes(a.shape, b.shape)))
    return Sample((condition, a) if scalar_other else (condition, a, b))


@st.composite
def _clamp_with_numbers(draw):
    x = draw(unary().map(lambda s: s.inputs[0]))
    low, high = draw(st.tuples(st.sampled_from([None, -1.0, -0.5]), st.sampled_from([None, 0.5, 1.0])))
    low = 0.0 if low is None and high is None else low
    return Sample((away_from(x, [b for b in (low, high) if b is not None]),), {"min": low, "max": high})


@st.composite
def _clamp_with_tensors(draw):
    x = draw(arrays((3, 4)))
    low, high = draw(arrays((4,), -1.5, -0.2)), draw(arrays((3, 1), 0.2, 1.5))
    return Sample((x + 1e-2 * np.sign(x), low, high))


@st.composite
def _with_non_finite(draw):
    x = draw(arrays((3, 4)))
    x.reshape(-1)[:3] = [np.nan, np.inf, -np.inf]
    replacements = draw(st.sampled_from([{}, dict(nan=1.5, posinf=9.0, neginf=-9.0)]))
    return Sample((x,), replacements)


def _torch_clamps_to_a_zero_gradient_at_its_bounds() -> bool:
    """PyTorch 2.14 gives clamp's minimum-norm subgradient (0) at a bound, as we do; 2.11 and earlier gave g."""
    x = torch.tensor(0.0, requires_grad=True)
    torch.clamp(x, min=0.0).backward()
    return x.grad.item() == 0.0


AT_THE_BOUNDS = fixed([-1.0, 0.0, 1.0, 2.0], min=-1.0, max=1.0) if _torch_clamps_to_a_zero_gradient_at_its_bounds() \
    else fixed([0.0, 2.0], min=-1.0, max=1.0)

OPS = [
    OpInfo("where", function("where"), _where_case(scalar_other=False), FAMILY),
    OpInfo("where", lambda lib, c, x: lib.where(c, x, 0.0), _where_case(scalar_other=True), FAMILY,
           variant="number_other",
           errors=(ErrorCase(lambda lib: lib.where(lib.ones(2), lib.ones(2), 0.0), RuntimeError,
                             "where expected condition to be a boolean tensor"),)),
    OpInfo("maximum", function_or_method("maximum"), _either(binary()), FAMILY,
           examples=(fixed([1.0, 2.0, 3.0], [1.0, 0.0, 3.0]),),
           errors=(ErrorCase(lambda lib: lib.maximum(lib.ones(2, 3), lib.ones(3, 2)), RuntimeError,
                             r"\[2, 3\] and \[3, 2\]"),)),
    OpInfo("minimum", function_or_method("minimum"), _either(binary()), FAMILY,
           examples=(fixed([1.0, 2.0, 3.0], [1.0, 5.0, 3.0]),)),
    OpInfo("max", function("max"), binary(), FAMILY, variant="binary"),
    OpInfo("min", function("min"), binary(), FAMILY, variant="binary"),
    OpInfo("clamp", function_or_method("clamp"), _either(_clamp_with_numbers()), FAMILY,
           examples=(AT_THE_BOUNDS, fixed([np.nan, 0.5], min=0.0, max=1.0)),
           errors=(ErrorCase(lambda lib: lib.clamp(lib.ones(2)), RuntimeError,
                             "At least one of 'min' or 'max' must not be None"),)),
    OpInfo("clamp", lambda lib, t, low, high: lib.clamp(t, low, high), _clamp_with_tensors(), FAMILY,
           variant="tensor_bounds"),
    OpInfo("clip", function_or_method("clip"), _either(_clamp_with_numbers()), FAMILY),
    OpInfo("clamp_min", lambda lib, t, method: t.clamp_min(0.5) if method else lib.clamp_min(t, 0.5),
           _either(unary(kinks=[0.5])), FAMILY),
    OpInfo("clamp_max", lambda lib, t, method: t.clamp_max(0.5) if method else lib.clamp_max(t, 0.5),
           _either(unary(kinks=[0.5])), FAMILY),
    OpInfo("nan_to_num", function_or_method("nan_to_num"), _either(_with_non_finite()), FAMILY),
]
