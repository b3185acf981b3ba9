"""Factories: ``tensor``, ``zeros``, ``arange``, ``rand``... with PyTorch's dtype rules.

Python floats become the default float dtype (float32), Python ints int64, bools bool; NumPy arrays and NumPy
scalars keep their own dtype.
"""

from __future__ import annotations

import numpy as np

from . import dtypes
from .device import device as _device
from .random import numpy_generator
from .size import new_sizes
from .tensor import Tensor


def _check_device(device) -> None:
    if device is not None:
        _device(device)


def tensor(data, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A new tensor copying ``data`` (nested lists, numbers, NumPy arrays or tensors)."""
    _check_device(device)
    return Tensor(data, dtype=dtype, requires_grad=requires_grad)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """Like ``tensor``, but shares memory with a NumPy array or tensor of the same dtype."""
    _check_device(device)
    if isinstance(data, Tensor) and (dtype is None or dtypes.to_dtype(dtype) is data.dtype):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or dtypes.to_dtype(dtype).numpy_dtype == data.dtype):
        return from_numpy(data)
    return Tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array`` (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    dtypes.from_numpy_dtype(array.dtype)
    return Tensor._wrap(array)


def _factory(array: np.ndarray, requires_grad: bool, device) -> Tensor:
    _check_device(device)
    result = Tensor._wrap(array)
    if requires_grad:
        result.requires_grad_(True)
    return result


def _float_or(dtype) -> dtypes.dtype:
    return dtypes.to_dtype(dtype) if dtype is not None else dtypes.get_default_dtype()


def zeros(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _factory(np.zeros(new_sizes(size, "zeros"), dtype=_float_or(dtype).numpy_dtype), requires_grad, device)


def ones(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _factory(np.ones(new_sizes(size, "ones"), dtype=_float_or(dtype).numpy_dtype), requires_grad, device)


def empty(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Uninitialised in PyTorch; zeros here, so that nothing depends on leftover memory."""
    return zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    target = dtypes.to_dtype(dtype) if dtype is not None else dtypes.scalar_dtype(fill_value)
    return _factory(np.full(new_sizes((size,), "full"), fill_value, dtype=target.numpy_dtype), requires_grad, device)


def eye(n: int, m: int | None = None, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _factory(np.eye(n, m if m is not None else n, dtype=_float_or(dtype).numpy_dtype), requires_grad, device)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Values start, start + step, ... below ``end``: int64 when all bounds are ints, else the default float."""
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"upper bound and larger bound inconsistent with step sign (start={start}, end={end}, "
                           f"step={step})")
    bounds = [b.item() if isinstance(b, Tensor) else b for b in (start, end, step)]
    inferred = dtypes.int64 if all(isinstance(b, (int, np.integer)) for b in bounds) else dtypes.get_default_dtype()
    target = dtypes.to_dtype(dtype) if dtype is not None else inferred
    count = int(np.ceil((bounds[1] - bounds[0]) / bounds[2]))
    values = bounds[0] + bounds[2] * np.arange(count, dtype=np.float64 if inferred.is_floating_point else np.int64)
    return _factory(values.astype(target.numpy_dtype), requires_grad, device)


def linspace(start, end, steps: int, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """``steps`` values from start to end: start + i*step for the first half, end - (steps-1-i)*step for the rest,
    step = (end - start)/(steps - 1), computed in the result's dtype as PyTorch does (so both ends are exact)."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    target = _float_or(dtype)
    compute = target.numpy_dtype if target.is_floating_point else np.dtype(np.float64)
    start_value, end_value = compute.type(start), compute.type(end)
    index = np.arange(steps)
    step = (end_value - start_value) / compute.type(max(steps - 1, 1))
    halfway = steps // 2
    values = np.where(index < halfway, start_value + step * index.astype(compute),
                      end_value - step * (steps - index - 1).astype(compute)).astype(compute)
    if steps == 1:
        values = np.array([start_value], dtype=compute)
    return _factory(values.astype(target.numpy_dtype), requires_grad, device)


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Uniform samples on [0, 1)."""
    target = _float_or(dtype)
    sample_dtype = np.float32 if target.itemsize <= 4 else np.float64
    values = numpy_generator(generator).random(new_sizes(size, "rand"), dtype=sample_dtype)
    return _factory(values.astype(target.numpy_dtype), requires_grad, device)


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Standard normal samples (mean 0, variance 1)."""
    target = _float_or(dtype)
    sample_dtype = np.float32 if target.itemsize <= 4 else np.float64
    values = numpy_generator(generator).standard_normal(new_sizes(size, "randn"), dtype=sample_dtype)
    return _factory(values.astype(target.numpy_dtype), requires_grad, device)


def randint(*args, size=None, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """``randint(high, size)`` or ``randint(low, high, size)``: integers uniform on [low, high)."""
    if size is None:
        *bounds, size = args
    else:
        bounds = list(args)
    low, high = (0, bounds[0]) if len(bounds) == 1 else bounds
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    target = dtypes.to_dtype(dtype) if dtype is not None else dtypes.int64
    values = numpy_generator(generator).integers(low, high, size=new_sizes((size,), "randint"))
    return _factory(values.astype(target.numpy_dtype), requires_grad, device)


def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A random permutation of 0 .. n-1."""
    target = dtypes.to_dtype(dtype) if dtype is not None else dtypes.int64
    return _factory(numpy_generator(generator).permutation(n).astype(target.numpy_dtype), requires_grad, device)


def _like(function, other: Tensor, dtype, *args, **kwargs) -> Tensor:
    return function(*args, other.shape, dtype=dtype if dtype is not None else other.dtype, **kwargs)


def zeros_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _like(zeros, input, dtype, device=device, requires_grad=requires_grad)


def ones_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _like(ones, input, dtype, device=device, requires_grad=requires_grad)


def empty_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _like(empty, input, dtype, device=device, requires_grad=requires_grad)


def full_like(input: Tensor, fill_value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return full(input.shape, fill_value, dtype=dtype if dtype is not None else input.dtype, device=device,
                requires_grad=requires_grad)


def rand_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _like(rand, input, dtype, device=device, requires_grad=requires_grad)


def randn_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _like(randn, input, dtype, device=device, requires_grad=requires_grad)


def randint_like(input: Tensor, low, high=None, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype if dtype is not None else input.dtype, device=device,
                   requires_grad=requires_grad)


def meshgrid(*tensors, indexing: str | None = None) -> tuple:
    """Coordinate grids: for 1-D tensors of sizes n_1, ..., n_k, k tensors of shape (n_1, ..., n_k), the i-th
    holding tensor i's values along dimension i ('ij'); 'xy' swaps the first two dimensions (Cartesian order).
    They are expanded views, so gradients flow back to the 1-D tensors (summed over the copies)."""
    import warnings

    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
    axes = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        axes[0], axes[1] = 1, 0
    shape = [0] * len(tensors)
    for t, axis in zip(tensors, axes):
        shape[axis] = t.numel()
    grids = []
    for t, axis in zip(tensors, axes):
        view = [1] * len(tensors)
        view[axis] = -1
        grids.append(t.reshape(view).expand(shape))
    return tuple(grids)


# ---- x.new_zeros(...), ...: factories that take x's dtype ---------------------------------------------------------


def _dtype_of(input: Tensor, dtype) -> dtypes.dtype:
    return dtypes.to_dtype(dtype) if dtype is not None else input.dtype


def new_zeros(input: Tensor, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros with x's dtype (unless ``dtype`` says otherwise)."""
    return zeros(*size, dtype=_dtype_of(input, dtype), device=device, requires_grad=requires_grad)


def new_ones(input: Tensor, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return ones(*size, dtype=_dtype_of(input, dtype), device=device, requires_grad=requires_grad)


def new_empty(input: Tensor, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return empty(*size, dtype=_dtype_of(input, dtype), device=device, requires_grad=requires_grad)


def new_full(input: Tensor, size, fill_value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return full(size, fill_value, dtype=_dtype_of(input, dtype), device=device, requires_grad=requires_grad)


def new_tensor(input: Tensor, data, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return tensor(data, dtype=_dtype_of(input, dtype), device=device, requires_grad=requires_grad)
