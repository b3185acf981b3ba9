"""In-place updates: ``x.add_(y)``, ``x += y``, ``x[key] = v``, ``fill_``, ``copy_``, the random fills ``uniform_``
and ``normal_``, ... and how autograd records them, as PyTorch does.

``x.op_(...)`` computes ``op(x, ...)`` and writes the result into x's memory, so that views of x see it. Every
write adds 1 to x's version (:mod:`minitorch_es.autograd.versions`): backward refuses to use a saved value that
changed since it was saved.

While recording, an in-place op on a tensor of a graph is recorded too: x's ``grad_fn`` becomes the op's node,
whose edge leads to x's previous ``grad_fn`` (the graph is rebased). What was computed from x before keeps its
edges to the old history, so its gradients stay right. A write into a view (``x[0] += 1``, ``x[:, 1].relu_()``)
changes the base: the base's ``grad_fn`` becomes a :class:`CopySlices`, y = base with the view's region replaced,
and the view is taken again from it. A leaf that requires a gradient (or a view of one) refuses in-place ops
while recording, with PyTorch's message: its ``.grad`` would otherwise refer to values that no longer exist.

In forward mode (``autograd.forward_ad``) the tangent follows the values: the tensor takes the result's tangent,
a write into a view writes its base's tangent, and the base's other views take theirs from it when next read.
"""

from __future__ import annotations

import weakref

import numpy as np

from .. import dtypes
from ..autograd import dual_state
from ..autograd.function import Context, Function
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..autograd.versions import bump, counter_of
from ..random import numpy_generator
from .broadcasting import unbroadcast
from .indexing import Index, index_steps
from .operands import array_of, is_tensor


def check_in_place(tensor) -> None:
    """PyTorch's refusal to change, while recording, a leaf (or a view of a leaf) that requires a gradient."""
    if not is_grad_enabled():
        return
    base = tensor._view_base
    if base is not None and base._requires_grad and base._grad_fn is None:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    if tensor._requires_grad and tensor._grad_fn is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")


def _records(tensor, operands) -> bool:
    """Whether an in-place op on ``tensor`` with these operands goes into the graph."""
    return is_grad_enabled() and (tensor._requires_grad or (tensor._view_base is not None and
                                                            tensor._view_base._requires_grad)
                                  or any(is_tensor(a) and a._requires_grad for a in operands))


def _check_writable(tensor, result: np.ndarray) -> None:
    """PyTorch's errors for a result that cannot be written into the tensor: a wider dtype, or a shape that
    does not broadcast to the tensor's."""
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


def assign(tensor, result: np.ndarray):
    """Write ``result`` into the tensor's memory (views of it see the change), as PyTorch's ``op_``, unrecorded."""
    check_in_place(tensor)
    result = np.asarray(result)
    _check_writable(tensor, result)
    np.copyto(tensor._data, result, casting="unsafe")
    bump(tensor)
    return tensor


def apply_in_place(function, tensor, *args, **kwargs):
    """``function(tensor, *args)`` written into the tensor's memory, and recorded as the tensor's new history
    when it is part of a graph (what every ``x.op_(...)`` does)."""
    carries_tangent = bool(dual_state.levels) and dual_state.any_tangent((tensor, *args, *kwargs.values()))
    if not _records(tensor, (*args, *kwargs.values())):
        with no_grad():
            result = function(tensor if carries_tangent else tensor.detach(), *args, **kwargs)
        assign(tensor, result._data)
    else:
        check_in_place(tensor)
        result = function(tensor, *args, **kwargs)
        _check_writable(tensor, result._data)
        if result._grad_fn is None:  # nothing differentiable came of it
            assign(tensor, result._data)
        else:
            _keep_own_copy_of_input(result._grad_fn, tensor)
            if tensor._view_base is None:
                np.copyto(tensor._data, result._data, casting="unsafe")
                bump(tensor)
                _adopt(tensor, result)
            else:
                _write_into_view(tensor, result)
    if carries_tangent:
        _take_tangent(tensor, result)
    return tensor


def _take_tangent(tensor, result) -> None:
    """Forward mode: the tensor's tangent becomes the result's (zeros where the result has none), and a view's
    is written into its base's tangent too, as PyTorch's."""
    tangent = dual_state.tangent_of(result)
    tangent = np.zeros(tensor._data.shape, tensor._data.dtype) if tangent is None else np.array(
        np.broadcast_to(tangent, tensor._data.shape), dtype=tensor._data.dtype)
    dual_state.set_tangent(tensor, tangent)
    base = tensor._view_base
    if base is not None:
        base_tangent = dual_state.tangent_of(base)
        base_tangent = np.zeros(base._data.shape, base._data.dtype) if base_tangent is None else base_tangent.copy()
        write_region(base_tangent, tensor._view_steps, tangent)
        _new_base_tangent(base, base_tangent, tensor)


