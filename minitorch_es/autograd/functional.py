"""``autograd.functional``: derivatives of a whole function ``func(*inputs)``, as PyTorch's.

    vjp(f, x, v) = (f(x), v^T J)          jvp(f, x, v) = (f(x), J v)          jacobian(f, x) = J
    vhp(f, x, v) = (f(x), v^T H)          hvp(f, x, v) = (f(x), H v)          hessian(f, x) = H

J is the Jacobian of f at x and H the Hessian of a scalar f. Reverse mode gives v^T J directly; J v comes from
the "double backward trick" (v^T J is linear in v, so J v = d(v^T J . u)/dv ... computed as the gradient, with
respect to a dummy v, of <v^T J, u>), which is why these need ``create_graph``-capable backward formulas.

The arguments and errors are PyTorch's: ``create_graph`` keeps the results differentiable; ``strict=True`` raises
where an output does not depend on an input (otherwise that part is zeros); ``vectorize=True`` is accepted and
computes the same rows one at a time (PyTorch batches them with vmap).
"""

from __future__ import annotations

import numpy as np

from .gradients import grad
from .grad_mode import enable_grad


def _as_tuple(value, arg_name: str, fn_name: str) -> tuple[bool, tuple]:
    from ..tensor import Tensor

    if isinstance(value, tuple):
        for i, element in enumerate(value):
            if not isinstance(element, Tensor):
                raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors but "
                                f"the value at index {i} has type {type(element)}.")
        return True, value
    if not isinstance(value, Tensor):
        raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors but the "
                        f"given {arg_name} has type {type(value)}.")
    return False, (value,)


def _unpack(values, is_tuple):
    """The inverse of :func:`_as_tuple`; ``is_tuple`` a pair unpacks two levels (a Jacobian's outputs x inputs)."""
    if isinstance(is_tuple, tuple):
        outer, inner = is_tuple
        values = values if inner else tuple(row[0] for row in values)
        return values if outer else values[0]
    return values if is_tuple else values[0]


def _prepare(inputs: tuple, create_graph: bool, need_graph: bool) -> tuple:
    """Leaves to differentiate with respect to: a view that keeps the caller's graph (``create_graph``), else a
    detached copy of the values that requires a gradient when ``need_graph``."""
    return tuple(x.view_as(x) if create_graph and x.requires_grad else x.detach().requires_grad_(need_graph)
                 for x in inputs)


def _finish(values: tuple, create_graph: bool) -> tuple:
    return tuple(v if create_graph or v is None else v.detach() for v in values)


def _vector(v, other: tuple, is_other_tuple: bool, create_graph: bool, name: str, none_means: str):
    """The vector v as a tuple of constants shaped as ``other`` (what it multiplies); None only where ``other`` is
    one single-element tensor (v = 1), as PyTorch's."""
    if v is None:
        if len(other) != 1 or other[0].numel() != 1:
            raise RuntimeError(f"The vector v can only be None if the {none_means} a single Tensor with a single "
                               "element.")
        return None
    v = _prepare(_as_tuple(v, "v", name)[1], create_graph, need_graph=False)
    _check_v(v, other, is_other_tuple)
    return v


def _check_v(v: tuple, other: tuple, is_other_tuple: bool) -> None:
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for index, (element, reference) in enumerate(zip(v, other)):
        if element.shape != reference.shape:
            prefix = f"Entry {index} in " if is_other_tuple else ""
            raise RuntimeError(f"{prefix}v has invalid size: should be {reference.shape} but got {element.shape}.")


_NOT_DIFFERENTIABLE = {
    "outputs": "Output {i} of the user-provided function does not require gradients. The outputs must be computed "
               "in a differentiable manner from the input when running in strict mode.",
    "grad_inputs": "The gradient with respect to input {i} is independent of the inputs of the user-provided "
                   "function. This is not allowed in strict mode.",
    "jacobian": "While computing the hessian, found that the jacobian of the user-provided function with respect to "
                "input {i} is independent of the input. This is not allowed in strict mode. You should ensure that "
                "your function is twice differentiable and that the jacobian depends on the inputs (this would be "
                "violated by a linear function for example).",
    "hessian": "The hessian of the user-provided function with respect to input {i} is independent of the input. "
               "This is not allowed in strict mode. You should ensure that your function is thrice differentiable "
               "and that the hessian depends on the inputs.",
}


