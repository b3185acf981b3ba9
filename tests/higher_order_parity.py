"""Second-order parity with PyTorch, the higher-order counterpart of :func:`parity.assert_parity`.

For y = f(x_1, ..., x_k) and a random upstream vector u (itself a leaf), both libraries compute, with
``create_graph=True``, the first-order gradients g_i = (dy/dx_i)^T u, then the gradients of
s = sum_i <w_i, g_i> (random w_i) with respect to every x_i and to u: the Hessian-vector products
sum_i w_i^T d^2<u, y>/dx_i dx_j, and J w. Both must agree, float64 tight and float32 loose. None (not used) and
zeros count as the same.
"""

from __future__ import annotations

import numpy as np
import torch
from parity import Constant, Tolerance, _as_numpy, _run, assert_close

import minitorch_es

SECOND_ORDER_TOLERANCES = {np.float64: Tolerance(1e-8, 1e-9), np.float32: Tolerance(3e-3, 3e-3)}
# forward mode derives J t from the backward formula (a different rounding path from PyTorch's forward formulas)
FORWARD_TOLERANCES = {np.float64: Tolerance(1e-7, 1e-9), np.float32: Tolerance(3e-3, 3e-3)}


def _random(shape, seed: int) -> np.ndarray:
    values = np.random.default_rng(seed).uniform(0.5, 1.5, size=shape)
    return values * np.random.default_rng(seed + 1).choice([-1.0, 1.0], size=shape)


def _first_and_second(lib, function, arrays, dtype, noncontiguous, seed):
    """(first-order gradients, second-order gradients) as arrays, or None where the output has no gradient."""
    leaves, output = _run(lib, function, arrays, dtype, noncontiguous)
    output = output[0] if isinstance(output, tuple) else output
    differentiable = [leaf for leaf in leaves if leaf is not None]
    if not (differentiable and output.requires_grad):
        return None
    numpy_dtype = _as_numpy(output).dtype
    upstream = lib.tensor(_random(tuple(output.shape), seed).astype(numpy_dtype), requires_grad=True)
    firsts = lib.autograd.grad(output, differentiable, upstream, create_graph=True, allow_unused=True)
    terms = [(first * lib.tensor(_random(tuple(first.shape), seed + 2 + i).astype(_as_numpy(first).dtype))).sum()
             for i, first in enumerate(firsts) if first is not None and first.requires_grad]
    wrt = differentiable + [upstream]
    seconds = [None] * len(wrt)
    if terms:
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        seconds = lib.autograd.grad(total, wrt, allow_unused=True)
    as_arrays = [None if g is None else _as_numpy(g) for g in list(firsts) + list(seconds)]
    shapes = [tuple(t.shape) for t in differentiable + differentiable + [upstream]]
    return [np.zeros(shape) if g is None else g for g, shape in zip(as_arrays, shapes)]


def assert_second_order_parity(function, *arrays, dtype=np.float64, noncontiguous: bool = False, seed: int = 0):
    """``function(lib, *tensors)``'s first- and second-order gradients (see the module) equal PyTorch's."""
    ours = _first_and_second(minitorch_es, function, arrays, dtype, noncontiguous, seed)
    theirs = _first_and_second(torch, function, arrays, dtype, noncontiguous, seed)
    assert (ours is None) == (theirs is None), "one library's output has a gradient, the other's does not"
    if theirs is None:
        return
    tolerance = SECOND_ORDER_TOLERANCES[np.dtype(dtype).type]
    count = (len(ours) - 1) // 2
    for index, (a, b) in enumerate(zip(ours, theirs)):
        what = (f"first-order gradient of input {index}" if index < count else
                f"second-order gradient of input {index - count}" if index < 2 * count else
                "second-order gradient of the upstream vector")
        assert_close(np.asarray(a), np.asarray(b), tolerance, what)


