"""The torch side of the training program: ``python -m minitorch_es train --backend torch``.

The same model definitions (built with ``torch.nn``), the same data and batches (minitorch_es's loader, converted
to torch tensors on the CPU as torch's DataLoader gives them), the same loop (which moves them to the device), so
that results are directly comparable.

Under ``torchrun`` (``torchrun --nproc_per_node 2 -m minitorch_es train --backend torch ...``) each process trains
a DistributedDataParallel replica on its shard of the training set (gloo on CPU, NCCL on GPUs); gradients are
averaged across processes at every step, and only the first process writes the outputs.
"""

from __future__ import annotations

import atexit
import os

import torch

from minitorch_es.random import numpy_generator
from minitorch_es.training.backend import Backend

from .device import default_device


class _TorchBatches:
    """Wrap a minitorch_es DataLoader: every (images, labels) batch becomes torch CPU tensors, as torch's own
    DataLoader gives them; the training loop moves them to its device (``images.to(device)``, as the guides do)."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def __iter__(self):
        for images, labels in self.loader:
            yield torch.from_numpy(images.numpy()), torch.from_numpy(labels.numpy())

    def __len__(self) -> int:
        return len(self.loader)


class ShardSampler:
    """Each process's share of the training set, reshuffled every epoch with the same seed in every process (as
    ``DistributedSampler``): process r takes positions r, r + W, r + 2W... of the common permutation."""

    def __init__(self, size: int, rank: int, world_size: int, seed: int) -> None:
        self.size, self.rank, self.world_size, self.seed, self.epoch = size, rank, world_size, seed, 0

    def __iter__(self):
        import minitorch_es

        order = numpy_generator(minitorch_es.Generator().manual_seed(self.seed + self.epoch)).permutation(self.size)
        self.epoch += 1
        usable = self.size - self.size % self.world_size
        return iter(order[:usable][self.rank::self.world_size].tolist())

    def __len__(self) -> int:
        return self.size // self.world_size


def torch_backend(device: str | None = None) -> Backend:
    import torch.distributed as dist

    if dist.is_available() and dist.is_torchelastic_launched():
        return _distributed_backend(int(os.environ["WORLD_SIZE"]), device)
    return _single_process(default_device(device))


def _single_process(chosen: torch.device) -> Backend:
    def probabilities(model, images):
        model.eval()
        with torch.no_grad():
            return torch.softmax(model(images.to(chosen)), dim=1)[0].cpu().numpy()

    def generator(seed: int):
        import minitorch_es

        return minitorch_es.Generator().manual_seed(seed)

    return Backend(lib=torch, device=chosen, generator=generator,
                   loader=_TorchBatches, probabilities=probabilities)


def _leave_process_group(dist) -> None:
    """At exit, wait for every process before tearing the group down: a process that leaves while the main one is
    still writing the outputs can abort gloo's teardown ("terminate called without an active exception")."""
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def _distributed_backend(world_size: int, device: str | None) -> Backend:
    """One process of ``torchrun``: NCCL and the GPU of its local rank when the device is CUDA (named, or chosen
    because every local process can have a GPU of its own), gloo on the CPU otherwise."""
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    rank, local_rank = int(os.environ["RANK"]), int(os.environ.get("LOCAL_RANK", "0"))
    local_processes = int(os.environ.get("LOCAL_WORLD_SIZE", world_size))
    if device is None:  # one GPU per process, or all of them on the CPU
        use_cuda = torch.cuda.is_available() and torch.cuda.device_count() >= local_processes
    else:
        use_cuda = default_device(device).type == "cuda"
        if use_cuda and torch.cuda.device_count() < local_processes:
            raise RuntimeError(f"--device {device} with {local_processes} processes on this machine needs one GPU "
                               f"each, but there are {torch.cuda.device_count()}: start fewer processes or use cpu")
    if use_cuda:
        torch.cuda.set_device(local_rank)
    dist.init_process_group("nccl" if use_cuda else "gloo")
    atexit.register(_leave_process_group, dist)
    chosen = torch.device(f"cuda:{local_rank}") if use_cuda else torch.device("cpu")
    single = _single_process(chosen)

    def prepare(model):
        return DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None)

    single.prepare_model = prepare
    single.sampler = lambda dataset, seed: ShardSampler(len(dataset), rank, world_size, seed)
    single.is_main_process = rank == 0
    single.world_size = world_size
    return single
