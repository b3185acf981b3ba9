"""Parity with PyTorch of diag, trace, addmm, meshgrid, std_mean, var_mean, aminmax, count_nonzero and diff:
values, every gradient, both dtypes, options and errors."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays, distinct, shapes

import minitorch_es as mt


@given(data=st.data(), dtype=FLOAT_DTYPES, k=st.integers(-2, 2), matrix=st.booleans())
def test_diag_both_ways_and_trace(data, dtype, k, matrix):
    x = data.draw(arrays((data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))) if matrix else
                         (data.draw(st.integers(1, 4)),)))
    assert_parity(lambda lib, t: lib.diag(t, k), x, dtype=dtype)
    assert_parity(lambda lib, t: t.diag(diagonal=k), x, dtype=dtype)
    if matrix:  # PyTorch 2.11 sends trace's gradient to the wrong entries of non-square matrices; 2.14 does not
        square = x[:min(x.shape), :min(x.shape)]
        assert_parity(lambda lib, t: lib.trace(t), square, dtype=dtype, kind="reduction", summed_terms=4)
        t = mt.tensor(x, requires_grad=True)
        mt.trace(t).backward()
        np.testing.assert_array_equal(t.grad.numpy(), np.eye(*x.shape))


@given(data=st.data(), dtype=FLOAT_DTYPES, beta=st.sampled_from([1, 0, 0.5]), alpha=st.sampled_from([1, -2.0]),
       input_shape=st.sampled_from([(2, 4), (4,), (1, 4), (2, 1)]))
def test_addmm(data, dtype, beta, alpha, input_shape):
    bias, a, b = data.draw(arrays(input_shape)), data.draw(arrays((2, 3))), data.draw(arrays((3, 4)))
    assert_parity(lambda lib, c, m1, m2: lib.addmm(c, m1, m2, beta=beta, alpha=alpha), bias, a, b, dtype=dtype,
                  kind="reduction", summed_terms=3)
    assert_parity(lambda lib, c, m1, m2: c.addmm(m1, m2, beta=beta, alpha=alpha), bias, a, b, dtype=dtype,
                  kind="reduction", summed_terms=3)


def test_addmm_with_beta_zero_ignores_nan_in_the_input():
    assert_parity(lambda lib, c, m1, m2: lib.addmm(c, m1, m2, beta=0), np.full((2, 2), np.nan), np.ones((2, 3)),
                  np.ones((3, 2)))


@pytest.mark.parametrize("indexing", ["ij", "xy"])
@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_meshgrid(indexing, data, dtype):
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    vectors = [data.draw(arrays((n,))) for n in sizes]
    assert_parity(lambda lib, *t: lib.meshgrid(*t, indexing=indexing), *vectors, dtype=dtype, kind="reduction",
                  summed_terms=16)
    assert_parity(lambda lib, *t: lib.meshgrid(list(t), indexing=indexing), *vectors, dtype=dtype,
                  kind="reduction", summed_terms=16)


def test_meshgrid_warns_without_indexing_and_rejects_matrices():
    with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
        grid = mt.meshgrid(mt.arange(2), mt.arange(3))
    assert tuple(grid[0].shape) == (2, 3)
    with pytest.raises(RuntimeError, match="Expected 0D or 1D tensor"):
        mt.meshgrid(mt.ones(2, 2), indexing="ij")
    with pytest.raises(RuntimeError, match="indexing must be one of"):
        mt.meshgrid(mt.ones(2), indexing="yx")


@given(x=shapes(min_dims=1, max_dims=3, min_side=3).flatmap(arrays), dtype=FLOAT_DTYPES, keepdim=st.booleans(),
       correction=st.sampled_from([0, 1, 2]), whole=st.booleans())
def test_std_mean_and_var_mean(x, dtype, keepdim, correction, whole):
    x = distinct(x, 0.05)  # no constant rows: the slope of std at 0 compares only rounding noise
    dim = None if whole else -1
    assert_parity(lambda lib, t: lib.std_mean(t, dim=dim, correction=correction, keepdim=keepdim), x,
                  dtype=dtype, kind="reduction", summed_terms=x.size)
    assert_parity(lambda lib, t: lib.var_mean(t, dim, keepdim=keepdim, correction=correction), x,
                  dtype=dtype, kind="reduction", summed_terms=x.size)


def _torch_differentiates_aminmax() -> bool:
    """PyTorch 2.14 has aminmax's derivative, 2.11 has not (then only values are compared)."""
    x = torch.ones(2, requires_grad=True)
    try:
        torch.aminmax(x).max.backward()
    except RuntimeError:
        return False
    return True


@given(x=shapes(min_dims=1, max_dims=3).flatmap(arrays), dtype=FLOAT_DTYPES, keepdim=st.booleans(),
       whole=st.booleans())
def test_aminmax_and_count_nonzero(x, dtype, keepdim, whole):
    x = distinct(x)
    dim = None if whole else 0
    differentiable = _torch_differentiates_aminmax()
    assert_parity(lambda lib, t: tuple(lib.aminmax(t, dim=dim, keepdim=keepdim)), x, dtype=dtype,
                  check_grad=differentiable)
    assert_parity(lambda lib, t: t.aminmax(dim=dim, keepdim=keepdim).max, x, dtype=dtype, check_grad=differentiable)
    sparse = np.where(np.abs(x) < 1, 0.0, x)
    dims = None if whole else (0,) if x.ndim == 1 else (0, -1)
    assert_parity(lambda lib, t: lib.count_nonzero(t, dim=dims), Constant(sparse))
    assert_parity(lambda lib, t: t.count_nonzero(), Constant(sparse))


@given(data=st.data(), dtype=FLOAT_DTYPES, n=st.integers(1, 3), dim=st.sampled_from([0, -1]),
       ends=st.sampled_from(["none", "prepend", "append", "both"]))
def test_diff(data, dtype, n, dim, ends):
    x = data.draw(arrays((3, 4)))
    edge_shape = (1, 4) if dim == 0 else (3, 2)
    extra = [data.draw(arrays(edge_shape)) for _ in range(2)]
    if ends == "none":
        assert_parity(lambda lib, t: lib.diff(t, n=n, dim=dim), x, dtype=dtype)
    elif ends == "prepend":
        assert_parity(lambda lib, t, p: t.diff(n, dim, prepend=p), x, extra[0], dtype=dtype)
    elif ends == "append":
        assert_parity(lambda lib, t, a: lib.diff(t, n, dim, append=a), x, extra[1], dtype=dtype)
    else:
        assert_parity(lambda lib, t, p, a: lib.diff(t, n, dim, p, a), x, extra[0], extra[1], dtype=dtype)


def test_diff_of_booleans_and_errors():
    flags = np.array([True, False, False, True])
    assert_parity(lambda lib, t: lib.diff(t), Constant(flags))
    assert_parity(lambda lib, t: lib.diff(t, n=9), Constant(np.arange(4.0)))
    with pytest.raises(RuntimeError, match="Supports 1D or 2D tensors. Got 3D"):
        mt.diag(mt.ones(2, 2, 2))
    with pytest.raises(RuntimeError, match="expected a matrix, but got tensor with dim 1"):
        mt.trace(mt.ones(3))
    with pytest.raises(RuntimeError, match="mat1 must be a matrix, got 1-D tensor"):
        mt.addmm(mt.ones(2), mt.ones(2), mt.ones(2, 2))
    with pytest.raises(RuntimeError, match="aminmax"):
        mt.aminmax(mt.tensor([]))
    assert torch.count_nonzero(torch.tensor([0, 2])).item() == mt.count_nonzero(mt.tensor([0, 2])).item() == 1
