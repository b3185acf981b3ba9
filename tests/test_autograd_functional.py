"""autograd.functional (vjp, jvp, jacobian, hessian, hvp, vhp) and minitorch_es.func (grad, grad_and_value, vjp,
jvp, jacrev, jacfwd, hessian, vmap) against PyTorch's, on composed functions: an MLP loss, a CNN loss and a
softmax regression; with create_graph, strict mode's errors and inputs a function does not use."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.func
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import minitorch_es
import minitorch_es.func

LIBRARIES = (minitorch_es, torch)
RNG = np.random.default_rng(0)
IMAGES, LABELS = RNG.standard_normal((3, 1, 6, 6)), np.array([0, 2, 1])
FEATURES = RNG.standard_normal((4, 3))
MLP_WEIGHTS = (RNG.standard_normal((3, 5)), RNG.standard_normal((5, 3)))
CNN_WEIGHTS = (RNG.standard_normal((2, 1, 3, 3)), RNG.standard_normal((3, 8)))
REGRESSION_WEIGHTS = (RNG.standard_normal((3, 3)),)


def _t(lib, array):
    return lib.tensor(np.asarray(array, dtype=np.float64))


def mlp_loss(lib):
    """(w1 (3, 5), w2 (5, 3)) -> cross entropy of a two-layer tanh network on FEATURES."""
    def loss(w1, w2):
        logits = lib.tanh(_t(lib, FEATURES) @ w1) @ w2
        return lib.nn.functional.cross_entropy(logits, lib.tensor(np.array([0, 1, 2, 1])))
    return loss, MLP_WEIGHTS


def cnn_loss(lib):
    """(kernel (2, 1, 3, 3), weight (3, 8)) -> cross entropy of conv, ReLU, max pool, linear on IMAGES."""
    def loss(kernel, weight):
        h = lib.nn.functional.max_pool2d(lib.nn.functional.relu(lib.nn.functional.conv2d(
            _t(lib, IMAGES), kernel, padding=1)) + lib.sigmoid(lib.nn.functional.conv2d(_t(lib, IMAGES), kernel,
                                                                                        padding=1)), 3)
        return lib.nn.functional.cross_entropy(lib.nn.functional.linear(h.flatten(1), weight),
                                               lib.tensor(LABELS))
    return loss, CNN_WEIGHTS


def softmax_regression(lib):
    """w (3, 3) -> the softmax probabilities of FEATURES (a vector function: its Jacobian is (4, 3, 3, 3))."""
    def probabilities(w):
        return lib.softmax(_t(lib, FEATURES) @ w, dim=1)
    return probabilities, REGRESSION_WEIGHTS


SCALAR_FUNCTIONS = {"mlp": mlp_loss, "cnn": cnn_loss}


def _numpy(value):
    if isinstance(value, (tuple, list)):
        return [_numpy(v) for v in value]
    return value.detach().numpy()


def _assert_same(ours, theirs, rtol=1e-9, atol=1e-10):
    if isinstance(theirs, list):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _assert_same(a, b, rtol, atol)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


def _on_both(make, call):
    results = []
    for lib in LIBRARIES:
        function, arrays_ = make(lib)
        results.append(_numpy(call(lib, function, tuple(_t(lib, a) for a in arrays_))))
    return results


FUNCTIONAL = {
    "vjp": lambda lib, f, x: lib.autograd.functional.vjp(f, x),
    "jvp": lambda lib, f, x: lib.autograd.functional.jvp(f, x, tuple(v * 0.5 + 1 for v in x)),
    "jacobian": lambda lib, f, x: lib.autograd.functional.jacobian(f, x),
    "hessian": lambda lib, f, x: lib.autograd.functional.hessian(f, x),
    "hvp": lambda lib, f, x: lib.autograd.functional.hvp(f, x, tuple(lib.cos(v) for v in x)),
    "vhp": lambda lib, f, x: lib.autograd.functional.vhp(f, x, tuple(lib.cos(v) for v in x)),
}


@pytest.mark.parametrize("model", list(SCALAR_FUNCTIONS))
@pytest.mark.parametrize("name", list(FUNCTIONAL))
def test_functional_api_matches_pytorch_on_losses(model, name):
    _assert_same(*_on_both(SCALAR_FUNCTIONS[model], FUNCTIONAL[name]))


@pytest.mark.parametrize("name", ["vjp", "jvp", "jacobian"])
def test_functional_api_matches_pytorch_on_a_vector_function(name):
    calls = {"vjp": lambda lib, f, x: lib.autograd.functional.vjp(f, x[0], lib.ones(4, 3, dtype=lib.float64)),
             "jvp": lambda lib, f, x: lib.autograd.functional.jvp(f, x[0], x[0] * 2),
             "jacobian": lambda lib, f, x: lib.autograd.functional.jacobian(f, x[0])}
    _assert_same(*_on_both(softmax_regression, calls[name]))


@given(arrays(np.float64, (3,), elements=st.floats(-2, 2)), arrays(np.float64, (3,), elements=st.floats(-2, 2)))
@settings(max_examples=20)
def test_create_graph_results_are_differentiable(x, v):
    results = []
    for lib in LIBRARIES:
        leaf = lib.tensor(x, requires_grad=True)
        _, product = lib.autograd.functional.hvp(lambda a, lib=lib: (lib.sin(a) * a).sum() ** 2, leaf, lib.tensor(v),
                                                 create_graph=True)
        assert product.requires_grad
        results.append(_numpy(lib.autograd.grad(product.sum(), leaf)))
    _assert_same(*results)


STRICT_CASES = {
    "output independent of the input": lambda lib: lib.autograd.functional.jacobian(
        lambda a, b: a * 2, (lib.ones(2), lib.ones(2)), strict=True),
    "output without gradient": lambda lib: lib.autograd.functional.vjp(lambda a: lib.ones(2), lib.ones(2),
                                                                       lib.ones(2), strict=True),
    "linear function's hessian": lambda lib: lib.autograd.functional.hessian(lambda a: a.sum() * 3, lib.ones(2),
                                                                             strict=True),
    "vjp without v for a vector": lambda lib: lib.autograd.functional.vjp(lambda a: a * 2, lib.ones(2)),
    "v of another size": lambda lib: lib.autograd.functional.jvp(lambda a: a * 2, lib.ones(2), lib.ones(3)),
    "hessian of a vector": lambda lib: lib.autograd.functional.hessian(lambda a: a * a, lib.ones(2)),
    "vectorize with strict": lambda lib: lib.autograd.functional.jacobian(lambda a: a * a, lib.ones(2),
                                                                          strict=True, vectorize=True),
}


@pytest.mark.parametrize("name", list(STRICT_CASES))
def test_errors_are_pytorchs(name):
    raised = []
    for lib in LIBRARIES:
        with pytest.raises(RuntimeError) as error:
            STRICT_CASES[name](lib)
        raised.append(str(error.value).replace("minitorch_es.Size", "torch.Size"))
    assert raised[0] == raised[1]


def test_inputs_not_used_give_zeros():
    results = []
    for lib in LIBRARIES:
        inputs = (lib.tensor([1.0, 2.0], dtype=lib.float64), lib.tensor([3.0], dtype=lib.float64))
        jacobian = lib.autograd.functional.jacobian(lambda a, b: a * a, inputs)
        _, vjp = lib.autograd.functional.vjp(lambda a, b: (a * a).sum(), inputs)
        results.append(_numpy(list(jacobian) + list(vjp)))
    _assert_same(*results)


FUNC = {
    "grad": lambda F, f, x: F.grad(f, argnums=(0, 1))(*x),
    "grad_and_value": lambda F, f, x: F.grad_and_value(f, argnums=1)(*x),
    "vjp": lambda F, f, x: F.vjp(f, *x)[1](x[0].new_ones(())),
    "jvp": lambda F, f, x: F.jvp(f, x, tuple(v * 0.5 for v in x)),
    "jacrev": lambda F, f, x: F.jacrev(f, argnums=(0, 1))(*x),
    "jacfwd": lambda F, f, x: F.jacfwd(f, argnums=0)(*x),
    "hessian": lambda F, f, x: F.hessian(f, argnums=1)(*x),
    "grad of grad": lambda F, f, x: F.grad(lambda a, b: F.grad(f, argnums=1)(a, b).sum())(*x),
}


@pytest.mark.parametrize("model", list(SCALAR_FUNCTIONS))
@pytest.mark.parametrize("name", list(FUNC))
def test_func_transforms_match_torch_func(model, name):
    namespaces = {minitorch_es: minitorch_es.func, torch: torch.func}
    _assert_same(*_on_both(SCALAR_FUNCTIONS[model], lambda lib, f, x: FUNC[name](namespaces[lib], f, x)))


def test_vmap_matches_torch_func():
    results = []
    for lib, F in ((minitorch_es, minitorch_es.func), (torch, torch.func)):
        weights, batch = _t(lib, FEATURES[:3]), _t(lib, FEATURES)
        per_row = F.vmap(lambda row, w, lib=lib: (lib.tanh(w @ row), row.sum()), in_dims=(0, None))(batch, weights)
        gradients = F.vmap(F.grad(lambda row, lib=lib: (lib.sin(row) ** 2).sum()))(batch)
        results.append(_numpy(list(per_row) + [gradients]))
    _assert_same(*results)


def test_maml_step_with_functional_call_matches_pytorch():
    """One MAML meta-gradient: an inner SGD step taken with create_graph=True, the outer loss of the adapted
    weights (func.functional_call) differentiated back to the initial ones; and func.grad over a dict of them."""
    results = []
    for lib in LIBRARIES:
        model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Tanh(), lib.nn.Linear(4, 2)).double()
        model.load_state_dict({name: _t(lib, np.linspace(-1, 1, value.numel()).reshape(tuple(value.shape)))
                               for name, value in model.state_dict().items()})
        support, query = _t(lib, FEATURES[:2]), _t(lib, FEATURES[2:])
        params = dict(model.named_parameters())
        inner = (lib.func.functional_call(model, params, (support,)) ** 2).mean()
        grads = lib.autograd.grad(inner, list(params.values()), create_graph=True)
        adapted = {name: p - 0.1 * g for (name, p), g in zip(params.items(), grads)}
        outer = lib.func.functional_call(model, adapted, (query,)).sum()
        meta = lib.autograd.grad(outer, list(params.values()))
        by_func = lib.func.grad(lambda p, lib=lib, m=model, q=query: lib.func.functional_call(m, p, (q,)).sum())(
            {name: p.detach() for name, p in params.items()})
        results.append(_numpy(list(meta) + [by_func[name] for name in params]))
    _assert_same(*results)
