"""The unit of autograd: a :class:`Function` with a ``forward`` and a ``backward`` on NumPy arrays.

Every differentiable operation is a subclass written like ``torch.autograd.Function``::

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):            # arrays in, one array out
            y = np.exp(x)
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, grad):        # dJ/dy in, one dJ/dinput per forward input out
            (y,) = ctx.saved_arrays
            return grad * y             # dJ/dx = dJ/dy * e^x

``Function.apply`` unwraps tensors, runs ``forward``, wraps the result in a Tensor and, when recording and any
input requires a gradient, links a :class:`Node` to the inputs. ``backward`` returns one gradient per positional
input of ``forward`` (``None`` for inputs that are not differentiable), already reduced to that input's shape.
Gradients are first-order: backward works on arrays and records no graph of its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .grad_mode import is_grad_enabled


class Context:
    """What ``forward`` leaves for ``backward``: saved arrays and any other attribute it sets."""

    def __init__(self, needs_input_grad: tuple = ()) -> None:
        self.saved_arrays: tuple = ()
        self.needs_input_grad = needs_input_grad

    def save_for_backward(self, *arrays: Any) -> None:
        self.saved_arrays = arrays


class Node:
    """A recorded call of a Function: the ``grad_fn`` of the tensor it produced."""

    def __init__(self, function: type, ctx: Context, inputs: list) -> None:
        self.function = function
        self.ctx = ctx
        self.inputs = inputs
        self.released = False

    def name(self) -> str:
        return f"{self.function.__name__}Backward0"

    def __repr__(self) -> str:
        return f"<{self.name()} object>"

    def apply(self, grad: np.ndarray) -> tuple:
        if self.released:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved tensors after they "
                "have already been freed). Saved intermediate values of the graph are freed when you call "
                ".backward(). Specify retain_graph=True if you need to backward through the graph a second time."
            )
        grads = self.function.backward(self.ctx, grad)
        return grads if isinstance(grads, tuple) else (grads,)

    def release(self) -> None:
        self.ctx = None
        self.released = True


class Function:
    """Base class of differentiable operations; subclasses define static ``forward`` and ``backward``."""

    @staticmethod
    def forward(ctx: Context, *args: Any, **kwargs: Any) -> np.ndarray:
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Context, grad: np.ndarray) -> Any:
        raise NotImplementedError

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any):
        from ..tensor import Tensor

        arrays = [a._data if isinstance(a, Tensor) else a for a in args]
        needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        ctx = Context(needs_input_grad if is_grad_enabled() else (False,) * len(args))
        with np.errstate(all="ignore"):
            out = cls.forward(ctx, *arrays, **kwargs)
        result = Tensor._wrap(out)
        if any(ctx.needs_input_grad):
            if not result.dtype.is_floating_point:
                return result
            inputs = [a if isinstance(a, Tensor) and a.requires_grad else None for a in args]
            result._grad_fn = Node(cls, ctx, inputs)
            result._requires_grad = True
        return result
