"""Einstein summation: ``einsum("ij,jk->ik", a, b)`` multiplies the operands entry by entry over every index and
sums over the indices missing from the output:

    y[out] = sum over the other indices of  a[subscripts of a] * b[subscripts of b] * ...

Its gradient is one more einsum per operand: dJ/da[subscripts of a] = sum of g[out] * b[...] * ... over the
indices that a lacks. Two details make that exact: an index that only a has (summed in the forward pass) gets
g broadcast along it, and an index written twice in a ("ii", a diagonal) receives the gradient on that diagonal
only. A "..." stands for the same leading dimensions in every operand (broadcast as in matmul).
"""

from __future__ import annotations

import string

import numpy as np

from .array_namespace import array_namespace
from .. import dtypes
from ..autograd.function import Function
from .operands import is_tensor


def _parse(equation: str, shapes: list) -> tuple:
    """Explicit subscripts (one string per operand, "..." replaced by letters) and the output's subscripts."""
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation" if len(shapes) >
                           len(terms) else "einsum(): fewer operands were provided than specified in the equation")
    unused = [c for c in string.ascii_letters if c not in equation]
    ellipsis_dims = max((len(shape) - len(term.replace("...", "")) for term, shape in zip(terms, shapes)
                         if "..." in term), default=0)
    ellipsis = "".join(unused[:ellipsis_dims])
    explicit = []
    for term, shape in zip(terms, shapes):
        if "..." in term:
            term = term.replace("...", ellipsis[ellipsis_dims - (len(shape) - len(term) + 3):])
        if len(term) != len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(term)}) does not match the "
                               f"number of dimensions ({len(shape)}) for operand {len(explicit)}"
                               + ("" if "..." in equation else " and no ellipsis was given"))
        explicit.append(term)
    seen: dict = {}
    for index, (term, shape) in enumerate(zip(explicit, shapes)):
        for letter, size in zip(term, shape):
            if letter in seen and size != seen[letter] and 1 not in (size, seen[letter]):
                raise RuntimeError(f"einsum(): subscript {letter} has size {size} for operand {index} which does not "
                                   f"broadcast with previously seen size {seen[letter]}")
            seen[letter] = max(size, seen.get(letter, 1)) if letter in seen else size
    if arrow:
        output = output.replace("...", ellipsis)
    else:
        counts = {c: "".join(explicit).count(c) for c in set("".join(explicit)) if c not in ellipsis}
        output = ellipsis + "".join(sorted(c for c, n in counts.items() if n == 1))
    return explicit, output


class Einsum(Function):
    """y = einsum(spec, *operands); the gradient of each operand is the einsum of g with the others (module doc)."""

    @staticmethod
    def forward(ctx, *operands, terms, output, dtype):
        operands = [np.asarray(o, dtype=dtype) for o in operands]
        ctx.save_for_backward(*operands)
        ctx.terms, ctx.output = terms, output
        return np.asarray(np.einsum(",".join(terms) + "->" + output, *operands, optimize=True), dtype=dtype)

    @staticmethod
    def backward(ctx, g):
        operands, terms = ctx.saved_arrays, ctx.terms
        xp = array_namespace(g)
        sizes = {}
        for term, operand in zip(terms, operands):
            for letter, size in zip(term, operand.shape):
                sizes[letter] = max(sizes.get(letter, 1), size)
        grads = []
        for k, (term, operand) in enumerate(zip(terms, operands)):
            if not ctx.needs_input_grad[k]:
                grads.append(None)
                continue
            others = [t for i, t in enumerate(terms) if i != k]
            available = set(ctx.output).union(*others)
            unique = "".join(dict.fromkeys(term))
            reachable = "".join(c for c in unique if c in available)
            partial = xp.einsum(",".join([ctx.output] + others) + "->" + reachable, g,
                                *[o for i, o in enumerate(operands) if i != k], optimize=True)
            missing = tuple(i for i, c in enumerate(unique) if c not in available)
            full = xp.broadcast_to(xp.expand_dims(partial, missing), tuple(sizes[c] for c in unique))
            grads.append(_place(full, unique, term, operand.shape))
        return tuple(grads)


def _place(full: np.ndarray, unique: str, term: str, shape: tuple) -> np.ndarray:
    """The gradient for an operand with subscripts ``term``, from its values over the distinct letters: a letter
    written twice puts the values on the diagonal, and dimensions the operand broadcast (size 1) are summed."""
    sizes = dict(zip(unique, full.shape))
    xp = array_namespace(full)
    if term == unique:
        result = full * 1 if xp.IS_DIFFERENTIABLE else np.array(full)
    elif xp.IS_DIFFERENTIABLE:  # the values read at their letters' positions, kept on the diagonals only
        grids = np.indices([sizes[c] for c in term])
        on_diagonals = np.all([grids[i] == grids[term.index(c)] for i, c in enumerate(term)], axis=0)
        result = full[tuple(grids[term.index(c)] for c in unique)] * on_diagonals
    else:
        result = np.zeros([sizes[c] for c in term], dtype=full.dtype)
        np.einsum(f"{term}->{unique}", result)[...] = full  # NumPy's einsum returns the diagonal as a writeable view
    broadcast = tuple(i for i, n in enumerate(shape) if n == 1 and result.shape[i] != 1)
    return xp.sum(result, axis=broadcast, keepdims=True) if broadcast else result


def einsum(equation: str, *operands):
    """torch.einsum(equation, *operands); the operands may also come as one list."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    for operand in operands:
        if not is_tensor(operand):
            raise TypeError(f"einsum(): operands must be tensors, got {type(operand).__name__}")
        if operand.dtype is not operands[0].dtype:
            raise RuntimeError(f"expected scalar type {dtypes.torch_name(operands[0].dtype)} but found "
                               f"{dtypes.torch_name(operand.dtype)}")
    terms, output = _parse(equation, [tuple(t.shape) for t in operands])
    return Einsum.apply(*operands, terms=terms, output=output, dtype=operands[0].dtype.numpy_dtype)
