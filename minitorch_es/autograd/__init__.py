"""Autograd: the Function base class, gradient-mode switches, the backward engine and its entry points
(``backward``, ``grad``), the functional API (``autograd.functional``), forward mode (``autograd.forward_ad``) and
the gradient checks (``gradcheck``, ``gradgradcheck``)."""

from . import forward_ad, functional
from .function import Context, Function, Node
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .gradients import backward, grad

__all__ = ["Context", "Function", "GradcheckError", "Node", "backward", "enable_grad", "forward_ad", "functional",
           "grad", "gradcheck", "gradgradcheck", "is_grad_enabled", "no_grad", "set_grad_enabled",
           "inference_mode"]
