"""Entries for ``ops/indexing.py`` (x[key], select, narrow, gather, take_along_dim, index_select, masked_select,
diagonal, flip, roll, repeat_interleave, nonzero) and ``ops/scatter.py`` (scatter, scatter_add, index_add,
masked_fill)."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays, shapes

from .op_info import ErrorCase, OpInfo, Sample, function_or_method
from .samples import array_and_dim, fixed, with_options

INDEXING, SCATTER = "ops/indexing.py", "ops/scatter.py"


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


KEYS = [1, -1, slice(None, None, 2), (slice(1, None), 0), (None, Ellipsis, 1), (Ellipsis, None),
        (slice(None), [0, 2, 2]), ([1, 0, 1], [2, 2, 0]), (0, slice(1, 3), [1, 0])]


@st.composite
def _mask_or_tensor_key(draw):
    x = draw(arrays((4, 3)))
    key, form = draw(st.sampled_from([(x > 0, "mask"), (np.array([3, 0, 3, 1]), "rows"),
                                      (np.array([[0, 2], [1, 1]]), "columns"), ((x > 0)[:, 0], "mask")]))
    return Sample((x, Constant(key)), {"form": form})


def _index_by(lib, t, key, form):
    return t[:, key] if form == "columns" else t[key] * 2


@st.composite
def _narrow_case(draw):
    x, dim = draw(array_and_dim())
    length = x.shape[dim]
    start = draw(st.integers(-length, length - 1))
    return Sample((x,), {"dim": dim, "start": start, "length": draw(st.integers(0, length - (start % length)))})


@st.composite
def _select_case(draw):
    x, dim = draw(array_and_dim())
    return Sample((x,), {"dim": dim, "index": draw(st.integers(-x.shape[dim], x.shape[dim] - 1))})


@st.composite
def _gather_case(draw):
    x, dim = draw(array_and_dim())
    axis = dim % x.ndim
    shape = tuple(draw(st.integers(1, 4)) if d == axis else draw(st.integers(1, n)) for d, n in enumerate(x.shape))
    index = np.random.default_rng(draw(st.integers(0, 99))).integers(0, x.shape[axis], shape)
    return Sample((x, Constant(index)), {"dim": dim})


@st.composite
def _index_select_case(draw):
    x, dim = draw(array_and_dim())
    positions = np.random.default_rng(draw(st.integers(0, 99))).integers(0, x.shape[dim], draw(st.integers(0, 5)))
    return Sample((x, Constant(positions)), {"dim": dim})


@st.composite
def _take_along_dim_case(draw):
    x = draw(arrays((3, 4, 2)))
    if draw(st.booleans()):
        return Sample((x, Constant(np.random.default_rng(1).integers(0, x.size, (5,)))), {})
    dim = draw(st.integers(-3, 2))
    shape = [3, 4, 2]
    shape[dim] = draw(st.integers(1, 5))
    shape[(dim + 1) % 3] = draw(st.sampled_from([1, shape[(dim + 1) % 3]]))  # broadcast against x
    return Sample((x, Constant(np.random.default_rng(0).integers(0, x.shape[dim], shape))), {"dim": dim})


@st.composite
def _masked_select_case(draw):
    x = draw(arrays((3, 4)))
    shape = draw(st.sampled_from([(3, 4), (4,), (3, 1)]))
    return Sample((x, Constant(np.random.default_rng(draw(st.integers(0, 99))).random(shape) > 0.5)))


@st.composite
def _diagonal_case(draw):
    x = draw(shapes(min_dims=2, max_dims=4).flatmap(arrays))
    first, second = draw(st.permutations(range(x.ndim)))[:2]
    return Sample((x,), {"offset": draw(st.integers(-3, 3)), "dim1": first, "dim2": second})


@st.composite
def _flip_roll_case(draw):
    x, _ = draw(array_and_dim())
    dims = draw(st.lists(st.integers(0, x.ndim - 1), min_size=1, max_size=x.ndim, unique=True))
    return Sample((x,), {"dims": dims, "shifts": draw(st.lists(st.integers(-7, 7), min_size=len(dims),
                                                              max_size=len(dims)))})


@st.composite
def _scatter_case(draw, unique: bool):
    """x, an index along ``dim`` and values; with ``unique`` no position twice (scatter keeps an unspecified one of
    repeated values, in PyTorch too). ``larger``: src bigger than the index (only its leading block is used)."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    axis = dim % len(shape)
    index_shape = tuple(draw(st.integers(1, n)) if d != axis else draw(st.integers(1, shape[axis] if unique else 5))
                        for d, n in enumerate(shape))
    rng = np.random.default_rng(draw(st.integers(0, 999)))
    if unique:
        index = np.stack([rng.permutation(shape[axis])[:index_shape[axis]]
                          for _ in range(int(np.prod(index_shape)) // index_shape[axis])])
        index = np.moveaxis(index.reshape(tuple(n for d, n in enumerate(index_shape) if d != axis)
                                          + (index_shape[axis],)), -1, axis)
    else:
        index = rng.integers(0, shape[axis], index_shape)
    larger = draw(st.booleans())
    src_shape = tuple(n + draw(st.integers(0, 1)) for n in index_shape) if larger else index_shape
    return Sample((draw(arrays(shape)), Constant(index), draw(arrays(src_shape))), {"dim": dim}, 5)


@st.composite
def _index_add_case(draw):
    shape = (3, 4, 2)
    dim = draw(st.integers(-3, 2))
    count = draw(st.integers(1, 5))
    index = np.random.default_rng(draw(st.integers(0, 99))).integers(0, shape[dim], count)
    source_shape = tuple(count if d == dim % 3 else n for d, n in enumerate(shape))
    return Sample((draw(arrays(shape)), Constant(index), draw(arrays(source_shape))),
                  {"dim": dim, "alpha": draw(st.sampled_from([1, -0.5, 2]))}, count)


@st.composite
def _masked_fill_case(draw):
    x = draw(shapes(min_dims=1).flatmap(arrays))
    mask_shape = x.shape[draw(st.integers(0, x.ndim)):]
    mask = np.random.default_rng(draw(st.integers(0, 99))).random(mask_shape) < 0.4
    return Sample((x, Constant(mask)), {"value": draw(st.sampled_from([0.0, -1e9, 2.5, float("-inf")]))})


VALUES = [[1.0, 0.0, -2.0], [0.0, 0.0, 3.0]]

OPS = [
    OpInfo("Tensor.__getitem__", lambda lib, t, key: t[key] * 2,
           st.tuples(arrays((3, 4, 2)), st.sampled_from(KEYS)).map(lambda c: Sample((c[0],), {"key": c[1]})),
           INDEXING,
           errors=(ErrorCase(lambda lib: lib.ones(2, 3)[5], IndexError,
                             "index 5 is out of bounds for axis 0 with size 2"),
                   ErrorCase(lambda lib: lib.ones(2, 3)[:, lib.tensor([0, 3])], IndexError, "index 3 is out of bounds"),
                   ErrorCase(lambda lib: lib.ones(3)[lib.tensor([0.0])], IndexError,
                             "tensors used as indices must be long, int, byte or bool tensors"))),
    OpInfo("Tensor.__getitem__", _index_by, _mask_or_tensor_key(), INDEXING, variant="tensor_keys"),
    OpInfo("Tensor.__iter__", lambda lib, t: lib.stack([row * i for i, row in enumerate(t)]),
           st.just(fixed(np.arange(6.0).reshape(3, 2))), INDEXING),
    OpInfo("select", function_or_method("select"), _either(_select_case()), INDEXING,
           errors=(ErrorCase(lambda lib: lib.ones(3).select(0, 3), IndexError, "out of range"),)),
    OpInfo("narrow", function_or_method("narrow"), _either(_narrow_case()), INDEXING,
           errors=(ErrorCase(lambda lib: lib.ones(3).narrow(0, 2, 2), RuntimeError,
                             r"start \(2\) \+ length \(2\) exceeds dimension size \(3\)"),)),
    OpInfo("gather", lambda lib, t, index, dim: lib.gather(t, dim, index), _gather_case(), INDEXING,
           errors=(ErrorCase(lambda lib: lib.ones(2, 3).gather(1, lib.tensor([[0, 3]])), RuntimeError,
                             "out of bounds for dimension 1 with size 3"),
                   ErrorCase(lambda lib: lib.ones(2, 3).gather(1, lib.tensor([0, 1])), RuntimeError,
                             "same number of dimensions"))),
    # PyTorch's take_along_dim without dim views the input flat, so it refuses non-contiguous inputs (ours does not)
    OpInfo("take_along_dim", function_or_method("take_along_dim"), _either(_take_along_dim_case()), INDEXING,
           noncontiguous=False,
           errors=(ErrorCase(lambda lib: lib.take_along_dim(lib.zeros(2, 3), lib.zeros(2, 3), 1), RuntimeError,
                             r"take_along_dim\(\): dtype of indices should be int64 but got float32"),
                   ErrorCase(lambda lib: lib.take_along_dim(lib.zeros(2, 3), lib.zeros(3, dtype=lib.int64), 1),
                             RuntimeError, "input and indices should have the same number of dimensions, but got 2 "
                                           "dimensions for input, and 1"))),
    OpInfo("index_select", lambda lib, t, index, dim, method: t.index_select(dim, index) if method
           else lib.index_select(t, dim, index), _either(_index_select_case()), INDEXING),
    OpInfo("masked_select", function_or_method("masked_select"), _either(_masked_select_case()), INDEXING,
           errors=(ErrorCase(lambda lib: lib.masked_select(lib.ones(2), lib.tensor([1, 0])), RuntimeError,
                             "expected BoolTensor for mask"),)),
    OpInfo("diagonal", function_or_method("diagonal"), _either(_diagonal_case()), INDEXING,
           errors=(ErrorCase(lambda lib: lib.diagonal(lib.zeros(3, 3), 0, 1, 1), RuntimeError,
                             "diagonal dimensions cannot be identical 1, 1"),
                   ErrorCase(lambda lib: lib.diagonal(lib.zeros(3)), IndexError,
                             r"Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)"))),
    OpInfo("flip", lambda lib, t, dims, shifts: lib.flip(t, dims), _flip_roll_case(), INDEXING),
    OpInfo("roll", lambda lib, t, dims, shifts, method: t.roll(shifts, dims) if method else lib.roll(t, shifts[0]),
           _either(_flip_roll_case()), INDEXING,
           errors=(ErrorCase(lambda lib: lib.ones(3).roll((1, 2), (0,)), RuntimeError,
                             "shifts and dimensions must align"),)),
    OpInfo("repeat_interleave", lambda lib, t, **o: lib.repeat_interleave(t, **o),
           st.tuples(arrays((3, 2)), st.sampled_from([{"repeats": 2}, {"repeats": 3, "dim": 1}])).map(
               lambda c: Sample((c[0],), c[1])), INDEXING,
           errors=(ErrorCase(lambda lib: lib.repeat_interleave(lib.zeros(3), lib.tensor([1, 2]), dim=0), RuntimeError,
                             r"repeats must have the same size as input along dim, but got repeats.size\(0\) = 2 and "
                             r"input.size\(0\) = 3"),
                   ErrorCase(lambda lib: lib.repeat_interleave(lib.zeros(3), lib.tensor([1, -1, 1]), dim=0),
                             RuntimeError, "repeats can not be negative"))),
    OpInfo("repeat_interleave", lambda lib, t, r: lib.repeat_interleave(t, r, dim=0),
           st.tuples(arrays((3, 2))).map(lambda c: Sample((c[0], Constant(np.array([2, 0, 1]))))), INDEXING,
           variant="tensor_of_repeats"),
    OpInfo("nonzero", lambda lib, t, **o: lib.nonzero(t, **o),
           st.sampled_from([fixed(Constant(np.array(VALUES))), fixed(Constant(np.array(VALUES)), as_tuple=True),
                            fixed(Constant(np.array(5.0)))]), INDEXING),
    OpInfo("argwhere", function_or_method("argwhere"),
           st.sampled_from([fixed(Constant(np.array(VALUES)), method=m) for m in (False, True)]), INDEXING),
    OpInfo("where", lambda lib, t: lib.where(t > 0), st.just(fixed(Constant(np.array(VALUES)))), INDEXING,
           variant="condition_only"),
    # writing by position
    OpInfo("scatter", lambda lib, t, index, src, dim: t.scatter(dim, index, src), _scatter_case(unique=True),
           SCATTER, check_grad=False),
    OpInfo("scatter", lambda lib, t, index, src, dim: t.scatter(dim, index, src[tuple(slice(0, n) for n in
                                                                                      index.shape)]),
           _scatter_case(unique=True), SCATTER, variant="gradients",
           errors=(ErrorCase(lambda lib: lib.zeros(3, 2).scatter(0, lib.tensor([[5, 0]]), 1.0), RuntimeError,
                             "index 5 is out of bounds for dimension 0 with size 3"),
                   ErrorCase(lambda lib: lib.zeros(3).scatter(0, lib.tensor([0]), lib.ones(1, dtype=lib.float64)),
                             RuntimeError, "Expected self.dtype to be equal to src.dtype"))),
    OpInfo("scatter", lambda lib, t, index, src, dim: lib.scatter(t, dim, index, 2.5), _scatter_case(unique=True),
           SCATTER, variant="value"),
    OpInfo("scatter_add", lambda lib, t, index, src, dim: lib.scatter_add(t, dim, index, src),
           _scatter_case(unique=False), SCATTER, kind="reduction", check_grad=False),
    OpInfo("scatter_add", lambda lib, t, index, src, dim: lib.scatter_add(t, dim, index, src[tuple(
        slice(0, n) for n in index.shape)]), _scatter_case(unique=False), SCATTER, variant="gradients",
           kind="reduction"),
    # PyTorch has no derivative for scatter's deprecated reduce argument: values only
    OpInfo("scatter", lambda lib, t, index, src, dim: t.scatter(dim, index, src, reduce="add"),
           _scatter_case(unique=False), SCATTER, variant="reduce_add", kind="reduction", check_grad=False,
           expected_warnings=("The reduce argument of torch.scatter",)),
    OpInfo("index_add", lambda lib, t, index, source, dim, alpha: t.index_add(dim, index, source, alpha=alpha),
           _index_add_case(), SCATTER, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.zeros(3).index_add(0, lib.tensor([0]), lib.ones(1, dtype=lib.float64)),
                             RuntimeError, r"self \(Float\) and source \(Double\) must have the same scalar type"),
                   ErrorCase(lambda lib: lib.zeros(3, 2).index_add(0, lib.tensor([0, 1]), lib.ones(3, 2)),
                             RuntimeError,
                             r"Number of indices \(2\) should be equal to source.size\(dim\): \(3\)"))),
    OpInfo("masked_fill", function_or_method("masked_fill"), _either(_masked_fill_case()), SCATTER,
           examples=(fixed(Constant(np.array([3, 1, 2])), Constant(np.array([True, False, False])), value=9.7),),
           errors=(ErrorCase(lambda lib: lib.ones(3).masked_fill(lib.tensor([1, 0, 1]), 0.0), RuntimeError,
                             "only supports boolean masks"),
                   ErrorCase(lambda lib: lib.ones(3).masked_fill(lib.tensor([True, False]), 0.0), RuntimeError,
                             r"The size of tensor a \(2\) must match the size of tensor b \(3\) at non-singleton "
                             "dimension 0"))),
]
