"""The training loop of guide 004 (section 7): ``train_one_epoch`` and ``validate`` exactly as the guide writes
them, ``fit`` around them (history, scheduler, early stopping, progress bar), and ``evaluate`` (confusion matrix).

The functions only use the PyTorch API, so the same code trains a minitorch_es model or a PyTorch one.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm


def library_of(obj):
    """The module (``minitorch_es`` or ``torch``) of a tensor, or of the tensors a model holds, so that the guide's
    code, which writes ``torch.max`` and ``torch.no_grad``, runs unchanged on either backend."""
    parameter = next(iter(obj.parameters()), None) if hasattr(obj, "parameters") else obj
    name = type(parameter).__module__ if parameter is not None else type(obj).__module__
    return importlib.import_module(name.split(".")[0])


def train_one_epoch(model, dataloader, loss_fn, optimizer, device):
    """One pass over the training batches (guide 004, 7.2): returns (average loss, accuracy)."""
    torch = library_of(model)
    model.train()
    running_loss = 0.0
    correct = 0
    total = 0
    for images, labels in dataloader:
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item() * images.size(0)
        _, predicted = torch.max(outputs, 1)
        correct += (predicted == labels).sum().item()
        total += labels.size(0)
    avg_loss = running_loss / total
    accuracy = correct / total
    return avg_loss, accuracy


def validate(model, dataloader, loss_fn, device):
    """One pass over the validation batches without gradients (guide 004, 7.3): returns (average loss, accuracy)."""
    torch = library_of(model)
    model.eval()
    running_loss = 0.0
    correct = 0
    total = 0
    with torch.no_grad():
        for images, labels in dataloader:
            images, labels = images.to(device), labels.to(device)
            outputs = model(images)
            loss = loss_fn(outputs, labels)
            running_loss += loss.item() * images.size(0)
            _, predicted = torch.max(outputs, 1)
            correct += (predicted == labels).sum().item()
            total += labels.size(0)
    avg_loss = running_loss / total
    accuracy = correct / total
    return avg_loss, accuracy


@dataclass
class History:
    """Per-epoch metrics of a ``fit``; ``best_epoch`` is 1-based."""

    train_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    learning_rate: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    best_epoch: int = 0
    stopped_early: bool = False

    def rows(self) -> list[dict]:
        return [{"epoch": i + 1, "train_loss": self.train_loss[i], "train_accuracy": self.train_accuracy[i],
                 "val_loss": self.val_loss[i], "val_accuracy": self.val_accuracy[i], "lr": self.learning_rate[i],
                 "seconds": self.seconds[i]} for i in range(len(self.train_loss))]


def fit(model, train_loader, val_loader, loss_fn, optimizer, epochs: int, device="cpu", scheduler=None,
        early_stopping: int | None = None, on_epoch_end=None, progress: bool = True) -> History:
    """Train for ``epochs`` epochs, validating after each; step the scheduler once per epoch (ReduceLROnPlateau gets
    the validation loss). With ``early_stopping`` N, stop after N epochs without a better validation loss and
    restore the best weights (guide 003, exercise 5)."""
    history = History()
    best_loss, best_state, waited = float("inf"), None, 0
    bar = tqdm(range(epochs), desc="epochs", unit="epoch", disable=not progress)
    for epoch in bar:
        start = time.perf_counter()
        train_loss, train_accuracy = train_one_epoch(model, train_loader, loss_fn, optimizer, device)
        val_loss, val_accuracy = validate(model, val_loader, loss_fn, device)
        history.train_loss.append(train_loss)
        history.train_accuracy.append(train_accuracy)
        history.val_loss.append(val_loss)
        history.val_accuracy.append(val_accuracy)
        history.learning_rate.append(optimizer.param_groups[0]["lr"])
        history.seconds.append(time.perf_counter() - start)
        bar.set_postfix(loss=f"{train_loss:.4f}", acc=f"{train_accuracy:.3f}", val_loss=f"{val_loss:.4f}",
                        val_acc=f"{val_accuracy:.3f}")
        if scheduler is not None:
            scheduler.step(val_loss) if type(scheduler).__name__ == "ReduceLROnPlateau" else scheduler.step()
        if val_loss < best_loss:
            best_loss, waited, history.best_epoch = val_loss, 0, epoch + 1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
            if on_epoch_end is not None:
                on_epoch_end(epoch + 1, history, improved=True)
        else:
            waited += 1
            if on_epoch_end is not None:
                on_epoch_end(epoch + 1, history, improved=False)
            if early_stopping is not None and waited >= early_stopping:
                history.stopped_early = True
                break
    if early_stopping is not None and best_state is not None:
        model.load_state_dict(best_state)
    return history


def evaluate(model, dataloader, num_classes: int, device="cpu") -> dict:
    """Accuracy, the confusion matrix (rows: true class, columns: predicted) and the accuracy of each class."""
    library = library_of(model)
    model.eval()
    confusion = np.zeros((num_classes, num_classes), dtype=np.int64)
    with library.no_grad():
        for images, labels in dataloader:
            predicted = model(images.to(device)).argmax(1)
            np.add.at(confusion, (np.asarray(labels.cpu()), np.asarray(predicted.cpu())), 1)
    per_class = confusion.diagonal() / np.maximum(confusion.sum(axis=1), 1)
    return {"accuracy": float(confusion.diagonal().sum() / max(confusion.sum(), 1)), "confusion": confusion,
            "per_class_accuracy": per_class}


__all__ = ["train_one_epoch", "validate", "fit", "evaluate", "History"]
