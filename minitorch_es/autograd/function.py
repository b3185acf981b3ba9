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

import re
import weakref
from typing import Any

import numpy as np

from . import anomaly, dual_state, versions
from .grad_mode import is_grad_enabled
from .hooks import add_hook


class Context:
    """What ``forward`` leaves for ``backward``: saved arrays and any other attribute it sets."""

    saved_versions: tuple = ()  # (counter, version, owner, array) of the saved arrays that are tensors' data
    saved_owners: tuple = ()  # for each saved array: the input tensor it is the data of, versions.OUTPUT or None

    def __init__(self, needs_input_grad: tuple = ()) -> None:
        self.saved_arrays: tuple = ()
        self.needs_input_grad = needs_input_grad

    def save_for_backward(self, *arrays: Any) -> None:
        self.saved_arrays = arrays


_FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have already "
    "been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). "
    "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access "
    "saved tensors after calling backward."
)


class Node:
    """A recorded call of a Function: the ``grad_fn`` of the tensor it produced, a vertex of the graph.

    Its edges, ``next_functions``, lead to the nodes of its inputs (their ``grad_fn``, or the
    :class:`AccumulateGrad` of a leaf), never to the input tensors themselves: a node keeps alive only what its
    Function saved, and that is freed when backward has passed it (:meth:`release`).
    """

    pre_hooks: dict | None = None  # register_prehook's, by handle id
    post_hooks: dict | None = None  # register_hook's
    metadata_dict = None
    label: str | None = None  # the name of this call, where the Function's depends on it (SumBackward1)
    output_count = 1  # a custom Function's node may have several outputs
    graph_inputs: tuple | None = None  # which edges PyTorch's graph shows (None: all)
    tensor_hooks: tuple | list = ()  # register_hook of the tensor this node made (a list once there is one)
    retained = None  # weak reference to that tensor, once it retain_grad()s
    released = False

    def __init__(self, function: type, ctx: Context, edges: tuple, output: np.ndarray) -> None:
        self.function = function
        self.ctx = ctx
        self.edges = edges  # one (node, 0) per positional input of forward, (None, 0) where no gradient flows
        self.shape, self.dtype = output.shape, output.dtype  # what a gradient of the output must be

    def name(self) -> str:
        return self.label or self.function.node_name or f"{self.function.__name__}Backward0"

    @property
    def next_functions(self) -> tuple:
        """The edges as PyTorch's graph shows them: one per tensor input (and per number operand of arithmetic),
        options left out."""
        if self.graph_inputs is None:
            return self.edges
        return tuple(edge for edge, shown in zip(self.edges, self.graph_inputs) if shown)

    def forward_name(self) -> str:
        """The op's name, as PyTorch's messages give it (``Exp`` for ``ExpBackward0``)."""
        return re.sub(r"Backward\d*$", "", self.name())

    @property
    def metadata(self) -> dict:
        if self.metadata_dict is None:
            self.metadata_dict = {}
        return self.metadata_dict

    def __repr__(self) -> str:
        return f"<{self.name()} object>"

    def apply(self, grad, create_graph: bool = False, output=None) -> tuple:
        """The gradients of the inputs for ``grad`` (dJ/doutput): arrays or, under ``create_graph`` (``grad`` a
        tensor), tensors computed by recorded ops, where the saved arrays are the tensors they belong to (the
        output being ``output`` when given, else a tensor of this node)."""
        if self.released:
            raise RuntimeError(_FREED_MESSAGE)
        ctx = self.ctx
        if ctx.saved_versions:
            versions.check(self)
        if not create_graph:
            grads = self.function.backward(ctx, grad)
        elif self.function.linear:
            from .linear import LinearBackward

            grads = LinearBackward.apply(grad, function=self.function, op_ctx=ctx)
        else:
            arrays = ctx.saved_arrays
            output = self._output_tensor() if output is None else output
            ctx.saved_arrays = self._saved_as_tensors(arrays, output)
            ctx.output_tensor = output  # for a backward that recomputes what it saved
            try:
                grads = self.function.backward(ctx, grad)
            finally:
                ctx.saved_arrays = arrays
                del ctx.output_tensor
        return grads if isinstance(grads, tuple) else (grads,)

    def _output_tensor(self):
        """The output as a tensor of this node, so that gradients of a backward that uses it reach this node."""
        from ..tensor import Tensor

        array = self.ctx.__dict__.get("output_array")
        if array is None:
            array = next((a for a, owner in zip(self.ctx.saved_arrays, self.ctx.saved_owners)
                          if owner is versions.OUTPUT), None)
        if array is None:
            return None
        tensor = Tensor._wrap(array)
        tensor._grad_fn, tensor._requires_grad = self, True
        return tensor

    def _saved_as_tensors(self, arrays: tuple, output) -> tuple:
        """The saved arrays as tensors: the input or output tensor an array belongs to (so that gradients flow
        through it), a constant tensor for any other array, other values as they are."""
        from ..tensor import Tensor

        owners = self.ctx.saved_owners or (None,) * len(arrays)
        return tuple(value if not isinstance(value, np.ndarray) else output if owner is versions.OUTPUT else
                     owner if owner is not None else Tensor._wrap(value) for value, owner in zip(arrays, owners))

    def register_hook(self, hook):
        """``hook(grad_inputs, grad_outputs)`` after this node has computed its inputs' gradients; a returned
        tuple replaces ``grad_inputs``."""
        if self.post_hooks is None:
            self.post_hooks = {}
        return add_hook(self.post_hooks, hook)

    def register_prehook(self, hook):
        """``hook(grad_outputs)`` before this node runs; a returned tuple replaces ``grad_outputs``."""
        if self.pre_hooks is None:
            self.pre_hooks = {}
        return add_hook(self.pre_hooks, hook)

    def __getattr__(self, name: str):
        """PyTorch's ``_saved_<name>`` attributes: the saved values of a node, by the Function's names for them."""
        if name.startswith("_saved_") and self.__dict__.get("ctx") is not None:
            return saved_attribute(self, name[len("_saved_"):])
        if name.startswith("_saved_") and self.__dict__.get("released"):
            raise RuntimeError(_FREED_MESSAGE)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def release(self) -> None:
        """Free what the Function saved, after backward has used it. A node that saved no array stays usable, so
        a graph of such nodes can be walked again, as PyTorch's."""
        if _holds_arrays(self.ctx):
            self.ctx = None
            self.released = True


