"""Training parity: the same model, weights, batches and optimizer on both backends, step by step.

    python -m reference.parity [--steps 50] [--dtype float64] [--data fashion-mnist|random] [--scheduler step]

prints, for the guide's feed-forward net and the Fashion-MNIST CNN with SGD-momentum and with Adam, the largest
relative difference of the per-step losses and the largest difference of the final weights. Dropout is switched
off (p = 0) so that both sides compute the same function; both see the same batches: shuffled Fashion-MNIST
training images (ToTensor + Normalize((0.5,), (0.5,)), as the guide) or standard-normal noise with random labels.
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
SCHEDULERS = {  # stepped after every optimizer step, so that a short run sees the rate change
    "none": lambda schedulers, optimizer: None,
    "step": lambda schedulers, optimizer: schedulers.StepLR(optimizer, step_size=10, gamma=0.5),
    "cosine": lambda schedulers, optimizer: schedulers.CosineAnnealingLR(optimizer, T_max=25),
}


def random_batches(batch_size: int, seed: int, dtype):
    """Standard-normal images with uniformly random labels."""
    rng = np.random.default_rng(seed)
    while True:
        yield rng.standard_normal((batch_size, 1, 28, 28)).astype(dtype), rng.integers(0, 10, batch_size)


def fashion_mnist_batches(batch_size: int, seed: int, dtype, root: str = "./data"):
    """Shuffled Fashion-MNIST training batches, normalised as the guide: (x / 255 - 0.5) / 0.5."""
    from minitorch_es.vision import datasets, transforms

    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    dataset = datasets.FashionMNIST(root, train=True, download=True, transform=transform)
    order = np.random.default_rng(seed).permutation(len(dataset))
    for start in range(0, len(order) - batch_size + 1, batch_size):
        images, labels = dataset.__getitems__(order[start:start + batch_size].tolist())
        yield images.numpy().astype(dtype), labels.numpy()


DATA = {"fashion-mnist": fashion_mnist_batches, "random": random_batches}


def _without_dropout(model):
    for module in model.modules():
        if type(module).__name__ == "Dropout":
            module.p = 0.0
    return model


def _torch_side(model, optimizer_name: str, scheduler: str, device, one_dnn: bool = True):
    """A step function (images, labels -> loss) training a torch model; ``one_dnn=False`` computes convolutions
    with PyTorch's native kernels instead of oneDNN's (a different, equally valid float32 summation order)."""
    optimizer = OPTIMIZERS[optimizer_name](torch.optim, model.parameters())
    schedule = SCHEDULERS[scheduler](torch.optim.lr_scheduler, optimizer)

    def step(images, labels) -> float:
        enabled = torch.backends.mkldnn.enabled
        torch.backends.mkldnn.enabled = one_dnn
        try:
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(images).to(device)),
                                                     torch.from_numpy(labels).to(device))
            loss.backward()
            optimizer.step()
        finally:
            torch.backends.mkldnn.enabled = enabled
        if schedule is not None:
            schedule.step()
        return loss.item()

    return step


def _our_side(model, optimizer_name: str, scheduler: str):
    optimizer = OPTIMIZERS[optimizer_name](minitorch_es.optim, model.parameters())
    schedule = SCHEDULERS[scheduler](minitorch_es.optim.lr_scheduler, optimizer)

    def step(images, labels) -> float:
        optimizer.zero_grad()
        loss = minitorch_es.nn.functional.cross_entropy(model(minitorch_es.tensor(images)),
                                                        minitorch_es.tensor(labels))
        loss.backward()
        optimizer.step()
        if schedule is not None:
            schedule.step()
        return loss.item()

    return step


def _torch_model(model_name: str, seed: int, dtype, device):
    torch.manual_seed(seed)
    return _without_dropout(MODELS[model_name](torch.nn)).to(device, torch.float64 if dtype == np.float64
                                                              else torch.float32)


def _side_by_side(first, second, first_model, second_model, steps, batches) -> dict:
    losses = np.array([(first(images, labels), second(images, labels))
                       for _, (images, labels) in zip(range(steps), batches)])
    weight_difference = max(float(np.max(np.abs(np.asarray(a.detach().cpu()) - np.asarray(b.detach().cpu()))))
                            for a, b in zip(first_model.state_dict().values(), second_model.state_dict().values()))
    return {"losses": losses[:, 0].tolist(), "torch_losses": losses[:, 1].tolist(),
            "max_relative_loss_difference": float(np.max(np.abs(losses[:, 0] - losses[:, 1]) / np.abs(losses[:, 1]))),
            "max_weight_difference": weight_difference}


def run(model_name: str, optimizer_name: str, steps: int, dtype=np.float32, device: str | None = "cpu",
        batch_size: int = 32, seed: int = 0, data: str = "fashion-mnist", scheduler: str = "none") -> dict:
    """Per-step losses of both backends and the final weight difference for one configuration."""
    configure_for_parity()
    chosen = default_device(device)
    torch_model = _torch_model(model_name, seed, dtype, chosen)
    model = _without_dropout(MODELS[model_name](minitorch_es.nn))
    model.to(minitorch_es.float64 if dtype == np.float64 else minitorch_es.float32)
    from_torch(torch_model, model)
    result = _side_by_side(_our_side(model, optimizer_name, scheduler),
                           _torch_side(torch_model, optimizer_name, scheduler, chosen), model, torch_model, steps,
                           DATA[data](batch_size, seed, dtype))
    return {"model": model_name, "optimizer": optimizer_name, "steps": steps, "device": str(chosen), "data": data,
            "scheduler": scheduler, **result}


def pytorch_against_itself(model_name: str, optimizer_name: str, steps: int, dtype=np.float32, batch_size: int = 32,
                           seed: int = 0, data: str = "fashion-mnist", scheduler: str = "none",
                           device: str = "cpu") -> dict:
    """The same comparison between two PyTorch runs: on the CPU, oneDNN's convolutions against PyTorch's native
    ones; with ``device="cuda"``, the CPU (oneDNN) against the GPU. It measures how far float32 training drifts when
    only the summation order differs. Training amplifies rounding differences step after step (Adam most: it
    scales every gradient, noise included, to a step of about lr), so this is the yardstick for ``run``'s float32
    numbers; float64 runs must agree to rounding."""
    configure_for_parity()
    second_device = default_device(device)
    first = _torch_model(model_name, seed, dtype, torch.device("cpu"))
    second = _torch_model(model_name, seed, dtype, second_device)
    result = _side_by_side(_torch_side(first, optimizer_name, scheduler, "cpu", one_dnn=True),
                           _torch_side(second, optimizer_name, scheduler, second_device,
                                       one_dnn=second_device.type != "cpu"), first, second,
                           steps, DATA[data](batch_size, seed, dtype))
    return {"model": model_name, "optimizer": optimizer_name, "steps": steps, "data": data, "scheduler": scheduler,
            "device": str(second_device), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--device", default="cpu", help="the torch side's device (cpu, cuda)")
    parser.add_argument("--data", choices=sorted(DATA), default="fashion-mnist")
    parser.add_argument("--scheduler", choices=sorted(SCHEDULERS), default="none")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    dtype = np.dtype(args.dtype).type
    yardstick = ("oneDNN against native convolutions, both on the CPU" if default_device(args.device).type == "cpu"
                 else f"the CPU (oneDNN) against {args.device}")
    print(f"{args.steps} steps, batches of {args.batch_size} from {args.data}, scheduler {args.scheduler}, "
          f"{args.dtype}, torch on {args.device}; 'PyTorch vs itself': {yardstick}")
    print(f"{'model':<6} {'optimizer':<13} {'max rel. loss diff':>19} {'max weight diff':>16} "
          f"{'PyTorch vs itself: loss':>24} {'weights':>9}")
    for model_name in ("mlp", "cnn"):
        for optimizer_name in OPTIMIZERS:
            options = {"batch_size": args.batch_size, "data": args.data, "scheduler": args.scheduler}
            ours = run(model_name, optimizer_name, args.steps, dtype, args.device, **options)
            itself = pytorch_against_itself(model_name, optimizer_name, args.steps, dtype, device=args.device,
                                            **options)
            print(f"{model_name:<6} {optimizer_name:<13} {ours['max_relative_loss_difference']:>19.2e} "
                  f"{ours['max_weight_difference']:>16.2e} {itself['max_relative_loss_difference']:>24.2e} "
                  f"{itself['max_weight_difference']:>9.2e}")


if __name__ == "__main__":
    main()
