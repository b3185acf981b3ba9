"""autograd.grad, Tensor.backward(create_graph, inputs) and gradients of any order, against PyTorch: values,
the graph they leave, and the errors (type and wording)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import minitorch_es

LIBRARIES = (minitorch_es, torch)


def _leaf(lib, values, requires_grad=True):
    return lib.tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


def _numpy(tensor):
    return None if tensor is None else tensor.detach().numpy()


def _both(case):
    """case(lib) for both libraries, as NumPy (nested tuples kept)."""
    def convert(value):
        if isinstance(value, (tuple, list)):
            return [convert(v) for v in value]
        return _numpy(value) if hasattr(value, "detach") or value is None else value
    return [convert(case(lib)) for lib in LIBRARIES]


def _assert_same(ours, theirs, rtol=1e-10, atol=1e-12):
    if isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _assert_same(a, b, rtol, atol)
    elif theirs is None:
        assert ours is None
    else:
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


ERROR_CASES = {
    "empty inputs": lambda lib, x, y: lib.autograd.grad((x * 2).sum(), []),
    "input without grad": lambda lib, x, y: lib.autograd.grad((x * 2).sum(), [lib.ones(3)]),
    "unused input": lambda lib, x, y: lib.autograd.grad((x * 2).sum(), [x, y]),
    "materialize with allow_unused=False": lambda lib, x, y: lib.autograd.grad((x * 2).sum(), [x, y],
                                                                               materialize_grads=True,
                                                                               allow_unused=False),
    "non-scalar output": lambda lib, x, y: lib.autograd.grad(x * 2, [x]),
    "grad_output of another shape": lambda lib, x, y: lib.autograd.grad(x * 2, [x], lib.ones(2)),
    "output without grad": lambda lib, x, y: lib.autograd.grad(lib.ones(3).sum(), [x]),
    "backward with empty inputs": lambda lib, x, y: (x * 2).sum().backward(inputs=[]),
    "second backward through a freed graph": lambda lib, x, y: _backward_twice(lib, x),
}


def _backward_twice(lib, x):
    y = (x.exp() * x).sum()
    y.backward()
    y.backward()


@pytest.mark.parametrize("name", list(ERROR_CASES))
def test_errors_are_pytorchs(name):
    raised = []
    for lib in LIBRARIES:
        x, y = _leaf(lib, [1.0, 2.0, 3.0]), _leaf(lib, [4.0, 5.0, 6.0])
        with pytest.raises((RuntimeError, ValueError)) as error:
            ERROR_CASES[name](lib, x, y)
        raised.append(error)
    ours, theirs = raised
    assert ours.type is theirs.type
    assert str(ours.value).replace("minitorch_es.Size", "torch.Size") == str(theirs.value)


GRAD_CASES = {
    "allow_unused gives None": lambda lib, x, y: lib.autograd.grad((x * 2).sum(), [x, y], allow_unused=True),
    "materialize_grads gives zeros": lambda lib, x, y: lib.autograd.grad((x * x).sum(), [x, y],
                                                                         materialize_grads=True),
    "several outputs add up": lambda lib, x, y: lib.autograd.grad([(x * 2).sum(), (x * y).sum()], [x, y]),
    "grad_outputs with a None": lambda lib, x, y: lib.autograd.grad([(x * 2).sum(), (x * y).sum()], [x],
                                                                    [None, lib.tensor(2.0, dtype=lib.float64)]),
    "non-leaf input": lambda lib, x, y: _non_leaf(lib, x),
    "batched grad_outputs": lambda lib, x, y: lib.autograd.grad(
        x * y, [x, y], lib.eye(3, dtype=lib.float64), is_grads_batched=True),
    "second derivative of x^3": lambda lib, x, y: _second_of_cube(lib, x),
    "third order": lambda lib, x, y: _third_order(lib, x, y),
    "grad of grad with respect to the upstream vector": lambda lib, x, y: _wrt_upstream(lib, x, y),
}


def _non_leaf(lib, x):
    z = x * 2
    return lib.autograd.grad((z * z).sum(), [z, x])


def _second_of_cube(lib, x):
    (first,) = lib.autograd.grad((x ** 3).sum(), x, create_graph=True)
    assert first.requires_grad and first.grad_fn is not None
    return first, lib.autograd.grad(first.sum(), x)[0]


def _third_order(lib, x, y):
    z = (lib.tanh(x * y) * lib.sigmoid(x)).sum()
    (first,) = lib.autograd.grad(z, x, create_graph=True)
    (second,) = lib.autograd.grad(first.sum(), x, create_graph=True)
    return first, second, lib.autograd.grad(second.sum(), [x, y])


def _wrt_upstream(lib, x, y):
    u = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
    (first,) = lib.autograd.grad(lib.sin(x) * y, x, u, create_graph=True)
    return lib.autograd.grad((first * first).sum(), [x, y, u])


@pytest.mark.parametrize("name", list(GRAD_CASES))
def test_gradients_match_pytorch(name):
    ours, theirs = _both(lambda lib: GRAD_CASES[name](lib, _leaf(lib, [1.0, 2.0, 3.0]),
                                                      _leaf(lib, [4.0, -0.5, 0.25])))
    _assert_same(ours, theirs)


def test_backward_with_inputs_accumulates_only_there():
    results = []
    for lib in LIBRARIES:
        x, y = _leaf(lib, [1.0, 2.0]), _leaf(lib, [3.0, 4.0])
        z = x * 2
        z.retain_grad()
        (z * y).sum().backward(inputs=[y, z])
        results.append((x.grad, _numpy(y.grad), _numpy(z.grad)))
    (ours_x, *ours), (theirs_x, *theirs) = results
    assert ours_x is None and theirs_x is None
    _assert_same(ours, theirs)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")  # PyTorch's reference-cycle note
def test_backward_create_graph_leaves_a_differentiable_grad():
    for lib in LIBRARIES:
        x = _leaf(lib, [1.0, 2.0])
        (x ** 3).sum().backward(create_graph=True)
        assert x.grad.requires_grad and not x.grad.is_leaf
        (second,) = lib.autograd.grad(x.grad.sum(), x)
        np.testing.assert_allclose(_numpy(second), [6.0, 12.0])


def test_gradient_penalty_matches_pytorch():
    """WGAN-GP: the penalty (||dD/dx|| - 1)^2 is differentiated with respect to D's weights."""
    rng = np.random.default_rng(0)
    w1, w2, x = rng.standard_normal((4, 3)), rng.standard_normal((1, 4)), rng.standard_normal((5, 3))
    results = []
    for lib in LIBRARIES:
        weights = [_leaf(lib, w1), _leaf(lib, w2)]
        inputs = _leaf(lib, x)
        scores = lib.nn.functional.linear(lib.tanh(lib.nn.functional.linear(inputs, weights[0])), weights[1])
        (slopes,) = lib.autograd.grad(scores.sum(), inputs, create_graph=True)
        penalty = ((slopes.norm(2, dim=1) - 1) ** 2).mean()
        penalty.backward()
        results.append([_numpy(penalty)] + [_numpy(w.grad) for w in weights])
    _assert_same(*results)


