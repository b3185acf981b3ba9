"""Reverse-mode differentiation over the recorded graph.

:func:`run_backward` orders the graph's tensors topologically with an explicit stack (no recursion, so a graph
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

from .grad_mode import set_grad_enabled


def _topological_order(roots) -> list:
    """Tensors reachable from ``roots`` through ``grad_fn`` links, each before every tensor it was computed from.

    An iterative depth-first search: a tensor is emitted once all of its inputs are emitted (post-order), and the
    reversed post-order lists every consumer before what it consumes.
    """
    order, expanded = [], set()
    stack = [(root, False) for root in roots]
    while stack:
        tensor, inputs_done = stack.pop()
        if inputs_done:
            order.append(tensor)
            continue
        if id(tensor) in expanded:
            continue
        expanded.add(id(tensor))
        stack.append((tensor, True))
        node = tensor._grad_fn
        if node is not None:
            stack.extend((parent, False) for parent in node.inputs if parent is not None and id(parent) not in expanded)
    order.reverse()
    return order


def _leading_to(order: list, targets: set) -> set:
    """The ids of the tensors of ``order`` from which some tensor of ``targets`` (ids) is reached: the only ones
    whose gradients are needed when gradients are asked for ``targets`` alone."""
    needed = set()
    for tensor in reversed(order):  # producers before consumers
        node = tensor._grad_fn
        if id(tensor) in targets or (node is not None and any(
                parent is not None and id(parent) in needed for parent in node.inputs)):
            needed.add(id(tensor))
    return needed


def _run_hooks(tensor, grad, create_graph: bool):
    from ..tensor import Tensor

    for hook in tensor._hooks:
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


def _as_input_gradient(node, parent, grad, create_graph: bool):
    """A backward formula's result as the gradient of ``parent``: its dtype, and its shape checked."""
    if create_graph:
        from ..tensor import Tensor

        if not isinstance(grad, Tensor):
            grad = Tensor._wrap(np.asarray(grad, dtype=parent._data.dtype))
        elif grad._data.dtype != parent._data.dtype:
            grad = grad.to(parent.dtype)
        shape = grad._data.shape
    else:
        grad = np.asarray(grad, dtype=parent._data.dtype)
        shape = grad.shape
    if shape != parent._data.shape:
        raise RuntimeError(f"internal error: {node.name()} returned a gradient of shape {shape} for an input of "
                           f"shape {parent._data.shape}")
    return grad


def run_backward(roots: list, root_grads: list, *, retain_graph: bool = False, create_graph: bool = False,
                 inputs: list | None = None, accumulate: bool = True) -> dict:
    """Propagate ``root_grads`` (dJ/droot, one per root: arrays, or tensors under ``create_graph``) through the
    graph behind ``roots``.

    With ``accumulate``, leaves that require a gradient (or, when ``inputs`` is given, exactly ``inputs``) add it
    to ``.grad``. The result maps ``id(tensor)`` to the gradient that reached each tensor of ``inputs``.
    """
    pending: dict = {}
    for root, grad in zip(roots, root_grads):
        pending[id(root)] = pending[id(root)] + grad if id(root) in pending else grad
    order = _topological_order(roots)
    targets = None if inputs is None else {id(tensor) for tensor in inputs}
    needed = None if targets is None else _leading_to(order, targets)
    captured: dict = {}
    if create_graph:  # the backward formulas record their ops
        with set_grad_enabled(True):
            _walk(order, pending, targets, needed, captured, retain_graph, True, accumulate)
    else:
        _walk(order, pending, targets, needed, captured, retain_graph, False, accumulate)
    return captured


def _walk(order, pending, targets, needed, captured, retain_graph, create_graph, accumulate) -> None:
    """The chain rule along ``order``: each tensor's pending gradient, hooks, accumulation or capture, then its
    node's input gradients added to the pending ones."""
    with np.errstate(all="ignore"):
        for tensor in order:
            grad = pending.pop(id(tensor), None)
            if grad is None or (needed is not None and id(tensor) not in needed):
                continue
            if tensor._hooks:
                grad = _run_hooks(tensor, grad, create_graph)
            node = tensor._grad_fn
            if targets is None:
                if accumulate and (node is None or tensor._retains_grad):
                    _accumulate(tensor, grad, create_graph)
            elif id(tensor) in targets:
                captured[id(tensor)] = grad
                if accumulate:
                    _accumulate(tensor, grad, create_graph)
            if node is None:
                continue
            input_grads = node.apply(grad, tensor if create_graph else None)
            if not retain_graph:
                node.release()
            for parent, parent_grad in zip(node.inputs, input_grads):
                if parent is None or parent_grad is None:
                    continue
                if create_graph:
                    parent_grad = _as_input_gradient(node, parent, parent_grad, create_graph)
                else:
                    parent_grad = np.asarray(parent_grad, dtype=parent._data.dtype)
                    if parent_grad.shape != parent._data.shape:
                        _as_input_gradient(node, parent, parent_grad, create_graph)  # raises, naming the node
                pending[id(parent)] = pending[id(parent)] + parent_grad if id(parent) in pending else parent_grad

