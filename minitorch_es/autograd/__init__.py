"""Autograd: the Function base class, gradient-mode switches and the backward engine."""

from .function import Context, Function, Node
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled

__all__ = ["Context", "Function", "Node", "enable_grad", "is_grad_enabled", "no_grad", "set_grad_enabled",
           "inference_mode"]
