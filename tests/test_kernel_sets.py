"""The kernel set: ``MINITORCH_ES_KERNELS`` chooses it when minitorch_es is imported, ``use_kernel_set`` and
``using_kernel_set`` switch it within a program, and every ``by_kernel_set`` pair follows the switch."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from minitorch_es.kernels import activation, kernel_sets


def _kernel_set_at_import(value: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, MINITORCH_ES_KERNELS=value)
    program = "from minitorch_es.kernels import kernel_sets; print(kernel_sets.kernel_set())"
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment)


@pytest.mark.parametrize("value, expected", [("numpy", "numpy"), (" NumPy ", "numpy"), ("numba", "numba")])
def test_the_environment_chooses_the_set_at_import(value, expected):
    assert _kernel_set_at_import(value).stdout.strip() == expected


def test_an_unknown_set_in_the_environment_is_refused_by_name():
    result = _kernel_set_at_import("cuda")
    assert result.returncode != 0
    assert "MINITORCH_ES_KERNELS must be one of ('numba', 'numpy'), got 'cuda'" in result.stderr


def test_using_kernel_set_switches_every_pair_and_restores_the_previous_set():
    calls = []
    pair = kernel_sets.by_kernel_set(numpy=lambda x: calls.append("numpy") or x,
                                     numba=lambda x: calls.append("numba") or x)
    before = kernel_sets.kernel_set()
    with kernel_sets.using_kernel_set("numpy"):
        assert kernel_sets.kernel_set() == "numpy"
        pair(1)
        with kernel_sets.using_kernel_set("numba"):
            pair(2)
        pair(3)
    assert kernel_sets.kernel_set() == before
    assert calls == ["numpy", "numba", "numpy"]


def test_a_pair_is_named_for_its_kernel_and_keeps_both_versions():
    assert activation.relu_forward.__name__ == "relu_forward"
    assert activation.relu_forward.numpy is activation.relu_forward_numpy
    x = np.array([-1.0, 2.0], dtype=np.float32)
    with kernel_sets.using_kernel_set("numpy"):
        np.testing.assert_array_equal(activation.relu_forward(x), [0.0, 2.0])


def test_an_unknown_set_is_refused_and_the_active_one_kept():
    before = kernel_sets.kernel_set()
    with pytest.raises(ValueError, match=r"the kernel set must be one of \('numba', 'numpy'\), got 'gpu'"):
        kernel_sets.use_kernel_set("gpu")
    assert kernel_sets.kernel_set() == before
