"""The weight bridge: copy a model's parameters and buffers (and an optimizer's state) between a minitorch_es model
and its PyTorch twin, through their state_dicts (the same key names), in either direction.

Mismatched keys or shapes are an error listing every one of them, before anything is copied.
"""

from __future__ import annotations

import numpy as np
import torch

import minitorch_es


def _as_numpy(value) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value.detach().numpy() if hasattr(value, "detach") else value)


def _check_compatible(source: dict, target: dict, direction: str) -> None:
    missing = [key for key in target if key not in source]
    unexpected = [key for key in source if key not in target]
    shapes = [f"{key}: {tuple(source[key].shape)} -> {tuple(target[key].shape)}" for key in source
              if key in target and tuple(source[key].shape) != tuple(target[key].shape)]
    if missing or unexpected or shapes:
        problems = []
        if missing:
            problems.append(f"missing in the source: {missing}")
        if unexpected:
            problems.append(f"not in the target: {unexpected}")
        if shapes:
            problems.append(f"shape mismatches: {shapes}")
        raise RuntimeError(f"cannot copy weights {direction}: " + "; ".join(problems))


def to_torch(model: minitorch_es.nn.Module, torch_model: torch.nn.Module) -> torch.nn.Module:
    """Copy ``model``'s parameters and buffers into ``torch_model`` (kept on its device and dtypes)."""
    source, target = model.state_dict(), torch_model.state_dict()
    _check_compatible(source, target, "minitorch_es -> torch")
    with torch.no_grad():
        for key, value in target.items():
            value.copy_(torch.from_numpy(np.array(_as_numpy(source[key]), copy=True)).to(value.dtype))
    return torch_model


def from_torch(torch_model: torch.nn.Module, model: minitorch_es.nn.Module) -> minitorch_es.nn.Module:
    """Copy ``torch_model``'s parameters and buffers into ``model``."""
    source, target = torch_model.state_dict(), model.state_dict()
    _check_compatible(source, target, "torch -> minitorch_es")
    model.load_state_dict({key: _as_numpy(value) for key, value in source.items()})
    return model


def optimizer_to_torch(optimizer: minitorch_es.optim.Optimizer, torch_optimizer: torch.optim.Optimizer) -> None:
    """Copy the optimizer state (moments, momentum buffers, step counts, hyperparameters) into the torch twin."""
    state = optimizer.state_dict()
    converted = {index: {name: torch.tensor(_as_numpy(value)) for name, value in values.items()}
                 for index, values in state["state"].items()}
    torch_optimizer.load_state_dict({"state": converted, "param_groups": state["param_groups"]})


def optimizer_from_torch(torch_optimizer: torch.optim.Optimizer, optimizer: minitorch_es.optim.Optimizer) -> None:
    """Copy the torch optimizer's state into ours."""
    optimizer.load_state_dict(torch_optimizer.state_dict())
