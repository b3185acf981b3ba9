"""Adam and AdamW (guide 001, "Adam: Adaptive Moment Estimation" and "AdamW")."""

from __future__ import annotations

from collections.abc import Iterable

from ..kernels import optimizers
from .optimizer import Optimizer, check_implementation_options


class Adam(Optimizer):
    """Adam (guide 001):

        g_t = grad J(theta_t)                      (+ lambda theta_t with ``weight_decay``, as an L2 term)
        m_t = beta1 m_{t-1} + (1 - beta1) g_t      v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
        m_hat = m_t / (1 - beta1^t)                v_hat = v_t / (1 - beta2^t)
        theta_{t+1} = theta_t - rho m_hat / (sqrt(v_hat) + eps)

    ``amsgrad`` replaces v_hat by the running maximum of v_t (bias-corrected); ``maximize`` ascends;
    ``decoupled_weight_decay=True`` is AdamW.
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
    """AdamW (guide 001): Adam with decoupled weight decay, applied to the weights before the moment update,

        theta_t <- theta_t (1 - rho lambda),   then the Adam step without any L2 term in g_t,

    so that theta_{t+1} = theta_t - rho (m_hat / (sqrt(v_hat) + eps) + lambda theta_t). Default lambda = 1e-2.
    """

    def __init__(self, params: Iterable, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False, foreach=None, capturable: bool = False, differentiable: bool = False,
                 fused=None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize, foreach=foreach,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
