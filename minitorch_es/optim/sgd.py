"""Stochastic gradient descent with momentum (guide 001), in PyTorch's form and in the guide's classical form."""

from __future__ import annotations

from collections.abc import Iterable

from ..kernels import optimizers
from .optimizer import Optimizer, check_implementation_options


class SGD(Optimizer):
    """SGD with momentum (guide 001), in two forms; the step, equation by equation, is
    :func:`~minitorch_es.kernels.optimizers.sgd_numpy`.

    PyTorch's momentum (the default) keeps a buffer of gradients, b_t, and steps by rho b_t; the guide's classical
    momentum (``momentum_form="classical"``) keeps a velocity v_t that already holds the learning rate. The two give
    identical trajectories while rho is constant (v = rho b). They differ when rho changes, e.g. under a scheduler:
    PyTorch's form applies the new rho to the whole accumulated buffer at once, the classical form only to new
    gradients (the velocity keeps the old rates). ``weight_decay`` adds an L2 term to the gradient; ``nesterov``
    looks ahead by one momentum step; ``maximize`` ascends.
    """

    def __init__(self, params: Iterable, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False, foreach=None,
                 differentiable: bool = False, fused=None, momentum_form: str = "pytorch") -> None:
        check_implementation_options(differentiable)
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov,
                        maximize=maximize, momentum_form=momentum_form, foreach=foreach,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def _validate(self, group: dict) -> None:
        if group["lr"] < 0.0:
            raise ValueError(f"Invalid learning rate: {group['lr']}")
        if group["momentum"] < 0.0:
            raise ValueError(f"Invalid momentum value: {group['momentum']}")
        if group["weight_decay"] < 0.0:
            raise ValueError(f"Invalid weight_decay value: {group['weight_decay']}")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        if group["momentum_form"] not in ("pytorch", "classical"):
            raise ValueError(f"momentum_form must be 'pytorch' or 'classical', got {group['momentum_form']!r}")

    def _update_group(self, group: dict) -> None:
        update = optimizers.sgd
        for param in group["params"]:
            if param.grad is None:
                continue
            state = self.state[param]
            first_step = "momentum_buffer" not in state
            buffer = self._state_array(param, "momentum_buffer") if group["momentum"] != 0 else None
            update(self._flat(param), self._flat(param.grad), buffer, float(group["lr"]), float(group["momentum"]),
                   float(group["dampening"]), float(group["weight_decay"]), bool(group["nesterov"]),
                   bool(group["maximize"]), first_step, group["momentum_form"] == "classical")
