"""``save`` and ``load``, as ``torch.save`` and ``torch.load``: any object made of tensors, parameters, containers,
numbers and strings (a ``state_dict``, an optimizer's, a dict of both and the epoch...).

    minitorch_es.save(model.state_dict(), "best.pt")          # guide 003, exercise 5: "Guardar el modelo"
    model.load_state_dict(minitorch_es.load("best.pt"))

The format is a pickle (protocol 4) of the object; a tensor is stored as its NumPy array and ``requires_grad``
(never its graph). ``save`` to a path writes a temporary file in the same folder and renames it into place, so an
interrupted save never leaves a half-written file. ``load`` with ``weights_only=True`` (the default, as PyTorch's
since 2.6) rebuilds only tensors, parameters, NumPy arrays and dtypes, containers and numbers: a file cannot run
code. A file written by ``torch.save`` (a zip archive) is read through PyTorch when it is installed, and its
tensors become minitorch_es tensors.
"""

from __future__ import annotations

import collections
import io
import os
import pickle
import tempfile
import zipfile
from pathlib import Path

from .device import device as as_device
from .tensor import Tensor

PROTOCOL = 4

_SAFE_GLOBALS = {
    ("minitorch_es.tensor", "_rebuild_tensor"), ("minitorch_es.nn.parameter", "Parameter"),
    ("minitorch_es.dtypes", "from_numpy_dtype"), ("collections", "OrderedDict"),
    ("numpy", "dtype"), ("numpy", "ndarray"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"), ("numpy.core.multiarray", "scalar"),
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "complex"), ("builtins", "slice"),
    ("builtins", "bytearray"), ("builtins", "range"),
}


def save(obj, f, pickle_protocol: int = PROTOCOL) -> None:
    """Write ``obj`` to ``f`` (a path, written atomically, or a binary file object)."""
    if hasattr(f, "write"):
        pickle.dump(obj, f, protocol=pickle_protocol)
        return
    path = Path(os.fspath(f))
    if not path.parent.is_dir():
        raise RuntimeError(f"Parent directory {path.parent} does not exist.")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(obj, stream, protocol=pickle_protocol)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _WeightsUnpickler(pickle.Unpickler):
    """Rebuilds only the allowed globals; anything else is refused with the name it asked for."""

    def find_class(self, module: str, name: str):
        if (module, name) in _SAFE_GLOBALS or (module == "numpy.dtypes" and name.endswith("DType")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Weights only load failed: the file asks for {module}.{name}, which is not a tensor, an array, a "
            "container or a number. Load it with weights_only=False only if you trust where it comes from.")


def load(f, map_location=None, pickle_module=None, *, weights_only: bool = True, **pickle_load_args):
    """Read an object written by :func:`save` (or by ``torch.save``, when PyTorch is installed)."""
    if map_location is not None and not callable(map_location) and not isinstance(map_location, dict):
        as_device(map_location)  # only the CPU exists here: "cuda" is a clear error
    data = f.read() if hasattr(f, "read") else _read(f)
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _load_torch_file(data, weights_only)
    stream = io.BytesIO(data)
    if weights_only:
        return _WeightsUnpickler(stream, **pickle_load_args).load()
    return (pickle_module or pickle).load(stream, **pickle_load_args)


def _read(f) -> bytes:
    path = Path(os.fspath(f))
    if not path.exists():
        raise FileNotFoundError(f"[Errno 2] No such file or directory: '{path}'")
    return path.read_bytes()


def _load_torch_file(data: bytes, weights_only: bool):
    try:
        import torch
    except ImportError:
        raise RuntimeError("this file was written by torch.save (a zip archive); reading it needs PyTorch "
                           "installed. Save it again with minitorch_es.save, or install torch.") from None
    return _from_torch(torch.load(io.BytesIO(data), map_location="cpu", weights_only=weights_only), torch)


def _from_torch(value, torch):
    if isinstance(value, torch.nn.Parameter):
        from .nn.parameter import Parameter

        return Parameter(Tensor._wrap(value.detach().numpy().copy()), requires_grad=value.requires_grad)
    if isinstance(value, torch.Tensor):
        result = Tensor._wrap(value.detach().numpy().copy())
        return result.requires_grad_(True) if value.requires_grad and value.is_leaf else result
    if isinstance(value, collections.OrderedDict):
        return collections.OrderedDict((k, _from_torch(v, torch)) for k, v in value.items())
    if isinstance(value, dict):
        return {k: _from_torch(v, torch) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_from_torch(v, torch) for v in value)
    return value
