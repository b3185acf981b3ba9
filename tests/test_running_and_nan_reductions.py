"""cummax, cummin, logcumsumexp, nansum and nanmean against PyTorch: values, indices, dtypes and gradients."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, distinct, shapes

import minitorch_es as mt


@pytest.mark.parametrize("name", ["cummax", "cummin"])
@given(data=st.data(), dtype=FLOAT_DTYPES, ties=st.booleans())
def test_running_extremes(name, data, dtype, ties):
    """Ties (rounded values) take the latest position, as PyTorch; the gradient goes to the positions."""
    shape = data.draw(shapes(min_dims=1, max_dims=3))
    x = data.draw(arrays(shape))
    x = np.round(x) if ties else distinct(x)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    assert_parity(lambda lib, t: getattr(lib, name)(t, dim), x, dtype=dtype)
    assert_parity(lambda lib, t: getattr(t, name)(dim), x, dtype=dtype)


def test_running_extremes_carry_nan_forward():
    x = np.array([1.0, np.nan, 3.0, np.nan, 5.0, 0.0])
    for name in ["cummax", "cummin"]:
        ours, theirs = getattr(mt, name)(mt.tensor(x), 0), getattr(torch, name)(torch.tensor(x), 0)
        np.testing.assert_array_equal(ours.values.numpy(), theirs.values.numpy())
        np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_logcumsumexp(data, dtype):
    shape = data.draw(shapes(min_dims=1, max_dims=3))
    x = data.draw(arrays(shape, -30, 30))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    assert_parity(lambda lib, t: lib.logcumsumexp(t, dim), x, dtype=dtype, kind="reduction",
                  summed_terms=shape[dim])


def test_logcumsumexp_of_minus_infinity_and_huge_values():
    """No overflow or underflow between 1 and 1000; the gradient to an entry of -inf is 0 (PyTorch's is NaN)."""
    x, g = np.array([-np.inf, -np.inf, 1.0, 1000.0, 1000.0, -3.0]), np.array([1.0, 2.0, 3.0, -1.0, 0.5, 2.0])
    results = []
    for lib in (mt, torch):
        t = lib.tensor(x, requires_grad=True)
        y = lib.logcumsumexp(t, 0)
        y.backward(lib.tensor(g))
        results.append((y.detach().numpy(), t.grad.numpy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12)
    np.testing.assert_allclose(results[0][1][2:], results[1][1][2:], rtol=1e-12)
    np.testing.assert_array_equal(results[0][1][:2], [0.0, 0.0])


@pytest.mark.parametrize("name", ["nansum", "nanmean"])
@given(data=st.data(), dtype=FLOAT_DTYPES, keepdim=st.booleans())
def test_sums_that_skip_nan(name, data, dtype, keepdim):
    shape = data.draw(shapes(min_dims=1, max_dims=3))
    x = data.draw(arrays(shape))
    dim = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)))
    nan = data.draw(arrays(shape)) > 1.0
    first = np.zeros(shape, dtype=bool)  # every reduced slice keeps a number (an all-NaN mean is 0 / 0)
    first[(0,) * len(shape) if dim is None else tuple(0 if axis == dim % len(shape) else slice(None)
                                                    for axis in range(len(shape)))] = True
    x[nan & ~first] = np.nan
    options = {} if dim is None else dict(dim=dim, keepdim=keepdim)
    assert_parity(lambda lib, t: getattr(lib, name)(t, **options), x, dtype=dtype, kind="reduction",
                  summed_terms=x.size)


def test_nansum_of_integers_and_nanmean_refuses_them():
    x = np.array([[1, 2], [3, 4]])
    assert mt.nansum(mt.tensor(x), dim=1).tolist() == torch.nansum(torch.tensor(x), dim=1).tolist() == [3, 7]
    with pytest.raises(RuntimeError, match="nanmean\\(\\): expected input to have floating point dtype but got int64"):
        mt.nanmean(mt.tensor(x))
