"""Parity with PyTorch of the ReLU variants beyond the guide's list (guide 003, 2.2): PReLU with its learned slopes,
Hardsigmoid, Hardswish and LogSigmoid (values, every gradient, the kinks, reprs and errors); cosine similarity and
pairwise distance."""

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from parity import assert_module_parity, assert_parity, assert_same_repr
from strategies import FLOAT_DTYPES, arrays, away_from, shapes

import minitorch_es as mt
from minitorch_es import nn

FUNCTIONS = {"hardsigmoid": [-3.0, 3.0], "hardswish": [-3.0, 3.0], "logsigmoid": [0.0]}


@pytest.mark.parametrize("name", FUNCTIONS)
@given(x=shapes().flatmap(lambda s: arrays(s, -6, 6)), dtype=FLOAT_DTYPES)
def test_functions_on_both_sides_of_their_kinks(name, x, dtype):
    x = away_from(x, FUNCTIONS[name])
    assert_parity(lambda lib, t: getattr(lib.nn.functional, name)(t), x, dtype=dtype)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_values_and_gradients_at_the_kinks_and_far_out(name):
    x = np.array([-40.0, -3.0, -1.0, 0.0, 1.0, 3.0, 40.0])
    assert_parity(lambda lib, t: getattr(lib.nn.functional, name)(t), x)


@pytest.mark.parametrize("name,function", [("Hardsigmoid", "hardsigmoid"), ("Hardswish", "hardswish"),
                                           ("LogSigmoid", "logsigmoid")])
def test_layers_call_their_function(name, function):
    x = np.linspace(-5, 5, 12).reshape(3, 4)
    assert_module_parity(getattr(nn, name)(), getattr(torch.nn, name)(), x)
    assert_same_repr(getattr(nn, name)(), getattr(torch.nn, name)())


@given(data=st.data(), dtype=FLOAT_DTYPES, per_channel=st.booleans())
def test_prelu_layer_learns_one_slope_or_one_per_channel(data, dtype, per_channel):
    shape = data.draw(shapes(min_dims=2, max_dims=4))
    x = away_from(data.draw(arrays(shape)), [0.0])
    slopes = shape[1] if per_channel else 1
    ours, theirs = nn.PReLU(slopes), torch.nn.PReLU(slopes)
    with torch.no_grad():
        theirs.weight.uniform_(-0.5, 0.5)
    assert_same_repr(ours, theirs)
    assert_module_parity(ours, theirs, x, dtype=dtype, summed_terms=int(np.prod(shape)) // slopes)


def test_prelu_at_zero_on_a_vector_and_its_errors():
    x, slope = np.array([-2.0, 0.0, 3.0]), np.array([0.3])
    assert_parity(lambda lib, t, a: lib.nn.functional.prelu(t, a), x, slope)
    with pytest.raises(RuntimeError, match="Found parameter numbers = 3 and channel size = 4"):
        mt.nn.functional.prelu(mt.ones(2, 4), mt.ones(3))
    with pytest.raises(RuntimeError, match="Expected `weight` to be a scalar or 1D tensor"):
        mt.nn.functional.prelu(mt.ones(2, 4), mt.ones(2, 2))
    layer = nn.PReLU(init=0.1, dtype=mt.float64)
    assert layer.weight.dtype == mt.float64 and layer.weight.item() == pytest.approx(0.1)


@given(data=st.data(), dtype=FLOAT_DTYPES, dim=st.sampled_from([0, 1, -1]), broadcast=st.booleans())
def test_cosine_similarity_and_pairwise_distance(data, dtype, dim, broadcast):
    a = data.draw(arrays((3, 4)))
    b = data.draw(arrays((1, 4) if broadcast else (3, 4)))
    # vectors far from zero length: near it, gradients grow as 1/length and compare only to rounding
    lengths = np.linalg.norm(a, axis=dim), np.linalg.norm(np.broadcast_to(b, a.shape), axis=dim)
    assume(min(lengths[0].min(), lengths[1].min()) > 0.1)
    assert_parity(lambda lib, x, y: lib.nn.functional.cosine_similarity(x, y, dim=dim), a, b, dtype=dtype,
                  kind="reduction", summed_terms=4)
    p = data.draw(st.sampled_from([1.0, 2.0, 3.0]))
    keepdim = data.draw(st.booleans())
    assert_parity(lambda lib, x, y: lib.nn.PairwiseDistance(p=p, keepdim=keepdim)(x, y), a, b + 0.5, dtype=dtype,
                  kind="reduction", summed_terms=4)
    assert_parity(lambda lib, x, y: lib.nn.CosineSimilarity(dim=dim, eps=1e-3)(x, y), a, b, dtype=dtype,
                  kind="reduction", summed_terms=4)


def test_cosine_similarity_of_a_zero_vector_and_shape_errors():
    assert_parity(lambda lib, x, y: lib.nn.functional.cosine_similarity(x, y), np.zeros((2, 3)),
                  np.ones((2, 3)))
    assert_parity(lambda lib, x, y: lib.nn.functional.pairwise_distance(x, y), np.arange(4.0), np.ones(4))
    with pytest.raises(RuntimeError, match=r"The size of tensor a \(4\) must match the size of tensor b \(5\)"):
        mt.nn.functional.cosine_similarity(mt.ones(3, 4), mt.ones(3, 5))
