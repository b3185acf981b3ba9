"""``Module``: the base class of layers and models, with PyTorch's registration, traversal and state_dict rules.

Assigning a :class:`Parameter`, a ``Module`` or (through ``register_buffer``) a buffer tensor as an attribute
registers it under that name; ``state_dict`` keys are the dotted paths of those names (``features.0.weight``),
the same keys as the PyTorch twin of the model, so weights travel between the two.
"""

from __future__ import annotations

from collections import OrderedDict, namedtuple
from collections.abc import Iterator

import numpy as np

from ... import dtypes
from ...autograd import no_grad
from ...device import device as _device
from ...size import Size
from ...tensor import Tensor
from ..parameter import Parameter
from .backward_hooks import (BackwardHooks, register_module_full_backward_hook,  # noqa: F401
                             register_module_full_backward_pre_hook)
from .forward_hooks import ForwardHooks, register_module_forward_hook, register_module_forward_pre_hook  # noqa: F401
from .state_dict_hooks import StateDictHooks

IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


class Module(BackwardHooks, ForwardHooks, StateDictHooks):
    """Base class of every layer: subclasses set attributes in ``__init__`` and define ``forward``; calling it runs
    ``forward`` between its hooks (:mod:`.forward_hooks`)."""

    training: bool

    def __init__(self) -> None:
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", OrderedDict())

    # ---- registration ------------------------------------------------------------------------------------

    def __setattr__(self, name: str, value) -> None:
        registries = self.__dict__.get("_parameters"), self.__dict__.get("_modules"), self.__dict__.get("_buffers")
        if registries[0] is None:
            raise AttributeError("cannot assign attributes before Module.__init__() call")
        parameters, modules, buffers = registries
        if isinstance(value, Parameter):
            self._forget(name, keep="_parameters")
            parameters[name] = value
        elif isinstance(value, Module):
            self._forget(name, keep="_modules")
            modules[name] = value
        elif name in parameters or name in modules:
            if value is not None:
                kind, expected = ("parameter", "minitorch_es.nn.Parameter") if name in parameters else \
                    ("child module", "Module")
                raise TypeError(f"cannot assign '{type(value).__name__}' as {kind} '{name}' ({expected} or None "
                                "expected)")
            (parameters if name in parameters else modules)[name] = None
        elif name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' (Tensor or None expected)")
            buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str, keep: str) -> None:
        """Drop ``name`` from the other registries; in ``keep`` it is replaced in place, so that a replaced child
        keeps its position in ``children()`` and ``state_dict()`` (the guide's ``ct < 7`` loop relies on it)."""
        self.__dict__.pop(name, None)
        for registry in ("_parameters", "_buffers", "_modules"):
            if registry != keep:
                self.__dict__[registry].pop(name, None)

    def __getattr__(self, name: str):
        for registry in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(registry)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for registry in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__[registry]:
                del self.__dict__[registry][name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                            "(minitorch_es.nn.Parameter or None required)")
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """A tensor that is part of the state (saved in ``state_dict``) but is not learned, e.g. running means."""
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' "
                            "(Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        self._modules[name] = module

    register_module = add_module

    # ---- calling -----------------------------------------------------------------------------------------

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    # ---- traversal ---------------------------------------------------------------------------------------

    def named_modules(self, memo: set | None = None, prefix: str = "") -> Iterator[tuple[str, Module]]:
        memo = set() if memo is None else memo
        if id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, f"{prefix}.{name}" if prefix else name)

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def _named_members(self, registry: str, prefix: str, recurse: bool):
        seen = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in module.__dict__[registry].items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield (f"{module_prefix}.{name}" if module_prefix else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Parameter]]:
        yield from self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, parameter in self.named_parameters(recurse=recurse):
            yield parameter

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members("_buffers", prefix, recurse)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def apply(self, function) -> Module:
        for module in self.children():
            module.apply(function)
        function(self)
        return self

    # ---- modes and gradients -----------------------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for parameter in self.parameters():
            parameter.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        for parameter in self.parameters():
            if parameter.grad is None:
                continue
            if set_to_none:
                parameter.grad = None
            else:
                parameter.grad.zero_()

    # ---- dtype and device --------------------------------------------------------------------------------

    def to(self, *args, **kwargs) -> Module:
        """``to(dtype)`` converts floating parameters and buffers; ``to("cpu")`` is accepted, CUDA is an error."""
        target = kwargs.get("dtype")
        for arg in list(args) + [kwargs.get("device")]:
            if isinstance(arg, (dtypes.dtype, np.dtype, type)):
                target = dtypes.to_dtype(arg)
            elif arg is not None:
                _device(arg)
        if target is not None:
            self._cast_floating(dtypes.to_dtype(target))
        return self

    def _cast_floating(self, target: dtypes.dtype) -> None:
        for module in self.modules():
            for registry in (module._parameters, module._buffers):
                for value in registry.values():
                    if value is not None and value.dtype.is_floating_point:
                        value._data = value._data.astype(target.numpy_dtype)
                        if value.grad is not None:
                            value.grad._data = value.grad._data.astype(target.numpy_dtype)

    def float(self) -> Module:
        return self.to(dtypes.float32)

    def double(self) -> Module:
        return self.to(dtypes.float64)

    def half(self) -> Module:
        return self.to(dtypes.float16)

    def cpu(self) -> Module:
        return self

    def cuda(self, device=None) -> Module:
        _device("cuda")

    # ---- state_dict --------------------------------------------------------------------------------------

    def state_dict(self, destination: OrderedDict | None = None, prefix: str = "", keep_vars: bool = False):
        """Parameters and persistent buffers by dotted name (detached tensors sharing memory, as PyTorch)."""
        destination = OrderedDict() if destination is None else destination
        self._run_state_dict_pre_hooks(prefix, keep_vars)
        for name, parameter in self._parameters.items():
            if parameter is not None:
                destination[prefix + name] = parameter if keep_vars else parameter.detach()
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers:
                destination[prefix + name] = buffer if keep_vars else buffer.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination, prefix + name + ".", keep_vars)
        self._run_state_dict_post_hooks(destination, prefix)
        return destination

    def _state_entries(self, prefix: str = ""):
        """(dotted name, tensor) of what ``state_dict`` holds, without its hooks: what loading fills."""
        for name, parameter in self._parameters.items():
            if parameter is not None:
                yield prefix + name, parameter
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers:
                yield prefix + name, buffer
        for name, module in self._modules.items():
            if module is not None:
                yield from module._state_entries(prefix + name + ".")

    def load_state_dict(self, state_dict, strict: bool = True) -> IncompatibleKeys:
        """Copy values into this model's parameters and buffers (any array-like values: ours, NumPy, PyTorch CPU).

        With ``strict``, missing and unexpected keys are an error listing them all; a shape mismatch always is.
        """
        own = OrderedDict(self._state_entries())
        problems, hook_missing, hook_unexpected = [], [], []
        if any(m.__dict__.get("_load_state_dict_pre_hooks") for _, m in self.named_modules()):
            state_dict = OrderedDict(state_dict)  # the hooks may change it; the caller's stays as it is
            self._run_load_state_dict_pre_hooks(state_dict, strict, hook_missing, hook_unexpected, problems)
        missing = [key for key in own if key not in state_dict] + hook_missing
        unexpected = [key for key in state_dict if key not in own] + hook_unexpected
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = _as_array(state_dict[key])
            if value.shape != target._data.shape:
                problems.append(
                    f"size mismatch for {key}: copying a param with shape {_size(value.shape)} from checkpoint, "
                    f"the shape in current model is {_size(target._data.shape)}."
                )
                continue
            with no_grad():
                target._data[...] = value
        incompatible = IncompatibleKeys(missing, unexpected)
        self._run_load_state_dict_post_hooks(incompatible)
        if strict and (missing or unexpected):
            if unexpected:
                problems.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected)
                                + ". ")
            if missing:
                problems.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ")
        if problems:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(problems))
        return incompatible

    # ---- printing ----------------------------------------------------------------------------------------

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        """PyTorch's layout: the extra_repr on the same line when it is one line and there are no children,
        otherwise one line per extra_repr line and per child, indented."""
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): " + repr(module).replace("\n", "\n  ") for name, module in self._modules.items()]
        if not child_lines and len(extra_lines) <= 1:
            return f"{type(self).__name__}({extra})"
        return f"{type(self).__name__}(\n  " + "\n  ".join(extra_lines + child_lines) + "\n)"

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules))


def _as_array(value) -> np.ndarray:
    if isinstance(value, Tensor):
        return value._data
    if hasattr(value, "detach"):
        value = value.detach().cpu()
    return np.asarray(value)


def _size(shape) -> str:
    return repr(Size(shape))
