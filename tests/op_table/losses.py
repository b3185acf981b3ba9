"""Entries for ``nn/functional/loss.py`` (every loss of the guides and of PyTorch's list, every option) and the
Functions of ``ops/losses.py`` behind some of them."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays

from .op_info import ErrorCase, OpInfo, Sample, function
from .samples import fixed

FAMILY, FUNCTIONS = "nn/functional/loss.py", "ops/losses.py"
REDUCTION = st.sampled_from(["mean", "sum", "none"])
BROADCASTING = "Using a target size"


def _f(name):
    return function(f"nn.functional.{name}")


@st.composite
def _classification_case(draw, weighted: bool):
    """Scores of shape (N, C, d1, ...) or (C,), integer targets (one of them ignored, at times) and options."""
    classes = draw(st.integers(2, 5))
    extra = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
    unbatched = draw(st.booleans()) and not extra
    batch = () if unbatched else (draw(st.integers(1, 4)),)
    scores = draw(arrays(batch + (classes,) + extra, -3, 3))
    target_shape = batch + extra
    targets = np.asarray(draw(st.lists(st.integers(0, classes - 1), min_size=int(np.prod(target_shape)),
                                       max_size=int(np.prod(target_shape))))).reshape(target_shape).astype(np.int64)
    ignore_index = draw(st.sampled_from([-100, 0, 1]))
    if ignore_index == -100 and targets.size and draw(st.booleans()):
        targets.reshape(-1)[0] = -100
    reduction = draw(REDUCTION)
    if (targets != ignore_index).sum() == 0 and reduction == "mean":
        reduction = "sum"  # a mean over no target is NaN: tested on its own below
    inputs = (scores, Constant(targets))
    if weighted:
        inputs += (Constant(draw(arrays((classes,), 0.2, 2.0)), in_tested_dtype=True),)
    return Sample(inputs, {"ignore_index": ignore_index, "reduction": reduction})


def _cross_entropy(lib, scores, targets, weight=None, **options):
    return lib.nn.functional.cross_entropy(scores, targets, weight=weight, **options)


def _log_probabilities(sample):
    scores = sample.inputs[0]
    log_p = scores - np.log(np.exp(scores).sum(axis=0 if scores.ndim == 1 else 1, keepdims=True))
    return Sample((log_p,) + sample.inputs[1:], sample.options)


@st.composite
def _probability_targets(draw):
    shape = draw(st.sampled_from([(3, 4), (2, 3, 2), (4,)]))
    raw = draw(arrays(shape, 0.0, 1.0)) + 0.05
    probabilities = raw / raw.sum(axis=0 if len(shape) == 1 else 1, keepdims=True)
    classes = shape[0] if len(shape) == 1 else shape[1]
    weight = (Constant(np.linspace(0.5, 1.5, classes), in_tested_dtype=True),) if draw(st.booleans()) else ()
    return Sample((draw(arrays(shape)), probabilities) + weight,
                  {"reduction": draw(REDUCTION), "label_smoothing": draw(st.sampled_from([0.0, 0.2]))})


@st.composite
def _bce_case(draw, logits: bool):
    shape = draw(st.sampled_from([(5,), (3, 2), (2, 3, 2)]))
    x = draw(arrays(shape, -20, 20)) if logits else draw(arrays(shape, 0.02, 0.98))
    weights = (Constant(draw(arrays(shape[-1:], 0.5, 2.0)), in_tested_dtype=True),) if draw(st.booleans()) else (None,)
    inputs = (x, draw(arrays(shape, 0.0, 1.0)), *weights)
    options = {"reduction": draw(REDUCTION)}
    if logits and draw(st.booleans()):
        inputs += (Constant(draw(arrays(shape[-1:], 0.5, 3.0)), in_tested_dtype=True),)
    return Sample(tuple(i for i in inputs if i is not None), options)


def _bce(lib, x, y, weight=None, reduction="mean"):
    return lib.nn.functional.binary_cross_entropy(x, y, weight=weight, reduction=reduction)


def _bce_with_logits(lib, x, y, weight=None, pos_weight=None, reduction="mean"):
    return lib.nn.functional.binary_cross_entropy_with_logits(x, y, weight=weight, pos_weight=pos_weight,
                                                              reduction=reduction)


@st.composite
def _regression_case(draw, kink_option: str | None = None, broadcast: bool = False):
    options = {"reduction": draw(REDUCTION)}
    kink = 0.0
    if kink_option:
        kink = draw(st.sampled_from({"beta": [0.0, 0.5, 1.0, 2.0], "delta": [0.5, 1.0, 2.0]}[kink_option]))
        options[kink_option] = kink
    if broadcast:
        shapes = draw(st.sampled_from([((3, 4), (4,)), ((3, 4), (3, 1)), ((3, 1), (1, 4)), ((2, 3), (2, 2, 3))]))
        return Sample((draw(arrays(shapes[0], -3, 3)), draw(arrays(shapes[1], -3, 3))), options)
    shape = draw(st.sampled_from([(5,), (3, 4), (2, 2, 3)]))
    prediction, target = draw(arrays(shape, -3, 3)), draw(arrays(shape, -3, 3))
    difference = prediction - target
    difference = np.where(np.abs(np.abs(difference) - kink) < 1e-3, difference + 0.01, difference)
    difference = np.where(np.abs(difference) < 1e-3, 0.01, difference)
    return Sample((target + difference, target), options)


@st.composite
def _multi_margin_case(draw):
    classes, batch = draw(st.integers(2, 5)), draw(st.integers(1, 4))
    unbatched = draw(st.booleans())
    scores = draw(arrays((classes,) if unbatched else (batch, classes), -2, 2))
    scores = scores + 1e-3 * np.arange(scores.size).reshape(scores.shape)  # away from the hinges' ties
    targets = np.asarray(draw(st.lists(st.integers(0, classes - 1), min_size=batch, max_size=batch)))
    weight = (Constant(np.linspace(0.5, 2.0, classes), in_tested_dtype=True),) if draw(st.booleans()) else ()
    return Sample((scores, Constant(targets[0] if unbatched else targets)) + weight,
                  {"p": draw(st.sampled_from([1, 2])), "margin": draw(st.sampled_from([1.0, 0.5])),
                   "reduction": draw(REDUCTION)})


def _multi_margin(lib, x, target, weight=None, **options):
    return lib.nn.functional.multi_margin_loss(x, target, weight=weight, **options)


@st.composite
def _kl_case(draw):
    shape = draw(st.sampled_from([(3, 4), (2, 5)]))
    log_q = draw(arrays(shape, -3, 3))
    log_q = log_q - np.log(np.exp(log_q).sum(axis=1, keepdims=True))
    raw = draw(arrays(shape, 0.05, 1.0))
    p = raw / raw.sum(axis=1, keepdims=True)
    log_target = draw(st.booleans())
    return Sample((log_q, np.log(p) if log_target else p),
                  {"reduction": draw(st.sampled_from(["mean", "sum", "none", "batchmean"])), "log_target": log_target})


@st.composite
def _margin_case(draw, pair: bool):
    shape = draw(st.sampled_from([(5,), (2, 3), ()]))
    margin = draw(st.sampled_from([0.0, 0.5, 1.0]))
    x1, x2 = draw(arrays(shape, -3, 3)), draw(arrays(shape, -3, 3))
    labels = np.where(np.random.default_rng(draw(st.integers(0, 99))).random(shape) > 0.5, 1.0, -1.0)
    x1 = np.where(np.abs(margin - x1) < 1e-2, x1 + 0.05, x1)  # away from the hinge's kink
    x2 = np.where(np.abs(-labels * (x1 - x2) + margin) < 1e-2, x2 + 0.05, x2)
    labels = Constant(labels, in_tested_dtype=True)
    inputs = (x1, x2, labels) if pair else (x1, labels)
    return Sample(inputs, {"margin": margin, "reduction": draw(REDUCTION)}, 6)


@st.composite
def _plain_pair(draw, low=-2.0, high=2.0):
    shape = draw(st.sampled_from([(6,), (2, 3)]))
    return Sample((draw(arrays(shape, low, high)), draw(arrays(shape, -1, 1))), {"reduction": draw(REDUCTION)})


def _all_ignored(lib, scores, targets, weight=None, **options):
    return lib.nn.functional.cross_entropy(scores, targets, weight=weight, ignore_index=1, **options)


SCORES = np.random.default_rng(0).standard_normal((2, 3, 2))
ALL_IGNORED = Constant(np.full((2, 2), 1, dtype=np.int64))
CLASS_WEIGHTS = Constant(np.array([0.5, 2.0, 1.5]), in_tested_dtype=True)

OPS = [
    OpInfo("nn.functional.cross_entropy", _cross_entropy,
           st.tuples(_classification_case(weighted=False), st.sampled_from([0.0, 0.1, 0.35])).map(
               lambda c: Sample(c[0].inputs, {**c[0].options, "label_smoothing": c[1]})), FAMILY, kind="loss",
           examples=(fixed([[1.0, 2.0, 0.1]], Constant(np.array([1]))),),
           errors=(ErrorCase(lambda lib: lib.nn.functional.cross_entropy(lib.zeros(3, 4), lib.tensor([0, 1])),
                             ValueError, r"Expected input batch_size \(3\) to match target batch_size \(2\)"),
                   ErrorCase(lambda lib: lib.nn.functional.cross_entropy(lib.zeros(2, 3), lib.tensor([0, 5])),
                             IndexError, "Target 5 is out of bounds"),
                   ErrorCase(lambda lib: lib.nn.functional.cross_entropy(lib.zeros(2, 3), lib.tensor([0.0, 1.0])),
                             RuntimeError, "expected target dtype to be Long or Byte, but got Float"),
                   ErrorCase(lambda lib: lib.nn.functional.cross_entropy(lib.zeros(2, 3),
                                                                         lib.zeros(2, 3, dtype=lib.int64)),
                             RuntimeError,
                             "Expected floating point type for target with class probabilities, got Long"),
                   ErrorCase(lambda lib: lib.nn.functional.cross_entropy(lib.zeros(2, 3), lib.tensor([0, 1]),
                                                                         label_smoothing=1.5), RuntimeError,
                             "label_smoothing must be between 0.0 and 1.0"))),
    OpInfo("nn.functional.cross_entropy", _cross_entropy,
           st.tuples(_classification_case(weighted=True), st.sampled_from([0.0, 0.1, 0.35])).map(
               lambda c: Sample(c[0].inputs, {**c[0].options, "label_smoothing": c[1]})), FAMILY,
           variant="class_weights", kind="loss"),
    OpInfo("nn.functional.cross_entropy", _cross_entropy, _probability_targets(), FAMILY,
           variant="probability_targets", kind="loss"),
    # every target ignored: PyTorch's mean is 0 / 0 = NaN, and the gradient is zeros (a training step then changes
    # nothing), not NaN
    OpInfo("nn.functional.cross_entropy", _all_ignored,
           st.sampled_from([fixed(SCORES, ALL_IGNORED, label_smoothing=s) for s in (0.0, 0.3)]
                           + [fixed(SCORES, ALL_IGNORED, CLASS_WEIGHTS, label_smoothing=s) for s in (0.0, 0.3)]),
           FAMILY, variant="every_target_ignored", kind="loss",
           supports_double_backward=False, supports_forward_ad=False),  # 0/0: PyTorch's higher orders are NaN
           # where its first order is 0
    OpInfo("nn.functional.nll_loss", lambda lib, x, t, weight=None, **o: lib.nn.functional.nll_loss(x, t, weight,
                                                                                                     **o),
           st.booleans().flatmap(lambda w: _classification_case(weighted=w)).map(_log_probabilities), FAMILY,
           kind="loss", noncontiguous=False,  # PyTorch's backward of a non-contiguous (N, C, d) input fails
           examples=(fixed(SCORES, ALL_IGNORED, ignore_index=1),),
           errors=(ErrorCase(lambda lib: lib.nn.functional.nll_loss(lib.zeros(2, 3), lib.tensor([-1, 0])), IndexError,
                             "Target -1 is out of bounds"),
                   ErrorCase(lambda lib: lib.nn.functional.nll_loss(lib.zeros(2, 3), lib.tensor([0.0, 1.0])),
                             RuntimeError, "expected target dtype to be Long or Byte, but got Float"))),
    OpInfo("nn.functional.binary_cross_entropy", _bce, _bce_case(logits=False), FUNCTIONS, kind="loss",
           examples=(fixed([0.0, 1.0, 0.0, 1.0, 0.5], [1.0, 0.0, 0.0, 1.0, 1.0], reduction="none"),),
           errors=(ErrorCase(lambda lib: lib.nn.functional.binary_cross_entropy(lib.tensor([1.5, 0.5]),
                                                                                lib.tensor([1.0, 0.0])),
                             RuntimeError, "all elements of input should be between 0 and 1"),
                   ErrorCase(lambda lib: lib.nn.functional.binary_cross_entropy(lib.full((3,), 0.5), lib.zeros(2)),
                             ValueError, BROADCASTING))),
    OpInfo("nn.functional.binary_cross_entropy_with_logits", _bce_with_logits, _bce_case(logits=True), FUNCTIONS,
           kind="loss", examples=(fixed([-1000.0, -100.0, 100.0, 1000.0], [1.0, 0.0, 1.0, 0.0], reduction="none"),
                                  fixed([-1000.0, -100.0, 100.0, 1000.0], [1.0, 0.0, 1.0, 0.0]))),
    *(OpInfo(f"nn.functional.{name}", _f(name), _regression_case(option), FUNCTIONS if option else FAMILY,
             kind="loss",
             errors=(ErrorCase(lambda lib, name=name: getattr(lib.nn.functional, name)(lib.zeros(2), lib.zeros(2),
                                                                                       reduction="sum_all"),
                               ValueError, "sum_all is not a valid value for reduction"),))
      for name, option in (("mse_loss", None), ("l1_loss", None), ("smooth_l1_loss", "beta"),
                           ("huber_loss", "delta"))),
    *(OpInfo(f"nn.functional.{name}", _f(name), _regression_case(option, broadcast=True), FAMILY,
             variant="broadcast_target", kind="loss", expected_warnings=(BROADCASTING,))
      for name, option in (("mse_loss", None), ("l1_loss", None), ("smooth_l1_loss", "beta"),
                           ("huber_loss", "delta"))),
    OpInfo("nn.functional.multi_margin_loss", _multi_margin, _multi_margin_case(), FAMILY, kind="loss",
           supports_double_backward=False, supports_forward_ad=False,  # PyTorch: not implemented (ours:
           # gradgradcheck and finite differences)
           errors=(ErrorCase(lambda lib: lib.nn.functional.multi_margin_loss(lib.zeros(2, 3), lib.tensor([0, 1]), p=3),
                             ValueError, "only p == 1 and p == 2 supported"),)),
    OpInfo("nn.functional.kl_div", _f("kl_div"), _kl_case(), FUNCTIONS, kind="loss",
           examples=(fixed(np.log(np.array([[0.5, 0.25, 0.25]])), Constant(np.array([[0.0, 0.5, 0.5]]), True),
                           reduction="sum"),),
           expected_warnings=("reduction: 'mean' divides the total loss",)),
    OpInfo("nn.functional.hinge_embedding_loss", _f("hinge_embedding_loss"), _margin_case(pair=False), FAMILY,
           kind="reduction"),
    OpInfo("nn.functional.margin_ranking_loss", _f("margin_ranking_loss"), _margin_case(pair=True), FAMILY,
           kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.margin_ranking_loss(lib.ones(2), lib.ones(2, 1),
                                                                               lib.ones(2)),
                             RuntimeError, "All input tensors should have same dimension"),)),
    OpInfo("nn.functional.soft_margin_loss", _f("soft_margin_loss"),
           _margin_case(pair=False).map(lambda s: Sample(s.inputs, {"reduction": s.options["reduction"]})), FAMILY,
           kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.soft_margin_loss(lib.ones(2), lib.ones(2), reduction="bad"),
                             ValueError, "bad is not a valid value for reduction"),)),
]
