"""Transfer learning with ResNet-18 (guide 003, section 3 and exercises 3-4), on Fashion-MNIST.

    python examples/transfer_learning.py [--quick] [--weights FILE]

Pretrained ImageNet weights cannot be downloaded here, so the script makes its own "pretrained" network: it trains
a ResNet-18 (3x3 stem for 28x28 images) on classes 0-4 (T-shirt .. Coat), then transfers it to classes 5-9
(Sandal .. Ankle boot) in the guide's two ways:

1. feature extraction: freeze every parameter (``requires_grad = False``), replace ``fc``, train only ``fc``;
2. fine-tuning: also unfreeze ``layer4``, with parameter groups of different learning rates.

``--weights FILE`` starts from a local weights file instead (``.npz`` by state_dict key, or torchvision's ``.pth``).
"""

from __future__ import annotations

import argparse

import numpy as np

import minitorch_es as torch
import minitorch_es.nn as nn
import minitorch_es.optim as optim
from minitorch_es.training import train_one_epoch, validate
from minitorch_es.utils.data import DataLoader, Subset
from minitorch_es.vision import datasets, transforms
from minitorch_es.vision.models import resnet18


def class_subset(dataset, classes, limit):
    indices = np.flatnonzero(np.isin(dataset.targets, classes))[:limit]
    return Subset(dataset, indices.tolist())


class RelabeledLoader:
    """Batches whose labels are shifted so that classes (5..9) become (0..4) for the new 5-way head."""

    def __init__(self, loader, offset: int) -> None:
        self.loader, self.offset = loader, offset

    def __iter__(self):
        for images, labels in self.loader:
            yield images, labels - self.offset


def loaders(train, test, classes, limit, batch_size, offset):
    train_loader = DataLoader(class_subset(train, classes, limit), batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(class_subset(test, classes, limit // 5), batch_size=batch_size)
    return RelabeledLoader(train_loader, offset), RelabeledLoader(test_loader, offset)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few hundred images and one epoch each (seconds)")
    parser.add_argument("--weights", default=None)
    parser.add_argument("--data-root", default="data")
    args = parser.parse_args()
    limit, epochs = (300, 1) if args.quick else (6000, 2)
    torch.manual_seed(0)
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    train = datasets.FashionMNIST(args.data_root, train=True, download=True, transform=transform)
    test = datasets.FashionMNIST(args.data_root, train=False, download=True, transform=transform)
    loss_fn = nn.CrossEntropyLoss()

    model = resnet18(weights=args.weights, num_classes=5, in_channels=1, small_input=True)
    if args.weights is None:
        source_train, source_test = loaders(train, test, [0, 1, 2, 3, 4], limit, 50, offset=0)
        optimizer = optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(epochs):
            train_one_epoch(model, source_train, loss_fn, optimizer, "cpu")
        print(f"pre-training on classes 0-4: accuracy {validate(model, source_test, loss_fn, 'cpu')[1]:.3f}")

    target_train, target_test = loaders(train, test, [5, 6, 7, 8, 9], limit, 50, offset=5)
    for parameter in model.parameters():
        parameter.requires_grad = False
    model.fc = nn.Linear(model.fc.in_features, 5)
    optimizer = optim.Adam(model.fc.parameters(), lr=1e-3)
    for _ in range(epochs):
        train_one_epoch(model, target_train, loss_fn, optimizer, "cpu")
    print(f"feature extraction (only fc trained) on classes 5-9: accuracy "
          f"{validate(model, target_test, loss_fn, 'cpu')[1]:.3f}")

    for parameter in model.layer4.parameters():
        parameter.requires_grad = True
    optimizer = optim.Adam([{"params": model.layer4.parameters(), "lr": 1e-4},
                            {"params": model.fc.parameters(), "lr": 1e-3}])
    for _ in range(epochs):
        train_one_epoch(model, target_train, loss_fn, optimizer, "cpu")
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"fine-tuning (layer4 + fc, {trainable} trainable parameters) on classes 5-9: accuracy "
          f"{validate(model, target_test, loss_fn, 'cpu')[1]:.3f}")


if __name__ == "__main__":
    main()
