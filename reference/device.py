"""Device choice as the guides write it: CUDA when available, else the CPU, unless one is named."""

from __future__ import annotations

import os

import torch


def default_device(override: str | None = None) -> torch.device:
    """``torch.device(override)`` if given, else ``cuda`` when a GPU is present, else ``cpu``."""
    if override is not None:
        chosen = torch.device(override)
        if chosen.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError(f"device {override!r} was asked for, but torch.cuda.is_available() is False here: "
                               "use 'cpu', or run on a machine with a CUDA GPU")
        if chosen.type == "cuda" and chosen.index is not None and chosen.index >= torch.cuda.device_count():
            raise RuntimeError(f"device {override!r} was asked for, but this machine has "
                               f"{torch.cuda.device_count()} CUDA device(s)")
        return chosen
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def configure_for_parity() -> None:
    """Make CUDA results comparable with float64 references: no TF32, deterministic algorithms."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # cuBLAS's condition for determinism
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True
    torch.use_deterministic_algorithms(True, warn_only=True)