def _new_base_tangent(base, tangent: np.ndarray, view) -> None:
    """The base's tangent after a write through ``view``: the other views take theirs from it when next read."""
    dual_state.set_tangent(base, tangent)
    base._tangent_writes += 1
    if view is not base:
        view._tangent_generation = base._tangent_writes


def regenerate_tangent(view) -> None:
    """The view's tangent taken again from its base's (after an in-place write through another view)."""
    base = view._view_base
    view._tangent_generation = base._tangent_writes
    base_tangent = base.__dict__.get("_tangent")
    if base_tangent is not None:
        dual_state.set_tangent(view, np.array(read_region(base_tangent, view._view_steps)))


def maybe_in_place(function, tensor, inplace: bool, *args, **kwargs):
    """``function(tensor, *args)``, written into the tensor's memory when ``inplace`` (PyTorch's ``inplace=True``
    of activations and dropout)."""
    if inplace:
        return apply_in_place(function, tensor, *args, **kwargs)
    return function(tensor, *args, **kwargs)


def in_place(function):
    """The method ``x.name_(*args)`` that writes ``function(x, *args)`` into x (``add`` gives ``add_``)."""

    def update(tensor, *args, **kwargs):
        return apply_in_place(function, tensor, *args, **kwargs)

    update.__name__ = update.__qualname__ = f"{function.__name__}_"
    update.__doc__ = f"In place: x = {function.__name__}(x, ...), written into x's memory."
    return update


def _keep_own_copy_of_input(node, tensor) -> None:
    """If the op saved x's values (``x.mul_(w)`` needs the old x for w's gradient), it gets a copy of them, which
    the write does not change, as PyTorch's in-place ops keep the original."""
    from ..tensor import Tensor

    ctx = node.ctx
    if not any(value is tensor._data for value in ctx.saved_arrays):
        return
    original = tensor._data.copy()
    prior = Tensor._wrap(original)
    prior._grad_fn, prior._requires_grad = tensor._grad_fn, tensor._requires_grad
    ctx.saved_owners = tuple(prior if value is tensor._data else owner
                             for value, owner in zip(ctx.saved_arrays, ctx.saved_owners))
    ctx.saved_versions = tuple(check for check in ctx.saved_versions if check[3] is not tensor._data)
    ctx.saved_arrays = tuple(original if value is tensor._data else value for value in ctx.saved_arrays)


def _adopt(tensor, result) -> None:
    """Make ``result``'s node the tensor's ``grad_fn`` (its values are now in the tensor's memory): what the node
    saved of its output refers to the tensor, at its new version."""
    node = result._grad_fn
    _saved_output_lives_in(node, result, tensor)
    node.dtype = tensor._data.dtype
    tensor._grad_fn, tensor._requires_grad, tensor._output_nr = node, True, 0
    tensor._rebases += 1
    if tensor._retains_grad:
        node.retained = weakref.ref(tensor)


def _saved_output_lives_in(node, result, tensor) -> None:
    """What ``node`` saved of its output (``result``) is now ``tensor``'s memory, at its current version: a later
    change of the tensor is then seen by backward."""
    ctx = node.ctx
    if any(value is result._data for value in ctx.saved_arrays):
        counter = counter_of(tensor)
        ctx.saved_versions = tuple((counter, counter[0], *check[2:3], tensor._data) if check[3] is result._data
                                   else check for check in ctx.saved_versions)
        ctx.saved_arrays = tuple(tensor._data if value is result._data else value for value in ctx.saved_arrays)
    if "output_array" in ctx.__dict__:
        ctx.output_array = tensor._data


class CopySlices(Function):
    """y = base with the region ``steps`` picks replaced by ``value`` (written into base's memory, as PyTorch's
    CopySlices);  dJ/dbase = g with that region zeroed, dJ/dvalue = g[region] (summed where value was broadcast).

    ``steps`` are the view ops (and, last, an index) that take the region from the base.
    """

    node_name = "torch::autograd::CopySlices"

    @staticmethod
    def forward(ctx, base, value, steps):
        ctx.steps, ctx.value_shape = steps, np.shape(value)
        write_region(base, steps, value)
        return base

    @staticmethod
    def backward(ctx, g):
        if is_tensor(g):  # under create_graph: the same, as recorded ops
            from .conversion import clone

            zeros = g.new_zeros(ctx.value_shape)
            return CopySlices.apply(clone(g), zeros, steps=ctx.steps), unbroadcast(read_region(g, ctx.steps),
                                                                                   ctx.value_shape)
        grad_base = g.copy()
        write_region(grad_base, ctx.steps, 0)
        grad_value = unbroadcast(np.asarray(read_region(g, ctx.steps)), ctx.value_shape)
        return grad_base, grad_value


def read_region(x, steps: tuple):
    """The region of ``x`` (an array, or a recorded tensor) that ``steps`` take."""
    for function, arguments, options in steps:
        x = function.apply(x, *arguments, **options) if is_tensor(x) else function.forward(
            Context(), x, *arguments, **options)
    return x


