"""Guide 004, exercises 1-5, with minitorch_es: the guide's code with only its imports changed.

    python examples/guide_004_fashion_mnist.py [--quick] [--epochs 10] [--out runs/guide_004] [--backend torch]

1. imports;  2. Fashion-MNIST with ToTensor + Normalize((0.5,), (0.5,)), one image, the class names, a 3x3 grid;
3. DataLoaders of 100 and one batch;  4. the FeedforwardNN, its logits and softmax for one image;
5. train_one_epoch / validate per epoch, loss and accuracy curves, and the prediction for one test image.
Figures go to OUT (no display needed). ``--quick`` uses 2000 training images and 2 epochs. ``--backend torch`` runs
the same lines on PyTorch (CUDA when present); the data come from minitorch_es's reader either way (torchvision's
cannot read the Debian package's copy), as torch tensors.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from choose_backend import backend_name, library_from_command_line  # noqa: E402

from minitorch_es.training import backend_named, train_one_epoch, validate  # noqa: E402
from minitorch_es.utils.data import DataLoader, Subset  # noqa: E402
from minitorch_es.vision import datasets, transforms  # noqa: E402

torch = library_from_command_line()  # minitorch_es, or PyTorch with --backend torch
nn = torch.nn
F = torch.nn.functional

class_names = {0: 'T-shirt/top', 1: 'Trouser', 2: 'Pullover', 3: 'Dress', 4: 'Coat', 5: 'Sandal', 6: 'Shirt',
               7: 'Sneaker', 8: 'Bag', 9: 'Ankle boot'}


def tensor_to_image(img_t):
    """(1, 28, 28) normalized to [-1, 1] -> (28, 28) in [0, 1] for imshow (guide 004, 2.2.3)."""
    return (img_t.squeeze(0) * 0.5 + 0.5).numpy()


def plot_grid(dataset, class_dict, path, rows=3, cols=3, seed=123):
    random.seed(seed)
    indices = random.sample(range(len(dataset)), rows * cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 2.5, rows * 2.5))
    for ax, idx in zip(axes.flatten(), indices):
        img_t, lbl = dataset[idx]
        ax.imshow(tensor_to_image(img_t), cmap='gray')
        ax.set_title(class_dict[int(lbl)], fontsize=9)
        ax.axis('off')
    plt.tight_layout()
    fig.savefig(path)
    plt.close(fig)


class FeedforwardNN(nn.Module):
    def __init__(self):
        super(FeedforwardNN, self).__init__()  # noqa: UP008  (the guide's code, as it is written)
        self.fc1 = nn.Linear(784, 128)
        self.dropout1 = nn.Dropout(p=0.2)
        self.fc2 = nn.Linear(128, 64)
        self.dropout2 = nn.Dropout(p=0.2)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = self.dropout1(x)
        x = F.relu(self.fc2(x))
        x = self.dropout2(x)
        x = self.fc3(x)
        return x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("runs/guide_004"))
    parser.add_argument("--data-root", default="./data")
    parser.add_argument("--backend", choices=["minitorch_es", "torch"], default=backend_name())
    args = parser.parse_args()
    to_backend = backend_named(args.backend).loader  # our DataLoader -> batches of the chosen library
    args.out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)

    # Ejercicio 2: descargar y explorar Fashion-MNIST
    transform = transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize((0.5,), (0.5,))
    ])
    train_dataset = datasets.FashionMNIST(root=args.data_root, train=True, download=True, transform=transform)
    test_dataset = datasets.FashionMNIST(root=args.data_root, train=False, download=True, transform=transform)
    print(f"Tamaño del set de entrenamiento: {len(train_dataset)}, de prueba: {len(test_dataset)}")
    sample_img, label = train_dataset[0]
    print("Forma del tensor:", sample_img.shape, "Etiqueta:", label, "Clase:", class_names[label])
    print("Mínimo y máximo tras normalizar:", sample_img.min().item(), sample_img.max().item())
    print("Diccionario de clases:", class_names)
    plot_grid(train_dataset, class_names, args.out / "grid.png")

    # Ejercicio 3: DataLoaders y un batch
    if args.quick:
        train_dataset, test_dataset = Subset(train_dataset, range(2000)), Subset(test_dataset, range(500))
    train_loader = to_backend(DataLoader(train_dataset, batch_size=100, shuffle=True))
    test_loader = to_backend(DataLoader(test_dataset, batch_size=100, shuffle=True))
    images, labels = next(iter(train_loader))
    print("Shape de imágenes:", images.shape, "Shape de etiquetas:", labels.shape)

    # Ejercicio 4: la red feedforward, logits y softmax
    model = FeedforwardNN()
    print(model)
    logits = model(images[:1])
    probs = F.softmax(logits, dim=1)
    print("Logits:", logits.detach(), "\nProbabilidades:", probs.detach(), "suma:", round(probs.sum().item(), 6))

    # Ejercicio 5: entrenamiento y validación
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = model.to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    epochs = 2 if args.quick else args.epochs
    history = {"train_loss": [], "train_acc": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        train_loss, train_acc = train_one_epoch(model, train_loader, loss_fn, optimizer, device)
        val_loss, val_acc = validate(model, test_loader, loss_fn, device)
        for key, value in zip(history, (train_loss, train_acc, val_loss, val_acc)):
            history[key].append(value)
        print(f"Época {epoch + 1}/{epochs} | train loss {train_loss:.4f} acc {train_acc:.4f} | "
              f"val loss {val_loss:.4f} acc {val_acc:.4f}")
    for metric, title in (("loss", "Pérdida"), ("acc", "Precisión")):
        fig = plt.figure(figsize=(6, 4))
        plt.plot(history[f"train_{metric}"], label="Entrenamiento")
        plt.plot(history[f"val_{metric}"], label="Validación")
        plt.xlabel("Época")
        plt.title(f"{title} por época")
        plt.legend()
        fig.savefig(args.out / f"{metric}.png")
        plt.close(fig)

    # Predicción de una imagen
    model.eval()
    image, label = test_dataset[0]
    image = torch.as_tensor(image.numpy()).to(device)  # the dataset's tensor, in the chosen library
    with torch.no_grad():
        probs = F.softmax(model(image.unsqueeze(0)), dim=1)[0]
    predicted_class = torch.argmax(probs).item()
    print(f"Predicción: {class_names[predicted_class]} ({probs[predicted_class].item():.1%}), "
          f"real: {class_names[label]}")
    print(f"Figuras en {args.out}: grid.png, loss.png, acc.png; precisión final {history['val_acc'][-1]:.4f}")
    np.savez(args.out / "history.npz", **{k: np.asarray(v) for k, v in history.items()})


if __name__ == "__main__":
    main()
