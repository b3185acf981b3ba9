"""nn.ConvTranspose2d against PyTorch: init, repr, ``output_size`` and the layer's errors. F.conv_transpose2d, every
option under both kernel sets, is in the op table (tests/op_table/convolution.py)."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_module_parity, assert_parity
from strategies import FLOAT_DTYPES, arrays

import minitorch_es as mt
from minitorch_es import nn


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_conv_transpose2d_layer_with_output_size(data, dtype):
    stride = data.draw(st.integers(1, 3))
    x = data.draw(arrays((2, 4, 3, 5)))
    torch.manual_seed(0)
    theirs = torch.nn.ConvTranspose2d(4, 6, 3, stride=stride, padding=1, groups=2)
    ours = nn.ConvTranspose2d(4, 6, 3, stride=stride, padding=1, groups=2)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    assert repr(ours) == repr(theirs)
    assert_module_parity(ours, theirs, x, dtype=dtype, summed_terms=36)
    size = [(3 - 1) * stride + 1 + data.draw(st.integers(0, stride - 1)),
            (5 - 1) * stride + 1 + data.draw(st.integers(0, stride - 1))]
    assert_parity(lambda lib, a: (ours if lib is mt else theirs)(a, output_size=size), x, dtype=dtype,
                  kind="reduction", summed_terms=36, check_grad=False)


def test_conv_transpose2d_init_follows_pytorch_bounds():
    layer = nn.ConvTranspose2d(6, 8, (3, 2), groups=2)
    fan_in = 8 // 2 * 3 * 2
    bound = 1 / math.sqrt(fan_in)
    assert tuple(layer.weight.shape) == (6, 4, 3, 2)
    assert np.abs(layer.weight.detach().numpy()).max() <= bound and np.abs(layer.bias.detach().numpy()).max() <= bound
    assert np.abs(layer.weight.detach().numpy()).max() > 0.8 * bound


def test_conv_transpose2d_errors_name_the_values():
    with pytest.raises(ValueError, match='Only "zeros" padding mode is supported for ConvTranspose2d'):
        nn.ConvTranspose2d(2, 2, 3, padding_mode="reflect")
    with pytest.raises(ValueError, match="requested an output size of"):
        nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)(mt.ones(1, 3, 4, 4), output_size=[10, 10])


