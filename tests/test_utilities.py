"""Parity with PyTorch of norm, dot, outer, mm/bmm methods (gradients included), and of the utilities without
gradients: logical operations, nonzero, unique, bincount, isclose, new_* factories, clamp_min/max, masked_fill_."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, shapes

import minitorch_es as mt


@given(x=shapes(min_dims=1).flatmap(arrays), data=st.data(), dtype=FLOAT_DTYPES,
       p=st.sampled_from(["fro", 2, 1, float("inf"), 3, 0.5]))
def test_norm(x, data, dtype, p, ):
    x = np.where(np.abs(x) < 1e-2, 0.5, x)  # |x| and max have kinks at 0 and at ties
    x = x + np.arange(x.size).reshape(x.shape) * 1e-3
    dim = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    keepdim = data.draw(st.booleans())
    assert_parity(lambda lib, t: t.norm(p=p, dim=dim, keepdim=keepdim), x, dtype=dtype, kind="reduction",
                  summed_terms=x.size)
    assert_parity(lambda lib, t: lib.norm(t), x, dtype=dtype, kind="reduction", summed_terms=x.size)


def test_norm_of_zero_has_a_zero_gradient_like_pytorch():
    for lib in (mt, torch):
        x = lib.zeros(3, requires_grad=True)
        x.norm().backward()
        assert x.grad.tolist() == [0.0, 0.0, 0.0]


@given(n=st.integers(1, 6), m=st.integers(1, 6), data=st.data(), dtype=FLOAT_DTYPES)
def test_dot_outer_mm_bmm(n, m, data, dtype):
    a, b = data.draw(arrays((n,))), data.draw(arrays((n,)))
    assert_parity(lambda lib, x, y: x.dot(y), a, b, dtype=dtype, kind="reduction", summed_terms=n)
    c = data.draw(arrays((m,)))
    assert_parity(lambda lib, x, y: lib.outer(x, y), a, c, dtype=dtype)
    left, right = data.draw(arrays((2, n, m))), data.draw(arrays((2, m, 3)))
    assert_parity(lambda lib, x, y: x.bmm(y), left, right, dtype=dtype, kind="reduction", summed_terms=m)
    assert_parity(lambda lib, x, y: x[0].mm(y[1]), left, right, dtype=dtype, kind="reduction", summed_terms=m)


def both(call):
    ours, theirs = call(mt), call(torch)
    if isinstance(theirs, tuple):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
            np.testing.assert_array_equal(a.numpy(), b.numpy())
        return
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


VALUES = [[1.0, 0.0, -2.0], [0.0, 0.0, 3.0]]


@pytest.mark.parametrize("call", [
    lambda lib: lib.logical_and(lib.tensor(VALUES), lib.tensor([1, 0, 1])),
    lambda lib: lib.logical_or(lib.tensor(VALUES), lib.tensor([True, False, False])),
    lambda lib: lib.logical_xor(lib.tensor(VALUES), lib.tensor(VALUES).t()[:1].t().reshape(2, 1)),
    lambda lib: lib.logical_not(lib.tensor(VALUES)),
    lambda lib: lib.any(lib.tensor(VALUES) > 2, dim=1),
    lambda lib: lib.all(lib.tensor(VALUES) != 5),
    lambda lib: lib.nonzero(lib.tensor(VALUES)),
    lambda lib: lib.nonzero(lib.tensor(VALUES), as_tuple=True),
    lambda lib: lib.tensor(VALUES).nonzero(),
    lambda lib: lib.nonzero(lib.tensor(5)),
    lambda lib: lib.argwhere(lib.tensor(VALUES)),
    lambda lib: lib.unique(lib.tensor([3, 1, 3, 2, 1])),
    lambda lib: lib.unique(lib.tensor([[3, 1], [3, 2]]), return_inverse=True, return_counts=True),
    lambda lib: lib.tensor([[1, 2], [1, 2], [0, 5]]).unique(dim=0, return_counts=True),
    lambda lib: lib.bincount(lib.tensor([0, 3, 3, 1])),
    lambda lib: lib.bincount(lib.tensor([0, 3, 3, 1]), minlength=6),
    lambda lib: lib.bincount(lib.tensor([0, 3, 3]), weights=lib.tensor([0.5, 1.0, 2.0])),
    lambda lib: lib.bincount(lib.tensor([0, 3, 3]), weights=lib.tensor([0.5, 1.0, 2.0], dtype=lib.float64)),
    lambda lib: lib.isclose(lib.tensor([1.0, 2.0, float("nan")]), lib.tensor([1.0 + 1e-6, 2.1, float("nan")])),
    lambda lib: lib.isclose(lib.tensor([float("nan")]), lib.tensor([float("nan")]), equal_nan=True),
    lambda lib: lib.tensor([1, 2]).new_zeros(2, 3),
    lambda lib: lib.tensor([1.0]).new_ones((2,), dtype=lib.float64),
    lambda lib: lib.tensor([1, 2]).new_full((3,), 1.5),
    lambda lib: lib.tensor([1, 2]).new_tensor([1.5, 2.7]),
    lambda lib: lib.tensor([1.0]).new_empty(2).zero_(),
    lambda lib: lib.tensor([1, 2]).type_as(lib.tensor([1.0], dtype=lib.float64)),
    lambda lib: lib.clamp_min(lib.tensor(VALUES), 0.5),
    lambda lib: lib.tensor(VALUES).clamp_max(0.5),
    lambda lib: lib.tensor(VALUES).masked_fill_(lib.tensor([True, False, True]), -9.0),
])
def test_utilities_match_pytorch(call):
    both(call)


def test_in_place_masked_fill_is_refused_on_a_leaf_that_requires_grad():
    x = mt.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        x.masked_fill_(mt.tensor([True, False]), 0.0)
    with pytest.raises(RuntimeError, match="bincount only supports 1-d non-negative integral inputs"):
        mt.bincount(mt.tensor([1, -1]))


def test_where_with_only_a_condition_gives_the_indices():
    both(lambda lib: lib.where(lib.tensor(VALUES) > 0))
    both(lambda lib: lib.where(lib.tensor(VALUES) > 0, lib.tensor(VALUES), 0.0))
