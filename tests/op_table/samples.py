"""Hypothesis strategies of :class:`~op_table.op_info.Sample` inputs that many entries share: element-wise inputs
inside a domain, broadcastable pairs, and a dimension argument (an int, a tuple, or None) with keepdim. Their
``**options`` become the samples' options: a plain value as it is, a strategy drawn for each sample."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import arrays, away_from, distinct, shapes

from .op_info import Sample


def unary(low: float = -2.0, high: float = 2.0, kinks=(), margin: float = 1e-2, min_dims: int = 0, max_dims: int = 4,
          prepare=None, **options) -> st.SearchStrategy:
    """One array of any shape with values in [low, high], away from ``kinks`` (where the op's derivative jumps);
    ``prepare`` may change it further (ties removed, zeros placed...)."""

    def build(x):
        x = away_from(x, kinks, margin) if kinks else x
        return Sample(((prepare(x) if prepare else x),), {}, max(1, x.size))

    drawn = shapes(min_dims=min_dims, max_dims=max_dims).flatmap(lambda s: arrays(s, low, high)).map(build)
    return with_options(drawn, **options)


@st.composite
def binary(draw, low: float = -2.0, high: float = 2.0, prepare=None, max_dims: int = 4, **options):
    """Two arrays whose shapes broadcast together (sizes of 1 and missing leading dimensions included);
    ``prepare(a, b)`` may move them into the op's domain."""
    shape_pair = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=max_dims, max_side=4))
    a, b = (draw(arrays(shape, low, high)) for shape in shape_pair.input_shapes)
    if prepare:
        a, b = prepare(a, b)
    return Sample((a, b), _drawn(draw, options))


@st.composite
def array_and_dim(draw, min_dims: int = 1, max_dims: int = 4, low: float = -2.0, high: float = 2.0):
    """An array and one of its dimensions (negative ones included)."""
    x = draw(shapes(min_dims=min_dims, max_dims=max_dims).flatmap(lambda s: arrays(s, low, high)))
    return x, draw(st.integers(-max(x.ndim, 1), max(x.ndim, 1) - 1))


@st.composite
def reduction(draw, allow_none: bool = True, allow_tuple: bool = True, unique: bool = False, prepare=None,
              none_means_omitted: bool = True, min_side: int = 1, **options):
    """An array (at least 1-d), a ``dim`` (an int, a tuple, or None) and ``keepdim``: a reduction's arguments.
    ``dim=None`` leaves both arguments out (``x.sum()``) unless ``none_means_omitted`` is False."""
    x = draw(shapes(min_dims=1, min_side=min_side).flatmap(arrays))
    x = distinct(x) if unique else x
    x = prepare(x) if prepare else x
    ndim = x.ndim
    choices = [st.integers(-ndim, ndim - 1)]
    if allow_none:
        choices.append(st.none())
    if allow_tuple:
        choices.append(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(tuple))
    dim = draw(st.one_of(*choices))
    keepdim = draw(st.booleans())
    if dim is None and none_means_omitted:
        arguments = _drawn(draw, options)
    else:
        arguments = dict(_drawn(draw, options), dim=dim, keepdim=keepdim)
    return Sample((x,), arguments, int(x.size))


def _drawn(draw, options: dict) -> dict:
    """The options with each strategy among them drawn (plain values stay as they are)."""
    return {name: draw(value) if isinstance(value, st.SearchStrategy) else value for name, value in options.items()}


def with_options(samples: st.SearchStrategy, **options) -> st.SearchStrategy:
    """The samples with options added, each drawn from its strategy (a plain value is the same in every sample)."""
    drawn = st.fixed_dictionaries({name: value if isinstance(value, st.SearchStrategy) else st.just(value)
                                   for name, value in options.items()})
    return st.tuples(samples, drawn).map(
        lambda pair: Sample(pair[0].inputs, {**pair[0].options, **pair[1]}, pair[0].summed_terms))


def fixed(*inputs, summed_terms: int = 1, **options) -> Sample:
    """A fixed example: the given arrays, as float64 (or as they are, for Constants)."""
    return Sample(tuple(np.asarray(a, dtype=np.float64) if isinstance(a, (list, float, int, np.ndarray)) else a
                        for a in inputs), options, summed_terms)