def _holds_arrays(ctx: Context) -> bool:
    """Whether the context keeps arrays: saved ones, or attributes (an index, a mask) that backward reads."""
    if ctx.saved_arrays:
        return True
    for value in ctx.__dict__.values():
        kind = type(value)
        if kind is np.ndarray or (kind is tuple and np.ndarray in map(type, value)):
            return True
    return False


def saved_attribute(node: Node, name: str):
    """``node._saved_<name>``: the saved array called ``name`` by the Function's ``saved_names`` (a tensor), or
    the context attribute of that name (shapes, dims, options)."""
    from ..tensor import Tensor

    ctx = node.ctx
    names = node.function.saved_names
    if name in names and names.index(name) < len(ctx.saved_arrays):
        value = ctx.saved_arrays[names.index(name)]
        return Tensor._wrap(value) if isinstance(value, np.ndarray) else value
    if name in ctx.__dict__ and name not in ("saved_arrays", "needs_input_grad"):
        value = ctx.__dict__[name]
        return tuple(value) if isinstance(value, list) else value
    raise AttributeError(f"'{node.name()}' object has no attribute '_saved_{name}'")


class AccumulateGrad:
    """The node where a gradient reaches a leaf (``variable``) and is added to its ``.grad``: what
    ``next_functions`` shows for a leaf, one per leaf (PyTorch's ``AccumulateGrad``)."""

    edges = next_functions = ()
    output_count = 1
    pre_hooks: dict | None = None
    post_hooks: dict | None = None

    def __init__(self, variable) -> None:
        self.variable = variable

    @property
    def shape(self) -> tuple:
        return self.variable._data.shape

    @property
    def dtype(self):
        return self.variable._data.dtype

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    register_hook, register_prehook = Node.register_hook, Node.register_prehook

    def __repr__(self) -> str:
        return "<AccumulateGrad object>"


