"""``minitorch_es.optim.lr_scheduler``: learning-rate schedulers (guide 000, "¿Qué es un Scheduler?"; guide 003,
exercise 6), as PyTorch's.

Call ``scheduler.step()`` once per epoch, after ``optimizer.step()``; ``ReduceLROnPlateau.step(metric)`` takes the
monitored value. Each scheduler writes the new rate into ``optimizer.param_groups[i]["lr"]``.
"""

from .annealing import CosineAnnealingLR, CosineAnnealingWarmRestarts, OneCycleLR
from .composition import ChainedScheduler, SequentialLR
from .multiplicative import (ConstantLR, ExponentialLR, LambdaLR, LinearLR, MultiplicativeLR, MultiStepLR, PolynomialLR,
                             StepLR)
from .plateau import ReduceLROnPlateau
from .scheduler import EPOCH_DEPRECATION_WARNING, ORDER_WARNING, LRScheduler

__all__ = ["LRScheduler", "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ExponentialLR", "ConstantLR",
           "LinearLR", "PolynomialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "OneCycleLR",
           "ReduceLROnPlateau", "SequentialLR", "ChainedScheduler", "EPOCH_DEPRECATION_WARNING", "ORDER_WARNING"]
