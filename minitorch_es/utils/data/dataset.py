"""Datasets: anything with ``__getitem__`` and ``__len__``, plus ``TensorDataset``, ``Subset`` and ``random_split``."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ...random import Generator, numpy_generator
from ...tensor import Tensor


class Dataset:
    """A map-style dataset: ``dataset[i]`` is one sample, ``len(dataset)`` their number.

    A subclass may also define ``__getitems__(indices)`` returning a whole batch at once; ``DataLoader`` then uses
    it instead of one ``__getitem__`` call per sample (PyTorch's protocol too).
    """

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class TensorDataset(Dataset):
    """Samples are the i-th rows of each tensor: ``(x[i], y[i])``."""

    def __init__(self, *tensors: Tensor) -> None:
        if any(t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise ValueError("Size mismatch between tensors: every tensor needs the same first dimension, got "
                             f"{[t.shape[0] for t in tensors]}")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    getitems_returns_batch = True

    def __getitems__(self, indices: list[int]):
        rows = [int(i) for i in indices]
        return tuple(t[rows] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset: Dataset, indices: Sequence[int]) -> None:
        self.dataset, self.indices = dataset, list(indices)

    def __getitem__(self, index):
        return self.dataset[self.indices[index]]

    def __getitems__(self, indices: list[int]):
        mapped = [self.indices[i] for i in indices]
        if hasattr(self.dataset, "__getitems__"):
            return self.dataset.__getitems__(mapped)
        return [self.dataset[i] for i in mapped]

    def __len__(self) -> int:
        return len(self.indices)


class ConcatDataset(Dataset):
    """The samples of several datasets one after the other."""

    def __init__(self, datasets: Sequence[Dataset]) -> None:
        self.datasets = list(datasets)
        self.ends = []
        total = 0
        for dataset in self.datasets:
            total += len(dataset)
            self.ends.append(total)

    def __len__(self) -> int:
        return self.ends[-1] if self.ends else 0

    def __getitem__(self, index: int):
        if index < 0:
            index += len(self)
        for position, end in enumerate(self.ends):
            if index < end:
                start = self.ends[position - 1] if position else 0
                return self.datasets[position][index - start]
        raise IndexError(f"index {index} is out of range for a dataset of {len(self)} samples")


def random_split(dataset: Dataset, lengths: Sequence[int | float], generator: Generator | None = None) -> list[Subset]:
    """Split into non-overlapping random subsets of the given sizes (or fractions summing to 1)."""
    total = len(dataset)
    if all(0 <= length <= 1 for length in lengths) and math.isclose(sum(lengths), 1) and sum(lengths) <= 1 + 1e-9:
        sizes = [int(math.floor(total * fraction)) for fraction in lengths]
        for i in range(total - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    if sum(lengths) != total:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = numpy_generator(generator).permutation(total).tolist()
    subsets, start = [], 0
    for length in lengths:
        subsets.append(Subset(dataset, order[start:start + length]))
        start += length
    return subsets
