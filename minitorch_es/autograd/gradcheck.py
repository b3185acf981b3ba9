"""``gradcheck`` and ``gradgradcheck``: analytical gradients against finite differences, as PyTorch's.

For each differentiable output y_i and each input x_j that requires a gradient, the numerical Jacobian is built
column by column with central differences,

    dy/dx[:, k] ~ (f(x + eps e_k) - f(x - eps e_k)) / (2 eps),

and the analytical one row by row with the backward pass (one unit upstream vector per output element; with
``check_forward_ad``, column by column with forward mode too). They must agree within ``atol + rtol |numerical|``.
``fast_mode=True`` compares u^T J v for random u and v instead of whole Jacobians. Use float64 inputs: float32's
rounding is larger than the tolerances (PyTorch warns, and so does this).

``gradgradcheck`` checks second derivatives the same way, applied to the function that returns the first-order
gradients (with random upstream vectors, themselves differentiated) computed with ``create_graph=True``.
"""

from __future__ import annotations

import warnings

import numpy as np

from .gradients import grad


class GradcheckError(RuntimeError):
    """A gradient check failed (PyTorch's ``torch.autograd.gradcheck.GradcheckError``)."""


def _as_tuple(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _differentiable_inputs(inputs: tuple) -> list:
    from ..tensor import Tensor

    chosen = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    if not chosen:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of the them have "
                         "requires_grad=True.")
    for index, x in enumerate(inputs):
        if isinstance(x, Tensor) and x.requires_grad and x._data.dtype != np.float64:
            warnings.warn(f"Input #{index} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating point "
                          "or complex. ", UserWarning, stacklevel=3)
    return chosen


def _outputs(func, inputs) -> list:
    from ..tensor import Tensor

    return [y for y in _as_tuple(func(*inputs)) if isinstance(y, Tensor) and y.dtype.is_floating_point]


def _numerical_jacobians(func, inputs, differentiable, eps) -> list:
    """[output][input] -> array (output.numel(), input.numel()) of central differences."""
    reference = _outputs(func, inputs)
    jacobians = [[np.zeros((y.numel(), x.numel())) for x in differentiable] for y in reference]
    for j, x in enumerate(differentiable):  # gradients stay on: func may differentiate (gradgradcheck's does)
        for k in range(x.numel()):
            position = np.unravel_index(k, x._data.shape)
            original = x._data[position].copy()
            x._data[position] = original + eps
            above = [y._data.astype(np.float64).reshape(-1) for y in _outputs(func, inputs)]
            x._data[position] = original - eps
            below = [y._data.astype(np.float64).reshape(-1) for y in _outputs(func, inputs)]
            x._data[position] = original
            for i in range(len(reference)):
                jacobians[i][j][:, k] = (above[i] - below[i]) / (2 * eps)
    return jacobians


def _analytical_jacobians(func, inputs, differentiable) -> list:
    """[output][input] -> array (output.numel(), input.numel()), one backward pass per output element."""
    from ..tensor import Tensor

    outputs = _outputs(func, inputs)
    jacobians = [[np.zeros((y.numel(), x.numel())) for x in differentiable] for y in outputs]
    for i, y in enumerate(outputs):
        if not y.requires_grad:
            continue
        for k in range(y.numel()):
            unit = np.zeros(y._data.size, dtype=y._data.dtype)
            unit[k] = 1
            rows = grad(y, differentiable, Tensor._wrap(unit.reshape(y._data.shape)), retain_graph=True,
                        allow_unused=True)
            for j, row in enumerate(rows):
                if row is not None:
                    jacobians[i][j][k] = row._data.astype(np.float64).reshape(-1)
    return jacobians


