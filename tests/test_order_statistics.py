"""Parity with PyTorch of median, kthvalue and quantile: values, indices, the gradient to the picked entries (shared
evenly among ties for the median of all entries), every interpolation, NaN, keepdim, both dtypes."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, distinct, shapes

import minitorch_es as mt


@given(x=shapes(min_dims=1, max_dims=3).flatmap(arrays), dtype=FLOAT_DTYPES, keepdim=st.booleans(),
       data=st.data())
def test_median_and_kthvalue(x, dtype, keepdim, data):
    x = distinct(x)  # PyTorch does not promise which index it returns among equal values
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    assert_parity(lambda lib, t: lib.median(t), x, dtype=dtype)
    assert_parity(lambda lib, t: tuple(t.median(dim=dim, keepdim=keepdim)), x, dtype=dtype)
    k = data.draw(st.integers(1, x.shape[dim]))
    assert_parity(lambda lib, t: tuple(lib.kthvalue(t, k, dim, keepdim)), x, dtype=dtype)


def test_median_of_ties_shares_the_gradient_and_nan_wins():
    assert_parity(lambda lib, t: lib.median(t), np.array([1.0, 2.0, 2.0, 3.0, 2.0, 0.0]))
    assert_parity(lambda lib, t: lib.median(t), np.array([1.0, np.nan, 3.0]))
    assert_parity(lambda lib, t: tuple(lib.median(t, 1)), np.array([[1.0, np.nan, 3.0], [4.0, 2.0, 6.0]]))
    assert_parity(lambda lib, t: lib.median(t), np.array(5.0))


@given(x=shapes(min_dims=1, max_dims=3).flatmap(arrays), dtype=FLOAT_DTYPES, keepdim=st.booleans(),
       interpolation=st.sampled_from(["linear", "lower", "higher", "midpoint", "nearest"]), data=st.data())
def test_quantile(x, dtype, keepdim, interpolation, data):
    x = distinct(x)
    dim = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    # lower/higher/nearest jump where q (n - 1) crosses an integer, and PyTorch versions compute that product in
    # different precisions (2.11 rounds it to float32, 2.14 does not): they get levels that float32 holds exactly
    exact = interpolation in ("lower", "higher", "nearest")
    choices = [0.0, 0.25, 0.5, 0.75, 1.0] + ([] if exact else [0.1, 0.9, 1 / 3])
    levels = data.draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3))
    assert_parity(lambda lib, t: lib.quantile(t, levels[0], dim, keepdim, interpolation=interpolation), x,
                  dtype=dtype)
    assert_parity(lambda lib, t: t.quantile(lib.tensor(levels, dtype=t.dtype), dim=dim, keepdim=keepdim,
                                            interpolation=interpolation), x, dtype=dtype)


def test_quantile_of_a_row_with_nan_and_errors():
    assert_parity(lambda lib, t: lib.quantile(t, 0.5, dim=1), np.array([[1.0, np.nan, 3.0], [4.0, 2.0, 6.0]]))
    with pytest.raises(RuntimeError, match=r"q values must be in the range \[0, 1\]"):
        mt.quantile(mt.ones(3), 1.5)
    with pytest.raises(RuntimeError, match="input tensor must be either float or double dtype"):
        mt.quantile(mt.tensor([1, 2]), 0.5)
    with pytest.raises(ValueError, match="interpolation must be one of"):
        mt.quantile(mt.ones(3), 0.5, interpolation="cubic")
    with pytest.raises(RuntimeError, match="selected number k out of range"):
        mt.kthvalue(mt.ones(3), 4)
    assert torch.median(torch.tensor([3.0, 1.0, 2.0, 4.0])).item() == mt.median(mt.tensor([3.0, 1.0, 2.0, 4.0])).item()
