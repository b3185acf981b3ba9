"""Optimizer updates on flat arrays, in two versions that give the same numbers.

``*_numpy``: the guides' equations transcribed line by line with NumPy (read these first).
``*_numba``: one fused Numba loop per parameter: each element is read and written once instead of once per line.

All update ``param`` and the state arrays in place; ``grad`` is never modified. Scalars (lr, betas, ...) are
Python floats; the arrays may be float32 or float64. As in PyTorch, compound scalars (1 - beta1, lr / (1 - beta1^t))
are computed in double precision and then used in the arrays' precision.
"""

from __future__ import annotations

import numba
import numpy as np

from .kernel_sets import by_kernel_set


# ---- SGD ---------------------------------------------------------------------------------------------------------


def sgd_numpy(param, grad, momentum_buffer, lr, momentum, dampening, weight_decay, nesterov, maximize, first_step,
              classical):
    """The step of :class:`~minitorch_es.optim.SGD` (guide 001), with theta = ``param`` and rho = ``lr``:

        g_t = grad J(theta_t)   (+ lambda theta_t with ``weight_decay``; -g_t with ``maximize``)
        without momentum:                 theta_{t+1} = theta_t - rho g_t
        PyTorch's momentum (default):     b_t = mu b_{t-1} + (1 - dampening) g_t   (b_1 = g_1)
                                          theta_{t+1} = theta_t - rho b_t          (Nesterov: rho (g_t + mu b_t))
        the guide's (``classical``):      v_{t+1} = mu v_t + rho g_t               (v_1 = rho g_1)
                                          theta_{t+1} = theta_t - v_{t+1}          (Nesterov: rho g_t + mu v_{t+1})
    """
    d = -grad if maximize else grad
    if weight_decay != 0:
        d = d + weight_decay * param
    if momentum == 0:
        param -= lr * d
        return
    step = lr * d if classical else d
    if first_step:
        momentum_buffer[...] = step
    else:
        momentum_buffer *= momentum
        momentum_buffer += (1 - dampening) * step
    update = step + momentum * momentum_buffer if nesterov else momentum_buffer
    if classical:
        param -= update
    else:
        param -= lr * update


@numba.njit(cache=True, error_model="numpy")
def _sgd_kernel(param, grad, momentum_buffer, lr, momentum, one_minus_dampening, weight_decay, nesterov, maximize,
                first_step, classical):
    for i in range(param.size):
        d = -grad[i] if maximize else grad[i]
        if weight_decay != 0:
            d = d + weight_decay * param[i]
        if momentum == 0:
            param[i] -= lr * d
            continue
        step = lr * d if classical else d
        if first_step:
            momentum_buffer[i] = step
        else:
            momentum_buffer[i] = momentum_buffer[i] * momentum + one_minus_dampening * step
        update = step + momentum * momentum_buffer[i] if nesterov else momentum_buffer[i]
        param[i] -= update if classical else lr * update


def sgd_numba(param, grad, momentum_buffer, lr, momentum, dampening, weight_decay, nesterov, maximize, first_step,
              classical):
    scalar = param.dtype.type
    buffer = momentum_buffer if momentum_buffer is not None else param[:0]
    _sgd_kernel(param, grad, buffer, scalar(lr), scalar(momentum), scalar(1 - dampening), scalar(weight_decay),
                nesterov, maximize, first_step, classical)


# ---- Adam / AdamW ------------------------------------------------------------------------------------------------


def adam_numpy(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1, beta2, eps, weight_decay,
               amsgrad, maximize, decoupled):
    """The step of :class:`~minitorch_es.optim.Adam` and ``AdamW`` (guide 001), theta = ``param``, rho = ``lr``:

        g_t = grad J(theta_t)   (+ lambda theta_t, an L2 term, for Adam's ``weight_decay``; -g_t with ``maximize``)
        m_t = beta1 m_{t-1} + (1 - beta1) g_t          v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
        m_hat = m_t / (1 - beta1^t)                    v_hat = v_t / (1 - beta2^t)
        theta_{t+1} = theta_t - rho m_hat / (sqrt(v_hat) + eps)

    computed as theta_t - (rho / (1 - beta1^t)) m_t / (sqrt(v_t) / sqrt(1 - beta2^t) + eps), the same number.
    AdamW (``decoupled``) first shrinks the weights, theta_t <- theta_t (1 - rho lambda), and adds no L2 term:
    theta_{t+1} = theta_t - rho (m_hat / (sqrt(v_hat) + eps) + lambda theta_t). ``amsgrad`` puts the running
    maximum of v_t in v_hat instead of v_t.
    """
    g = -grad if maximize else grad
    if decoupled:
        param *= 1 - lr * weight_decay
    elif weight_decay != 0:
        g = g + weight_decay * param
    exp_avg += (g - exp_avg) * (1 - beta1)
    exp_avg_sq *= beta2
    exp_avg_sq += (1 - beta2) * (g * g)
    second_moment = exp_avg_sq
    if amsgrad:
        np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
        second_moment = max_exp_avg_sq
    step_size = lr / (1 - beta1**step)
    bias_correction2_sqrt = (1 - beta2**step) ** 0.5
    denominator = np.sqrt(second_moment) / bias_correction2_sqrt + eps
    param -= step_size * (exp_avg / denominator)


