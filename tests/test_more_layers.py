"""Parity with PyTorch of the layers beyond the guides: Conv1d, MaxPool1d, AvgPool1d, Conv2d's padding modes,
Embedding, GroupNorm, ParameterList, ParameterDict and AdaptiveMaxPool2d (values, every gradient, reprs)."""

import re

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from op_table.convolution import conv1d_case
from parity import assert_module_parity, assert_parity, assert_same_repr
from strategies import FLOAT_DTYPES, arrays, distinct

import minitorch_es as mt
from minitorch_es import nn


def _layer_case(sample):
    """A sample of F.conv1d (tests/op_table/convolution.py) as a layer's arguments."""
    x, weight, *bias = sample.inputs
    c_out, c_group, kernel = weight.shape
    return x, c_group * sample.options["groups"], c_out, kernel, {**sample.options, "bias": bool(bias)}


PADDING_MODES = st.sampled_from(["zeros", "reflect", "replicate", "circular"])


@given(case=conv1d_case().map(_layer_case), dtype=FLOAT_DTYPES, mode=PADDING_MODES)
def test_conv1d_layer_with_every_padding_mode(case, dtype, mode):
    x, c_in, c_out, kernel, options = case
    torch.manual_seed(0)
    theirs = torch.nn.Conv1d(c_in, c_out, kernel, padding_mode=mode, **options)
    ours = nn.Conv1d(c_in, c_out, kernel, padding_mode=mode, **options)
    assert_same_repr(ours, theirs)
    padding = options["padding"]
    side = {"valid": 0, "same": -(-options["dilation"] * (kernel - 1) // 2)}.get(padding, padding)
    if (mode == "reflect" and side >= x.shape[-1]) or (mode == "circular" and side > x.shape[-1]):
        # reflection needs the pad shorter than the input, circular padding at most as long: both refuse
        with pytest.raises(RuntimeError) as theirs_error:
            theirs(torch.tensor(x))
        with pytest.raises(RuntimeError, match=re.escape(str(theirs_error.value)[:40])):
            ours(mt.tensor(x))
        return
    assert_module_parity(ours, theirs, x, dtype=dtype, summed_terms=c_in * kernel)


@given(data=st.data(), dtype=FLOAT_DTYPES, mode=st.sampled_from(["reflect", "replicate", "circular"]))
def test_conv2d_padding_modes(data, dtype, mode):
    padding = data.draw(st.sampled_from([1, (1, 2), "same"]))
    kernel = data.draw(st.sampled_from([3, (2, 3)]))
    x = data.draw(arrays((2, 2, data.draw(st.integers(3, 6)), data.draw(st.integers(3, 6)))))
    torch.manual_seed(0)
    theirs = torch.nn.Conv2d(2, 3, kernel, padding=padding, padding_mode=mode)
    ours = nn.Conv2d(2, 3, kernel, padding=padding, padding_mode=mode)
    assert_same_repr(ours, theirs)
    assert_module_parity(ours, theirs, x, dtype=dtype, summed_terms=18)


@given(data=st.data(), dtype=FLOAT_DTYPES, ceil_mode=st.booleans())
def test_pooling_1d(data, dtype, ceil_mode):
    kernel = data.draw(st.integers(1, 3))
    stride = data.draw(st.integers(1, 3))
    padding = data.draw(st.integers(0, kernel // 2))
    x = distinct(data.draw(arrays((2, 3, data.draw(st.integers(kernel, 9))))))
    include_pad = data.draw(st.booleans())
    assert_parity(lambda lib, t: lib.nn.AvgPool1d(kernel, stride, padding, ceil_mode=ceil_mode,
                                                  count_include_pad=include_pad)(t), x, dtype=dtype)
    assert_parity(lambda lib, t: lib.nn.MaxPool1d(kernel)(t[0]), x, dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES, padding_idx=st.sampled_from([None, 0, -1]),
       scale=st.booleans())
def test_embedding(data, dtype, padding_idx, scale):
    torch.manual_seed(0)
    theirs = torch.nn.Embedding(7, 3, padding_idx=padding_idx, scale_grad_by_freq=scale)
    ours = nn.Embedding(7, 3, padding_idx=padding_idx, scale_grad_by_freq=scale)
    assert_same_repr(ours, theirs)
    indices = np.random.default_rng(data.draw(st.integers(0, 99))).integers(0, 7, data.draw(
        st.sampled_from([(5,), (2, 4), (3, 1, 2)])))
    theirs.to(torch.float64 if dtype == np.float64 else torch.float32)
    ours.to(mt.float64 if dtype == np.float64 else mt.float32)
    ours.load_state_dict({k: mt.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    our_out, their_out = ours(mt.tensor(indices)), theirs(torch.tensor(indices))
    np.testing.assert_array_equal(our_out.detach().numpy(), their_out.detach().numpy())
    upstream = np.random.default_rng(1).uniform(-1.5, 1.5, their_out.shape).astype(dtype)
    our_out.backward(mt.tensor(upstream))
    their_out.backward(torch.tensor(upstream))
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-6, atol=1e-6)


def test_embedding_starts_with_a_zero_padding_row_and_renormalises_with_max_norm():
    mt.manual_seed(0)
    layer = nn.Embedding(5, 4, padding_idx=2)
    assert layer.weight[2].tolist() == [0.0] * 4 and float(layer.weight.abs().sum()) > 0
    with mt.no_grad():
        layer.weight.copy_(mt.arange(20.).reshape(5, 4))
    twin = torch.nn.Embedding(5, 4, max_norm=3.0)
    with torch.no_grad():
        twin.weight.copy_(torch.arange(20.).reshape(5, 4))
    ours = nn.Embedding.from_pretrained(mt.arange(20.).reshape(5, 4), freeze=False, max_norm=3.0)
    picked = [1, 3, 3]
    np.testing.assert_allclose(ours(mt.tensor(picked)).detach().numpy(), twin(torch.tensor(picked)).detach().numpy(),
                               rtol=1e-6)
    np.testing.assert_allclose(ours.weight.detach().numpy(), twin.weight.detach().numpy(), rtol=1e-6)
    with pytest.raises(IndexError, match="index out of range in self"):
        ours(mt.tensor([5]))


@given(data=st.data(), dtype=FLOAT_DTYPES, affine=st.booleans())
def test_group_norm(data, dtype, affine):
    groups = data.draw(st.sampled_from([1, 2, 4]))
    channels = groups * data.draw(st.integers(1, 2))
    shape = (data.draw(st.integers(1, 3)), channels) + tuple(data.draw(st.lists(st.integers(2, 4), min_size=1,
                                                                                 max_size=2)))
    x = data.draw(arrays(shape)) + np.random.default_rng(len(shape)).normal(0, 1, shape)
    torch.manual_seed(0)
    theirs = torch.nn.GroupNorm(groups, channels, affine=affine)
    ours = nn.GroupNorm(groups, channels, affine=affine)
    if affine:
        with torch.no_grad():
            theirs.weight.uniform_(0.5, 1.5)
            theirs.bias.uniform_(-0.5, 0.5)
    assert_same_repr(ours, theirs)
    assert_module_parity(ours, theirs, x, dtype=dtype, summed_terms=int(np.prod(shape[1:])) // groups)


def test_parameter_containers_register_and_print_as_pytorch():
    for lib in (mt, torch):
        holder = lib.nn.Module()
        holder.weights = lib.nn.ParameterList([lib.ones(2), lib.nn.Parameter(lib.zeros(3))])
        holder.named = lib.nn.ParameterDict({"scale": lib.ones(1)})
        holder.weights.append(lib.ones(1))
        names = [name for name, _ in holder.named_parameters()]
        assert names == ["weights.0", "weights.1", "weights.2", "named.scale"]
        assert all(type(p).__name__ == "Parameter" for p in holder.parameters())
        assert len(holder.weights) == 3 and "scale" in holder.named and list(holder.named.keys()) == ["scale"]
    ours = nn.ParameterList([mt.ones(2, 3)])
    assert repr(ours) == repr(torch.nn.ParameterList([torch.ones(2, 3)])).replace("torch", "minitorch_es")


def test_group_norm_needs_more_than_one_value_per_group_like_pytorch():
    for lib in (mt, torch):
        with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
            lib.nn.GroupNorm(2, 2)(lib.ones(1, 2, 1))
        assert lib.nn.GroupNorm(2, 2)(lib.ones(3, 2)).abs().sum().item() == 0.0


def test_upsample_layer_and_interpolate_errors():
    for lib in (mt, torch):
        x = lib.arange(4.0).reshape(1, 1, 2, 2)
        assert lib.nn.Upsample(scale_factor=2)(x).shape == (1, 1, 4, 4)
        with pytest.raises(ValueError, match="either size or scale_factor should be defined"):
            lib.nn.functional.interpolate(x)
        with pytest.raises(ValueError, match="only one of size or scale_factor should be defined"):
            lib.nn.functional.interpolate(x, size=3, scale_factor=2)
        with pytest.raises(ValueError, match="align_corners option can only be set with the interpolating modes"):
            lib.nn.functional.interpolate(x, scale_factor=2, align_corners=True)


def _parameters(lib):
    return [lib.nn.Parameter(lib.ones(1))]


@pytest.mark.parametrize("call,error,message", [
    (lambda lib: lib.nn.GroupNorm(3, 4), ValueError, r"num_channels \(4\) must be divisible by num_groups \(3\)"),
    (lambda lib: lib.nn.Dropout2d(1.5), ValueError, "dropout probability has to be between 0 and 1"),
    (lambda lib: lib.nn.Conv2d(1, 1, 3, padding_mode="wrap"), ValueError, "padding_mode must be one of"),
    (lambda lib: lib.optim.Adagrad(_parameters(lib), eps=-1), ValueError, "Invalid epsilon value: -1"),
    (lambda lib: lib.optim.lr_scheduler.OneCycleLR(lib.optim.SGD(_parameters(lib), lr=0.1, momentum=0.9), max_lr=1.0,
                                                   total_steps=5, pct_start=1.5), ValueError,
     "Expected float between 0 and 1 pct_start"),
    (lambda lib: lib.optim.lr_scheduler.OneCycleLR(lib.optim.SGD(_parameters(lib), lr=0.1, momentum=0.9), max_lr=1.0,
                                                   total_steps=5, anneal_strategy="exp"), ValueError,
     "anneal_strategy must be one of 'cos' or 'linear'"),
    (lambda lib: lib.optim.lr_scheduler.OneCycleLR(lib.optim.SGD(_parameters(lib), lr=0.1, momentum=0.9), max_lr=1.0,
                                                   total_steps=0), ValueError, "Expected positive integer total_steps"),
])
def test_bad_inputs_raise_pytorchs_error_and_message(call, error, message):
    for lib in (mt, torch):
        with pytest.raises(error, match=message):
            call(lib)


def test_hardtanh_bounds_are_checked_with_pytorchs_message():
    """PyTorch raises an AssertionError here; a bad argument is a ValueError in minitorch_es, with the same words."""
    with pytest.raises(ValueError, match=r"max_val \(1.0\) must be greater than min_val \(2.0\)"):
        nn.Hardtanh(2.0, 1.0)
    with pytest.raises(AssertionError, match=r"max_val \(1.0\) must be greater than min_val \(2.0\)"):
        torch.nn.Hardtanh(2.0, 1.0)


@given(data=st.data(), dtype=FLOAT_DTYPES, batched=st.booleans())
def test_adaptive_max_pool2d_values_indices_and_gradient(data, dtype, batched):
    h, w = data.draw(st.integers(1, 8)), data.draw(st.integers(1, 8))
    sizes = (data.draw(st.integers(1, 9)), data.draw(st.sampled_from([None, 1, 2, 3, 10])))
    x = distinct(data.draw(arrays(((2,) if batched else ()) + (3, h, w))))
    ours = nn.AdaptiveMaxPool2d(sizes, return_indices=True)(mt.tensor(x))
    theirs = torch.nn.AdaptiveMaxPool2d(sizes, return_indices=True)(torch.tensor(x))
    np.testing.assert_array_equal(ours[1].numpy(), theirs[1].numpy())
    assert_same_repr(nn.AdaptiveMaxPool2d(sizes), torch.nn.AdaptiveMaxPool2d(sizes))


