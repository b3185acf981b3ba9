"""The parity harness: run one expression on minitorch_es and on PyTorch, compare values and every gradient.

A test reads as one line per case::

    assert_parity(lambda lib, x, y: lib.maximum(x, y), a, b, dtype=np.float32)

``lib`` is the ``minitorch_es`` or the ``torch`` module; each array argument becomes a leaf tensor of ``dtype``
(float arrays require gradients; integer and bool arrays are passed as constants). The helper checks the output's
shape, dtype and values, then backpropagates the same non-uniform random upstream gradient through both and
compares every input's gradient. Tolerances are those of ``shared/TESTING.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import torch

import minitorch_es
from minitorch_es.kernels import kernel_sets

TORCH_DTYPES = {
    np.dtype(np.float16): torch.float16, np.dtype(np.float32): torch.float32,
    np.dtype(np.float64): torch.float64, np.dtype(np.int64): torch.int64, np.dtype(np.int32): torch.int32,
    np.dtype(np.uint8): torch.uint8, np.dtype(np.bool_): torch.bool, np.dtype(np.int16): torch.int16,
    np.dtype(np.int8): torch.int8,
}


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float


# (value tolerance, gradient tolerance) per kind of operation and dtype.
TOLERANCES = {
    ("elementwise", np.float64): (Tolerance(1e-12, 1e-12), Tolerance(1e-9, 1e-10)),
    ("elementwise", np.float32): (Tolerance(1.3e-6, 1e-5), Tolerance(1e-3, 1e-4)),
    ("elementwise", np.float16): (Tolerance(1e-3, 1e-5), Tolerance(1e-2, 1e-3)),  # torch.testing's float16 values
    ("reduction", np.float64): (Tolerance(1e-10, 1e-10), Tolerance(1e-9, 1e-10)),
    ("reduction", np.float32): (Tolerance(1e-4, 1e-5), Tolerance(1e-3, 1e-4)),
    ("loss", np.float64): (Tolerance(1e-12, 1e-12), Tolerance(1e-9, 1e-10)),
    ("loss", np.float32): (Tolerance(1e-5, 1e-5), Tolerance(1e-3, 1e-4)),  # atol: torch.testing's float32 default
}


class Constant:
    """An argument passed to both libraries as the same tensor but never differentiated (indices, masks). With
    ``in_tested_dtype``, a floating one (class weights, labels of +-1) takes the dtype under test."""

    def __init__(self, array, in_tested_dtype: bool = False) -> None:
        self.array = np.asarray(array)
        self.in_tested_dtype = in_tested_dtype and self.array.dtype.kind == "f"


def tolerance_for(kind: str, dtype, summed_terms: int = 1) -> tuple[Tolerance, Tolerance]:
    float_type = np.dtype(dtype).type if np.dtype(dtype).kind == "f" else np.float64
    values, grads = TOLERANCES[(kind, float_type)]
    if kind == "reduction" and np.dtype(dtype) == np.float32:
        values = Tolerance(values.rtol, values.atol * max(1.0, math.sqrt(summed_terms / 64)))
    return values, grads


def _leaf(lib, array: np.ndarray, dtype, noncontiguous: bool):
    """A leaf tensor of ``array`` in ``dtype``; with ``noncontiguous``, stored transposed and used through a view."""
    differentiable = np.dtype(dtype).kind == "f"
    if noncontiguous and array.ndim >= 2:
        stored = np.ascontiguousarray(np.swapaxes(array, 0, -1)).astype(dtype)
    else:
        stored = array.astype(dtype)
    leaf = lib.tensor(stored, requires_grad=differentiable)
    view = leaf.transpose(0, -1) if noncontiguous and array.ndim >= 2 else leaf
    return leaf, view


def _run(lib, function, arrays, dtype, noncontiguous):
    leaves, arguments = [], []
    for array in arrays:
        if isinstance(array, Constant):
            arguments.append(lib.tensor(array.array.astype(dtype) if array.in_tested_dtype else array.array))
            leaves.append(None)
        else:
            leaf, view = _leaf(lib, np.asarray(array), dtype, noncontiguous)
            leaves.append(leaf)
            arguments.append(view)
    return leaves, function(lib, *arguments)


def _as_numpy(value) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy(force=True)  # force: a ZeroTensor (a second derivative that is 0)
    return value.detach().numpy()


def _dtype_name(value) -> str:
    return str(value.dtype).split(".")[-1]


def assert_close(ours: np.ndarray, theirs: np.ndarray, tolerance: Tolerance, what: str) -> None:
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} != torch's {theirs.shape}"
    if ours.dtype.kind in "biu":
        np.testing.assert_array_equal(ours, theirs, err_msg=what)
        return
    np.testing.assert_allclose(ours.astype(np.float64), theirs.astype(np.float64), rtol=tolerance.rtol,
                               atol=tolerance.atol, equal_nan=True, err_msg=what)


def assert_parity(function, *arrays, dtype=np.float64, kind: str = "elementwise", summed_terms: int = 1,
                  noncontiguous: bool = False, seed: int = 0, check_grad: bool = True):
    """Compare ``function(lib, *tensors)`` between minitorch_es and torch: values, dtypes and gradients.

    Returns the two outputs (ours, torch's) for further checks.
    """
    value_tolerance, grad_tolerance = tolerance_for(kind, dtype, summed_terms)
    our_leaves, ours = _run(minitorch_es, function, arrays, dtype, noncontiguous)
    torch_leaves, theirs = _run(torch, function, arrays, dtype, noncontiguous)
    our_outputs = ours if isinstance(ours, tuple) else (ours,)
    torch_outputs = theirs if isinstance(theirs, tuple) else (theirs,)
    assert len(our_outputs) == len(torch_outputs)
    for index, (a, b) in enumerate(zip(our_outputs, torch_outputs)):
        assert _dtype_name(a) == _dtype_name(b), f"output {index}: dtype {a.dtype} != torch's {b.dtype}"
        assert tuple(a.shape) == tuple(b.shape), f"output {index}: shape {tuple(a.shape)} != {tuple(b.shape)}"
        theirs_array = _as_numpy(b)
        tolerance = value_tolerance  # a result computed in another precision than the inputs (ints -> float32)
        if theirs_array.dtype.kind == "f" and theirs_array.dtype != np.dtype(dtype):
            tolerance = tolerance_for(kind, theirs_array.dtype, summed_terms)[0]
        assert_close(_as_numpy(a), theirs_array, tolerance, f"output {index} values")
    output, torch_output = our_outputs[0], torch_outputs[0]
    if not (check_grad and torch_output.requires_grad):
        return ours, theirs
    assert output.requires_grad, "torch's output requires grad, ours does not"
    upstream = np.random.default_rng(seed).uniform(0.5, 1.5, size=tuple(output.shape))
    upstream *= np.random.default_rng(seed + 1).choice([-1.0, 1.0], size=upstream.shape)
    output.backward(minitorch_es.tensor(upstream.astype(_as_numpy(output).dtype)))
    torch_output.backward(torch.tensor(upstream.astype(_as_numpy(torch_output).dtype)))
    for index, (a, b) in enumerate(zip(our_leaves, torch_leaves)):
        if b is None or b.grad is None:
            assert a is None or a.grad is None or not np.any(_as_numpy(a.grad)), f"input {index}: unexpected grad"
            continue
        assert a.grad is not None, f"input {index}: torch computed a gradient, minitorch_es did not"
        assert _dtype_name(a.grad) == _dtype_name(b.grad), f"input {index}: grad dtype {a.grad.dtype}"
        assert_close(_as_numpy(a.grad), _as_numpy(b.grad), grad_tolerance, f"input {index} gradient")
    return ours, theirs


def numerical_gradient(function, array: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar ``function(array)`` with respect to each element (float64 only)."""
    gradient = np.zeros_like(array)
    flat, flat_gradient = array.reshape(-1), gradient.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        above = function(array)
        flat[i] = original - eps
        below = function(array)
        flat[i] = original
        flat_gradient[i] = (above - below) / (2 * eps)
    return gradient


def assert_same_repr(ours, theirs) -> None:
    """repr(ours) == repr(theirs). PyTorch 2.14 prints ``bias=`` in BatchNorm's, GroupNorm's and LayerNorm's repr
    (ours follows it); 2.11 and earlier do not. Where the installed PyTorch's repr lacks it, ours is compared
    without it, so that the comparison holds across the PyTorch versions the project supports."""
    text, expected = repr(ours), repr(theirs)
    for name in PRINTED_SINCE_PYTORCH_2_14:
        if f"{name}=" not in expected:
            text = re.sub(rf", {name}=[^,)]*", "", text)
    assert text == expected, f"{text} != {expected}"


PRINTED_SINCE_PYTORCH_2_14 = ("bias",)


def copy_torch_weights(torch_module, our_module) -> None:
    """Load the PyTorch module's state_dict into ours (the same key names), so both start equal."""
    our_module.load_state_dict({k: v.detach().cpu().numpy() for k, v in torch_module.state_dict().items()})


def assert_module_parity(our_module, torch_module, *arrays, dtype=np.float64, kind: str = "reduction",
                         summed_terms: int = 1, train: bool = True, seed: int = 0):
    """Same weights (copied through state_dict), same inputs: compare outputs, input gradients, parameter gradients
    and buffers (running statistics) after one forward and backward pass."""
    our_module.to(minitorch_es.float64 if np.dtype(dtype) == np.float64 else minitorch_es.float32)
    torch_module.to(TORCH_DTYPES[np.dtype(dtype)])
    copy_torch_weights(torch_module, our_module)
    our_module.train(train)
    torch_module.train(train)
    assert_parity(lambda lib, *tensors: (our_module if lib is minitorch_es else torch_module)(*tensors), *arrays,
                  dtype=dtype, kind=kind, summed_terms=summed_terms, seed=seed)
    value_tolerance, grad_tolerance = tolerance_for(kind, dtype, summed_terms)
    ours = dict(our_module.named_parameters())
    for name, theirs in torch_module.named_parameters():
        if theirs.grad is None:
            assert ours[name].grad is None, f"{name}: unexpected gradient"
            continue
        assert_close(_as_numpy(ours[name].grad), _as_numpy(theirs.grad), grad_tolerance, f"gradient of {name}")
    our_buffers = dict(our_module.named_buffers())
    for name, theirs in torch_module.named_buffers():
        assert_close(_as_numpy(our_buffers[name]), _as_numpy(theirs), value_tolerance, f"buffer {name}")


# ``with using_kernels("numpy"):`` runs the block with that kernel set, as ``MINITORCH_ES_KERNELS=numpy`` would.
using_kernels = kernel_sets.using_kernel_set
