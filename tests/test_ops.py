"""Every op of the table (``tests/op_table``) against PyTorch: values, dtypes and every input's gradient under a
non-uniform upstream gradient, for drawn samples and fixed examples, in float64 (tight) and float32 (loose), under
each kernel set the op has; and its bad inputs, which both libraries refuse with the same exception."""

from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from op_table import OPS, conversion
from op_table.op_info import setting
from higher_order_parity import (assert_forward_ad_parity, assert_matches_finite_differences,
                                 assert_second_order_parity, assert_third_order_parity)
from parity import Constant, assert_parity

import minitorch_es

CASES = [pytest.param(op, name, id=f"{op.id}[{name}]" if name != "default" else op.id)
         for op in OPS for name in op.settings]
EXAMPLES = [pytest.param(op, sample, dtype, id=f"{op.id}-{index}-{np.dtype(dtype).name}")
            for op in OPS for index, sample in enumerate(op.examples) for dtype in op.dtypes]
ERRORS = [pytest.param(case, id=f"{op.id}-{index}") for op in OPS for index, case in enumerate(op.errors)]


@contextlib.contextmanager
def expected_warnings_ignored(op):
    """The warnings both libraries give on purpose for this op (its ``expected_warnings``) are not shown."""
    with warnings.catch_warnings():
        for message in op.expected_warnings:
            warnings.filterwarnings("ignore", message=message)
        yield


def _check(op, sample, dtype, noncontiguous: bool = False) -> None:
    with expected_warnings_ignored(op):
        assert_parity(lambda lib, *tensors: op.call(lib, *tensors, **sample.options), *sample.inputs, dtype=dtype,
                      kind=op.kind, summed_terms=sample.summed_terms, noncontiguous=noncontiguous,
                      check_grad=op.check_grad)


@pytest.mark.parametrize("op, setting_name", CASES)
@given(data=st.data())
def test_values_and_gradients_match_pytorch(op, setting_name, data):
    sample = data.draw(op.samples, label="sample")
    dtype = data.draw(st.sampled_from(op.dtypes), label="dtype")
    noncontiguous = op.noncontiguous and data.draw(st.booleans(), label="noncontiguous")
    with setting(setting_name):
        _check(op, sample, dtype, noncontiguous)


@pytest.mark.parametrize("op, sample, dtype", EXAMPLES)
def test_fixed_examples_match_pytorch(op, sample, dtype):
    for setting_name in op.settings:
        with setting(setting_name):
            _check(op, sample, dtype)


@pytest.mark.parametrize("case", ERRORS)
def test_bad_inputs_raise_pytorchs_exception(case):
    with pytest.raises(case.exception):
        case.call(torch)
    with pytest.raises(case.exception, match=case.match):
        case.call(minitorch_es)


