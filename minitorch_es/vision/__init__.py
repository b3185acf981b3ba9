"""``minitorch_es.vision``: datasets and transforms, as torchvision's."""

from . import datasets, transforms

__all__ = ["datasets", "transforms"]
