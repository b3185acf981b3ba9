"""Parity of element-wise operations with PyTorch: values and gradients, float64 and float32, broadcasting."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
import torch
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays, away_from, broadcastable_pair, shapes

import minitorch_es as mt

BINARY = {
    "add": lambda lib, a, b: a + b,
    "add_alpha": lambda lib, a, b: lib.add(a, b, alpha=0.5),
    "sub": lambda lib, a, b: a - b,
    "sub_alpha": lambda lib, a, b: lib.sub(a, b, alpha=2.0),
    "mul": lambda lib, a, b: a * b,
    "maximum": lambda lib, a, b: lib.maximum(a, b),
    "minimum": lambda lib, a, b: lib.minimum(a, b),
    "binary_max": lambda lib, a, b: lib.max(a, b),
    "binary_min": lambda lib, a, b: lib.min(a, b),
}


@pytest.mark.parametrize("name", BINARY)
@given(pair=broadcastable_pair(), dtype=FLOAT_DTYPES)
def test_binary_broadcasting(name, pair, dtype):
    assert_parity(BINARY[name], *pair, dtype=dtype)


@given(pair=broadcastable_pair(), dtype=FLOAT_DTYPES)
def test_division_away_from_zero(pair, dtype):
    a, b = pair
    assert_parity(lambda lib, x, y: x / y, a, away_from(b, [0.0], 0.2), dtype=dtype)


@pytest.mark.parametrize("rounding_mode", ["trunc", "floor"])
@given(pair=broadcastable_pair(), dtype=FLOAT_DTYPES)
def test_division_rounding_modes(rounding_mode, pair, dtype):
    a, b = pair
    assert_parity(lambda lib, x, y: lib.div(x, y, rounding_mode=rounding_mode), a * 3, away_from(b, [0.0], 0.2),
                  dtype=dtype)


@given(pair=broadcastable_pair(low=0.2, high=2.0), dtype=FLOAT_DTYPES)
def test_power_of_tensors(pair, dtype):
    assert_parity(lambda lib, x, y: x ** y, *pair, dtype=dtype)


@pytest.mark.parametrize("exponent", [2, 3, -1, 0.5, 0, 2.5])
@given(x=shapes().flatmap(lambda s: arrays(s, 0.2, 2.0)), dtype=FLOAT_DTYPES)
def test_power_by_number(exponent, x, dtype):
    assert_parity(lambda lib, t: t ** exponent, x, dtype=dtype)
    assert_parity(lambda lib, t: lib.pow(t, exponent), x, dtype=dtype)


@given(x=shapes().flatmap(lambda s: arrays(s)), dtype=FLOAT_DTYPES, base=st.sampled_from([0.5, 2.0, 3.0]))
def test_number_to_power_of_tensor(x, dtype, base):
    assert_parity(lambda lib, t: base ** t, x, dtype=dtype)


@given(x=shapes().flatmap(lambda s: arrays(s)), dtype=FLOAT_DTYPES,
       scalar=st.floats(-3, 3).filter(lambda v: abs(v) > 0.1))
def test_arithmetic_with_python_numbers(x, dtype, scalar):
    assert_parity(lambda lib, t: (t + scalar) * scalar - scalar / (t * t + 1) + (scalar - t), x, dtype=dtype)
    assert_parity(lambda lib, t: -t / scalar, x, dtype=dtype)


UNARY = {
    "neg": (lambda lib, t: -t, -2, 2),
    "exp": (lambda lib, t: lib.exp(t), -2, 2),
    "log": (lambda lib, t: lib.log(t), 0.05, 4),
    "sqrt": (lambda lib, t: lib.sqrt(t), 0.05, 4),
    "abs": (lambda lib, t: lib.abs(t), -2, 2),
    "sin": (lambda lib, t: t.sin(), -3, 3),
    "cos": (lambda lib, t: t.cos(), -3, 3),
    "method_exp_log": (lambda lib, t: t.exp().log(), -2, 2),
    "log1p": (lambda lib, t: lib.log1p(t), -0.9, 3),
    "expm1": (lambda lib, t: t.expm1(), -2, 2),
    "exp2": (lambda lib, t: lib.exp2(t), -2, 2),
    "log2": (lambda lib, t: t.log2(), 0.05, 4),
    "log10": (lambda lib, t: lib.log10(t), 0.05, 4),
    "rsqrt": (lambda lib, t: lib.rsqrt(t), 0.05, 4),
    "reciprocal": (lambda lib, t: t.reciprocal(), 0.1, 3),
    "erf": (lambda lib, t: lib.erf(t), -3, 3),
    "square": (lambda lib, t: lib.square(t), -2, 2),
    "floor": (lambda lib, t: lib.floor(t * 3), -2, 2),
    "ceil": (lambda lib, t: (t * 3).ceil(), -2, 2),
    "round": (lambda lib, t: lib.round(t * 3), -2, 2),
    "round_decimals": (lambda lib, t: lib.round(t * 30, decimals=1), -2, 2),
    "trunc": (lambda lib, t: lib.trunc(t * 3), -2, 2),
    "sign": (lambda lib, t: t.sign() * t, -2, 2),
}


@pytest.mark.parametrize("name", UNARY)
@given(data=st.data(), dtype=FLOAT_DTYPES, noncontiguous=st.booleans())
def test_unary(name, data, dtype, noncontiguous):
    function, low, high = UNARY[name]
    x = data.draw(shapes().flatmap(lambda s: arrays(s, low, high)))
    if name in ("abs", "sign"):
        x = away_from(x, [0.0])
    if name in ("floor", "ceil", "round", "trunc", "round_decimals"):
        x = away_from(x * 3, np.arange(-7, 8) / 2, 0.02) / 3  # no value within rounding of a jump or a half
    assert_parity(function, x, dtype=dtype, noncontiguous=noncontiguous)


@given(x=shapes().flatmap(lambda s: arrays(s)), dtype=FLOAT_DTYPES,
       bounds=st.tuples(st.sampled_from([None, -1.0, -0.5]), st.sampled_from([None, 0.5, 1.0])))
def test_clamp_with_numbers(x, dtype, bounds):
    low, high = bounds
    if low is None and high is None:
        low = 0.0
    x = away_from(x, [b for b in (low, high) if b is not None])
    assert_parity(lambda lib, t: lib.clamp(t, low, high), x, dtype=dtype)
    assert_parity(lambda lib, t: t.clamp(min=low, max=high), x, dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_clamp_with_tensor_bounds(data, dtype):
    x = data.draw(arrays((3, 4)))
    low = data.draw(arrays((4,), -1.5, -0.2))
    high = data.draw(arrays((3, 1), 0.2, 1.5))
    x = x + 1e-2 * np.sign(x)
    assert_parity(lambda lib, t, lo, hi: lib.clamp(t, lo, hi), x, low, high, dtype=dtype)


@given(pair=broadcastable_pair(), dtype=FLOAT_DTYPES)
def test_where(pair, dtype):
    a, b = pair
    condition = np.broadcast_to(a > 0, np.broadcast_shapes(a.shape, b.shape))
    assert_parity(lambda lib, c, x, y: lib.where(c, x, y), Constant(condition), a, b, dtype=dtype)
    assert_parity(lambda lib, c, x: lib.where(c, x, 0.0), Constant(condition), a, dtype=dtype)


def test_maximum_and_minimum_split_ties_in_halves():
    values = np.array([1.0, 2.0, 3.0])
    assert_parity(lambda lib, a, b: lib.maximum(a, b), values, np.array([1.0, 0.0, 3.0]))
    assert_parity(lambda lib, a, b: lib.minimum(a, b), values, np.array([1.0, 5.0, 3.0]))


def _torch_clamp_gradient_at_a_bound() -> float:
    x = torch.tensor(0.0, requires_grad=True)
    torch.clamp(x, min=0.0).backward()
    return x.grad.item()


def test_kinks_follow_pytorch():
    at_kinks = np.array([-1.0, 0.0, 1.0, 2.0])
    assert_parity(lambda lib, t: lib.abs(t), at_kinks)
    if _torch_clamp_gradient_at_a_bound() == 0.0:
        assert_parity(lambda lib, t: lib.clamp(t, -1.0, 1.0), at_kinks)
    else:  # PyTorch 2.11 and earlier passed the gradient at a bound; we follow the minimum-norm rule of later ones
        assert_parity(lambda lib, t: lib.clamp(t, -1.0, 1.0), np.array([0.0, 2.0]))
        x = mt.tensor(at_kinks, requires_grad=True)
        mt.clamp(x, -1.0, 1.0).backward(mt.tensor([3.0, 5.0, 7.0, 11.0]))
        np.testing.assert_array_equal(x.grad.numpy(), [0.0, 5.0, 0.0, 0.0])
    assert_parity(lambda lib, t: t ** 0, at_kinks)
    assert_parity(lambda lib, t: lib.sqrt(t.abs()), np.array([0.0, 4.0]))


@pytest.mark.parametrize("expression", [
    lambda lib, a, b: a + b, lambda lib, a, b: a * b, lambda lib, a, b: a - b, lambda lib, a, b: a / b,
    lambda lib, a, b: a ** 2, lambda lib, a, b: a // b, lambda lib, a, b: a % b,
])
def test_integer_arithmetic_and_promotion(expression):
    a, b = np.array([[7, -3, 5]]), np.array([[2], [3]])
    assert_parity(expression, Constant(a), Constant(b))
    assert_parity(expression, Constant(a.astype(np.int32)), Constant(b))
    assert_parity(lambda lib, x, y: expression(lib, x, y) * 2.5, Constant(a), Constant(b))


def test_remainder_gradient():
    assert_parity(lambda lib, a, b: a % b, np.array([5.5, -3.2, 7.1]), np.array([2.0, 2.5, -3.0]))


@pytest.mark.parametrize("expression", [lambda lib, x: x + -3, lambda lib, x: x - 300, lambda lib, x: x * -3,
                                        lambda lib, x: x == -3, lambda lib, x: x < -3, lambda lib, x: x & -3,
                                        lambda lib, x: lib.where(x > 1, x, -3)])
def test_python_ints_outside_an_integer_dtype_wrap_around_as_in_pytorch(expression):
    """uint8 + (-3) adds 253 in PyTorch (a C cast); NumPy 2 would raise OverflowError."""
    results = []
    for lib in (torch, mt):
        value = expression(lib, lib.tensor(np.array([1, 2, 250], dtype=np.uint8)))
        results.append((value.tolist(), str(value.dtype).split(".")[-1]))
    assert results[0] == results[1]


def test_an_empty_dimension_broadcasts_against_size_one():
    """(0,) and (1,) broadcast to (0,), as in PyTorch and NumPy; 0 against 2 is still a mismatch."""
    assert_parity(lambda lib, a, b: a + b, np.zeros((0, 3)), np.ones((1, 3)))
    assert_parity(lambda lib, a, b: a * b, np.zeros((2, 1, 0)), np.ones((4, 1)))
    with pytest.raises(RuntimeError, match=r"The size of tensor a \(0\) must match the size of tensor b \(2\)"):
        mt.zeros(0) + mt.zeros(2)
