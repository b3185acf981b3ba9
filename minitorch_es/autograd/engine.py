"""Reverse-mode differentiation over the recorded graph.

:func:`run_backward` orders the graph's nodes topologically with an explicit stack (no recursion, so a graph
thousands of operations deep works), then walks that order from the roots, applying the chain rule at each node:
dJ/dinput = backward(dJ/doutput). Gradients that reach the same tensor along several paths are summed.

Two modes run the same walk and the same backward formulas:

- first order (``create_graph=False``): gradients are NumPy arrays and nothing is recorded;
- ``create_graph=True``: gradients are tensors and every backward formula runs on tensors, through the
  differentiable ops (see :mod:`minitorch_es.ops.array_namespace`), so the backward pass is itself a graph and
  gradients of gradients, to any order, are its gradients.

``Tensor.backward`` accumulates into the leaves' ``.grad``; :func:`minitorch_es.autograd.grad` asks for the
gradients of chosen ``inputs`` and returns them instead.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from . import anomaly
from .function import AccumulateGrad, node_of
from .grad_mode import set_grad_enabled


def _topological_order(roots) -> list:
    """Nodes reachable from ``roots`` through ``next_functions``, each before every node it leads to.

    An iterative depth-first search: a node is emitted once all of the nodes it leads to are emitted (post-order),
    and the reversed post-order lists every consumer before what it consumes.
    """
    order, expanded = [], set()
    stack = [(root, False) for root in roots]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if id(node) in expanded:
            continue
        expanded.add(id(node))
        stack.append((node, True))
        stack.extend((parent, False) for parent, _ in node.edges
                     if parent is not None and id(parent) not in expanded)
    order.reverse()
    return order


def _leading_to(order: list, targets: dict) -> set:
    """The ids of the nodes of ``order`` from which a node of ``targets`` is reached: the only ones whose
    gradients are needed when gradients are asked for ``targets`` alone."""
    needed = set()
    for node in reversed(order):  # producers before consumers
        if id(node) in targets or any(parent is not None and id(parent) in needed
                                      for parent, _ in node.edges):
            needed.add(id(node))
    return needed


def _run_hooks(hooks, grad, create_graph: bool):
    from ..tensor import Tensor

    for hook in list(hooks):
        replaced = hook(grad if create_graph else Tensor._wrap(grad))
        if replaced is not None:
            grad = replaced if create_graph else replaced._data
    return grad


def _accumulate(tensor, grad, create_graph: bool) -> None:
    """``tensor.grad += grad``. Under ``create_graph`` the sum is recorded (``.grad`` then has a ``grad_fn``), as
    PyTorch's; otherwise it is a plain array sum."""
    from ..tensor import Tensor

    if create_graph:
        tensor._grad = grad if tensor._grad is None else tensor._grad + grad
    elif tensor._grad is None:
        tensor._grad = Tensor._wrap(np.array(grad, dtype=tensor._data.dtype, copy=True))
    else:
        tensor._grad._data = tensor._grad._data + grad


def _as_input_gradient(node, expected_shape, expected_dtype, grad, create_graph: bool, index: int = 0):
    """A backward formula's result as the gradient flowing into a parent's output of ``expected_shape`` and
    ``expected_dtype``: its dtype, and its shape checked."""
    if create_graph:
        from ..tensor import Tensor

        if not isinstance(grad, Tensor):
            grad = Tensor._wrap(np.asarray(grad, dtype=expected_dtype))
        elif grad._data.dtype != expected_dtype:
            grad = grad.to(dtypes.from_numpy_dtype(expected_dtype))
        shape = grad._data.shape
    else:
        grad = np.asarray(grad, dtype=expected_dtype)
        shape = grad.shape
    if shape != expected_shape:
        raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index {index} - got "
                           f"{list(shape)} but expected shape compatible with {list(expected_shape)}")
    return grad


def _add_pending(pending: dict, node, output_nr: int, grad) -> None:
    """Add ``grad`` to what has reached ``node``'s output ``output_nr`` (a node of several outputs, a custom
    Function's, collects one gradient per output)."""
    key = id(node)
    if node.output_count == 1:
        pending[key] = pending[key] + grad if key in pending else grad
        return
    slots = pending.setdefault(key, [None] * node.output_count)
    slots[output_nr] = grad if slots[output_nr] is None else slots[output_nr] + grad


def _expected(parent, output_nr: int) -> tuple:
    """The (shape, dtype) of the gradient that flows into ``parent``'s output ``output_nr`` (the first output's are
    ``parent.shape`` and ``parent.dtype``, read directly on the hot path)."""
    return parent.output_shapes[output_nr], parent.output_dtypes[output_nr]


