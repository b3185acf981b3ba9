"""Devices. minitorch_es computes on the CPU only; the ``reference`` package runs the same models on CUDA."""

from __future__ import annotations

CUDA_UNAVAILABLE = (
    "minitorch_es computes on the CPU only, so device '{name}' is not available. Use device('cpu') (the idiom "
    "`device('cuda' if minitorch_es.cuda.is_available() else 'cpu')` already picks it), or run the model through "
    "the `reference` package, which uses PyTorch on CUDA when a GPU is present."
)


class device:
    """A device name, as ``torch.device``: only ``"cpu"`` is accepted; anything else is a clear error."""

    def __init__(self, type: str | device = "cpu", index: int | None = None) -> None:
        if isinstance(type, device):
            type, index = type.type, type.index
        name = str(type)
        kind, _, number = name.partition(":")
        if kind != "cpu":
            raise RuntimeError(CUDA_UNAVAILABLE.format(name=name))
        self.type = "cpu"
        self.index = int(number) if number else index

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self) -> str:
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"


CPU = device("cpu")
