"""``minitorch_es.vision.models``: ResNet-18 with torchvision's state_dict keys."""

from .resnet import BasicBlock, ResNet, resnet18

__all__ = ["BasicBlock", "ResNet", "resnet18"]
