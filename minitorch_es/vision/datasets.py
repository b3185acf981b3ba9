"""Datasets of the guides: Fashion-MNIST (guide 004), MNIST, and CIFAR-10 (guide 003), as torchvision's.

Samples are ``(image, label)``: the image a uint8 NumPy array (H, W) or (H, W, 3) passed through ``transform``
(``transforms.ToTensor()`` makes it a float tensor), the label an int passed through ``target_transform``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import urllib.request
from pathlib import Path

import numpy as np

from ..tensor import Tensor
from ..utils.data import Dataset
from .idx import IMAGES_MAGIC, LABELS_MAGIC, read_idx

DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


class _ImageDataset(Dataset):
    """Images and labels held as arrays; a whole batch goes through a deterministic transform chain at once."""

    data: np.ndarray
    targets: np.ndarray

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, index: int):
        image, label = self.data[index], int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label

    getitems_returns_batch = True

    def __getitems__(self, indices: list[int]):
        """A batch in one call: with a transform chain whose every step has ``batch`` (ToTensor, Normalize), the
        transforms run once on the stacked images, giving the same numbers as image by image."""
        batchable = self.transform is None or getattr(self.transform, "batchable", hasattr(self.transform, "batch"))
        if not batchable or self.target_transform is not None:
            return [self[i] for i in indices]
        images = self.data[np.asarray(indices, dtype=np.int64)]
        images = Tensor._wrap(images) if self.transform is None else self.transform.batch(images)
        return images, Tensor._wrap(self.targets[np.asarray(indices, dtype=np.int64)].astype(np.int64))


class MNIST(_ImageDataset):
    """Handwritten digits, 28x28 grayscale, 60000 training and 10000 test images."""

    mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    ]
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven",
               "8 - eight", "9 - nine"]
    system_folders: list[Path] = []
    install_hint = "copy the four IDX .gz files there"

    def __init__(self, root: str | Path, train: bool = True, transform=None, target_transform=None,
                 download: bool = False) -> None:
        self.root, self.train = Path(root), train
        self.transform, self.target_transform = transform, target_transform
        prefix = "train" if train else "t10k"
        folder = self._find_folder(download)
        self.data = read_idx(_existing(folder, f"{prefix}-images-idx3-ubyte"), IMAGES_MAGIC)
        self.targets = read_idx(_existing(folder, f"{prefix}-labels-idx1-ubyte"), LABELS_MAGIC)
        if len(self.data) != len(self.targets):
            raise ValueError(f"{folder}: {len(self.data)} images but {len(self.targets)} labels")
        self.class_to_idx = {name: index for index, name in enumerate(self.classes)}

    @property
    def raw_folder(self) -> Path:
        return self.root / type(self).__name__ / "raw"

    def _candidates(self) -> list[Path]:
        return [self.raw_folder] + list(self.system_folders)

    def _find_folder(self, download: bool) -> Path:
        for folder in self._candidates():
            if all(_existing(folder, name.removesuffix(".gz")) for name, _ in self.resources):
                return folder
        failures = self._download() if download else []
        if download and not failures:
            return self.raw_folder
        places = "\n".join(f"  - {folder}" for folder in self._candidates())
        tried = "\nDownloading failed:\n  " + "\n  ".join(failures) if failures else ""
        raise FileNotFoundError(
            f"{type(self).__name__} not found. Looked for the files {[n for n, _ in self.resources]} (or unpacked) "
            f"in:\n{places}{tried}\nGet them with download=True (needs internet), or {self.install_hint}, or copy "
            f"them to {self.raw_folder}."
        )

    def _download(self) -> list[str]:
        """Fetch the missing files from the mirrors; returns what failed (nothing when all files arrived)."""
        self.raw_folder.mkdir(parents=True, exist_ok=True)
        failures = []
        for name, md5 in self.resources:
            target = self.raw_folder / name
            if target.exists():
                continue
            errors = []
            for mirror in self.mirrors:
                try:
                    _download_atomically(mirror + name, target, md5)
                    break
                except OSError as error:
                    errors.append(f"{mirror + name}: {error}")
            else:
                failures.extend(errors)
        return failures


class FashionMNIST(MNIST):
    """Zalando's clothing images, 28x28 grayscale, 10 classes (guide 004), the format of MNIST.

    Looks in ``root/FashionMNIST/raw/`` and then in Debian's ``/usr/share/datasets/fashion-mnist/``.
    """

    mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    ]
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]
    system_folders = [DEBIAN_FASHION_MNIST]
    install_hint = "on Debian/Ubuntu run 'apt-get install dataset-fashion-mnist'"


class CIFAR10(_ImageDataset):
    """32x32 color images of 10 classes (guide 003), read from the python-pickle batches of
    ``root/cifar-10-batches-py/`` (``data_batch_1..5``, ``test_batch``)."""

    base_folder = "cifar-10-batches-py"
    classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    def __init__(self, root: str | Path, train: bool = True, transform=None, target_transform=None,
                 download: bool = False) -> None:
        self.root, self.train = Path(root), train
        self.transform, self.target_transform = transform, target_transform
        folder = self.root / self.base_folder
        names = [f"data_batch_{i}" for i in range(1, 6)] if train else ["test_batch"]
        missing = [name for name in names if not (folder / name).exists()]
        if missing:
            raise FileNotFoundError(
                f"CIFAR10 not found: {missing} missing in {folder}. Download cifar-10-python.tar.gz from "
                "https://www.cs.toronto.edu/~kriz/cifar.html and unpack it in the root folder"
                + (" (download=True needs internet access)" if download else "") + ".")
        images, labels = [], []
        for name in names:
            with open(folder / name, "rb") as handle:
                try:
                    batch = pickle.load(handle, encoding="latin1")
                except (pickle.UnpicklingError, EOFError, ValueError) as error:
                    raise ValueError(f"{folder / name}: not a CIFAR-10 python batch ({error})") from None
            if "data" not in batch or ("labels" not in batch and "fine_labels" not in batch):
                raise ValueError(f"{folder / name}: a CIFAR-10 batch needs 'data' and 'labels', found "
                                 f"{sorted(batch)}")
            data = np.asarray(batch["data"], dtype=np.uint8)
            if data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
                raise ValueError(f"{folder / name}: data of shape {data.shape}, expected (N, 3072)")
            images.append(data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
            labels.append(np.asarray(batch.get("labels", batch.get("fine_labels")), dtype=np.int64))
        self.data = np.ascontiguousarray(np.concatenate(images))
        self.targets = np.concatenate(labels)
        self.class_to_idx = {name: index for index, name in enumerate(self.classes)}


def _existing(folder: Path, stem: str) -> Path | None:
    """The file ``stem`` or ``stem.gz`` in ``folder``, whichever exists."""
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.exists():
            return candidate
    return None


def _download_atomically(url: str, target: Path, md5: str) -> None:
    """Download to a temporary file beside ``target``, check its MD5, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        digest = hashlib.md5()
        with os.fdopen(handle, "wb") as output, urllib.request.urlopen(url, timeout=30) as response:
            while chunk := response.read(1 << 20):
                digest.update(chunk)
                output.write(chunk)
        if digest.hexdigest() != md5:
            raise OSError(f"MD5 {digest.hexdigest()} does not match the expected {md5}")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
