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

One ``backward`` serves every order. For a first-order gradient it gets arrays. Under ``create_graph=True`` it gets
tensors instead: ``grad`` is a tensor, and each saved array that is one of the forward's inputs, or its output, is
replaced by that tensor (anything else it saved is a constant). A backward written over
:func:`~minitorch_es.ops.array_namespace.array_namespace` (``xp = array_namespace(grad)``, then ``xp.exp``,
``xp.where``...) then records its own graph, whose gradients are the second-order ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dual_state
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

    @property
    def next_functions(self) -> tuple:
        """The graph's edges, as PyTorch's: one (node, 0) pair per input, the node being the input's ``grad_fn``,
        an :class:`AccumulateGrad` for a leaf that requires a gradient, or None."""
        return tuple((_node_of(tensor), 0) for tensor in self.inputs)

    def __repr__(self) -> str:
        return f"<{self.name()} object>"

    def apply(self, grad, output=None) -> tuple:
        """The gradients of the inputs for ``grad`` (dJ/doutput): arrays, or, given the ``output`` tensor (under
        ``create_graph``), tensors computed by recorded ops."""
        if self.released:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved tensors after they "
                "have already been freed). Saved intermediate values of the graph are freed when you call "
                ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
                "graph a second time or if you need to access saved tensors after calling backward."
            )
        if output is None:
            grads = self.function.backward(self.ctx, grad)
        elif self.function.linear:
            from .linear import LinearBackward

            grads = LinearBackward.apply(grad, function=self.function, op_ctx=self.ctx)
        else:
            arrays, ctx = self.ctx.saved_arrays, self.ctx
            ctx.saved_arrays = self._saved_as_tensors(arrays, output)
            ctx.input_tensors, ctx.output_tensor = self.inputs, output  # for a backward that recomputes what it saved
            try:
                grads = self.function.backward(ctx, grad)
            finally:
                ctx.saved_arrays = arrays
                del ctx.input_tensors, ctx.output_tensor
        return grads if isinstance(grads, tuple) else (grads,)

    def _saved_as_tensors(self, arrays: tuple, output) -> tuple:
        """The saved arrays as tensors: the input or output tensor an array belongs to (so that gradients flow
        through it), a constant tensor for any other array, other values as they are."""
        from ..tensor import Tensor

        owners = {id(tensor._data): tensor for tensor in self.inputs if tensor is not None}
        owners[id(output._data)] = output
        return tuple((owners[id(value)] if id(value) in owners else Tensor._wrap(value))
                     if isinstance(value, np.ndarray) else value for value in arrays)

    def release(self) -> None:
        self.ctx = None
        self.released = True


class AccumulateGrad:
    """The node where a gradient reaches a leaf (``variable``) and is added to its ``.grad``: what
    ``next_functions`` shows for a leaf, one per leaf (PyTorch's ``AccumulateGrad``)."""

    next_functions = ()

    def __init__(self, variable) -> None:
        self.variable = variable

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    def __repr__(self) -> str:
        return "<AccumulateGrad object>"


def _node_of(tensor):
    if tensor is None:
        return None
    if tensor._grad_fn is not None:
        return tensor._grad_fn
    if not tensor._requires_grad:
        return None
    node = tensor.__dict__.get("_accumulate_grad")
    if node is None:
        node = tensor._accumulate_grad = AccumulateGrad(tensor)
    return node


class Function:
    """Base class of differentiable operations; subclasses define static ``forward`` and ``backward``.

    ``linear = True`` says that the op is linear in its first argument, its only differentiable one (a sum, a
    view, an index, a pooling of averages...): y = J x. Then its Jacobian-vector product is the op itself
    (``jvp``, which an op whose ``forward`` is not J x, such as max pooling given its indices, overrides), and its
    backward x_grad = J^T g has fixed coefficients: under ``create_graph`` it is recorded as one op whose own
    gradient is ``jvp`` (see :mod:`.linear`), so the backward needs no tensor version.
    """

    linear = False
    _jvp_is_the_forward = False  # set for each subclass: linear, and jvp not overridden (it reads the arguments)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._jvp_is_the_forward = cls.linear and getattr(cls.jvp, "__func__", None) is Function.jvp.__func__

    @classmethod
    def jvp(cls, ctx: Context, tangent: np.ndarray) -> np.ndarray:
        """J t for a linear op: the forward applied to the tangent, with the call's other arguments."""
        arguments, options = ctx.forward_arguments
        return cls.forward(Context((False,) * (1 + len(arguments))), tangent, *arguments, **options)

    @classmethod
    def backward_transposed(cls, ctx: Context, h: np.ndarray) -> np.ndarray:
        """The transpose of a linear op's backward (what differentiating its backward gives): J h, unless the
        backward is not exactly J^T (embedding's zeroed padding row), where the op says so."""
        return cls.jvp(ctx, h)

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
        carries_tangents = bool(dual_state.levels) and dual_state.any_tangent(args)
        recorded = ctx.needs_input_grad
        if carries_tangents:  # forward mode needs the backward formula of the inputs that carry a tangent
            ctx.needs_input_grad = tuple(need or dual_state.tangent_of(a) is not None
                                         for need, a in zip(recorded, args))
        if cls._jvp_is_the_forward:
            ctx.forward_arguments = (arrays[1:], kwargs)
        with np.errstate(all="ignore"):
            out = cls.forward(ctx, *arrays, **kwargs)
        if not isinstance(out, np.ndarray):  # a NumPy scalar (0-d results): saved as the output array it becomes
            scalar, out = out, np.asarray(out)
            ctx.saved_arrays = tuple(out if value is scalar else value for value in ctx.saved_arrays)
        result = Tensor._wrap(out)
        if carries_tangents:
            if result.dtype.is_floating_point:
                from .forward_ad import output_tangent

                dual_state.set_tangent(result, output_tangent(cls, ctx, args, result))
            ctx.needs_input_grad = recorded  # the graph records only what requires a gradient
        if any(ctx.needs_input_grad):
            if not result.dtype.is_floating_point:
                return result
            inputs = [a if isinstance(a, Tensor) and a.requires_grad else None for a in args]
            result._grad_fn = Node(cls, ctx, inputs)
            result._requires_grad = True
        return result
