"""Parity of shape operations and indexing with PyTorch: values, views, and gradients moved back."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays, shapes

import minitorch_es


@given(x=shapes(min_dims=1).flatmap(arrays), dtype=FLOAT_DTYPES, noncontiguous=st.booleans())
def test_reshape_flatten_and_view(x, dtype, noncontiguous):
    assert_parity(lambda lib, t: t.reshape(-1, 1) * 2, x, dtype=dtype, noncontiguous=noncontiguous)
    assert_parity(lambda lib, t: t.flatten() * 2, x, dtype=dtype, noncontiguous=noncontiguous)
    assert_parity(lambda lib, t: lib.reshape(t, (x.size,)), x, dtype=dtype, noncontiguous=noncontiguous)
    assert_parity(lambda lib, t: t.contiguous().view(-1) * 3, x, dtype=dtype, noncontiguous=noncontiguous)


@given(x=shapes(min_dims=2, max_dims=4).flatmap(arrays), dtype=FLOAT_DTYPES, data=st.data())
def test_flatten_range_transpose_and_permute(x, dtype, data):
    ndim = x.ndim
    start = data.draw(st.integers(0, ndim - 1))
    end = data.draw(st.integers(start, ndim - 1))
    order = tuple(data.draw(st.permutations(range(ndim))))
    dim0, dim1 = data.draw(st.integers(-ndim, ndim - 1)), data.draw(st.integers(-ndim, ndim - 1))
    assert_parity(lambda lib, t: t.flatten(start, end), x, dtype=dtype)
    assert_parity(lambda lib, t: t.permute(*order) * 2, x, dtype=dtype)
    assert_parity(lambda lib, t: lib.transpose(t, dim0, dim1) * 2, x, dtype=dtype)
    assert_parity(lambda lib, t: t.transpose(-1, -2).contiguous(), x, dtype=dtype)


@given(x=shapes(min_dims=2, max_dims=2).flatmap(arrays), dtype=FLOAT_DTYPES)
def test_T_t_and_mT(x, dtype):
    assert_parity(lambda lib, t: t.T * 2, x, dtype=dtype)
    assert_parity(lambda lib, t: t.t() * 2, x, dtype=dtype)
    assert_parity(lambda lib, t: t.mT * 2, x, dtype=dtype)


@given(shape=shapes(min_dims=0, max_dims=4, max_side=3), dtype=FLOAT_DTYPES, data=st.data())
def test_squeeze_unsqueeze(shape, dtype, data):
    shape = tuple(1 if data.draw(st.booleans()) else s for s in shape)
    x = data.draw(arrays(shape))
    ndim = len(shape)
    assert_parity(lambda lib, t: t.squeeze() * 2, x, dtype=dtype)
    if ndim:
        dim = data.draw(st.integers(-ndim, ndim - 1))
        assert_parity(lambda lib, t: t.squeeze(dim) * 2, x, dtype=dtype)
    new_dim = data.draw(st.integers(-ndim - 1, ndim))
    assert_parity(lambda lib, t: t.unsqueeze(new_dim) * 2, x, dtype=dtype)


@given(shape=shapes(min_dims=1, max_dims=3, max_side=3), dtype=FLOAT_DTYPES, data=st.data())
def test_expand_sums_gradient_back(shape, dtype, data):
    shape = tuple(1 if data.draw(st.booleans()) else s for s in shape)
    x = data.draw(arrays(shape))
    target = tuple(data.draw(st.integers(2, 3)) if s == 1 else s for s in shape)
    lead = data.draw(st.integers(0, 2))
    assert_parity(lambda lib, t: t.expand(*((2,) * lead + target)) * 2, x, dtype=dtype)
    assert_parity(lambda lib, t: t.expand(*((-1,) * len(shape))) * 2, x, dtype=dtype)


INDEXES = [
    1, -1, slice(None, None, 2), (slice(1, None), 0), (None, Ellipsis, 1), (Ellipsis, None),
    (slice(None), [0, 2, 2]), ([1, 0, 1], [2, 2, 0]), (0, slice(1, 3), [1, 0]),
]


@pytest.mark.parametrize("key", INDEXES, ids=repr)
@given(dtype=FLOAT_DTYPES, data=st.data())
def test_basic_and_advanced_indexing(key, dtype, data):
    x = data.draw(arrays((3, 4, 2)))
    assert_parity(lambda lib, t: t[key] * 2, x, dtype=dtype)


@given(dtype=FLOAT_DTYPES, data=st.data())
def test_indexing_with_tensors_and_masks(dtype, data):
    x = data.draw(arrays((4, 3)))
    mask = x > 0
    assert_parity(lambda lib, t, m: t[m] * 2, x, Constant(mask), dtype=dtype)
    assert_parity(lambda lib, t, i: t[i] * 2, x, Constant(np.array([3, 0, 3, 1])), dtype=dtype)
    assert_parity(lambda lib, t, i: t[:, i], x, Constant(np.array([[0, 2], [1, 1]])), dtype=dtype)
    assert_parity(lambda lib, t, m: t[m], x, Constant(mask[:, 0]), dtype=dtype)


@given(dtype=FLOAT_DTYPES, data=st.data(), dim=st.integers(-2, 1))
def test_cat_and_stack(dtype, data, dim):
    a = data.draw(arrays((2, 3)))
    b = data.draw(arrays((2, 3)))
    c = data.draw(arrays((2, 3)))
    assert_parity(lambda lib, x, y, z: lib.cat([x, y, z], dim=dim), a, b, c, dtype=dtype)
    assert_parity(lambda lib, x, y: lib.stack((x, y), dim=dim), a, b, dtype=dtype)
    assert_parity(lambda lib, x, y: lib.stack([x, y], dim=2), a, b, dtype=dtype)


def test_cat_of_different_lengths_and_dtypes():
    a, b = np.ones((2, 3)), np.arange(8.0).reshape(2, 4)
    assert_parity(lambda lib, x, y: lib.cat([x, y], 1), a, b)
    assert_parity(lambda lib, x, y: lib.cat([x, y.double()], 1), a, b, dtype=np.float32)


def test_iterating_a_tensor_yields_differentiable_rows():
    assert_parity(lambda lib, t: lib.stack([row * i for i, row in enumerate(t)]), np.arange(6.0).reshape(3, 2))


def test_view_shares_memory_and_refuses_incompatible_strides():
    x = minitorch_es.arange(6.0).reshape(2, 3)
    v = x.view(3, 2)
    v[0, 0] = 100.0
    assert x[0, 0].item() == 100.0
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        x.t().view(6)
    assert x.t().reshape(6).tolist() == [100.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    assert not x.t().is_contiguous() and x.t().contiguous().is_contiguous()
