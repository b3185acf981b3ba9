"""Training parity: the same model, weights, batches and optimizer on both backends, step by step.

    python -m reference.parity [--steps 50] [--dtype float64]

prints, for the guide's feed-forward net and the Fashion-MNIST CNN with SGD-momentum and with Adam, the largest
relative difference of the per-step losses and the largest difference of the final weights. Dropout is switched
off (p = 0) so that both sides compute the same function; batches are random images drawn once and shared.
"""

from __future__ import annotations

import argparse

import numpy as np
import torch

import minitorch_es
from minitorch_es.training.models import MODELS

from .bridge import from_torch
from .device import configure_for_parity, default_device

OPTIMIZERS = {
    "sgd-momentum": lambda optim, parameters: optim.SGD(parameters, lr=0.01, momentum=0.9),
    "adam": lambda optim, parameters: optim.Adam(parameters, lr=1e-3),
}


def _without_dropout(model):
    for module in model.modules():
        if type(module).__name__ == "Dropout":
            module.p = 0.0
    return model


def run(model_name: str, optimizer_name: str, steps: int, dtype=np.float32, device: str | None = "cpu",
        batch_size: int = 32, seed: int = 0) -> dict:
    """Per-step losses of both backends and the final weight difference for one configuration."""
    configure_for_parity()
    chosen = default_device(device)
    torch.manual_seed(seed)
    torch_dtype = torch.float64 if dtype == np.float64 else torch.float32
    torch_model = _without_dropout(MODELS[model_name](torch.nn)).to(chosen, torch_dtype)
    model = _without_dropout(MODELS[model_name](minitorch_es.nn))
    model.to(minitorch_es.float64 if dtype == np.float64 else minitorch_es.float32)
    from_torch(torch_model, model)
    torch_optimizer = OPTIMIZERS[optimizer_name](torch.optim, torch_model.parameters())
    optimizer = OPTIMIZERS[optimizer_name](minitorch_es.optim, model.parameters())
    rng = np.random.default_rng(seed)
    ours, theirs = [], []
    for _ in range(steps):
        images = rng.standard_normal((batch_size, 1, 28, 28)).astype(dtype)
        labels = rng.integers(0, 10, batch_size)
        optimizer.zero_grad()
        loss = minitorch_es.nn.functional.cross_entropy(model(minitorch_es.tensor(images)), minitorch_es.tensor(labels))
        loss.backward()
        optimizer.step()
        torch_optimizer.zero_grad()
        torch_loss = torch.nn.functional.cross_entropy(torch_model(torch.from_numpy(images).to(chosen)),
                                                       torch.from_numpy(labels).to(chosen))
        torch_loss.backward()
        torch_optimizer.step()
        ours.append(loss.item())
        theirs.append(torch_loss.item())
    ours_array, theirs_array = np.array(ours), np.array(theirs)
    weight_difference = max(float(np.max(np.abs(a.detach().numpy() - b.detach().cpu().numpy())))
                            for a, b in zip(model.state_dict().values(), torch_model.state_dict().values()))
    return {"model": model_name, "optimizer": optimizer_name, "steps": steps, "device": str(chosen),
            "losses": ours, "torch_losses": theirs,
            "max_relative_loss_difference": float(np.max(np.abs(ours_array - theirs_array) / np.abs(theirs_array))),
            "max_weight_difference": weight_difference}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--device", default="cpu", help="the torch side's device (cpu, cuda)")
    args = parser.parse_args()
    print(f"{'model':<6} {'optimizer':<13} {'steps':>5} {'max rel. loss diff':>19} {'max weight diff':>16}")
    for model_name in ("mlp", "cnn"):
        for optimizer_name in OPTIMIZERS:
            result = run(model_name, optimizer_name, args.steps, np.dtype(args.dtype).type, args.device)
            print(f"{model_name:<6} {optimizer_name:<13} {args.steps:>5} "
                  f"{result['max_relative_loss_difference']:>19.2e} {result['max_weight_difference']:>16.2e}")


if __name__ == "__main__":
    main()
