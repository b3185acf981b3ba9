"""``minitorch_es.vision.transforms``: image transforms with torchvision's semantics (guide 004, 2.1: ToTensor,
Normalize, Compose; guide 003: data augmentation with flips, crops, colour jitter, rotations, affine maps and
erasing), one file per kind: :mod:`.tensors`, :mod:`.composition`, :mod:`.geometry`, :mod:`.color`, :mod:`.affine`.

Images are NumPy arrays (H, W) or (H, W, C) of uint8 (what the datasets return, in place of PIL images), or float
tensors (C, H, W) (:mod:`.images`).
"""

from .affine import RandomAffine, RandomRotation
from .color import ColorJitter, Grayscale, RandomGrayscale
from .composition import Compose, Lambda, RandomApply, RandomChoice, RandomOrder
from .geometry import (CenterCrop, Pad, RandomCrop, RandomErasing, RandomHorizontalFlip, RandomResizedCrop,
                       RandomVerticalFlip, Resize)
from .tensors import Normalize, ToTensor

__all__ = ["CenterCrop", "ColorJitter", "Compose", "Grayscale", "Lambda", "Normalize", "Pad", "RandomAffine",
           "RandomApply", "RandomChoice", "RandomCrop", "RandomErasing", "RandomGrayscale", "RandomHorizontalFlip",
           "RandomOrder", "RandomResizedCrop", "RandomRotation", "RandomVerticalFlip", "Resize", "ToTensor"]
