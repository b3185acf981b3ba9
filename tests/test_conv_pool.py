"""The convolution and pooling kernels and layers: both kernel sets give the same numbers, the Numba convolution's
choice of route and its chunks of columns, the layers against PyTorch's (weights, init, repr), and a small CNN end
to end. The functions themselves, every option under every kernel set and route, are in the op table
(tests/op_table/convolution.py, pooling.py)."""

from unittest import mock

import numba
import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from parity import assert_module_parity, assert_parity, copy_torch_weights, using_kernels
from strategies import FLOAT_DTYPES, arrays

import minitorch_es as mt
from minitorch_es import nn
from minitorch_es.kernels import conv2d as conv2d_kernels

KERNEL_SETS = ["numba", "numpy"]


def F(lib):
    return torch.nn.functional if lib is torch else mt.nn.functional


@st.composite
def conv_case(draw):
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    c_in = groups * draw(st.integers(1, 3))
    c_out = groups * draw(st.integers(1, 3))
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = draw(st.one_of(st.sampled_from(["valid", "same"]),
                             st.tuples(st.integers(0, 2), st.integers(0, 2)), st.integers(0, 2)))
    if padding == "same":
        stride = (1, 1)
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    pad_h, pad_w = (padding, padding) if isinstance(padding, int) else (padding if isinstance(padding, tuple)
                                                                        else (0, 0))
    if padding != "same":
        assume(h + 2 * pad_h >= dilation[0] * (kernel[0] - 1) + 1)
        assume(w + 2 * pad_w >= dilation[1] * (kernel[1] - 1) + 1)
    batch = draw(st.integers(1, 3))
    x = draw(arrays((batch, c_in, h, w)))
    weight = draw(arrays((c_out, c_in // groups) + kernel))
    bias = draw(st.one_of(st.none(), arrays((c_out,))))
    return x, weight, bias, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


@pytest.mark.parametrize("kernels", KERNEL_SETS)
def test_conv2d_unbatched_input_and_large_batch_chunks(kernels, monkeypatch):
    rng = np.random.default_rng(0)
    with using_kernels(kernels):
        assert_parity(lambda lib, a, w: F(lib).conv2d(a, w, padding=1), rng.standard_normal((3, 6, 5)),
                      rng.standard_normal((4, 3, 3, 3)), kind="reduction")
        monkeypatch.setattr("minitorch_es.kernels.conv2d.MAX_COLUMN_ELEMENTS", 500)
        for stride in (1, 2):
            assert_parity(lambda lib, a, w, b, stride=stride: F(lib).conv2d(a, w, b, stride=stride, padding=1),
                          rng.standard_normal((7, 2, 6, 6)), rng.standard_normal((3, 2, 3, 3)),
                          rng.standard_normal(3), kind="reduction")


def test_direct_kernels_serve_wide_layers_with_long_sums_and_im2col_the_rest():
    from minitorch_es.kernels import conv2d_direct

    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 6, 6))
    calls = []
    with using_kernels("numba"), mock.patch.object(conv2d_kernels, "DIRECT_KERNELS_PAY", True), \
            mock.patch.object(conv2d_kernels, "conv2d_forward_direct",
                                                   side_effect=lambda *a: calls.append("direct") or
                                                   conv2d_direct.conv2d_forward_direct(*a)):
        F(mt).conv2d(mt.tensor(x), mt.tensor(rng.standard_normal((16, 3, 3, 3))))
        F(mt).conv2d(mt.tensor(x), mt.tensor(rng.standard_normal((15, 3, 3, 3))))
        F(mt).conv2d(mt.tensor(x), mt.tensor(rng.standard_normal((30, 1, 3, 3))), groups=3)
        F(mt).conv2d(mt.tensor(x[:, :1]), mt.tensor(rng.standard_normal((32, 1, 3, 3))))
        F(mt).conv2d(mt.tensor(x[:, :2]), mt.tensor(rng.standard_normal((32, 2, 3, 3))))
    assert calls == ["direct", "direct"]
    with mock.patch.object(numba.config, "CPU_FEATURES", None), mock.patch.object(numba.config, "CPU_NAME", None), \
            mock.patch.object(conv2d_direct, "binding") as llvm:
        host = llvm.get_host_cpu_features.return_value.flatten
        for cpu, features, fit in [("haswell", "+avx,+avx2,+fma", False), ("znver4", "+avx2,+avx512f,+fma", True),
                                   ("skylake-avx512", "+avx2,+avx512f,+fma", False),
                                   ("skylake-avx512", "+avx2,+avx512f,+fma,-prefer-256-bit", True)]:
            llvm.get_host_cpu_name.return_value, host.return_value = cpu, features
            assert conv2d_direct.blocks_fit_in_registers() is fit, (cpu, features)


@pytest.mark.parametrize("kernels", KERNEL_SETS)
@given(seed=st.integers(0, 1000), dtype=FLOAT_DTYPES)
def test_both_kernel_sets_give_the_same_numbers(kernels, seed, dtype):
    from minitorch_es.kernels import conv2d, pool2d

    rng = np.random.default_rng(seed)
    x = rng.standard_normal((3, 4, 9, 8)).astype(dtype)
    w = rng.standard_normal((6, 2, 3, 2)).astype(dtype)
    g = rng.standard_normal((3, 6, 5, 5)).astype(dtype)
    options = ((2, 2), (1, 1), (1, 1), 2)
    tolerance = 1e-12 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(conv2d.conv2d_forward_numpy(x, w, None, *options),
                               conv2d.conv2d_forward_numba(x, w, None, *options), rtol=tolerance, atol=tolerance)
    for a, b in zip(conv2d.conv2d_backward_numpy(x, w, g, *options, True, True),
                    conv2d.conv2d_backward_numba(x, w, g, *options, True, True)):
        np.testing.assert_allclose(a, b, rtol=tolerance, atol=tolerance)
    values_a, indices_a = pool2d.max_pool2d_forward_numpy(x, (3, 2), (2, 1), (1, 1), (1, 2), True)
    values_b, indices_b = pool2d.max_pool2d_forward_numba(x, (3, 2), (2, 1), (1, 1), (1, 2), True)
    np.testing.assert_array_equal(values_a, values_b)
    np.testing.assert_array_equal(indices_a, indices_b)


# ---- layers -------------------------------------------------------------------------------------------------------


@given(case=conv_case(), dtype=FLOAT_DTYPES, train=st.booleans())
def test_conv2d_layer(case, dtype, train):
    x, weight, bias, options = case
    c_out, c_group, kh, kw = weight.shape
    arguments = dict(options, bias=bias is not None)
    ours = nn.Conv2d(c_group * options["groups"], c_out, (kh, kw), **arguments)
    theirs = torch.nn.Conv2d(c_group * options["groups"], c_out, (kh, kw), **arguments)
    assert repr(ours) == repr(theirs)
    assert_module_parity(ours, theirs, x, dtype=dtype, train=train, summed_terms=weight[0].size * x.shape[0])


@pytest.mark.parametrize("name,options", [
    ("MaxPool2d", {"kernel_size": 2}), ("MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("MaxPool2d", {"kernel_size": (2, 3), "ceil_mode": True, "dilation": 2}), ("AvgPool2d", {"kernel_size": 2}),
    ("AvgPool2d", {"kernel_size": 3, "stride": 1, "padding": 1, "count_include_pad": False}),
    ("AdaptiveAvgPool2d", {"output_size": (1, 1)}), ("AdaptiveAvgPool2d", {"output_size": 3}),
])
def test_pooling_layers(name, options):
    x = np.random.default_rng(1).standard_normal((2, 3, 7, 8))
    ours, theirs = getattr(nn, name)(**options), getattr(torch.nn, name)(**options)
    assert repr(ours) == repr(theirs)
    assert_module_parity(ours, theirs, x)
    assert_module_parity(getattr(nn, name)(**options), getattr(torch.nn, name)(**options), x, dtype=np.float32)


def test_conv2d_default_init_follows_pytorch_bounds():
    mt.manual_seed(0)
    layer = nn.Conv2d(16, 64, 3, groups=2)
    bound = 1 / np.sqrt(8 * 9)
    weights = layer.weight.detach().numpy()
    assert weights.min() >= -bound and weights.max() <= bound and weights.max() > 0.9 * bound
    assert abs(weights.std() - bound / np.sqrt(3)) < 0.05 * bound
    biases = layer.bias.detach().numpy()
    assert biases.min() >= -bound and biases.max() <= bound


def small_cnn(lib):
    """Two conv blocks, pooling, a linear head (the guide-003 SimpleCNN's shape, for 1x28x28 inputs)."""
    return lib.nn.Sequential(
        lib.nn.Conv2d(1, 8, 3, padding=1), lib.nn.BatchNorm2d(8), lib.nn.ReLU(), lib.nn.MaxPool2d(2),
        lib.nn.Conv2d(8, 16, 3, padding=1), lib.nn.ReLU(), lib.nn.MaxPool2d(2),
        lib.nn.Flatten(), lib.nn.Linear(16 * 7 * 7, 32), lib.nn.ReLU(), lib.nn.Linear(32, 10),
    )


@pytest.mark.parametrize("kernels", KERNEL_SETS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_small_cnn_loss_and_gradients_match_its_pytorch_twin(kernels, dtype):
    rng = np.random.default_rng(0)
    images = rng.standard_normal((6, 1, 28, 28))
    labels = rng.integers(0, 10, 6)
    ours, theirs = small_cnn(mt), small_cnn(torch)
    with using_kernels(kernels):
        assert_module_parity(ours, theirs, images, dtype=dtype, summed_terms=784)
    ours.zero_grad()
    theirs.zero_grad()
    theirs.to(torch.float64 if dtype == np.float64 else torch.float32)
    copy_torch_weights(theirs, ours)
    x_ours = mt.tensor(images.astype(dtype))
    x_theirs = torch.tensor(images.astype(dtype))
    with using_kernels(kernels):
        loss = nn.CrossEntropyLoss()(ours(x_ours), mt.tensor(labels))
        loss.backward()
    torch_loss = torch.nn.CrossEntropyLoss()(theirs(x_theirs), torch.tensor(labels))
    torch_loss.backward()
    tolerance = dict(rtol=1e-10, atol=1e-12) if dtype == np.float64 else dict(rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(loss.item(), torch_loss.item(), **tolerance)
    for (name, ours_parameter), (_, theirs_parameter) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(ours_parameter.grad.numpy(), theirs_parameter.grad.numpy(), err_msg=name,
                                   **(dict(rtol=1e-9, atol=1e-10) if dtype == np.float64 else dict(rtol=1e-3,
                                                                                                    atol=1e-4)))


# ---- bad configurations ---------------------------------------------------------------------------------------


def test_conv2d_errors_name_the_values():
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nn.Conv2d(3, 6, 3, groups=2)
    with pytest.raises(ValueError, match="out_channels must be divisible by groups"):
        nn.Conv2d(4, 6, 3, groups=4)
    with pytest.raises(RuntimeError, match=r"expected input\[2, 1, 8, 8\] to have 3 channels, but got 1 channels"):
        nn.Conv2d(3, 4, 3)(mt.zeros(2, 1, 8, 8))
    with pytest.raises(RuntimeError, match=r"Calculated padded input size per channel: \(2 x 2\). Kernel size: "
                                           r"\(3 x 3\). Kernel size can't be greater than actual input size"):
        nn.Conv2d(1, 1, 3)(mt.zeros(1, 1, 2, 2))
    with pytest.raises(ValueError, match="padding='same' is not supported for strided convolutions"):
        nn.Conv2d(1, 1, 3, stride=2, padding="same")
    with pytest.raises(RuntimeError, match=r"Input type \(float64\) and weight type \(float32\) should be the same"):
        nn.Conv2d(1, 1, 3)(mt.zeros(1, 1, 5, 5, dtype=mt.float64))