def _check_requires_grad(values: tuple, kind: str, strict: bool) -> None:
    if not strict:
        return
    for i, value in enumerate(values):
        if value is None:
            raise RuntimeError(f"The output of the user-provided function is independent of input {i}. This is not "
                               "allowed in strict mode.")
        if not value.requires_grad:
            raise RuntimeError(_NOT_DIFFERENTIABLE[kind].format(i=i))


def _grad(outputs: tuple, inputs: tuple, grad_outputs=None, create_graph=False, retain_graph=None) -> tuple:
    """autograd.grad over the outputs that require a gradient (None for every input when none does)."""
    grad_outputs = (None,) * len(outputs) if grad_outputs is None else grad_outputs
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return grad(tuple(o for o, _ in pairs), inputs, tuple(g for _, g in pairs), retain_graph=retain_graph,
                create_graph=create_graph, allow_unused=True)


_INDEPENDENT = {
    "back": "The output of the user-provided function is independent of input {i}. This is not allowed in strict "
            "mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the grad_outputs when using "
                  "the double backward trick to compute forward mode gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. This is not allowed in "
                   "strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} in the "
                         "grad_jacobian. This is not allowed in strict mode as it prevents from using the double "
                         "backward trick to replace forward mode AD.",
}


def _zeros_for_none(grads: tuple, references: tuple, strict: bool, create_graph: bool, stage: str) -> tuple:
    """Zeros where a gradient is None (an error in strict mode), with PyTorch's message for the stage."""
    filled = []
    for i, (gradient, reference) in enumerate(zip(grads, references)):
        if gradient is None:
            if strict:
                raise RuntimeError(_INDEPENDENT[stage].format(i=i))
            gradient = zeros_like(reference)
        elif strict and create_graph and not gradient.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of input {i}. This is not "
                               "allowed in strict mode when create_graph=True.")
        filled.append(gradient)
    return tuple(filled)


def zeros_like(value):
    from ..tensor import Tensor

    return Tensor._wrap(np.zeros(value._data.shape, dtype=value._data.dtype))


def _dummy_like(values: tuple) -> tuple:
    return tuple(zeros_like(v).requires_grad_(True) for v in values)


def vjp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), v^T J): the vector-Jacobian product, by one reverse pass."""
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _prepare(inputs, create_graph, need_graph=True)
        is_outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "vjp")
        _check_requires_grad(outputs, "outputs", strict)
        v = _vector(v, outputs, is_outputs_tuple, create_graph, "vjp", "user-provided function returns")
        products = _zeros_for_none(_grad(outputs, inputs, v, create_graph), inputs, strict, create_graph, "back")
    return (_unpack(_finish(outputs, create_graph), is_outputs_tuple),
            _unpack(_finish(products, create_graph), is_inputs_tuple))


def jvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), J v): the Jacobian-vector product, by the double backward trick (see the module)."""
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _prepare(inputs, create_graph, need_graph=True)
        v = _vector(v, inputs, is_inputs_tuple, create_graph, "jvp", "input to the user-provided function is")
        is_outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        dummies = _dummy_like(outputs)  # u: <u^T J, v> is linear in u, with gradient J v
        transposed = _grad(outputs, inputs, dummies, create_graph=True)
        _check_requires_grad(transposed, "grad_inputs", strict)
        products = _grad(transposed, dummies, v, create_graph=create_graph)
        products = _zeros_for_none(products, outputs, strict, create_graph, "back_trick")
    return (_unpack(_finish(outputs, create_graph), is_outputs_tuple),
            _unpack(_finish(products, create_graph), is_outputs_tuple))