def test_every_entry_is_named_once_and_has_a_family():
    ids = [op.id for op in OPS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    families = {op.family for op in OPS}
    assert all(family for family in families)


# Public functions of the ops that the table does not hold, and why.
NOT_IN_THE_TABLE = {
    "nn.functional.dropout": "random: its statistics are tested in test_nn_layers.py, until PyTorch's random streams "
                             "are reproduced",
    "nn.functional.dropout2d": "random: as dropout",
    "Tensor.cuda": "no GPU here: tests/test_tensor_basics.py checks its error, tests/test_cuda.py the GPU path",
    "nn.functional.hinge_loss": "the guides' SVM loss, not in PyTorch: tests/test_losses.py checks it against its "
                                "formula",
    "nn.functional.mean_bias_error": "the guides' loss, not in PyTorch: tests/test_losses.py checks it against its "
                                     "formula",
}
# In-place methods: each one with an out-of-place twin is checked against PyTorch's through a graph in
# tests/test_in_place.py; these have their own tests.
IN_PLACE = ("add_", "sub_", "mul_", "div_", "pow_", "clamp_", "masked_fill_", "scatter_", "scatter_add_", "index_add_",
            "fill_", "zero_", "copy_", "uniform_", "normal_")


def _public_ops() -> set:
    """The names, as the table writes them, of every public function of minitorch_es, nn.functional and Tensor
    that an ops module (or nn.functional) computes."""
    import inspect

    names = set()
    for prefix, namespace in (("", minitorch_es), ("nn.functional.", minitorch_es.nn.functional),
                              ("linalg.", minitorch_es.linalg)):
        for name in getattr(namespace, "__all__", dir(namespace)):
            value = getattr(namespace, name)
            module = getattr(value, "__module__", "") or ""
            if not name.startswith("_") and inspect.isfunction(value) and module.startswith(
                    ("minitorch_es.ops", "minitorch_es.nn.functional", "minitorch_es.linalg", "minitorch_es.creation")):
                names.add(prefix + name)
    for name, value in vars(minitorch_es.Tensor).items():
        module = getattr(value, "__module__", "") or ""
        in_place = name in IN_PLACE or name.endswith("_") and hasattr(minitorch_es.Tensor, name[:-1])
        if inspect.isfunction(value) and module.startswith("minitorch_es.ops") and not in_place:
            names.add("Tensor." + name)
    return names


def test_every_public_op_has_an_entry():
    """A new op is one entry: this fails until it has one (or a line in NOT_IN_THE_TABLE saying why not)."""
    named = {op.name for op in OPS}
    creation = {"arange", "as_tensor", "empty", "empty_like", "eye", "from_numpy", "full", "full_like", "linspace",
                "ones", "ones_like", "rand", "rand_like", "randint", "randint_like", "randn", "randn_like", "randperm",
                "tensor", "zeros", "zeros_like"}  # factories: tests/test_tensor_basics.py
    named |= {f"Tensor.{name}" for name in conversion.NAMED_CONVERSIONS}  # one entry draws them all
    missing = sorted(name for name in _public_ops() - creation - set(NOT_IN_THE_TABLE)
                     if name not in named and name.removeprefix("Tensor.") not in named
                     and f"Tensor.{name}" not in named)
    assert not missing, missing


# Ops whose node is not always PyTorch's: a composition of several of our nodes (the outermost one named by its own
# op) where PyTorch has one node, a reshaping around our node (conv1d, pooling of 3-D inputs), a different node for
# some samples only (PyTorch's copy of a non-contiguous matmul operand, its mean for a 1x1 adaptive pooling), or an
# op that returns its input itself where PyTorch makes a node (pad by zero). The test below fails for any other op.
NODE_NAME_DIFFERS = {
    "nn.functional.conv_transpose2d.empty_output",  # PyTorch refuses this sample
    "matmul",  # PyTorch copies a non-contiguous operand first (CloneBackward0) for some samples
    "Tensor.__rpow__", "Tensor.norm", "addmm", "aminmax", "aminmax.max_field", "atleast_2d", "atleast_3d",
    "clamp.tensor_bounds", "cummax", "cummin", "deg2rad", "diag", "div.rounding_mode", "einsum",
    "einsum.operands_in_a_list", "fmod", "index_add", "kthvalue", "lerp", "lerp.tensor_weight",
    "linalg.matrix_norm", "linalg.norm", "linalg.vector_norm", "logit", "median.along_dim", "nan_to_num", "nansum",
    "nn.functional.adaptive_avg_pool2d", "nn.functional.adaptive_max_pool2d",
    "nn.functional.adaptive_max_pool2d_with_indices", "nn.functional.conv1d", "nn.functional.conv2d",
    "nn.functional.cross_entropy", "nn.functional.cross_entropy.every_target_ignored",
    "nn.functional.cross_entropy.probability_targets", "nn.functional.fold", "nn.functional.group_norm",
    "nn.functional.hardswish", "nn.functional.interpolate", "nn.functional.kl_div", "nn.functional.linear",
    "nn.functional.max_unpool2d", "nn.functional.mish",
    "nn.functional.multi_margin_loss", "nn.functional.nll_loss", "nn.functional.pad",
    "nn.functional.pairwise_distance", "nn.functional.prelu", "nn.functional.selu",
    "nn.functional.smooth_l1_loss", "nn.functional.smooth_l1_loss.broadcast_target",
    "nn.functional.soft_margin_loss", "nn.functional.softplus", "nn.functional.unfold", "pow.tensor_exponent",
    "quantile", "quantile.tensor_of_levels", "rad2deg", "remainder", "repeat_interleave", "roll", "rsub",
    "scatter.value", "scatter_add.gradients", "sort", "square", "std_mean", "topk", "trace", "var_mean",
}
NODE_NAMES = [pytest.param(op, id=op.id) for op in OPS if op.check_grad]


@pytest.mark.parametrize("op", NODE_NAMES)
@settings(max_examples=2)
@given(data=st.data())
def test_node_names_match_pytorch(op, data):
    """``output.grad_fn.name()`` reads as PyTorch's (``AddmmBackward0``, ``SumBackward1``, ``SelectBackward0``)."""
    from parity import _run

    sample = data.draw(op.samples, label="sample")
    names = []
    for lib in (minitorch_es, torch):
        with expected_warnings_ignored(op), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                _, output = _run(lib, lambda lib, *tensors: op.call(lib, *tensors, **sample.options), sample.inputs,
                                 np.float64, False)
            except Exception as error:  # a sample PyTorch refuses (checked by the value tests) has no node to name
                names.append(type(error).__name__)
                continue
        output = output[0] if isinstance(output, tuple) else output
        names.append(output.grad_fn.name() if output.grad_fn is not None else None)
    if op.id in NODE_NAME_DIFFERS:  # still a node where PyTorch has one (its name aside)
        assert (names[0] is None) == (names[1] is None) or op.id == "nn.functional.pad", names
    else:
        assert names[0] == names[1], f"{op.id}: our node is {names[0]}, PyTorch's {names[1]}"


SECOND_ORDER = [pytest.param(op, id=op.id) for op in OPS if op.supports_double_backward and op.check_grad]


@pytest.mark.parametrize("op", SECOND_ORDER)
@given(data=st.data())
def test_second_order_gradients_match_pytorch(op, data):
    sample = data.draw(op.samples, label="sample")
    dtype = data.draw(st.sampled_from(op.dtypes), label="dtype")
    noncontiguous = op.noncontiguous and data.draw(st.booleans(), label="noncontiguous")
    with expected_warnings_ignored(op):
        assert_second_order_parity(lambda lib, *tensors: op.call(lib, *tensors, **sample.options), *sample.inputs,
                                   dtype=dtype, noncontiguous=noncontiguous)


FORWARD_AD = [pytest.param(op, id=op.id) for op in OPS if op.supports_forward_ad and op.check_grad]


@pytest.mark.parametrize("op", FORWARD_AD)
@given(data=st.data())
def test_forward_mode_tangents_match_pytorch(op, data):
    sample = data.draw(op.samples, label="sample")
    dtype = data.draw(st.sampled_from(op.dtypes), label="dtype")
    with expected_warnings_ignored(op):
        assert_forward_ad_parity(lambda lib, *tensors: op.call(lib, *tensors, **sample.options), *sample.inputs,
                                 dtype=dtype)


# Entries whose value is NaN by design, so that no finite difference exists -> why.
NO_FINITE_DIFFERENCES = {"nn.functional.cross_entropy.every_target_ignored": "the loss is 0/0 = NaN"}
FORWARD_BEYOND_PYTORCH = [pytest.param(op, id=op.id) for op in OPS if op.check_grad and np.float64 in op.dtypes
                          and not op.supports_forward_ad and op.id not in NO_FINITE_DIFFERENCES]


@pytest.mark.parametrize("op", FORWARD_BEYOND_PYTORCH)
@given(data=st.data())
def test_forward_mode_matches_finite_differences_where_pytorch_has_none(op, data):
    """Where PyTorch has no forward mode to compare with (or a less exact one), our tangent J t is checked against
    central differences along t. (Second orders are gradgradcheck'ed for every op: test_gradgradcheck.)"""
    sample = data.draw(op.samples, label="sample")
    with expected_warnings_ignored(op):
        assert_matches_finite_differences(lambda lib, *tensors: op.call(lib, *tensors, **sample.options),
                                          *sample.inputs)


# A sample of the table for third derivatives: one op or more of each kind of backward formula (elementwise,
# broadcasting, reductions, views, products, convolution, pooling, normalization, losses, indexing).
THIRD_ORDER_SAMPLE = ("exp", "tanh", "nn.functional.sigmoid", "mul", "div", "pow.tensor_exponent", "sum", "prod",
                      "std", "logsumexp", "matmul", "einsum", "nn.functional.softmax", "nn.functional.log_softmax",
                      "nn.functional.gelu",
                      "nn.functional.conv2d", "nn.functional.conv_transpose2d", "nn.functional.max_pool2d",
                      "nn.functional.avg_pool2d", "nn.functional.group_norm", "nn.functional.cross_entropy",
                      "nn.functional.binary_cross_entropy", "nn.functional.smooth_l1_loss", "gather", "cumprod",
                      "maximum", "nn.functional.elu", "atan2", "linalg.vector_norm", "Tensor.__getitem__")
THIRD_ORDER = [pytest.param(op, id=op.id) for op in OPS if op.id in THIRD_ORDER_SAMPLE and op.check_grad
               and np.float64 in op.dtypes]


def test_the_third_order_sample_is_in_the_table():
    assert {op.id for op in OPS} >= set(THIRD_ORDER_SAMPLE)


@pytest.mark.parametrize("op", THIRD_ORDER)
@given(data=st.data())
@settings(max_examples=10)
def test_third_order_gradients_match_pytorch(op, data):
    sample = data.draw(op.samples, label="sample")
    with expected_warnings_ignored(op):
        assert_third_order_parity(lambda lib, *tensors: op.call(lib, *tensors, **sample.options), *sample.inputs)


def _on_leaves(op, sample):
    """(the op as a function of its differentiable inputs only, those inputs as float64 leaves)."""
    def call(*values):
        values = iter(values)
        return op.call(minitorch_es, *(minitorch_es.tensor(a.array) if isinstance(a, Constant) else next(values)
                                       for a in sample.inputs), **sample.options)

    leaves = tuple(minitorch_es.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)
                   for a in sample.inputs if not isinstance(a, Constant))
    return call, leaves