def _jvp(lib, function, arrays, dtype, seed):
    """(output, J t) through the library's forward mode, t random per differentiable input (None: no output)."""
    forward_ad = lib.autograd.forward_ad
    with forward_ad.dual_level():
        arguments = []
        for index, array in enumerate(arrays):
            if isinstance(array, Constant):
                arguments.append(lib.tensor(array.array.astype(dtype) if array.in_tested_dtype else array.array))
                continue
            primal = lib.tensor(np.asarray(array).astype(dtype))
            tangent = lib.tensor(_random(primal.shape, seed + 10 + index).astype(dtype))
            arguments.append(forward_ad.make_dual(primal, tangent))
        output = function(lib, *arguments)
        output = output[0] if isinstance(output, tuple) else output
        if not output.dtype.is_floating_point:
            return None
        primal, tangent = forward_ad.unpack_dual(output)
        return _as_numpy(primal), None if tangent is None else _as_numpy(tangent)


def assert_forward_ad_parity(function, *arrays, dtype=np.float64, seed: int = 0):
    """``function(lib, *tensors)``'s forward-mode tangent J t (random t) equals PyTorch's ``forward_ad``, and, in
    float64, the central difference (f(x + eps t) - f(x - eps t)) / (2 eps)."""
    ours = _jvp(minitorch_es, function, arrays, dtype, seed)
    theirs = _jvp(torch, function, arrays, dtype, seed)
    assert (ours is None) == (theirs is None)
    if theirs is None:
        return
    tolerance = FORWARD_TOLERANCES[np.dtype(dtype).type]
    our_tangent = np.zeros_like(ours[0]) if ours[1] is None else ours[1]
    their_tangent = np.zeros_like(theirs[0]) if theirs[1] is None else theirs[1]
    assert_close(our_tangent, their_tangent, tolerance, "forward-mode tangent")


def assert_matches_finite_differences(function, *arrays, eps: float = 1e-6, seed: int = 0):
    """Our forward-mode tangent J t against (f(x + eps t) - f(x - eps t)) / (2 eps), in float64."""
    _, tangent = _jvp(minitorch_es, function, arrays, np.float64, seed)

    def shifted(step):
        moved = [a if isinstance(a, Constant) else np.asarray(a, dtype=np.float64) + step *
                 _random(np.shape(a), seed + 10 + i) for i, a in enumerate(arrays)]
        tensors = [minitorch_es.tensor(a.array) if isinstance(a, Constant) else minitorch_es.tensor(a)
                   for a in moved]
        out = function(minitorch_es, *tensors)
        return _as_numpy(out[0] if isinstance(out, tuple) else out)

    numerical = (shifted(eps) - shifted(-eps)) / (2 * eps)
    assert_close(np.zeros_like(numerical) if tangent is None else tangent, numerical, Tolerance(1e-4, 1e-5),
                 "forward-mode tangent against finite differences")


def _third(lib, function, arrays, seed):
    """The third-order gradients of <w2, d<w1, d<u, y>/dx>/dx> with respect to the inputs, as arrays (float64)."""
    leaves, output = _run(lib, function, arrays, np.float64, False)
    output = output[0] if isinstance(output, tuple) else output
    xs = [leaf for leaf in leaves if leaf is not None]
    value, upstream = output, lib.tensor(_random(tuple(output.shape), seed))
    for order in range(3):
        grads = lib.autograd.grad(value, xs, upstream if order == 0 else None, create_graph=order < 2,
                                  allow_unused=True)
        if order == 2:
            return [np.zeros(tuple(x.shape)) if g is None else _as_numpy(g) for g, x in zip(grads, xs)]
        terms = [(g * lib.tensor(_random(tuple(g.shape), seed + 5 * order + i))).sum()
                 for i, g in enumerate(grads) if g is not None and g.requires_grad]
        if not terms:
            return [np.zeros(tuple(x.shape)) for x in xs]
        value = terms[0]
        for term in terms[1:]:
            value = value + term


def assert_third_order_parity(function, *arrays, seed: int = 0):
    """Third derivatives (see :func:`_third`) equal PyTorch's, in float64."""
    for index, (a, b) in enumerate(zip(_third(minitorch_es, function, arrays, seed),
                                       _third(torch, function, arrays, seed))):
        assert_close(a, b, Tolerance(1e-7, 1e-8), f"third-order gradient of input {index}")
