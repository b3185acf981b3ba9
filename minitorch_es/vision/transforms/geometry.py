"""Transforms that change an image's size or cover part of it (guide 003, 7.1: RandomResizedCrop and friends):
Resize, CenterCrop, Pad, RandomCrop, RandomResizedCrop, RandomHorizontalFlip, RandomVerticalFlip, RandomErasing,
with torchvision's semantics (guide 003: data augmentation with flips and crops).

Resizing is bilinear with antialiasing (torchvision's default): linear interpolation when enlarging, a triangle
filter as wide as the scale when shrinking (:mod:`minitorch_es.kernels.interpolate`). Applied to rows and columns
separately, it is two matrix products: W_rows @ image @ W_cols^T.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np

from ...kernels.interpolate import interpolation_matrix
from ...random import numpy_generator
from ...tensor import Tensor
from .images import as_array, spatial_axes, wrap_like


def _interpolation_name(interpolation) -> str:
    name = str(getattr(interpolation, "value", interpolation)).lower()
    if name not in ("bilinear", "nearest"):
        raise NotImplementedError(f"interpolation={interpolation!r}: only 'bilinear' and 'nearest' are supported")
    return name


def resize_weights(in_size: int, out_size: int, interpolation: str = "bilinear",
                   antialias: bool = True) -> np.ndarray:
    """The (out_size, in_size) matrix taking one dimension of an image to its new size."""
    mode = "nearest" if interpolation == "nearest" else "linear"
    return interpolation_matrix(in_size, out_size, mode, antialias=antialias)


def resize_array(array: np.ndarray, h_axis: int, w_axis: int, size: tuple[int, int], interpolation: str,
                 antialias: bool) -> np.ndarray:
    rows = resize_weights(array.shape[h_axis], size[0], interpolation, antialias)
    columns = resize_weights(array.shape[w_axis], size[1], interpolation, antialias)
    moved = np.moveaxis(array.astype(np.float64), (h_axis, w_axis), (-2, -1))
    result = np.moveaxis(rows @ moved @ columns.T, (-2, -1), (h_axis, w_axis))
    if array.dtype == np.uint8:
        return np.clip(np.round(result), 0, 255).astype(np.uint8)
    return result.astype(array.dtype)


def _target_size(height: int, width: int, size, max_size: int | None) -> tuple[int, int]:
    """``size`` (h, w), or one number: the shorter edge becomes it, keeping the aspect ratio (as torchvision)."""
    if isinstance(size, (tuple, list)) and len(size) == 2:
        return int(size[0]), int(size[1])
    requested = int(size[0] if isinstance(size, (tuple, list)) else size)
    short, long = (height, width) if height <= width else (width, height)
    new_short, new_long = requested, int(requested * long / short)
    if max_size is not None:
        if max_size <= requested:
            raise ValueError(f"max_size = {max_size} must be strictly greater than the requested size for the "
                             f"smaller edge size = {size}")
        if new_long > max_size:
            new_short, new_long = int(max_size * new_short / new_long), max_size
    return (new_short, new_long) if height <= width else (new_long, new_short)


class Resize:
    """Resize to ``size`` (h, w), or make the shorter edge ``size`` keeping the aspect ratio."""

    def __init__(self, size, interpolation="bilinear", max_size: int | None = None, antialias: bool = True) -> None:
        self.size, self.max_size, self.antialias = size, max_size, antialias
        self.interpolation = _interpolation_name(interpolation)

    def __call__(self, image):
        array = as_array(image)
        h_axis, w_axis = spatial_axes(image)
        size = _target_size(array.shape[h_axis], array.shape[w_axis], self.size, self.max_size)
        return wrap_like(resize_array(array, h_axis, w_axis, size, self.interpolation, self.antialias), image)

    def __repr__(self) -> str:
        return (f"Resize(size={self.size}, interpolation={self.interpolation}, max_size={self.max_size}, "
                f"antialias={self.antialias})")


def _pair(size) -> tuple[int, int]:
    if isinstance(size, (tuple, list)):
        return (int(size[0]), int(size[0])) if len(size) == 1 else (int(size[0]), int(size[1]))
    return int(size), int(size)


def _crop(array: np.ndarray, h_axis: int, w_axis: int, top: int, left: int, height: int, width: int) -> np.ndarray:
    key = [slice(None)] * array.ndim
    key[h_axis], key[w_axis] = slice(top, top + height), slice(left, left + width)
    return array[tuple(key)]


def _pad(array: np.ndarray, h_axis: int, w_axis: int, left: int, top: int, right: int, bottom: int,
         fill=0, mode: str = "constant") -> np.ndarray:
    widths = [(0, 0)] * array.ndim
    widths[h_axis], widths[w_axis] = (top, bottom), (left, right)
    if mode == "constant":
        return np.pad(array, widths, mode="constant", constant_values=fill)
    return np.pad(array, widths, mode=mode)


class CenterCrop:
    """The central ``size`` (h, w) region (zero-padded first when the image is smaller)."""

    def __init__(self, size) -> None:
        self.size = _pair(size)

    def __call__(self, image):
        array = as_array(image)
        h_axis, w_axis = spatial_axes(image)
        (crop_h, crop_w), height, width = self.size, array.shape[h_axis], array.shape[w_axis]
        if crop_h > height or crop_w > width:
            array = _pad(array, h_axis, w_axis, (crop_w - width) // 2 if crop_w > width else 0,
                         (crop_h - height) // 2 if crop_h > height else 0,
                         (crop_w - width + 1) // 2 if crop_w > width else 0,
                         (crop_h - height + 1) // 2 if crop_h > height else 0)
            height, width = array.shape[h_axis], array.shape[w_axis]
        top, left = int(round((height - crop_h) / 2.0)), int(round((width - crop_w) / 2.0))
        return wrap_like(_crop(array, h_axis, w_axis, top, left, crop_h, crop_w), image)

    def __repr__(self) -> str:
        return f"CenterCrop(size={self.size})"


class Pad:
    """Pad every side: ``padding`` is one number, (left/right, top/bottom) or (left, top, right, bottom); modes
    "constant" (``fill``), "edge", "reflect", "symmetric"."""

    def __init__(self, padding, fill=0, padding_mode: str = "constant") -> None:
        if padding_mode not in ("constant", "edge", "reflect", "symmetric"):
            raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
        padding = [padding] if isinstance(padding, int) else list(padding)
        if len(padding) not in (1, 2, 4):
            raise ValueError(f"Padding must be an int or a 1, 2, or 4 element tuple, not a {len(padding)} element "
                             "tuple")
        self.padding, self.fill, self.padding_mode = padding, fill, padding_mode
        self._sides = padding * 4 if len(padding) == 1 else (padding * 2 if len(padding) == 2 else padding)

    def __call__(self, image):
        array = as_array(image)
        h_axis, w_axis = spatial_axes(image)
        left, top, right, bottom = self._sides
        return wrap_like(_pad(array, h_axis, w_axis, left, top, right, bottom, self.fill, self.padding_mode), image)

    def __repr__(self) -> str:
        return f"Pad(padding={self.padding}, fill={self.fill}, padding_mode={self.padding_mode})"


class RandomResizedCrop:
    """A random crop covering a fraction in ``scale`` of the image's area with an aspect ratio in ``ratio`` (drawn
    log-uniformly), resized to ``size``; after 10 failed draws, the central crop with the ratio clamped."""

    def __init__(self, size, scale: Sequence[float] = (0.08, 1.0), ratio: Sequence[float] = (3.0 / 4.0, 4.0 / 3.0),
                 interpolation="bilinear", antialias: bool = True) -> None:
        self.size, self.scale, self.ratio = _pair(size), tuple(scale), tuple(ratio)
        self.interpolation, self.antialias = _interpolation_name(interpolation), antialias

    def get_params(self, height: int, width: int) -> tuple[int, int, int, int]:
        """(top, left, height, width) of the crop."""
        rng, area = numpy_generator(), height * width
        log_ratio = (math.log(self.ratio[0]), math.log(self.ratio[1]))
        for _ in range(10):
            target_area = area * rng.uniform(self.scale[0], self.scale[1])
            aspect = math.exp(rng.uniform(*log_ratio))
            w, h = int(round(math.sqrt(target_area * aspect))), int(round(math.sqrt(target_area / aspect)))
            if 0 < w <= width and 0 < h <= height:
                return int(rng.integers(0, height - h + 1)), int(rng.integers(0, width - w + 1)), h, w
        in_ratio = width / height
        if in_ratio < min(self.ratio):
            w, h = width, int(round(width / min(self.ratio)))
        elif in_ratio > max(self.ratio):
            h, w = height, int(round(height * max(self.ratio)))
        else:
            w, h = width, height
        return (height - h) // 2, (width - w) // 2, h, w

    def __call__(self, image):
        array = as_array(image)
        h_axis, w_axis = spatial_axes(image)
        top, left, h, w = self.get_params(array.shape[h_axis], array.shape[w_axis])
        crop = _crop(array, h_axis, w_axis, top, left, h, w)
        return wrap_like(resize_array(crop, h_axis, w_axis, self.size, self.interpolation, self.antialias), image)

    def __repr__(self) -> str:
        return (f"RandomResizedCrop(size={self.size}, scale={self.scale}, ratio={self.ratio}, "
                f"interpolation={self.interpolation}, antialias={self.antialias})")


class RandomHorizontalFlip:
    """Mirror left-right with probability p."""

    spatial_axis = 1  # of (height, width)

    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def __call__(self, image):
        if numpy_generator().random() >= self.p:
            return image
        array = as_array(image)
        return wrap_like(np.flip(array, axis=spatial_axes(image)[self.spatial_axis]), image)

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
        array = as_array(image)
        h_axis, w_axis = spatial_axes(image)
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
        return wrap_like(array[tuple(index)], image)

    def __repr__(self) -> str:
        return f"RandomCrop(size={self.size}, padding={self.padding})"


class RandomVerticalFlip(RandomHorizontalFlip):
    """Mirror top-bottom with probability p."""

    spatial_axis = 0


class RandomErasing:
    """With probability p, overwrite a random rectangle of a (C, H, W) tensor (area fraction in ``scale``, aspect
    ratio log-uniform in ``ratio``) with ``value``: a number, one per channel, or "random" (normal noise)."""

    def __init__(self, p: float = 0.5, scale: Sequence[float] = (0.02, 0.33), ratio: Sequence[float] = (0.3, 3.3),
                 value=0, inplace: bool = False) -> None:
        if not 0 <= p <= 1:
            raise ValueError("Random erasing probability should be between 0 and 1")
        if scale[0] > scale[1] or ratio[0] > ratio[1]:
            warnings.warn("Scale and ratio should be of kind (min, max)", UserWarning, stacklevel=2)
        if scale[0] < 0 or scale[1] > 1:
            raise ValueError("Scale should be between 0 and 1")
        self.p, self.scale, self.ratio, self.value, self.inplace = p, tuple(scale), tuple(ratio), value, inplace

    def __call__(self, image):
        if not isinstance(image, Tensor):
            raise TypeError(f"img should be a Tensor. Got {type(image).__name__}")
        rng = numpy_generator()
        if rng.random() >= self.p:
            return image
        array = image._data if self.inplace else image._data.copy()
        channels, height, width = array.shape[-3:]
        area, log_ratio = height * width, (math.log(self.ratio[0]), math.log(self.ratio[1]))
        for _ in range(10):
            erase_area = area * rng.uniform(self.scale[0], self.scale[1])
            aspect = math.exp(rng.uniform(*log_ratio))
            h, w = int(round(math.sqrt(erase_area * aspect))), int(round(math.sqrt(erase_area / aspect)))
            if not (h < height and w < width):
                continue
            top, left = int(rng.integers(0, height - h + 1)), int(rng.integers(0, width - w + 1))
            if self.value == "random":
                fill = rng.standard_normal((channels, h, w)).astype(array.dtype)
            else:
                fill = np.asarray(self.value, dtype=array.dtype).reshape(-1, 1, 1)
            array[..., top:top + h, left:left + w] = fill
            break
        return image if self.inplace else Tensor._wrap(array)

    def __repr__(self) -> str:
        return f"RandomErasing(p={self.p}, scale={self.scale}, ratio={self.ratio}, value={self.value})"
