"""Every example runs and prints the guide's numbers."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EXPECTED_OUTPUT = {
    "autograd_cross_entropy.py": ["J_batch = 1.445", "equal: True"],
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


def test_transfer_learning_example_runs_the_guides_workflow(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "transfer_learning.py"), "--quick"], capture_output=True,
                            text=True, check=True, cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("pre-training on classes 0-4: accuracy")
    assert lines[1].startswith("feature extraction (only fc trained) on classes 5-9: accuracy")
    assert lines[2].startswith("fine-tuning (layer4 + fc,")
    assert all(0.0 <= float(line.rsplit(" ", 1)[1]) <= 1.0 for line in lines)


def test_guide_004_exercises_run_in_quick_mode(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "guide_004_fashion_mnist.py"), "--quick", "--out",
                             str(tmp_path)], capture_output=True, text=True, check=True)
    assert "Tamaño del set de entrenamiento: 60000, de prueba: 10000" in result.stdout
    assert "Forma del tensor: minitorch_es.Size([1, 28, 28])" in result.stdout
    assert "Shape de imágenes: minitorch_es.Size([100, 1, 28, 28])" in result.stdout
    assert "suma: 1.0" in result.stdout and "Época 2/2" in result.stdout
    for name in ("grid.png", "loss.png", "acc.png"):
        assert (tmp_path / name).stat().st_size > 1000
