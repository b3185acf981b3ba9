"""``Optimizer``: parameter groups, per-parameter state, ``zero_grad`` and ``state_dict``, as PyTorch's.

A subclass sets its defaults and implements ``_update_group(group)``, which updates every parameter of the group
that has a gradient. The update itself is a kernel of :mod:`minitorch_es.kernels.optimizers` (its equations are
there): the readable NumPy transcription or the fused Numba loop, whichever kernel set is active
(``MINITORCH_ES_KERNELS``, :mod:`minitorch_es.kernels.kernel_sets`).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any
from collections.abc import Callable, Iterable

import numpy as np

from ..autograd.versions import bump

from ..autograd import no_grad
from ..tensor import Tensor


def check_implementation_options(differentiable: bool) -> None:
    """PyTorch's options that choose how an update is computed, not what it computes (``foreach``, ``fused``,
    ``capturable``) are accepted and kept in the groups as PyTorch keeps them; here every update is one fused NumPy
    or Numba kernel anyway. ``differentiable=True`` (autograd through ``step``) is not supported."""
    if differentiable:
        raise NotImplementedError("differentiable=True (autograd through optimizer.step()) is not supported")


class Optimizer:
    """Base class: ``params`` is an iterable of tensors or of dicts (parameter groups with their own options)."""

    def __init__(self, params: Iterable, defaults: dict[str, Any]) -> None:
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, but "
                            f"got {type(params).__name__}")
        self.defaults = defaults
        self.state: dict = defaultdict(dict)
        self.param_groups: list[dict] = []
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict) -> None:
        """Add a group of parameters with its own options (missing options take the optimizer's defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for param in params:
            if not isinstance(param, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(param).__name__}")
            if not param.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        if len({id(p) for p in params}) != len(params):
            raise ValueError("some parameters appear more than once in the same parameter group")
        already = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in already for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        group = {**self.defaults, **param_group, "params": params}
        self._validate(group)
        self.param_groups.append(group)

    def _validate(self, group: dict) -> None:
        """Check a group's options; subclasses raise PyTorch's errors for out-of-range values."""

    def zero_grad(self, set_to_none: bool = True) -> None:
        for group in self.param_groups:
            for param in group["params"]:
                if param.grad is None:
                    continue
                if set_to_none:
                    param.grad = None
                else:
                    param.grad.zero_()

    @no_grad()
    def step(self, closure: Callable | None = None):
        """Update every parameter that has a gradient; ``closure`` re-evaluates the loss and is returned."""
        loss = None
        if closure is not None:
            from ..autograd import enable_grad

            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            self._update_group(group)
            for param in group["params"]:  # an update in place: a new version (backward refuses the old values)
                if param.grad is not None:
                    bump(param)
        return loss

    def _update_group(self, group: dict) -> None:
        raise NotImplementedError

    @staticmethod
    def _flat(tensor: Tensor) -> np.ndarray:
        """A 1-D view of the tensor's memory for the kernels (a non-contiguous tensor is made contiguous first)."""
        if not tensor._data.flags.c_contiguous:
            tensor._data = np.ascontiguousarray(tensor._data)
        return tensor._data.reshape(-1)

    def _next_step(self, param: Tensor) -> float:
        """Count this update in the parameter's state (a float32 tensor, as PyTorch's ``step``); return the count."""
        state = self.state[param]
        if "step" not in state:
            state["step"] = Tensor._wrap(np.zeros((), dtype=np.float32))
        state["step"]._data += 1
        return float(state["step"].item())

    def _state_array(self, param: Tensor, key: str) -> np.ndarray:
        state = self.state[param]
        if key not in state:
            state[key] = Tensor._wrap(np.zeros_like(param._data))
        return self._flat(state[key])

    # ---- state_dict --------------------------------------------------------------------------------------

    def state_dict(self) -> dict:
        """{'state': {index: {...}}, 'param_groups': [{options..., 'params': [indices]}]} as PyTorch's."""
        index_of, groups, next_index = {}, [], 0
        for group in self.param_groups:
            indices = []
            for param in group["params"]:
                if id(param) not in index_of:
                    index_of[id(param)] = next_index
                    next_index += 1
                indices.append(index_of[id(param)])
            groups.append({**{k: v for k, v in group.items() if k != "params"}, "params": indices})
        state = {index_of[id(p)]: {k: (v.clone() if isinstance(v, Tensor) else copy.deepcopy(v))
                                   for k, v in values.items()}
                 for p, values in self.state.items() if id(p) in index_of}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for group, saved in zip(self.param_groups, saved_groups):
            if len(group["params"]) != len(saved["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                                 "optimizer's group")
        self.state = defaultdict(dict)
        for group, saved in zip(self.param_groups, saved_groups):
            for param, index in zip(group["params"], saved["params"]):
                values = state_dict["state"].get(index, state_dict["state"].get(str(index)))
                if values is not None:
                    self.state[param] = {k: _as_state_value(v, param) for k, v in values.items()}
            group.update({k: v for k, v in saved.items() if k != "params"})

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for index, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {index}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        return "\n".join(lines) + "\n)"


def _as_state_value(value, param: Tensor):
    """A saved state entry (ours, NumPy or PyTorch's) as a tensor of the parameter's dtype; 'step' stays a count."""
    if isinstance(value, Tensor):
        array = value._data
    elif hasattr(value, "detach"):
        array = value.detach().cpu().numpy()
    elif isinstance(value, (np.ndarray, list)):
        array = np.asarray(value)
    else:
        return value
    if array.ndim == 0:
        return Tensor._wrap(np.array(array, dtype=np.float32))
    return Tensor._wrap(np.array(array, dtype=param._data.dtype))
