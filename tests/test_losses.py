"""Parity of every loss with PyTorch, for every option, float64 and float32: value and every input's gradient."""

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import Constant, assert_parity
from strategies import FLOAT_DTYPES, arrays

import minitorch_es as mt
from minitorch_es import nn

REDUCTION = st.sampled_from(["mean", "sum", "none"])


def F(lib):
    return lib.nn.functional


@st.composite
def classification_case(draw, max_extra_dims=2):
    """Scores of shape (N, C, d1, ...) or (C,), integer targets, and an index to ignore (or none)."""
    classes = draw(st.integers(2, 5))
    extra = tuple(draw(st.lists(st.integers(1, 3), max_size=max_extra_dims)))
    unbatched = draw(st.booleans()) and not extra
    batch = () if unbatched else (draw(st.integers(1, 4)),)
    scores = draw(arrays(batch + (classes,) + extra, -3, 3))
    target_shape = batch + extra
    targets = np.asarray(draw(st.lists(st.integers(0, classes - 1), min_size=int(np.prod(target_shape)),
                                       max_size=int(np.prod(target_shape))))).reshape(target_shape)
    ignore_index = draw(st.sampled_from([-100, 0, 1]))
    if ignore_index == -100 and targets.size and draw(st.booleans()):
        targets.reshape(-1)[0] = -100
    weight = draw(st.one_of(st.none(), arrays((classes,), 0.2, 2.0)))
    return scores, targets.astype(np.int64), ignore_index, weight


@given(case=classification_case(), dtype=FLOAT_DTYPES, reduction=REDUCTION,
       label_smoothing=st.sampled_from([0.0, 0.1, 0.35]))
def test_cross_entropy_with_class_indices(case, dtype, reduction, label_smoothing):
    scores, targets, ignore_index, weight = case
    options = dict(ignore_index=ignore_index, reduction=reduction, label_smoothing=label_smoothing)
    if (targets != ignore_index).sum() == 0 and reduction == "mean":
        return
    if weight is None:
        assert_parity(lambda lib, x, t: F(lib).cross_entropy(x, t, **options), scores, Constant(targets),
                      dtype=dtype, kind="loss")
        assert_parity(lambda lib, x, t: lib.nn.CrossEntropyLoss(**options)(x, t), scores, Constant(targets),
                      dtype=dtype, kind="loss")
    else:
        assert_parity(lambda lib, x, t, w: F(lib).cross_entropy(x, t, weight=w, **options), scores,
                      Constant(targets), Constant(weight.astype(dtype)), dtype=dtype, kind="loss")


@given(case=classification_case(), dtype=FLOAT_DTYPES, reduction=REDUCTION)
def test_nll_loss(case, dtype, reduction):
    scores, targets, ignore_index, weight = case
    if (targets != ignore_index).sum() == 0 and reduction == "mean":
        return
    log_probabilities = scores - np.log(np.exp(scores).sum(axis=0 if scores.ndim == 1 else 1, keepdims=True))
    weight_argument = () if weight is None else (Constant(weight.astype(dtype)),)
    assert_parity(lambda lib, x, t, *w: lib.nn.NLLLoss(*w, ignore_index=ignore_index, reduction=reduction)(x, t),
                  log_probabilities, Constant(targets), *weight_argument, dtype=dtype, kind="loss")


@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION, label_smoothing=st.sampled_from([0.0, 0.2]),
       weighted=st.booleans(), shape=st.sampled_from([(3, 4), (2, 3, 2), (4,)]))
def test_cross_entropy_with_probability_targets(data, dtype, reduction, label_smoothing, weighted, shape):
    scores = data.draw(arrays(shape))
    raw = data.draw(arrays(shape, 0.0, 1.0)) + 0.05
    probabilities = raw / raw.sum(axis=0 if len(shape) == 1 else 1, keepdims=True)
    classes = shape[0] if len(shape) == 1 else shape[1]
    weight = np.linspace(0.5, 1.5, classes)
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    if weighted:
        assert_parity(lambda lib, x, p, w: F(lib).cross_entropy(x, p, weight=w, **options), scores, probabilities,
                      Constant(weight.astype(dtype)), dtype=dtype, kind="loss")
    else:
        assert_parity(lambda lib, x, p: F(lib).cross_entropy(x, p, **options), scores, probabilities, dtype=dtype,
                      kind="loss")


