"""What the op table (tests/op_table) cannot say by comparing with PyTorch: results checked against their formula
where PyTorch's differ on purpose or depend on its version, views that share memory, in-place forms, warnings, and
the errors of what PyTorch has and minitorch_es does not."""

import numpy as np
import pytest
import torch

import minitorch_es as mt


def test_clamp_gives_the_minimum_norm_subgradient_at_its_bounds():
    """0 at a bound, as PyTorch 2.14 (2.11 and earlier passed g there; the table compares with whichever runs)."""
    x = mt.tensor([-1.0, 0.0, 1.0, 2.0], requires_grad=True)
    mt.clamp(x, -1.0, 1.0).backward(mt.tensor([3.0, 5.0, 7.0, 11.0]))
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 5.0, 0.0, 0.0])


def test_trace_sends_its_gradient_to_the_diagonal_of_any_matrix():
    """PyTorch 2.11 sent it to the wrong entries of non-square matrices (2.14 does not)."""
    for shape in [(2, 3), (3, 2), (3, 3)]:
        t = mt.tensor(np.random.default_rng(0).standard_normal(shape), requires_grad=True)
        mt.trace(t).backward()
        np.testing.assert_array_equal(t.grad.numpy(), np.eye(*shape))


def test_logcumsumexp_of_minus_infinity_and_huge_values():
    """No overflow or underflow between 1 and 1000; the gradient to an entry of -inf is 0 (PyTorch's is NaN)."""
    x, g = np.array([-np.inf, -np.inf, 1.0, 1000.0, 1000.0, -3.0]), np.array([1.0, 2.0, 3.0, -1.0, 0.5, 2.0])
    results = []
    for lib in (mt, torch):
        t = lib.tensor(x, requires_grad=True)
        y = lib.logcumsumexp(t, 0)
        y.backward(lib.tensor(g))
        results.append((y.detach().numpy(), t.grad.numpy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12)
    np.testing.assert_allclose(results[0][1][2:], results[1][1][2:], rtol=1e-12)
    np.testing.assert_array_equal(results[0][1][:2], [0.0, 0.0])


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


def test_unsupported_numpy_dtype():
    with pytest.raises(TypeError, match="can't convert np.ndarray of type complex128"):
        mt.tensor(np.ones(2, dtype=np.complex128))


def test_view_shares_memory_and_refuses_incompatible_strides():
    x = mt.arange(6.0).reshape(2, 3)
    v = x.view(3, 2)
    v[0, 0] = 100.0
    assert x[0, 0].item() == 100.0
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        x.t().view(6)
    assert x.t().reshape(6).tolist() == [100.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    assert not x.t().is_contiguous() and x.t().contiguous().is_contiguous()


def test_in_place_scatter_forms_write_into_the_tensor():
    t = mt.zeros(2, 3)
    assert t.scatter_(1, mt.tensor([[1], [0]]), 5.0) is t
    np.testing.assert_array_equal(t.numpy(), [[0, 5, 0], [5, 0, 0]])
    t.scatter_add_(0, mt.tensor([[1, 1, 1]]), mt.ones(1, 3))
    t.index_add_(1, mt.tensor([2]), mt.ones(2, 1), alpha=3)
    np.testing.assert_array_equal(t.numpy(), [[0, 5, 3], [6, 1, 4]])


def test_in_place_masked_fill_matches_pytorch_and_is_refused_on_a_leaf_that_requires_grad():
    values = [[1.0, 0.0, -2.0], [0.0, 0.0, 3.0]]
    results = [lib.tensor(values).masked_fill_(lib.tensor([True, False, True]), -9.0).numpy() for lib in (mt, torch)]
    np.testing.assert_array_equal(*results)
    x = mt.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        x.masked_fill_(mt.tensor([True, False]), 0.0)


def test_meshgrid_warns_without_indexing_as_pytorch():
    with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
        grid = mt.meshgrid(mt.arange(2), mt.arange(3))
    assert tuple(grid[0].shape) == (2, 3)


def test_matrix_norms_that_need_singular_values_say_so():
    with pytest.raises(NotImplementedError, match="needs singular values"):
        mt.linalg.matrix_norm(mt.ones(2, 2), ord="nuc")
