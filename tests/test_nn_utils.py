"""nn.utils against PyTorch: clipping by norm (every norm type) and by value, parameters as one vector."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import minitorch_es as mt


def twin_gradients(seed, dtype, scale):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (4,), (2, 2, 2)]
    grads = [(rng.standard_normal(s) * scale).astype(dtype) for s in shapes]
    ours, theirs = [], []
    for grad in grads:
        a, b = mt.zeros(grad.shape, dtype=mt.tensor(grad).dtype, requires_grad=True), torch.zeros(
            grad.shape, dtype=torch.tensor(grad).dtype, requires_grad=True)
        a.grad, b.grad = mt.tensor(grad.copy()), torch.tensor(grad.copy())
        ours.append(a)
        theirs.append(b)
    no_grad_ours, no_grad_theirs = mt.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)
    return ours + [no_grad_ours], theirs + [no_grad_theirs]


@given(seed=st.integers(0, 99), dtype=st.sampled_from([np.float32, np.float64]),
       scale=st.sampled_from([0.01, 1.0, 100.0]), max_norm=st.sampled_from([0.5, 1.0, 1e3]),
       norm_type=st.sampled_from([2.0, 1.0, 3, float("inf")]))
def test_clip_grad_norm(seed, dtype, scale, max_norm, norm_type):
    ours, theirs = twin_gradients(seed, dtype, scale)
    our_norm = mt.nn.utils.clip_grad_norm_(ours, max_norm, norm_type)
    their_norm = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    tolerance = {"rtol": 1e-12} if dtype == np.float64 else {"rtol": 1e-5}
    np.testing.assert_allclose(our_norm.item(), their_norm.item(), **tolerance)
    assert str(our_norm.dtype).split(".")[-1] == str(their_norm.dtype).split(".")[-1]
    for a, b in zip(ours[:-1], theirs[:-1]):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), **tolerance)
    assert ours[-1].grad is None


@given(seed=st.integers(0, 99), clip=st.sampled_from([0.1, 1.0]))
def test_clip_grad_value(seed, clip):
    ours, theirs = twin_gradients(seed, np.float32, 1.0)
    mt.nn.utils.clip_grad_value_(ours, clip)
    torch.nn.utils.clip_grad_value_(theirs, clip)
    for a, b in zip(ours[:-1], theirs[:-1]):
        np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())


def test_non_finite_norm_and_vectors():
    for lib in (mt, torch):
        weight = lib.zeros(2, requires_grad=True)
        weight.grad = lib.tensor([float("inf"), 1.0])
        with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
            lib.nn.utils.clip_grad_norm_([weight], 1.0, error_if_nonfinite=True)
        model = lib.nn.Linear(3, 2)
        vector = lib.nn.utils.parameters_to_vector(model.parameters())
        assert tuple(vector.shape) == (8,)
        lib.nn.utils.vector_to_parameters(lib.arange(8.0), model.parameters())
        assert model.weight.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]] and model.bias.tolist() == [6.0, 7.0]
