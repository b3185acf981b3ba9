"""``autograd.Function`` as PyTorch's: a custom differentiable operation written over tensors.

::

    class LegendrePolynomial3(autograd.Function):
        @staticmethod
        def forward(ctx, x):                    # tensors (and other values) in, tensors out
            ctx.save_for_backward(x)
            return 0.5 * (5 * x ** 3 - 3 * x)

        @staticmethod
        def backward(ctx, grad_output):         # one gradient per output in, one per forward input out
            (x,) = ctx.saved_tensors
            return grad_output * 1.5 * (5 * x ** 2 - 1)

    y = LegendrePolynomial3.apply(x)

``forward`` runs without recording (its ops are not part of the graph); ``apply`` links one node,
``<Name>Backward``, to the inputs that require a gradient, and every output tensor is an output of that node.
``backward`` gets tensors; under ``create_graph=True`` it runs recording, so a backward written with
differentiable ops has gradients of its own (decorate it with :func:`once_differentiable` where it is not).

The context offers PyTorch's methods: ``save_for_backward``/``saved_tensors`` (checked against in-place changes
and freed by backward, as the built-in ops'), ``needs_input_grad``, ``mark_dirty`` (the forward changed an input in
place and returns it), ``mark_non_differentiable`` (integer-like outputs: indices) and ``set_materialize_grads``
(whether gradients of unused outputs arrive as zeros or as None). Instead of receiving ``ctx``, ``forward`` may
take only the inputs, with a ``setup_context(ctx, inputs, output)`` that fills the context.

(The built-in ops use :class:`minitorch_es.autograd.function.Function`, the same idea over NumPy arrays.)
"""

from __future__ import annotations

import functools

import numpy as np

from . import versions
from .function import _FREED_MESSAGE, Node, node_of
from .grad_mode import is_grad_enabled, no_grad, set_grad_enabled