# Entries whose samples sit where finite differences cannot see a derivative, on purpose -> why.
AT_KINKS_OR_TIES = {
    "maximum": "equal values (the tie splits the gradient)", "minimum": "equal values",
    "max.binary": "equal values", "min.binary": "equal values", "max.values_of_ties": "tied maxima",
    "amax": "tied maxima", "amin": "tied minima", "cummax": "tied running maxima", "cummin": "tied running minima",
    "nn.functional.max_pool2d": "tied window maxima",
    "sqrt.of_abs_at_zero": "|x| at 0", "nn.functional.l1_loss.broadcast_target": "|x - y| at x = y",
    "nn.functional.smooth_l1_loss.broadcast_target": "x = y, where beta = 0 makes it |x - y|",
    "nn.functional.embedding": "padding_idx and scale_grad_by_freq: PyTorch's gradient is not the derivative",
    "Tensor.float": "float32 results: finite differences of 1e-6 are below its precision",
    "Tensor.to": "float32 results, as Tensor.float",
}
def _torch_output_requires_grad(op, sample) -> bool:
    tensors = [torch.tensor(a.array) if isinstance(a, Constant) else torch.tensor(np.asarray(a, dtype=np.float64),
                                                                                   requires_grad=True)
               for a in sample.inputs]
    output = op.call(torch, *tensors, **sample.options)
    return (output[0] if isinstance(output, tuple) else output).requires_grad


GRADGRADCHECK = [pytest.param(op, id=op.id) for op in OPS if op.check_grad and np.float64 in op.dtypes
                 and op.id not in NO_FINITE_DIFFERENCES and op.id not in AT_KINKS_OR_TIES]


@pytest.mark.parametrize("op", GRADGRADCHECK)
@given(data=st.data())
@settings(max_examples=3)
def test_gradgradcheck(op, data):
    """Second derivatives against finite differences of the first (PyTorch's gradgradcheck, float64)."""
    sample = data.draw(op.samples, label="sample")
    call, leaves = _on_leaves(op, sample)
    with expected_warnings_ignored(op):
        output = call(*leaves)
        output = output[0] if isinstance(output, tuple) else output
        if not output.requires_grad:  # constants only, or a result without gradient (masks, indices, counts):
            assert not _torch_output_requires_grad(op, sample)  # nothing to check twice, as in PyTorch
            return
        assert minitorch_es.autograd.gradgradcheck(call, leaves, atol=1e-4, rtol=1e-3)
