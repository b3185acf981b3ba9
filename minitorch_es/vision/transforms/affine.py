"""Affine image transforms (guide 003, 7.1: robustness to rotation, shift, zoom and shear): RandomAffine and
RandomRotation, which share the sampling below.

Output pixel (x, y) reads the input pixel at the inverse of the transform. torchvision composes the forward map
as translate(t + c) . rotate(a) . shear(s) . scale(k) . translate(-c) about the center c; its inverse is

    [x_src, y_src] = M [x - c_x - t_x, y - c_y - t_y] + c,    M = (R S)^-1 / k

with R the rotation by a (clockwise for affine, as torchvision's angle) and S the shear. The positions are computed
as torchvision does: on the grid of pixel centers normalised to [-1, 1], in float32 (float64 for float64 images),
then rounded to the nearest pixel (half to even, as grid_sample), so that images agree pixel for pixel; pixels
from outside the image are set to ``fill``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ...random import numpy_generator
from .images import as_array, spatial_axes, wrap_like


def inverse_affine_matrix(center, angle: float, translate, scale: float, shear) -> list[float]:
    """The 2x3 matrix [m0 m1 m2; m3 m4 m5] that maps an output position to the input position it reads."""
    rotation, shear_x, shear_y = math.radians(angle), math.radians(shear[0]), math.radians(shear[1])
    (center_x, center_y), (shift_x, shift_y) = center, translate
    a = math.cos(rotation - shear_y) / math.cos(shear_y)
    b = -math.cos(rotation - shear_y) * math.tan(shear_x) / math.cos(shear_y) - math.sin(rotation)
    c = math.sin(rotation - shear_y) / math.cos(shear_y)
    d = -math.sin(rotation - shear_y) * math.tan(shear_x) / math.cos(shear_y) + math.cos(rotation)
    m = [value / scale for value in (d, -b, 0.0, -c, a, 0.0)]
    m[2] += m[0] * (-center_x - shift_x) + m[1] * (-center_y - shift_y) + center_x
    m[5] += m[3] * (-center_x - shift_x) + m[4] * (-center_y - shift_y) + center_y
    return m


def source_pixels(height: int, width: int, matrix, dtype) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of the input pixel each output pixel reads (may lie outside the image); ``matrix`` acts on
    positions relative to the image's center."""
    x = np.linspace(-width * 0.5 + 0.5, width * 0.5 - 0.5, width, dtype=dtype)[None, :]
    y = np.linspace(-height * 0.5 + 0.5, height * 0.5 - 0.5, height, dtype=dtype)[:, None]
    half_w, half_h = dtype(0.5 * width), dtype(0.5 * height)
    m = [dtype(value) for value in matrix]
    grid_x = x * (m[0] / half_w) + y * (m[1] / half_w) + m[2] / half_w
    grid_y = x * (m[3] / half_h) + y * (m[4] / half_h) + m[5] / half_h
    columns = np.rint(((grid_x + 1) * width - 1) / 2).astype(np.int64)
    rows = np.rint(((grid_y + 1) * height - 1) / 2).astype(np.int64)
    return rows, columns


def warp_nearest(image, matrix_for, fill):
    """The image (a (..., H, W) tensor or an (H, W[, C]) array) resampled through ``matrix_for(height, width)``."""

    array = as_array(image)
    h_axis, w_axis = spatial_axes(image)
    height, width = array.shape[h_axis], array.shape[w_axis]
    grid_dtype = np.float64 if array.dtype == np.float64 else np.float32
    rows, columns = source_pixels(height, width, matrix_for(height, width), grid_dtype)
    inside = (columns >= 0) & (columns < width) & (rows >= 0) & (rows < height)
    moved = np.moveaxis(array, (h_axis, w_axis), (0, 1))
    if moved.dtype.kind in "iu":  # torchvision fills in float and rounds back to the integer type
        fill = np.round(fill)
    result = np.full_like(moved, fill)
    result[inside] = moved[rows[inside], columns[inside]]
    return wrap_like(np.moveaxis(result, (0, 1), (h_axis, w_axis)), image)


