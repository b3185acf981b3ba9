"""Entries for ``ops/views.py`` (reshape, view, flatten, squeeze, permute, transpose, movedim, expand, broadcast_*,
atleast_*) and ``ops/joining.py`` (cat, stack, the stacks, split, chunk, unbind, repeat, tile)."""

import numpy as np
from hypothesis import strategies as st
from strategies import arrays, shapes

from .op_info import ErrorCase, OpInfo, Sample, function, function_or_method
from .samples import array_and_dim, fixed, with_options

VIEWS, JOINING = "ops/views.py", "ops/joining.py"


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


def _any(min_dims=0, max_dims=4, max_side=5):
    return shapes(min_dims=min_dims, max_dims=max_dims, max_side=max_side).flatmap(arrays).map(lambda x: Sample((x,)))


@st.composite
def _flatten_case(draw):
    x = draw(shapes(min_dims=2, max_dims=4).flatmap(arrays))
    start = draw(st.integers(0, x.ndim - 1))
    return Sample((x,), {"start_dim": start, "end_dim": draw(st.integers(start, x.ndim - 1))})


@st.composite
def _permute_case(draw):
    x = draw(shapes(min_dims=1, max_dims=4).flatmap(arrays))
    return Sample((x,), {"dims": tuple(draw(st.permutations(range(x.ndim))))})


@st.composite
def _transpose_case(draw):
    x = draw(shapes(min_dims=2, max_dims=4).flatmap(arrays))
    dims = st.integers(-x.ndim, x.ndim - 1)
    return Sample((x,), {"dim0": draw(dims), "dim1": draw(dims)})


@st.composite
def _with_ones(draw, max_dims=4):
    """An array whose sizes are 1 at random (what squeeze removes and expand stretches)."""
    shape = draw(shapes(min_dims=0, max_dims=max_dims, max_side=3))
    return draw(arrays(tuple(1 if draw(st.booleans()) else s for s in shape)))


@st.composite
def _squeeze_case(draw):
    x = draw(_with_ones())
    options = {"dim": draw(st.integers(-x.ndim, x.ndim - 1))} if x.ndim and draw(st.booleans()) else {}
    return Sample((x,), options)


@st.composite
def _unsqueeze_case(draw):
    x = draw(_with_ones())
    return Sample((x,), {"dim": draw(st.integers(-x.ndim - 1, x.ndim))})


@st.composite
def _expand_case(draw):
    x = draw(_with_ones(max_dims=3))
    target = tuple(draw(st.integers(2, 3)) if s == 1 else s for s in x.shape)
    sizes = (2,) * draw(st.integers(0, 2)) + target if draw(st.booleans()) or not x.ndim else (-1,) * x.ndim
    return Sample((x,), {"sizes": sizes or (2,)})


@st.composite
def _movedim_case(draw):
    x = draw(shapes(min_dims=2, max_dims=4).flatmap(arrays))
    count = draw(st.integers(1, x.ndim))
    dims = st.permutations(range(-x.ndim, 0)).map(lambda p: list(p[:count]))
    return Sample((x,), {"source": draw(dims), "destination": draw(dims)})


@st.composite
def _joined(draw, count: int):
    shape = draw(shapes(min_dims=1, max_dims=3, max_side=3))
    return Sample(tuple(draw(arrays(shape)) for _ in range(count)),
                  {"dim": draw(st.integers(-len(shape), len(shape) - 1))})


