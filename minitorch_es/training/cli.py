"""``python -m minitorch_es train``: train the guide's feed-forward net or CNN on Fashion-MNIST, on minitorch_es or
(``--backend torch``, through the ``reference`` package) on PyTorch, and write comparable results:

    OUT/metrics.json   final and best accuracy, losses, seconds per epoch, backend, settings
    OUT/history.csv    one row per epoch
    OUT/curves.png     loss and accuracy curves (guide 004, figures 4-5)
    OUT/samples.png    a 3x3 grid of test images with their class names (figures 2-3)
    OUT/prediction.png one test image, its predicted class and every class's probability (figure 6)
    OUT/confusion.png  the confusion matrix of the test set
    OUT/best.npz       the checkpoint of the best epoch (lowest validation loss)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

from .backend import backend_named, check_device
from .checkpoint import save_checkpoint
from .loops import evaluate, fit
from .models import MODELS
from .plots import plot_confusion, plot_grid, plot_history, plot_prediction

OPTIMIZERS = ("sgd", "momentum", "adam", "adamw", "rmsprop")
SCHEDULERS = ("none", "step", "plateau", "cosine")
BACKENDS = ("minitorch_es", "torch")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minitorch-es", description="minitorch_es command line")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train a model on Fashion-MNIST")
    train.add_argument("--model", choices=sorted(MODELS), default="mlp")
    train.add_argument("--backend", choices=BACKENDS, default="minitorch_es")
    train.add_argument("--device", default=None,
                       help="torch backend: cpu, cuda or cuda:N (default: cuda when available, else cpu, as the "
                            "guides write it); minitorch_es runs on the cpu")
    train.add_argument("--epochs", type=int, default=10)
    train.add_argument("--batch-size", type=int, default=100)
    train.add_argument("--optimizer", choices=OPTIMIZERS, default="adam")
    train.add_argument("--lr", type=float, default=1e-3)
    train.add_argument("--momentum", type=float, default=None,
                       help="momentum of 'momentum' (default 0.9) and 'rmsprop' (default 0)")
    train.add_argument("--weight-decay", type=float, default=None,
                       help="L2 penalty (decoupled for adamw); default 0, or 1e-2 for adamw as in PyTorch")
    train.add_argument("--scheduler", choices=SCHEDULERS, default="none")
    train.add_argument("--early-stopping", type=int, default=None, metavar="N",
                       help="stop after N epochs without a better validation loss, keeping the best weights")
    train.add_argument("--augment", action="store_true", help="random flips and crops of the training images")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--data-root", type=Path, default=Path("data"))
    train.add_argument("--out", type=Path, default=None, help="output folder (default runs/<timestamp>)")
    train.add_argument("--train-samples", type=int, default=None, help="use only the first N training images")
    train.add_argument("--test-samples", type=int, default=None, help="use only the first N test images")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def _datasets(args, backend):
    from ..utils.data import DataLoader, Subset
    from ..vision import datasets, transforms

    normalize = [transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))]
    augment = [transforms.RandomHorizontalFlip(), transforms.RandomCrop(28, padding=2)] if args.augment else []
    train = datasets.FashionMNIST(args.data_root, train=True, download=True,
                                  transform=transforms.Compose(augment + normalize))
    test = datasets.FashionMNIST(args.data_root, train=False, download=True, transform=transforms.Compose(normalize))
    if args.train_samples:
        train = Subset(train, range(min(args.train_samples, len(train))))
    if args.test_samples:
        test = Subset(test, range(min(args.test_samples, len(test))))
    sampler = backend.sampler(train, args.seed)
    if sampler is None:
        train_loader = DataLoader(train, batch_size=args.batch_size, shuffle=True,
                                  generator=backend.generator(args.seed))
    else:
        train_loader = DataLoader(train, batch_size=args.batch_size, sampler=sampler)
    test_loader = DataLoader(test, batch_size=args.batch_size, shuffle=False)
    return backend.loader(train_loader), backend.loader(test_loader), test


def _optimizer(args, optim, parameters):
    decay = args.weight_decay if args.weight_decay is not None else (1e-2 if args.optimizer == "adamw" else 0.0)
    if args.optimizer == "sgd":
        return optim.SGD(parameters, lr=args.lr, weight_decay=decay)
    if args.optimizer == "momentum":
        momentum = 0.9 if args.momentum is None else args.momentum
        return optim.SGD(parameters, lr=args.lr, momentum=momentum, weight_decay=decay)
    if args.optimizer == "adam":
        return optim.Adam(parameters, lr=args.lr, weight_decay=decay)
    if args.optimizer == "adamw":
        return optim.AdamW(parameters, lr=args.lr, weight_decay=decay)
    return optim.RMSprop(parameters, lr=args.lr, momentum=args.momentum or 0.0, weight_decay=decay)


def _scheduler(args, optim, optimizer):
    schedulers = optim.lr_scheduler
    if args.scheduler == "step":
        return schedulers.StepLR(optimizer, step_size=max(1, args.epochs // 3), gamma=0.1)
    if args.scheduler == "plateau":
        return schedulers.ReduceLROnPlateau(optimizer, mode="min", factor=0.1, patience=2)
    if args.scheduler == "cosine":
        return schedulers.CosineAnnealingLR(optimizer, T_max=args.epochs)
    return None


def train(args) -> dict:
    backend = backend_named(args.backend, args.device)
    lib = backend.lib
    lib.manual_seed(args.seed)
    out = args.out or Path("runs") / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    train_loader, test_loader, test_dataset = _datasets(args, backend)
    model = MODELS[args.model](lib.nn).to(backend.device)
    trained = backend.prepare_model(model)
    loss_fn = lib.nn.CrossEntropyLoss()
    optimizer = _optimizer(args, lib.optim, trained.parameters())
    scheduler = _scheduler(args, lib.optim, optimizer)

    def keep_best(epoch, history, improved):
        if improved and backend.is_main_process:
            save_checkpoint(out / "best.npz", model, optimizer, scheduler, epoch, backend=args.backend,
                            architecture=args.model)

    start = time.perf_counter()
    history = fit(trained, train_loader, test_loader, loss_fn, optimizer, args.epochs, backend.device, scheduler,
                  args.early_stopping, on_epoch_end=keep_best, progress=not args.no_progress)
    seconds = time.perf_counter() - start
    if not backend.is_main_process:
        return {}
    classes = list(getattr(test_dataset, "classes", None) or test_dataset.dataset.classes)
    evaluation = evaluate(model, test_loader, len(classes), backend.device)
    _write_outputs(out, args, history, evaluation, classes, model, backend, test_loader, seconds)
    return json.loads((out / "metrics.json").read_text())


def _write_outputs(out, args, history, evaluation, classes, model, backend, test_loader, seconds) -> None:
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "command"}
    metrics = {
        "backend": args.backend, "model": args.model, "settings": settings, "device": str(backend.device),
        "processes": backend.world_size,
        "final_test_accuracy": history.val_accuracy[-1], "best_test_accuracy": max(history.val_accuracy),
        "best_epoch": history.best_epoch, "test_accuracy_after_training": evaluation["accuracy"],
        "per_class_accuracy": dict(zip(classes, map(float, evaluation["per_class_accuracy"]))),
        "train_loss": history.train_loss, "test_loss": history.val_loss,
        "train_accuracy": history.train_accuracy, "test_accuracy": history.val_accuracy,
        "seconds_per_epoch": history.seconds, "total_seconds": seconds, "stopped_early": history.stopped_early,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    with open(out / "history.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(history.rows()[0]))
        writer.writeheader()
        writer.writerows(history.rows())
    plot_history(history, out / "curves.png")
    plot_confusion(evaluation["confusion"], classes, out / "confusion.png")
    images, labels = next(iter(test_loader))
    plot_grid(list(images[:9]), [int(v) for v in np.asarray(labels[:9].cpu())], classes, out / "samples.png")
    probabilities = backend.probabilities(model, images[:1])
    plot_prediction(images[0], probabilities, int(labels[0]), classes, out / "prediction.png")
    print(f"\n{args.model} on {args.backend}: test accuracy {metrics['final_test_accuracy']:.4f} "
          f"(best {metrics['best_test_accuracy']:.4f} at epoch {history.best_epoch}), "
          f"{np.mean(history.seconds):.1f} s per epoch. Results in {out}/")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "train":
        try:
            check_device(args.backend, args.device)
        except (ValueError, RuntimeError) as error:
            parser.error(str(error))
        try:
            train(args)
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    return 0
