"""``autograd.backward`` and ``autograd.grad``: PyTorch's two entry points into the engine, with its arguments,
defaults and errors.

- ``backward(tensors, grad_tensors)`` adds d(sum_i <grad_tensors_i, tensors_i>)/dleaf to every leaf's ``.grad``
  (``Tensor.backward`` is this for one tensor);
- ``grad(outputs, inputs, grad_outputs)`` returns d(sum_i <grad_outputs_i, outputs_i>)/dinput for each input and
  touches no ``.grad``.

With ``create_graph=True`` the gradients are computed by recorded ops, so they can be differentiated again (a
gradient penalty, a Hessian-vector product, a Newton step); ``retain_graph`` then defaults to True, as the graph
is usually walked again.
"""

from __future__ import annotations

import numpy as np

from . import engine


def _as_tuple(value) -> tuple:
    from ..tensor import Tensor

    if isinstance(value, Tensor):
        return (value,)
    return tuple(value)


def _root_gradients(outputs: tuple, grad_outputs, create_graph: bool) -> list:
    """dJ/doutput for each output: the given tensor (shape checked), or 1 for a scalar output (PyTorch's errors
    otherwise); arrays, or tensors under ``create_graph``."""
    from ..tensor import Tensor

    given = (None,) * len(outputs) if grad_outputs is None else _as_tuple(grad_outputs)
    seeds = []
    for index, (output, gradient) in enumerate(zip(outputs, given)):
        if not output.requires_grad:
            raise RuntimeError(f"element {index} of tensors does not require grad and does not have a grad_fn")
        if gradient is None:
            if output.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            seed = np.ones(output._data.shape, dtype=output._data.dtype)
            seeds.append(Tensor._wrap(seed) if create_graph else seed)
            continue
        if not isinstance(gradient, Tensor):
            gradient = Tensor(gradient)
        if gradient.shape != output.shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{index}] has a shape of {gradient.shape} and "
                               f"output[{index}] has a shape of {output.shape}.")
        if gradient._data.dtype != output._data.dtype:
            gradient = gradient.to(output.dtype)
        seeds.append(gradient if create_graph else gradient._data)
    return seeds


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None, create_graph: bool = False,
             inputs=None) -> None:
    """Accumulate into ``.grad`` the gradient of sum_i <grad_tensors_i, tensors_i> with respect to every leaf that
    requires one (or to ``inputs`` only, leaves or not)."""
    if grad_tensors is None and inputs is None and not create_graph and getattr(tensors, "_data", None) is not None \
            and tensors._requires_grad and tensors._data.size == 1:  # loss.backward(): the common case, directly
        seed = np.ones(tensors._data.shape, dtype=tensors._data.dtype)
        engine.run_backward([tensors], [seed], retain_graph=bool(retain_graph))
        return
    tensors = _as_tuple(tensors)
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
        for tensor in inputs:
            if not tensor.requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    seeds = _root_gradients(tensors, grad_tensors, create_graph)
    retain_graph = create_graph if retain_graph is None else retain_graph
    engine.run_backward(list(tensors), seeds, retain_graph=bool(retain_graph), create_graph=create_graph,
                        inputs=None if inputs is None else list(inputs))


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None, create_graph: bool = False,
         only_inputs: bool = True, allow_unused: bool | None = None, is_grads_batched: bool = False,
         materialize_grads: bool = False) -> tuple:
    """The gradients of sum_i <grad_outputs_i, outputs_i> with respect to each of ``inputs``, as a tuple.

    ``allow_unused``: an input the outputs do not depend on gets ``None`` (an error otherwise);
    ``materialize_grads``: it gets zeros instead. ``is_grads_batched``: the first dimension of every grad_output
    is a batch of vectors, and each result gets that dimension (computed one vector at a time here, where
    PyTorch's vmap computes them together).
    """
    from ..tensor import Tensor

    outputs, inputs = _as_tuple(outputs), _as_tuple(inputs)
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    allow_unused = materialize_grads if allow_unused is None else allow_unused
    if not inputs:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    for tensor in inputs:
        if not tensor.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    retain_graph = create_graph if retain_graph is None else retain_graph
    if is_grads_batched:
        return _batched_grad(outputs, inputs, _as_tuple(grad_outputs), retain_graph, create_graph, allow_unused,
                             materialize_grads)
    seeds = _root_gradients(outputs, grad_outputs, create_graph)
    captured = engine.run_backward(list(outputs), seeds, retain_graph=bool(retain_graph), create_graph=create_graph,
                                   inputs=list(inputs), accumulate=False)
    results = []
    for index, tensor in enumerate(inputs):
        gradient = captured.get(id(tensor))
        if gradient is None:
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {index} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
            if materialize_grads:
                gradient = Tensor._wrap(np.zeros_like(tensor._data))
        elif not isinstance(gradient, Tensor):
            gradient = Tensor._wrap(np.array(gradient, copy=True))
        results.append(gradient)
    return tuple(results)


def _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused, materialize_grads):
    """``grad`` for each vector of a batch of grad_outputs, the results stacked along a new first dimension."""
    from ..ops.joining import stack

    batch = grad_outputs[0].shape[0]
    rows = [grad(outputs, inputs, tuple(g[b] for g in grad_outputs), retain_graph=True if b < batch - 1 else
                 retain_graph, create_graph=create_graph, allow_unused=allow_unused,
                 materialize_grads=materialize_grads) for b in range(batch)]
    return tuple(None if rows[0][i] is None else stack([row[i] for row in rows]) for i in range(len(inputs)))
