"""RMSprop: divide each gradient by a running root-mean-square of its recent values."""

from __future__ import annotations

from collections.abc import Iterable

from ..kernels import optimizers
from .optimizer import Optimizer, check_implementation_options


class RMSprop(Optimizer):
    """RMSprop: divides each gradient by the root of a running mean of its squares; the step, equation by equation,
    is :func:`~minitorch_es.kernels.optimizers.rmsprop_numpy`.

    ``centered`` subtracts the squared running mean of the gradient first (a variance); ``momentum`` accumulates
    the divided steps; ``weight_decay`` adds an L2 term to the gradient; ``maximize`` ascends.
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
