"""Colour: ColorJitter (guide 003: brightness, contrast, saturation, hue at random), Grayscale and RandomGrayscale,
with torchvision's formulas."""

from __future__ import annotations

import numpy as np

from ...random import numpy_generator
from ...tensor import Tensor
from .images import as_array, wrap_like

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
        array = as_array(image)
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
        return wrap_like(result, image)

    def __repr__(self) -> str:
        return f"ColorJitter(brightness={self.brightness}, contrast={self.contrast})"


def _gray_mean(values: np.ndarray, channel_axis: int | None) -> np.float32:
    """Mean of the grayscale image: 0.2989 R + 0.587 G + 0.114 B for color, the image itself otherwise."""
    if channel_axis is None or values.shape[channel_axis] == 1:
        return values.mean(dtype=np.float32)
    red, green, blue = np.moveaxis(values, channel_axis, 0)[:3]
    return (0.2989 * red + 0.587 * green + 0.114 * blue).astype(np.float32).mean()


class Grayscale:
    """RGB to gray, L = 0.299 R + 0.587 G + 0.114 B (tensors: torchvision's 0.2989 R + 0.587 G + 0.114 B; uint8
    arrays: PIL's fixed-point rounding), repeated ``num_output_channels`` (1 or 3) times."""

    def __init__(self, num_output_channels: int = 1) -> None:
        if num_output_channels not in (1, 3):
            raise ValueError("num_output_channels should be either 1 or 3")
        self.num_output_channels = num_output_channels

    def __call__(self, image):
        array = as_array(image)
        if isinstance(image, Tensor):
            channels = array.shape[-3]
            gray = array if channels == 1 else (0.2989 * array[..., 0:1, :, :] + 0.587 * array[..., 1:2, :, :]
                                                + 0.114 * array[..., 2:3, :, :]).astype(array.dtype)
            return Tensor._wrap(np.ascontiguousarray(np.repeat(gray, self.num_output_channels, axis=-3)))
        if array.ndim == 2:
            gray = array
        else:
            pixels = array.astype(np.uint32)
            gray = ((pixels[..., 0] * 19595 + pixels[..., 1] * 38470 + pixels[..., 2] * 7471 + 0x8000) >> 16
                    ).astype(np.uint8)
        return gray if self.num_output_channels == 1 else np.repeat(gray[..., None], 3, axis=-1)

    def __repr__(self) -> str:
        return f"Grayscale(num_output_channels={self.num_output_channels})"


class RandomGrayscale:
    def __init__(self, p: float = 0.1) -> None:
        self.p = p

    def __call__(self, image):
        if numpy_generator().random() >= self.p:
            return image
        if isinstance(image, Tensor):
            channels = image.shape[-3]
        else:
            channels = 1 if np.asarray(image).ndim == 2 else 3
        return Grayscale(num_output_channels=channels)(image)

    def __repr__(self) -> str:
        return f"RandomGrayscale(p={self.p})"