@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION, weighted=st.booleans(),
       shape=st.sampled_from([(4,), (3, 2), (2, 3, 2)]))
def test_binary_cross_entropy(data, dtype, reduction, weighted, shape):
    probabilities = data.draw(arrays(shape, 0.02, 0.98))
    targets = data.draw(arrays(shape, 0.0, 1.0))
    if weighted:
        weight = data.draw(arrays(shape[-1:], 0.5, 2.0))
        assert_parity(lambda lib, x, y, w: lib.nn.BCELoss(weight=w, reduction=reduction)(x, y), probabilities,
                      targets, Constant(weight.astype(dtype)), dtype=dtype, kind="loss")
    else:
        assert_parity(lambda lib, x, y: F(lib).binary_cross_entropy(x, y, reduction=reduction), probabilities,
                      targets, dtype=dtype, kind="loss")


def test_binary_cross_entropy_clamps_logs_at_minus_100_and_keeps_gradients_finite():
    probabilities = np.array([0.0, 1.0, 0.0, 1.0, 0.5])
    targets = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    ours, _ = assert_parity(lambda lib, x, y: F(lib).binary_cross_entropy(x, y, reduction="none"), probabilities,
                            targets)
    assert ours.detach().numpy()[:2].tolist() == [100.0, 100.0]


@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION, weighted=st.booleans(), positive=st.booleans(),
       shape=st.sampled_from([(5,), (3, 2), (2, 3, 2)]))
def test_binary_cross_entropy_with_logits(data, dtype, reduction, weighted, positive, shape):
    logits = data.draw(arrays(shape, -20, 20))
    targets = data.draw(arrays(shape, 0.0, 1.0))
    weight = Constant(data.draw(arrays(shape[-1:], 0.5, 2.0)).astype(dtype))
    pos_weight = Constant(data.draw(arrays(shape[-1:], 0.5, 3.0)).astype(dtype))

    def loss(lib, x, y, w, q):
        return lib.nn.BCEWithLogitsLoss(weight=w if weighted else None, pos_weight=q if positive else None,
                                        reduction=reduction)(x, y)

    assert_parity(loss, logits, targets, weight, pos_weight, dtype=dtype, kind="loss")


def test_binary_cross_entropy_with_logits_is_stable_for_huge_logits():
    logits = np.array([-1000.0, -100.0, 100.0, 1000.0])
    targets = np.array([1.0, 0.0, 1.0, 0.0])
    ours, _ = assert_parity(lambda lib, x, y: F(lib).binary_cross_entropy_with_logits(x, y, reduction="none"),
                            logits, targets)
    np.testing.assert_allclose(ours.detach().numpy(), [1000.0, 0.0, 0.0, 1000.0], atol=1e-30)
    assert_parity(lambda lib, x, y: F(lib).binary_cross_entropy_with_logits(x, y), logits, targets, dtype=np.float32,
                  kind="loss")


REGRESSION = {
    "mse": (lambda lib, options: lib.nn.MSELoss(**options), {}),
    "l1": (lambda lib, options: lib.nn.L1Loss(**options), {}),
    "smooth_l1": (lambda lib, options: lib.nn.SmoothL1Loss(**options), {"beta": [0.0, 0.5, 1.0, 2.0]}),
    "huber": (lambda lib, options: lib.nn.HuberLoss(**options), {"delta": [0.5, 1.0, 2.0]}),
}


@pytest.mark.parametrize("name", REGRESSION)
@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION)
def test_regression_losses(name, data, dtype, reduction):
    make, choices = REGRESSION[name]
    options = {key: data.draw(st.sampled_from(values)) for key, values in choices.items()}
    shape = data.draw(st.sampled_from([(5,), (3, 4), (2, 2, 3)]))
    prediction, target = data.draw(arrays(shape, -3, 3)), data.draw(arrays(shape, -3, 3))
    difference = prediction - target
    kink = options.get("beta", options.get("delta", 0.0))
    difference = np.where(np.abs(np.abs(difference) - kink) < 1e-3, difference + 0.01, difference)
    difference = np.where(np.abs(difference) < 1e-3, 0.01, difference)
    assert_parity(lambda lib, x, y: make(lib, dict(options, reduction=reduction))(x, y), target + difference, target,
                  dtype=dtype, kind="loss")