def write_region(array: np.ndarray, steps: tuple, value) -> None:
    """``array``'s region (``steps``) = ``value``, in its memory."""
    parent = read_region(array, steps[:-1])
    function, arguments, options = steps[-1]
    if function is Index:
        parent[options["index"]] = value
    else:
        np.copyto(function.forward(Context(), parent, *arguments, **options), value, casting="unsafe")


def _write_into_view(view, result) -> None:
    """``result`` written into ``view``, a view of a base in a graph: the base's history becomes a CopySlices,
    and the view is taken again from the new base."""
    base = view._view_base
    _adopt(base, CopySlices.apply(base, result, steps=view._view_steps))
    bump(base)
    _saved_output_lives_in(result._grad_fn, result, view)
    regenerate_view(view)


def regenerate_view(view) -> None:
    """The view's ``grad_fn`` taken again from its base's current history (after an in-place change of it)."""
    base = view._view_base
    view._view_generation = base._rebases
    if not (base._requires_grad and is_grad_enabled()):
        return
    replayed = read_region(base, view._view_steps)
    if replayed._grad_fn is not None:
        replayed._grad_fn.dtype = view._data.dtype
        view._grad_fn, view._requires_grad = replayed._grad_fn, True
        if view._retains_grad:
            view._grad_fn.retained = weakref.ref(view)


def setitem(tensor, key, value) -> None:
    """``x[key] = value``: the indexed entries of x take value (broadcast), in x's memory; recorded as a
    :class:`CopySlices` when x or value is part of a graph."""
    steps = tuple((Index, (), {"index": numpy_key, "advanced": advanced}) for numpy_key, advanced in index_steps(key))
    if _records(tensor, (value,)):
        _record_write(tensor, steps, value)
    else:
        check_in_place(tensor)
        write_region(tensor._data, steps, array_of(value))
        bump(tensor)
    if dual_state.levels:
        _write_tangent(tensor, steps, value)


def _record_write(tensor, steps: tuple, value) -> None:
    """tensor[region] = value, recorded: the base of ``tensor`` gets a CopySlices ``grad_fn``."""
    from ..tensor import Tensor

    check_in_place(tensor)
    if not is_tensor(value):
        value = Tensor._wrap(np.asarray(value, dtype=tensor._data.dtype))
    base = tensor if tensor._view_base is None else tensor._view_base
    _adopt(base, CopySlices.apply(base, value, steps=tensor._view_steps + steps))
    bump(base)
    if base is not tensor:
        regenerate_view(tensor)


_WHOLE = ((Index, (), {"index": Ellipsis, "advanced": False}),)


def _fill(tensor, values) -> None:
    """Every entry of the tensor = ``values`` (broadcast): recorded when the tensor is in a graph."""
    if _records(tensor, (values,)):
        _record_write(tensor, _WHOLE, values)
    else:
        check_in_place(tensor)
        np.copyto(tensor._data, np.broadcast_to(array_of(values), tensor._data.shape), casting="unsafe")
        bump(tensor)
    if dual_state.levels:
        _write_tangent(tensor, _WHOLE, values)


def _write_tangent(tensor, steps: tuple, value) -> None:
    """Forward mode: ``tensor[region] = value`` writes value's tangent (zeros where it has none) into the
    tangent of the tensor's base, and a view takes its own tangent from there again, as PyTorch's."""
    base = tensor if tensor._view_base is None else tensor._view_base
    if not dual_state.any_tangent((tensor, base, value)):
        return
    base_tangent = dual_state.tangent_of(base)
    base_tangent = np.zeros(base._data.shape, base._data.dtype) if base_tangent is None else base_tangent.copy()
    value_tangent = dual_state.tangent_of(value)
    write_region(base_tangent, tensor._view_steps + steps, 0 if value_tangent is None else value_tangent)
    _new_base_tangent(base, base_tangent, tensor)
    if base is not tensor:
        dual_state.set_tangent(tensor, np.array(read_region(base_tangent, tensor._view_steps)))


def fill_(tensor, value):
    if is_tensor(value) and value.ndim != 0:
        raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} "
                           "dimensions.")
    _fill(tensor, value)
    return tensor


def zero_(tensor):
    return fill_(tensor, 0)


def copy_(tensor, source, non_blocking: bool = False):
    _fill(tensor, source)
    return tensor


def uniform_(tensor, a: float = 0.0, b: float = 1.0, *, generator=None):
    """Fill with samples of U(a, b)."""
    _fill(tensor, numpy_generator(generator).uniform(a, b, size=tensor._data.shape).astype(tensor._data.dtype))
    return tensor


def normal_(tensor, mean: float = 0.0, std: float = 1.0, *, generator=None):
    """Fill with samples of N(mean, std^2)."""
    _fill(tensor, numpy_generator(generator).normal(mean, std, size=tensor._data.shape).astype(tensor._data.dtype))
    return tensor
