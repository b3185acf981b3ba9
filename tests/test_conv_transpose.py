"""Transposed convolution against PyTorch: F.conv_transpose2d for every option (stride, padding, output_padding,
dilation, groups, bias), both kernel sets, float64 and float32, every gradient; nn.ConvTranspose2d (init, repr,
output_size) and the errors."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_module_parity, assert_parity, using_kernels
from strategies import FLOAT_DTYPES, arrays

import minitorch_es as mt
from minitorch_es import nn


@st.composite
def transpose_case(draw):
    groups = draw(st.sampled_from([1, 1, 2]))
    c_in, c_out = groups * draw(st.integers(1, 3)), groups * draw(st.integers(1, 3))
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    out = [(size - 1) * s - 2 * p + d * (k - 1) + op + 1 for size, s, p, d, k, op in
           zip((h, w), stride, padding, dilation, kernel, output_padding)]
    if min(out) < 1:
        padding = (0, 0)
    x = draw(arrays((draw(st.integers(1, 3)), c_in, h, w)))
    weight = draw(arrays((c_in, c_out // groups) + kernel))
    bias = draw(st.one_of(st.none(), arrays((c_out,))))
    return x, weight, bias, dict(stride=stride, padding=padding, output_padding=output_padding, groups=groups,
                                 dilation=dilation)


@pytest.mark.parametrize("kernels", ["numba", "numpy"])
@given(case=transpose_case(), dtype=FLOAT_DTYPES)
def test_conv_transpose2d(kernels, case, dtype):
    x, weight, bias, options = case
    summed = weight[:, 0].size * x.shape[0]
    with using_kernels(kernels):
        if bias is None:
            assert_parity(lambda lib, a, w: lib.nn.functional.conv_transpose2d(a, w, **options), x, weight,
                          dtype=dtype, kind="reduction", summed_terms=summed)
        else:
            assert_parity(lambda lib, a, w, b: lib.nn.functional.conv_transpose2d(a, w, b, **options), x, weight,
                          bias, dtype=dtype, kind="reduction", summed_terms=summed)


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
    with pytest.raises(RuntimeError, match="output padding must be smaller than either stride or dilation"):
        mt.nn.functional.conv_transpose2d(mt.ones(1, 2, 3, 3), mt.ones(2, 1, 3, 3), output_padding=1)
    with pytest.raises(RuntimeError, match=r"expected input\[1, 3, 3, 3\] to have 2 channels, but got 3"):
        mt.nn.functional.conv_transpose2d(mt.ones(1, 3, 3, 3), mt.ones(2, 1, 3, 3))
    with pytest.raises(ValueError, match='Only "zeros" padding mode is supported for ConvTranspose2d'):
        nn.ConvTranspose2d(2, 2, 3, padding_mode="reflect")
    with pytest.raises(ValueError, match="requested an output size of"):
        nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)(mt.ones(1, 3, 4, 4), output_size=[10, 10])
    with pytest.raises(RuntimeError, match="Output size is too small"):
        mt.nn.functional.conv_transpose2d(mt.ones(1, 1, 1, 1), mt.ones(1, 1, 1, 1), padding=1)


@pytest.mark.parametrize("kernels", ["numba", "numpy"])
def test_an_output_of_zero_width_is_empty_as_in_pytorch(kernels):
    """(W - 1) s - 2 p + k = 0 is allowed (PyTorch returns an empty tensor); only a negative size is an error."""
    x, weight = np.ones((2, 20, 5, 1), dtype=np.float32), np.ones((20, 32, 2, 2), dtype=np.float32)
    expected = torch.nn.functional.conv_transpose2d(torch.tensor(x), torch.tensor(weight), stride=2, padding=1)
    with using_kernels(kernels):
        ours_x, ours_w = mt.tensor(x, requires_grad=True), mt.tensor(weight, requires_grad=True)
        y = mt.nn.functional.conv_transpose2d(ours_x, ours_w, stride=2, padding=1)
        y.sum().backward()
    assert tuple(y.shape) == tuple(expected.shape) == (2, 32, 8, 0)
    np.testing.assert_array_equal(ours_x.grad.numpy(), np.zeros_like(x))
    np.testing.assert_array_equal(ours_w.grad.numpy(), np.zeros_like(weight))
