"""The loss modules against PyTorch's (each calls its function with its options; the functions, every option,
are in the op table: tests/op_table/losses.py), the guides' own losses against their formula, and the guides'
numbers."""

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


LABELS = np.array([1.0, -1.0, 1.0, -1.0, 1.0, 1.0])
MODULES = [  # (the module, its arguments, the function it calls with them, the inputs)
    ("CrossEntropyLoss", dict(ignore_index=1, reduction="sum", label_smoothing=0.2), "cross_entropy",
     lambda rng: (rng.standard_normal((4, 3)), Constant(np.array([0, 1, 2, 2])))),
    ("CrossEntropyLoss", dict(weight="classes"), "cross_entropy",
     lambda rng: (rng.standard_normal((4, 3)), Constant(np.array([0, 1, 2, 2])))),
    ("NLLLoss", dict(reduction="none"), "nll_loss", lambda rng: (rng.standard_normal((4, 3)),
                                                                 Constant(np.array([0, 1, 2, 2])))),
    ("BCELoss", dict(reduction="sum"), "binary_cross_entropy", lambda rng: (rng.uniform(0.1, 0.9, 5),
                                                                            rng.uniform(0, 1, 5))),
    ("BCEWithLogitsLoss", dict(pos_weight="positive"), "binary_cross_entropy_with_logits",
     lambda rng: (rng.standard_normal(5), rng.uniform(0, 1, 5))),
    ("MSELoss", dict(reduction="sum"), "mse_loss", lambda rng: (rng.standard_normal(5), rng.standard_normal(5))),
    ("L1Loss", {}, "l1_loss", lambda rng: (rng.standard_normal(5), rng.standard_normal(5))),
    ("SmoothL1Loss", dict(beta=0.5), "smooth_l1_loss", lambda rng: (rng.standard_normal(5), rng.standard_normal(5))),
    ("HuberLoss", dict(delta=0.5), "huber_loss", lambda rng: (rng.standard_normal(5), rng.standard_normal(5))),
    ("MultiMarginLoss", dict(p=2, margin=0.5), "multi_margin_loss",
     lambda rng: (rng.standard_normal((4, 3)), Constant(np.array([0, 1, 2, 2])))),
    ("KLDivLoss", dict(reduction="batchmean", log_target=True), "kl_div",
     lambda rng: (np.log(rng.dirichlet(np.ones(3), 4)), np.log(rng.dirichlet(np.ones(3), 4)))),
    ("HingeEmbeddingLoss", dict(margin=0.5), "hinge_embedding_loss",
     lambda rng: (rng.standard_normal(6), Constant(LABELS, in_tested_dtype=True))),
    ("MarginRankingLoss", dict(margin=0.5), "margin_ranking_loss",
     lambda rng: (rng.standard_normal(6), rng.standard_normal(6), Constant(LABELS, in_tested_dtype=True))),
    ("SoftMarginLoss", dict(reduction="sum"), "soft_margin_loss",
     lambda rng: (rng.standard_normal(6), Constant(LABELS, in_tested_dtype=True))),
]


def _tensor_options(lib, options, dtype):
    """The options with the named weight tensors made (class weights, pos_weight), in the tested dtype."""
    made = {"classes": [0.5, 2.0, 1.5], "positive": [2.0, 0.5, 1.0, 1.0, 3.0]}
    key = "weight" if "weight" in options else "pos_weight" if "pos_weight" in options else None
    if key is None:
        return options
    return {**options, key: lib.tensor(np.array(made[options[key]], dtype=dtype))}


@pytest.mark.parametrize("module, options, function, make_inputs", MODULES, ids=[m[0] for m in MODULES])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_loss_modules_call_their_function_with_their_options(module, options, function, make_inputs, dtype):
    """Each module against PyTorch's; its function is in the op table (tests/op_table/losses.py)."""
    inputs = make_inputs(np.random.default_rng(0))
    assert_parity(lambda lib, *t: getattr(lib.nn, module)(**_tensor_options(lib, options, dtype))(*t), *inputs,
                  dtype=dtype, kind="loss")
    tensors = [mt.tensor(i.array.astype(dtype) if i.in_tested_dtype else i.array) if isinstance(i, Constant)
               else mt.tensor(i.astype(dtype)) for i in inputs]
    arguments = _tensor_options(mt, options, dtype)
    np.testing.assert_array_equal(getattr(mt.nn, module)(**arguments)(*tensors).numpy(),
                                  getattr(mt.nn.functional, function)(*tensors, **arguments).numpy())


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


def test_mse_warns_when_shapes_broadcast():
    with pytest.warns(UserWarning, match="Using a target size"):
        nn.MSELoss()(mt.zeros(3, 1), mt.zeros(3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch_value = torch.nn.MSELoss()(torch.ones(3), torch.zeros(3)).item()
        assert nn.MSELoss()(mt.ones(3), mt.zeros(3)).item() == torch_value
