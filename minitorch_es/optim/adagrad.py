"""Adagrad: each parameter's step shrinks with the sum of its squared gradients so far (as PyTorch's)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .optimizer import Optimizer, check_implementation_options


class Adagrad(Optimizer):
    """Adagrad:

        g_t = grad J(theta_t)  (+ lambda theta_t with ``weight_decay``; -g_t with ``maximize``)
        s_t = s_{t-1} + g_t^2                       (s_0 = ``initial_accumulator_value``)
        theta_{t+1} = theta_t - rho_t g_t / (sqrt(s_t) + eps),   rho_t = lr / (1 + (t - 1) lr_decay)
    """

    def __init__(self, params: Iterable, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, foreach=None, *, maximize: bool = False,
                 differentiable: bool = False, fused=None) -> None:
        check_implementation_options(differentiable)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def _validate(self, group: dict) -> None:
        for name, message in (("lr", "Invalid learning rate"), ("lr_decay", "Invalid lr_decay value"),
                              ("weight_decay", "Invalid weight_decay value"),
                              ("initial_accumulator_value", "Invalid initial_accumulator_value value"),
                              ("eps", "Invalid epsilon value")):
            if group[name] < 0.0:
                raise ValueError(f"{message}: {group[name]}")

    def _update_group(self, group: dict) -> None:
        for param in group["params"]:
            if param.grad is None:
                continue
            if "sum" not in self.state[param]:
                self._state_array(param, "sum")[:] = group["initial_accumulator_value"]
            step = self._next_step(param)
            theta, grad = self._flat(param), self._flat(param.grad)
            grad = -grad if group["maximize"] else grad
            if group["weight_decay"] != 0:
                grad = grad + group["weight_decay"] * theta
            rate = group["lr"] / (1 + (step - 1) * group["lr_decay"])
            accumulated = self._state_array(param, "sum")
            accumulated += grad * grad
            theta -= rate * (grad / (np.sqrt(accumulated) + np.asarray(group["eps"], dtype=theta.dtype)))
