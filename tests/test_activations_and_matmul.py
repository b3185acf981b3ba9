"""Parity of activations, (log-)softmax and matmul with PyTorch."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, away_from, shapes

ACTIVATIONS = {
    "relu": lambda lib, t: lib.relu(t),
    "sigmoid": lambda lib, t: lib.sigmoid(t),
    "tanh": lambda lib, t: lib.tanh(t),
    "leaky_relu": lambda lib, t: _functional(lib).leaky_relu(t, 0.1),
    "leaky_relu_default": lambda lib, t: _functional(lib).leaky_relu(t),
    "elu": lambda lib, t: _functional(lib).elu(t, alpha=0.7),
    "gelu": lambda lib, t: _functional(lib).gelu(t),
    "gelu_tanh": lambda lib, t: _functional(lib).gelu(t, approximate="tanh"),
}


def _functional(lib):
    if lib.__name__ == "torch":
        import torch.nn.functional

        return torch.nn.functional
    from minitorch_es.ops import activations as activation

    return activation


@pytest.mark.parametrize("name", ACTIVATIONS)
@given(x=shapes().flatmap(lambda s: arrays(s, -4, 4)), dtype=FLOAT_DTYPES, noncontiguous=st.booleans())
def test_activation(name, x, dtype, noncontiguous):
    assert_parity(ACTIVATIONS[name], away_from(x, [0.0]), dtype=dtype, noncontiguous=noncontiguous)


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "elu", "gelu"])
def test_activation_at_zero_follows_pytorch(name):
    assert_parity(ACTIVATIONS[name], np.array([-1.0, 0.0, 1.0]))


def test_sigmoid_is_stable_for_large_inputs():
    assert_parity(ACTIVATIONS["sigmoid"], np.array([-800.0, -50.0, 0.0, 50.0, 800.0]))
    assert_parity(ACTIVATIONS["sigmoid"], np.array([-100.0, 100.0]), dtype=np.float32)


@pytest.mark.parametrize("function", ["softmax", "log_softmax"])
@given(x=shapes(min_dims=1).flatmap(lambda s: arrays(s, -10, 10)), dtype=FLOAT_DTYPES, data=st.data(),
       noncontiguous=st.booleans())
def test_softmax_and_log_softmax(function, x, dtype, data, noncontiguous):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    assert_parity(lambda lib, t: getattr(lib, function)(t, dim=dim), x, dtype=dtype, kind="reduction",
                  summed_terms=x.shape[dim], noncontiguous=noncontiguous)
    assert_parity(lambda lib, t: getattr(t, function)(dim), x, dtype=dtype, kind="reduction",
                  summed_terms=x.shape[dim])


def test_softmax_of_huge_logits_is_finite():
    logits = np.array([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]])
    ours, _ = assert_parity(lambda lib, t: lib.log_softmax(t, dim=1), logits)
    assert np.all(np.isfinite(ours.detach().numpy()))
    assert_parity(lambda lib, t: lib.softmax(t, dim=1), logits, dtype=np.float32)


MATMUL_SHAPES = [
    ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)), ((2, 1, 2, 3), (4, 3, 2)), ((3,), (2, 3, 4)), ((2, 2, 3), (3,)),
]


@pytest.mark.parametrize("a_shape,b_shape", MATMUL_SHAPES)
@given(dtype=FLOAT_DTYPES, data=st.data())
def test_matmul_with_batch_broadcasting(a_shape, b_shape, dtype, data):
    a, b = data.draw(arrays(a_shape)), data.draw(arrays(b_shape))
    assert_parity(lambda lib, x, y: x @ y, a, b, dtype=dtype, kind="reduction", summed_terms=a_shape[-1])
    assert_parity(lambda lib, x, y: lib.matmul(x, y), a, b, dtype=dtype, kind="reduction",
                  summed_terms=a_shape[-1], noncontiguous=True)


@given(dims=st.tuples(st.integers(1, 40), st.integers(1, 40), st.integers(1, 40)), dtype=FLOAT_DTYPES, data=st.data())
def test_matrix_products_of_random_sizes(dims, dtype, data):
    n, k, m = dims
    a, b = data.draw(arrays((n, k))), data.draw(arrays((k, m)))
    assert_parity(lambda lib, x, y: lib.mm(x, y), a, b, dtype=dtype, kind="reduction", summed_terms=k)
    assert_parity(lambda lib, x, y: x @ y.T.T, a, b, dtype=dtype, kind="reduction", summed_terms=k)
