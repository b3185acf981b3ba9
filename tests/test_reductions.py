"""Parity of reductions with PyTorch: dim (int, tuple, negative, None), keepdim, values and gradients."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, distinct, shapes


@st.composite
def array_and_dims(draw, min_dims=1, allow_none=True, allow_tuple=True):
    shape = draw(shapes(min_dims=min_dims))
    x = draw(arrays(shape))
    ndim = len(shape)
    options = [st.integers(-ndim, ndim - 1)]
    if allow_none:
        options.append(st.none())
    if allow_tuple:
        options.append(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(tuple))
    return x, draw(st.one_of(*options)), draw(st.booleans())


def _call(method, dim, keepdim, **kwargs):
    if dim is None:
        return lambda lib, t: getattr(t, method)(**kwargs)
    return lambda lib, t: getattr(t, method)(dim, keepdim=keepdim, **kwargs)


@pytest.mark.parametrize("method", ["sum", "mean"])
@given(case=array_and_dims(), dtype=FLOAT_DTYPES, noncontiguous=st.booleans())
def test_sum_and_mean(method, case, dtype, noncontiguous):
    x, dim, keepdim = case
    assert_parity(_call(method, dim, keepdim), x, dtype=dtype, kind="reduction", summed_terms=x.size,
                  noncontiguous=noncontiguous)


@pytest.mark.filterwarnings("ignore:.*degrees of freedom")
@pytest.mark.parametrize("method", ["var", "std"])
@given(case=array_and_dims(), dtype=FLOAT_DTYPES, correction=st.sampled_from([None, 0, 1]))
def test_var_and_std(method, case, dtype, correction):
    x, dim, keepdim = case
    x = distinct(x, 1e-2)
    kwargs = {} if correction is None else {"correction": correction}
    assert_parity(_call(method, dim, keepdim, **kwargs), x, dtype=dtype, kind="reduction", summed_terms=x.size)


def test_var_unbiased_flag_and_positional_bool():
    x = np.array([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]])
    assert_parity(lambda lib, t: t.var(1, unbiased=False), x)
    assert_parity(lambda lib, t: t.std(False), x)
    assert_parity(lambda lib, t: lib.var(t, dim=0, keepdim=True), x)


@given(case=array_and_dims(), dtype=FLOAT_DTYPES)
def test_logsumexp(case, dtype):
    x, dim, keepdim = case
    dim = tuple(range(x.ndim)) if dim is None else dim
    assert_parity(lambda lib, t: lib.logsumexp(t * 20, dim, keepdim=keepdim), x, dtype=dtype, kind="reduction",
                  summed_terms=x.size)


@given(case=array_and_dims(allow_tuple=False), dtype=FLOAT_DTYPES)
def test_prod(case, dtype):
    """Values are kept within [0.9, 1.0] in magnitude (signs and zeros as drawn), so that a product of up to 625
    factors does not overflow float32: past overflow PyTorch's gradient depends on where its cumulative products
    overflow, while ours accumulates them in float64."""
    x, dim, keepdim = case
    x = np.where(x == 0, 0.0, np.sign(x) * (0.9 + np.abs(x) / 20))
    assert_parity(_call("prod", dim, keepdim), x, dtype=dtype, kind="reduction", summed_terms=x.size)


def test_prod_gradient_with_zeros():
    x = np.array([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 3.0]])
    assert_parity(lambda lib, t: t.prod(1), x)
    assert_parity(lambda lib, t: t.prod(), x)
    assert_parity(lambda lib, t: t.prod(), np.array([2.0, 0.0, 5.0]))


@pytest.mark.parametrize("method", ["amax", "amin"])
@given(case=array_and_dims(), dtype=FLOAT_DTYPES)
def test_amax_amin(method, case, dtype):
    x, dim, keepdim = case
    dim = () if dim is None else dim
    assert_parity(lambda lib, t: getattr(lib, method)(t, dim, keepdim=keepdim), x, dtype=dtype)


@pytest.mark.parametrize("method", ["max", "min"])
@given(case=array_and_dims(allow_none=False, allow_tuple=False), dtype=FLOAT_DTYPES)
def test_max_min_along_dim_return_values_and_indices(method, case, dtype):
    x, dim, keepdim = case
    x = distinct(x)
    assert_parity(lambda lib, t: tuple(getattr(t, method)(dim, keepdim=keepdim)), x, dtype=dtype)


@pytest.mark.parametrize("method", ["max", "min"])
@given(x=shapes(min_dims=0).flatmap(arrays), dtype=FLOAT_DTYPES)
def test_max_min_of_everything(method, x, dtype):
    assert_parity(lambda lib, t: getattr(t, method)(), x, dtype=dtype)


def test_ties_share_the_gradient_as_pytorch():
    x = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    assert_parity(lambda lib, t: t.max(), x)
    assert_parity(lambda lib, t: t.amax(1), x)
    assert_parity(lambda lib, t: t.amin((0, 1)), x)
    assert_parity(lambda lib, t: t.max(1).values, x)
    assert_parity(lambda lib, t: t.max(1).indices, x)


@pytest.mark.parametrize("method", ["argmax", "argmin"])
@given(case=array_and_dims(allow_tuple=False), dtype=FLOAT_DTYPES)
def test_argmax_argmin(method, case, dtype):
    x, dim, keepdim = case
    x = distinct(x)
    assert_parity(lambda lib, t: getattr(t, method)(dim=dim, keepdim=keepdim), x, dtype=dtype)


def test_integer_and_bool_sums_are_int64():
    assert_parity(lambda lib, t: t.sum(), np.array([True, False, True]), dtype=np.bool_)
    assert_parity(lambda lib, t: t.sum(0), np.array([[1, 2], [3, 4]]), dtype=np.int32)
    assert_parity(lambda lib, t: t.prod(), np.array([1, 2, 3]), dtype=np.int64)


def test_sum_with_dtype_argument():
    assert_parity(lambda lib, t: t.sum(dtype=lib.float64), np.array([1.5, 2.25]), dtype=np.float32)
