"""``torch.utils.hooks``: ``RemovableHandle``, what registering a hook returns (defined with autograd, whose nodes
and tensors hand it out too)."""

from ..autograd.hooks import RemovableHandle

__all__ = ["RemovableHandle"]
