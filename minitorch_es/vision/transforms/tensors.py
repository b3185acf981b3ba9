"""From images to normalised tensors (guide 004, 2.1): ToTensor, Normalize. Both offer ``batch(images)``, applying
themselves to a whole batch at once; the datasets use it to skip a Python call per image (see ``vision.datasets``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...tensor import Tensor

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
