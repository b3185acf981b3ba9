"""Parity of nn layers with PyTorch (weights copied through state_dict): outputs, all gradients, buffers."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import Constant, assert_module_parity, assert_parity, assert_same_repr
from strategies import FLOAT_DTYPES, arrays, away_from, shapes

import minitorch_es as mt
from minitorch_es import nn


@given(data=st.data(), dtype=FLOAT_DTYPES, bias=st.booleans(),
       sizes=st.tuples(st.integers(1, 12), st.integers(1, 12)), lead=shapes(min_dims=0, max_dims=2))
def test_linear(data, dtype, bias, sizes, lead):
    in_features, out_features = sizes
    x = data.draw(arrays(tuple(lead) + (in_features,)))
    assert_module_parity(nn.Linear(in_features, out_features, bias=bias),
                         torch.nn.Linear(in_features, out_features, bias=bias), x, dtype=dtype,
                         summed_terms=in_features)


def _functional(lib):
    return torch.nn.functional if lib is torch else mt.nn.functional


ACTIVATION_LAYERS = [
    ("ReLU", {}), ("LeakyReLU", {}), ("LeakyReLU", {"negative_slope": 0.2}), ("ELU", {}), ("ELU", {"alpha": 0.5}),
    ("GELU", {}), ("GELU", {"approximate": "tanh"}), ("Sigmoid", {}), ("Tanh", {}), ("Softmax", {"dim": 1}),
    ("LogSoftmax", {"dim": -1}), ("Identity", {}), ("Flatten", {}), ("Flatten", {"start_dim": 0, "end_dim": 1}),
    ("ReLU6", {}), ("Hardtanh", {}), ("Hardtanh", {"min_val": -2.0, "max_val": 0.5}), ("SiLU", {}), ("Softplus", {}),
    ("Softplus", {"beta": 2.0, "threshold": 1.5}), ("SELU", {}), ("Mish", {}),
    ("Unflatten", {"dim": 0, "unflattened_size": (-1, 1)}),
]
KINKS = {"ReLU6": [0.0, 6.0], "Hardtanh": [-2.0, -1.0, 0.5, 1.0], "Softplus": [0.75, 1.5]}


@pytest.mark.parametrize("name,options", ACTIVATION_LAYERS, ids=lambda v: str(v))
@given(x=shapes(min_dims=2, max_dims=4).flatmap(lambda s: arrays(s, -3, 3)), dtype=FLOAT_DTYPES, train=st.booleans())
def test_activation_and_shape_layers(name, options, x, dtype, train):
    x = away_from(x, [0.0] + KINKS.get(name, []), 2e-2)
    assert_module_parity(getattr(nn, name)(**options), getattr(torch.nn, name)(**options), x,
                         dtype=dtype, train=train, summed_terms=x.shape[-1])


def test_layer_reprs_match_pytorch():
    for name, options in ACTIVATION_LAYERS + [("Linear", {"in_features": 3, "out_features": 2}),
                                              ("Dropout", {"p": 0.2}), ("BatchNorm2d", {"num_features": 4}),
                                              ("BatchNorm1d", {"num_features": 4, "momentum": None, "affine": False}),
                                              ("LayerNorm", {"normalized_shape": [3, 4], "eps": 1e-6}),
                                              ("LayerNorm", {"normalized_shape": 4, "bias": False}),
                                              ("Dropout2d", {"p": 0.3}), ("ReLU6", {"inplace": True})]:
        assert_same_repr(getattr(nn, name)(**options), getattr(torch.nn, name)(**options))


BATCH_NORM_SHAPES = {"BatchNorm1d": [(6, 3), (4, 3, 5)], "BatchNorm2d": [(4, 3, 2, 5), (2, 3, 4, 4)]}


@pytest.mark.parametrize("name", BATCH_NORM_SHAPES)
@given(data=st.data(), dtype=FLOAT_DTYPES, momentum=st.sampled_from([0.1, 0.5, None]), affine=st.booleans(),
       track=st.booleans(), train=st.booleans())
def test_batch_norm(name, data, dtype, momentum, affine, track, train):
    torch.manual_seed(0)
    shape = data.draw(st.sampled_from(BATCH_NORM_SHAPES[name]))
    spread = np.linspace(-1, 1, shape[0]).reshape((-1,) + (1,) * (len(shape) - 1))
    options = {"num_features": shape[1], "momentum": momentum, "affine": affine, "track_running_stats": track}
    ours, theirs = getattr(nn, name)(**options), getattr(torch.nn, name)(**options)
    if affine:
        with torch.no_grad():
            theirs.weight.uniform_(0.5, 1.5)
            theirs.bias.uniform_(-0.5, 0.5)
    if track:
        with torch.no_grad():
            theirs.running_mean.uniform_(-0.5, 0.5)
            theirs.running_var.uniform_(0.5, 1.5)
    count = int(np.prod(shape)) // shape[1]
    for step in range(3):
        x = data.draw(arrays(shape)) + spread + step
        assert_module_parity(ours, theirs, x, dtype=dtype, train=train, summed_terms=count, seed=step)
        for parameter in list(ours.parameters()) + list(theirs.parameters()):
            parameter.grad = None


def test_batch_norm_running_variance_is_unbiased_and_normalisation_biased():
    bn = nn.BatchNorm1d(1, momentum=1.0)
    x = mt.tensor([[1.0], [2.0], [3.0], [6.0]], dtype=mt.float64)
    bn.double()
    y = bn(x)
    np.testing.assert_allclose(bn.running_var.numpy(), [np.var([1, 2, 3, 6], ddof=1)])
    np.testing.assert_allclose(y.detach().numpy()[:, 0], (x.numpy()[:, 0] - 3) / np.sqrt(np.var([1, 2, 3, 6]) + 1e-5))
    assert bn.num_batches_tracked.item() == 1 and bn.num_batches_tracked.dtype is mt.int64


def test_batch_norm_errors():
    with pytest.raises(ValueError, match=r"expected 4D input \(got 2D input\)"):
        nn.BatchNorm2d(3)(mt.ones(2, 3))
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        nn.BatchNorm1d(3)(mt.ones(2, 3, 1, 1))
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        nn.BatchNorm1d(3)(mt.ones(1, 3))
    with pytest.raises(ValueError, match="expected 3 channels"):
        nn.BatchNorm1d(3)(mt.ones(4, 2))


@given(p=st.sampled_from([0.1, 0.2, 0.5, 0.8]), dtype=FLOAT_DTYPES)
def test_dropout_keeps_one_minus_p_and_scales_by_its_inverse(p, dtype):
    layer = nn.Dropout(p)
    x = mt.ones(200, 100, dtype=mt.float64 if dtype == np.float64 else mt.float32, requires_grad=True)
    y = layer(x)
    values = y.detach().numpy()
    kept = values != 0
    assert set(np.unique(values)) <= {0.0, np.float64(np.asarray(1 / (1 - p), dtype=dtype))}
    n = values.size
    assert abs(kept.mean() - (1 - p)) < 4 * np.sqrt(p * (1 - p) / n)
    assert abs(values.mean() - 1.0) < 5 * np.sqrt(p / (1 - p) / n)
    y.backward(mt.ones_like(y))
    np.testing.assert_allclose(x.grad.numpy(), values, rtol=1e-6)
    layer.eval()
    assert layer(x) is x
    assert nn.Dropout(1.0)(x).detach().numpy().max() == 0.0


def test_dropout_rejects_bad_probability():
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)


def test_dropout_with_shared_mask_matches_pytorch():
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    mask = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]], dtype=bool)

    def masked(lib, t, m):
        if lib is torch:
            return t * m / 0.75
        from minitorch_es.ops.dropout import Dropout

        return Dropout.apply(t, m.numpy(), 0.25)

    assert_parity(masked, x, Constant(mask))


@given(data=st.data(), dtype=FLOAT_DTYPES, affine=st.booleans(), bias=st.booleans(), trailing=st.integers(1, 2))
def test_layer_norm(data, dtype, affine, bias, trailing):
    """Groups of at least 3 values: with 2, x_hat = +-sqrt(v / (v + eps)) and the input gradient is a pure
    cancellation of size eps / (v + eps), where float32 results scatter (PyTorch's own by twice ours)."""
    x = data.draw(shapes(min_dims=trailing, max_dims=4, min_side=3).flatmap(lambda s: arrays(s, -3, 3)))
    normalized = list(x.shape[x.ndim - trailing:])
    ours = nn.LayerNorm(normalized, elementwise_affine=affine, bias=bias)
    theirs = torch.nn.LayerNorm(normalized, elementwise_affine=affine, bias=bias)
    if affine:
        with torch.no_grad():
            theirs.weight.uniform_(0.5, 1.5)
            if bias:
                theirs.bias.uniform_(-0.5, 0.5)
    x = x + np.random.default_rng(x.size).normal(0, 1, x.shape)  # a spread of order 1 in every group
    assert_module_parity(ours, theirs, x, dtype=dtype, summed_terms=int(np.prod(normalized)))


def test_dropout2d_zeroes_whole_channels_and_scales_the_rest():
    mt.manual_seed(0)
    x = mt.ones(8, 16, 3, 3, requires_grad=True)
    y = nn.Dropout2d(p=0.25)(x)
    per_channel = y.detach().numpy().reshape(8, 16, 9)
    assert set(np.unique(per_channel)) <= {0.0, np.float32(1 / 0.75)}
    assert (per_channel.min(axis=2) == per_channel.max(axis=2)).all(), "a channel is kept or dropped whole"
    assert 0.1 < (per_channel[:, :, 0] == 0).mean() < 0.4
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), y.detach().numpy())
    layer = nn.Dropout2d(0.5).eval()
    assert layer(x) is x