class FunctionCtx:
    """What ``forward`` (or ``setup_context``) leaves for ``backward``; any other attribute may be set on it."""

    needs_input_grad: tuple = ()
    materialize_grads = True

    def __init__(self) -> None:
        self._to_save: tuple = ()
        self._saved: tuple | None = None  # (tensor, counter, version) once apply has recorded them
        self._dirty: tuple = ()
        self._non_differentiable: tuple = ()
        self._released = False

    def save_for_backward(self, *tensors) -> None:
        """Keep these tensors (or None) for ``backward``, where ``saved_tensors`` gives them back."""
        self._to_save = tensors

    @property
    def saved_tensors(self) -> tuple:
        if self._released:
            raise RuntimeError(_FREED_MESSAGE)
        if self._saved is None:
            return self._to_save
        for tensor, counter, version in self._saved:
            if tensor is not None and counter[0] != version:
                raise RuntimeError(versions.modified_message(tensor._grad_fn, tensor._data, counter[0], version))
        return tuple(tensor for tensor, _, _ in self._saved)

    def mark_dirty(self, *tensors) -> None:
        """Say that ``forward`` changed these inputs in place (and returns them)."""
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors) -> None:
        """Say that these outputs have no gradient (their gradients reach ``backward`` as zeros)."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value: bool) -> None:
        """With False, the gradient of an output that the loss does not use reaches ``backward`` as None."""
        self.materialize_grads = bool(value)


class CustomNode(Node):
    """The node of one call of a custom Function: its outputs' gradients in, ``backward``'s results out.

    ``grad_fn.saved_tensors`` and the attributes set on the context are read through the node, as PyTorch's
    (where the node is the context)."""

    argument_count = 0  # how many arguments forward took: backward returns one value for each
    tensor_positions: tuple = ()  # which of them were tensors (the node's edges, in order)

    def __init__(self, function: type, ctx: FunctionCtx, edges: tuple, outputs: list) -> None:
        super().__init__(function, ctx, edges, outputs[0]._data)
        self.output_count = len(outputs)
        self.output_shapes = [t._data.shape for t in outputs]
        self.output_dtypes = [t._data.dtype for t in outputs]

    def name(self) -> str:
        return f"{self.function.__name__}Backward"

    def apply(self, grad, create_graph: bool = False, output=None) -> tuple:
        from ..tensor import Tensor

        if self.released:
            raise RuntimeError(_FREED_MESSAGE)
        ctx = self.ctx
        grads = list(grad) if self.output_count > 1 else [grad]
        for index, value in enumerate(grads):
            if value is None and ctx.materialize_grads:
                value = np.zeros(self.output_shapes[index], dtype=self.output_dtypes[index])
            if value is not None and not isinstance(value, Tensor):
                value = Tensor._wrap(np.asarray(value))
            grads[index] = value
        with set_grad_enabled(create_graph):
            results = self.function.backward(ctx, *grads)
        results = results if isinstance(results, tuple) else (results,)
        expected = self.argument_count
        if len(results) > expected and all(r is None for r in results[expected:]):
            results = results[:expected]  # extra Nones are allowed, as PyTorch's
        if len(results) != expected:
            raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients (expected "
                               f"{expected}, got {len(results)})")
        picked = (results[i] for i in self.tensor_positions)
        return tuple(None if r is None or parent is None else (r if create_graph else _array_of(r))
                     for r, (parent, _) in zip(picked, self.edges))

    def release(self) -> None:
        if self.ctx._to_save:
            self.ctx._released = True
            self.released = True

    @property
    def saved_tensors(self) -> tuple:
        return self.ctx.saved_tensors

    def __getattr__(self, name: str):
        ctx = self.__dict__.get("ctx")
        if ctx is not None and not name.startswith("__") and name in ctx.__dict__:
            return ctx.__dict__[name]
        raise AttributeError(f"'{self.name()}' object has no attribute '{name}'")


def _array_of(gradient) -> np.ndarray:
    from ..tensor import Tensor

    return gradient._data if isinstance(gradient, Tensor) else np.asarray(gradient)


class Function:
    """Base class of custom differentiable operations: define static ``forward`` and ``backward`` (and, if
    ``forward`` does not take ``ctx``, ``setup_context``), then call ``apply``."""

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs: tuple, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        from ..tensor import Tensor

        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)  # in any mode
        with no_grad():
            if _has_setup_context(cls):
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        single = not isinstance(output, tuple)
        outputs = [output] if single else list(output)
        tensor_args = {id(a) for a in args if isinstance(a, Tensor)}
        dirty = {id(t) for t in ctx._dirty}
        for index, value in enumerate(outputs):  # an input returned as it is becomes a new tensor of its memory
            if isinstance(value, Tensor) and id(value) in tensor_args and id(value) not in dirty:
                outputs[index] = value.detach()
        if is_grad_enabled() and any(ctx.needs_input_grad):
            _link(cls, ctx, args, outputs)
        saved = ctx._to_save
        ctx._saved = tuple((t, versions.counter_of(t), versions.counter_of(t)[0]) if t is not None else
                           (None, None, None) for t in saved)
        return outputs[0] if single else tuple(outputs)


def _has_setup_context(cls) -> bool:
    return getattr(cls.setup_context, "__func__", cls.setup_context) is not Function.__dict__["setup_context"].__func__


def _link(cls, ctx: FunctionCtx, args: tuple, outputs: list) -> None:
    """One node for the call, whose edges lead to the tensor inputs, made the ``grad_fn`` of every output."""
    from ..tensor import Tensor
    from ..ops.in_place import check_in_place

    for tensor in ctx._dirty:
        check_in_place_of_custom(tensor, check_in_place)
    tensors = [a for a in args if isinstance(a, Tensor)]
    needs = [need for a, need in zip(args, ctx.needs_input_grad) if isinstance(a, Tensor)]
    edges = tuple((node_of(a), a._output_nr) if need else (None, 0) for a, need in zip(tensors, needs))
    results = [t for t in outputs if isinstance(t, Tensor)]
    if not results:
        return
    node = CustomNode(cls, ctx, edges, results)
    node.argument_count = len(args)
    node.tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
    frozen = {id(t) for t in ctx._non_differentiable}
    dirty = {id(t) for t in ctx._dirty}
    for number, tensor in enumerate(results):
        if id(tensor) in frozen or tensor._data.dtype.kind not in "fc":
            continue
        tensor._grad_fn, tensor._requires_grad, tensor._output_nr = node, True, number
        if id(tensor) in dirty:  # changed in place: a new history, one more version
            tensor._rebases += 1
            versions.bump(tensor)


def check_in_place_of_custom(tensor, check_in_place) -> None:
    """PyTorch's refusal of ``mark_dirty`` on a leaf that requires a gradient."""
    try:
        check_in_place(tensor)
    except RuntimeError:
        raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.") from None


def once_differentiable(backward):
    """Mark a ``backward`` that is not written with differentiable ops: it runs without recording, so that a
    gradient of it (``create_graph=True``) is not silently wrong but absent."""

    @functools.wraps(backward)
    def run(ctx, *grad_outputs):
        with no_grad():
            return backward(ctx, *grad_outputs)

    return run
