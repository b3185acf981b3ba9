"""unfold/fold (im2col/col2im), max_unpool2d, lp_pool2d and the padding layers against PyTorch: values and
gradients, float64 and float32, batched and unbatched, and their error messages."""

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays

import minitorch_es as mt

PAIRS = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))


def F(lib):
    return lib.nn.functional


@st.composite
def block_case(draw):
    """An input and block options with at least one block."""
    kernel, dilation, stride = draw(PAIRS), draw(PAIRS), draw(PAIRS)
    padding = draw(st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2))))
    batch = draw(st.sampled_from([(), (1,), (2,)]))
    shape = batch + (draw(st.integers(1, 3)), draw(st.integers(1, 8)), draw(st.integers(1, 8)))
    options = dict(kernel_size=kernel, dilation=dilation, padding=padding, stride=stride)
    try:
        grid = torch.nn.functional.unfold(torch.zeros(shape), **options).shape[-1]
    except RuntimeError:
        assume(False)
    return shape, options, grid


@given(case=block_case(), dtype=FLOAT_DTYPES, data=st.data())
def test_unfold(case, dtype, data):
    shape, options, _ = case
    x = data.draw(arrays(shape))
    assert_parity(lambda lib, t: F(lib).unfold(t, **options), x, dtype=dtype, noncontiguous=True)
    assert_parity(lambda lib, t: lib.nn.Unfold(**options)(t), x, dtype=dtype)


@given(case=block_case(), dtype=FLOAT_DTYPES, data=st.data())
def test_fold_is_the_adjoint_of_unfold(case, dtype, data):
    """Overlapping blocks add up; fold's gradient is unfold of the output gradient."""
    shape, options, blocks = case
    kernel = options["kernel_size"]
    taps = kernel * kernel if isinstance(kernel, int) else kernel[0] * kernel[1]
    cols = data.draw(arrays(shape[:-3] + (shape[-3] * taps, blocks)))
    size = shape[-2:]
    assert_parity(lambda lib, c: F(lib).fold(c, size, **options), cols, dtype=dtype, kind="reduction",
                  summed_terms=taps)
    assert_parity(lambda lib, c: lib.nn.Fold(size, **options)(c), cols, dtype=dtype, kind="reduction",
                  summed_terms=taps)


def test_unfold_then_a_product_is_conv2d():
    """What a student checks first: W.view(C_out, -1) @ unfold(x) is the convolution."""
    rng = np.random.default_rng(0)
    x, w = mt.tensor(rng.standard_normal((2, 3, 7, 6))), mt.tensor(rng.standard_normal((4, 3, 3, 2)))
    cols = mt.nn.functional.unfold(x, (3, 2), padding=1, stride=2)
    product = (w.reshape(4, -1) @ cols).reshape(2, 4, 4, 4)
    np.testing.assert_allclose(product.numpy(), mt.nn.functional.conv2d(x, w, padding=1, stride=2).numpy(),
                               rtol=1e-12, atol=1e-12)


@given(data=st.data(), dtype=FLOAT_DTYPES, kernel=st.sampled_from([1, 2, 3, (2, 3)]), padding=st.integers(0, 1),
       batch=st.sampled_from([(), (2,)]), four_sizes=st.booleans())
