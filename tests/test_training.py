"""The training program: the guide's loops against PyTorch, fit with early stopping, checkpoints, the CLI."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from parity import copy_torch_weights
from test_data import make_fashion_files

import minitorch_es as mt
from minitorch_es.training import (evaluate, fashion_cnn, feedforward, fit, load_checkpoint, save_checkpoint,
                                   train_one_epoch, validate)
from minitorch_es.utils.data import DataLoader, TensorDataset

ROOT = Path(__file__).resolve().parent.parent


def _data(lib, seed=0, count=40):
    rng = np.random.default_rng(seed)
    images = rng.standard_normal((count, 1, 28, 28)).astype(np.float32)
    labels = rng.integers(0, 10, count)
    if lib is torch:
        return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.tensor(images), torch.tensor(labels)),
                                           batch_size=8)
    return DataLoader(TensorDataset(mt.tensor(images), mt.tensor(labels)), batch_size=8)


@pytest.mark.parametrize("build", [feedforward, fashion_cnn])
def test_guide_loops_give_the_same_numbers_as_on_pytorch(build):
    ours, theirs = build(mt.nn), build(torch.nn)
    copy_torch_weights(theirs, ours)
    for model in (ours, theirs):
        for module in model.modules():
            if type(module).__name__ == "Dropout":
                module.p = 0.0
    our_optimizer = mt.optim.SGD(ours.parameters(), lr=0.05, momentum=0.9)
    torch_optimizer = torch.optim.SGD(theirs.parameters(), lr=0.05, momentum=0.9)
    our_result = train_one_epoch(ours, _data(mt), mt.nn.CrossEntropyLoss(), our_optimizer, "cpu")
    torch_result = train_one_epoch(theirs, _data(torch), torch.nn.CrossEntropyLoss(), torch_optimizer, "cpu")
    np.testing.assert_allclose(our_result, torch_result, rtol=1e-4)
    np.testing.assert_allclose(validate(ours, _data(mt, 1), mt.nn.CrossEntropyLoss(), "cpu"),
                               validate(theirs, _data(torch, 1), torch.nn.CrossEntropyLoss(), "cpu"), rtol=1e-4)
    for (name, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items()):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-3, atol=1e-5, err_msg=name)


def test_fit_keeps_history_steps_the_scheduler_and_stops_early_with_the_best_weights():
    mt.manual_seed(0)
    model = feedforward(mt.nn)
    optimizer = mt.optim.SGD(model.parameters(), lr=0.5)
    scheduler = mt.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    train_loader, val_loader = _data(mt, 0), _data(mt, 1)
    history = fit(model, train_loader, val_loader, mt.nn.CrossEntropyLoss(), optimizer, epochs=8,
                  scheduler=scheduler, early_stopping=2, progress=False)
    assert len(history.train_loss) == len(history.val_accuracy) == len(history.seconds)
    assert history.learning_rate[:3] == [0.5, 0.25, 0.125]
    assert history.stopped_early and len(history.val_loss) < 8
    best = history.best_epoch
    assert history.val_loss[best - 1] == min(history.val_loss)
    restored = validate(model, val_loader, mt.nn.CrossEntropyLoss(), "cpu")[0]
    assert restored == pytest.approx(min(history.val_loss), rel=1e-6)
    result = evaluate(model, val_loader, 10)
    assert result["confusion"].sum() == 40 and result["confusion"].shape == (10, 10)
    assert result["accuracy"] == pytest.approx(np.trace(result["confusion"]) / 40)


def test_checkpoint_round_trip_and_mismatched_architecture(tmp_path):
    model = feedforward(mt.nn)
    optimizer = mt.optim.Adam(model.parameters(), lr=0.01)
    scheduler = mt.optim.lr_scheduler.StepLR(optimizer, step_size=2)
    train_one_epoch(model, _data(mt), mt.nn.CrossEntropyLoss(), optimizer, "cpu")
    scheduler.step()
    path = save_checkpoint(tmp_path / "model.npz", model, optimizer, scheduler, epoch=3, note="hello")
    assert not list(tmp_path.glob("*.part"))
    fresh = feedforward(mt.nn)
    fresh_optimizer = mt.optim.Adam(fresh.parameters(), lr=0.5)
    fresh_scheduler = mt.optim.lr_scheduler.StepLR(fresh_optimizer, step_size=2)
    meta = load_checkpoint(path, fresh, fresh_optimizer, fresh_scheduler)
    assert meta["epoch"] == 3 and meta["extra"]["note"] == "hello"
    for (name, a), (_, b) in zip(model.state_dict().items(), fresh.state_dict().items()):
        np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=name)
    assert fresh_optimizer.param_groups[0]["lr"] == 0.01 and fresh_scheduler.last_epoch == 1
    first = next(iter(model.parameters()))
    np.testing.assert_array_equal(optimizer.state[first]["exp_avg"].numpy(),
                                  fresh_optimizer.state[next(iter(fresh.parameters()))]["exp_avg"].numpy())
    with pytest.raises(RuntimeError, match="Missing key\\(s\\) in state_dict") as error:
        load_checkpoint(path, fashion_cnn(mt.nn))
    assert "Unexpected key(s)" in str(error.value)


@pytest.mark.parametrize("backend,model", [("minitorch_es", "mlp"), ("minitorch_es", "cnn"), ("torch", "mlp")])
def test_command_line_writes_every_output(tmp_path, backend, model):
    make_fashion_files(tmp_path / "data" / "FashionMNIST" / "raw", count=60)
    out = tmp_path / "run"
    result = subprocess.run([sys.executable, "-m", "minitorch_es", "train", "--model", model, "--backend", backend,
                             "--epochs", "2", "--batch-size", "20", "--data-root", str(tmp_path / "data"), "--out",
                             str(out), "--scheduler", "step", "--optimizer", "momentum", "--lr", "0.01",
                             "--no-progress"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for name in ("metrics.json", "history.csv", "curves.png", "samples.png", "prediction.png", "confusion.png",
                 "best.npz"):
        assert (out / name).stat().st_size > 0, name
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["backend"] == backend and len(metrics["train_loss"]) == 2
    assert 0 <= metrics["final_test_accuracy"] <= 1 and len(metrics["per_class_accuracy"]) == 10
    assert (out / "history.csv").read_text().splitlines()[0].startswith("epoch,train_loss")
    assert "Results in" in result.stdout


def test_command_line_rejects_unknown_values_and_missing_data(tmp_path):
    result = subprocess.run([sys.executable, "-m", "minitorch_es", "train", "--optimizer", "adagrad"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "invalid choice: 'adagrad'" in result.stderr and "'adam'" in result.stderr and "'rmsprop'" in result.stderr
    script = ("import sys; from minitorch_es.vision import datasets; datasets.FashionMNIST.system_folders = []; "
              "from minitorch_es.training.cli import main; "
              f"sys.exit(main(['train', '--data-root', r'{tmp_path}', '--no-progress']))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "FashionMNIST not found" in result.stderr


def test_mixup_and_cutmix_mix_pairs_and_their_losses():
    from minitorch_es.training.mixing import cutmix_data, mixup_criterion, mixup_data

    x = mt.arange(2 * 1 * 4 * 4, dtype=mt.float32).reshape(2, 1, 4, 4)
    y = mt.tensor([0, 1])
    generator = mt.Generator().manual_seed(0)
    mixed, y_a, y_b, lam = mixup_data(x, y, alpha=0.4, generator=generator)
    partner = x[mt.tensor([1, 0])] if y_b.tolist() == [1, 0] else x
    np.testing.assert_allclose(mixed.numpy(), lam * x.numpy() + (1 - lam) * partner.numpy(), rtol=1e-6)
    assert 0 <= lam <= 1 and y_a.tolist() == [0, 1]
    loss = mixup_criterion(mt.nn.CrossEntropyLoss(), mt.zeros(2, 2), y_a, y_b, lam)
    assert loss.item() == pytest.approx(np.log(2), rel=1e-6)
    for seed in range(5):
        mixed, _, y_b, lam = cutmix_data(x, y, alpha=1.0, generator=mt.Generator().manual_seed(seed))
        kept = (mixed.numpy() == x.numpy()).mean()
        assert lam == pytest.approx(kept if y_b.tolist() == [1, 0] else lam)
    assert mixup_data(x, y, alpha=0)[3] == 1.0


def test_shard_sampler_splits_each_epoch_between_processes():
    from reference.training import ShardSampler

    shards = [ShardSampler(10, rank, 2, seed=3) for rank in range(2)]
    first = [list(s) for s in shards]
    assert sorted(first[0] + first[1]) == list(range(10)) and len(first[0]) == len(shards[0]) == 5
    second = [list(s) for s in shards]
    assert second != first and sorted(second[0] + second[1]) == list(range(10))


def test_distributed_training_with_two_cpu_processes(tmp_path):
    make_fashion_files(tmp_path / "data" / "FashionMNIST" / "raw", count=40)
    torchrun = Path(sys.executable).with_name("torchrun")
    result = subprocess.run([str(torchrun), "--nproc_per_node", "2", "-m", "minitorch_es", "train", "--backend",
                             "torch", "--device", "cpu", "--model", "mlp", "--epochs", "2", "--batch-size", "10",
                             "--data-root", str(tmp_path / "data"), "--out", str(tmp_path / "run"), "--no-progress"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["processes"] == 2 and metrics["backend"] == "torch" and len(metrics["train_loss"]) == 2
    assert result.stdout.count("Results in") == 1, "only the first process writes and reports"


@pytest.mark.parametrize("options,expected", [
    (["--optimizer", "adamw"], ("AdamW", 1e-2)), (["--optimizer", "adamw", "--weight-decay", "0"], ("AdamW", 0.0)),
    (["--optimizer", "sgd"], ("SGD", 0.0)), (["--optimizer", "adam", "--weight-decay", "1e-4"], ("Adam", 1e-4)),
])
def test_command_line_weight_decay_defaults_per_optimizer(options, expected):
    from minitorch_es.training.cli import _optimizer, build_parser

    args = build_parser().parse_args(["train", *options])
    optimizer = _optimizer(args, mt.optim, feedforward(mt.nn).parameters())
    assert (type(optimizer).__name__, optimizer.param_groups[0]["weight_decay"]) == expected