@st.composite
def _cat_case(draw):
    """Tensors that differ in length along ``dim`` (one of them may be the legacy empty (0,))."""
    shape = list(draw(shapes(min_dims=1, max_dims=3, max_side=3)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        shape[dim] = draw(st.integers(0, 3))
        pieces.append(draw(arrays(tuple(shape))))
    return Sample(tuple(pieces), {"dim": dim})


def _weighted(lib, pieces):
    """One output from many pieces, each weighted differently, so that every piece's gradient is checked."""
    return lib.cat([(piece * (k + 1)).reshape(-1) for k, piece in enumerate(pieces)])


@st.composite
def _split_case(draw):
    x, dim = draw(array_and_dim())
    length = x.shape[dim]
    cut = draw(st.integers(0, length))
    return Sample((x,), {"split_size_or_sections": draw(st.one_of(st.integers(1, 4), st.just([cut, length - cut]))),
                         "dim": dim})


@st.composite
def _repeat_case(draw):
    x = draw(shapes(max_dims=3).flatmap(arrays))
    return Sample((x,), {"repeats": tuple(draw(st.lists(st.integers(1, 3), min_size=max(x.ndim, 1),
                                                          max_size=x.ndim + 2)))})


STACK_SHAPES = [(), (3,), (3, 2), (3, 2, 2)]


def _stack_example(name, shape):
    rng = np.random.default_rng(0)
    return fixed(rng.standard_normal(shape), rng.standard_normal(shape))


OPS = [
    OpInfo("reshape", lambda lib, t, method: t.reshape(-1, 1) if method else lib.reshape(t, (t.numel(),)),
           _either(_any(min_dims=1)), VIEWS,
           errors=(ErrorCase(lambda lib: lib.ones(6).reshape(4, 2), RuntimeError,
                             r"shape '\[4, 2\]' is invalid for input of size 6"),
                   ErrorCase(lambda lib: lib.ones(4).reshape(2, 2.0), TypeError, "must be tuple of ints"))),
    OpInfo("Tensor.view", lambda lib, t: t.contiguous().view(-1) * 3, _any(min_dims=1), VIEWS,
           errors=(ErrorCase(lambda lib: lib.ones(6).view(-1, -1), RuntimeError, "only one dimension can be inferred"),
                   ErrorCase(lambda lib: lib.ones(2, 3).t().view(6), RuntimeError, "view size is not compatible"),
                   ErrorCase(lambda lib: lib.ones(4).view(2, 2.0), TypeError, "must be tuple of ints"),
                   ErrorCase(lambda lib: lib.ones(4).view(), TypeError, "view"))),
    OpInfo("Tensor.view_as", lambda lib, t: t.contiguous().view_as(t.reshape(-1)), _any(min_dims=1), VIEWS),
    OpInfo("Tensor.reshape_as", lambda lib, t: t.reshape_as(t.reshape(-1, 1)), _any(min_dims=1), VIEWS),
    OpInfo("flatten", function_or_method("flatten"), _either(_flatten_case()), VIEWS,
           examples=(fixed(np.ones((2, 3))), fixed(3.0))),
    OpInfo("ravel", function_or_method("ravel"), _either(_any()), VIEWS),
    OpInfo("unflatten", function_or_method("unflatten"),
           st.just(fixed(np.arange(12.0).reshape(2, 6), dim=1, sizes=(3, -1))), VIEWS,
           errors=(ErrorCase(lambda lib: lib.ones(6).unflatten(0, (4, 2)), RuntimeError,
                             "don't multiply up to the size of dim 0"),)),
    OpInfo("permute", lambda lib, t, dims: t.permute(*dims) * 2, _permute_case(), VIEWS),
    OpInfo("transpose", function_or_method("transpose"), _either(_transpose_case()), VIEWS),
    OpInfo("swapaxes", function_or_method("swapaxes"),
           _either(_transpose_case().map(lambda s: Sample(s.inputs, {"axis0": s.options["dim0"],
                                                                     "axis1": s.options["dim1"]}))), VIEWS),
    OpInfo("swapdims", function_or_method("swapdims"), _either(_transpose_case()), VIEWS),
    OpInfo("t", function_or_method("t"), _either(_any(max_dims=2)), VIEWS),
    *(OpInfo(f"Tensor.{name}", lambda lib, t, name=name: getattr(t, name) * 2, _any(min_dims=2, max_dims=2), VIEWS)
      for name in ("T", "mT")),
    OpInfo("squeeze", function_or_method("squeeze"), _either(_squeeze_case()), VIEWS),
    OpInfo("unsqueeze", function_or_method("unsqueeze"), _either(_unsqueeze_case()), VIEWS),
    OpInfo("Tensor.expand", lambda lib, t, sizes: t.expand(*sizes) * 2, _expand_case(), VIEWS,
           errors=(ErrorCase(lambda lib: lib.ones(2, 3).expand(4, 3), RuntimeError,
                             r"The expanded size of the tensor \(4\) must match the existing size \(2\) at "
                             r"non-singleton dimension 0"),
                   ErrorCase(lambda lib: lib.ones(4).expand(), TypeError,
                             'expand\\(\\) missing 1 required positional arguments: "size"'))),
    OpInfo("Tensor.expand_as", lambda lib, t: t.expand_as(lib.ones(2, 2, 3)), st.just(fixed(np.ones((1, 3)))), VIEWS),
    OpInfo("broadcast_to", lambda lib, t: lib.broadcast_to(t, (2, 3, 4)), st.tuples(arrays((3, 1))).map(Sample),
           VIEWS),
    OpInfo("broadcast_tensors", function("broadcast_tensors"),
           st.tuples(arrays((3, 1)), arrays((4,))).map(Sample), VIEWS),
    OpInfo("broadcast_shapes",
           lambda lib, t: lib.ones(lib.broadcast_shapes((3, 1), (4,), (2, 1, 1)), dtype=t.dtype) * t,
           st.just(fixed(2.0)), VIEWS,
           errors=(ErrorCase(lambda lib: lib.broadcast_shapes((3,), (4,)), RuntimeError,
                             "Shape mismatch: objects cannot be broadcast to a single shape"),)),
    OpInfo("movedim", function_or_method("movedim"), _either(_movedim_case()), VIEWS,
           errors=(ErrorCase(lambda lib: lib.movedim(lib.zeros(2, 3), (0, 1), (0,)), RuntimeError,
                             r"movedim: Invalid source or destination dims: source \(\[0, 1\] dims\) should contain "
                             "the same number"),
                   ErrorCase(lambda lib: lib.movedim(lib.zeros(2, 3), (0, 0), (0, 1)), RuntimeError,
                             r"movedim: repeated dim in `source` \(\[0, 0\]\)"))),
    OpInfo("moveaxis", lambda lib, t, source, destination: t.moveaxis(source[0], destination[0]), _movedim_case(),
           VIEWS),
    *(OpInfo(name, function(name), st.sampled_from([fixed(np.random.default_rng(0).standard_normal(s))
                                                    for s in STACK_SHAPES]), VIEWS,
             examples=(fixed(np.array(1.0), np.array([1.0, 2.0])),)) for name in ("atleast_1d", "atleast_2d",
                                                                                "atleast_3d")),
    # joining and splitting
    OpInfo("cat", lambda lib, *t, dim: lib.cat(t, dim=dim), _cat_case(), JOINING,
           examples=(fixed(np.ones((2, 3)), np.arange(8.0).reshape(2, 4), dim=1),),
           errors=(ErrorCase(lambda lib: lib.cat([lib.ones(2, 3), lib.ones(2, 4)], dim=0), RuntimeError,
                             r"Sizes of tensors must match except in dimension 0. Expected size \[2, 3\] but got size "
                             r"\[2, 4\] for tensor number 1"),
                   ErrorCase(lambda lib: lib.cat([]), ValueError, "expected a non-empty list of Tensors"))),
    OpInfo("cat", lambda lib, a, b: lib.cat([a, b.double()], 1), st.just(fixed(np.ones((2, 3)), np.ones((2, 4)))),
           JOINING, variant="of_two_dtypes", dtypes=(np.float32,)),
    OpInfo("concat", lambda lib, *t, dim: lib.concat(t, dim=dim), _joined(2), JOINING),
    OpInfo("concatenate", lambda lib, *t, dim: lib.concatenate(t, dim=dim), _joined(2), JOINING),
    OpInfo("stack", lambda lib, *t, dim: lib.stack(t, dim=dim), _joined(3).map(
        lambda s: Sample(s.inputs, {"dim": s.options["dim"] if s.options["dim"] >= 0 else s.options["dim"] - 1})),
           JOINING,
           errors=(ErrorCase(lambda lib: lib.stack([lib.ones(2), lib.ones(3)]), RuntimeError,
                             r"stack expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at entry "
                             "1"),)),
    *(OpInfo(name, lambda lib, a, b, name=name: getattr(lib, name)([a, b]),
             st.sampled_from([_stack_example(name, s) for s in (STACK_SHAPES if name != "column_stack" else
                                                                 STACK_SHAPES[:3])]), JOINING)
      for name in ("hstack", "vstack", "dstack", "column_stack", "row_stack")),
    OpInfo("split", lambda lib, t, **o: _weighted(lib, lib.split(t, **o)), _split_case(), JOINING,
           errors=(ErrorCase(lambda lib: lib.arange(6.).split([2, 3]), RuntimeError,
                             "split_with_sizes expects split_sizes to sum exactly to 6"),)),
    OpInfo("chunk", lambda lib, t, chunks, dim: _weighted(lib, lib.chunk(t, chunks, dim)),
           with_options(array_and_dim().map(lambda c: Sample((c[0],), {"dim": c[1]})), chunks=st.integers(1, 4)),
           JOINING,
           errors=(ErrorCase(lambda lib: lib.ones(3).chunk(0), RuntimeError,
                             "chunk expects `chunks` to be greater than 0"),)),
    OpInfo("unbind", lambda lib, t, dim: _weighted(lib, lib.unbind(t, dim)),
           array_and_dim().map(lambda c: Sample((c[0],), {"dim": c[1]})), JOINING),
    OpInfo("Tensor.repeat", lambda lib, t, repeats: t.repeat(*repeats), _repeat_case(), JOINING,
           errors=(ErrorCase(lambda lib: lib.arange(6.).repeat(2, 3)[None].repeat(2), RuntimeError,
                             "can not be smaller than number of dimensions"),
                   ErrorCase(lambda lib: lib.ones(2).repeat(2.0), TypeError, "must be tuple of ints"))),
    OpInfo("tile", function_or_method("tile"), _either(_any(max_dims=3).flatmap(
        lambda s: st.lists(st.integers(1, 3), min_size=1, max_size=4).map(
            lambda reps: Sample(s.inputs, {"dims": tuple(reps)})))), JOINING),
]
