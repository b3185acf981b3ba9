"""The layers of the ReLU variants beyond the guide's list (guide 003, 2.2) and of the distances, against PyTorch:
PReLU with its learned slopes, Hardsigmoid, Hardswish, LogSigmoid, CosineSimilarity and PairwiseDistance (outputs,
every gradient, reprs). Their functions are in the op table (tests/op_table)."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_module_parity, assert_parity, assert_same_repr
from strategies import FLOAT_DTYPES, arrays, away_from, shapes

import minitorch_es as mt
from minitorch_es import nn


@pytest.mark.parametrize("name", ["Hardsigmoid", "Hardswish", "LogSigmoid"])
def test_layers_call_their_function(name):
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


def test_prelu_layer_takes_init_and_dtype():
    layer = nn.PReLU(init=0.1, dtype=mt.float64)
    assert layer.weight.dtype == mt.float64 and layer.weight.item() == pytest.approx(0.1)


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_distance_layers_call_their_function(data, dtype):
    a, b = data.draw(arrays((3, 4), 0.5, 2.0)), data.draw(arrays((3, 4), 0.5, 2.0))
    p, keepdim, dim = data.draw(st.sampled_from([1.0, 2.0, 3.0])), data.draw(st.booleans()), data.draw(
        st.sampled_from([0, 1]))
    assert_parity(lambda lib, x, y: lib.nn.PairwiseDistance(p=p, keepdim=keepdim)(x, y), a, b + 0.5, dtype=dtype,
                  kind="reduction", summed_terms=4)
    assert_parity(lambda lib, x, y: lib.nn.CosineSimilarity(dim=dim, eps=1e-3)(x, y), a, b, dtype=dtype,
                  kind="reduction", summed_terms=4)
