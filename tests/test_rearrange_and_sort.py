"""Parity of split, chunk, unbind, narrow, select, flip, roll, repeat, tile, tril, triu, unflatten, gather,
index_select, masked_fill, sort, argsort, topk and cumsum with PyTorch: values, indices and gradients."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, distinct, shapes

import minitorch_es as mt


def weighted_sum(lib, pieces):
    """One output from many pieces, each weighted differently, so that every piece's gradient is checked."""
    return lib.cat([(piece * (k + 1)).reshape(-1) for k, piece in enumerate(pieces)])


@st.composite
def array_and_dim(draw, min_dims=1, low=-2.0, high=2.0):
    x = draw(shapes(min_dims=min_dims).flatmap(lambda s: arrays(s, low, high)))
    return x, draw(st.integers(-max(x.ndim, 1), max(x.ndim, 1) - 1))


@given(case=array_and_dim(), size=st.integers(1, 4), dtype=FLOAT_DTYPES)
def test_split_chunk_unbind(case, size, dtype):
    x, dim = case
    assert_parity(lambda lib, t: weighted_sum(lib, t.split(size, dim)), x, dtype=dtype)
    assert_parity(lambda lib, t: weighted_sum(lib, lib.chunk(t, size, dim)), x, dtype=dtype)
    assert_parity(lambda lib, t: weighted_sum(lib, lib.unbind(t, dim)), x, dtype=dtype)
    assert [p.shape for p in mt.chunk(mt.tensor(x), size, dim)] == [
        tuple(p.shape) for p in torch.chunk(torch.tensor(x), size, dim)]


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_split_with_sizes_narrow_and_select(data, dtype):
    x, dim = data.draw(array_and_dim())
    length = x.shape[dim]
    cut = data.draw(st.integers(0, length))
    assert_parity(lambda lib, t: weighted_sum(lib, lib.split(t, [cut, length - cut], dim)), x, dtype=dtype)
    start = data.draw(st.integers(-length, length - 1))
    width = data.draw(st.integers(0, length - (start % length)))
    assert_parity(lambda lib, t: t.narrow(dim, start, width), x, dtype=dtype)
    index = data.draw(st.integers(-length, length - 1))
    assert_parity(lambda lib, t: lib.select(t, dim, index), x, dtype=dtype)


@given(case=array_and_dim(), data=st.data(), dtype=FLOAT_DTYPES)
def test_flip_and_roll(case, data, dtype):
    x, dim = case
    dims = data.draw(st.lists(st.integers(0, x.ndim - 1), min_size=1, max_size=x.ndim, unique=True))
    shifts = data.draw(st.lists(st.integers(-7, 7), min_size=len(dims), max_size=len(dims)))
    assert_parity(lambda lib, t: lib.flip(t, dims), x, dtype=dtype)
    assert_parity(lambda lib, t: t.roll(shifts, dims), x, dtype=dtype)
    assert_parity(lambda lib, t: lib.roll(t, shifts[0]), x, dtype=dtype)


@given(x=shapes(max_dims=3).flatmap(arrays), data=st.data(), dtype=FLOAT_DTYPES)
def test_repeat_and_tile(x, data, dtype):
    reps = data.draw(st.lists(st.integers(1, 3), min_size=max(x.ndim, 1), max_size=x.ndim + 2))
    assert_parity(lambda lib, t: t.repeat(*reps), x, dtype=dtype)
    tile_reps = data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    assert_parity(lambda lib, t: lib.tile(t, tile_reps), x, dtype=dtype)


@given(x=shapes(min_dims=2).flatmap(arrays), diagonal=st.integers(-4, 4), dtype=FLOAT_DTYPES)
def test_tril_and_triu(x, diagonal, dtype):
    assert_parity(lambda lib, t: lib.tril(t, diagonal), x, dtype=dtype)
    assert_parity(lambda lib, t: t.triu(diagonal), x, dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_gather_and_index_select(data, dtype):
    x, dim = data.draw(array_and_dim())
    axis = dim % x.ndim
    index_shape = tuple(data.draw(st.integers(1, 4)) if d == axis else data.draw(st.integers(1, n))
                        for d, n in enumerate(x.shape))
    index = np.random.default_rng(data.draw(st.integers(0, 99))).integers(0, x.shape[axis], index_shape)
    assert_parity(lambda lib, t: lib.gather(t, dim, lib.tensor(index)), x, dtype=dtype)
    positions = np.random.default_rng(1).integers(0, x.shape[axis], data.draw(st.integers(0, 5)))
    assert_parity(lambda lib, t: t.index_select(dim, lib.tensor(positions)), x, dtype=dtype)


@given(x=shapes(min_dims=1).flatmap(arrays), data=st.data(), dtype=FLOAT_DTYPES)
def test_masked_fill(x, data, dtype):
    mask_shape = x.shape[data.draw(st.integers(0, x.ndim)):]
    mask = np.random.default_rng(data.draw(st.integers(0, 99))).random(mask_shape) < 0.4
    value = data.draw(st.sampled_from([0.0, -1e9, 2.5, float("-inf")]))
    assert_parity(lambda lib, t: t.masked_fill(lib.tensor(mask), value), x, dtype=dtype)


@given(case=array_and_dim(), descending=st.booleans(), dtype=FLOAT_DTYPES)
def test_sort_and_argsort_without_ties(case, descending, dtype):
    x, dim = case
    x = distinct(x)
    ours, theirs = assert_parity(lambda lib, t: lib.sort(t, dim, descending=descending), x, dtype=dtype)
    np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())
    assert_parity(lambda lib, t: t.argsort(dim, descending=descending), x, dtype=dtype)