def test_max_unpool2d_undoes_max_pool2d(data, dtype, kernel, padding, batch, four_sizes):
    """Back to the pooled input's size: the default one, or ``output_size`` where the windows left some rows or
    columns out (given as (H, W) or as the whole (N, C, H, W))."""
    kernel_hw = (kernel, kernel) if isinstance(kernel, int) else kernel
    assume(padding <= min(kernel_hw) // 2)
    x = data.draw(arrays(batch + (3, data.draw(st.integers(3, 8)), data.draw(st.integers(3, 8)))))
    pooled, indices = torch.nn.functional.max_pool2d(torch.tensor(x), kernel, padding=padding, return_indices=True)
    default = [(n - 1) * k - 2 * padding + k for n, k in zip(pooled.shape[-2:], kernel_hw)]
    size = None if default == list(x.shape[-2:]) else (list(x.shape) if four_sizes and batch else list(x.shape[-2:]))
    assert_parity(lambda lib, v, i: F(lib).max_unpool2d(v, i, kernel, padding=padding, output_size=size),
                  pooled.numpy(), Constant(indices.numpy()), dtype=dtype)
    assert_parity(lambda lib, v, i: lib.nn.MaxUnpool2d(kernel, padding=padding)(v, i, output_size=size),
                  pooled.numpy(), Constant(indices.numpy()), dtype=dtype)


@given(data=st.data(), dtype=FLOAT_DTYPES, norm_type=st.sampled_from([1, 2, 3, 1.5]),
       kernel=st.sampled_from([2, 3, (2, 3)]), stride=st.sampled_from([None, 1, 2]), ceil_mode=st.booleans())
def test_lp_pool2d(data, dtype, norm_type, kernel, stride, ceil_mode):
    x = data.draw(arrays((2, 3, data.draw(st.integers(3, 8)), data.draw(st.integers(3, 8))), 0.1, 2.0))
    if norm_type in (1, 2):  # signs too where the result is well-conditioned (a cube root of a sum of cubes that
        # nearly cancel turns float32 rounding into 1e-2; x^1.5 of a negative is NaN)
        x = x * np.where(data.draw(arrays(x.shape)) > 0, 1.0, -1.0)
    assert_parity(lambda lib, t: F(lib).lp_pool2d(t, norm_type, kernel, stride, ceil_mode), x, dtype=dtype,
                  kind="reduction")
    assert_parity(lambda lib, t: lib.nn.LPPool2d(norm_type, kernel, stride, ceil_mode)(t), x, dtype=dtype,
                  kind="reduction")


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
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    assert_parity(lambda lib, t: getattr(lib.nn, name)((1, 2) if name.endswith("1d") else (1, 0, 2, 1), 3.5)(t), x)
    assert repr(getattr(mt.nn, name)(2, 3.5)) == repr(getattr(torch.nn, name)(2, 3.5))


def test_the_with_indices_names_return_values_and_indices():
    x = mt.tensor(np.random.default_rng(0).standard_normal((1, 2, 5, 5)))
    values, indices = mt.nn.functional.max_pool2d_with_indices(x, 2)
    np.testing.assert_array_equal(indices.numpy(), mt.nn.functional.max_pool2d(x, 2, return_indices=True)[1].numpy())
    values, indices = mt.nn.functional.adaptive_max_pool2d_with_indices(x, 3)
    expected = torch.nn.functional.adaptive_max_pool2d(torch.tensor(x.numpy()), 3, return_indices=True)
    np.testing.assert_array_equal(values.numpy(), expected[0].numpy())
    np.testing.assert_array_equal(indices.numpy(), expected[1].numpy())


def test_errors_name_the_values():
    F_ = mt.nn.functional
    x = mt.zeros(1, 2, 4, 4)
    with pytest.raises(RuntimeError, match=r"Only 3D or 4D input Tensors are supported \(got 2D\)"):
        F_.unfold(mt.zeros(4, 4), 2)
    with pytest.raises(RuntimeError, match=r"Given input with spatial size \(4, 4\), kernel_size=\(5, 5\), "
                                           r"dilation=\(1, 1\), padding=\(0, 0\), calculated shape of the array of "
                                           r"sliding blocks as \(0, 0\)"):
        F_.unfold(x, 5)
    with pytest.raises(RuntimeError, match="stride should be greater than zero, but got stride_height: 0"):
        F_.unfold(x, 2, stride=0)
    with pytest.raises(RuntimeError, match=r"divisible by the product of kernel_size, but got input.size\(1\)=7"):
        F_.fold(mt.zeros(1, 7, 9), (4, 4), 2)
    with pytest.raises(RuntimeError, match=r"calculated number of sliding blocks 3 \* 3 = 9, but got "
                                           r"input.size\(2\)=8"):
        F_.fold(mt.zeros(1, 8, 8), (4, 4), 2)
    pooled, indices = F_.max_pool2d(x, 2, return_indices=True)
    with pytest.raises(RuntimeError, match=r"Found an invalid max index: 1\d\d \(output volumes are of size "
                                           r"4x4\)"):
        F_.max_unpool2d(pooled, indices + 100, 2)
    with pytest.raises(RuntimeError, match="elements in indices should be type int64 but got: float32"):
        F_.max_unpool2d(pooled, indices.float(), 2)
    with pytest.raises(RuntimeError, match=r"Expected shape of indices to be same as that of the input tensor"):
        F_.max_unpool2d(pooled, indices[0], 2)
    with pytest.raises(ValueError, match=r'invalid output_size "\(6, 5\)" \(dim 0 must be between 2 and 6\)'):
        F_.max_unpool2d(pooled, indices, 2, output_size=(6, 5))
    with pytest.raises(ValueError, match="ZeroPad2d: padding must be an int or a tuple of 4 ints"):
        mt.nn.ZeroPad2d((1, 2))
