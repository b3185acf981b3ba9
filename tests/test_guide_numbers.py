"""The course guides' numbers, computed with minitorch_es tensor operations."""

import numpy as np
import pytest

import minitorch_es as mt

GUIDE_004_LOGITS = [[2.0, 0.5, 0.1, -1.2], [0.2, 1.5, -0.5, 0.0], [-1.0, 0.0, 0.2, 2.0]]
GUIDE_004_LABELS = [2, 0, 3]


def test_guide_000_softmax_and_cross_entropy():
    logits = mt.tensor([[1.0, 2.0, 0.1]], requires_grad=True)
    np.testing.assert_allclose(mt.softmax(logits, dim=1).detach().numpy(), [[0.2424, 0.6590, 0.0986]], atol=5e-5)
    loss = -mt.log_softmax(logits, dim=1)[0, 1]
    assert f"{loss.item():.4f}" == "0.4170"
    assert repr(mt.softmax(logits, dim=1).detach()) == "tensor([[0.2424, 0.6590, 0.0986]])"


def test_guide_001_cross_entropy_and_nll_examples():
    assert round(-mt.log(mt.tensor(0.7)).item(), 3) == 0.357
    log_probabilities = mt.tensor([-1.61, -0.3567, -2.30])
    assert -log_probabilities[1].item() == pytest.approx(0.3567)


def test_guide_004_batch_cross_entropy_and_gradient():
    logits = mt.tensor(GUIDE_004_LOGITS, requires_grad=True)
    labels = mt.tensor(GUIDE_004_LABELS)
    per_sample = -mt.log_softmax(logits, dim=1)[mt.arange(3), labels]
    # The guide rounds intermediate values by hand (p = 0.1059 for 1.1052 / 10.4440 = 0.10582), so its
    # per-sample losses agree to about 1e-3; the batch mean agrees to the 3 decimals it prints.
    np.testing.assert_allclose(per_sample.detach().numpy(), [2.245, 1.790, 0.301], atol=1.5e-3)
    loss = per_sample.mean()
    assert f"{loss.item():.3f}" == "1.445"
    loss.backward()
    guide_gradients = [[0.7074, 0.1579, -0.8941, 0.0288], [-0.8329, 0.6134, 0.0830, 0.1365],
                       [0.0369, 0.1002, 0.1224, -0.2595]]
    np.testing.assert_allclose(logits.grad.numpy() * 3, guide_gradients, atol=5e-4)
    one_hot = np.eye(4)[GUIDE_004_LABELS]
    p = mt.softmax(logits, dim=1).detach().numpy()
    np.testing.assert_allclose(logits.grad.numpy(), (p - one_hot) / 3, rtol=1e-6, atol=1e-7)


def test_guide_002_regression_losses():
    output1 = mt.tensor([1.0, 2.0, 3.0, 4.0])
    output2 = mt.tensor([0.5, 1.5, 2.5, 3.5])
    target = mt.tensor([0.8, 1.7, 2.9, 3.8])
    mse = mt.mean((output1 - target) ** 2) + mt.mean(mt.pow(output2 - target, 2))
    assert mse.item() == pytest.approx(0.14, abs=1e-6)
    l1 = (output1 - target).abs().mean() + (output2 - target).abs().mean()
    assert l1.item() == pytest.approx(0.5, abs=1e-6)
    mbe = (mt.mean(output1 - target) + mt.mean(output2 - target)).item() / 2
    assert mbe == pytest.approx(-0.05, abs=1e-6)
    sum_of_absolute_errors = (output1 - target).abs().sum() + (output2 - target).abs().sum()
    assert sum_of_absolute_errors.item() == pytest.approx(2.0, abs=1e-6)


def test_guide_002_svm_loss():
    predictions = mt.tensor([0.85, 0.12, 0.08, 0.01, 0, 0, 0.23, 0, 0.4, 0.2])
    targets = mt.tensor([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    loss = mt.mean(mt.max(mt.zeros_like(targets), 1 - targets * predictions))
    assert loss.item() == pytest.approx(0.915, abs=1e-6)
