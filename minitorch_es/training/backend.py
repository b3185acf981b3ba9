"""What the training program needs from a backend; this one is minitorch_es (``reference.training`` has torch's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Callable


@dataclass
class Backend:
    lib: Any                       # the module: minitorch_es or torch (nn, optim, no_grad, manual_seed)
    device: Any                    # where tensors go
    generator: Callable            # seed -> a generator for the DataLoader's shuffling
    loader: Callable               # our DataLoader -> (images, labels) batches of the backend, on the CPU
    probabilities: Callable        # (model, images) -> softmax probabilities of the first image, as a NumPy array
    prepare_model: Callable = lambda model: model   # e.g. wrap in DistributedDataParallel
    sampler: Callable = lambda dataset, seed: None  # a sampler that shards the training set between processes
    is_main_process: bool = True   # only the main process writes the outputs
    world_size: int = 1


def minitorch_backend() -> Backend:
    import minitorch_es

    def probabilities(model, images):
        model.eval()
        with minitorch_es.no_grad():
            return minitorch_es.softmax(model(images), dim=1)[0].numpy()

    return Backend(lib=minitorch_es, device=minitorch_es.device("cpu"),
                   generator=lambda seed: minitorch_es.Generator().manual_seed(seed),
                   loader=lambda loader: loader, probabilities=probabilities)


def check_device(name: str, device: str | None) -> None:
    """Raise ValueError (minitorch_es: the CPU only) or RuntimeError (torch: no such device here) before any work."""
    if name == "torch":
        from reference.device import default_device

        default_device(device)
    elif device not in (None, "cpu"):
        raise ValueError(f"the minitorch_es backend runs on the cpu only, got device {device!r}: "
                         "use --backend torch for other devices")


def backend_named(name: str, device: str | None = None) -> Backend:
    """``"minitorch_es"`` (the CPU) or ``"torch"`` (from ``reference.training``: ``device``, or CUDA when present)."""
    if name not in ("minitorch_es", "torch"):
        raise ValueError(f"unknown backend {name!r}: expected 'minitorch_es' or 'torch'")
    check_device(name, device)
    if name == "torch":
        from reference.training import torch_backend

        return torch_backend(device)
    return minitorch_backend()
