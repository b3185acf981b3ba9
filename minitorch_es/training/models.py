"""The guide's models, each defined once for either backend: pass ``minitorch_es.nn`` or ``torch.nn``."""

from __future__ import annotations


def feedforward(nn):
    """Guide 004's FeedforwardNN: flatten 28x28 -> 784-128 (ReLU, Dropout 0.2) -> 64 (ReLU, Dropout 0.2) -> 10."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128), nn.ReLU(), nn.Dropout(p=0.2),
        nn.Linear(128, 64), nn.ReLU(), nn.Dropout(p=0.2),
        nn.Linear(64, 10),
    )


def fashion_cnn(nn):
    """Guide 003's SimpleCNN adapted to 1x28x28 Fashion-MNIST: two blocks conv-ReLU-conv-ReLU-maxpool (32 then 64
    channels, 28 -> 14 -> 7), then Linear(64*7*7, 256)-ReLU-Dropout(0.5)-Linear(256, 10)."""
    return nn.Sequential(
        nn.Conv2d(1, 32, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, kernel_size=3, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(32, 64, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(64, 64, kernel_size=3, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 10),
    )


MODELS = {"mlp": feedforward, "cnn": fashion_cnn}