@numba.njit(cache=True, error_model="numpy")
def _adam_kernel(param, grad, exp_avg, exp_avg_sq, sign, l2, decay_factor, one_minus_beta1, beta2, one_minus_beta2,
                 eps, step_size, bias_correction2_sqrt):
    """The loop without branches (so LLVM vectorizes it): sign = -1 maximizes, l2 = 0 or decay_factor = 1 disable
    the two kinds of weight decay exactly."""
    for i in range(param.size):
        p = param[i] * decay_factor
        g = sign * grad[i] + l2 * p
        m = exp_avg[i] + (g - exp_avg[i]) * one_minus_beta1
        v = exp_avg_sq[i] * beta2 + one_minus_beta2 * (g * g)
        exp_avg[i] = m
        exp_avg_sq[i] = v
        param[i] = p - step_size * (m / (np.sqrt(v) / bias_correction2_sqrt + eps))


@numba.njit(cache=True, error_model="numpy")
def _adam_amsgrad_kernel(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, sign, l2, decay_factor, one_minus_beta1,
                         beta2, one_minus_beta2, eps, step_size, bias_correction2_sqrt):
    for i in range(param.size):
        p = param[i] * decay_factor
        g = sign * grad[i] + l2 * p
        m = exp_avg[i] + (g - exp_avg[i]) * one_minus_beta1
        v = exp_avg_sq[i] * beta2 + one_minus_beta2 * (g * g)
        v_max = max(max_exp_avg_sq[i], v)
        exp_avg[i] = m
        exp_avg_sq[i] = v
        max_exp_avg_sq[i] = v_max
        param[i] = p - step_size * (m / (np.sqrt(v_max) / bias_correction2_sqrt + eps))


def adam_numba(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1, beta2, eps, weight_decay,
               amsgrad, maximize, decoupled):
    scalar = param.dtype.type
    common = (scalar(-1 if maximize else 1), scalar(0 if decoupled else weight_decay),
              scalar(1 - lr * weight_decay if decoupled else 1), scalar(1 - beta1), scalar(beta2), scalar(1 - beta2),
              scalar(eps), scalar(lr / (1 - beta1**step)), scalar((1 - beta2**step) ** 0.5))
    if amsgrad:
        _adam_amsgrad_kernel(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, *common)
    else:
        _adam_kernel(param, grad, exp_avg, exp_avg_sq, *common)


# ---- RMSprop -----------------------------------------------------------------------------------------------------


def rmsprop_numpy(param, grad, square_avg, grad_avg, momentum_buffer, lr, alpha, eps, weight_decay, momentum,
                  centered, maximize):
    """The step of :class:`~minitorch_es.optim.RMSprop`, with theta = ``param`` and rho = ``lr``:

        g_t = grad J(theta_t)   (+ lambda theta_t with ``weight_decay``; -g_t with ``maximize``)
        s_t = alpha s_{t-1} + (1 - alpha) g_t^2
        d_t = sqrt(s_t) + eps   (``centered``: sqrt(s_t - gbar_t^2) + eps, gbar_t = alpha gbar_{t-1} + (1 - alpha) g_t)
        theta_{t+1} = theta_t - rho g_t / d_t   (``momentum`` mu: b_t = mu b_{t-1} + g_t / d_t, theta -= rho b_t)
    """
    g = -grad if maximize else grad
    if weight_decay != 0:
        g = g + weight_decay * param
    square_avg *= alpha
    square_avg += (1 - alpha) * (g * g)
    if centered:
        grad_avg += (g - grad_avg) * (1 - alpha)
        denominator = np.sqrt(square_avg - grad_avg * grad_avg) + eps
    else:
        denominator = np.sqrt(square_avg) + eps
    if momentum > 0:
        momentum_buffer *= momentum
        momentum_buffer += g / denominator
        param -= lr * momentum_buffer
    else:
        param -= lr * (g / denominator)


@numba.njit(cache=True, error_model="numpy")
def _rmsprop_kernel(param, grad, square_avg, grad_avg, momentum_buffer, lr, alpha, one_minus_alpha, eps,
                    weight_decay, momentum, centered, maximize):
    for i in range(param.size):
        g = -grad[i] if maximize else grad[i]
        if weight_decay != 0:
            g = g + weight_decay * param[i]
        square_avg[i] = square_avg[i] * alpha + one_minus_alpha * (g * g)
        if centered:
            grad_avg[i] += (g - grad_avg[i]) * one_minus_alpha
            denominator = np.sqrt(square_avg[i] - grad_avg[i] * grad_avg[i]) + eps
        else:
            denominator = np.sqrt(square_avg[i]) + eps
        if momentum > 0:
            momentum_buffer[i] = momentum_buffer[i] * momentum + g / denominator
            param[i] -= lr * momentum_buffer[i]
        else:
            param[i] -= lr * (g / denominator)


def rmsprop_numba(param, grad, square_avg, grad_avg, momentum_buffer, lr, alpha, eps, weight_decay, momentum,
                  centered, maximize):
    empty, scalar = param[:0], param.dtype.type
    _rmsprop_kernel(param, grad, square_avg, grad_avg if grad_avg is not None else empty,
                    momentum_buffer if momentum_buffer is not None else empty, scalar(lr), scalar(alpha),
                    scalar(1 - alpha), scalar(eps), scalar(weight_decay), scalar(momentum), centered, maximize)


sgd = by_kernel_set(numpy=sgd_numpy, numba=sgd_numba)
adam = by_kernel_set(numpy=adam_numpy, numba=adam_numba)
rmsprop = by_kernel_set(numpy=rmsprop_numpy, numba=rmsprop_numba)
