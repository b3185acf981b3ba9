"""Image transforms with torchvision's semantics (guide 004, 2.1: ToTensor, Normalize, Compose; guide 003: data
augmentation with flips, crops, color jitter and rotations).

Images are NumPy arrays (H, W) or (H, W, C) of uint8 (what the datasets return, in place of PIL images), or float
tensors (C, H, W). Deterministic transforms also offer ``batch(images)``, applying themselves to a whole batch at
once; the datasets use it to skip a Python call per image (see ``vision.datasets``).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..random import numpy_generator
from ..tensor import Tensor


def _as_array(image) -> np.ndarray:
    return image._data if isinstance(image, Tensor) else np.asarray(image)


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


class ToTensor:
    """(H, W[, C]) uint8 in 0..255 -> float32 tensor (C, H, W) in [0, 1] (floats are only moved to (C, H, W))."""

    def __call__(self, image) -> Tensor:
        return Tensor._wrap(self._convert(np.asarray(image)))

    @staticmethod
    def _convert(array: np.ndarray) -> np.ndarray:
        if array.ndim == 2:
            array = array[:, :, None]
        chw = np.ascontiguousarray(array.transpose(2, 0, 1))
        if chw.dtype == np.uint8:
            return chw.astype(np.float32) / np.float32(255)
        return chw.astype(np.float32) if chw.dtype != np.float64 else chw

    def batch(self, images: np.ndarray) -> Tensor:
        if images.ndim == 3:
            images = images[:, :, :, None]
        nchw = np.ascontiguousarray(images.transpose(0, 3, 1, 2))
        if nchw.dtype == np.uint8:
            return Tensor._wrap(nchw.astype(np.float32) / np.float32(255))
        return Tensor._wrap(nchw.astype(np.float32) if nchw.dtype != np.float64 else nchw)

    def __repr__(self) -> str:
        return "ToTensor()"


class Normalize:
    """x_c = (x_c - mean_c) / std_c per channel of a (C, H, W) tensor (guide 004: mean 0.5, std 0.5 -> [-1, 1])."""

    def __init__(self, mean: Sequence[float], std: Sequence[float], inplace: bool = False) -> None:
        self.mean, self.std = tuple(mean), tuple(std)
        if any(s == 0 for s in self.std):
            raise ValueError(f"std evaluated to zero after conversion to float32, leading to division by zero: "
                             f"{self.std}")

    def _apply(self, array: np.ndarray, channel_axis: int) -> np.ndarray:
        shape = [1] * array.ndim
        shape[channel_axis] = -1
        mean = np.asarray(self.mean, dtype=array.dtype).reshape(shape)
        std = np.asarray(self.std, dtype=array.dtype).reshape(shape)
        return (array - mean) / std

    def __call__(self, tensor: Tensor) -> Tensor:
        if not isinstance(tensor, Tensor) or not tensor.dtype.is_floating_point:
            raise TypeError(f"Input tensor should be a float tensor. Got {getattr(tensor, 'dtype', type(tensor))}.")
        return Tensor._wrap(self._apply(tensor._data, 0))

    def batch(self, tensors: Tensor) -> Tensor:
        return Tensor._wrap(self._apply(tensors._data, 1))

    def __repr__(self) -> str:
        return f"Normalize(mean={self.mean}, std={self.std})"


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


def _spatial_axes(image) -> tuple[int, int]:
    """(height axis, width axis): images are (H, W[, C]) arrays (as the datasets give them) or (C, H, W) tensors."""
    return (image.ndim - 2, image.ndim - 1) if isinstance(image, Tensor) else (0, 1)


def _wrap_like(result: np.ndarray, original):
    return Tensor._wrap(np.ascontiguousarray(result)) if isinstance(original, Tensor) else np.ascontiguousarray(result)


class RandomHorizontalFlip:
    """Mirror left-right with probability p."""

    spatial_axis = 1  # of (height, width)

    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def __call__(self, image):
        if numpy_generator().random() >= self.p:
            return image
        array = _as_array(image)
        return _wrap_like(np.flip(array, axis=_spatial_axes(image)[self.spatial_axis]), image)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(p={self.p})"


class RandomCrop:
    """A random ``size`` crop, after ``padding`` (zeros, ``fill``) on every side."""

    def __init__(self, size, padding=None, pad_if_needed: bool = False, fill: float = 0,
                 padding_mode: str = "constant") -> None:
        self.size = (size, size) if isinstance(size, int) else tuple(size)
        self.padding, self.pad_if_needed, self.fill = padding, pad_if_needed, fill
        if padding_mode != "constant":
            raise NotImplementedError("RandomCrop: only padding_mode='constant' is supported")

    def __call__(self, image):
        array = _as_array(image)
        h_axis, w_axis = _spatial_axes(image)
        if self.padding:
            pad = self.padding if isinstance(self.padding, (tuple, list)) else (self.padding,) * 4
            left, top, right, bottom = (pad * 2 if len(pad) == 2 else pad) if len(pad) != 1 else pad * 4
            widths = [(0, 0)] * array.ndim
            widths[h_axis], widths[w_axis] = (top, bottom), (left, right)
            array = np.pad(array, widths, constant_values=self.fill)
        height, width = array.shape[h_axis], array.shape[w_axis]
        crop_h, crop_w = self.size
        if height < crop_h or width < crop_w:
            raise ValueError(f"Required crop size {(crop_h, crop_w)} is larger than input image size {(height, width)}")
        generator = numpy_generator()
        top = int(generator.integers(0, height - crop_h + 1))
        left = int(generator.integers(0, width - crop_w + 1))
        index = [slice(None)] * array.ndim
        index[h_axis], index[w_axis] = slice(top, top + crop_h), slice(left, left + crop_w)
        return _wrap_like(array[tuple(index)], image)

    def __repr__(self) -> str:
        return f"RandomCrop(size={self.size}, padding={self.padding})"


class ColorJitter:
    """Random brightness and contrast, as torchvision's (on tensors): each factor is drawn from [1 - a, 1 + a]
    (or the given (min, max)), the two adjustments applied in random order, each result clipped to [0, 1]
    (0..255 for uint8 images):

        brightness: x * f            contrast: f x + (1 - f) mean(gray(x))
    """

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0) -> None:
        if saturation or hue:
            raise NotImplementedError("ColorJitter: saturation and hue are not supported (grayscale datasets)")
        self.brightness, self.contrast = self._range(brightness, "brightness"), self._range(contrast, "contrast")

    @staticmethod
    def _range(value, name: str):
        if isinstance(value, (tuple, list)):
            low, high = float(value[0]), float(value[1])
        else:
            if value < 0:
                raise ValueError(f"If {name} is a single number, it must be non negative.")
            low, high = max(0.0, 1 - value), 1 + value
        return None if (low, high) == (1.0, 1.0) else (low, high)

    def __call__(self, image):
        array = _as_array(image)
        integer = array.dtype == np.uint8
        channel_axis = 0 if isinstance(image, Tensor) else (2 if array.ndim == 3 else None)
        values = array.astype(np.float32) / (255.0 if integer else 1.0)
        for adjustment in numpy_generator().permutation(2):
            bounds = self.brightness if adjustment == 0 else self.contrast
            if bounds is None:
                continue
            factor = float(numpy_generator().uniform(*bounds))
            if adjustment == 0:
                values = np.clip(values * factor, 0, 1)
            else:
                values = np.clip(factor * values + (1 - factor) * _gray_mean(values, channel_axis), 0, 1)
        result = (values * 255).round().astype(np.uint8) if integer else values.astype(array.dtype)
        return _wrap_like(result, image)

    def __repr__(self) -> str:
        return f"ColorJitter(brightness={self.brightness}, contrast={self.contrast})"


def _gray_mean(values: np.ndarray, channel_axis: int | None) -> np.float32:
    """Mean of the grayscale image: 0.2989 R + 0.587 G + 0.114 B for color, the image itself otherwise."""
    if channel_axis is None or values.shape[channel_axis] == 1:
        return values.mean(dtype=np.float32)
    red, green, blue = np.moveaxis(values, channel_axis, 0)[:3]
    return (0.2989 * red + 0.587 * green + 0.114 * blue).astype(np.float32).mean()


class RandomRotation:
    """Rotate counter-clockwise by an angle drawn uniformly from ``degrees`` (a number d means [-d, d]) about
    ``center`` (pixel (x, y); default the image's center), nearest neighbour, pixels from outside set to ``fill``.

    Every output pixel (x, y) takes the input pixel at the inverse rotation of its position about the center c:

        x_src = cos(a) (x - c_x) - sin(a) (y - c_y) + c_x,    y_src = sin(a) (x - c_x) + cos(a) (y - c_y) + c_y

    rounded to the nearest pixel, computed as torchvision does (see :mod:`.affine`), so that the half-way cases
    round the same way.
    """

    def __init__(self, degrees, interpolation="nearest", expand: bool = False, center=None, fill: float = 0) -> None:
        if isinstance(degrees, (int, float)):
            if degrees < 0:
                raise ValueError("If degrees is a single number, it must be positive.")
            self.degrees = (float(-degrees), float(degrees))
        elif len(degrees) == 2:
            self.degrees = (float(degrees[0]), float(degrees[1]))
        else:
            raise ValueError(f"If degrees is a sequence, it must be of len 2, got {len(degrees)}.")
        if str(getattr(interpolation, "value", interpolation)).lower() != "nearest" or expand:
            raise NotImplementedError("RandomRotation: only interpolation='nearest' and expand=False are supported")
        if center is not None and len(center) != 2:
            raise ValueError(f"center should be a sequence of length 2, got {center}")
        self.center, self.fill = center, fill

    def __call__(self, image):
        from .affine import affine

        angle = float(numpy_generator().uniform(*self.degrees))
        return affine(image, -angle, (0, 0), 1.0, (0.0, 0.0), self.fill, self.center)  # affine turns clockwise

    def __repr__(self) -> str:
        return f"RandomRotation(degrees={list(self.degrees)}, interpolation=nearest, expand=False, fill={self.fill})"


from .geometry import (CenterCrop, Grayscale, Pad, RandomErasing, RandomResizedCrop,  # noqa: E402,F401
                       RandomVerticalFlip, Resize)
from .random_composition import RandomApply, RandomChoice, RandomGrayscale, RandomOrder  # noqa: E402,F401
from .affine import RandomAffine  # noqa: E402,F401