def run_backward(roots: list, root_grads: list, *, retain_graph: bool = False, create_graph: bool = False,
                 inputs: list | None = None, accumulate: bool = True) -> dict:
    """Propagate ``root_grads`` (dJ/droot, one per root tensor: arrays, or tensors under ``create_graph``) through
    the graph behind ``roots``.

    With ``accumulate``, leaves that require a gradient (or, when ``inputs`` is given, exactly ``inputs``) add it
    to ``.grad``. The result maps ``id(tensor)`` to the gradient that reached each tensor of ``inputs``.
    """
    pending: dict = {}
    root_nodes = []
    for root, grad in zip(roots, root_grads):
        node = node_of(root)
        if id(node) not in pending:
            root_nodes.append(node)
        _add_pending(pending, node, root._output_nr, grad)
    order = _topological_order(root_nodes)
    targets = None if inputs is None else {id(node_of(tensor)): tensor for tensor in inputs}
    needed = None if targets is None else _leading_to(order, targets)
    captured: dict = {}
    if create_graph:  # the backward formulas record their ops
        with set_grad_enabled(True):
            _walk(order, pending, targets, needed, captured, retain_graph, True, accumulate)
    else:
        _walk(order, pending, targets, needed, captured, retain_graph, False, accumulate)
    return captured


def _walk(order, pending, targets, needed, captured, retain_graph, create_graph, accumulate) -> None:
    """The chain rule along ``order``: each node's pending gradient, the tensor's hooks, accumulation or capture,
    then the node's input gradients added to the pending ones of the nodes its edges lead to."""
    with np.errstate(all="ignore"):
        for node in order:
            grad = pending.pop(id(node), None)
            if grad is None or (needed is not None and id(node) not in needed):
                continue
            if type(node) is AccumulateGrad:
                leaf = node.variable
                if targets is None and accumulate and not (node.pre_hooks or leaf._hooks
                                                           or leaf._post_accumulate_grad_hooks):
                    _accumulate(leaf, grad, create_graph)  # the common case: .grad += grad
                else:
                    _reach_leaf(node, grad, targets, captured, create_graph, accumulate)
                continue
            if node.tensor_hooks:
                grad = _run_hooks(node.tensor_hooks, grad, create_graph)
            if targets is None:
                retained = node.retained() if accumulate and node.retained is not None else None
                if retained is not None:
                    _accumulate(retained, grad, create_graph)
            elif id(node) in targets:
                captured[id(targets[id(node)])] = grad
                if accumulate:
                    _accumulate(targets[id(node)], grad, create_graph)
            if node.pre_hooks:
                grad = _run_node_pre_hooks(node, grad, create_graph)
            if anomaly.state.enabled:
                input_grads = anomaly.checked_apply(node, grad, create_graph)
            else:
                input_grads = node.apply(grad, create_graph)
            if node.post_hooks:
                input_grads = _run_node_post_hooks(node, input_grads, grad, create_graph)
            if not retain_graph:
                node.release()
            for index, ((parent, output_nr), parent_grad) in enumerate(zip(node.edges, input_grads)):
                if parent is None or parent_grad is None:
                    continue
                shape, dtype = (parent.shape, parent.dtype) if output_nr == 0 else _expected(parent, output_nr)
                if create_graph:
                    parent_grad = _as_input_gradient(node, shape, dtype, parent_grad, create_graph, index)
                else:
                    parent_grad = np.asarray(parent_grad, dtype=dtype)
                    if parent_grad.shape != shape:
                        _as_input_gradient(node, shape, dtype, parent_grad, create_graph, index)  # raises
                key = id(parent)
                if parent.output_count == 1:
                    pending[key] = pending[key] + parent_grad if key in pending else parent_grad
                else:
                    _add_pending(pending, parent, output_nr, parent_grad)


def _as_tensors(grads, create_graph: bool) -> tuple:
    from ..tensor import Tensor

    return tuple(g if g is None or create_graph else Tensor._wrap(np.asarray(g)) for g in grads)


def _run_node_pre_hooks(node, grad, create_graph: bool):
    """``hook(grad_outputs)`` of ``node.register_prehook``: a returned tuple replaces the gradient."""
    for hook in list(node.pre_hooks.values()):
        replaced = hook(_as_tensors((grad,), create_graph))
        if replaced is not None:
            grad = replaced[0] if create_graph else replaced[0]._data
    return grad


def _run_node_post_hooks(node, input_grads, grad, create_graph: bool) -> tuple:
    """``hook(grad_inputs, grad_outputs)`` of ``node.register_hook``: a returned tuple replaces grad_inputs."""
    for hook in list(node.post_hooks.values()):
        replaced = hook(_as_tensors(input_grads, create_graph), _as_tensors((grad,), create_graph))
        if replaced is not None:
            input_grads = tuple(g if g is None or create_graph else g._data for g in replaced)
    return input_grads


def _reach_leaf(node, grad, targets, captured, create_graph, accumulate) -> None:
    """A leaf's gradient: its hooks, then capture (``inputs``) or ``.grad +=``, then its post-accumulate hooks."""
    tensor = node.variable
    if tensor._hooks:  # the tensor's hooks first, then the node's, as PyTorch's
        grad = _run_hooks(tensor._hooks, grad, create_graph)
    if node.pre_hooks:
        grad = _run_node_pre_hooks(node, grad, create_graph)
    if targets is not None:
        if id(node) not in targets:
            return
        captured[id(tensor)] = grad
    if accumulate:
        _accumulate(tensor, grad, create_graph)
        for hook in list(tensor._post_accumulate_grad_hooks or ()):
            hook(tensor)
