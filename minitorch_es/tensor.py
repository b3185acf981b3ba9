"""``Tensor``: a NumPy array plus what autograd needs (``requires_grad``, ``grad``, ``grad_fn``).

Arithmetic, reductions and shape operations delegate to the differentiable functions of :mod:`minitorch_es.ops`;
this file holds only the object, its conversions, and the autograd entry point :meth:`Tensor.backward`.
"""

from __future__ import annotations

import numpy as np

from . import dtypes
from .autograd import engine
from .autograd.grad_mode import is_grad_enabled
from .device import CPU, device
from .formatting import format_tensor
from .ops import (activation, binary_math, elementwise, layout, linalg, order_statistics, rearrange, reduce, scatter,
                  shape, sorting, summaries, trigonometry, unary_math, utilities)
from .ops.broadcasting import broadcast_shapes
from .size import Size


class Tensor:
    """An n-dimensional array of one dtype that can record the operations applied to it."""

    __array_priority__ = 1000

    def __init__(self, data=None, *, dtype=None, requires_grad: bool = False) -> None:
        from .creation import as_array

        self._data = as_array(data if data is not None else [], dtype)
        self._grad: Tensor | None = None
        self._grad_fn = None
        self._requires_grad = False
        self._retains_grad = False
        self._hooks: list = []
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _wrap(cls, array: np.ndarray) -> "Tensor":
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
        return self._data.shape[reduce.normalize_dim(dim, self.ndim)]

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
        return strides if dim is None else strides[reduce.normalize_dim(dim, self.ndim)]

    def __repr__(self) -> str:
        return format_tensor(self)

    # ---- autograd ----------------------------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
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
    def grad(self) -> "Tensor | None":
        return self._grad

    @grad.setter
    def grad(self, value: "Tensor | None") -> None:
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

    def retain_grad(self) -> None:
        """Keep ``.grad`` on this non-leaf tensor after ``backward`` (leaves always keep theirs)."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        self._retains_grad = self._grad_fn is not None

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned tensor replaces the gradient."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        self._hooks.append(hook)
        return _HookHandle(self._hooks, hook)

    def backward(self, gradient: "Tensor | None" = None, retain_graph: bool | None = None,
                 create_graph: bool = False) -> None:
        """Compute dJ/dleaf for every leaf that requires a gradient, J being this tensor (or gradient . this).

        A scalar needs no ``gradient`` (dJ/dJ = 1); a non-scalar needs one of its own shape, as in PyTorch.
        """
        if create_graph:
            raise NotImplementedError("create_graph=True (higher-order gradients) is not supported by minitorch_es")
        if not self._requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
        if gradient is None:
            if self.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            seed = np.ones(self._data.shape, dtype=self._data.dtype)
        else:
            seed = gradient._data if isinstance(gradient, Tensor) else np.asarray(gradient)
            if seed.shape != self._data.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {list(seed.shape)} and output[0] has a shape "
                    f"of {list(self._data.shape)}."
                )
            seed = seed.astype(self._data.dtype, copy=False)
        engine.backward(self, seed, retain_graph=bool(retain_graph))

    def detach(self) -> "Tensor":
        """The same values (shared memory) cut from the graph."""
        return Tensor._wrap(self._data)

    def detach_(self) -> "Tensor":
        self._grad_fn = None
        self._requires_grad = False
        return self

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

    @property
    def data(self) -> "Tensor":
        return self.detach()

    @data.setter
    def data(self, value: "Tensor") -> None:
        self._data = value._data

    def clone(self) -> "Tensor":
        return elementwise.Clone.apply(self)

    # ---- conversions -------------------------------------------------------------------------------------

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

    def to(self, *args, dtype=None, device=None, copy: bool = False, non_blocking: bool = False) -> "Tensor":
        """``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other_tensor)``, as PyTorch."""
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, (dtypes.dtype, type, np.dtype)):
                dtype = arg
            else:
                device = arg
        if device is not None:
            globals()["device"](device)
        result = self if dtype is None else self._cast(dtypes.to_dtype(dtype))
        return result.clone() if copy and result is self else result

    def _cast(self, target: dtypes.dtype) -> "Tensor":
        if target is self.dtype:
            return self
        if target.is_floating_point and self._requires_grad:
            return elementwise.Cast.apply(self, dtype=target.numpy_dtype)
        return Tensor._wrap(self._data.astype(target.numpy_dtype))

    def type(self, dtype=None):
        if dtype is None:
            return f"minitorch_es.{dtypes.torch_name(self.dtype)}Tensor"
        return self._cast(dtypes.to_dtype(dtype))

    def cpu(self) -> "Tensor":
        return self

    def cuda(self, *args, **kwargs) -> "Tensor":
        device("cuda")

    def float(self) -> "Tensor":
        return self._cast(dtypes.float32)

    def double(self) -> "Tensor":
        return self._cast(dtypes.float64)

    def half(self) -> "Tensor":
        return self._cast(dtypes.float16)

    def long(self) -> "Tensor":
        return self._cast(dtypes.int64)

    def int(self) -> "Tensor":
        return self._cast(dtypes.int32)

    def bool(self) -> "Tensor":
        return self._cast(dtypes.bool_)

    # ---- arithmetic --------------------------------------------------------------------------------------

    def __add__(self, other):
        return elementwise.add(self, other)

    def __radd__(self, other):
        return elementwise.add(other, self)

    def __sub__(self, other):
        return elementwise.sub(self, other)

    def __rsub__(self, other):
        return elementwise.sub(other, self)

    def __mul__(self, other):
        return elementwise.mul(self, other)

    def __rmul__(self, other):
        return elementwise.mul(other, self)

    def __truediv__(self, other):
        return elementwise.div(self, other)

    def __rtruediv__(self, other):
        return elementwise.div(other, self)

    def __floordiv__(self, other):
        return elementwise.div(self, other, rounding_mode="floor")

    def __rfloordiv__(self, other):
        return elementwise.div(other, self, rounding_mode="floor")

    def __mod__(self, other):
        return elementwise.remainder(self, other)

    def __pow__(self, other):
        return elementwise.pow(self, other)

    def __rpow__(self, other):
        return elementwise.pow(other, self)

    def __matmul__(self, other):
        return linalg.matmul(self, other)

    def __rmatmul__(self, other):
        return linalg.matmul(other, self)

    def __neg__(self):
        return elementwise.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return elementwise.abs(self)

    def add(self, other, *, alpha=1):
        return elementwise.add(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        return elementwise.sub(self, other, alpha=alpha)

    def mul(self, other):
        return elementwise.mul(self, other)

    def div(self, other, *, rounding_mode=None):
        return elementwise.div(self, other, rounding_mode=rounding_mode)

    def pow(self, exponent):
        return elementwise.pow(self, exponent)

    def remainder(self, other):
        return elementwise.remainder(self, other)

    def matmul(self, other):
        return linalg.matmul(self, other)

    def mm(self, other):
        from .functional import mm

        return mm(self, other)

    def bmm(self, other):
        from .functional import bmm

        return bmm(self, other)

    def dot(self, other):
        return linalg.dot(self, other)

    def outer(self, other):
        return linalg.outer(self, other)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return linalg.norm(self, p, dim, keepdim, dtype)

    def neg(self):
        return elementwise.neg(self)

    def exp(self):
        return elementwise.exp(self)

    def log(self):
        return elementwise.log(self)

    def sqrt(self):
        return elementwise.sqrt(self)

    def abs(self):
        return elementwise.abs(self)

    def sin(self):
        return elementwise.sin(self)

    def cos(self):
        return elementwise.cos(self)

    def clamp(self, min=None, max=None):
        return elementwise.clamp(self, min, max)

    clip = clamp

    def maximum(self, other):
        return elementwise.maximum(self, other)

    def minimum(self, other):
        return elementwise.minimum(self, other)

    def relu(self):
        return activation.relu(self)

    def sigmoid(self):
        return activation.sigmoid(self)

    def tanh(self):
        return activation.tanh(self)

    def softmax(self, dim, dtype=None):
        return activation.softmax(self, dim, dtype=dtype)

    def log_softmax(self, dim, dtype=None):
        return activation.log_softmax(self, dim, dtype=dtype)

    # ---- reductions --------------------------------------------------------------------------------------

    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return reduce.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return reduce.mean(self, dim, keepdim, dtype=dtype)

    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return reduce.prod(self, dim, keepdim, dtype=dtype)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return reduce.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return reduce.std(self, dim, unbiased, keepdim, correction=correction)

    def logsumexp(self, dim=None, keepdim=False):
        return reduce.logsumexp(self, dim, keepdim)

    def max(self, dim=None, keepdim=False):
        return reduce.max(self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return reduce.min(self, dim, keepdim)

    def amax(self, dim=(), keepdim=False):
        return reduce.amax(self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        return reduce.amin(self, dim, keepdim)

    def argmax(self, dim=None, keepdim=False):
        return reduce.argmax(self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return reduce.argmin(self, dim, keepdim)

    # ---- shape -------------------------------------------------------------------------------------------

    def reshape(self, *shape_):
        return shape.reshape(self, *shape_)

    def view(self, *shape_):
        return shape.view(self, *shape_)

    def view_as(self, other):
        return shape.view(self, other.shape)

    def reshape_as(self, other):
        return shape.reshape(self, other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        return shape.flatten(self, start_dim, end_dim)

    def squeeze(self, dim=None):
        return shape.squeeze(self, dim)

    def unsqueeze(self, dim):
        return shape.unsqueeze(self, dim)

    def transpose(self, dim0, dim1):
        return shape.transpose(self, dim0, dim1)

    def t(self):
        if self.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D")
        return shape.permute(self, *reversed(range(self.ndim)))

    def permute(self, *dims):
        return shape.permute(self, *dims)

    @property
    def T(self):
        return shape.permute(self, *reversed(range(self.ndim)))

    @property
    def mT(self):
        return shape.transpose(self, -2, -1)

    def expand(self, *sizes):
        return shape.expand(self, *sizes)

    def expand_as(self, other):
        return shape.expand(self, other.shape)

    def contiguous(self):
        return shape.contiguous(self)

    def __getitem__(self, key):
        return shape.index(self, key)

    # ---- comparisons and logic (no gradients) ------------------------------------------------------------

    def _compare(self, other, numpy_function):
        other_array = other._data if isinstance(other, Tensor) else other
        common = dtypes.result_type(self, other).numpy_dtype
        broadcast_shapes(self._data.shape, np.shape(other_array))
        return Tensor._wrap(np.asarray(numpy_function(self._data.astype(common, copy=False),
                                                      dtypes.as_array(other_array, common))))

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    eq, ne, lt, le, gt, ge = __eq__, __ne__, __lt__, __le__, __gt__, __ge__

    def _logical(self, other, numpy_function):
        if self.dtype.is_floating_point or (isinstance(other, Tensor) and other.dtype.is_floating_point):
            raise RuntimeError(f"\"{numpy_function.__name__}_cpu\" not implemented for 'Float'")
        return self._compare(other, numpy_function)

    def __and__(self, other):
        return self._logical(other, np.bitwise_and)

    def __or__(self, other):
        return self._logical(other, np.bitwise_or)

    def __xor__(self, other):
        return self._logical(other, np.bitwise_xor)

    __rand__, __ror__, __rxor__ = __and__, __or__, __xor__

    def __invert__(self):
        if self.dtype.is_floating_point:
            raise TypeError("~ (bitwise_not) is only supported for integer and boolean tensors")
        return Tensor._wrap(np.invert(self._data))

    def logical_not(self):
        return Tensor._wrap(np.logical_not(self._data))

    def masked_fill_(self, mask, value):
        return self._assign(rearrange.masked_fill(self.detach(), mask, value)._data)

    def diag(self, diagonal=0):
        return linalg.diag(self, diagonal)

    def trace(self):
        return linalg.trace(self)

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return linalg.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        return self._assign(self._out_of_place(scatter.scatter, dim, index, src, value=value, reduce=reduce))

    def scatter_add_(self, dim, index, src):
        return self._assign(self._out_of_place(scatter.scatter_add, dim, index, src))

    def index_add_(self, dim, index, source, *, alpha=1):
        return self._assign(self._out_of_place(scatter.index_add, dim, index, source, alpha=alpha))

    def isnan(self):
        return Tensor._wrap(np.isnan(self._data))

    def isinf(self):
        return Tensor._wrap(np.isinf(self._data))

    def isfinite(self):
        return Tensor._wrap(np.isfinite(self._data))

    def any(self, dim=None, keepdim=False):
        axes = reduce.normalize_dims(dim, self.ndim)
        return Tensor._wrap(np.asarray(np.any(self._data, axis=axes, keepdims=keepdim)))

    def all(self, dim=None, keepdim=False):
        axes = reduce.normalize_dims(dim, self.ndim)
        return Tensor._wrap(np.asarray(np.all(self._data, axis=axes, keepdims=keepdim)))

    def equal(self, other) -> bool:
        return self.shape == other.shape and bool(np.array_equal(self._data, other._data))

    # ---- in-place updates (optimizers, initialisation) ---------------------------------------------------

    def _check_in_place(self) -> None:
        if not (is_grad_enabled() and self._requires_grad):
            return
        if self._grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        raise RuntimeError(
            "minitorch_es does not record in-place operations on tensors that are part of an autograd graph; "
            "write the out-of-place form (x = x + y) or update under minitorch_es.no_grad()."
        )

    def _assign(self, result: np.ndarray) -> "Tensor":
        """Write ``result`` into this tensor's memory (views of it see the change), as PyTorch's ``op_``."""
        self._check_in_place()
        result = np.asarray(result)
        result_dtype = dtypes.from_numpy_dtype(result.dtype)
        if dtypes.category(result_dtype) > dtypes.category(self.dtype):
            raise RuntimeError(
                f"result type {dtypes.torch_name(result_dtype)} can't be cast to the desired output type "
                f"{dtypes.torch_name(self.dtype)}"
            )
        if np.broadcast_shapes(result.shape, self._data.shape) != self._data.shape:
            raise RuntimeError(
                f"output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                f"{list(np.broadcast_shapes(result.shape, self._data.shape))}"
            )
        np.copyto(self._data, result, casting="unsafe")
        return self

    def _out_of_place(self, function, *args, **kwargs) -> np.ndarray:
        from .autograd.grad_mode import no_grad

        with no_grad():
            return function(self.detach(), *args, **kwargs)._data

    def add_(self, other, *, alpha=1):
        return self._assign(self._out_of_place(elementwise.add, other, alpha=alpha))

    def sub_(self, other, *, alpha=1):
        return self._assign(self._out_of_place(elementwise.sub, other, alpha=alpha))

    def mul_(self, other):
        return self._assign(self._out_of_place(elementwise.mul, other))

    def div_(self, other, *, rounding_mode=None):
        return self._assign(self._out_of_place(elementwise.div, other, rounding_mode=rounding_mode))

    def pow_(self, exponent):
        return self._assign(self._out_of_place(elementwise.pow, exponent))

    def clamp_(self, min=None, max=None):
        return self._assign(self._out_of_place(elementwise.clamp, min, max))

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def zero_(self):
        return self.fill_(0)

    def fill_(self, value):
        value = value.item() if isinstance(value, Tensor) else value
        self._check_in_place()
        self._data[...] = value
        return self

    def copy_(self, source: "Tensor"):
        self._check_in_place()
        source_array = source._data if isinstance(source, Tensor) else np.asarray(source)
        np.copyto(self._data, np.broadcast_to(source_array, self._data.shape), casting="unsafe")
        return self

    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator=None):
        from .random import numpy_generator

        self._check_in_place()
        self._data[...] = numpy_generator(generator).uniform(a, b, size=self._data.shape)
        return self

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator=None):
        from .random import numpy_generator

        self._check_in_place()
        self._data[...] = numpy_generator(generator).normal(mean, std, size=self._data.shape)
        return self

    def __setitem__(self, key, value) -> None:
        self._check_in_place()
        *first_steps, (last_key, _) = shape.index_steps(key)
        target = self._data
        for numpy_key, _ in first_steps:
            target = target[numpy_key]
        target[last_key] = value._data if isinstance(value, Tensor) else np.asarray(value)


# x.log1p(), x.split(2), x.sort()...: functions whose first argument is the tensor, as methods
for _module in (unary_math, binary_math, trigonometry, layout, rearrange, sorting, utilities, scatter, summaries,
                order_statistics):
    for _name in _module.__all__:
        setattr(Tensor, _name, getattr(_module, _name))

# PyTorch's other names for the same methods
Tensor.divide = Tensor.true_divide = Tensor.div
Tensor.multiply, Tensor.subtract, Tensor.absolute, Tensor.negative = Tensor.mul, Tensor.sub, Tensor.abs, Tensor.neg
Tensor.greater, Tensor.less, Tensor.greater_equal, Tensor.less_equal = Tensor.gt, Tensor.lt, Tensor.ge, Tensor.le
Tensor.not_equal, Tensor.fix = Tensor.ne, Tensor.trunc
Tensor.floor_divide = Tensor.__floordiv__
Tensor.positive = lambda self: self
Tensor.__rmod__ = lambda self, other: elementwise.remainder(other, self)


def _rebuild_tensor(array: np.ndarray, requires_grad: bool) -> Tensor:
    return Tensor._wrap(array).requires_grad_(requires_grad) if requires_grad else Tensor._wrap(array)


class _HookHandle:
    def __init__(self, hooks: list, hook) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)
