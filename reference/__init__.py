"""reference: the same models on PyTorch, for parity runs (the only package besides tests that imports torch)."""

from .device import default_device

__all__ = ["default_device"]
