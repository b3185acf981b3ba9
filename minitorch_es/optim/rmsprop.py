"""RMSprop: divide each gradient by a running root-mean-square of its recent values."""

from __future__ import annotations

from collections.abc import Iterable

from ..kernels import optimizers
from .optimizer import Optimizer, check_implementation_options


class RMSprop(Optimizer):
    """RMSprop:

        s_t = alpha s_{t-1} + (1 - alpha) g_t^2
        d_t = sqrt(s_t) + eps      (``centered``: sqrt(s_t - gbar_t^2) + eps, gbar_t = alpha gbar_{t-1} + (1-alpha) g_t)
        theta_{t+1} = theta_t - rho g_t / d_t      (``momentum`` mu: b_t = mu b_{t-1} + g_t / d_t; theta -= rho b_t)

    ``weight_decay`` lambda adds lambda theta to g_t; ``maximize`` ascends.
    """

    def __init__(self, params: Iterable, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False, *, capturable: bool = False,
                 foreach=None, maximize: bool = False, differentiable: bool = False) -> None:
        check_implementation_options(differentiable)
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                        centered=centered, maximize=maximize, capturable=capturable, foreach=foreach,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def _validate(self, group: dict) -> None:
        for name, message in (("lr", "Invalid learning rate"), ("eps", "Invalid epsilon value"),
                              ("momentum", "Invalid momentum value"), ("weight_decay", "Invalid weight_decay value"),
                              ("alpha", "Invalid alpha value")):
            if group[name] < 0.0:
                raise ValueError(f"{message}: {group[name]}")

    def _update_group(self, group: dict) -> None:
        update = optimizers.rmsprop
        for param in group["params"]:
            if param.grad is None:
                continue
            self._next_step(param)
            square_avg = self._state_array(param, "square_avg")
            grad_avg = self._state_array(param, "grad_avg") if group["centered"] else None
            buffer = self._state_array(param, "momentum_buffer") if group["momentum"] > 0 else None
            update(self._flat(param), self._flat(param.grad), square_avg, grad_avg, buffer, float(group["lr"]),
                   float(group["alpha"]), float(group["eps"]), float(group["weight_decay"]),
                   float(group["momentum"]), bool(group["centered"]), bool(group["maximize"]))
