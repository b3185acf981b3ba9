"""Forward-mode AD, as ``torch.autograd.forward_ad``: a dual tensor carries a tangent t next to its value x, and
every op computes its output's tangent J t along with its value, so that one forward pass gives the directional
derivative of the whole program::

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, tangent)
        y = f(x)
        value, jvp = forward_ad.unpack_dual(y)      # f(primal), J_f(primal) tangent

Where an op's tangent comes from (one rule per op, no second set of formulas):

- a linear op (``Function.linear``: views, sums, indexing, average pooling...) applies itself to the tangent: J t
  is the op of t (its ``jvp``);
- any other op derives J t from its backward formula, which is linear in g: with a dummy g (zeros that require
  a gradient), s = sum_i <backward(g)_i, t_i> = <g, J t>, so J t = ds/dg, computed by recording the backward
  (``create_graph``) and differentiating it once. That is the "double backward trick" of
  ``torch.autograd.functional.jvp``, applied op by op; it costs two small backward passes per op (PyTorch has a
  forward formula for each op instead).

One level at a time is supported (PyTorch nests them); tangents are constants (no gradient flows through them).
"""

from __future__ import annotations

import contextlib
from collections import namedtuple

import numpy as np

from . import dual_state

UnpackedDualTensor = namedtuple("UnpackedDualTensor", ["primal", "tangent"])


def enter_dual_level() -> int:
    """Open a dual level (``dual_level`` does it for a ``with`` block) and return its index."""
    if dual_state.levels:
        raise RuntimeError("minitorch_es supports one dual level at a time (PyTorch nests them): exit the current "
                           "level before entering another.")
    dual_state.levels.append([])
    return len(dual_state.levels) - 1


def exit_dual_level(*, level: int | None = None) -> None:
    """Close the innermost level: every tensor given a tangent at that level forgets it."""
    if not dual_state.levels:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. This is "
                           "not supported.")
    for reference in dual_state.levels.pop():
        tensor = reference()
        if tensor is not None and "_tangent" in vars(tensor):
            del tensor._tangent


@contextlib.contextmanager
def dual_level():
    """``with dual_level():`` the block in which dual tensors carry tangents."""
    enter_dual_level()
    try:
        yield
    finally:
        exit_dual_level()


def make_dual(tensor, tangent, *, level: int | None = None):
    """A view of ``tensor`` (differentiable as it) carrying ``tangent`` (same shape) at the current level."""
    if not dual_state.levels:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if not (tensor.dtype.is_floating_point and tangent.dtype.is_floating_point):
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if tuple(tangent.shape) != tuple(tensor.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(tensor.shape)} while the given "
                           f"forward gradient is of size {list(tangent.shape)}.")
    dual = tensor.view_as(tensor)
    dual_state.set_tangent(dual, np.asarray(tangent._data, dtype=tensor._data.dtype))
    return dual


def unpack_dual(tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """(primal, tangent): the value (a view, differentiable as ``tensor``) and the tangent (None if it has none)."""
    from ..tensor import Tensor

    tangent = dual_state.tangent_of(tensor)
    if tangent is None:
        return UnpackedDualTensor(tensor, None)
    levels, dual_state.levels = dual_state.levels, []
    try:
        primal = tensor.view_as(tensor)
    finally:
        dual_state.levels = levels
    return UnpackedDualTensor(primal, Tensor._wrap(tangent))


def output_tangent(function, ctx, args, result) -> np.ndarray:
    """J t for one call of ``function`` (see the module): its ``jvp`` if it is linear, otherwise the derivative
    of <backward(g), t> with respect to g."""
    from ..tensor import Tensor
    from .function import Node
    from .gradients import grad
    from .grad_mode import enable_grad

    tangents = [dual_state.tangent_of(a) if isinstance(a, Tensor) else None for a in args]
    dtype = result._data.dtype
    levels, dual_state.levels = dual_state.levels, []  # what computes the tangent carries none itself
    try:
        if function.linear:
            if tangents[0] is None:
                return np.zeros(result._data.shape, dtype=dtype)
            return np.asarray(function.jvp(ctx, tangents[0]), dtype=dtype)
        node = Node(function, ctx, (), result._data)
        with enable_grad():
            dummy = Tensor._wrap(np.zeros(result._data.shape, dtype=dtype)).requires_grad_(True)
            input_grads = node.apply(dummy, create_graph=True, output=result)
            total = None
            for gradient, tangent in zip(input_grads, tangents):
                if gradient is None or tangent is None or not getattr(gradient, "requires_grad", False):
                    continue
                term = (gradient * Tensor._wrap(tangent)).sum()
                total = term if total is None else total + term
            if total is None:
                return np.zeros(result._data.shape, dtype=dtype)
            (jvp,) = grad(total, dummy, allow_unused=True, materialize_grads=True)
        return np.asarray(jvp._data, dtype=dtype)
    finally:
        dual_state.levels = levels


def jacobian_by_columns(func, inputs, strict: bool = False):
    """autograd.functional.jacobian's "forward-mode": one forward pass per input element, each with the unit
    tangent of that element."""
    from ..ops.joining import stack
    from .functional import _as_tuple, _unpack, zeros_like

    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    inputs = tuple(x.detach() for x in inputs)
    columns, outputs_template = [], None
    for j, x in enumerate(inputs):
        per_element = []
        for k in range(x.numel()):
            unit = np.zeros(x._data.size, dtype=x._data.dtype)
            unit[k] = 1
            with dual_level():
                duals = [make_dual(v, zeros_like(v)) if i != j else
                         make_dual(v, _tensor(unit.reshape(x._data.shape))) for i, v in enumerate(inputs)]
                is_outputs_tuple, outputs = _as_tuple(func(*duals), "outputs of the user-provided function",
                                                      "jacobian")
                outputs_template = (is_outputs_tuple, [o.detach() for o in outputs])
                per_element.append([_tangent_or_zeros(o) for o in outputs])
        columns.append(per_element)
    is_outputs_tuple, outputs = outputs_template
    blocks = tuple(tuple(
        stack([element[i] for element in columns[j]], dim=-1).reshape(tuple(outputs[i].shape) + tuple(x.shape))
        for j, x in enumerate(inputs)) for i in range(len(outputs)))
    return _unpack(blocks, (is_outputs_tuple, is_inputs_tuple))


def _tensor(array):
    from ..tensor import Tensor

    return Tensor._wrap(array)


def _tangent_or_zeros(output):
    tangent = unpack_dual(output).tangent
    return tangent.detach() if tangent is not None else _tensor(np.zeros(output._data.shape, output._data.dtype))
