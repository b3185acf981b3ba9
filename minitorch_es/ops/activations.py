"""Activation functions and the (log-)softmax, each with the derivative it backpropagates (tanh is with the
hyperbolic functions, :mod:`.trigonometric`; activations composed of other ops, such as SiLU, are in
:mod:`minitorch_es.nn.functional.activation`).

Guide 003 (section on ReLU and its variants) and guide 004 (logits and softmax) give the definitions.
"""

from __future__ import annotations

import math

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from ..kernels import activation as activation_kernels
from ..kernels.special import erf
from .dims import normalize_dim
from .in_place import maybe_in_place
from .operands import apply_floating


class ReLU(Function):
    """y = max(0, x);  dJ/dx = g where y > 0, else 0 (zero at x = 0, as PyTorch)."""

    saved_names = ("result",)  # grad_fn._saved_<name>, as PyTorch's

    node_name = "ReluBackward0"

    @staticmethod
    def forward(ctx, x):
        if x.dtype.kind == "f":
            y = activation_kernels.relu_forward(x)
        else:
            y = np.maximum(x, 0).astype(x.dtype, copy=False)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        xp = array_namespace(g)
        if xp.IS_DIFFERENTIABLE or y.dtype != g.dtype or y.dtype.kind != "f":
            return xp.astype(xp.where(y <= 0, 0, g), xp.dtype_of(g))
        return activation_kernels.relu_backward(y, g)  # the same, in one pass


class LeakyReLU(Function):
    """y = x if x > 0 else slope * x;  dJ/dx = g if x > 0 else slope * g."""

    node_name = "LeakyReluBackward0"

    @staticmethod
    def forward(ctx, x, negative_slope):
        ctx.save_for_backward(x)
        ctx.negative_slope = negative_slope
        return np.where(x > 0, x, x * negative_slope).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        xp = array_namespace(g)
        return xp.astype(xp.where(x > 0, g, g * ctx.negative_slope), xp.dtype_of(g))


class ELU(Function):
    """y = x if x > 0 else alpha (e^x - 1);  dJ/dx = g if x > 0 else g * alpha e^x."""

    node_name = "EluBackward0"

    @staticmethod
    def forward(ctx, x, alpha):
        ctx.save_for_backward(x)
        ctx.alpha = alpha
        return np.where(x <= 0, alpha * np.expm1(x), x).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        xp = array_namespace(g)
        return xp.astype(xp.where(x <= 0, g * ctx.alpha * xp.exp(x), g), xp.dtype_of(g))


class GELU(Function):
    """Gaussian error linear unit.

    Exact:  y = x Phi(x) = x/2 (1 + erf(x / sqrt 2));  dJ/dx = g (Phi(x) + x phi(x)), phi the normal density.
    Tanh form ("tanh"):  y = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3);
    dJ/dx = g (1/2 (1 + tanh u) + x/2 (1 - tanh^2 u) sqrt(2/pi) (1 + 3 * 0.044715 x^2)).
    """

    node_name = "GeluBackward0"

    @staticmethod
    def forward(ctx, x, approximate):
        ctx.save_for_backward(x)
        ctx.approximate = approximate
        if approximate == "tanh":
            return (0.5 * x * (1 + np.tanh(_gelu_tanh_argument(x)))).astype(x.dtype, copy=False)
        return (0.5 * x * (1 + erf(x / math.sqrt(2)))).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        xp = array_namespace(g, x)
        if ctx.approximate == "tanh":
            t = xp.tanh(_gelu_tanh_argument(x))
            du = math.sqrt(2 / math.pi) * (1 + 3 * 0.044715 * x * x)
            return xp.astype(g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du), xp.dtype_of(g))
        cdf = 0.5 * (1 + xp.erf(x / math.sqrt(2)))
        pdf = xp.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
        return xp.astype(g * (cdf + x * pdf), xp.dtype_of(g))


def _gelu_tanh_argument(x):
    return math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x)


class Sigmoid(Function):
    """y = 1 / (1 + e^{-x}), evaluated without overflow for any x;  dJ/dx = g * y (1 - y)."""

    saved_names = ("result",)  # grad_fn._saved_<name>, as PyTorch's

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        e = np.exp(-np.abs(x))
        y = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_arrays
        return g * y * (1 - y)


