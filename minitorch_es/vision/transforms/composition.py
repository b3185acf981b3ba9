"""Transforms made of transforms: Compose (all, in order), Lambda (a user function), and the random ones, as
torchvision's: RandomApply (all of them, with probability p), RandomChoice (one of them, chosen with probabilities
p), RandomOrder (all, in a random order)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ...random import numpy_generator

class Compose:
    """Apply ``transforms`` in order."""

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = list(transforms)

    def __call__(self, image):
        for transform in self.transforms:
            image = transform(image)
        return image

    @property
    def batchable(self) -> bool:
        return all(hasattr(t, "batch") for t in self.transforms)

    def batch(self, images):
        for transform in self.transforms:
            images = transform.batch(images)
        return images

    def __repr__(self) -> str:
        return "Compose(\n" + "".join(f"    {t}\n" for t in self.transforms) + ")"


class Lambda:
    """Apply a user function."""

    def __init__(self, function: Callable) -> None:
        if not callable(function):
            raise TypeError(f"Argument lambd should be callable, got {type(function).__name__!r}")
        self.function = function

    def __call__(self, image):
        return self.function(image)

    def __repr__(self) -> str:
        return "Lambda()"


def _listing(name: str, transforms: Sequence[Callable], first_line: str = "") -> str:
    return f"{name}(" + first_line + "".join(f"\n    {t}" for t in transforms) + "\n)"


class RandomApply:
    def __init__(self, transforms: Sequence[Callable], p: float = 0.5) -> None:
        self.transforms, self.p = list(transforms), p

    def __call__(self, image):
        if self.p < numpy_generator().random():
            return image
        for transform in self.transforms:
            image = transform(image)
        return image

    def __repr__(self) -> str:
        return _listing("RandomApply", self.transforms, f"\n    p={self.p}")


class RandomChoice:
    def __init__(self, transforms: Sequence[Callable], p: Sequence[float] | None = None) -> None:
        if p is not None and len(p) != len(transforms):
            raise ValueError(f"Length of p doesn't match the number of transforms: {len(p)} != {len(transforms)}")
        self.transforms, self.p = list(transforms), p

    def __call__(self, image):
        weights = None if self.p is None else np.asarray(self.p, dtype=np.float64) / np.sum(self.p)
        return self.transforms[int(numpy_generator().choice(len(self.transforms), p=weights))](image)

    def __repr__(self) -> str:
        return _listing("RandomChoice", self.transforms) + f"(p={self.p})"


class RandomOrder:
    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = list(transforms)

    def __call__(self, image):
        for index in numpy_generator().permutation(len(self.transforms)):
            image = self.transforms[int(index)](image)
        return image

    def __repr__(self) -> str:
        return _listing("RandomOrder", self.transforms)
