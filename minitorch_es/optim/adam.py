"""Adam and AdamW (guide 001, "Adam: Adaptive Moment Estimation" and "AdamW")."""

from __future__ import annotations

from collections.abc import Iterable

from ..kernels import optimizers
from .optimizer import Optimizer, check_implementation_options


class Adam(Optimizer):
    """Adam (guide 001): steps by the bias-corrected running means of the gradient and of its square; the step,
    equation by equation, is :func:`~minitorch_es.kernels.optimizers.adam_numpy`.

    ``weight_decay`` adds an L2 term to the gradient; ``amsgrad`` divides by the running maximum of the squares'
    mean; ``maximize`` ascends; ``decoupled_weight_decay=True`` is AdamW.
    """

    def __init__(self, params: Iterable, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *, foreach=None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False, fused=None,
                 decoupled_weight_decay: bool = False) -> None:
        check_implementation_options(differentiable)
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, decoupled_weight_decay=decoupled_weight_decay, foreach=foreach,
                        capturable=capturable, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def _validate(self, group: dict) -> None:
        if group["lr"] < 0.0:
            raise ValueError(f"Invalid learning rate: {group['lr']}")
        if group["eps"] < 0.0:
            raise ValueError(f"Invalid epsilon value: {group['eps']}")
        for index, beta in enumerate(group["betas"]):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {index}: {beta}")
        if group["weight_decay"] < 0.0:
            raise ValueError(f"Invalid weight_decay value: {group['weight_decay']}")

    def _update_group(self, group: dict) -> None:
        update = optimizers.adam
        beta1, beta2 = group["betas"]
        for param in group["params"]:
            if param.grad is None:
                continue
            step = self._next_step(param)
            exp_avg = self._state_array(param, "exp_avg")
            exp_avg_sq = self._state_array(param, "exp_avg_sq")
            maximum = self._state_array(param, "max_exp_avg_sq") if group["amsgrad"] else None
            update(self._flat(param), self._flat(param.grad), exp_avg, exp_avg_sq, maximum,
                   step, float(group["lr"]), float(beta1), float(beta2), float(group["eps"]),
                   float(group["weight_decay"]), bool(group["amsgrad"]), bool(group["maximize"]),
                   bool(group.get("decoupled_weight_decay", False)))


class AdamW(Adam):
    """AdamW (guide 001): Adam whose weight decay shrinks the weights themselves, before the moment update, instead
    of adding an L2 term to the gradient (:func:`~minitorch_es.kernels.optimizers.adam_numpy`, ``decoupled``).
    The default decay is 1e-2.
    """

    def __init__(self, params: Iterable, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False, foreach=None, capturable: bool = False, differentiable: bool = False,
                 fused=None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize, foreach=foreach,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
