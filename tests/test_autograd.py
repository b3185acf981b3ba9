"""The autograd machinery: accumulation, retain_graph, grad modes, hooks, deep graphs, in-place rules."""

import numpy as np
import pytest
import torch
from hypothesis import given
from parity import numerical_gradient
from strategies import arrays, distinct, shapes

import minitorch_es as mt


def test_gradients_accumulate_across_backward_calls():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    assert x.grad.tolist() == [3.0 + 2.0, 3.0 + 4.0]


def test_a_tensor_used_twice_receives_both_gradients():
    x = mt.tensor(3.0, requires_grad=True)
    y = x * x + x
    y.backward()
    assert x.grad.item() == 7.0


def test_diamond_graph_orders_every_consumer_before_its_input():
    x = mt.tensor(2.0, requires_grad=True)
    a = x * 3
    b = a * a
    c = a + b
    d = c * b
    d.backward()
    assert x.grad.item() == 3 * (3 * 6**2 + 4 * 6**3)  # d = a^3 + a^4 with a = 3x


def test_second_backward_needs_retain_graph():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * 2).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 4 * np.exp([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_backward_of_non_scalar_needs_gradient():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        (x * 2).backward()
    (x * 2).backward(mt.tensor([1.0, -1.0]))
    assert x.grad.tolist() == [2.0, -2.0]
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape of "
                                           r"minitorch_es.Size\(\[3\]\) and output\[0\] has a shape of "
                                           r"minitorch_es.Size\(\[2\]\)\."):
        (x * 2).backward(mt.ones(3))


def test_backward_of_tensor_without_grad_is_an_error():
    with pytest.raises(RuntimeError, match="does not require grad and does not have a grad_fn"):
        mt.tensor([1.0]).sum().backward()


def test_deep_graph_does_not_hit_the_recursion_limit():
    x = mt.tensor(1.0, dtype=mt.float64, requires_grad=True)
    y = x
    for _ in range(20000):
        y = y * 1.0001
    y.backward()
    assert x.grad.item() == pytest.approx(1.0001 ** 20000)


def test_no_grad_enable_grad_and_set_grad_enabled():
    x = mt.tensor([1.0], requires_grad=True)
    with mt.no_grad():
        y = x * 2
        with mt.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None
    with mt.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert mt.is_grad_enabled()
    mt.set_grad_enabled(False)
    assert not mt.is_grad_enabled()
    mt.set_grad_enabled(True)

    @mt.no_grad()
    def doubled(t):
        return t * 2

    assert not doubled(x).requires_grad


def test_detach_and_clone():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert not d.requires_grad and d.is_leaf
    d[0] = 5.0
    assert x.detach()[0].item() == 5.0
    c = x.clone()
    assert c.grad_fn is not None
    (c * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_in_place_updates_under_no_grad_like_an_optimizer():
    w = mt.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    with mt.no_grad():
        w -= 0.1 * w.grad
    np.testing.assert_allclose(w.detach().numpy(), [0.8, 1.6], rtol=1e-6)
    assert w.is_leaf and w.requires_grad
    w.grad.zero_()
    assert w.grad.tolist() == [0.0, 0.0]


def test_in_place_on_leaf_requiring_grad_is_refused():
    w = mt.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        w += 1
    doubled = w * 2
    doubled.mul_(3)  # a non-leaf changes in place, as in PyTorch: the graph is rebased onto MulBackward0
    doubled.sum().backward()
    assert w.grad.tolist() == [6.0]


def test_in_place_refuses_lossy_casts_and_shape_changes():
    ints = mt.tensor([1, 2])
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        ints += 0.5
    with pytest.raises(RuntimeError, match=r"output with shape \[2\] doesn't match the broadcast shape \[2, 2\]"):
        mt.zeros(2).add_(mt.ones(2, 2))


def test_requires_grad_only_for_floats_and_leaves():
    with pytest.raises(RuntimeError, match="only Tensors of floating point"):
        mt.tensor([1, 2], requires_grad=True)
    y = mt.tensor([1.0], requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf variables"):
        y.requires_grad_(False)


def test_retain_grad_and_hooks():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    seen = []
    y.register_hook(lambda g: seen.append(g.tolist()))
    handle = x.register_hook(lambda g: g * 10)
    (y * y).sum().backward()
    assert y.grad.tolist() == [4.0, 8.0]
    assert seen == [[4.0, 8.0]]
    assert x.grad.tolist() == [80.0, 160.0]
    handle.remove()


def test_gradient_keeps_the_input_dtype_under_promotion():
    a = mt.tensor([1.0, 2.0], dtype=mt.float32, requires_grad=True)
    b = mt.tensor([3.0, 4.0], dtype=mt.float64, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.dtype is mt.float32 and b.grad.dtype is mt.float64
    c = mt.tensor([1.0], requires_grad=True)
    c.double().sum().backward()
    assert c.grad.dtype is mt.float32


def test_numpy_needs_detach_when_requiring_grad():
    x = mt.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Use tensor.detach\(\).numpy\(\) instead"):
        x.numpy()
    assert x.detach().numpy().tolist() == [1.0]


FINITE_DIFFERENCE_CASES = {
    "softmax_log": lambda t: (t.softmax(-1) * t).sum(),
    "log_softmax": lambda t: (mt.log_softmax(t, 0)
                              * mt.arange(float(t.shape[0])).reshape(-1, *[1] * (t.ndim - 1))).sum(),
    "var_std": lambda t: t.var() + t.std(-1).sum(),
    "logsumexp_prod": lambda t: t.logsumexp(0).sum() + (t * 0.3).prod(),
    "matmul_sigmoid": lambda t: (t.reshape(-1, 1) @ t.reshape(1, -1)).sigmoid().sum(),
    "gelu_elu_tanh": lambda t: (mt.nn.functional.gelu(t) + mt.nn.functional.elu(t) * t.tanh()).sum(),
    "pow_div": lambda t: ((t * t + 1) ** 1.5 / (t.abs() + 1)).sum(),
    "indexing_cat": lambda t: mt.cat([t.reshape(-1)[::2] * 2, t.reshape(-1)[[0, 0]]]).sin().sum(),
}


@pytest.mark.parametrize("name", FINITE_DIFFERENCE_CASES)
@given(x=shapes(min_dims=1, max_dims=3, min_side=2, max_side=4).flatmap(lambda s: arrays(s, -1.5, 1.5)))
def test_gradients_match_finite_differences(name, x):
    function = FINITE_DIFFERENCE_CASES[name]
    x = distinct(x, 0.05) + 0.01
    leaf = mt.tensor(x, requires_grad=True)
    function(leaf).backward()
    numeric = numerical_gradient(lambda a: function(mt.tensor(a)).item(), x.copy())
    np.testing.assert_allclose(leaf.grad.numpy(), numeric, rtol=1e-3, atol=1e-5)


def test_inference_mode_and_decorators_without_parentheses_as_pytorch():
    for lib in (mt, torch):
        x = lib.ones(2, requires_grad=True)

        @lib.no_grad
        def doubled(t):
            return t * 2

        @lib.inference_mode
        def tripled(t):
            return t * 3

        @lib.inference_mode(False)
        def recorded(t):
            return t * 4

        assert not doubled(x).requires_grad and not tripled(x).requires_grad and recorded(x).requires_grad
        with lib.inference_mode():
            assert not (x * 2).requires_grad
        with lib.inference_mode(mode=False):
            assert (x * 2).requires_grad
