"""Checkpoints: model, optimizer, scheduler and epoch in one ``.npz`` file, written atomically.

Arrays are stored under ``model/<key>`` and ``optimizer/state/<index>/<name>``; everything else (optimizer groups,
scheduler state, epoch, extra metadata) as JSON under ``meta``. The file is written to a temporary name in the same
folder and renamed into place, so an interrupted save never leaves a half-written checkpoint. The same file format
serves both backends: a PyTorch model (``--backend torch``) saves from any device and loads back onto the device its
parameters are on.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from ..tensor import Tensor


def _array(value) -> np.ndarray:
    if isinstance(value, Tensor):
        return value._data
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Tensor) or hasattr(value, "detach"):
        return _array(value).tolist()
    return repr(value)


def save_checkpoint(path: str | Path, model, optimizer=None, scheduler=None, epoch: int = 0, **extra) -> Path:
    """Write the checkpoint atomically; returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {f"model/{key}": _array(value) for key, value in model.state_dict().items()}
    meta = {"epoch": epoch, "extra": _json_safe(extra)}
    if optimizer is not None:
        state = optimizer.state_dict()
        meta["optimizer_groups"] = _json_safe(state["param_groups"])
        meta["optimizer_scalars"] = {}
        for index, values in state["state"].items():
            for name, value in values.items():
                arrays[f"optimizer/state/{index}/{name}"] = _array(value)
    if scheduler is not None:
        meta["scheduler"] = _json_safe(scheduler.state_dict())
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8), **arrays)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(buffer.getvalue())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def _tensor_maker(model):
    """Arrays -> tensors of the model's library: ours, or (for a PyTorch model, whose library the caller has already
    imported) torch tensors on the device of the model's first parameter."""
    from ..nn import Module

    if isinstance(model, Module):
        return lambda array: Tensor._wrap(array.copy())
    torch = sys.modules["torch"]
    device = next(iter(model.parameters())).device
    return lambda array: torch.from_numpy(array.copy()).to(device)


def load_checkpoint(path: str | Path, model, optimizer=None, scheduler=None) -> dict:
    """Restore what ``save_checkpoint`` wrote into a minitorch_es or PyTorch model (and its optimizer and scheduler);
    returns the metadata (epoch, extra). A model whose keys or shapes differ gets the error of ``load_state_dict``,
    listing every mismatched key."""
    as_tensor = _tensor_maker(model)
    with np.load(Path(path)) as archive:
        meta = json.loads(bytes(archive["meta"]).decode())
        model_state = {key[len("model/"):]: as_tensor(archive[key]) for key in archive.files
                       if key.startswith("model/")}
        optimizer_state: dict = {}
        for key in archive.files:
            if key.startswith("optimizer/state/"):
                _, _, index, name = key.split("/", 3)
                optimizer_state.setdefault(int(index), {})[name] = as_tensor(archive[key])
    model.load_state_dict(model_state)
    if optimizer is not None and "optimizer_groups" in meta:
        groups = [dict(group, betas=tuple(group["betas"])) if "betas" in group else group
                  for group in meta["optimizer_groups"]]
        optimizer.load_state_dict({"state": optimizer_state, "param_groups": groups})
    if scheduler is not None and "scheduler" in meta:
        scheduler.load_state_dict(meta["scheduler"])
    return meta
