"""Bad input is a clear error in PyTorch's style: its type, and a message naming what was wrong."""

import numpy as np
import pytest
import torch

import minitorch_es as mt


def _raises_like_torch(expression, error, pattern):
    """Both libraries refuse ``expression`` with ``error``; ours says ``pattern``."""
    with pytest.raises(error, match=pattern):
        expression(mt)
    with pytest.raises(error):
        expression(torch)


def test_broadcasting_mismatch_names_both_sizes_and_shapes():
    _raises_like_torch(lambda lib: lib.ones(2, 3) + lib.ones(4), RuntimeError,
                       r"The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton "
                       r"dimension 1 \(shapes \[2, 3\] and \[4\]\)")
    _raises_like_torch(lambda lib: lib.maximum(lib.ones(2, 3), lib.ones(3, 2)), RuntimeError, r"\[2, 3\] and \[3, 2\]")


def test_matmul_mismatch_names_both_shapes():
    _raises_like_torch(lambda lib: lib.ones(2, 3) @ lib.ones(4, 5), RuntimeError,
                       r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\)")
    _raises_like_torch(lambda lib: lib.ones(3) @ lib.ones(4), RuntimeError,
                       r"inconsistent tensor size, expected tensor \[3\] and src \[4\]")
    _raises_like_torch(lambda lib: lib.ones(2, 2, 3) @ lib.ones(3, 3, 4), RuntimeError,
                       r"batch dimensions \[2\] and \[3\]")
    _raises_like_torch(lambda lib: lib.matmul(lib.tensor(1.0), lib.ones(2)), RuntimeError, "at least 1D")


def test_matmul_refuses_mixed_dtypes():
    _raises_like_torch(lambda lib: lib.ones(2, 2) @ lib.ones(2, 2, dtype=lib.float64), RuntimeError,
                       "expected m1 and m2 to have the same dtype, but got: float != double")


def test_reshape_and_view_errors():
    _raises_like_torch(lambda lib: lib.ones(6).reshape(4, 2), RuntimeError,
                       r"shape '\[4, 2\]' is invalid for input of size 6")
    _raises_like_torch(lambda lib: lib.ones(6).view(-1, -1), RuntimeError, "only one dimension can be inferred")
    _raises_like_torch(lambda lib: lib.ones(2, 3).t().view(6), RuntimeError, "view size is not compatible")


def test_dimension_out_of_range():
    _raises_like_torch(lambda lib: lib.ones(2, 3).sum(dim=2), IndexError,
                       r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)")
    _raises_like_torch(lambda lib: lib.ones(2, 3).softmax(dim=-3), IndexError, "Dimension out of range")


def test_index_out_of_range():
    _raises_like_torch(lambda lib: lib.ones(2, 3)[5], IndexError, "index 5 is out of bounds for axis 0 with size 2")
    _raises_like_torch(lambda lib: lib.ones(2, 3)[:, lib.tensor([0, 3])], IndexError, "index 3 is out of bounds")
    _raises_like_torch(lambda lib: lib.ones(3)[lib.tensor([0.0])], IndexError,
                       "tensors used as indices must be long, int, byte or bool tensors")


def test_mean_of_integers_is_refused():
    _raises_like_torch(lambda lib: lib.tensor([1, 2]).mean(), RuntimeError,
                       "mean\\(\\): could not infer output dtype.*Got: Long")


def test_cat_and_stack_shape_errors():
    _raises_like_torch(lambda lib: lib.cat([lib.ones(2, 3), lib.ones(2, 4)], dim=0), RuntimeError,
                       r"Sizes of tensors must match except in dimension 0. Expected size \[2, 3\] but got size "
                       r"\[2, 4\] for tensor number 1")
    _raises_like_torch(lambda lib: lib.stack([lib.ones(2), lib.ones(3)]), RuntimeError,
                       r"stack expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at entry 1")


def test_expand_errors():
    _raises_like_torch(lambda lib: lib.ones(2, 3).expand(4, 3), RuntimeError,
                       r"The expanded size of the tensor \(4\) must match the existing size \(2\) at non-singleton "
                       r"dimension 0")


def test_bool_negation_and_subtraction():
    _raises_like_torch(lambda lib: -lib.tensor([True]), RuntimeError, "Negation, the `-` operator, on a bool tensor")
    _raises_like_torch(lambda lib: lib.tensor([1]) ** -1, RuntimeError,
                       "Integers to negative integer powers are not allowed")


def test_unsupported_numpy_dtype():
    with pytest.raises(TypeError, match="can't convert np.ndarray of type complex128"):
        mt.tensor(np.ones(2, dtype=np.complex128))


def test_non_finite_values_stay_non_finite():
    x = mt.tensor([0.0, -1.0, 1.0])
    logs = x.log()
    assert logs[0].item() == float("-inf") and np.isnan(logs[1].item()) and logs[2].item() == 0.0
    assert np.isinf((mt.tensor([1.0]) / 0).item())
    assert np.isnan(mt.tensor([float("nan"), 1.0]).clamp(0, 1)[0].item())
    assert np.isnan(mt.relu(mt.tensor([float("nan")])).item())
    assert np.isnan(mt.tensor([float("nan"), 1.0]).max().item())
    assert np.isnan(mt.maximum(mt.tensor([float("nan")]), mt.tensor([1.0])).item())
    assert np.isinf(mt.tensor([1000.0]).exp().item())
