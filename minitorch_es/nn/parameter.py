"""``Parameter``: a tensor that a Module registers as learnable (it shows up in ``parameters()``)."""

from __future__ import annotations

from ..tensor import Tensor


class Parameter(Tensor):
    """A leaf tensor with ``requires_grad=True`` (by default) that shares memory with the data it wraps."""

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        from ..creation import tensor

        source = data if data is not None else tensor([])
        super().__init__(source.detach() if isinstance(source, Tensor) else source)
        if isinstance(source, Tensor):
            self._data = source._data
        if requires_grad:
            self.requires_grad_(True)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __reduce_ex__(self, protocol):
        return (Parameter, (Tensor._wrap(self._data), self.requires_grad))
