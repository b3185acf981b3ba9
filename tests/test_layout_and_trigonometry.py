"""Trigonometric and hyperbolic functions, nan_to_num, and the layout functions (movedim, broadcast_*, atleast_*,
the stacks, diagonal, take_along_dim, repeat_interleave) against PyTorch: values, shapes and gradients."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays, shapes

import minitorch_es as mt

# name -> the interval its inputs are drawn from (inside the domain, away from the poles)
TRIGONOMETRIC = {"tan": (-1.2, 1.2), "asin": (-0.95, 0.95), "acos": (-0.95, 0.95), "atan": (-3, 3),
                 "sinh": (-3, 3), "cosh": (-3, 3), "asinh": (-3, 3), "acosh": (1.05, 4), "atanh": (-0.95, 0.95)}


@pytest.mark.parametrize("name", TRIGONOMETRIC)
@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_trigonometric(name, data, dtype):
    x = data.draw(arrays(data.draw(shapes(max_dims=3)), *TRIGONOMETRIC[name]))
    assert_parity(lambda lib, t: getattr(lib, name)(t), x, dtype=dtype)
    assert_parity(lambda lib, t: getattr(t, "arc" + name[1:] if name.startswith("a") else name)(), x, dtype=dtype)


def test_trigonometric_of_integers_is_floating():
    for name in TRIGONOMETRIC:
        ours, theirs = getattr(mt, name)(mt.tensor([1, 2])), getattr(torch, name)(torch.tensor([1, 2]))
        assert ours.dtype.name == str(theirs.dtype).split(".")[-1]
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6, equal_nan=True)


@given(data=st.data(), dtype=FLOAT_DTYPES, replacements=st.sampled_from([{}, dict(nan=1.5, posinf=9.0, neginf=-9.0)]))
def test_nan_to_num(data, dtype, replacements):
    x = data.draw(arrays((3, 4)))
    x.reshape(-1)[:3] = [np.nan, np.inf, -np.inf]
    assert_parity(lambda lib, t: lib.nan_to_num(t, **replacements), x, dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_movedim_and_swapaxes(data, dtype):
    shape = data.draw(shapes(min_dims=2, max_dims=4))
    x = data.draw(arrays(shape))
    count = data.draw(st.integers(1, len(shape)))
    dims = st.permutations(range(-len(shape), 0)).map(lambda p: list(p[:count]))
    source, destination = data.draw(dims), data.draw(dims)
    assert_parity(lambda lib, t: lib.movedim(t, source, destination), x, dtype=dtype)
    assert_parity(lambda lib, t: t.moveaxis(source[0], destination[0]), x, dtype=dtype)
    assert_parity(lambda lib, t: lib.swapaxes(t, 0, -1), x, dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_broadcasting_functions(data, dtype):
    a, b = data.draw(arrays((3, 1))), data.draw(arrays((4,)))
    assert_parity(lambda lib, x, y: lib.broadcast_tensors(x, y), a, b, dtype=dtype)
    assert_parity(lambda lib, x: lib.broadcast_to(x, (2, 3, 4)), a, dtype=dtype)
    assert tuple(mt.broadcast_shapes((3, 1), (4,), (2, 1, 1))) == tuple(torch.broadcast_shapes((3, 1), (4,),
                                                                                                (2, 1, 1)))
    with pytest.raises(RuntimeError, match="Shape mismatch: objects cannot be broadcast to a single shape"):
        mt.broadcast_shapes((3,), (4,))


@pytest.mark.parametrize("name", ["hstack", "vstack", "dstack", "column_stack", "row_stack"])
@pytest.mark.parametrize("shape", [(), (3,), (3, 2), (3, 2, 2)])
def test_stacks(name, shape):
    if name == "column_stack" and len(shape) > 2:
        shape = (3, 2)
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(shape), rng.standard_normal(shape)
    assert_parity(lambda lib, x, y: getattr(lib, name)([x, y]), a, b)


@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
def test_atleast(name):
    for shape in [(), (3,), (3, 2), (2, 3, 2)]:
        x = np.random.default_rng(0).standard_normal(shape)
        assert_parity(lambda lib, t: getattr(lib, name)(t), x)
    assert_parity(lambda lib, s, v: getattr(lib, name)(s, v), np.array(1.0), np.array([1.0, 2.0]))


@given(data=st.data(), dtype=FLOAT_DTYPES, offset=st.integers(-3, 3))
def test_diagonal(data, dtype, offset):
    shape = data.draw(shapes(min_dims=2, max_dims=4))
    x = data.draw(arrays(shape))
    first, second = data.draw(st.permutations(range(len(shape))))[:2]
    assert_parity(lambda lib, t: t.diagonal(offset, first, second), x, dtype=dtype)
    assert_parity(lambda lib, t: lib.diagonal(t, offset=offset, dim1=second, dim2=first), x, dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_take_along_dim(data, dtype):
    x = data.draw(arrays((3, 4, 2)))
    dim = data.draw(st.integers(-3, 2))
    index_shape = [3, 4, 2]
    index_shape[dim] = data.draw(st.integers(1, 5))
    index_shape[(dim + 1) % 3] = data.draw(st.sampled_from([1, index_shape[(dim + 1) % 3]]))  # broadcast
    indices = np.random.default_rng(0).integers(0, x.shape[dim], index_shape)
    assert_parity(lambda lib, t, i: lib.take_along_dim(t, i, dim), x, Constant(indices), dtype=dtype)
    flat = np.random.default_rng(1).integers(0, x.size, (5,))
    assert_parity(lambda lib, t, i: t.take_along_dim(i), x, Constant(flat), dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_repeat_interleave(data, dtype):
    x = data.draw(arrays((3, 2)))
    assert_parity(lambda lib, t: t.repeat_interleave(2), x, dtype=dtype)
    assert_parity(lambda lib, t: lib.repeat_interleave(t, 3, dim=1), x, dtype=dtype)
    counts = np.array([2, 0, 1])
    assert_parity(lambda lib, t, r: lib.repeat_interleave(t, r, dim=0), x, Constant(counts), dtype=dtype)


@pytest.mark.parametrize("call, error, message", [
    (lambda: mt.movedim(mt.zeros(2, 3), (0, 1), (0,)), RuntimeError,
     r"movedim: Invalid source or destination dims: source \(\[0, 1\] dims\) should contain the same number"),
    (lambda: mt.movedim(mt.zeros(2, 3), (0, 0), (0, 1)), RuntimeError,
     r"movedim: repeated dim in `source` \(\[0, 0\]\)"),
    (lambda: mt.diagonal(mt.zeros(3, 3), 0, 1, 1), RuntimeError, "diagonal dimensions cannot be identical 1, 1"),
    (lambda: mt.diagonal(mt.zeros(3)), RuntimeError, "diagonal dimensions requires ndim larger than 1, got 1"),
    (lambda: mt.take_along_dim(mt.zeros(2, 3), mt.zeros(2, 3), 1), RuntimeError,
     r"take_along_dim\(\): dtype of indices should be int64 but got float32"),
    (lambda: mt.take_along_dim(mt.zeros(2, 3), mt.zeros(3, dtype=mt.int64), 1), RuntimeError,
     "input and indices should have the same number of dimensions, but got 2 dimensions for input, and 1"),
    (lambda: mt.repeat_interleave(mt.zeros(3), mt.tensor([1, 2]), dim=0), RuntimeError,
     r"repeats must have the same size as input along dim, but got repeats.size\(0\) = 2 and input.size\(0\) = 3"),
    (lambda: mt.repeat_interleave(mt.zeros(3), mt.tensor([1, -1, 1]), dim=0), RuntimeError,
     "repeats can not be negative"),
    (lambda: mt.logcumsumexp(mt.tensor([1, 2]), 0), NotImplementedError, '"logcumsumexp" not implemented for int64'),
])
def test_bad_arguments_name_what_is_wrong(call, error, message):
    with pytest.raises(error, match=message):
        call()
