"""ResNet-18 (guide 003, transfer learning) with exactly torchvision's module names, so that torchvision's
state_dict (``conv1.weight``, ``layer1.0.bn1.running_mean``, ``fc.bias``...) loads into it unchanged.

    x -> conv 7x7/2 -> BN -> ReLU -> maxpool 3x3/2 -> layer1..layer4 (2 BasicBlocks each, 64-128-256-512 channels,
    stride 2 from layer2 on) -> adaptive average pool (1, 1) -> flatten -> fc

A BasicBlock computes y = ReLU(BN(conv3x3(ReLU(BN(conv3x3(x))))) + shortcut(x)), the shortcut being a 1x1
stride-2 conv + BN where the shape changes. ``small_input=True`` replaces the stem by a 3x3/1 conv without the
max pool, for 28x28 images (Fashion-MNIST), and ``in_channels`` sets the image channels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ... import nn
from ...serialization import load
from ...tensor import Tensor


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes: int, planes: int, stride: int = 1, downsample: nn.Module | None = None) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x: Tensor) -> Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    def __init__(self, layers=(2, 2, 2, 2), num_classes: int = 1000, in_channels: int = 3,
                 small_input: bool = False) -> None:
        super().__init__()
        self.in_planes = 64
        if small_input:
            self.conv1 = nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1, bias=False)
        else:
            self.conv1 = nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity() if small_input else nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(64, layers[0])
        self.layer2 = self._make_layer(128, layers[1], stride=2)
        self.layer3 = self._make_layer(256, layers[2], stride=2)
        self.layer4 = self._make_layer(512, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512, num_classes)
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")

    def _make_layer(self, planes: int, blocks: int, stride: int = 1) -> nn.Sequential:
        downsample = None
        if stride != 1 or self.in_planes != planes:
            downsample = nn.Sequential(nn.Conv2d(self.in_planes, planes, kernel_size=1, stride=stride, bias=False),
                                       nn.BatchNorm2d(planes))
        layers = [BasicBlock(self.in_planes, planes, stride, downsample)]
        self.in_planes = planes
        layers += [BasicBlock(planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(self.avgpool(x).flatten(1))


def resnet18(weights: str | Path | None = None, progress: bool = True, num_classes: int = 1000,
             in_channels: int = 3, small_input: bool = False) -> ResNet:
    """ResNet-18. ``weights`` is a local file (``.npz`` of arrays by state_dict key, or a PyTorch ``.pth`` when
    torch is installed); names such as "IMAGENET1K_V1" cannot be downloaded here and are a clear error."""
    model = ResNet((2, 2, 2, 2), num_classes=num_classes, in_channels=in_channels, small_input=small_input)
    if weights is not None:
        model.load_state_dict(_load_weights(weights))
    return model


def _load_weights(weights) -> dict:
    path = Path(str(weights))
    if not path.exists():
        raise FileNotFoundError(
            f"weights {weights!r}: not a file. minitorch_es loads pretrained weights from a local file (.npz of "
            "arrays by state_dict key, or a torchvision .pth); save torchvision's with "
            "numpy.savez(path, **{k: v.numpy() for k, v in model.state_dict().items()}) where it can be downloaded.")
    if path.suffix == ".npz":
        with np.load(path) as archive:
            return {key: archive[key] for key in archive.files}
    return dict(load(path, map_location="cpu"))  # a torchvision .pth (torch.save's format)
