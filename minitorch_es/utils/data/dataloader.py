"""``DataLoader``: batches of samples, optionally shuffled, collated into tensors."""

from __future__ import annotations

import numbers
from typing import Callable

import numpy as np

from ...random import Generator, numpy_generator
from ...tensor import Tensor
from .dataset import Dataset


def default_collate(batch: list):
    """Stack a list of samples: tensors and arrays into one tensor, numbers into a tensor, tuples and dicts element
    by element (as PyTorch's ``default_collate``)."""
    first = batch[0]
    if isinstance(first, Tensor):
        return Tensor._wrap(np.stack([sample._data for sample in batch]))
    if isinstance(first, np.ndarray):
        return Tensor._wrap(np.stack(batch))
    if isinstance(first, bool):
        return Tensor._wrap(np.asarray(batch, dtype=np.bool_))
    if isinstance(first, numbers.Integral):
        return Tensor._wrap(np.asarray(batch, dtype=np.int64))
    if isinstance(first, numbers.Real):
        return Tensor._wrap(np.asarray(batch, dtype=np.float64))
    if isinstance(first, (str, bytes)):
        return list(batch)
    if isinstance(first, dict):
        return {key: default_collate([sample[key] for sample in batch]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(len(sample) != len(first) for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return type(first)(default_collate(list(column)) for column in zip(*batch)) if isinstance(first, tuple) \
            else [default_collate(list(column)) for column in zip(*batch)]
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found "
                    f"{type(first).__name__}")


class DataLoader:
    """Iterate over ``dataset`` in batches of ``batch_size`` (``shuffle`` reorders every epoch, reproducibly with
    ``generator``; ``drop_last`` drops a final incomplete batch).

    Where the dataset defines ``__getitems__``, a batch is fetched in one call (``vision`` datasets then apply
    deterministic transforms to the whole batch at once); the result is collated unless it already is a batch.
    """

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool = False, sampler=None,
                 batch_sampler=None, num_workers: int = 0, collate_fn: Callable | None = None,
                 pin_memory: bool = False, drop_last: bool = False, generator: Generator | None = None,
                 **ignored) -> None:
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size <= 0):
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        self.dataset, self.batch_size, self.shuffle = dataset, batch_size, shuffle
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.num_workers, self.pin_memory, self.drop_last = num_workers, pin_memory, drop_last
        self.collate_fn = collate_fn
        self.generator = generator

    def _order(self) -> list[int]:
        if self.sampler is not None:
            return list(self.sampler)
        if self.shuffle:
            return numpy_generator(self.generator).permutation(len(self.dataset)).tolist()
        return list(range(len(self.dataset)))

    def _batches(self):
        if self.batch_sampler is not None:
            yield from self.batch_sampler
            return
        order = self._order()
        if self.batch_size is None:
            yield from ([i] for i in order)
            return
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            if len(batch) < self.batch_size and self.drop_last:
                return
            yield batch

    def __iter__(self):
        fetch_batch = getattr(self.dataset, "__getitems__", None)
        for indices in self._batches():
            if fetch_batch is not None:
                samples = fetch_batch(indices)
            else:
                samples = [self.dataset[i] for i in indices]
            if self.batch_size is None and self.batch_sampler is None:
                samples = samples[0]
                yield samples if self.collate_fn is None else self.collate_fn(samples)
                continue
            if isinstance(samples, list):
                yield (self.collate_fn or default_collate)(samples)
            else:
                yield samples if self.collate_fn is None else self.collate_fn(samples)

    def __len__(self) -> int:
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        count = len(self.sampler) if self.sampler is not None else len(self.dataset)
        if self.batch_size is None:
            return count
        return count // self.batch_size if self.drop_last else -(-count // self.batch_size)
