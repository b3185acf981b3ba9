"""Compare SGD, SGD with momentum (PyTorch's and the guide's classical form), Adam and AdamW (guide 001).

    python examples/compare_optimizers.py [--steps 200] [--out runs/optimizers]

All start from the same weights of a small 2-16-3 network on three Gaussian blobs and take full-batch steps; the
script prints the final loss of each and saves the loss curves to ``OUT/loss_curves.png``. With a constant
learning rate the two momentum forms coincide (dashed over solid); they part when a scheduler changes the rate.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import minitorch_es as torch  # noqa: E402
import minitorch_es.nn as nn  # noqa: E402
import minitorch_es.optim as optim  # noqa: E402

OPTIMIZERS = {
    "SGD": (lambda p: optim.SGD(p, lr=0.1), "-"),
    "SGD + momentum (PyTorch)": (lambda p: optim.SGD(p, lr=0.1, momentum=0.9), "-"),
    "SGD + momentum (guía: v = mu v + lr g)": (
        lambda p: optim.SGD(p, lr=0.1, momentum=0.9, momentum_form="classical"), "--"),
    "Adam": (lambda p: optim.Adam(p, lr=0.01), "-"),
    "AdamW": (lambda p: optim.AdamW(p, lr=0.01, weight_decay=0.01), "--"),
}


def blobs(generator):
    centers = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    points = torch.cat([centers[k] + 0.8 * torch.randn(100, 2, generator=generator) for k in range(3)])
    labels = torch.cat([torch.full((100,), k) for k in range(3)])
    return points, labels


def train(make_optimizer, initial_state, inputs, labels, steps):
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
    model.load_state_dict(initial_state)
    optimizer = make_optimizer(model.parameters())
    criterion = nn.CrossEntropyLoss()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(inputs), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path("runs/optimizers"))
    args = parser.parse_args()
    torch.manual_seed(0)
    inputs, labels = blobs(torch.Generator().manual_seed(1))
    initial_state = {k: v.clone() for k, v in nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
                     .state_dict().items()}
    figure, axis = plt.subplots(figsize=(7, 4))
    for name, (make_optimizer, style) in OPTIMIZERS.items():
        losses = train(make_optimizer, initial_state, inputs, labels, args.steps)
        print(f"{name:<40} final loss {losses[-1]:.4f}")
        axis.plot(losses, style, label=name)
    axis.set(xlabel="paso", ylabel="pérdida (cross entropy)", yscale="log", title="Optimizadores")
    axis.legend()
    figure.tight_layout()
    args.out.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out / "loss_curves.png", dpi=120)
    print(f"curves in {args.out / 'loss_curves.png'}")


if __name__ == "__main__":
    main()
