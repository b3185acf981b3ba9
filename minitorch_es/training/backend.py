"""What the training program needs from a backend; this one is minitorch_es (``reference.training`` has torch's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Backend:
    lib: Any                       # the module: minitorch_es or torch (nn, optim, no_grad, manual_seed)
    device: Any                    # where tensors go
    generator: Callable            # seed -> a generator for the DataLoader's shuffling
    loader: Callable               # our DataLoader -> an iterable of the backend's (images, labels) batches
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


def backend_named(name: str) -> Backend:
    """``"minitorch_es"`` or ``"torch"`` (the latter from ``reference.training``: CUDA when present)."""
    if name == "torch":
        from reference.training import torch_backend

        return torch_backend()
    if name != "minitorch_es":
        raise ValueError(f"unknown backend {name!r}: expected 'minitorch_es' or 'torch'")
    return minitorch_backend()
