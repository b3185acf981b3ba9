"""The layers nn.Unfold, nn.Fold, nn.MaxUnpool2d, nn.LPPool2d and the padding layers against PyTorch (values,
gradients, reprs, errors), and what a student checks first about unfold. Their functions, every option, are in the
op table (tests/op_table/convolution.py, pooling.py, functional.py)."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays

import minitorch_es as mt

RNG = np.random.default_rng(0)


def test_unfold_then_a_product_is_conv2d():
    """W.view(C_out, -1) @ unfold(x) is the convolution."""
    x, w = mt.tensor(RNG.standard_normal((2, 3, 7, 6))), mt.tensor(RNG.standard_normal((4, 3, 3, 2)))
    cols = mt.nn.functional.unfold(x, (3, 2), padding=1, stride=2)
    product = (w.reshape(4, -1) @ cols).reshape(2, 4, 4, 4)
    np.testing.assert_allclose(product.numpy(), mt.nn.functional.conv2d(x, w, padding=1, stride=2).numpy(),
                               rtol=1e-12, atol=1e-12)


POOLED, INDICES = torch.nn.functional.max_pool2d(torch.tensor(RNG.standard_normal((2, 3, 7, 7))), 2,
                                                 return_indices=True)
LAYERS = [  # (layer, its arguments, the call's inputs, extra arguments of the call)
    ("Unfold", dict(kernel_size=(2, 3), dilation=1, padding=1, stride=2), (RNG.standard_normal((2, 3, 5, 6)),), {}),
    ("Fold", dict(output_size=(4, 5), kernel_size=2, padding=1), (RNG.standard_normal((2, 12, 30)),), {}),
    ("MaxUnpool2d", dict(kernel_size=2), (POOLED.numpy(), Constant(INDICES.numpy())), {"output_size": [7, 7]}),
    ("LPPool2d", dict(norm_type=2, kernel_size=3, stride=2, ceil_mode=True), (RNG.uniform(0.1, 2, (2, 3, 7, 6)),),
     {}),
]


@pytest.mark.parametrize("name, options, inputs, call_options", LAYERS, ids=[layer[0] for layer in LAYERS])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_layers_call_their_function(name, options, inputs, call_options, dtype):
    assert_parity(lambda lib, *t: getattr(lib.nn, name)(**options)(*t, **call_options), *inputs, dtype=dtype,
                  kind="reduction")
    assert repr(getattr(mt.nn, name)(**options)) == repr(getattr(torch.nn, name)(**options))


PADDING_LAYERS = ["ZeroPad2d", "ReflectionPad2d", "ReplicationPad2d", "CircularPad2d", "ZeroPad1d",
                  "ReflectionPad1d", "ReplicationPad1d", "CircularPad1d"]


@pytest.mark.parametrize("name", PADDING_LAYERS)
@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_padding_layers(name, data, dtype):
    sides = 4 if name.endswith("2d") else 2
    padding = data.draw(st.one_of(st.integers(0, 2), st.tuples(*[st.integers(0, 2)] * sides)))
    x = data.draw(arrays((2, 3, 4, 5) if sides == 4 else (2, 3, 5)))
    assert_parity(lambda lib, t: getattr(lib.nn, name)(padding)(t), x, dtype=dtype)
    assert repr(getattr(mt.nn, name)(padding)) == repr(getattr(torch.nn, name)(padding))


@pytest.mark.parametrize("name", ["ConstantPad1d", "ConstantPad2d"])
def test_constant_padding_layers(name):
    x = RNG.standard_normal((2, 3, 4))
    assert_parity(lambda lib, t: getattr(lib.nn, name)((1, 2) if name.endswith("1d") else (1, 0, 2, 1), 3.5)(t), x)
    assert repr(getattr(mt.nn, name)(2, 3.5)) == repr(getattr(torch.nn, name)(2, 3.5))


def test_padding_layers_name_the_sides_they_need():
    with pytest.raises(ValueError, match="ZeroPad2d: padding must be an int or a tuple of 4 ints"):
        mt.nn.ZeroPad2d((1, 2))
