"""The guide's figures with matplotlib (no display needed): sample grids, loss/accuracy curves, one prediction with
its class probabilities, and the confusion matrix."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def _image(sample) -> np.ndarray:
    array = np.asarray(sample.detach().cpu() if hasattr(sample, "detach") else sample, dtype=np.float32)
    return array.squeeze(0) if array.ndim == 3 and array.shape[0] == 1 else array


def plot_grid(images, labels, class_names, path: Path, rows: int = 3, cols: int = 3) -> Path:
    """A rows x cols grid of images titled with their class names (guide 004, figures 2-3)."""
    figure, axes = plt.subplots(rows, cols, figsize=(cols * 2.5, rows * 2.5))
    for axis, image, label in zip(np.ravel(axes), images, labels):
        axis.imshow(_image(image), cmap="gray")
        axis.set_title(class_names[int(label)])
        axis.axis("off")
    figure.tight_layout()
    return _save(figure, path)


def plot_history(history, path: Path) -> Path:
    """Training and validation loss and accuracy per epoch (guide 004, figures 4-5)."""
    epochs = range(1, len(history.train_loss) + 1)
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(11, 4))
    loss_axis.plot(epochs, history.train_loss, "o-", label="entrenamiento")
    loss_axis.plot(epochs, history.val_loss, "o-", label="validación")
    loss_axis.set(title="Pérdida por época", xlabel="época", ylabel="pérdida")
    accuracy_axis.plot(epochs, history.train_accuracy, "o-", label="entrenamiento")
    accuracy_axis.plot(epochs, history.val_accuracy, "o-", label="validación")
    accuracy_axis.set(title="Precisión (accuracy) por época", xlabel="época", ylabel="accuracy")
    for axis in (loss_axis, accuracy_axis):
        axis.legend()
        axis.grid(alpha=0.3)
    figure.tight_layout()
    return _save(figure, path)


def plot_prediction(image, probabilities, label: int, class_names, path: Path) -> Path:
    """One image with its predicted class, and the probability of each class (guide 004, figure 6)."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    predicted = int(probabilities.argmax())
    figure, (image_axis, bar_axis) = plt.subplots(1, 2, figsize=(10, 4))
    image_axis.imshow(_image(image), cmap="gray")
    image_axis.set_title(f"Predicción: {class_names[predicted]} ({probabilities[predicted]:.1%})\n"
                         f"Real: {class_names[int(label)]}")
    image_axis.axis("off")
    colors = ["tab:green" if i == predicted else "tab:gray" for i in range(len(class_names))]
    bar_axis.barh(range(len(class_names)), probabilities, color=colors)
    bar_axis.set_yticks(range(len(class_names)), labels=list(class_names))
    bar_axis.invert_yaxis()
    bar_axis.set(xlim=(0, 1), xlabel="probabilidad", title="Probabilidad de cada clase")
    figure.tight_layout()
    return _save(figure, path)


def plot_confusion(confusion: np.ndarray, class_names, path: Path) -> Path:
    """The confusion matrix (rows: true class, columns: predicted), with counts."""
    figure, axis = plt.subplots(figsize=(8, 7))
    image = axis.imshow(confusion, cmap="Blues")
    axis.set_xticks(range(len(class_names)), labels=list(class_names), rotation=45, ha="right")
    axis.set_yticks(range(len(class_names)), labels=list(class_names))
    threshold = confusion.max() / 2 if confusion.size else 0
    for (row, column), count in np.ndenumerate(confusion):
        axis.text(column, row, str(count), ha="center", va="center", fontsize=8,
                  color="white" if count > threshold else "black")
    axis.set(xlabel="predicha", ylabel="real", title="Matriz de confusión")
    figure.colorbar(image, ax=axis)
    figure.tight_layout()
    return _save(figure, path)


def _save(figure, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
