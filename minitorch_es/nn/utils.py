"""``nn.utils``: gradient clipping and flattening parameters into one vector, as PyTorch's.

Clipping by norm (for exploding gradients): with N = (sum over parameters of ||g_p||^q)^(1/q) the norm of all the
gradients together, every gradient is multiplied by min(1, max_norm / (N + 1e-6)).
"""

from __future__ import annotations

import math

import numpy as np

from ..autograd import no_grad
from ..ops.joining import cat
from ..tensor import Tensor


def _with_gradients(parameters) -> list[Tensor]:
    parameters = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p for p in parameters if p.grad is not None]


def get_total_norm(tensors, norm_type: float = 2.0, error_if_nonfinite: bool = False, foreach=None) -> Tensor:
    """The norm of the norms of ``tensors`` (the norm of all their entries as one vector)."""
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return Tensor._wrap(np.asarray(0.0, dtype=np.float32))
    arrays = [t._data for t in tensors]
    if math.isinf(norm_type):
        norms = [np.max(np.abs(a)) if a.size else np.zeros((), a.dtype) for a in arrays]
        total = np.max(np.stack(norms))
    else:
        norms = [np.sum(np.abs(a) ** norm_type) ** (1.0 / norm_type) for a in arrays]
        total = np.sum(np.stack(norms) ** norm_type) ** (1.0 / norm_type)
    total = np.asarray(total, dtype=np.result_type(*arrays))
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it "
                           "cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
                           "anyway, set `error_if_nonfinite=False`")
    return Tensor._wrap(total)


def clip_grads_with_norm_(parameters, max_norm: float, total_norm: Tensor, foreach=None) -> None:
    """Multiply every gradient by min(1, max_norm / (total_norm + 1e-6))."""
    for parameter in _with_gradients(parameters):
        grad = parameter.grad._data
        coefficient = np.minimum(np.asarray(max_norm, dtype=grad.dtype) / (total_norm._data.astype(grad.dtype)
                                                                             + np.asarray(1e-6, dtype=grad.dtype)),
                                 np.asarray(1.0, dtype=grad.dtype))
        grad *= coefficient


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach=None) -> Tensor:
    """Rescale the gradients in place so that their total norm is at most ``max_norm``; returns the norm before."""
    gradients = _with_gradients(parameters)
    total = get_total_norm([p.grad for p in gradients], norm_type, error_if_nonfinite)
    clip_grads_with_norm_(gradients, max_norm, total)
    return total


def clip_grad_value_(parameters, clip_value: float, foreach=None) -> None:
    """Clamp every gradient entry to [-clip_value, clip_value], in place."""
    for parameter in _with_gradients(parameters):
        np.clip(parameter.grad._data, -clip_value, clip_value, out=parameter.grad._data)


def parameters_to_vector(parameters) -> Tensor:
    """All parameters flattened and joined into one 1-D tensor (a copy)."""
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters) -> None:
    """Copy consecutive slices of ``vec`` into the parameters (the inverse of ``parameters_to_vector``)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    offset = 0
    with no_grad():
        for parameter in parameters:
            count = parameter.numel()
            parameter.copy_(vec[offset:offset + count].reshape(*parameter.shape))
            offset += count