def affine(image, angle: float, translate, scale: float, shear, fill: float = 0, center=None):
    """torchvision.transforms.functional.affine with nearest interpolation: rotate by ``angle`` degrees clockwise,
    shift by ``translate`` pixels, zoom by ``scale`` and shear by ``shear`` degrees (a number: along x; a pair:
    along x and y; a one-element sequence: both), about
    ``center`` (default the image's center)."""
    shear = (float(shear), 0.0) if isinstance(shear, numbers.Number) else tuple(float(s) for s in shear)
    if len(shear) == 1:  # as torchvision: one value in a sequence shears both ways
        shear = (shear[0], shear[0])

    def matrix_for(height, width):
        centered = (0.0, 0.0) if center is None else (center[0] - width * 0.5, center[1] - height * 0.5)
        return inverse_affine_matrix(centered, angle, [float(t) for t in translate], scale, shear)

    return warp_nearest(image, matrix_for, fill)


def _range(value, name: str, length=(2,)) -> list[float]:
    if isinstance(value, numbers.Number):
        if value < 0:
            raise ValueError(f"If {name} is a single number, it must be positive.")
        return [float(-value), float(value)]
    if len(value) not in length:
        raise ValueError(f"{name} should be a sequence of length {' or '.join(map(str, length))}.")
    return [float(v) for v in value]


class RandomAffine:
    """An affine map drawn per image: angle uniform in ``degrees``, shifts up to ``translate`` times the width and
    height (rounded to whole pixels), zoom uniform in ``scale``, shear uniform in ``shear`` (x; or x then y)."""

    def __init__(self, degrees, translate=None, scale=None, shear=None, interpolation="nearest", fill=0,
                 center=None) -> None:
        self.degrees = _range(degrees, "degrees")
        if translate is not None:
            if len(translate) != 2:
                raise ValueError("translate should be a sequence of length 2.")
            if any(not 0.0 <= t <= 1.0 for t in translate):
                raise ValueError("translation values should be between 0 and 1")
        if scale is not None:
            if len(scale) != 2:
                raise ValueError("scale should be a sequence of length 2.")
            if any(s <= 0 for s in scale):
                raise ValueError("scale values should be positive")
        self.shear = None if shear is None else _range(shear, "shear", (2, 4))
        if str(getattr(interpolation, "value", interpolation)).lower() != "nearest":
            raise NotImplementedError("RandomAffine: only interpolation='nearest' is supported")
        if center is not None and len(center) != 2:
            raise ValueError("center should be a sequence of length 2.")
        self.translate, self.scale, self.fill, self.center = translate, scale, fill, center

    def get_params(self, width: int, height: int) -> tuple:
        rng = numpy_generator()
        angle = float(rng.uniform(*self.degrees))
        shift = (0, 0)
        if self.translate is not None:
            max_dx, max_dy = self.translate[0] * width, self.translate[1] * height
            shift = (int(round(rng.uniform(-max_dx, max_dx))), int(round(rng.uniform(-max_dy, max_dy))))
        zoom = 1.0 if self.scale is None else float(rng.uniform(*self.scale))
        shear = (0.0, 0.0)
        if self.shear is not None:
            shear = (float(rng.uniform(*self.shear[:2])),
                     float(rng.uniform(*self.shear[2:])) if len(self.shear) == 4 else 0.0)
        return angle, shift, zoom, shear

    def __call__(self, image):

        h_axis, w_axis = spatial_axes(image)
        shape = as_array(image).shape
        angle, shift, zoom, shear = self.get_params(shape[w_axis], shape[h_axis])
        return affine(image, angle, shift, zoom, shear, self.fill, self.center)

    def __repr__(self) -> str:
        parts = [f"degrees={self.degrees}"]
        parts += [f"translate={self.translate}"] if self.translate is not None else []
        parts += [f"scale={self.scale}"] if self.scale is not None else []
        parts += [f"shear={self.shear}"] if self.shear is not None else []
        parts += [f"fill={self.fill}"] if self.fill != 0 else []
        parts += [f"center={self.center}"] if self.center is not None else []
        return f"RandomAffine({', '.join(parts)})"


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
        angle = float(numpy_generator().uniform(*self.degrees))
        return affine(image, -angle, (0, 0), 1.0, (0.0, 0.0), self.fill, self.center)  # affine turns clockwise

    def __repr__(self) -> str:
        return f"RandomRotation(degrees={list(self.degrees)}, interpolation=nearest, expand=False, fill={self.fill})"
