"""More of ``torch.nn.functional``, composed from differentiable operations (so their gradients come from the
chain rule through those operations): more ReLU variants (guide 003, 2.2), layer normalisation, vector
normalisation, padding and channel dropout.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..autograd import Function
from ..ops import dropout as _dropout
from ..ops import normalization
from ..ops.activation import elu, sigmoid, tanh
from ..ops.elementwise import where
from ..ops.shape import Index
from ..ops.unary_math import log1p
from ..random import numpy_generator
from ..tensor import Tensor

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    """y = min(max(x, min_val), max_val)."""
    if min_val > max_val:
        raise ValueError(f"max_val ({max_val}) must be greater than min_val ({min_val})")
    return input.clamp(min_val, max_val)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """y = min(max(0, x), 6)."""
    return hardtanh(input, 0.0, 6.0)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """SiLU (swish): y = x sigmoid(x)."""
    return input * sigmoid(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """y = ln(1 + e^{beta x}) / beta, and y = x where beta x > threshold (where the two agree to float precision)."""
    scaled = input * beta
    linear = scaled > threshold
    safe = where(linear, 0.0, scaled)  # keeps e^{beta x} finite in the branch that is not taken
    return where(linear, input, log1p(safe.exp()) / beta)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """y = scale * (x if x > 0 else alpha (e^x - 1)), with the constants that keep activations normalised."""
    return elu(input, SELU_ALPHA) * SELU_SCALE


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """y = x tanh(softplus(x))."""
    return input * tanh(softplus(input))


def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """y = (x - mean) / sqrt(var + eps) * weight + bias, mean and (biased) var over the last
    len(normalized_shape) dimensions of each sample."""
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(normalized_shape):]) != normalized_shape:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size "
                           f"{list(input.shape)}")
    for name, parameter in (("weight", weight), ("bias", bias)):
        if parameter is not None and tuple(parameter.shape) != normalized_shape:
            raise RuntimeError(f"layer_norm: {name} of shape {list(parameter.shape)}, expected "
                               f"{list(normalized_shape)} (normalized_shape)")
    axes = tuple(range(input.ndim - len(normalized_shape), input.ndim))
    return normalization.LayerNorm.apply(input, weight, bias, axes=axes, eps=eps)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """y = x / max(||x||_p, eps) along ``dim``."""
    return input / input.norm(p=p, dim=dim, keepdim=True).clamp_min(eps)


_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


class ConstantPad(Function):
    """y = x surrounded by ``value`` (negative widths crop);  dJ/dx = the part of g where x sits."""

    @staticmethod
    def forward(ctx, x, widths, value):
        grown = np.pad(x, [(max(0, a), max(0, b)) for a, b in widths], constant_values=value)
        crop = tuple(slice(-min(0, a), grown.shape[d] + min(0, b)) for d, (a, b) in enumerate(widths))
        ctx.widths = widths
        return np.ascontiguousarray(grown[crop])

    @staticmethod
    def backward(ctx, g):
        restored = np.pad(g, [(max(0, -a), max(0, -b)) for a, b in ctx.widths])
        inner = tuple(slice(max(0, a), restored.shape[d] - max(0, b)) for d, (a, b) in enumerate(ctx.widths))
        return restored[inner]


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad the last len(pad) // 2 dimensions: ``pad`` = (left, right) of the last dim, then of the one before...
    Modes: "constant" (``value``, 0 by default), "reflect", "replicate", "circular"."""
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise RuntimeError(f"Padding length must be divisible by 2, and at most twice the number of dimensions of "
                           f"the input: got {len(pad)} for an input of {input.ndim} dimensions")
    widths = [(0, 0)] * input.ndim
    for k in range(len(pad) // 2):
        widths[input.ndim - 1 - k] = (pad[2 * k], pad[2 * k + 1])
    if mode == "constant":
        return ConstantPad.apply(input, widths=widths, value=0.0 if value is None else value)
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unsupported padding mode: {mode}; expected constant, reflect, replicate or "
                                  "circular")
    for axis, (left, right) in enumerate(widths):
        if left or right:
            size = input.shape[axis]
            if mode == "reflect" and (left >= size or right >= size):
                raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input "
                                   f"dimension, but got: padding ({left}, {right}) at dimension {axis} of input "
                                   f"{list(input.shape)}")
            if mode == "circular" and (left > size or right > size):
                raise RuntimeError("Padding value causes wrapping around more than once.")
            positions = np.pad(np.arange(size), (left, right), mode=_PAD_MODES[mode])
            input = Index.apply(input, index=(slice(None),) * axis + (positions,), advanced=True)
    return input


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero whole channels (all of x[n, c]) with probability ``p`` while training, scaling the rest by 1/(1-p)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if input.ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {input.ndim}-D input to dropout2d, which is deprecated and will result "
                      "in an error in a future release.", UserWarning, stacklevel=2)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", UserWarning, stacklevel=2)
    kept_shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    keep = numpy_generator().random(kept_shape) >= p
    return _dropout.Dropout.apply(input, np.broadcast_to(keep, input.shape), p)


__all__ = ["hardtanh", "relu6", "silu", "softplus", "selu", "mish", "layer_norm", "normalize", "pad", "dropout2d",
           "embedding", "group_norm", "interpolate"]


