"""Guide 003, the seven exercises, on Fashion-MNIST (CIFAR-10 with ``--dataset cifar10`` when you have it).

    python examples/guide_003_cnn_exercises.py [--exercise 1..7|all] [--backend minitorch_es|torch] [--quick]

1. MySimpleCNN: two blocks conv-ReLU-conv-ReLU-maxpool, Dropout, a linear head; CrossEntropyLoss + Adam.
2. Data augmentation (RandomCrop with padding, RandomHorizontalFlip, ColorJitter, RandomRotation): with and without.
3. Transfer learning, feature extraction: ResNet-18 frozen, a new ``fc`` trained alone; time against from scratch.
4. Fine-tuning: the guide's ``ct < 7`` freezing (layer3, layer4 and fc train), lr 1e-4 for pretrained layers.
5. Weight decay + the guide's early-stopping loop (patience 3), against a fixed number of epochs.
6. StepLR(step_size=5, gamma=0.1) and ReduceLROnPlateau against a constant learning rate.
7. MixUp and CutMix (``mixup_data``/``mixup_criterion`` of the guide) against the baseline.

ImageNet weights cannot be downloaded here, so exercises 3-4 make their own "pretrained" ResNet-18: trained on
classes 0-4, transferred to classes 5-9 (``--weights FILE`` starts from a local weights file instead). The code
below uses only the PyTorch API: ``--backend torch`` runs the very same lines on PyTorch (CUDA when present).
Figures go to OUT. ``--quick`` uses 1000 training images and 2-3 epochs (seconds).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from minitorch_es.training import backend_named, cutmix_data, mixup_criterion, mixup_data  # noqa: E402
from minitorch_es.utils.data import DataLoader, Subset  # noqa: E402
from minitorch_es.vision import datasets, transforms  # noqa: E402

DATASETS = {  # name: (class, channels, side, padding for RandomCrop, Normalize mean, Normalize std)
    "fashion-mnist": (datasets.FashionMNIST, 1, 28, 2, (0.5,), (0.5,)),
    "cifar10": (datasets.CIFAR10, 3, 32, 4, (0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010)),
}


def model_classes(nn):
    """The exercise's network, written against ``nn`` (``minitorch_es.nn`` or ``torch.nn``)."""

    class MySimpleCNN(nn.Module):
        def __init__(self, in_channels=1, side=28, num_classes=10):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(in_channels, 32, kernel_size=3, padding=1), nn.ReLU(inplace=True),
                nn.Conv2d(32, 32, kernel_size=3, padding=1), nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=2, stride=2),
                nn.Conv2d(32, 64, kernel_size=3, padding=1), nn.ReLU(inplace=True),
                nn.Conv2d(64, 64, kernel_size=3, padding=1), nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=2, stride=2),
            )
            self.classifier = nn.Sequential(
                nn.Linear(64 * (side // 4) * (side // 4), 256), nn.ReLU(inplace=True),
                nn.Dropout(0.5),
                nn.Linear(256, num_classes),
            )

        def forward(self, x):
            x = self.features(x)
            x = x.view(x.size(0), -1)
            return self.classifier(x)

    return MySimpleCNN


def small_resnet18(models, nn, in_channels, num_classes, weights=None):
    """ResNet-18 with a 3x3 stride-1 stem and no max pooling, the usual change for 28x28 and 32x32 images."""
    model = models.resnet18(weights=None, num_classes=num_classes)
    model.conv1 = nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = nn.Identity()
    if weights is not None:
        model.load_state_dict(weights)
    return model


class Lab:
    """What every exercise needs: the backend (``torch`` is minitorch_es or PyTorch), data, sizes, output folder."""

    def __init__(self, args) -> None:
        self.args, self.backend = args, backend_named(args.backend)
        self.torch, self.device = self.backend.lib, self.backend.device
        self.nn, self.optim = self.torch.nn, self.torch.optim
        if args.backend == "torch":
            import torchvision.models as models
        else:
            import minitorch_es.vision.models as models
        self.models = models
        self.dataset, self.channels, self.side, self.padding, mean, std = DATASETS[args.dataset]
        self.normalize = [transforms.ToTensor(), transforms.Normalize(mean, std)]
        self.sizes = (1000, 500) if args.quick else (None, None)
        self.transfer_sizes = (300, 200) if args.quick else (6000, 2000)  # ResNet-18 at 28x28 is costly on a CPU
        self.pretrained_state = None
        self.MySimpleCNN = model_classes(self.nn)
        args.out.mkdir(parents=True, exist_ok=True)

    def epochs(self, full: int, quick: int = 2) -> int:
        return self.args.epochs or (quick if self.args.quick else full)

    def new_cnn(self, num_classes=10):
        self.torch.manual_seed(self.args.seed)
        return self.MySimpleCNN(self.channels, self.side, num_classes).to(self.device)

    def loaders(self, augment=None, classes=None, batch_size=100, sizes=None):
        """Training and test batches; ``augment`` is a list of transforms before ToTensor; ``classes`` keeps only
        those classes, relabelled 0, 1, ... (for the transfer exercises); ``sizes`` caps (training, test) images."""
        relabel = None if classes is None else (lambda label: classes.index(label))
        sets = []
        for train, size in zip((True, False), sizes or self.sizes):
            steps = (augment or []) + self.normalize if train else self.normalize
            data = self.dataset(self.args.data_root, train=train, download=True,
                                transform=transforms.Compose(steps), target_transform=relabel)
            keep = np.arange(len(data)) if classes is None else np.flatnonzero(np.isin(data.targets, classes))
            sets.append(Subset(data, keep[:size].tolist()))
        generator = self.backend.generator(self.args.seed)
        return (self.backend.loader(DataLoader(sets[0], batch_size=batch_size, shuffle=True, generator=generator)),
                self.backend.loader(DataLoader(sets[1], batch_size=batch_size, shuffle=False)))


# ---- the guide's loop (section 5), split into a training and an evaluation pass -------------------------------


def train_epoch(lab, model, loader, criterion, optimizer, mix=None):
    """One epoch; with ``mix`` (mixup_data or cutmix_data) the loss mixes both labels' losses (exercise 7)."""
    model.train()
    running_loss = 0.0
    for images, labels in loader:
        images, labels = images.to(lab.device), labels.to(lab.device)
        optimizer.zero_grad()
        if mix is None:
            outputs = model(images)
            loss = criterion(outputs, labels)
        else:
            mixed_images, labels_a, labels_b, lam = mix(images, labels, 1.0)
            outputs = model(mixed_images)
            loss = mixup_criterion(criterion, outputs, labels_a, labels_b, lam)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    return running_loss / len(loader)


def evaluate(lab, model, loader, criterion):
    """(validation loss, accuracy in %) without gradients."""
    model.eval()
    correct, total, loss_sum = 0, 0, 0.0
    with lab.torch.no_grad():
        for images, labels in loader:
            images, labels = images.to(lab.device), labels.to(lab.device)
            outputs = model(images)
            loss_sum += criterion(outputs, labels).item() * labels.size(0)
            _, predicted = outputs.max(1)
            total += labels.size(0)
            correct += predicted.eq(labels).sum().item()
    return loss_sum / total, 100. * correct / total


def train(lab, name, model, loaders, optimizer, epochs, scheduler=None, mix=None):
    """The guide's loop for ``epochs`` epochs; returns the history (and prints the guide's line per epoch)."""
    criterion = lab.nn.CrossEntropyLoss()
    history = {"train_loss": [], "val_loss": [], "accuracy": [], "lr": [], "seconds": 0.0}
    start = time.perf_counter()
    for epoch in range(epochs):
        history["lr"].append(optimizer.param_groups[0]["lr"])
        history["train_loss"].append(train_epoch(lab, model, loaders[0], criterion, optimizer, mix))
        val_loss, accuracy = evaluate(lab, model, loaders[1], criterion)
        history["val_loss"].append(val_loss)
        history["accuracy"].append(accuracy)
        if isinstance(scheduler, lab.optim.lr_scheduler.ReduceLROnPlateau):
            scheduler.step(val_loss)
        elif scheduler is not None:
            scheduler.step()
        print(f"  {name}: Época [{epoch + 1}/{epochs}], Pérdida: {history['train_loss'][-1]:.4f}, "
              f"Pérdida de validación: {val_loss:.4f}, Accuracy: {accuracy:.2f}%")
    history["seconds"] = time.perf_counter() - start
    return history


def compare(lab, runs, filename, title):
    """Print one line per run and plot validation loss, accuracy and learning rate per epoch."""
    for name, history in runs.items():
        print(f"{name:>24}: pérdida de entrenamiento {history['train_loss'][-1]:.4f}, de validación "
              f"{history['val_loss'][-1]:.4f}, accuracy {history['accuracy'][-1]:.2f}% "
              f"({len(history['accuracy'])} épocas, {history['seconds']:.1f} s)")
    figure, axes = plt.subplots(1, 3, figsize=(15, 4))
    for name, history in runs.items():
        epochs = range(1, len(history["accuracy"]) + 1)
        axes[0].plot(epochs, history["train_loss"], "--", label=f"{name} (entrenamiento)")
        axes[0].plot(epochs, history["val_loss"], label=f"{name} (validación)")
        axes[1].plot(epochs, history["accuracy"], label=name)
        axes[2].plot(epochs, history["lr"], label=name)
    for axis, label in zip(axes, ("Pérdida", "Accuracy (%)", "Learning rate")):
        axis.set_xlabel("Época")
        axis.set_ylabel(label)
        axis.legend(fontsize=7)
    axes[2].set_yscale("log")
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(lab.args.out / filename)
    plt.close(figure)
    print(f"  figura: {lab.args.out / filename}")


# ---- the exercises --------------------------------------------------------------------------------------------


def exercise_1(lab):
    """A basic CNN from scratch, 10 epochs of Adam(lr=1e-3)."""
    model = lab.new_cnn()
    print(model)
    print("parámetros:", sum(p.numel() for p in model.parameters()))
    optimizer = lab.optim.Adam(model.parameters(), lr=0.001)
    history = train(lab, "MySimpleCNN", model, lab.loaders(), optimizer, lab.epochs(10))
    compare(lab, {"MySimpleCNN": history}, "ex1_cnn.png", "Ejercicio 1: CNN básica")
    print(f"Ejercicio 1: accuracy final {history['accuracy'][-1]:.2f}%")


def exercise_2(lab):
    """The same network with and without data augmentation."""
    augment = [transforms.RandomCrop(lab.side, padding=lab.padding), transforms.RandomHorizontalFlip(),
               transforms.ColorJitter(brightness=0.2, contrast=0.2), transforms.RandomRotation(10)]
    print("transform_train:", transforms.Compose(augment + lab.normalize))
    runs = {}
    for name, steps in (("sin aumento", None), ("con aumento", augment)):
        model = lab.new_cnn()
        optimizer = lab.optim.Adam(model.parameters(), lr=0.001)
        runs[name] = train(lab, name, model, lab.loaders(augment=steps), optimizer, lab.epochs(10))
    compare(lab, runs, "ex2_augmentation.png", "Ejercicio 2: data augmentation")
    for name, history in runs.items():
        gap = history["val_loss"][-1] - history["train_loss"][-1]
        print(f"Ejercicio 2: {name}: validación - entrenamiento = {gap:+.4f} (sobreajuste si crece)")


SOURCE_CLASSES, TARGET_CLASSES = [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]


def pretrained_resnet18(lab):
    """Our stand-in for ``models.resnet18(weights=True)``: trained once on the source classes (or read from a
    local file), then a fresh copy for each exercise."""
    lab.torch.manual_seed(lab.args.seed)
    if lab.pretrained_state is None and lab.args.weights is not None:
        from minitorch_es.vision.models.resnet import _load_weights

        lab.pretrained_state = {k: lab.torch.as_tensor(v) for k, v in _load_weights(lab.args.weights).items()}
    if lab.pretrained_state is None:
        model = small_resnet18(lab.models, lab.nn, lab.channels, len(SOURCE_CLASSES)).to(lab.device)
        optimizer = lab.optim.Adam(model.parameters(), lr=0.001)
        train(lab, "pre-entrenamiento (clases 0-4)", model, transfer_loaders(lab, SOURCE_CLASSES), optimizer,
              lab.epochs(2, quick=1))
        lab.pretrained_state = {k: v.clone() for k, v in model.state_dict().items()}
    model = small_resnet18(lab.models, lab.nn, lab.channels, len(SOURCE_CLASSES), lab.pretrained_state)
    return model.to(lab.device)


def transfer_loaders(lab, classes):
    return lab.loaders(classes=classes, batch_size=50, sizes=lab.transfer_sizes)


def exercise_3(lab):
    """Feature extraction: freeze every parameter, replace fc, train only fc; compare with a CNN from scratch."""
    resnet18 = pretrained_resnet18(lab)
    for param in resnet18.parameters():
        param.requires_grad = False
    num_ftrs = resnet18.fc.in_features
    resnet18.fc = lab.nn.Linear(num_ftrs, len(TARGET_CLASSES)).to(lab.device)
    optimizer = lab.optim.Adam(resnet18.fc.parameters(), lr=0.001)
    loaders = transfer_loaders(lab, TARGET_CLASSES)
    runs = {"ResNet-18 congelada + fc": train(lab, "feature extraction", resnet18, loaders, optimizer,
                                              lab.epochs(5, quick=1))}
    scratch = lab.new_cnn(len(TARGET_CLASSES))
    runs["MySimpleCNN desde cero"] = train(lab, "desde cero", scratch, loaders,
                                           lab.optim.Adam(scratch.parameters(), lr=0.001), lab.epochs(5, quick=1))
    compare(lab, runs, "ex3_feature_extraction.png", "Ejercicio 3: extracción de características")
    trainable = sum(p.numel() for p in resnet18.parameters() if p.requires_grad)
    print(f"Ejercicio 3: {trainable} parámetros entrenables de {sum(p.numel() for p in resnet18.parameters())}; "
          f"accuracy {runs['ResNet-18 congelada + fc']['accuracy'][-1]:.2f}%")


def exercise_4(lab):
    """Fine-tuning: the guide's ``ct < 7`` loop freezes conv1 .. layer2; layer3, layer4 and the new fc train,
    the pretrained ones at lr 1e-4 and the new head at 1e-3 (two parameter groups)."""
    resnet18 = pretrained_resnet18(lab)
    ct = 0
    for name, child in resnet18.named_children():  # noqa: B007  (the guide's own loop, as it is written)
        ct += 1  # noqa: SIM113
        if ct < 7:
            for param in child.parameters():
                param.requires_grad = False
    num_ftrs = resnet18.fc.in_features
    resnet18.fc = lab.nn.Linear(num_ftrs, len(TARGET_CLASSES)).to(lab.device)
    pretrained = [p for name, p in resnet18.named_parameters() if p.requires_grad and not name.startswith("fc.")]
    optimizer = lab.optim.Adam([{"params": pretrained, "lr": 1e-4},
                                {"params": resnet18.fc.parameters(), "lr": 1e-3}])
    loaders = transfer_loaders(lab, TARGET_CLASSES)
    history = train(lab, "fine-tuning", resnet18, loaders, optimizer, lab.epochs(5, quick=1))
    compare(lab, {"fine-tuning (layer3, layer4, fc)": history}, "ex4_fine_tuning.png", "Ejercicio 4: fine-tuning")
    trainable = sum(p.numel() for p in resnet18.parameters() if p.requires_grad)
    print(f"Ejercicio 4: {trainable} parámetros entrenables; accuracy {history['accuracy'][-1]:.2f}%")


def exercise_5(lab):
    """Adam with weight_decay=1e-4 and the guide's early-stopping loop, against a fixed number of epochs."""
    loaders = lab.loaders()
    criterion = lab.nn.CrossEntropyLoss()
    num_epochs = lab.epochs(30, quick=4)
    model = lab.new_cnn()
    optimizer = lab.optim.Adam(model.parameters(), lr=0.001, weight_decay=1e-4)
    best_val_loss, patience, trigger_times = float("inf"), 1 if lab.args.quick else 3, 0
    best_path = lab.args.out / "ex5_best_model.pt"
    history = {"train_loss": [], "val_loss": [], "accuracy": [], "lr": [], "seconds": 0.0}
    start = time.perf_counter()
    for epoch in range(num_epochs):
        history["lr"].append(optimizer.param_groups[0]["lr"])
        history["train_loss"].append(train_epoch(lab, model, loaders[0], criterion, optimizer))
        val_loss, accuracy = evaluate(lab, model, loaders[1], criterion)
        history["val_loss"].append(val_loss)
        history["accuracy"].append(accuracy)
        print(f"  weight decay + early stopping: Época [{epoch + 1}/{num_epochs}], Pérdida de validación: "
              f"{val_loss:.4f}, Accuracy: {accuracy:.2f}%")
        if val_loss < best_val_loss:
            best_val_loss = val_loss
            trigger_times = 0
            lab.torch.save(model.state_dict(), best_path)  # Guardar el modelo
        else:
            trigger_times += 1
            if trigger_times >= patience:
                print("Early stopping activado.")
                break
    history["seconds"] = time.perf_counter() - start
    model.load_state_dict(lab.torch.load(best_path))
    best = evaluate(lab, model, loaders[1], criterion)
    fixed_model = lab.new_cnn()
    fixed = train(lab, "épocas fijas", fixed_model, loaders, lab.optim.Adam(fixed_model.parameters(), lr=0.001),
                  num_epochs)
    compare(lab, {"weight decay + early stopping": history, "épocas fijas, sin weight decay": fixed},
            "ex5_early_stopping.png", "Ejercicio 5: regularización y early stopping")
    print(f"Ejercicio 5: {len(history['accuracy'])} épocas efectivas, mejor modelo: pérdida de validación "
          f"{best[0]:.4f}, accuracy {best[1]:.2f}%; con {num_epochs} épocas fijas: {fixed['accuracy'][-1]:.2f}%")


def exercise_6(lab):
    """StepLR(step_size=5, gamma=0.1) and ReduceLROnPlateau against a constant learning rate."""
    loaders = lab.loaders()
    epochs = lab.epochs(10, quick=3)
    schedulers = {
        "lr constante": lambda optimizer: None,
        "StepLR": lambda optimizer: lab.optim.lr_scheduler.StepLR(
            optimizer, step_size=1 if lab.args.quick else 5, gamma=0.1),
        "ReduceLROnPlateau": lambda optimizer: lab.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode="min", factor=0.1, patience=0 if lab.args.quick else 1),
    }
    runs = {}
    for name, make_scheduler in schedulers.items():
        model = lab.new_cnn()
        optimizer = lab.optim.Adam(model.parameters(), lr=0.001)
        runs[name] = train(lab, name, model, loaders, optimizer, epochs, scheduler=make_scheduler(optimizer))
        print(f"Ejercicio 6: {name}: lr por época {[f'{lr:g}' for lr in runs[name]['lr']]}")
    compare(lab, runs, "ex6_schedulers.png", "Ejercicio 6: learning rate schedulers")


def exercise_7(lab):
    """MixUp and CutMix against the baseline."""
    loaders = lab.loaders()
    runs = {}
    for name, mix in (("sin mezcla", None), ("MixUp", mixup_data), ("CutMix", cutmix_data)):
        model = lab.new_cnn()
        optimizer = lab.optim.Adam(model.parameters(), lr=0.001)
        runs[name] = train(lab, name, model, loaders, optimizer, lab.epochs(10), mix=mix)
    compare(lab, runs, "ex7_mixup_cutmix.png", "Ejercicio 7: MixUp y CutMix")


EXERCISES = {"1": exercise_1, "2": exercise_2, "3": exercise_3, "4": exercise_4, "5": exercise_5, "6": exercise_6,
             "7": exercise_7}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", choices=[*EXERCISES, "all"], default="all")
    parser.add_argument("--backend", choices=["minitorch_es", "torch"], default="minitorch_es")
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="fashion-mnist")
    parser.add_argument("--quick", action="store_true", help="1000 training images, 2-3 epochs (seconds)")
    parser.add_argument("--epochs", type=int, default=None, help="override every exercise's number of epochs")
    parser.add_argument("--weights", default=None, help="a local ResNet-18 weights file (.npz or .pth), 5 classes")
    parser.add_argument("--data-root", default="./data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("runs/guide_003"))
    args = parser.parse_args()
    lab = Lab(args)
    for number in EXERCISES if args.exercise == "all" else [args.exercise]:
        print(f"=== Ejercicio {number}: {EXERCISES[number].__doc__.splitlines()[0]}")
        EXERCISES[number](lab)


if __name__ == "__main__":
    main()
