"""Parity of the element-wise functions of two tensors (fmod, atan2, hypot, logaddexp, xlogy, copysign), their
compositions (lerp, float_power, sinc, deg2rad, rad2deg, logit) and PyTorch's alias names, with PyTorch: values
and gradients, float64 and float32, broadcasting."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, away_from, broadcastable_pair

import minitorch_es as mt

PAIRS = {
    "atan2": (lambda lib, a, b: lib.atan2(a, b), lambda a, b: (a, away_from(b, [0.0], 0.1))),
    "arctan2 method": (lambda lib, a, b: a.arctan2(b), lambda a, b: (a, away_from(b, [0.0], 0.1))),
    "hypot": (lambda lib, a, b: lib.hypot(a, b), lambda a, b: (away_from(a, [0.0], 0.1), b)),
    "logaddexp": (lambda lib, a, b: lib.logaddexp(a, b), lambda a, b: (a * 20, b)),
    "xlogy": (lambda lib, a, b: lib.xlogy(a, b), lambda a, b: (a, np.abs(b) + 0.1)),
    "copysign": (lambda lib, a, b: lib.copysign(a, b), lambda a, b: (away_from(a, [0.0]), away_from(b, [0.0]))),
    "lerp": (lambda lib, a, b: lib.lerp(a, b, 0.3), lambda a, b: (a, b)),
    "lerp tensor weight": (lambda lib, a, b: a.lerp(b, b * 0.5), lambda a, b: (a, b)),
    "rsub": (lambda lib, a, b: lib.rsub(a, b, alpha=2), lambda a, b: (a, b)),
    "true_divide": (lambda lib, a, b: lib.true_divide(a, b), lambda a, b: (a, away_from(b, [0.0], 0.2))),
    "divide method": (lambda lib, a, b: a.divide(b), lambda a, b: (a, away_from(b, [0.0], 0.2))),
    "multiply method": (lambda lib, a, b: a.multiply(b), lambda a, b: (a, b)),
    "subtract method": (lambda lib, a, b: a.subtract(b), lambda a, b: (a, b)),
}


def _quotient_away_from_integers(a, b):
    """a moved so that a / b is not within 0.05 of an integer, where trunc(a / b) jumps (and fmod with it)."""
    quotient = a / b
    return np.where(np.abs(quotient - np.round(quotient)) < 0.05, a + 0.2 * b, a)


@pytest.mark.parametrize("name", PAIRS)
@given(pair=broadcastable_pair(), dtype=FLOAT_DTYPES)
def test_binary_functions(name, pair, dtype):
    function, prepare = PAIRS[name]
    assert_parity(function, *prepare(*pair), dtype=dtype)


@given(pair=broadcastable_pair(), dtype=FLOAT_DTYPES)
def test_fmod_takes_the_sign_of_the_dividend_and_remainder_of_the_divisor(pair, dtype):
    a, b = pair
    b = away_from(b, [0.0], 0.3)
    a = _quotient_away_from_integers(*np.broadcast_arrays(a, b))
    b = np.broadcast_to(b, a.shape).copy()
    assert_parity(lambda lib, x, y: lib.fmod(x, y), a, b, dtype=dtype)
    assert_parity(lambda lib, x, y: x.fmod(y), a, b, dtype=dtype)
    assert_parity(lambda lib, x: 7.5 % x, b, dtype=dtype, check_grad=False)  # PyTorch has no gradient here


@pytest.mark.parametrize("dtype", [np.int64, np.int32])
def test_integer_fmod_and_reflected_remainder(dtype):
    a, b = np.array([-7, -3, 3, 7], dtype=dtype), np.array([2, -2, 2, -3], dtype=dtype)
    for expression in (lambda lib: lib.fmod(lib.tensor(a), lib.tensor(b)), lambda lib: 5 % lib.tensor(b),
                       lambda lib: lib.floor_divide(lib.tensor(a), lib.tensor(b)), lambda lib: lib.tensor(a).fix()):
        ours, theirs = expression(mt), expression(torch)
        assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("name", ["sinc", "deg2rad", "rad2deg", "logit", "logit eps", "float_power"])
@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_unary_compositions(name, data, dtype):
    x = data.draw(arrays((3, 4)))
    function = {
        "sinc": lambda lib, t: lib.sinc(t),
        "deg2rad": lambda lib, t: lib.deg2rad(t),
        "rad2deg": lambda lib, t: t.rad2deg(),
        "logit": lambda lib, t: lib.logit(t),
        "logit eps": lambda lib, t: t.logit(eps=0.2),
        "float_power": lambda lib, t: lib.float_power(t, 3),
    }[name]
    if name.startswith("logit"):
        x = away_from(np.abs(x) / 2.2 + 0.02, [0.2, 0.8], 0.02)
    if name == "sinc":  # sinc(0) = 1, with a zero gradient; near 0 PyTorch's own gradient loses digits
        x = np.where(np.arange(x.size).reshape(x.shape) == 0, 0.0, away_from(x, [0.0], 0.05))
    assert_parity(function, x, dtype=dtype)


def test_xlogy_is_zero_where_x_is_zero_even_at_y_zero():
    """0 ln 0 = 0; the gradient to x is ln(y), but 0 where x = 0 and y <= 0; to y, x / y (NaN at 0 / 0)."""
    a, b = np.array([0.0, 0.0, 1.0, 0.0, 2.0]), np.array([0.0, 4.0, np.e, np.nan, 0.5])
    results = []
    for lib in (torch, mt):
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        value = lib.xlogy(x, y)
        value.sum().backward()
        results.append([value.detach().numpy(), x.grad.numpy(), y.grad.numpy()])
    for ours, theirs in zip(results[1], results[0]):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(results[1][0][:3], [0.0, 0.0, 1.0])


def test_comparison_and_sign_aliases_follow_pytorch():
    a, b = np.array([1.0, -2.0, 3.0]), np.array([1.0, 2.0, -3.0])
    for name in ["greater", "less", "greater_equal", "less_equal", "not_equal"]:
        ours = getattr(mt, name)(mt.tensor(a), mt.tensor(b))
        np.testing.assert_array_equal(ours.numpy(), getattr(torch, name)(torch.tensor(a), torch.tensor(b)).numpy())
        np.testing.assert_array_equal(getattr(mt.tensor(a), name)(mt.tensor(b)).numpy(), ours.numpy())
    for name in ["absolute", "negative", "positive", "fix"]:
        np.testing.assert_array_equal(getattr(mt.tensor(a), name)().numpy(),
                                      getattr(torch.tensor(a), name)().numpy())
