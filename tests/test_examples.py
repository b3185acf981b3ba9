"""Every example runs and prints the guide's numbers."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EXPECTED_OUTPUT = {
    "autograd_cross_entropy.py": ["J_batch = 1.445", "equal: True"],
    "higher_order_autograd.py": ["H v (create_graph): 6.908000 7.711000", "H v (functional.hvp): 6.908000 7.711000",
                                 "H v (func.hessian): 6.908000 7.711000",
                                 "Newton step 6: x = (1.000000, 1.000000)", "gradient penalty: 0.440789"],
    "guide_000_cross_entropy.py": ["CrossEntropyLoss: 0.4170", "Probabilidades: tensor([[0.2424, 0.6590, 0.0986]])"],
    "guide_001_cross_entropy_nll.py": ["Cross entropy -sum y log p: 0.357", "NLLLoss: 0.3567",
                                       "CrossEntropyLoss(logits) = 0.4170 = NLLLoss(LogSoftmax(logits)) = 0.4170"],
    "guide_000_optimizer_scheduler.py": [f"Epoch {e}: LR = 0.001" for e in range(1, 7)]
    + [f"Epoch {e}: LR = 0.0001" for e in range(7, 14)] + ["Epoch 14: LR = 1e-05", "Epoch 15: LR = 1e-05"],
    "guide_002_regression_losses.py": ["MSE Loss: 0.14000000059604645", "L1 Loss: 0.5",
                                       "MBE Loss: -0.05000001937150955",
                                       "FPP = sum|output1 - target| + sum|output2 - target|: 2.0",
                                       "SVM Loss: 0.9149999618530273"],
}


@pytest.mark.parametrize("script", sorted(EXPECTED_OUTPUT))
def test_example_prints_the_guide_numbers(script):
    result = subprocess.run([sys.executable, str(EXAMPLES / script)], capture_output=True, text=True, check=True)
    for line in EXPECTED_OUTPUT[script]:
        assert line in result.stdout, f"{script} did not print {line!r}:\n{result.stdout}"


@pytest.mark.parametrize("script", sorted(EXPECTED_OUTPUT))
def test_example_prints_the_same_lines_on_pytorch(script):
    """The same lines with ``--backend torch`` (only the import changes): values, tensor reprs, grad_fn names.
    Lines of minitorch_es's extra layers for the guides' formulas (nn.MeanBiasError, nn.HingeLoss) are ours alone."""
    def output(*options):
        return subprocess.run([sys.executable, str(EXAMPLES / script), *options], capture_output=True, text=True,
                              check=True).stdout.splitlines()

    ours = [line for line in output() if "(nn.MeanBiasError)" not in line and "(nn.HingeLoss)" not in line]
    assert ours == output("--backend", "torch")


def test_training_example_learns(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "train_synthetic.py"), "--epochs", "30", "--out",
                             str(tmp_path)], capture_output=True, text=True, check=True)
    accuracy = float(result.stdout.split("accuracy ")[1].split(";")[0])
    assert accuracy > 0.9
    assert (tmp_path / "curves.png").stat().st_size > 1000


def test_optimizer_comparison_plots_every_optimizer(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "compare_optimizers.py"), "--steps", "60", "--out",
                             str(tmp_path)], capture_output=True, text=True, check=True)
    finals = {line.split(" final loss ")[0].strip(): float(line.split(" final loss ")[1])
              for line in result.stdout.splitlines() if " final loss " in line}
    assert set(finals) == {"SGD", "SGD + momentum (PyTorch)", "SGD + momentum (guía: v = mu v + lr g)", "Adam",
                           "AdamW"}
    assert all(loss < 1.0 for loss in finals.values())
    assert finals["SGD + momentum (PyTorch)"] == finals["SGD + momentum (guía: v = mu v + lr g)"]
    assert (tmp_path / "loss_curves.png").stat().st_size > 1000


GUIDE_003_EXPECTED = {
    "1": ["MySimpleCNN(", "parámetros: 870634", "Época [2/2]"],
    "2": ["RandomRotation(degrees=[-10.0, 10.0]", "sin aumento: validación - entrenamiento",
          "con aumento: validación - entrenamiento"],
    "3": ["pre-entrenamiento (clases 0-4): Época [1/1]", "2565 parámetros entrenables de 11170245",
          "MySimpleCNN desde cero: pérdida"],
    "4": ["10496005 parámetros entrenables"],                     # the guide's ct < 7: layer3, layer4 and fc
    "5": ["épocas efectivas, mejor modelo"],
    "6": ["lr constante: lr por época ['0.001', '0.001', '0.001']",
          "StepLR: lr por época ['0.001', '0.0001', '1e-05']", "ReduceLROnPlateau: lr por época"],
    "7": ["sin mezcla: Época [2/2]", "MixUp: Época [2/2]", "CutMix: Época [2/2]"],
}
GUIDE_003_FIGURES = {"1": "ex1_cnn.png", "2": "ex2_augmentation.png", "3": "ex3_feature_extraction.png",
                     "4": "ex4_fine_tuning.png", "5": "ex5_early_stopping.png", "6": "ex6_schedulers.png",
                     "7": "ex7_mixup_cutmix.png"}


@pytest.mark.parametrize("exercise", sorted(GUIDE_003_EXPECTED))
def test_guide_003_exercise_runs_in_quick_mode(exercise, tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "guide_003_cnn_exercises.py"), "--quick", "--exercise",
                             exercise, "--out", str(tmp_path)], capture_output=True, text=True, check=True)
    for line in GUIDE_003_EXPECTED[exercise]:
        assert line in result.stdout, f"exercise {exercise} did not print {line!r}:\n{result.stdout}"
    accuracies = [float(line.rsplit("Accuracy: ", 1)[1].rstrip("%")) for line in result.stdout.splitlines()
                  if "Accuracy: " in line]
    assert accuracies and all(0.0 <= a <= 100.0 for a in accuracies)
    assert max(accuracies) > 20.0, "better than chance (10 or 5 classes) after a couple of epochs"
    assert (tmp_path / GUIDE_003_FIGURES[exercise]).stat().st_size > 1000


def test_guide_003_runs_the_same_lines_on_pytorch(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "guide_003_cnn_exercises.py"), "--quick", "--exercise",
                             "6", "--backend", "torch", "--out", str(tmp_path)], capture_output=True, text=True,
                            check=True)
    assert "StepLR: lr por época ['0.001', '0.0001', '1e-05']" in result.stdout
    assert (tmp_path / "ex6_schedulers.png").stat().st_size > 1000


@pytest.mark.parametrize("backend", ["minitorch_es", "torch"])
def test_guide_004_exercises_run_in_quick_mode(tmp_path, backend):
    result = subprocess.run([sys.executable, str(EXAMPLES / "guide_004_fashion_mnist.py"), "--quick", "--out",
                             str(tmp_path), "--backend", backend], capture_output=True, text=True, check=True)
    assert "Tamaño del set de entrenamiento: 60000, de prueba: 10000" in result.stdout
    assert "Forma del tensor: minitorch_es.Size([1, 28, 28])" in result.stdout
    size = "minitorch_es.Size" if backend == "minitorch_es" else "torch.Size"
    assert f"Shape de imágenes: {size}([100, 1, 28, 28])" in result.stdout
    assert "suma: 1.0" in result.stdout and "Época 2/2" in result.stdout
    for name in ("grid.png", "loss.png", "acc.png"):
        assert (tmp_path / name).stat().st_size > 1000
