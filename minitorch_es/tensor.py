"""``Tensor``: a NumPy array plus what autograd needs (``requires_grad``, ``grad``, ``grad_fn``).

This file holds the object itself: its storage and what it is (dtype, shape, strides), its autograd fields and
the entry point :meth:`Tensor.backward`, its conversions to Python and NumPy, and Python's operators. Every other
method (``x.exp()``, ``x.sum(dim)``, ``x.view(2, 3)``, ``x.add_(y)``...) is a function of :mod:`minitorch_es.ops`
bound in :mod:`minitorch_es.tensor_methods`, one line each, so that searching for a method's name finds it.

Inside the package, ``tensor._data`` is the NumPy array and ``Tensor._wrap(array)`` makes a tensor of one without
copying: the ops and the engine work on those.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import dtypes
from .autograd import gradients as autograd_gradients
from .autograd import hooks as tensor_hooks
from .autograd import versions
from .device import CPU, device
from .formatting import format_tensor
from .ops import arithmetic, comparison, dims, in_place, indexing, linalg, rounding
from .size import Size


class Tensor:
    """An n-dimensional array of one dtype that can record the operations applied to it."""

    __array_priority__ = 1000
    # autograd's bookkeeping, on the class until a tensor needs its own (most never do)
    _version_counter = None  # [version], shared with the tensors that view the same memory (autograd.versions)
    _view_base = None  # the tensor this one is a view of (PyTorch's ``_base``)
    _view_steps: tuple = ()  # the view ops that take this view from its base: (Function, arguments, options)
    _view_generation = 0  # the base's ``_rebases`` when this view's grad_fn was last set
    _rebases = 0  # how many times an in-place op gave this tensor a new grad_fn
    _tangent_writes = 0  # forward mode: how many in-place writes changed this base's tangent
    _tangent_generation = 0  # the base's ``_tangent_writes`` when this view's tangent was last taken
    _accumulator = None  # weak reference to this leaf's AccumulateGrad node
    _post_accumulate_grad_hooks = None
    _output_nr = 0  # which output of its grad_fn this tensor is (custom Functions may have several)

    def __init__(self, data=None, *, dtype=None, requires_grad: bool = False) -> None:
        self._data = _as_storage(data if data is not None else [], dtype)
        self._grad: Tensor | None = None
        self._grad_fn = None
        self._requires_grad = False
        self._retains_grad = False
        self._hooks: list = []
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _wrap(cls, array: np.ndarray) -> Tensor:
        """A tensor around ``array`` without copying (the array's dtype must be a supported one)."""
        tensor = cls.__new__(cls)
        tensor._data = array if isinstance(array, np.ndarray) else np.asarray(array)
        tensor._grad = tensor._grad_fn = None
        tensor._requires_grad = tensor._retains_grad = False
        tensor._hooks = []
        return tensor

    # ---- what it is -------------------------------------------------------------------------------------

    @property
    def dtype(self) -> dtypes.dtype:
        return dtypes.from_numpy_dtype(self._data.dtype)

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[dims.normalize_dim(dim, self.ndim)]

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return int(self._data.size)

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    @property
    def device(self) -> device:
        return CPU

    is_cuda = False

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def is_contiguous(self) -> bool:
        return bool(self._data.flags.c_contiguous)

    def stride(self, dim: int | None = None):
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[dims.normalize_dim(dim, self.ndim)]

    def __repr__(self) -> str:
        return format_tensor(self)

    # ---- autograd ----------------------------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if self._grad_fn is not None and not requires_grad:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable "
                "in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
            )
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def grad(self) -> Tensor | None:
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None and value.shape != self.shape:
            raise RuntimeError(
                f"assigned grad has data of a different size: {list(value.shape)} instead of {list(self.shape)}"
            )
        self._grad = value

    @property
    def grad_fn(self):
        return self._grad_fn

    @property
    def is_leaf(self) -> bool:
        return self._grad_fn is None

    @property
    def _version(self) -> int:
        """How many in-place changes this tensor's memory has had (shared with its views)."""
        return versions.counter_of(self)[0]

    @property
    def _base(self):
        """The tensor this one is a view of, or None."""
        return self._view_base

    def retain_grad(self) -> None:
        """Keep ``.grad`` on this non-leaf tensor after ``backward`` (leaves always keep theirs)."""
        tensor_hooks.retain_grad(self)

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned tensor replaces the gradient."""
        return tensor_hooks.register_gradient_hook(self, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """Call ``hook(tensor)`` on this leaf once its ``.grad`` has been accumulated."""
        return tensor_hooks.register_post_accumulate_grad_hook(self, hook)

    def backward(self, gradient: Tensor | None = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs=None) -> None:
        """Compute dJ/dleaf for every leaf that requires a gradient, J being this tensor (or gradient . this),
        and add it to the leaf's ``.grad`` (only to ``inputs`` when given).

        A scalar needs no ``gradient`` (dJ/dJ = 1); a non-scalar needs one of its own shape, as in PyTorch. With
        ``create_graph=True`` the gradients are themselves differentiable (see :mod:`minitorch_es.autograd`).
        """
        autograd_gradients.backward(self, gradient, retain_graph=retain_graph, create_graph=create_graph,
                                    inputs=inputs)

    def detach(self) -> Tensor:
        """The same values (shared memory and version counter) cut from the graph."""
        detached = Tensor._wrap(self._data)
        detached._version_counter = versions.counter_of(self)
        return detached

    def detach_(self) -> Tensor:
        if self._view_base is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self._grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self) -> Tensor:
        """The same memory, cut from the graph, with a version counter of its own (unlike ``detach()``): changes
        through it go unnoticed by autograd, as PyTorch's."""
        return Tensor._wrap(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data

    def __reduce_ex__(self, protocol):
        """Pickling (``save``) keeps the values and ``requires_grad``, never the graph: a saved non-leaf tensor
        loads as a leaf, as PyTorch's."""
        return (_rebuild_tensor, (self._data, self._requires_grad))

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.")
        if id(self) in memo:
            return memo[id(self)]
        if type(self) is Tensor:
            copied = _rebuild_tensor(self._data.copy(), self._requires_grad)
        else:
            copied = type(self)(Tensor._wrap(self._data.copy()), requires_grad=self._requires_grad)
        if self._grad is not None:
            copied._grad = Tensor._wrap(self._grad._data.copy())
        memo[id(self)] = copied
        return copied

    # ---- conversions to Python and NumPy -----------------------------------------------------------------

    def numpy(self) -> np.ndarray:
        if self._requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._data, dtype=dtype) if copy is not True else np.array(self._data, dtype=dtype)

    def item(self):
        if self.numel() != 1:
            raise RuntimeError(f"a Tensor with {self.numel()} elements cannot be converted to Scalar")
        return self._data.reshape(()).item()

    def tolist(self):
        return self._data.tolist()

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self.dtype.is_floating_point or self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __bool__(self) -> bool:
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    __hash__ = object.__hash__

    # ---- Python's operators (each the function of ops/ named in its body) --------------------------------

    def __add__(self, other):
        return arithmetic.add(self, other)

    def __radd__(self, other):
        return arithmetic.add(other, self)

    def __sub__(self, other):
        return arithmetic.sub(self, other)

    def __rsub__(self, other):
        return arithmetic.sub(other, self)

    def __mul__(self, other):
        return arithmetic.mul(self, other)

    def __rmul__(self, other):
        return arithmetic.mul(other, self)

    def __truediv__(self, other):
        return arithmetic.div(self, other)

    def __rtruediv__(self, other):
        return arithmetic.div(other, self)

    def __floordiv__(self, other):
        return arithmetic.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return arithmetic.floor_divide(other, self)

    def __mod__(self, other):
        return arithmetic.remainder(self, other)

    def __rmod__(self, other):
        return arithmetic.remainder(other, self)

    def __pow__(self, other):
        return arithmetic.pow(self, other)

    def __rpow__(self, other):
        return arithmetic.pow(other, self)

    def __matmul__(self, other):
        return linalg.matmul(self, other)

    def __rmatmul__(self, other):
        return linalg.matmul(other, self)

    def __neg__(self):
        return arithmetic.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return rounding.abs(self)

    def __eq__(self, other):
        return comparison.eq(self, other)

    def __ne__(self, other):
        return comparison.ne(self, other)

    def __lt__(self, other):
        return comparison.lt(self, other)

    def __le__(self, other):
        return comparison.le(self, other)

    def __gt__(self, other):
        return comparison.gt(self, other)

    def __ge__(self, other):
        return comparison.ge(self, other)

    def __and__(self, other):
        return comparison.bitwise_and(self, other)

    def __or__(self, other):
        return comparison.bitwise_or(self, other)

    def __xor__(self, other):
        return comparison.bitwise_xor(self, other)

    __rand__, __ror__, __rxor__ = __and__, __or__, __xor__

    def __invert__(self):
        return comparison.bitwise_not(self)

    def __getitem__(self, key):
        return indexing.index(self, key)

    def __setitem__(self, key, value) -> None:
        in_place.setitem(self, key, value)

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)