@pytest.mark.filterwarnings("ignore:Using a target size")
@pytest.mark.parametrize("name", REGRESSION)
@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION,
       shapes=st.sampled_from([((3, 4), (4,)), ((3, 4), (3, 1)), ((3, 1), (1, 4)), ((2, 3), (2, 2, 3))]))
def test_regression_losses_broadcast_input_and_target_as_pytorch(name, data, dtype, reduction, shapes):
    """Shapes that differ broadcast (with PyTorch's warning); each gradient sums back to its own shape."""
    make, choices = REGRESSION[name]
    options = {key: data.draw(st.sampled_from(values)) for key, values in choices.items()}
    prediction, target = data.draw(arrays(shapes[0], -3, 3)), data.draw(arrays(shapes[1], -3, 3))
    assert_parity(lambda lib, x, y: make(lib, dict(options, reduction=reduction))(x, y), prediction, target,
                  dtype=dtype, kind="loss")


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
@pytest.mark.parametrize("weighted", [False, True])
def test_mean_over_no_target_at_all_is_nan_with_a_zero_gradient(label_smoothing, weighted):
    """Every target ignored: PyTorch's mean is 0 / 0 = NaN, and the gradient is zeros (a training step then changes
    nothing), not NaN."""
    scores = np.random.default_rng(0).standard_normal((2, 3, 2))
    targets = np.full((2, 2), 1, dtype=np.int64)
    weight = np.array([0.5, 2.0, 1.5]) if weighted else None
    for lib in (torch, mt):
        x = lib.tensor(scores, requires_grad=True)
        w = None if weight is None else lib.tensor(weight)
        loss = F(lib).cross_entropy(x, lib.tensor(targets), weight=w, ignore_index=1, label_smoothing=label_smoothing)
        loss.backward()
        assert np.isnan(loss.item())
        np.testing.assert_array_equal(x.grad.numpy(), np.zeros_like(scores))
        x = lib.tensor(scores, requires_grad=True)
        loss = F(lib).nll_loss(x, lib.tensor(targets), weight=w, ignore_index=1)
        loss.backward()
        assert np.isnan(loss.item())
        np.testing.assert_array_equal(x.grad.numpy(), np.zeros_like(scores))


@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION, p=st.sampled_from([1, 2]),
       margin=st.sampled_from([1.0, 0.5]), weighted=st.booleans(), unbatched=st.booleans())
def test_multi_margin_loss(data, dtype, reduction, p, margin, weighted, unbatched):
    classes = data.draw(st.integers(2, 5))
    batch = data.draw(st.integers(1, 4))
    scores = data.draw(arrays((classes,) if unbatched else (batch, classes), -2, 2))
    targets = np.asarray(data.draw(st.lists(st.integers(0, classes - 1), min_size=batch, max_size=batch)))
    targets = targets[0] if unbatched else targets
    weight = Constant(np.linspace(0.5, 2.0, classes).astype(dtype))

    def loss(lib, x, t, w):
        return lib.nn.MultiMarginLoss(p=p, margin=margin, weight=w if weighted else None, reduction=reduction)(x, t)

    scores = scores + 1e-3 * np.arange(scores.size).reshape(scores.shape)
    assert_parity(loss, scores, Constant(targets), weight, dtype=dtype, kind="loss")


@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides")
@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=st.sampled_from(["mean", "sum", "none", "batchmean"]),
       log_target=st.booleans())
def test_kl_div(data, dtype, reduction, log_target):
    shape = data.draw(st.sampled_from([(3, 4), (2, 5)]))
    log_q = data.draw(arrays(shape, -3, 3))
    log_q = log_q - np.log(np.exp(log_q).sum(axis=1, keepdims=True))
    raw = data.draw(arrays(shape, 0.05, 1.0))
    p = raw / raw.sum(axis=1, keepdims=True)
    target = np.log(p) if log_target else p
    assert_parity(lambda lib, x, y: lib.nn.KLDivLoss(reduction=reduction, log_target=log_target)(x, y), log_q, target,
                  dtype=dtype, kind="loss")