def jacobian(func, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
             strategy: str = "reverse-mode"):
    """J[i][j] = d output_i / d input_j, of shape output_i.shape + input_j.shape; one reverse pass per output
    element ("reverse-mode"), or one forward-mode pass per input element ("forward-mode", with vectorize=True
    as PyTorch requires)."""
    from ..ops.joining import stack

    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function '
                             'has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, '
                             'prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError('torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-'
                                      'mode"` are not supported together (yet). Please either set `create_graph=False`'
                                      ' or `strategy="reverse-mode"`.')
        if not vectorize:
            raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian "
                                      "isonly implemented for `vectorize=True`.")
        from .forward_ad import jacobian_by_columns

        return jacobian_by_columns(func, inputs, strict)
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _prepare(inputs, create_graph, need_graph=True)
        is_outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function", "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        if vectorize and strict:
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
                               "supported together. Please either set `strict=False` or `vectorize=False`.")
        blocks = []
        for i, output in enumerate(outputs):
            rows = [[] for _ in inputs]
            flat = output.reshape(-1)
            for k in range(flat.shape[0]):
                row = _grad((flat[k],), inputs, None, create_graph=create_graph, retain_graph=True)
                for j, (gradient, x) in enumerate(zip(row, inputs)):
                    if gradient is None:
                        if strict:
                            raise RuntimeError(f"Output {i} of the user-provided function is independent of input "
                                               f"{j}. This is not allowed in strict mode.")
                        gradient = x.new_zeros(x.shape)
                    elif strict and create_graph and not gradient.requires_grad:
                        raise RuntimeError(f"The jacobian of the user-provided function is independent of input {i}. "
                                           "This is not allowed in strict mode when create_graph=True.")
                    rows[j].append(gradient)
            blocks.append(tuple(
                (stack(r) if r else x.new_zeros((0,) + tuple(x.shape))).reshape(tuple(output.shape) + tuple(x.shape))
                for r, x in zip(rows, inputs)))
        blocks = tuple(_finish(block, create_graph) for block in blocks)
    return _unpack(blocks, (is_outputs_tuple, is_inputs_tuple))


def hessian(func, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode"):
    """H[i][j] = d^2 f / d input_i d input_j for a scalar f: the Jacobian of its gradient."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def scalar(*values):
        out = func(*values)
        is_tuple, outputs = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(outputs, "outputs", strict)
        if is_tuple:
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should contain a single element")
        return out.squeeze()

    def gradient(*values):
        first = jacobian(scalar, values, create_graph=True)
        _check_requires_grad(first, "jacobian", strict)
        return first

    result = jacobian(gradient, inputs, create_graph=create_graph, strict=strict, vectorize=vectorize,
                      strategy=outer_jacobian_strategy)
    return _unpack(result, (is_inputs_tuple, is_inputs_tuple))


def _scalar_output(func, inputs, name: str):
    outputs = func(*inputs)
    is_tuple, as_tuple = _as_tuple(outputs, "outputs of the user-provided function", name)
    if is_tuple:
        raise RuntimeError(f"The function given to {name} should return a single Tensor")
    if outputs.numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {name} should contain a single element")
    return as_tuple


def vhp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), v^T H) for a scalar func: the gradient of <grad f, v>."""
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), H v) for a scalar func, by the double backward trick (H is symmetric, so it equals vhp's
    result up to rounding; PyTorch computes it this way too)."""
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(func, inputs, v, create_graph, strict, name):
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", name)
        inputs = _prepare(inputs, create_graph, need_graph=True)
        v = _vector(v, inputs, is_inputs_tuple, create_graph, name, "input to the user-provided function is")
        outputs = _scalar_output(func, inputs, name)
        _check_requires_grad(outputs, "outputs", strict)
        first = _grad(outputs, inputs, create_graph=True)
        _check_requires_grad(first, "jacobian", strict)
        if name == "vhp":
            products = _zeros_for_none(_grad(first, inputs, v, create_graph), inputs, strict, create_graph,
                                       "double_back")
        else:
            dummies = _dummy_like(inputs)
            transposed = _grad(first, inputs, dummies, create_graph=True)
            _check_requires_grad(transposed, "hessian", strict)
            products = _zeros_for_none(_grad(transposed, dummies, v, create_graph), inputs, strict, create_graph,
                                       "double_back_trick")
    return (_unpack(_finish(outputs, create_graph), False), _unpack(_finish(products, create_graph), is_inputs_tuple))
