"""Training steps against PyTorch CPU: forward, backward and optimizer step at batch 100 for the guide's
feed-forward net (Adam) and the Fashion-MNIST CNN (Adam), and one epoch of the guide's loop (ToTensor + Normalize,
DataLoader of 100 with shuffle, train_one_epoch + validate) on Fashion-MNIST.

    python benchmarks/bench_training.py [--rounds 3]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from harness import compare, import_backend, median_seconds, parse_arguments, report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORKLOADS = ["mlp_adam_step_b100", "cnn_adam_step_b100", "guide_epoch_mlp"]


def build_step(lib, model_name: str):
    from minitorch_es.training.models import MODELS

    model = MODELS[model_name](lib.nn)
    _same_weights(lib, model)
    rng = np.random.default_rng(0)
    images = lib.tensor(rng.standard_normal((100, 1, 28, 28)).astype(np.float32))
    labels = lib.tensor(rng.integers(0, 10, 100))
    optimizer = lib.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = lib.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(model(images), labels).backward()
        optimizer.step()

    return step


def _same_weights(lib, model) -> None:
    """Both backends time the same weights: drawn from one NumPy seed, uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) as
    PyTorch's default initialisation (biases with the fan-in of the layer's weight)."""
    rng = np.random.default_rng(0)
    state, fan_in = {}, 1
    for name, value in model.state_dict().items():
        shape = tuple(value.shape)
        if len(shape) > 1:
            fan_in = int(np.prod(shape[1:]))
        bound = 1 / np.sqrt(fan_in)
        state[name] = lib.tensor(rng.uniform(-bound, bound, shape).astype(np.float32))
    model.load_state_dict(state)


def guide_epoch(backend: str) -> float:
    """Seconds for one epoch of the guide's code (train + validate), data loading included."""
    from minitorch_es.training.loops import train_one_epoch, validate
    from minitorch_es.training.models import feedforward

    if backend == "torch":
        import torch
        from torchvision import datasets, transforms

        lib, loader_class = torch, torch.utils.data.DataLoader
    else:
        import minitorch_es as lib
        from minitorch_es.vision import datasets, transforms

        loader_class = lib.utils.data.DataLoader
    root = Path("/tmp/minitorch_es_bench_data")
    _link_debian_copy(root)
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    train = datasets.FashionMNIST(root=str(root), train=True, download=False, transform=transform)
    test = datasets.FashionMNIST(root=str(root), train=False, download=False, transform=transform)
    train_loader = loader_class(train, batch_size=100, shuffle=True)
    test_loader = loader_class(test, batch_size=100, shuffle=True)
    lib.manual_seed(0)
    model = feedforward(lib.nn)
    optimizer = lib.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = lib.nn.CrossEntropyLoss()
    start = time.perf_counter()
    train_one_epoch(model, train_loader, loss_fn, optimizer, "cpu")
    validate(model, test_loader, loss_fn, "cpu")
    return time.perf_counter() - start


def _link_debian_copy(root: Path) -> None:
    """torchvision reads only unpacked files in root/FashionMNIST/raw: unpack the Debian package's copy there."""
    import gzip
    import shutil

    raw = root / "FashionMNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for source in Path("/usr/share/datasets/fashion-mnist").glob("*.gz"):
        target = raw / source.name.removesuffix(".gz")
        if not target.exists():
            with gzip.open(source, "rb") as packed, open(f"{target}.part", "wb") as unpacked:
                shutil.copyfileobj(packed, unpacked)
            Path(f"{target}.part").replace(target)


def worker(backend: str, workload: str, repeats: int, threads: int) -> None:
    lib = import_backend(backend, threads)
    if workload == "guide_epoch_mlp":
        seconds = min(guide_epoch(backend) for _ in range(2))
    else:
        seconds = median_seconds(build_step(lib, workload.split("_")[0]), repeats, warmup=3)
    print(json.dumps({"seconds": seconds}))


def main() -> None:
    args = parse_arguments(__doc__.splitlines()[0], WORKLOADS, repeats=20, rounds=3)
    if args.worker:
        worker(args.worker, args.workload, args.repeats, args.threads)
        return
    report("training", compare(Path(__file__), WORKLOADS, rounds=args.rounds, repeats=args.repeats,
                               threads=args.threads))


if __name__ == "__main__":
    main()
