"""forward_ad (dual_level, make_dual, unpack_dual) beyond the op table's per-op tangents, and gradcheck /
gradgradcheck: that they accept correct gradients, catch wrong ones with PyTorch's message, and PyTorch's
errors and warnings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
import torch.autograd.forward_ad as torch_forward_ad

import minitorch_es
from minitorch_es.autograd import forward_ad


def _program(lib, x, w):
    return lib.nn.functional.log_softmax(lib.tanh(w @ x) * x[:2], dim=0).exp().sum() + lib.softmax(x, 0)[1]


def test_a_whole_program_in_forward_mode_matches_pytorch():
    rng = np.random.default_rng(0)
    x0, t0, w0 = rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal((2, 3))
    results = []
    for lib, fwd in ((minitorch_es, forward_ad), (torch, torch_forward_ad)):
        with fwd.dual_level():
            dual = fwd.make_dual(lib.tensor(x0), lib.tensor(t0))
            primal, tangent = fwd.unpack_dual(_program(lib, dual, lib.tensor(w0)))
            results.append((primal.item(), tangent.item()))
    np.testing.assert_allclose(results[0], results[1], rtol=1e-10)


def test_tangents_end_with_their_level_and_plain_tensors_have_none():
    x = minitorch_es.tensor([1.0, 2.0])
    with forward_ad.dual_level():
        dual = forward_ad.make_dual(x, minitorch_es.tensor([1.0, 0.0]))
        y = dual * 3
        assert forward_ad.unpack_dual(x).tangent is None
        np.testing.assert_array_equal(forward_ad.unpack_dual(y).tangent.numpy(), [3.0, 0.0])
    assert forward_ad.unpack_dual(y).tangent is None


def test_forward_mode_keeps_the_primal_differentiable():
    x = minitorch_es.tensor([0.5, 1.5], dtype=minitorch_es.float64, requires_grad=True)
    with forward_ad.dual_level():
        y = forward_ad.make_dual(x, minitorch_es.ones(2, dtype=minitorch_es.float64)).exp().sum()
        np.testing.assert_allclose(forward_ad.unpack_dual(y).tangent.item(), np.exp([0.5, 1.5]).sum())
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([0.5, 1.5]))


@pytest.mark.parametrize("case", ["no level", "other size"])
def test_make_dual_errors_are_pytorchs(case):
    messages = []
    for lib, fwd in ((minitorch_es, forward_ad), (torch, torch_forward_ad)):
        with pytest.raises(RuntimeError) as error:
            if case == "no level":
                fwd.make_dual(lib.ones(2), lib.ones(2))
            else:
                with fwd.dual_level():
                    fwd.make_dual(lib.ones(3), lib.ones(2))
        messages.append(str(error.value))
    assert messages[0] == messages[1]


class WrongSquare(minitorch_es.autograd.Function):
    """y = x^2 with the derivative x (instead of 2x): what gradcheck is there to catch."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * x


def _leaf(values):
    return minitorch_es.tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


def test_gradcheck_accepts_correct_gradients_of_both_modes():
    w = minitorch_es.tensor(np.random.default_rng(1).standard_normal((2, 3)))
    x = _leaf([0.5, -1.0, 2.0])
    assert minitorch_es.autograd.gradcheck(lambda a: _program(minitorch_es, a, w), (x,), check_forward_ad=True)
    assert minitorch_es.autograd.gradcheck(lambda a: _program(minitorch_es, a, w), (x,), fast_mode=True)
    assert minitorch_es.autograd.gradgradcheck(lambda a: _program(minitorch_es, a, w), (x,))


def test_gradcheck_catches_a_wrong_gradient_with_pytorchs_message():
    x = _leaf([0.5, -1.0])
    with pytest.raises(minitorch_es.autograd.GradcheckError,
                       match=r"Jacobian mismatch for output 0 with respect to input 0,\nnumerical:"):
        minitorch_es.autograd.gradcheck(WrongSquare.apply, (x,))
    assert minitorch_es.autograd.gradcheck(WrongSquare.apply, (x,), raise_exception=False) is False
    assert issubclass(minitorch_es.autograd.GradcheckError, RuntimeError)


class UnrecordedSine(minitorch_es.autograd.Function):
    """y = sin x with a correct first derivative computed by NumPy whatever the mode, so that under create_graph
    it does not depend on x: its second derivative is lost, which gradgradcheck is there to catch."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.sin()

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * minitorch_es.tensor(np.cos(x.detach().numpy()))


def test_gradgradcheck_catches_a_backward_that_is_not_recorded():
    x = _leaf([0.5, -1.0])
    assert minitorch_es.autograd.gradcheck(UnrecordedSine.apply, (x,))
    with pytest.raises(minitorch_es.autograd.GradcheckError, match="Jacobian mismatch for output 0 with respect to "
                                                                   "input 0"):
        minitorch_es.autograd.gradgradcheck(UnrecordedSine.apply, (x,))


def test_gradcheck_inputs_are_pytorchs():
    with pytest.raises(ValueError, match="gradcheck expects at least one input tensor to require gradient"):
        minitorch_es.autograd.gradcheck(lambda a: a * 2, (minitorch_es.ones(2),))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        minitorch_es.autograd.gradcheck(lambda a: a * 2, (minitorch_es.ones(2, requires_grad=True),),
                                        raise_exception=False)
    assert any("is not a double precision floating point" in str(w.message) for w in caught)