def _inferred_dtype(data) -> dtypes.dtype:
    """The dtype PyTorch gives to ``data`` when none is asked for."""
    if isinstance(data, Tensor):
        return data.dtype
    if isinstance(data, (np.ndarray, np.generic)):
        return dtypes.from_numpy_dtype(data.dtype)
    array = np.asarray(_without_tensors(data))
    if array.dtype.kind == "b":
        return dtypes.bool_
    if array.dtype.kind in "iu":
        return dtypes.int64
    if array.dtype.kind == "f":
        return dtypes.get_default_dtype()
    raise TypeError(f"Could not infer dtype of {type(data).__name__}")


def _without_tensors(data):
    """Nested lists and tuples with every tensor in them replaced by its array."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)):
        return [_without_tensors(item) for item in data]
    return data


def _as_storage(data, dtype=None) -> np.ndarray:
    """A new NumPy array holding ``data`` (numbers, nested lists, arrays, tensors) in ``dtype`` or PyTorch's
    inferred dtype (Python floats become the default float dtype, ints int64, bools bool)."""
    target = dtypes.to_dtype(dtype) if dtype is not None else _inferred_dtype(data)
    data = _without_tensors(data)
    if isinstance(data, (str, bytes)) or (not isinstance(data, (numbers.Number, np.ndarray, np.generic))
                                          and not hasattr(data, "__len__")):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    return np.array(data, dtype=target.numpy_dtype)


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:
    return input.dtype.is_floating_point


def numel(input: Tensor) -> int:
    return input.numel()


def _rebuild_tensor(array: np.ndarray, requires_grad: bool) -> Tensor:
    return Tensor._wrap(array).requires_grad_(requires_grad) if requires_grad else Tensor._wrap(array)
