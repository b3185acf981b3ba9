"""Parity with PyTorch of scatter, scatter_add, index_add and masked_select: values, the gradient of the tensor
written into and of the values written, both dtypes, repeated indices (added up), in-place forms and errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays

import minitorch_es as mt


@st.composite
def scatter_case(draw, unique: bool):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    axis = dim % len(shape)
    index_shape = tuple(draw(st.integers(1, n)) if d != axis else draw(st.integers(1, shape[axis] if unique else 5))
                        for d, n in enumerate(shape))
    rng = np.random.default_rng(draw(st.integers(0, 999)))
    if unique:  # scatter with repeated positions keeps an unspecified one of the values, in PyTorch too
        index = np.stack([rng.permutation(shape[axis])[:index_shape[axis]]
                          for _ in range(int(np.prod(index_shape)) // index_shape[axis])])
        index = np.moveaxis(index.reshape(tuple(n for d, n in enumerate(index_shape) if d != axis)
                                          + (index_shape[axis],)), -1, axis)
    else:
        index = rng.integers(0, shape[axis], index_shape)
    larger = tuple(n + draw(st.integers(0, 1)) for n in index_shape)
    return draw(arrays(shape)), dim, index, draw(arrays(index_shape)), draw(arrays(larger))


@given(case=scatter_case(unique=True), dtype=FLOAT_DTYPES)
def test_scatter_writes_values_and_routes_gradients(case, dtype):
    x, dim, index, src, larger = case
    assert_parity(lambda lib, t, i, s: t.scatter(dim, i, s), x, Constant(index), src, dtype=dtype)
    assert_parity(lambda lib, t, i: lib.scatter(t, dim, i, 2.5), x, Constant(index), dtype=dtype)
    # src larger than index: only its leading block is used (PyTorch cannot differentiate this case itself)
    assert_parity(lambda lib, t, i, s: t.scatter(dim, i, s), x, Constant(index), larger, dtype=dtype,
                  check_grad=False)


@pytest.mark.filterwarnings("ignore:The reduce argument of torch.scatter")
@given(case=scatter_case(unique=False), dtype=FLOAT_DTYPES)
def test_scatter_add_adds_repeated_positions(case, dtype):
    x, dim, index, src, larger = case
    assert_parity(lambda lib, t, i, s: lib.scatter_add(t, dim, i, s), x, Constant(index), src, dtype=dtype,
                  kind="reduction", summed_terms=5)
    assert_parity(lambda lib, t, i, s: lib.scatter_add(t, dim, i, s), x, Constant(index), larger, dtype=dtype,
                  kind="reduction", summed_terms=5, check_grad=False)
    # PyTorch has no derivative for scatter's deprecated reduce argument: values only
    assert_parity(lambda lib, t, i, s: t.scatter(dim, i, s, reduce="add"), x, Constant(index), src, dtype=dtype,
                  kind="reduction", summed_terms=5, check_grad=False)


@given(data=st.data(), dtype=FLOAT_DTYPES, alpha=st.sampled_from([1, -0.5, 2]))
def test_index_add(data, dtype, alpha):
    shape = (3, 4, 2)
    dim = data.draw(st.integers(-3, 2))
    count = data.draw(st.integers(1, 5))
    index = np.random.default_rng(data.draw(st.integers(0, 99))).integers(0, shape[dim], count)
    source_shape = tuple(count if d == dim % 3 else n for d, n in enumerate(shape))
    x, source = data.draw(arrays(shape)), data.draw(arrays(source_shape))
    assert_parity(lambda lib, t, i, s: t.index_add(dim, i, s, alpha=alpha), x, Constant(index), source,
                  dtype=dtype, kind="reduction", summed_terms=count)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_masked_select_broadcasts_the_mask(data, dtype):
    x = data.draw(arrays((3, 4)))
    mask = np.random.default_rng(data.draw(st.integers(0, 99))).random(data.draw(st.sampled_from([(3, 4), (4,),
                                                                                                  (3, 1)]))) > 0.5
    assert_parity(lambda lib, t, m: lib.masked_select(t, m), x, Constant(mask), dtype=dtype)
    assert_parity(lambda lib, t, m: t.masked_select(m), x, Constant(mask), dtype=dtype)


def test_in_place_forms_and_errors():
    t = mt.zeros(2, 3)
    assert t.scatter_(1, mt.tensor([[1], [0]]), 5.0) is t
    np.testing.assert_array_equal(t.numpy(), [[0, 5, 0], [5, 0, 0]])
    t.scatter_add_(0, mt.tensor([[1, 1, 1]]), mt.ones(1, 3))
    t.index_add_(1, mt.tensor([2]), mt.ones(2, 1), alpha=3)
    np.testing.assert_array_equal(t.numpy(), [[0, 5, 3], [6, 1, 4]])
    with pytest.raises(RuntimeError, match="index 5 is out of bounds for dimension 0 with size 3"):
        mt.zeros(3, 2).scatter(0, mt.tensor([[5, 0]]), 1.0)
    with pytest.raises(RuntimeError, match="Expected self.dtype to be equal to src.dtype"):
        mt.zeros(3).scatter(0, mt.tensor([0]), mt.ones(1, dtype=mt.float64))
    with pytest.raises(RuntimeError, match=r"self \(Float\) and source \(Double\) must have the same scalar type"):
        mt.zeros(3).index_add(0, mt.tensor([0]), mt.ones(1, dtype=mt.float64))
    with pytest.raises(RuntimeError, match=r"Number of indices \(2\) should be equal to source.size\(dim\): \(3\)"):
        mt.zeros(3, 2).index_add(0, mt.tensor([0, 1]), mt.ones(3, 2))
    with pytest.raises(RuntimeError, match="expected BoolTensor for mask"):
        mt.masked_select(mt.ones(2), mt.tensor([1, 0]))
