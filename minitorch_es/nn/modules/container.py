"""Containers: ``Sequential`` (layers applied in order), ``ModuleList``, ``ModuleDict``, ``ParameterList`` and
``ParameterDict`` (the list and dict pairs share their accessors)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator

from .module import Module


class Sequential(Module):
    """y = f_n(... f_2(f_1(x))); indexable (``model[0]``), sliceable (``model[:2]`` is a Sequential) and iterable."""

    def __init__(self, *modules) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            for name, module in modules[0].items():
                self.add_module(name, module)
        else:
            for index, module in enumerate(modules):
                self.add_module(str(index), module)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Sequential(OrderedDict(list(self._modules.items())[index]))
        return list(self._modules.values())[_check_index(index, len(self))]

    def __setitem__(self, index: int, module: Module) -> None:
        key = list(self._modules.keys())[_check_index(index, len(self))]
        setattr(self, key, module)

    def __delitem__(self, index) -> None:
        keys = list(self._modules.keys())
        for key in (keys[index] if isinstance(index, slice) else [keys[_check_index(index, len(self))]]):
            del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> Sequential:
        self.add_module(str(len(self)), module)
        return self

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x


class _ListOfEntries:
    """What ModuleList and ParameterList share over ``_entries()`` (their dict of modules or of parameters, keyed
    "0", "1", ...) and ``_put(key, value)`` (how one is registered)."""

    def __getitem__(self, index):
        if isinstance(index, slice):
            return type(self)(list(self._entries().values())[index])
        return self._entries()[str(_check_index(index, len(self)))]

    def __len__(self) -> int:
        return len(self._entries())

    def __iter__(self):
        return iter(self._entries().values())

    def append(self, value):
        self._put(str(len(self)), value)
        return self

    def extend(self, values: Iterable):
        for value in values:
            self.append(value)
        return self


class _DictOfEntries:
    """What ModuleDict and ParameterDict share over ``_entries()`` (their dict of modules or of parameters) and
    ``__setitem__`` (how one is registered)."""

    def __getitem__(self, key: str):
        return self._entries()[key]

    def __delitem__(self, key: str) -> None:
        del self._entries()[key]

    def __len__(self) -> int:
        return len(self._entries())

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries())

    def __contains__(self, key: str) -> bool:
        return key in self._entries()

    def keys(self):
        return self._entries().keys()

    def values(self):
        return self._entries().values()

    def items(self):
        return self._entries().items()

    def update(self, entries) -> None:
        for key, value in (entries.items() if hasattr(entries, "items") else entries):
            self[key] = value


class ModuleList(_ListOfEntries, Module):
    """A list of modules whose parameters are registered (a plain Python list would hide them)."""

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        for module in modules or []:
            self.append(module)

    def _entries(self) -> dict:
        return self._modules

    def _put(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __setitem__(self, index: int, module: Module) -> None:
        setattr(self, str(_check_index(index, len(self))), module)


class ModuleDict(_DictOfEntries, Module):
    """A dictionary of modules whose parameters are registered, in insertion order."""

    def __init__(self, modules: dict | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def _entries(self) -> dict:
        return self._modules

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)


def _check_index(index: int, length: int) -> int:
    if not -length <= index < length:
        raise IndexError(f"index {index} is out of range")
    return index % length


class ParameterList(_ListOfEntries, Module):
    """A list of parameters, registered under the names "0", "1", ... (tensors given are wrapped in Parameter)."""

    def __init__(self, values: Iterable | None = None) -> None:
        super().__init__()
        for value in values or []:
            self.append(value)

    def _entries(self) -> dict:
        return self._parameters

    def _put(self, key: str, value) -> None:
        self.register_parameter(key, _as_parameter(value))

    def __setitem__(self, index: int, value) -> None:
        self._put(str(_check_index(index, len(self))), value)

    def extra_repr(self) -> str:
        return _describe_parameters(self._parameters)


class ParameterDict(_DictOfEntries, Module):
    """A dictionary of parameters, registered under their keys in insertion order."""

    def __init__(self, parameters=None) -> None:
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    def _entries(self) -> dict:
        return self._parameters

    def __setitem__(self, key: str, value) -> None:
        self.register_parameter(key, _as_parameter(value))

    def extra_repr(self) -> str:
        return _describe_parameters(self._parameters, lambda value: value.type())


def _describe_parameters(parameters: dict, kind=lambda value: repr(value.dtype)) -> str:
    """One line per parameter, as PyTorch prints a parameter container (ParameterDict names the tensor type)."""
    lines = []
    for key, value in parameters.items():
        size = "x".join(str(n) for n in value.shape)
        lines.append(f"  ({key}): Parameter containing: [{kind(value)} of size {size}]")
    return "\n".join(lines)


def _as_parameter(value):
    from ..parameter import Parameter

    return value if isinstance(value, Parameter) or value is None else Parameter(value)
