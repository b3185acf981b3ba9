"""``minitorch_es.vision``: datasets and transforms, as torchvision's."""

from . import datasets, models, transforms

__all__ = ["datasets", "models", "transforms"]
