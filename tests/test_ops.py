"""Every op of the table (``tests/op_table``) against PyTorch: values, dtypes and every input's gradient under a
non-uniform upstream gradient, for drawn samples and fixed examples, in float64 (tight) and float32 (loose), under
each kernel set the op has; and its bad inputs, which both libraries refuse with the same exception."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from op_table import OPS, conversion
from op_table.op_info import setting
from parity import assert_parity

import minitorch_es

CASES = [pytest.param(op, name, id=f"{op.id}[{name}]" if name != "default" else op.id)
         for op in OPS for name in op.settings]
EXAMPLES = [pytest.param(op, sample, dtype, id=f"{op.id}-{index}-{np.dtype(dtype).name}")
            for op in OPS for index, sample in enumerate(op.examples) for dtype in op.dtypes]
ERRORS = [pytest.param(case, id=f"{op.id}-{index}") for op in OPS for index, case in enumerate(op.errors)]


def _check(op, sample, dtype, noncontiguous: bool = False) -> None:
    with warnings.catch_warnings():
        for message in op.expected_warnings:
            warnings.filterwarnings("ignore", message=message)
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
        if inspect.isfunction(value) and module.startswith("minitorch_es.ops") and name not in IN_PLACE:
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
