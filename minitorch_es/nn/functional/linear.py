"""The fully connected layer (guide 003, 2.4; guide 004): ``F.linear`` with PyTorch's checks, applying
:class:`~minitorch_es.ops.linalg.Linear` (y = x W^T + b)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ops import linalg
from ...ops.broadcasting import broadcast_shapes

if TYPE_CHECKING:
    from ...tensor import Tensor


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """The fully connected layer (guide 004) of x of shape (*, in_features) and W of shape (out_features,
    in_features), computed by :class:`~minitorch_es.ops.linalg.Linear`."""
    if input.ndim == 0 or weight.ndim != 2 or input.shape[-1] != weight.shape[1]:
        rows = input.numel() // input.shape[-1] if input.ndim else 1
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{input.shape[-1] if input.ndim else 1} "
                           f"and {weight.shape[1] if weight.ndim == 2 else '?'}x{weight.shape[0]})")
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {input.dtype.name} and "
                           f"{weight.dtype.name}")
    if bias is not None:
        out_shape = (*input.shape[:-1], weight.shape[0])
        try:
            fits = broadcast_shapes(tuple(bias.shape), out_shape) == out_shape
        except RuntimeError:
            fits = False
        if not fits:
            raise RuntimeError(f"linear: bias of size {list(bias.shape)} does not broadcast to the output size "
                               f"{list(out_shape)}; expected a bias of {weight.shape[0]} elements")
        if tuple(bias.shape) != (weight.shape[0],):
            return linalg.Linear.apply(input, weight, None, node_label=_node_name(input, None)) + bias
    return linalg.Linear.apply(input, weight, bias, node_label=_node_name(input, bias))


def _node_name(input: Tensor, bias) -> str:
    """PyTorch's node of a linear layer: one matrix product (with the bias added: addmm) of a batch of vectors, a
    view of that product for more dimensions."""
    if input.ndim == 2:
        return "MmBackward0" if bias is None else "AddmmBackward0"
    return "UnsafeViewBackward0" if bias is None else "ViewBackward0"