def _forward_jacobians(func, inputs, differentiable) -> list:
    """[output][input] -> array (output.numel(), input.numel()), one forward-mode pass per input element."""
    from ..tensor import Tensor
    from . import forward_ad

    jacobians = None
    for j, x in enumerate(differentiable):
        for k in range(x.numel()):
            unit = np.zeros(x._data.size, dtype=x._data.dtype)
            unit[k] = 1
            with forward_ad.dual_level():
                duals = [forward_ad.make_dual(v, Tensor._wrap(unit.reshape(v._data.shape))) if v is x else v
                         for v in inputs]
                outputs = _outputs(func, duals)
                if jacobians is None:
                    jacobians = [[np.zeros((y.numel(), v.numel())) for v in differentiable] for y in outputs]
                for i, y in enumerate(outputs):
                    tangent = forward_ad.unpack_dual(y).tangent
                    if tangent is not None:
                        jacobians[i][j][:, k] = tangent._data.astype(np.float64).reshape(-1)
    return jacobians or []


def _compare(numerical, analytical, rtol, atol, what: str, projections=None) -> None:
    for i, (numerical_row, analytical_row) in enumerate(zip(numerical, analytical)):
        for j, (n, a) in enumerate(zip(numerical_row, analytical_row)):
            if projections is not None:
                u, v = projections[i][j]
                n, a = np.asarray(u @ n @ v), np.asarray(u @ a @ v)
            if not np.allclose(a, n, rtol=rtol, atol=atol, equal_nan=True):
                note = ("" if projections is None else "\nThe above quantities relating the numerical and "
                        "analytical jacobians are computed in fast mode: u^T J v for random vectors u and v.")
                raise GradcheckError(f"{what} mismatch for output {i} with respect to input {j},\n"
                                     f"numerical:{_show(n)}\nanalytical:{_show(a)}\n{note}")


def _show(array: np.ndarray):
    from ..tensor import Tensor

    return Tensor._wrap(np.asarray(array))


def gradcheck(func, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, nondet_tol: float = 0.0, check_undefined_grad: bool = True,
              check_grad_dtypes: bool = False, check_batched_grad: bool = False,
              check_batched_forward_grad: bool = False, check_forward_ad: bool = False,
              check_backward_ad: bool = True, fast_mode: bool = False, masked: bool | None = None) -> bool:
    """True if ``func``'s analytical gradients (and, with ``check_forward_ad``, its forward-mode ones) match
    finite differences; otherwise GradcheckError (or False with ``raise_exception=False``)."""
    inputs = _as_tuple(inputs)
    differentiable = _differentiable_inputs(inputs)
    try:
        numerical = _numerical_jacobians(func, inputs, differentiable, eps)
        projections = None
        if fast_mode:
            rng = np.random.default_rng(0)
            projections = [[(rng.standard_normal(n.shape[0]), rng.standard_normal(n.shape[1])) for n in row]
                           for row in numerical]
        if check_backward_ad:
            _compare(numerical, _analytical_jacobians(func, inputs, differentiable), rtol, atol, "Jacobian",
                     projections)
        if check_forward_ad:
            _compare(numerical, _forward_jacobians(func, inputs, differentiable), rtol, atol,
                     "Jacobian computed with forward mode", projections)
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
                  gen_non_contig_grad_outputs: bool = False, raise_exception: bool = True, nondet_tol: float = 0.0,
                  check_undefined_grad: bool = True, check_grad_dtypes: bool = False,
                  check_batched_grad: bool = False, check_fwd_over_rev: bool = False,
                  check_rev_over_rev: bool = True, fast_mode: bool = False, masked: bool = False) -> bool:
    """gradcheck of (inputs, v) -> the first-order gradients v^T J (computed with ``create_graph=True``): the
    second derivatives, with respect to the inputs and to the random upstream vectors v."""
    from ..tensor import Tensor

    inputs = _as_tuple(inputs)
    differentiable = _differentiable_inputs(inputs)
    outputs = [y for y in _outputs(func, inputs) if y.requires_grad]
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = tuple(
            Tensor._wrap(rng.uniform(-1, 1, size=y._data.shape).astype(y._data.dtype)).requires_grad_(True)
            for y in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    count = len(inputs)

    def first_order(*values):
        given, vectors = values[:count], values[count:]
        chosen = [v for v, x in zip(given, inputs) if any(x is d for d in differentiable)]
        ys = [y for y in _outputs(func, given) if y.requires_grad]
        grads = grad(ys, chosen, vectors, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_order, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, check_forward_ad=check_fwd_over_rev,
                     check_backward_ad=check_rev_over_rev, fast_mode=fast_mode)
