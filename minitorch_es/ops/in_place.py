"""In-place updates: ``x.add_(y)``, ``x += y``, ``x[key] = v``, ``fill_``, ``copy_``, the random fills ``uniform_``
and ``normal_``, ... (what optimizers and initialisers do to parameters).

``x.op_(...)`` computes ``op(x, ...)`` out of place and writes the result into x's memory, so that views of x see
the change (:func:`assign`). The graph does not record in-place changes: on a tensor that requires a gradient they
are allowed only under ``no_grad`` (an optimizer's step), and a leaf that requires one refuses them, as PyTorch's.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..random import numpy_generator
from .indexing import index_steps
from .operands import array_of, is_tensor


def check_in_place(tensor) -> None:
    """PyTorch's refusal to change, while recording, a tensor that requires a gradient."""
    if not (is_grad_enabled() and tensor.requires_grad):
        return
    if tensor.grad_fn is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    raise RuntimeError(
        "minitorch_es does not record in-place operations on tensors that are part of an autograd graph; "
        "write the out-of-place form (x = x + y) or update under minitorch_es.no_grad()."
    )


def assign(tensor, result: np.ndarray):
    """Write ``result`` into the tensor's memory (views of it see the change), as PyTorch's ``op_``."""
    check_in_place(tensor)
    result = np.asarray(result)
    result_dtype = dtypes.from_numpy_dtype(result.dtype)
    if dtypes.category(result_dtype) > dtypes.category(tensor.dtype):
        raise RuntimeError(
            f"result type {dtypes.torch_name(result_dtype)} can't be cast to the desired output type "
            f"{dtypes.torch_name(tensor.dtype)}"
        )
    if np.broadcast_shapes(result.shape, tensor._data.shape) != tensor._data.shape:
        raise RuntimeError(
            f"output with shape {list(tensor._data.shape)} doesn't match the broadcast shape "
            f"{list(np.broadcast_shapes(result.shape, tensor._data.shape))}"
        )
    np.copyto(tensor._data, result, casting="unsafe")
    return tensor


def in_place(function):
    """The method ``x.name_(*args)`` that writes ``function(x, *args)`` into x (``add`` gives ``add_``)."""

    def update(tensor, *args, **kwargs):
        with no_grad():
            result = function(tensor.detach(), *args, **kwargs)._data
        return assign(tensor, result)

    update.__name__ = update.__qualname__ = f"{function.__name__}_"
    update.__doc__ = f"In place: x = {function.__name__}(x, ...), written into x's memory."
    return update


def fill_(tensor, value):
    check_in_place(tensor)
    tensor._data[...] = value.item() if is_tensor(value) else value
    return tensor


def zero_(tensor):
    return fill_(tensor, 0)


def copy_(tensor, source, non_blocking: bool = False):
    check_in_place(tensor)
    np.copyto(tensor._data, np.broadcast_to(array_of(source), tensor._data.shape), casting="unsafe")
    return tensor


def uniform_(tensor, a: float = 0.0, b: float = 1.0, *, generator=None):
    """Fill with samples of U(a, b)."""
    check_in_place(tensor)
    tensor._data[...] = numpy_generator(generator).uniform(a, b, size=tensor._data.shape)
    return tensor


def normal_(tensor, mean: float = 0.0, std: float = 1.0, *, generator=None):
    """Fill with samples of N(mean, std^2)."""
    check_in_place(tensor)
    tensor._data[...] = numpy_generator(generator).normal(mean, std, size=tensor._data.shape)
    return tensor


def setitem(tensor, key, value) -> None:
    """``x[key] = value``: the indexed entries of x take value (broadcast), in x's memory."""
    check_in_place(tensor)
    *first_steps, (last_key, _) = index_steps(key)
    target = tensor._data
    for numpy_key, _ in first_steps:
        target = target[numpy_key]
    target[last_key] = array_of(value)
