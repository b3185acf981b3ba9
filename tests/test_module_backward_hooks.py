"""Module backward hooks and state-dict hooks against PyTorch's: the order in which backward pre-hooks and full
backward hooks of nested modules fire, the gradients they see, what their return values replace, the global hooks,
handles, the legacy ``register_backward_hook``, and the hooks around ``state_dict`` and ``load_state_dict``."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import minitorch_es

LIBRARIES = (minitorch_es, torch)
UPSTREAM = [[1.0, -1.0], [0.5, 2.0]]


def _rounded(value):
    return None if value is None else np.round(value.detach().numpy(), 6).tolist()


def _model(lib):
    model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 2)).double()
    with lib.no_grad():
        for parameter in model.parameters():
            parameter.copy_(lib.tensor(np.linspace(-1, 1, parameter.numel()).reshape(parameter.shape)))
    return model


def _named(model):
    return [("sequential", model), ("fc1", model[0]), ("relu", model[1]), ("fc2", model[2])]


def _input(lib, requires_grad=True):
    return lib.tensor([[0.5, -1.0, 2.0], [1.0, 0.3, -0.2]], dtype=lib.float64, requires_grad=requires_grad)


def _events(lib, input_requires_grad: bool = True):
    events = []
    model = _model(lib)
    for name, module in _named(model):
        module.register_forward_hook(lambda m, args, out, name=name: events.append(("forward", name)))
        module.register_full_backward_pre_hook(
            lambda m, grad_output, name=name: events.append(("pre", name, [_rounded(g) for g in grad_output])))
        module.register_full_backward_hook(lambda m, grad_input, grad_output, name=name: events.append(
            ("full", name, [_rounded(g) for g in grad_input], [_rounded(g) for g in grad_output])))
    x = _input(lib, input_requires_grad)
    y = model(x)
    events.append(("output node", y.grad_fn.name()))
    y.backward(lib.tensor(UPSTREAM, dtype=lib.float64))
    events.append(("parameter grad", _rounded(model[0].weight.grad)))
    return events


@pytest.mark.parametrize("input_requires_grad", [True, False])
def test_backward_hooks_fire_in_pytorchs_order_with_its_gradients(input_requires_grad):
    ours, theirs = (_events(lib, input_requires_grad) for lib in LIBRARIES)
    assert ours == theirs
    first = [event[:2] for event in ours if event[0] in ("pre", "full")][:3]
    if input_requires_grad:
        assert first == [("pre", "sequential"), ("pre", "fc2"), ("full", "fc2")]
    else:  # no input of the model receives a gradient: its full hook fires with the outputs' gradients
        assert first == [("pre", "sequential"), ("full", "sequential"), ("pre", "fc2")]


def _replaced(lib):
    model = _model(lib)
    model[2].register_full_backward_hook(lambda m, grad_input, grad_output: tuple(g * 2 for g in grad_input))
    model[0].register_full_backward_pre_hook(lambda m, grad_output: (grad_output[0] * 0.5,))
    x = _input(lib)
    model(x).backward(lib.tensor(UPSTREAM, dtype=lib.float64))
    return _rounded(x.grad), _rounded(model[0].weight.grad)


def test_returned_gradients_replace_them_as_in_pytorch():
    ours, theirs = (_replaced(lib) for lib in LIBRARIES)
    assert ours == theirs


def _global_and_removed(lib):
    events = []
    module_hooks = lib.nn.modules.module
    model = _model(lib)
    handles = [module_hooks.register_module_full_backward_pre_hook(
                   lambda m, grad_output: events.append(("global pre", type(m).__name__))),
               module_hooks.register_module_full_backward_hook(
                   lambda m, grad_input, grad_output: events.append(("global full", type(m).__name__)))]
    own = model[2].register_full_backward_hook(lambda m, grad_input, grad_output: events.append(("own", "fc2")))
    try:
        model(_input(lib)).sum().backward()
    finally:
        for handle in handles:
            handle.remove()
    own.remove()
    model(_input(lib)).sum().backward()
    return events


def test_global_hooks_run_before_the_modules_own_and_handles_remove_them():
    ours, theirs = (_global_and_removed(lib) for lib in LIBRARIES)
    assert ours == theirs
    assert ("own", "fc2") in ours


def test_legacy_backward_hook_and_mixing_refused():
    for lib in LIBRARIES:
        seen = []
        layer = lib.nn.Linear(3, 4).double()
        handle = layer.register_backward_hook(lambda m, grad_input, grad_output, seen=seen: seen.append(
            sorted(list(g.shape) for g in grad_input if g is not None) + [list(grad_output[0].shape)]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's deprecation of this hook
            layer(_input(lib)).sum().backward()
        # grad_input are the last op's: PyTorch's addmm(bias, x, W^T) and our Linear(x, W, b) name their inputs in
        # another order, so the shapes are compared as a set
        assert sorted(seen[0][:-1]) in ([[3, 4], [4]], [[2, 3], [4], [4, 3]], [[4], [4, 3]], [[2, 3], [3, 4], [4]])
        assert seen[0][-1] == [2, 4]
        with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full backward hooks"):
            layer.register_full_backward_hook(lambda *args: None)
        handle.remove()


def _state_dict_events(lib):
    events = []
    model = lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.Linear(2, 1))
    model[1].register_state_dict_pre_hook(lambda m, prefix, keep_vars: events.append(("pre", prefix, keep_vars)))

    def rename(module, state_dict, prefix, local_metadata):
        events.append(("post", prefix, sorted(state_dict)))
        state_dict[prefix + "renamed"] = state_dict.pop(prefix + "bias")

    model[1].register_state_dict_post_hook(rename)
    saved = model.state_dict()
    events.append(("keys", list(saved)))

    def back(module, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
        events.append(("load pre", prefix, strict))
        state_dict[prefix + "bias"] = state_dict.pop(prefix + "renamed")

    model[1].register_load_state_dict_pre_hook(back)
    handle = model.register_load_state_dict_post_hook(
        lambda m, incompatible: events.append(("load post", list(incompatible.missing_keys))))
    model.load_state_dict(saved)
    handle.remove()

    def forgive(module, incompatible):
        incompatible.missing_keys.clear()

    model.register_load_state_dict_post_hook(forgive)
    partial = {key: value for key, value in saved.items() if not key.startswith("0.")}
    result = model.load_state_dict(partial)
    events.append(("forgiven", list(result.missing_keys)))
    return events


def test_state_dict_hooks_as_pytorchs():
    """Hooks that rename a key on saving and back on loading, and a post-hook that forgives missing keys."""
    ours, theirs = (_state_dict_events(lib) for lib in LIBRARIES)
    assert ours == theirs
    assert ("keys", ["0.weight", "0.bias", "1.weight", "1.renamed"]) in ours
