"""``minitorch_es.func``, as ``torch.func``: transforms that turn a function into its derivative, and compose
(``grad(grad(f))`` is f'', ``hessian(f) = jacfwd(jacrev(f))``).

    grad(f)(x) = df/dx (f scalar)          vjp(f, x) = (f(x), v -> v^T J)      jacrev(f)(x) = J, row by row
    grad_and_value(f)(x) = (df/dx, f(x))   jvp(f, (x,), (v,)) = (f(x), J v)   jacfwd(f)(x) = J, column by column
    hessian(f)(x) = d^2 f / dx^2           vmap(f)(xs) = stack([f(x) for x in xs])
    functional_call(model, params, x): model(x) with its parameters replaced by ``params`` (MAML)

``grad`` and ``grad_and_value`` take tensors or trees of them (dicts, lists, tuples: a model's parameters) and
return gradients of the same structure.

How they compute: every transform records its inner gradients (``create_graph=True``) whenever the arguments
are themselves tracked by an outer transform, so that the outer one can differentiate them again. Columns of J
(``jvp``, ``jacfwd``) come from the double backward trick (J v is the gradient, with respect to a dummy u, of
<u^T J, v>), which composes with reverse mode; ``vmap`` calls the function once per element of the batch and
stacks the results (PyTorch batches the computation itself; the numbers are the same).
"""

from __future__ import annotations

import functools

from ..autograd.grad_mode import enable_grad
from ..autograd.gradients import grad as autograd_grad
from ..creation import zeros_like
from ..ops.joining import stack
from ..tensor import Tensor

__all__ = ["functional_call", "grad", "grad_and_value", "hessian", "jacfwd", "jacrev", "jvp", "vjp", "vmap"]


def _leaves(tree) -> list:
    """The tensors of a tree of dicts, lists and tuples (torch.func's "pytrees"), in order."""
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in _leaves(value)]
    if isinstance(tree, (list, tuple)):
        return [leaf for value in tree for leaf in _leaves(value)]
    return [tree]


def _rebuilt(tree, leaves):
    """``tree`` with its tensors replaced, in order, by those of the iterator ``leaves``."""
    if isinstance(tree, dict):
        return {key: _rebuilt(value, leaves) for key, value in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_rebuilt(value, leaves) for value in tree)
    return next(leaves)


def _tracked(value):
    """``value`` as a leaf to differentiate: a view that keeps an outer transform's graph, or a detached copy."""
    return value.view_as(value) if value.requires_grad else value.detach().requires_grad_(True)


def _gradients(outputs, inputs, grad_outputs, create_graph) -> tuple:
    """autograd.grad with zeros for inputs the outputs do not depend on."""
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if not pairs:
        return tuple(zeros_like(x) for x in inputs)
    grads = autograd_grad([o for o, _ in pairs], inputs, [g for _, g in pairs], create_graph=create_graph,
                          retain_graph=True, allow_unused=True)
    return tuple(zeros_like(x) if g is None else g for g, x in zip(grads, inputs))


def _finish(value, nested: bool):
    return value if nested or not isinstance(value, Tensor) else value.detach()


def _argnums_tuple(argnums) -> tuple:
    return argnums if isinstance(argnums, tuple) else (argnums,)


