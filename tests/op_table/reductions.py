"""Entries for ``ops/reductions.py`` (sum, mean, prod, var, std, logsumexp, the NaN-skipping sums, counts) and
``ops/extrema.py`` (max, min, amax, amin, argmax, argmin, aminmax)."""

import numpy as np
import torch
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays, distinct, shapes

from .op_info import ErrorCase, OpInfo, Sample, function, function_or_method, method
from .samples import fixed, reduction, with_options

REDUCTIONS, EXTREMA = "ops/reductions.py", "ops/extrema.py"


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


def _products_that_stay_finite(x):
    """Values within [0.9, 1.0] in magnitude (signs and zeros as drawn), so that a product of up to 625 factors does
    not overflow float32: past overflow PyTorch's gradient depends on where its cumulative products overflow, while
    ours accumulates them in float64."""
    return np.where(x == 0, 0.0, np.sign(x) * (0.9 + np.abs(x) / 20))


@st.composite
def _with_nan(draw):
    """Entries set to NaN at random, but every reduced slice keeps a number (an all-NaN mean is 0 / 0)."""
    shape = draw(shapes(min_dims=1, max_dims=3))
    x = draw(arrays(shape))
    dim = draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)))
    nan = draw(arrays(shape)) > 1.0
    first = np.zeros(shape, dtype=bool)
    first[(0,) * len(shape) if dim is None else tuple(0 if axis == dim % len(shape) else slice(None)
                                                    for axis in range(len(shape)))] = True
    x[nan & ~first] = np.nan
    options = {} if dim is None else dict(dim=dim, keepdim=draw(st.booleans()))
    return Sample((x,), options, int(x.size))


def _torch_differentiates_aminmax() -> bool:
    """PyTorch 2.14 has aminmax's derivative, 2.11 has not (then only values are compared)."""
    x = torch.ones(2, requires_grad=True)
    try:
        torch.aminmax(x).max.backward()
    except RuntimeError:
        return False
    return True


@st.composite
def _min_max_case(draw):
    x = distinct(draw(shapes(min_dims=1, max_dims=3).flatmap(arrays)))
    options = {"keepdim": draw(st.booleans())}
    if not draw(st.booleans()):
        options["dim"] = 0
    return Sample((x,), options)


@st.composite
def _along_one_dim(draw):
    x = distinct(draw(shapes(min_dims=1).flatmap(arrays)))
    return Sample((x,), {"dim": draw(st.integers(-x.ndim, x.ndim - 1)), "keepdim": draw(st.booleans())})


def _over_dims(name: str):
    """amax/amin over the sample's dims (every dimension where it has none: their default is ())."""
    def call(lib, t, dim=(), keepdim=False):
        return getattr(lib, name)(t, dim, keepdim=keepdim)

    return call


TIES = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
SPARSE = Constant(np.array([[0.0, 1.5, 0.0], [2.0, 0.0, -1.0]]))

