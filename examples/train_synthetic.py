"""Train a tiny two-layer network on synthetic data with nothing but tensors and autograd.

    python examples/train_synthetic.py [--epochs 30] [--out runs/synthetic]

Three Gaussian blobs in the plane, a 2-16-3 network (ReLU) written with raw tensors, the cross entropy written as
the guides do (J = -log p_k, p = softmax(z)), and plain gradient descent theta <- theta - rho * dJ/dtheta
(guide 001), by hand under ``no_grad()``. Prints the loss and accuracy per epoch with a progress bar and saves the
curves to ``OUT/curves.png``. (``make train`` runs this until the Fashion-MNIST training program exists.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from tqdm import tqdm  # noqa: E402

import minitorch_es as torch  # noqa: E402


def make_blobs(samples_per_class: int, generator: torch.Generator):
    centers = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    points = [centers[k] + 0.7 * torch.randn(samples_per_class, 2, generator=generator) for k in range(3)]
    labels = [torch.full((samples_per_class,), k) for k in range(3)]
    return torch.cat(points), torch.cat(labels)


def cross_entropy(logits, labels):
    return -torch.log_softmax(logits, dim=1)[torch.arange(len(labels)), labels].mean()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--out", type=Path, default=Path("runs/synthetic"))
    args = parser.parse_args()

    generator = torch.Generator().manual_seed(0)
    inputs, labels = make_blobs(200, generator)
    w1 = (torch.randn(2, 16, generator=generator) * 0.5).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 3, generator=generator) * 0.5).requires_grad_()
    b2 = torch.zeros(3, requires_grad=True)
    parameters = [w1, b1, w2, b2]

    losses, accuracies = [], []
    progress = tqdm(range(args.epochs), desc="training", unit="epoch")
    for _ in progress:
        logits = torch.relu(inputs @ w1 + b1) @ w2 + b2
        loss = cross_entropy(logits, labels)
        for p in parameters:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in parameters:
                p -= args.lr * p.grad
        accuracy = (logits.argmax(dim=1) == labels).float().mean().item()
        losses.append(loss.item())
        accuracies.append(accuracy)
        progress.set_postfix(loss=f"{loss.item():.4f}", accuracy=f"{accuracy:.3f}")

    args.out.mkdir(parents=True, exist_ok=True)
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(9, 3.5))
    loss_axis.plot(losses)
    loss_axis.set(title="loss", xlabel="epoch")
    accuracy_axis.plot(accuracies)
    accuracy_axis.set(title="accuracy", xlabel="epoch", ylim=(0, 1))
    figure.tight_layout()
    figure.savefig(args.out / "curves.png")
    print(f"final loss {losses[-1]:.4f}, accuracy {accuracies[-1]:.3f}; curves in {args.out / 'curves.png'}")


if __name__ == "__main__":
    main()