def node_of(tensor):
    """The vertex a gradient of ``tensor`` flows into: its ``grad_fn``, the (one) :class:`AccumulateGrad` of a
    leaf that requires a gradient, or None. A view whose base was changed in place since its ``grad_fn`` was set
    gets it again from the base's new history first."""
    if tensor._view_base is not None and tensor._view_generation != tensor._view_base._rebases:
        from ..ops.in_place import regenerate_view

        regenerate_view(tensor)
    if tensor._grad_fn is not None:
        return tensor._grad_fn
    if not tensor._requires_grad:
        return None
    reference = tensor._accumulator
    node = reference() if reference is not None else None
    if node is None:  # the tensor refers to it weakly: it lives as long as a graph leads to it
        node = AccumulateGrad(tensor)
        tensor._accumulator = weakref.ref(node)
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
    is_view = False  # the output shares the first input's memory (when NumPy's result does): a view of it
    node_name: str | None = None  # PyTorch's name of its nodes (``CatBackward0``); ``FunctionBackward0`` otherwise.
    # A Function that serves several ops of PyTorch's is given the name of each call: ``apply(..., node_label=...)``.
    number_operands_are_inputs = False  # PyTorch's graph shows an edge for a number operand (x * 2), not an option
    saved_names: tuple = ()  # PyTorch's names of what ``save_for_backward`` saves, for ``grad_fn._saved_<name>``
    saves_inputs = False  # its backward reads ctx.input_tensors under create_graph (recomputes from the inputs)
    saves_output = False  # its backward reads ctx.output_tensor under create_graph

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

        label = kwargs.pop("node_label", None) if kwargs else None  # PyTorch's name of this call, where it varies
        arrays = [a._data if isinstance(a, Tensor) else a for a in args]
        needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
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
        if cls.is_view:
            _share_as_view(cls, result, args[0], arrays, kwargs)
        recording = any(ctx.needs_input_grad)
        if recording or carries_tangents:
            tensors = [a if isinstance(a, Tensor) else None for a in args]
            if ctx.saved_arrays:
                ctx.saved_owners, ctx.saved_versions = versions.record(ctx.saved_arrays, tensors, out, result)
            if cls.saves_inputs:
                ctx.input_tensors = tuple(a if need else None for a, need in zip(tensors, ctx.needs_input_grad))
            if cls.saves_output:
                ctx.output_array = out
        if carries_tangents:
            if result.dtype.is_floating_point:
                from .forward_ad import output_tangent

                dual_state.set_tangent(result, output_tangent(cls, ctx, args, result))
            ctx.needs_input_grad = recorded  # the graph records only what requires a gradient
            recording = any(recorded)
        if recording and out.dtype.kind in "fc":
            needs = ctx.needs_input_grad
            edges = []
            for a, need in zip(args, needs):
                if not need:
                    edges.append(_NO_EDGE)
                    continue
                parent = a._grad_fn
                if parent is None or a._view_base is not None:
                    parent = node_of(a)
                edges.append((parent, a._output_nr))
            result._grad_fn = node = Node(cls, ctx, tuple(edges), out)
            result._requires_grad = True
            if len(args) > 1 and not all(needs):  # PyTorch's graph shows tensor inputs (and numbers of arithmetic)
                shown = tuple(isinstance(a, Tensor) and a._data.dtype.kind in "fc" or (
                    cls.number_operands_are_inputs and isinstance(a, (int, float))) for a in args)
                if not all(shown):
                    node.graph_inputs = shown
            if label is not None:
                node.label = label
            if anomaly.state.enabled:
                node.forward_stack = anomaly.forward_stack()
        return result


_NO_EDGE = (None, 0)


def _share_as_view(cls, result, source, arrays, kwargs) -> None:
    """Make ``result`` a view of ``source`` (one version counter, the same base) when NumPy made it share the
    memory, remembering how to take the view again from the base (for in-place writes into it)."""
    if not np.may_share_memory(result._data, arrays[0]):
        return
    from .versions import counter_of

    result._version_counter = counter_of(source)
    base = source._view_base
    result._view_base = source if base is None else base
    result._view_steps = source._view_steps + ((cls, tuple(arrays[1:]), kwargs),)
    result._view_generation = result._view_base._rebases
    result._tangent_generation = result._view_base._tangent_writes
