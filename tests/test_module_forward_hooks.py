"""Module forward hooks against PyTorch's: the order in which global and module pre-hooks and forward hooks fire,
what their return values replace (args, kwargs, output), prepend, with_kwargs, always_call, and handles."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import minitorch_es

LIBRARIES = (minitorch_es, torch)


class Scaled:
    """A module class for either library: y = scale * linear(x)."""

    @staticmethod
    def build(lib):
        class Module(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.linear = lib.nn.Linear(2, 2)

            def forward(self, x, scale=1.0):
                return self.linear(x) * scale

        module = Module()
        module.load_state_dict({"linear.weight": lib.tensor([[1.0, 2.0], [3.0, 4.0]]),
                                "linear.bias": lib.tensor([0.5, -0.5])})
        return module


def _events(lib):
    events = []
    module = Scaled.build(lib)
    hooks = lib.nn.modules.module
    handles = [
        hooks.register_module_forward_pre_hook(lambda m, a: events.append(("global pre", type(m).__name__))),
        hooks.register_module_forward_hook(lambda m, a, o: events.append(("global post", type(m).__name__))),
        module.register_forward_pre_hook(lambda m, a: events.append(("pre 1",))),
        module.register_forward_pre_hook(lambda m, a: (events.append(("pre first",)), (a[0] * 2,))[1],
                                         prepend=True),
        module.register_forward_pre_hook(lambda m, a, k: (events.append(("pre kwargs", sorted(k))),
                                                          (a, {"scale": 3.0}))[1], with_kwargs=True),
        module.register_forward_hook(lambda m, a, o: events.append(("post", o.detach().numpy().round(4).tolist()))),
        module.register_forward_hook(lambda m, a, k, o: o + 1, with_kwargs=True),
        module.linear.register_forward_hook(lambda m, a, o: events.append(("linear", tuple(o.shape)))),
    ]
    try:
        output = module(lib.tensor([[1.0, 1.0]]), scale=2.0)
        events.append(("output", output.detach().numpy().tolist()))
        handles[5].remove()
        module(lib.tensor([[1.0, 1.0]]))
        events.append(("after remove",))
    finally:
        for handle in handles:
            handle.remove()
    module(lib.tensor([[1.0, 1.0]]))  # nothing fires any more
    return events


def test_hooks_fire_in_pytorchs_order_and_replace_what_they_return():
    ours, theirs = (_events(lib) for lib in LIBRARIES)
    assert ours == theirs


def test_always_call_hooks_run_when_forward_raises():
    for lib in LIBRARIES:
        events = []
        layer = lib.nn.Linear(2, 2)
        layer.register_forward_hook(lambda m, a, o, seen=events: seen.append("always"), always_call=True)
        layer.register_forward_hook(lambda m, a, o, seen=events: seen.append("normal"))
        with pytest.raises(RuntimeError):
            layer(lib.ones(3, 5))
        assert events == ["always"]


def test_a_forward_hook_extracts_features():
    """The feature-extraction pattern: an intermediate activation captured by a hook equals PyTorch's."""
    captured = []
    for lib in LIBRARIES:
        lib.manual_seed(0)
        net = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Tanh(), lib.nn.Linear(4, 1))
        net.load_state_dict({k: lib.tensor(np.linspace(-1, 1, v.numel()).reshape(tuple(v.shape)).astype(np.float32))
                             for k, v in net.state_dict().items()})
        features = {}
        with net[1].register_forward_hook(lambda m, a, o, store=features: store.update(tanh=o.detach())):
            net(lib.tensor(np.ones((2, 3), np.float32)))
        captured.append(features["tanh"].numpy())
    np.testing.assert_allclose(captured[0], captured[1], rtol=1e-6)
