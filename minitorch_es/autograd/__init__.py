"""Autograd: the custom Function API (PyTorch's, over tensors), gradient-mode switches, the backward engine and
its entry points (``backward``, ``grad``), anomaly detection, the functional API (``autograd.functional``), forward mode
(``autograd.forward_ad``) and the gradient checks (``gradcheck``, ``gradgradcheck``)."""

from . import anomaly as anomaly_mode
from . import forward_ad, functional
from .anomaly import detect_anomaly, set_detect_anomaly
from .custom_function import Function, FunctionCtx, once_differentiable
from .function import Context, Node
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .gradients import backward, grad

__all__ = ["Context", "Function", "FunctionCtx", "GradcheckError", "Node", "anomaly_mode", "backward",
           "detect_anomaly", "enable_grad", "forward_ad", "functional", "grad", "gradcheck", "gradgradcheck",
           "inference_mode", "is_grad_enabled", "no_grad", "once_differentiable", "set_detect_anomaly",
           "set_grad_enabled"]