def test_kl_div_treats_zero_target_probability_as_zero_loss():
    log_q = np.log(np.array([[0.5, 0.25, 0.25]]))
    assert_parity(lambda lib, x, y: F(lib).kl_div(x, y, reduction="sum"), log_q, Constant(np.array([[0.0, 0.5, 0.5]])))


@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION)
def test_mean_bias_error_and_hinge_against_their_formulas(data, dtype, reduction):
    prediction = data.draw(arrays((6,), -2, 2))
    target = data.draw(arrays((6,), -1, 1))
    reduce = {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction]
    x = mt.tensor(prediction.astype(dtype), requires_grad=True)
    y = mt.tensor(target.astype(dtype))
    mbe = nn.MeanBiasError(reduction=reduction)(x, y)
    np.testing.assert_allclose(mbe.detach().numpy(), reduce(prediction - target), rtol=1e-5, atol=1e-6)
    mbe.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(6, 1 / 6 if reduction == "mean" else 1.0), rtol=1e-6)
    x.grad = None
    margins = 1 - target * prediction
    margins = np.where(np.abs(margins) < 1e-3, 0.01, margins)
    prediction = np.where(target != 0, (1 - margins) / np.where(target != 0, target, 1), prediction)
    x = mt.tensor(prediction.astype(dtype), requires_grad=True)
    hinge = nn.HingeLoss(reduction=reduction)(x, y)
    np.testing.assert_allclose(hinge.detach().numpy(), reduce(np.maximum(0, 1 - target * prediction)), rtol=1e-4,
                               atol=1e-5)
    hinge.sum().backward()
    scale = 1 / 6 if reduction == "mean" else 1.0
    expected = np.where(1 - target * prediction > 0, -target * scale, 0.0)
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-4, atol=1e-6)


# ---- the guides' numbers -----------------------------------------------------------------------------------


def test_guide_cross_entropy_examples():
    assert f"{nn.CrossEntropyLoss()(mt.tensor([[1.0, 2.0, 0.1]]), mt.tensor([1])).item():.4f}" == "0.4170"
    logits = mt.tensor([[2.0, 0.5, 0.1, -1.2], [0.2, 1.5, -0.5, 0.0], [-1.0, 0.0, 0.2, 2.0]], requires_grad=True)
    labels = mt.tensor([2, 0, 3])
    loss = nn.CrossEntropyLoss()(logits, labels)
    assert f"{loss.item():.3f}" == "1.445"
    loss.backward()
    p = mt.softmax(logits, dim=1).detach().numpy()
    np.testing.assert_allclose(logits.grad.numpy(), (p - np.eye(4)[[2, 0, 3]]) / 3, rtol=1e-6, atol=1e-7)
    per_sample = F(mt).cross_entropy(logits, labels, reduction="none")
    np.testing.assert_allclose(per_sample.detach().numpy(), [2.245, 1.790, 0.301], atol=1.5e-3)


def test_guide_nll_example():
    log_probabilities = mt.tensor([[-1.61, -0.3567, -2.30]])
    assert nn.NLLLoss()(log_probabilities, mt.tensor([1])).item() == pytest.approx(0.3567)


def test_guide_regression_examples():
    output1 = mt.tensor([1.0, 2.0, 3.0, 4.0])
    output2 = mt.tensor([0.5, 1.5, 2.5, 3.5])
    target = mt.tensor([0.8, 1.7, 2.9, 3.8])
    mse, l1 = nn.MSELoss(), nn.L1Loss()
    assert (mse(output1, target) + mse(output2, target)).item() == pytest.approx(0.14, abs=1e-6)
    assert (l1(output1, target) + l1(output2, target)).item() == pytest.approx(0.5, abs=1e-6)
    sum_of_absolute_errors = nn.L1Loss(reduction="sum")
    assert (sum_of_absolute_errors(output1, target) + sum_of_absolute_errors(output2, target)).item() == \
        pytest.approx(2.0, abs=1e-6)
    mbe = nn.MeanBiasError()
    assert ((mbe(output1, target) + mbe(output2, target)) / 2).item() == pytest.approx(-0.05, abs=1e-6)