def _stable_sigmoid(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


class SiLU(Function):
    """SiLU (swish): y = x s, s = sigmoid(x);  dJ/dx = g s (1 + x (1 - s))."""

    node_name = "SiluBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * _stable_sigmoid(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        xp = array_namespace(g)
        s = 1 / (1 + xp.exp(-x)) if xp.IS_DIFFERENTIABLE else _stable_sigmoid(x)
        return g * s * (1 + x * (1 - s))


class LogSigmoid(Function):
    """y = ln sigmoid(x) = min(x, 0) - ln(1 + e^{-|x|}) (neither overflows nor loses small values);
    dJ/dx = g (1 - sigmoid(x)) = g sigmoid(-x)."""

    node_name = "LogSigmoidBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        xp = array_namespace(g)
        return g * (1 / (1 + xp.exp(x)) if xp.IS_DIFFERENTIABLE else _stable_sigmoid(-x))


class Softmax(Function):
    """p_i = e^{z_i - m} / sum_j e^{z_j - m}, m = max_j z_j (stable; guide 000, 2.1);  dJ/dz = p (g - sum_j g_j p_j)."""

    @staticmethod
    def forward(ctx, z, axis, dtype):
        z = np.asarray(z, dtype=dtype)
        e = np.exp(z - _finite_max(z, axis))
        p = e / np.sum(e, axis=axis, keepdims=True)
        ctx.save_for_backward(p)
        ctx.axis = axis
        return p

    @staticmethod
    def backward(ctx, g):
        (p,) = ctx.saved_arrays
        xp = array_namespace(g)
        return p * (g - xp.sum(g * p, axis=ctx.axis, keepdims=True))


class LogSoftmax(Function):
    """log p_i = z_i - m - log sum_j e^{z_j - m};  dJ/dz = g - p sum_j g_j."""

    @staticmethod
    def forward(ctx, z, axis, dtype):
        z = np.asarray(z, dtype=dtype)
        shifted = z - _finite_max(z, axis)
        log_p = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
        ctx.save_for_backward(log_p)
        ctx.axis = axis
        return log_p

    @staticmethod
    def backward(ctx, g):
        (log_p,) = ctx.saved_arrays
        xp = array_namespace(g)
        return g - xp.exp(log_p) * xp.sum(g, axis=ctx.axis, keepdims=True)


class Hardsigmoid(Function):
    """y = min(max(x + 3, 0), 6) / 6;  dJ/dx = g / 6 strictly between -3 and 3, else 0.

    PyTorch's backward multiplies by 1/6 rounded to float32 in every dtype, so its float64 gradient is g times
    0.16666667163...; this one does the same, so that both agree to rounding in float64 too."""

    @staticmethod
    def forward(ctx, x, dtype):
        x = np.asarray(x, dtype=dtype)
        ctx.save_for_backward(x)
        return (np.clip(x + 3, 0, 6) / 6).astype(dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        inside = (x > -3) & (x < 3)
        xp = array_namespace(g)
        return xp.where(inside, g * xp.astype(ONE_SIXTH_IN_FLOAT32, xp.dtype_of(g)), 0)


ONE_SIXTH_IN_FLOAT32 = float(np.float32(1.0) / np.float32(6.0))


def _finite_max(z: np.ndarray, axis: int) -> np.ndarray:
    if z.size == 0:
        return np.zeros(1, dtype=z.dtype)
    m = np.max(z, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0).astype(z.dtype, copy=False)


def _require_floating(x, name: str, error: type = RuntimeError) -> None:
    """PyTorch's refusal of an integer tensor by a floating-point kernel (``name``), as ``error``."""
    if not x.dtype.is_floating_point:
        raise error(f"\"{name}\" not implemented for '{dtypes.torch_name(x.dtype)}'")


def relu(x, inplace: bool = False):
    if x.dtype is dtypes.bool_:
        raise RuntimeError("\"clamp_min_scalar_cpu\" not implemented for 'Bool'")
    return maybe_in_place(ReLU.apply, x, inplace)


def leaky_relu(x, negative_slope: float = 0.01, inplace: bool = False):
    _require_floating(x, "leaky_relu_cpu")
    return maybe_in_place(LeakyReLU.apply, x, inplace, negative_slope=negative_slope)


def elu(x, alpha: float = 1.0, inplace: bool = False):
    _require_floating(x, "elu_cpu")
    return maybe_in_place(ELU.apply, x, inplace, alpha=alpha)


def gelu(x, approximate: str = "none"):
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh, got {approximate!r}")
    _require_floating(x, "GeluKernelImpl")
    return GELU.apply(x, approximate=approximate)


def silu(x):
    _require_floating(x, "silu_cpu", NotImplementedError)
    return SiLU.apply(x)


def logsigmoid(x):
    _require_floating(x, "log_sigmoid_cpu", NotImplementedError)
    return LogSigmoid.apply(x)


def sigmoid(x):
    return apply_floating(Sigmoid, x)


def _softmax_dtype(x, dtype):
    if dtype is not None:
        return dtypes.to_dtype(dtype)
    _require_floating(x, "softmax_lastdim_kernel_impl")
    return x.dtype


def softmax(x, dim: int, dtype=None):
    axis = normalize_dim(dim, x.ndim)
    return Softmax.apply(x, axis=axis if x.ndim else None, dtype=_softmax_dtype(x, dtype).numpy_dtype)


def log_softmax(x, dim: int, dtype=None):
    axis = normalize_dim(dim, x.ndim)
    return LogSoftmax.apply(x, axis=axis if x.ndim else None, dtype=_softmax_dtype(x, dtype).numpy_dtype)


def hardsigmoid(input, inplace: bool = False):
    """Hardsigmoid (above): 0 for x <= -3, 1 for x >= 3, x / 6 + 1/2 between."""
    return maybe_in_place(lambda x: apply_floating(Hardsigmoid, x), input, inplace)
