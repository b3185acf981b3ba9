"""Device choice as the guides write it: CUDA when available, else the CPU, unless one is named."""

from __future__ import annotations

import torch


def default_device(override: str | None = None) -> torch.device:
    """``torch.device(override)`` if given, else ``cuda`` when a GPU is present, else ``cpu``."""
    if override is not None:
        return torch.device(override)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def configure_for_parity() -> None:
    """Make CUDA results comparable with float64 references: no TF32, deterministic algorithms."""
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.use_deterministic_algorithms(True, warn_only=True)
