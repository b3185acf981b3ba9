"""The torch side of the training program: ``python -m minitorch_es train --backend torch``.

The same model definitions (built with ``torch.nn``), the same data and batches (minitorch_es's loader, converted
to torch tensors on the chosen device), the same loop, so that results are directly comparable.
"""

from __future__ import annotations

import torch

from minitorch_es.training.backend import Backend

from .device import default_device


class _TorchBatches:
    """Wrap a minitorch_es DataLoader: every (images, labels) batch becomes torch tensors on ``device``."""

    def __init__(self, loader, device: torch.device) -> None:
        self.loader, self.device = loader, device

    def __iter__(self):
        for images, labels in self.loader:
            yield (torch.from_numpy(images.numpy()).to(self.device),
                   torch.from_numpy(labels.numpy()).to(self.device))

    def __len__(self) -> int:
        return len(self.loader)


def torch_backend(device: str | None = None) -> Backend:
    chosen = default_device(device)

    def probabilities(model, images):
        model.eval()
        with torch.no_grad():
            return torch.softmax(model(images), dim=1)[0].cpu().numpy()

    def generator(seed: int):
        import minitorch_es

        return minitorch_es.Generator().manual_seed(seed)

    return Backend(lib=torch, device=chosen, generator=generator,
                   loader=lambda loader: _TorchBatches(loader, chosen), probabilities=probabilities)
