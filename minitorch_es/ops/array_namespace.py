"""The array namespace a backward formula computes with: NumPy for a first-order gradient, the differentiable ops
under ``create_graph=True``.

A backward is written once, over ``xp = array_namespace(grad)``::

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_arrays
        xp = array_namespace(g)
        return g * xp.cos(x)          # dJ/dx = g cos(x)

For a first-order gradient ``g`` and ``x`` are arrays and ``xp`` is :mod:`.numpy_namespace` (NumPy itself, plus a
few helpers): nothing is recorded and nothing costs more than NumPy. Under ``create_graph`` the engine hands
tensors instead and ``xp`` is :mod:`.tensor_namespace`, the same names computed by the differentiable ops: the
formula then records a graph, and its gradients are the second-order ones (and so on, to any order). Operators
(``*``, ``-``, ``/``...) work on both. This is the Python array API standard's pattern (``array_namespace``).
"""

from __future__ import annotations

import numpy as np

from . import numpy_namespace


def array_namespace(*values):
    """:mod:`.numpy_namespace` when every value is an array or a number, :mod:`.tensor_namespace` when one is a
    tensor."""
    for value in values:
        if type(value) is not np.ndarray and hasattr(value, "_data"):
            from . import tensor_namespace

            return tensor_namespace
    return numpy_namespace