def grad_and_value(func, argnums=0, has_aux: bool = False):
    """A function returning (df/d args[argnums], f(args)) (with ``has_aux``: ((grads), (value, aux)))."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nested = any(leaf.requires_grad for a in args for leaf in _leaves(a) if isinstance(leaf, Tensor))
        with enable_grad():
            args = list(args)
            for i in _argnums_tuple(argnums):
                args[i] = _rebuilt(args[i], iter([_tracked(leaf) for leaf in _leaves(args[i])]))
            out = func(*args, **kwargs)
            value, aux = out if has_aux else (out, None)
            if not isinstance(value, Tensor) or value.numel() != 1 or value.ndim != 0:
                dims = value.ndim if isinstance(value, Tensor) else 0
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor "
                                   f"with {dims} dims. Maybe you wanted to use the vjp or jacrev APIs instead?")
            inputs = [leaf for i in _argnums_tuple(argnums) for leaf in _leaves(args[i])]
            grads = iter([_finish(g, nested) for g in _gradients([value], inputs, [None], create_graph=nested)])
        grads = tuple(_rebuilt(args[i], grads) for i in _argnums_tuple(argnums))
        grads = grads if isinstance(argnums, tuple) else grads[0]
        value = _finish(value, nested)
        return (grads, (value, aux)) if has_aux else (grads, value)

    return wrapper


def grad(func, argnums=0, has_aux: bool = False):
    """A function returning df/d args[argnums] for a scalar f (with ``has_aux``: (grads, aux))."""
    with_value = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        grads, value = with_value(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads

    return wrapper


def _call_tracked(func, primals, has_aux: bool):
    """(nested, tracked inputs, output, aux) of func called on the primals made leaves to differentiate."""
    nested = any(p.requires_grad for p in primals)
    with enable_grad():
        inputs = [_tracked(p) for p in primals]
        out = func(*inputs)
    out, aux = out if has_aux else (out, None)
    return nested, inputs, out, aux


def vjp(func, *primals, has_aux: bool = False):
    """(f(primals), vjp_fn), vjp_fn(v) being (v^T J_1, v^T J_2, ...), one per primal."""
    nested, inputs, out, aux = _call_tracked(func, primals, has_aux)
    outputs = out if isinstance(out, tuple) else (out,)

    def vjp_fn(*cotangents):
        cotangents = cotangents[0] if len(cotangents) == 1 and isinstance(cotangents[0], tuple) else cotangents
        with enable_grad():
            grads = _gradients(outputs, inputs, cotangents, create_graph=nested or any(
                c.requires_grad for c in cotangents))
        return tuple(_finish(g, nested) for g in grads)

    result = tuple(_finish(o, nested) for o in outputs) if isinstance(out, tuple) else _finish(out, nested)
    return (result, vjp_fn, aux) if has_aux else (result, vjp_fn)


def jvp(func, primals: tuple, tangents: tuple, *, strict: bool = False, has_aux: bool = False):
    """(f(primals), J tangents), by the double backward trick."""
    if not isinstance(primals, tuple) or not isinstance(tangents, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to be tuples")
    if len(primals) != len(tangents):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have the same python "
                           f"structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got "
                           f"primals with structure {len(primals)} and tangents with structure {len(tangents)}")
    nested, inputs, out, aux = _call_tracked(func, primals, has_aux)
    with enable_grad():
        outputs = out if isinstance(out, tuple) else (out,)
        dummies = [zeros_like(o).requires_grad_(True) for o in outputs]
        transposed = _gradients(outputs, inputs, dummies, create_graph=True)
        products = _gradients(transposed, dummies, tangents, create_graph=nested)
    products = tuple(_finish(p, nested) for p in products)
    result = tuple(_finish(o, nested) for o in outputs)
    if not isinstance(out, tuple):
        result, products = result[0], products[0]
    return (result, products, aux) if has_aux else (result, products)


def _jacobian(func, argnums, has_aux, by_rows: bool):
    @functools.wraps(func)
    def wrapper(*args):
        nested = any(isinstance(a, Tensor) and a.requires_grad for a in args)
        with enable_grad():
            args = list(args)
            numbers = _argnums_tuple(argnums)
            for i in numbers:
                args[i] = _tracked(args[i])
            out = func(*args)
            out, aux = out if has_aux else (out, None)
            outputs = out if isinstance(out, tuple) else (out,)
            inputs = [args[i] for i in numbers]
            blocks = [_block(output, inputs, by_rows, nested) for output in outputs]
        blocks = [tuple(_finish(b, nested) for b in row) for row in blocks]
        blocks = [row if isinstance(argnums, tuple) else row[0] for row in blocks]
        result = tuple(blocks) if isinstance(out, tuple) else blocks[0]
        return (result, aux) if has_aux else result

    return wrapper


def _block(output, inputs, by_rows: bool, nested: bool) -> tuple:
    """d output / d input for each input, of shape output.shape + input.shape."""
    if by_rows:  # one vector-Jacobian product per output element
        flat = output.reshape(-1)
        rows = [_gradients([flat[k]], inputs, [None], create_graph=nested) for k in range(flat.shape[0])]
        return tuple((stack([row[j] for row in rows]) if rows else x.new_zeros((0,) + tuple(x.shape))).reshape(
            tuple(output.shape) + tuple(x.shape)) for j, x in enumerate(inputs))
    dummy = zeros_like(output).requires_grad_(True)  # one Jacobian-vector product per input element
    transposed = _gradients([output], inputs, [dummy], create_graph=True)
    blocks = []
    for x, vector_jacobian in zip(inputs, transposed):
        flat = vector_jacobian.reshape(-1)
        columns = [_gradients([flat[k]], [dummy], [None], create_graph=nested)[0] for k in range(flat.shape[0])]
        column_stack = stack(columns, dim=-1) if columns else output.new_zeros(tuple(output.shape) + (0,))
        blocks.append(column_stack.reshape(tuple(output.shape) + tuple(x.shape)))
    return tuple(blocks)


def jacrev(func, argnums=0, *, has_aux: bool = False, chunk_size=None):
    """A function returning the Jacobian of f with respect to args[argnums], by reverse mode (row by row)."""
    return _jacobian(func, argnums, has_aux, by_rows=True)


def jacfwd(func, argnums=0, has_aux: bool = False, *, randomness: str = "error"):
    """A function returning the Jacobian of f with respect to args[argnums], column by column."""
    return _jacobian(func, argnums, has_aux, by_rows=False)


def hessian(func, argnums=0):
    """A function returning the Hessian of a scalar f: jacfwd(jacrev(f))."""
    return jacfwd(jacrev(func, argnums), argnums)


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights: bool = True,
                    strict: bool = False):
    """``module(*args, **kwargs)`` with some of its parameters and buffers replaced by the given tensors (by
    their ``state_dict`` names), the module itself left as it was: what MAML-style code differentiates, with
    ``grad`` or ``autograd.grad``, with respect to those tensors."""
    dicts = parameter_and_buffer_dicts if isinstance(parameter_and_buffer_dicts, (tuple, list)) else (
        parameter_and_buffer_dicts,)
    replacements = {}
    for mapping in dicts:
        repeated = set(replacements) & set(mapping)
        if repeated:
            raise ValueError(f"{sorted(repeated)} appeared in multiple dictionaries; behavior of functional call is "
                             "ambiguous")
        replacements.update(mapping)
    known = {name for name, _ in module.named_parameters()} | {name for name, _ in module.named_buffers()}
    unexpected, missing = sorted(set(replacements) - known), sorted(known - set(replacements))
    if unexpected or (strict and missing):
        raise RuntimeError(f"Error(s) in reparametrizing for {type(module).__name__}:\n\t"
                           + (f"Unexpected key(s): {', '.join(map(repr, unexpected))}." if unexpected else
                              f"Missing key(s): {', '.join(map(repr, missing))}."))
    saved = []
    try:
        for name, value in replacements.items():
            owner_path, _, attribute = name.rpartition(".")
            owner = module
            for part in filter(None, owner_path.split(".")):
                owner = getattr(owner, part)
            registry = owner._parameters if attribute in owner._parameters else owner._buffers
            saved.append((registry, attribute, registry[attribute]))
            registry[attribute] = value
        args = () if args is None else args if isinstance(args, tuple) else (args,)
        return module(*args, **(kwargs or {}))
    finally:
        for registry, attribute, original in reversed(saved):
            registry[attribute] = original


def vmap(func, in_dims=0, out_dims=0, randomness: str = "error", *, chunk_size=None):
    """func mapped over dimension ``in_dims`` of its arguments (None: not mapped), the results stacked along
    ``out_dims``. It calls func once per element of the batch."""

    @functools.wraps(func)
    def wrapper(*args):
        dims = in_dims if isinstance(in_dims, (tuple, list)) else (in_dims,) * len(args)
        sizes = {a.shape[d] for a, d in zip(args, dims) if d is not None}
        if not sizes:
            raise ValueError("vmap(f, in_dims=...)(...): at least one input must be mapped over (got in_dims="
                             f"{in_dims}).")
        if len(sizes) > 1:
            raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                             f"{sorted(sizes)} for the mapped dimension")
        results = [func(*(a if d is None else a.select(d, b) for a, d in zip(args, dims)))
                   for b in range(sizes.pop())]
        if isinstance(results[0], tuple):
            outs = out_dims if isinstance(out_dims, (tuple, list)) else (out_dims,) * len(results[0])
            return tuple(stack([r[i] for r in results], dim=outs[i]) for i in range(len(results[0])))
        return stack(results, dim=out_dims)

    return wrapper
