"""Reverse-mode differentiation over the recorded graph.

``backward(root, grad)`` orders the graph's tensors topologically with an explicit stack (no recursion, so a
graph thousands of operations deep works), then walks that order from the root, applying the chain rule at each
node: dJ/dinput = backward(dJ/doutput). Gradients that reach the same tensor along several paths are summed;
leaves that require a gradient accumulate into ``.grad``.
"""

from __future__ import annotations

import numpy as np


def _topological_order(root) -> list:
    """Tensors reachable from ``root`` through ``grad_fn`` links, each before every tensor it was computed from.

    An iterative depth-first search: a tensor is emitted once all of its inputs are emitted (post-order), and the
    reversed post-order lists every consumer before what it consumes.
    """
    order, expanded = [], set()
    stack = [(root, False)]
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


def _run_hooks(tensor, grad: np.ndarray) -> np.ndarray:
    from ..tensor import Tensor

    for hook in tensor._hooks:
        replaced = hook(Tensor._wrap(grad))
        if replaced is not None:
            grad = replaced._data
    return grad


def _accumulate(tensor, grad: np.ndarray) -> None:
    from ..tensor import Tensor

    if tensor._grad is None:
        tensor._grad = Tensor._wrap(np.array(grad, dtype=tensor._data.dtype, copy=True))
    else:
        tensor._grad._data = tensor._grad._data + grad


def backward(root, grad: np.ndarray, retain_graph: bool = False) -> None:
    """Propagate ``grad`` (dJ/droot) to every leaf of the graph behind ``root``."""
    pending = {id(root): grad}
    with np.errstate(all="ignore"):
        for tensor in _topological_order(root):
            grad = pending.pop(id(tensor), None)
            if grad is None:
                continue
            grad = _run_hooks(tensor, grad)
            node = tensor._grad_fn
            if node is None or tensor._retains_grad:
                _accumulate(tensor, grad)
            if node is None:
                continue
            input_grads = node.apply(grad)
            if not retain_graph:
                node.release()
            for parent, parent_grad in zip(node.inputs, input_grads):
                if parent is None or parent_grad is None:
                    continue
                parent_grad = np.asarray(parent_grad, dtype=parent._data.dtype)
                if parent_grad.shape != parent._data.shape:
                    raise RuntimeError(
                        f"internal error: {node.name()} returned a gradient of shape {parent_grad.shape} "
                        f"for an input of shape {parent._data.shape}"
                    )
                pending[id(parent)] = pending[id(parent)] + parent_grad if id(parent) in pending else parent_grad