OPS = [
    OpInfo("sum", function_or_method("sum"), _either(reduction()), REDUCTIONS, kind="reduction",
           examples=(fixed(Constant(np.array([True, False, True]))), fixed(Constant(np.array([[1, 2], [3, 4]],
                                                                                             dtype=np.int32)), dim=0)),
           errors=(ErrorCase(lambda lib: lib.ones(2, 3).sum(dim=2), IndexError,
                             r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)"),)),
    OpInfo("sum", lambda lib, t: t.sum(dtype=lib.float64), st.just(fixed([1.5, 2.25])), REDUCTIONS, variant="dtype",
           kind="reduction"),
    OpInfo("mean", function_or_method("mean"), _either(reduction()), REDUCTIONS, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.tensor([1, 2]).mean(), RuntimeError,
                             r"mean\(\): could not infer output dtype.*Got: Long"),)),
    OpInfo("prod", function_or_method("prod"), _either(reduction(allow_tuple=False,
                                                                 prepare=_products_that_stay_finite)),
           REDUCTIONS, kind="reduction",
           examples=(fixed([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 3.0]], dim=1), fixed([2.0, 0.0, 5.0]),
                     fixed([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 3.0]]),
                     fixed(Constant(np.array([1, 2, 3]))))),
    # at least 3 values reduced, more than any correction: with N - correction <= 0 both libraries give inf or NaN
    *(OpInfo(name, function_or_method(name), _either(reduction(prepare=lambda x: distinct(x, 1e-2), min_side=3),
                                                     correction=st.sampled_from([None, 0, 1])),
             REDUCTIONS, kind="reduction",
             examples=(fixed([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]], dim=1, unbiased=False),
                       fixed([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]], dim=0, keepdim=True)))
      for name in ("var", "std")),
    OpInfo("std", lambda lib, t: t.std(False), st.just(fixed([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]])), REDUCTIONS,
           variant="positional_unbiased", kind="reduction"),
    *(OpInfo(name, function(name), reduction(prepare=lambda x: distinct(x, 0.05), allow_tuple=False, min_side=3,
                                             correction=st.sampled_from([0, 1, 2])), REDUCTIONS, kind="reduction")
      for name in ("std_mean", "var_mean")),
    OpInfo("logsumexp", function_or_method("logsumexp"),
           _either(reduction(prepare=lambda x: x * 20, none_means_omitted=False).map(
               lambda s: Sample(s.inputs, {**s.options, "dim": s.options["dim"] if s.options["dim"] is not None
                                           else tuple(range(s.inputs[0].ndim))}, s.summed_terms))),
           REDUCTIONS, kind="reduction"),
    *(OpInfo(name, function(name), _with_nan(), REDUCTIONS, kind="reduction") for name in ("nansum", "nanmean")),
    OpInfo("nansum", function("nansum"), st.just(fixed(Constant(np.array([[1, 2], [3, 4]])), dim=1)), REDUCTIONS,
           variant="integers",
           errors=(ErrorCase(lambda lib: lib.nanmean(lib.tensor([1, 2])), RuntimeError,
                             "nanmean\\(\\): expected input to have floating point dtype but got int64"),)),
    OpInfo("count_nonzero", function_or_method("count_nonzero"),
           st.sampled_from([fixed(SPARSE), fixed(SPARSE, dim=0), fixed(SPARSE, dim=(0, 1), method=True)]),
           REDUCTIONS),
    OpInfo("bincount", function("bincount"),
           st.sampled_from([fixed(Constant(np.array([0, 3, 3, 1]))), fixed(Constant(np.array([0, 3, 3, 1])),
                                                                           minlength=6),
                            fixed(Constant(np.array([0, 3, 3])), weights=None)]), REDUCTIONS,
           errors=(ErrorCase(lambda lib: lib.bincount(lib.tensor([1, -1])), RuntimeError,
                             "bincount only supports 1-d non-negative integral inputs"),
                   ErrorCase(lambda lib: lib.bincount(lib.ones(2, 2, dtype=lib.int64)), RuntimeError,
                             "bincount only supports 1-d non-negative integral inputs"))),
    OpInfo("bincount", lambda lib, x, w: lib.bincount(x, weights=w),
           st.sampled_from([fixed(Constant(np.array([0, 3, 3])),
                                  Constant(np.array([0.5, 1.0, 2.0], dtype=np.float32))),
                            fixed(Constant(np.array([0, 3, 3])), Constant(np.array([0.5, 1.0, 2.0])))]),
           REDUCTIONS, variant="weights"),
    # extrema
    *(OpInfo(name, _over_dims(name), reduction(), EXTREMA, examples=(fixed(TIES, dim=1), fixed(TIES, dim=(0, 1))),
             errors=(ErrorCase(lambda lib, name=name: getattr(lib, name)(lib.tensor([])), RuntimeError,
                               "Expected reduction dim to be specified for input.numel\\(\\) == 0"),
                     ErrorCase(lambda lib, name=name: getattr(lib, name)(lib.ones(2, 0), 1), IndexError,
                               "Expected reduction dim 1 to have non-zero size")))
      for name in ("amax", "amin")),
    *(OpInfo(name, method(name), st.tuples(shapes(min_dims=0).flatmap(arrays)).map(Sample), EXTREMA,
             variant="of_everything", examples=(fixed(TIES),),
             errors=(ErrorCase(lambda lib, name=name: getattr(lib.tensor([]), name)(), RuntimeError,
                               "Expected reduction dim to be specified for input.numel\\(\\) == 0"),
                     ErrorCase(lambda lib, name=name: getattr(lib.ones(2, 0), name)(1), IndexError,
                               "Expected reduction dim 1 to have non-zero size")))
      for name in ("max", "min")),
    *(OpInfo(name, lambda lib, t, name=name, **o: tuple(getattr(t, name)(**o)), _along_one_dim(), EXTREMA,
             variant="along_dim", examples=(fixed(TIES, dim=1),)) for name in ("max", "min")),
    OpInfo("max", lambda lib, t: t.max(1).values, st.just(fixed(TIES)), EXTREMA, variant="values_of_ties"),
    *(OpInfo(name, function_or_method(name), _either(reduction(allow_tuple=False, unique=True)), EXTREMA,
             errors=(ErrorCase(lambda lib, name=name: getattr(lib, name)(lib.tensor([])), IndexError,
                               "Expected reduction dim to be specified for input.numel\\(\\) == 0"),
                     ErrorCase(lambda lib, name=name: getattr(lib, name)(lib.ones(2, 0), 1), IndexError,
                               "Expected reduction dim 1 to have non-zero size")))
      for name in ("argmax", "argmin")),
    OpInfo("aminmax", lambda lib, t, **o: tuple(lib.aminmax(t, **o)), _min_max_case(), EXTREMA,
           check_grad=_torch_differentiates_aminmax(),
           errors=(ErrorCase(lambda lib: lib.aminmax(lib.tensor([])), RuntimeError, "aminmax"),)),
    OpInfo("aminmax", lambda lib, t, **o: t.aminmax(**o).max, _min_max_case(), EXTREMA, variant="max_field",
           check_grad=_torch_differentiates_aminmax()),
]