@given(arrays(np.float64, (2, 1, 5, 5), elements=st.floats(-2, 2)), st.sampled_from([1, 2]))
def test_third_order_through_a_cnn(images, stride):
    """conv2d, tanh, max pooling, softmax: d^3 / d weight^3 along random directions, as PyTorch."""
    rng = np.random.default_rng(1)
    kernel, upstream = rng.standard_normal((3, 1, 3, 3)), rng.standard_normal((2, 3, 1, 1))

    def third(lib):
        weight = _leaf(lib, kernel)
        h = lib.nn.functional.conv2d(_leaf(lib, images, False), weight, stride=stride, padding=1)
        h = lib.nn.functional.adaptive_max_pool2d(lib.tanh(h), 1)
        loss = (lib.softmax(h, dim=1) * _leaf(lib, upstream, False)).sum()
        (first,) = lib.autograd.grad(loss, weight, create_graph=True)
        (second,) = lib.autograd.grad((first * first).sum(), weight, create_graph=True)
        return first, second, lib.autograd.grad(second.sum(), weight)[0]

    _assert_same(*_both(third), rtol=1e-7, atol=1e-9)


def _standardized_by_primitives(lib, x):
    centered = x - x.mean((1, 2), keepdim=True)
    return centered / lib.sqrt((centered * centered).mean((1, 2), keepdim=True) + 1e-5)


def test_layer_norm_to_the_third_order():
    """PyTorch's layer_norm is wrong at the third order (its double backward's own gradient: 658 where the same
    normalization written with primitive ops gives 1179, PyTorch 2.14). Ours is compared with the primitive form,
    which PyTorch differentiates correctly, to the third order; to the second with layer_norm itself."""
    x0 = np.random.default_rng(5).standard_normal((2, 3, 4))
    weights = np.random.default_rng(6).standard_normal((2, 3, 4))

    def derivatives(lib, normalize, orders):
        x = _leaf(lib, x0)
        value = (normalize(lib, x) ** 2 * lib.tensor(weights)).sum()
        found = []
        for order in range(orders):
            (value,) = lib.autograd.grad(value if order == 0 else (value * value).sum(), x,
                                         create_graph=order < orders - 1)
            found.append(_numpy(value))
        return found

    ours = derivatives(minitorch_es, lambda lib, x: lib.nn.functional.layer_norm(x, x.shape[1:]), 3)
    _assert_same(ours, derivatives(torch, _standardized_by_primitives, 3), rtol=1e-9, atol=1e-9)
    _assert_same(ours[:2], derivatives(torch, lambda lib, x: lib.nn.functional.layer_norm(x, x.shape[1:]), 2),
                 rtol=1e-9, atol=1e-9)


def _walk(node):
    """The graph below ``node`` as nested (name, [children]) with AccumulateGrad's variable named by its values."""
    if node is None:
        return None
    if not node.next_functions and hasattr(node, "variable"):
        return ("AccumulateGrad", node.variable.detach().numpy().tolist())
    return (node.name(), [_walk(child) for child, _ in node.next_functions])


def test_the_graph_can_be_walked_as_pytorchs():
    """grad_fn.next_functions: the same edges and node names as PyTorch's for the same expression, AccumulateGrad
    at each leaf (the same object each time, holding the leaf), None where an input needs no gradient."""
    walks = []
    for lib in LIBRARIES:
        x, w = _leaf(lib, [1.0, 2.0]), _leaf(lib, [3.0, 4.0])
        y = ((x * w + _leaf(lib, [0.5, 0.5], requires_grad=False)).exp() * 2).sum()
        walks.append(_walk(y.grad_fn))
        leaf_node = (x * 2).grad_fn.next_functions[0][0]
        assert leaf_node is (x * 3).grad_fn.next_functions[0][0] and leaf_node.variable is x
        assert leaf_node.name() == "torch::autograd::AccumulateGrad" and leaf_node.next_functions == ()
    assert walks[0] == walks[1]
