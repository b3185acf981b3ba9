"""Custom ``autograd.Function``s as PyTorch's: the same class, written once for either library, gives the same
values, gradients (first and second order), node names and edges, and the same errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitorch_es

LIBRARIES = (minitorch_es, torch)


def legendre(lib):
    """PyTorch's tutorial polynomial_custom_function: P3(x) = (5x^3 - 3x) / 2."""

    class LegendrePolynomial3(lib.autograd.Function):
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return 0.5 * (5 * input ** 3 - 3 * input)

        @staticmethod
        def backward(ctx, grad_output):
            (input,) = ctx.saved_tensors
            return grad_output * 1.5 * (5 * input ** 2 - 1)

    return LegendrePolynomial3


def scaled_with_setup_context(lib):
    """y = k x, in the ``setup_context`` style, with a number argument (whose gradient is None)."""

    class Scaled(lib.autograd.Function):
        @staticmethod
        def forward(x, k):
            return x * k

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.k = inputs[1]
            ctx.save_for_backward(output)

        @staticmethod
        def backward(ctx, grad):
            (output,) = ctx.saved_tensors
            return grad * ctx.k + 0 * output, None

    return Scaled


def two_outputs(lib):
    """(x, 2x) with an index output marked non-differentiable."""

    class TwoOutputs(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            index = x.argmax()
            ctx.mark_non_differentiable(index)
            return x * 1, x * 2, index

        @staticmethod
        def backward(ctx, grad_a, grad_b, grad_index):
            return grad_a + 2 * grad_b

    return TwoOutputs


def exp_in_place(lib):
    """x = e^x in place, marked dirty: the input itself becomes the output."""

    class ExpInPlace(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.exp_()
            ctx.mark_dirty(x)
            ctx.save_for_backward(x)
            return x

        @staticmethod
        def backward(ctx, grad):
            (result,) = ctx.saved_tensors
            return grad * result

    return ExpInPlace


VECTORS = hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(-2, 2))


@given(values=VECTORS)
def test_pytorchs_tutorial_function_gives_its_values_and_gradients(values):
    results = []
    for lib in LIBRARIES:
        x = lib.tensor(values, requires_grad=True)
        y = legendre(lib).apply(x)
        (first,) = lib.autograd.grad((y * lib.tensor(values + 3)).sum(), x, create_graph=True)
        (second,) = lib.autograd.grad(first.sum(), x)
        results.append([t.detach().numpy() for t in (y, first, second)] + [y.grad_fn.name()])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12) if not isinstance(ours, str) else \
            assert_equal(ours, theirs)


def assert_equal(a, b) -> None:
    assert a == b


def _run_everywhere(program):
    return [program(lib) for lib in LIBRARIES]


def test_setup_context_style_and_number_arguments():
    def program(lib):
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        y = scaled_with_setup_context(lib).apply(x, 3.0)
        y.backward(lib.tensor([1.0, 0.5, -1.0]))
        return y.grad_fn.name(), len(y.grad_fn.next_functions), x.grad.tolist()

    ours, theirs = _run_everywhere(program)
    assert ours == theirs == ("ScaledBackward", 1, [3.0, 1.5, -3.0])


def test_several_outputs_share_one_node_and_unused_ones_get_zeros():
    def program(lib):
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        a, b, index = two_outputs(lib).apply(x)
        b.sum().backward()
        return (a.grad_fn is b.grad_fn, index.requires_grad, a.grad_fn.name(), x.grad.tolist())

    ours, theirs = _run_everywhere(program)
    assert ours == theirs == (True, False, "TwoOutputsBackward", [2.0, 2.0, 2.0])


def test_set_materialize_grads_false_gives_none():
    def program(lib):
        received = []

        class Pair(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.set_materialize_grads(False)
                return x * 1, x * 2

            @staticmethod
            def backward(ctx, grad_a, grad_b):
                received.append((grad_a is None, grad_b is None))
                return grad_b * 2

        x = lib.tensor([1.0, 2.0], requires_grad=True)
        Pair.apply(x)[1].sum().backward()
        return received, x.grad.tolist()

    ours, theirs = _run_everywhere(program)
    assert ours == theirs == ([(True, False)], [2.0, 2.0])


def test_mark_dirty_changes_the_input_and_refuses_a_leaf():
    def program(lib):
        x = lib.tensor([0.0, 1.0], requires_grad=True)
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad has been used in an in-place "
                                               "operation."):
            exp_in_place(lib).apply(x)
        leaf = lib.tensor([0.0, 1.0], requires_grad=True)
        h = leaf * 1
        result = exp_in_place(lib).apply(h)
        result.sum().backward()
        return result is h, h._version, h.grad_fn.name(), np.round(leaf.grad.numpy(), 6).tolist()

    ours, theirs = _run_everywhere(program)
    assert ours == theirs


def test_saved_tensors_are_checked_and_freed():
    def program(lib):
        outcomes = []
        h = lib.tensor([1.0, 2.0], requires_grad=True) * 1
        y = legendre(lib).apply(h)
        h.add_(1)
        with pytest.raises(RuntimeError) as caught:
            y.sum().backward()
        outcomes.append(str(caught.value))
        z = legendre(lib).apply(lib.tensor([1.0, 2.0], requires_grad=True) * 1)
        z.sum().backward()
        with pytest.raises(RuntimeError) as caught:
            _ = z.grad_fn.saved_tensors
        outcomes.append(str(caught.value))
        return outcomes

    ours, theirs = _run_everywhere(program)
    assert ours == theirs
    assert "is at version 1; expected version 0 instead" in ours[0]
    assert ours[1].startswith("Trying to backward through the graph a second time")


def test_the_wrong_number_of_gradients_is_refused_as_pytorch():
    def program(lib):
        class Forgetful(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x, w):
                return x * w

            @staticmethod
            def backward(ctx, grad):
                return grad

        x = lib.tensor([1.0], requires_grad=True)
        with pytest.raises(RuntimeError) as caught:
            Forgetful.apply(x, lib.tensor([2.0])).sum().backward()
        return str(caught.value)

    ours, theirs = _run_everywhere(program)
    assert ours == theirs == "function ForgetfulBackward returned an incorrect number of gradients (expected 2, got 1)"


def test_needs_input_grad_and_no_grad():
    def program(lib):
        seen = []

        class Probe(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, k):
                seen.append(ctx.needs_input_grad)
                return x * w * k

            @staticmethod
            def backward(ctx, grad):
                return grad, None, None

        x = lib.tensor([1.0], requires_grad=True)
        y = Probe.apply(x, lib.tensor([2.0]), 3)
        with lib.no_grad():
            z = Probe.apply(x, lib.tensor([2.0]), 3)
        return seen, y.requires_grad, z.requires_grad, z.grad_fn is None

    ours, theirs = _run_everywhere(program)
    assert ours == theirs == ([(True, False, False), (True, False, False)], True, False, True)


def test_once_differentiable_backward_has_no_gradient_of_its_own():
    class Square(minitorch_es.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @minitorch_es.autograd.once_differentiable
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x * grad

    x = minitorch_es.tensor([3.0], requires_grad=True)
    (first,) = minitorch_es.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    assert first.tolist() == [6.0] and not first.requires_grad
