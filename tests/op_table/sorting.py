"""Entries for ``ops/sorting.py`` (sort, argsort, topk, median, kthvalue, quantile, unique) and ``ops/scans.py``
(cumsum, cumprod, cummax, cummin, logcumsumexp, diff)."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays, distinct, shapes

from .op_info import ErrorCase, OpInfo, Sample, function, function_or_method
from .samples import array_and_dim, fixed, with_options

SORTING, SCANS = "ops/sorting.py", "ops/scans.py"


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


def _along(unique: bool = True, min_dims: int = 1, prepare=None, **options):
    """An array and a dim (as ``dim``), ties removed when ``unique``; ``prepare`` may change the array."""
    def build(case):
        x, dim = case
        x = distinct(x) if unique else x
        return Sample((prepare(x) if prepare else x,), {"dim": dim, **options}, max(x.shape or (1,)))

    return array_and_dim(min_dims=min_dims).map(build)


@st.composite
def _topk_case(draw):
    x, dim = draw(array_and_dim())
    return Sample((distinct(x),), {"k": draw(st.integers(0, x.shape[dim])), "dim": dim,
                                   "largest": draw(st.booleans())})


@st.composite
def _kthvalue_case(draw):
    x = distinct(draw(shapes(min_dims=1, max_dims=3).flatmap(arrays)))
    dim = draw(st.integers(-x.ndim, x.ndim - 1))
    return Sample((x,), {"k": draw(st.integers(1, x.shape[dim])), "dim": dim, "keepdim": draw(st.booleans())})


@st.composite
def _quantile_case(draw, tensor_levels: bool):
    x = distinct(draw(shapes(min_dims=1, max_dims=3).flatmap(arrays)))
    interpolation = draw(st.sampled_from(["linear", "lower", "higher", "midpoint", "nearest"]))
    # lower/higher/nearest jump where q (n - 1) crosses an integer, and PyTorch versions compute that product in
    # different precisions (2.11 rounds it to float32, 2.14 does not): they get levels that float32 holds exactly
    exact = interpolation in ("lower", "higher", "nearest")
    levels = draw(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0] + ([] if exact else [0.1, 0.9, 1 / 3])),
                           min_size=1, max_size=3))
    options = {"dim": draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1))), "keepdim": draw(st.booleans()),
               "interpolation": interpolation, "q": levels if tensor_levels else levels[0]}
    return Sample((x,), options)


def _quantile(lib, x, q, **options):
    return lib.quantile(x, lib.tensor(q, dtype=x.dtype) if isinstance(q, list) else q, **options)


@st.composite
def _ties_and_nan(draw):
    values = draw(st.lists(st.sampled_from([0.0, 1.0, -1.0, 2.0, np.nan]), min_size=1, max_size=12))
    return Sample((np.array(values),), {"descending": draw(st.booleans()), "stable": True})


@st.composite
def _cumprod_case(draw):
    x, dim = draw(array_and_dim(min_dims=0))
    x = np.where(np.abs(x) < 0.3, 0.5, x)  # factors away from 0, so that long products neither vanish nor blow up
    zeros = draw(st.integers(0, 2))
    if zeros and x.size:
        x.reshape(-1)[np.random.default_rng(draw(st.integers(0, 99))).integers(0, x.size, zeros)] = 0.0
    return Sample((x,), {"dim": dim}, max(x.shape or (1,)))


@st.composite
def _running_extreme_case(draw):
    x, dim = draw(array_and_dim(max_dims=3))
    return Sample((np.round(x) if draw(st.booleans()) else distinct(x),), {"dim": dim})


@st.composite
def _diff_case(draw):
    x = draw(arrays((3, 4)))
    dim = draw(st.sampled_from([0, -1]))
    edge_shape = (1, 4) if dim == 0 else (3, 2)
    ends = draw(st.sampled_from([(), ("prepend",), ("append",), ("prepend", "append")]))
    edges = tuple(draw(arrays(edge_shape)) for _ in ends)
    return Sample((x, *edges), {"n": draw(st.integers(1, 3)), "dim": dim, "ends": ends})


def _diff(lib, x, *edges, ends, **options):
    return lib.diff(x, **options, **dict(zip(ends, edges)))


MEDIAN_EXAMPLES = (fixed([1.0, 2.0, 2.0, 3.0, 2.0, 0.0]), fixed([1.0, np.nan, 3.0]), fixed(5.0))

OPS = [
    OpInfo("sort", lambda lib, t, **o: tuple(lib.sort(t, **o)),
           with_options(_along(), descending=st.booleans()), SORTING),
    OpInfo("sort", lambda lib, t, **o: tuple(lib.sort(t, **o)), _ties_and_nan(), SORTING, variant="stable_ties_nan",
           check_grad=False),
    OpInfo("argsort", function_or_method("argsort"), _either(_along(), descending=st.booleans()), SORTING),
    OpInfo("topk", lambda lib, t, k, **o: tuple(t.topk(k, **o)), _topk_case(), SORTING,
           errors=(ErrorCase(lambda lib: lib.ones(3).topk(4), RuntimeError, "selected index k out of range"),)),
    OpInfo("median", function("median"), st.tuples(shapes(min_dims=1, max_dims=3).flatmap(arrays)).map(
        lambda xs: Sample((distinct(xs[0]),))), SORTING, examples=MEDIAN_EXAMPLES),
    OpInfo("median", lambda lib, t, **o: tuple(t.median(**o)), with_options(_along(), keepdim=st.booleans()), SORTING,
           variant="along_dim", examples=(fixed([[1.0, np.nan, 3.0], [4.0, 2.0, 6.0]], dim=1),)),
    OpInfo("kthvalue", lambda lib, t, k, **o: tuple(lib.kthvalue(t, k, **o)), _kthvalue_case(), SORTING,
           errors=(ErrorCase(lambda lib: lib.kthvalue(lib.ones(3), 4), RuntimeError,
                             "selected number k out of range"),)),
    OpInfo("quantile", _quantile, _quantile_case(tensor_levels=False), SORTING,
           examples=(fixed([[1.0, np.nan, 3.0], [4.0, 2.0, 6.0]], q=0.5, dim=1),),
           errors=(ErrorCase(lambda lib: lib.quantile(lib.ones(3), 1.5), RuntimeError,
                             r"q values must be in the range \[0, 1\]"),
                   ErrorCase(lambda lib: lib.quantile(lib.tensor([1, 2]), 0.5), RuntimeError,
                             "input tensor must be either float or double dtype"),
                   ErrorCase(lambda lib: lib.quantile(lib.ones(3), 0.5, interpolation="cubic"), RuntimeError,
                             "interpolation must be one of"))),
    OpInfo("quantile", _quantile, _quantile_case(tensor_levels=True), SORTING, variant="tensor_of_levels"),
    OpInfo("unique", lambda lib, t, **o: lib.unique(t, **o),
           st.sampled_from([fixed(Constant(np.array([3, 1, 3, 2, 1]))),
                            fixed(Constant(np.array([[3, 1], [3, 2]])), return_inverse=True, return_counts=True),
                            fixed(Constant(np.array([[1, 2], [1, 2], [0, 5]])), dim=0, return_counts=True)]),
           SORTING),
    # running operations
    OpInfo("cumsum", function_or_method("cumsum"), _either(_along(unique=False, min_dims=0)), SCANS,
           examples=(fixed(Constant(np.array([[True, False, True]])), dim=1),)),
    OpInfo("cumsum", lambda lib, t, dim: t.cumsum(dim, dtype=lib.float64), _along(unique=False, min_dims=0), SCANS,
           variant="dtype"),
    OpInfo("cumprod", function_or_method("cumprod"), _either(_cumprod_case()), SCANS, kind="reduction"),
    OpInfo("cumprod", lambda lib, t, dim: t.cumprod(dim, dtype=lib.float64), _cumprod_case(), SCANS,
           variant="dtype", kind="reduction"),
    *(OpInfo(name, lambda lib, t, name=name, method=False, **o: tuple(getattr(t, name)(**o) if method else
                                                                        getattr(lib, name)(t, **o)),
             _either(_running_extreme_case()), SCANS,
             examples=(fixed([1.0, np.nan, 3.0, np.nan, 5.0, 0.0], dim=0),)) for name in ("cummax", "cummin")),
    OpInfo("logcumsumexp", function("logcumsumexp"),
           array_and_dim(max_dims=3, low=-30, high=30).map(lambda c: Sample((c[0],), {"dim": c[1]},
                                                                            c[0].shape[c[1]])), SCANS,
           kind="reduction",
           supports_forward_ad=False,  # PyTorch's tangent loses digits (x = [0, 14]: 1e-7, varying run to run);
           # ours is checked against finite differences
           errors=(ErrorCase(lambda lib: lib.logcumsumexp(lib.tensor([1, 2]), 0), NotImplementedError,
                             '"logcumsumexp" not implemented for'),)),
    OpInfo("diff", _diff, _diff_case(), SCANS,
           examples=(fixed(Constant(np.array([True, False, False, True])), ends=()),
                     fixed(np.arange(4.0), n=9, ends=()))),
]