class EmbeddingLookup(Function):
    """y[..., :] = W[index[...], :];  dJ/dW[i] = the sum of g over the positions that looked up row i (0 for
    ``padding_idx``; divided by how often i appears in the batch with ``scale_grad_by_freq``)."""

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.indices, ctx.rows = indices, weight.shape[0]
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        return weight[indices]

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros((ctx.rows, g.shape[-1]), dtype=g.dtype)
        flat_indices, flat_g = ctx.indices.reshape(-1), g.reshape(-1, g.shape[-1])
        if ctx.scale_grad_by_freq:
            counts = np.bincount(flat_indices, minlength=ctx.rows)
            flat_g = flat_g / counts[flat_indices][:, None].astype(g.dtype)
        np.add.at(grad, flat_indices, flat_g)
        if ctx.padding_idx is not None:
            grad[ctx.padding_idx] = 0
        return grad


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None, max_norm: float | None = None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Rows of ``weight`` (num_embeddings, dim) picked by the integer tensor ``input``: shape input.shape + (dim,).
    With ``max_norm``, the picked rows whose norm exceeds it are first rescaled in place to that norm."""
    indices = input._data if isinstance(input, Tensor) else np.asarray(input)
    if indices.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {getattr(input, 'dtype', indices.dtype)} instead")
    rows = weight.shape[0]
    if indices.size and (indices.min() < 0 or indices.max() >= rows):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += rows
    if max_norm is not None:
        used = np.unique(indices)
        norms = np.linalg.norm(weight._data[used], ord=norm_type, axis=1)
        scale = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(weight._data.dtype)
        weight._data[used] *= scale[:, None]
    return EmbeddingLookup.apply(weight, indices, padding_idx, scale_grad_by_freq)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """Normalise each sample's channels in ``num_groups`` groups (mean and biased variance over the group's channels
    and positions), then scale and shift per channel: the LayerNorm of (N, G, C/G * positions)."""
    channels = input.shape[1]
    if channels % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    if input.shape[0] * channels // num_groups * int(np.prod(input.shape[2:])) == 1:
        sizes = [input.shape[0] * channels // num_groups, num_groups, *input.shape[2:]]
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {sizes}")
    grouped = input.reshape(input.shape[0], num_groups, -1)
    normalized = normalization.LayerNorm.apply(grouped, None, None, axes=(2,), eps=eps).reshape(*input.shape)
    channel_shape = (1, channels) + (1,) * (input.ndim - 2)
    if weight is not None:
        normalized = normalized * weight.reshape(*channel_shape)
    if bias is not None:
        normalized = normalized + bias.reshape(*channel_shape)
    return normalized


class Resample(Function):
    """Y = A_1 X A_2^T over the last two dimensions (or y = x A^T over the last one), A_k the resampling matrices of
    :mod:`minitorch_es.kernels.interpolate`;  dJ/dX = A_1^T G A_2 (dJ/dx = g A)."""

    @staticmethod
    def forward(ctx, x, matrices):
        ctx.matrices = [m.astype(x.dtype) for m in matrices]
        if len(matrices) == 1:
            return x @ ctx.matrices[0].T
        return ctx.matrices[0] @ x @ ctx.matrices[1].T

    @staticmethod
    def backward(ctx, g):
        if len(ctx.matrices) == 1:
            return g @ ctx.matrices[0]
        return ctx.matrices[0].T @ g @ ctx.matrices[1]


_INTERPOLATION_DIMS = {"nearest": (1, 2), "nearest-exact": (1, 2), "linear": (1,), "bilinear": (2,)}


def interpolate(input: Tensor, size=None, scale_factor=None, mode: str = "nearest", align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None, antialias: bool = False) -> Tensor:
    """Resample the spatial dimensions of (N, C, L) or (N, C, H, W) to ``size`` or by ``scale_factor``
    (modes nearest, nearest-exact, linear, bilinear; ``align_corners`` and ``antialias`` as PyTorch)."""
    from ..kernels.interpolate import interpolation_matrix, output_size

    if mode not in _INTERPOLATION_DIMS:
        raise NotImplementedError(f"interpolate: mode {mode!r} is not supported (nearest, nearest-exact, linear, "
                                  "bilinear)")
    dims = input.ndim - 2
    if dims not in _INTERPOLATION_DIMS[mode]:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs "
                                  f"{' or '.join(str(d + 2) for d in _INTERPOLATION_DIMS[mode])}D input")
    if align_corners is not None and mode.startswith("nearest"):
        raise ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | "
                         "bicubic | trilinear")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    sizes = list(size) if isinstance(size, (tuple, list)) else [size] * dims
    factors = list(scale_factor) if isinstance(scale_factor, (tuple, list)) else [scale_factor] * dims
    matrices = []
    for axis in range(dims):
        in_size = input.shape[2 + axis]
        out = output_size(in_size, sizes[axis], factors[axis])
        given_scale = factors[axis] is not None and not recompute_scale_factor
        scale = 1.0 / factors[axis] if given_scale else None
        kind = mode if mode.startswith("nearest") else "linear"
        matrices.append(interpolation_matrix(in_size, out, kind, bool(align_corners), scale, antialias))
    return Resample.apply(input, matrices)