def test_guide_svm_example():
    predictions = mt.tensor([0.85, 0.12, 0.08, 0.01, 0, 0, 0.23, 0, 0.4, 0.2])
    targets = mt.tensor([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    assert nn.HingeLoss()(predictions, targets).item() == pytest.approx(0.915, abs=1e-6)


# ---- bad input ------------------------------------------------------------------------------------------------


def test_class_index_out_of_range_names_the_index_and_the_classes():
    with pytest.raises(IndexError, match=r"Target 5 is out of bounds: class indices must be in \[0, 2\] for 3 classes"):
        nn.CrossEntropyLoss()(mt.zeros(2, 3), mt.tensor([0, 5]))
    with pytest.raises(IndexError, match="Target -1 is out of bounds"):
        nn.NLLLoss()(mt.zeros(2, 3), mt.tensor([-1, 0]))


def test_float_targets_where_indices_are_required():
    with pytest.raises(RuntimeError, match="expected scalar type Long but found Float"):
        nn.NLLLoss()(mt.zeros(2, 3), mt.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match="Using a target size"):
        nn.CrossEntropyLoss()(mt.zeros(2, 3), mt.tensor([0.0, 1.0]))


def test_batch_size_mismatch():
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target batch_size \(2\)"):
        nn.CrossEntropyLoss()(mt.zeros(3, 4), mt.tensor([0, 1]))
    with pytest.raises(ValueError, match="Using a target size"):
        nn.BCELoss()(mt.full((3,), 0.5), mt.zeros(2))


def test_bce_refuses_inputs_outside_zero_one():
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        nn.BCELoss()(mt.tensor([1.5, 0.5]), mt.tensor([1.0, 0.0]))


def test_invalid_reduction():
    with pytest.raises(ValueError, match="sum_all is not a valid value for reduction"):
        nn.MSELoss(reduction="sum_all")(mt.zeros(2), mt.zeros(2))


def test_mse_warns_when_shapes_broadcast():
    with pytest.warns(UserWarning, match="Using a target size"):
        nn.MSELoss()(mt.zeros(3, 1), mt.zeros(3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch_value = torch.nn.MSELoss()(torch.ones(3), torch.zeros(3)).item()
        assert nn.MSELoss()(mt.ones(3), mt.zeros(3)).item() == torch_value


@given(data=st.data(), dtype=FLOAT_DTYPES, reduction=REDUCTION, margin=st.sampled_from([0.0, 0.5, 1.0]))
def test_margin_losses_for_labels_plus_minus_one(data, dtype, reduction, margin):
    shape = data.draw(st.sampled_from([(5,), (2, 3), ()]))
    x1, x2 = data.draw(arrays(shape, -3, 3)), data.draw(arrays(shape, -3, 3))
    labels = np.where(np.random.default_rng(data.draw(st.integers(0, 99))).random(shape) > 0.5, 1.0, -1.0)
    x1 = np.where(np.abs(margin - x1) < 1e-2, x1 + 0.05, x1)  # away from the hinge's kink
    x2 = np.where(np.abs(-labels * (x1 - x2) + margin) < 1e-2, x2 + 0.05, x2)
    assert_parity(lambda lib, x, y: lib.nn.HingeEmbeddingLoss(margin, reduction=reduction)(x, y), x1,
                  Constant(labels.astype(dtype)), dtype=dtype, kind="reduction", summed_terms=6)
    assert_parity(lambda lib, a, b, y: F(lib).margin_ranking_loss(a, b, y, margin, reduction=reduction), x1, x2,
                  Constant(labels.astype(dtype)), dtype=dtype, kind="reduction", summed_terms=6)
    assert_parity(lambda lib, x, y: lib.nn.SoftMarginLoss(reduction=reduction)(x, y), x1,
                  Constant(labels.astype(dtype)), dtype=dtype, kind="reduction", summed_terms=6)


def test_margin_losses_reject_bad_reductions_and_ranks():
    with pytest.raises(ValueError, match="bad is not a valid value for reduction"):
        mt.nn.functional.soft_margin_loss(mt.ones(2), mt.ones(2), reduction="bad")
    with pytest.raises(RuntimeError, match="All input tensors should have same dimension"):
        mt.nn.functional.margin_ranking_loss(mt.ones(2), mt.ones(2, 1), mt.ones(2))