@given(data=st.data(), descending=st.booleans())
def test_stable_sort_keeps_ties_in_order_and_puts_nan_last(data, descending):
    x = np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0, -1.0, 2.0, np.nan]), min_size=1, max_size=12)))
    ours = mt.sort(mt.tensor(x), descending=descending, stable=True)
    theirs = torch.sort(torch.tensor(x), descending=descending, stable=True)
    np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())
    np.testing.assert_array_equal(ours.values.numpy(), theirs.values.numpy())


@given(case=array_and_dim(), data=st.data(), largest=st.booleans(), dtype=FLOAT_DTYPES)
def test_topk(case, data, largest, dtype):
    x, dim = case
    x = distinct(x)
    k = data.draw(st.integers(0, x.shape[dim]))
    ours, theirs = assert_parity(lambda lib, t: t.topk(k, dim, largest=largest), x, dtype=dtype)
    np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())


@given(case=array_and_dim(min_dims=0), dtype=FLOAT_DTYPES)
def test_cumsum(case, dtype):
    x, dim = case
    assert_parity(lambda lib, t: lib.cumsum(t, dim), x, dtype=dtype, summed_terms=max(x.shape or (1,)))
    assert_parity(lambda lib, t: t.cumsum(dim, dtype=lib.float64), x, dtype=dtype)


@given(case=array_and_dim(min_dims=0), dtype=FLOAT_DTYPES, zeros=st.integers(0, 2), seed=st.integers(0, 99))
def test_cumprod_with_and_without_zeros(case, dtype, zeros, seed):
    x, dim = case
    x = np.where(np.abs(x) < 0.3, 0.5, x)  # factors away from 0, so that long products neither vanish nor blow up
    if zeros and x.size:
        x.reshape(-1)[np.random.default_rng(seed).integers(0, x.size, zeros)] = 0.0
    assert_parity(lambda lib, t: lib.cumprod(t, dim), x, dtype=dtype, kind="reduction",
                  summed_terms=max(x.shape or (1,)))
    assert_parity(lambda lib, t: t.cumprod(dim, dtype=lib.float64), x, dtype=dtype, kind="reduction",
                  summed_terms=max(x.shape or (1,)))


def test_integer_results_and_unflatten():
    for lib in (mt, torch):
        x = lib.tensor([[True, False, True]])
        assert str(x.cumsum(1).dtype).endswith("int64") and x.cumsum(1).tolist() == [[1, 1, 2]]
        assert lib.arange(6).unflatten(0, (2, -1)).tolist() == [[0, 1, 2], [3, 4, 5]]
        assert lib.tensor([3, 1, 2]).masked_fill(lib.tensor([True, False, False]), 9.7).tolist() == [9, 1, 2]


@pytest.mark.parametrize("call,message", [
    (lambda lib: lib.arange(6.).split([2, 3]), "split_with_sizes expects split_sizes to sum exactly to 6"),
    (lambda lib: lib.arange(6.).repeat(2, 3)[None].repeat(2), "can not be smaller than number of dimensions"),
    (lambda lib: lib.ones(2, 3).gather(1, lib.tensor([[0, 3]])), "out of bounds for dimension 1 with size 3"),
    (lambda lib: lib.ones(2, 3).gather(1, lib.tensor([0, 1])), "same number of dimensions"),
    (lambda lib: lib.ones(3).masked_fill(lib.tensor([1, 0, 1]), 0.0), "only supports boolean masks"),
    (lambda lib: lib.ones(3).topk(4), "selected index k out of range"),
    (lambda lib: lib.ones(3).narrow(0, 2, 2), r"start \(2\) \+ length \(2\) exceeds dimension size \(3\)"),
    (lambda lib: lib.ones(6).unflatten(0, (4, 2)), "don't multiply up to the size of dim 0"),
])
def test_errors_say_what_was_wrong_like_pytorch(call, message):
    with pytest.raises(RuntimeError, match=message):
        call(mt)
    with pytest.raises(RuntimeError, match=message):
        call(torch)
