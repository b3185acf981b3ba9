"""The factories that take a tensor's dtype (``x.new_zeros(...)`` and friends) against PyTorch: values, dtypes,
shapes, and PyTorch's errors for bad sizes (the same checks as ``zeros``)."""

import numpy as np
import pytest
import torch

import minitorch_es as mt


@pytest.mark.parametrize("call", [
    lambda lib: lib.tensor([1, 2]).new_zeros(2, 3),
    lambda lib: lib.tensor([1.0]).new_ones((2,), dtype=lib.float64),
    lambda lib: lib.tensor([1, 2]).new_full((3,), 1.5),
    lambda lib: lib.tensor([1, 2]).new_tensor([1.5, 2.7]),
    lambda lib: lib.tensor([1.0]).new_empty(2).zero_(),
    lambda lib: lib.tensor([1.0]).new_zeros(lib.Size([2, 1])),
    lambda lib: lib.zeros(lib.tensor(3)),
])
def test_new_factories_match_pytorch(call):
    ours, theirs = call(mt), call(torch)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("call, error, message", [
    (lambda lib: lib.ones(1).new_zeros(-1), RuntimeError, r"Trying to create tensor with negative dimension -1"),
    (lambda lib: lib.ones(1).new_full((-2,), 1.0), RuntimeError, "negative dimension -2"),
    (lambda lib: lib.ones(-1), RuntimeError, r"Trying to create tensor with negative dimension -1: \[-1\]"),
    (lambda lib: lib.zeros(2.5), TypeError, r"zeros\(\): argument 'size' \(position 1\) must be tuple of ints"),
    (lambda lib: lib.zeros(2, 2.5), TypeError, "must be tuple of ints,but got float"),
    (lambda lib: lib.ones("a"), TypeError, "must be tuple of ints, not str"),
    (lambda lib: lib.zeros(True), TypeError, "must be tuple of ints, not bool"),
])
def test_bad_sizes_raise_pytorchs_errors(call, error, message):
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error, match=message):
        call(mt)
