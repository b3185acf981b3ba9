"""``DataLoader``: batches of samples, optionally shuffled, collated into tensors."""

from __future__ import annotations

import numbers
from collections.abc import Callable

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

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool | None = None, sampler=None,
                 batch_sampler=None, num_workers: int = 0, collate_fn: Callable | None = None,
                 pin_memory: bool = False, drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Callable | None = None, multiprocessing_context=None,
                 generator: Generator | None = None, *, prefetch_factor: int | None = None,
                 persistent_workers: bool = False, pin_memory_device: str = "", in_order: bool = True) -> None:
        """Batches are produced in this process: ``num_workers`` and the other multiprocessing options are
        accepted (and checked as PyTorch checks them) but start no worker processes; ``worker_init_fn``, when
        workers are asked for, is called once per epoch with worker id 0."""
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size <= 0):
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None or drop_last):
            raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and "
                             "drop_last")
        self.dataset, self.batch_size, self.shuffle = dataset, None if batch_sampler is not None else batch_size, \
            bool(shuffle)
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.num_workers, self.pin_memory, self.drop_last = num_workers, pin_memory, drop_last
        self.timeout, self.worker_init_fn, self.prefetch_factor = timeout, worker_init_fn, prefetch_factor
        self.persistent_workers = persistent_workers
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
        if self.num_workers > 0 and self.worker_init_fn is not None:
            self.worker_init_fn(0)
        for indices in self._batches():
            samples = self._fetch(indices)
            if self.batch_size is None and self.batch_sampler is None:
                samples = samples[0]
                yield samples if self.collate_fn is None else self.collate_fn(samples)
                continue
            if isinstance(samples, list) or not _collates_itself(self.dataset):
                yield (self.collate_fn or default_collate)(samples)
            else:
                yield samples

    def _fetch(self, indices: list):
        """The samples of one batch: a list, or a batch the dataset collated itself (``__getitems__``). A custom
        ``collate_fn`` always receives the list of samples, as in PyTorch."""
        fetch_batch = getattr(self.dataset, "__getitems__", None)
        if fetch_batch is None or (self.collate_fn is not None and self.batch_size is not None
                                   and _collates_itself(self.dataset)):
            return [self.dataset[i] for i in indices]
        return fetch_batch(indices)

    def __len__(self) -> int:
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        count = len(self.sampler) if self.sampler is not None else len(self.dataset)
        if self.batch_size is None:
            return count
        return count // self.batch_size if self.drop_last else -(-count // self.batch_size)


def _collates_itself(dataset) -> bool:
    """Whether ``__getitems__`` returns a ready batch (minitorch_es's tensor and vision datasets, possibly inside a
    Subset) rather than PyTorch's list of samples."""
    while hasattr(dataset, "indices") and hasattr(dataset, "dataset"):
        dataset = dataset.dataset
    return getattr(dataset, "getitems_returns_batch", False)
