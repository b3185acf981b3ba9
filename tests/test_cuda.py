"""The reference package's CUDA path: parity configuration, training parity of both guide models against PyTorch on
the GPU, the weight bridge and ResNet-18 with GPU models, the training program and ``torchrun`` with NCCL.

Every test here carries the ``cuda`` marker (``pytest -m cuda`` runs only these) and skips, saying why, on a machine
without a CUDA GPU; CI has none. Run them where one is present.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from test_data import make_fashion_files

import minitorch_es as mt
from minitorch_es.training import fashion_cnn, feedforward, load_checkpoint, mixup_data, save_checkpoint
from minitorch_es.vision.models import resnet18
from reference import bridge, parity
from reference.device import configure_for_parity, default_device

pytestmark = [pytest.mark.cuda,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")]

ROOT = Path(__file__).resolve().parent.parent


def test_parity_configuration_disables_tf32_and_chooses_deterministic_algorithms():
    configure_for_parity()
    assert not torch.backends.cuda.matmul.allow_tf32 and not torch.backends.cudnn.allow_tf32
    assert torch.backends.cudnn.deterministic and torch.are_deterministic_algorithms_enabled()
    a = torch.randn(256, 256, dtype=torch.float64)
    exact = a @ a
    on_gpu = (a.float().cuda() @ a.float().cuda()).cpu().double()
    # TF32 keeps 10 mantissa bits (errors ~1e-3 relative); float32 keeps 23.
    torch.testing.assert_close(on_gpu, exact, rtol=1e-5, atol=1e-4)
    assert default_device().type == "cuda" and default_device("cuda:0") == torch.device("cuda:0")


@pytest.mark.parametrize("model_name", ["mlp", "cnn"])
def test_float64_training_on_the_gpu_agrees_to_rounding(model_name):
    result = parity.run(model_name, "adam", 20, np.float64, device="cuda", batch_size=16)
    assert result["device"] == "cuda"
    assert result["max_relative_loss_difference"] < 1e-10 and result["max_weight_difference"] < 1e-10


@pytest.mark.parametrize("optimizer_name", ["sgd-momentum", "adam"])
def test_float32_training_of_the_mlp_on_the_gpu_over_50_steps(optimizer_name):
    result = parity.run("mlp", optimizer_name, 50, np.float32, device="cuda", batch_size=32)
    assert result["max_relative_loss_difference"] < 1e-4
    assert result["max_weight_difference"] < 1e-3


def test_cnn_with_sgd_momentum_on_the_gpu_stays_as_close_as_pytorch_between_cpu_and_gpu():
    """The criterion of tests/test_reference_bridge.py's CPU test of the same pair (see its docstring: rounding
    differences compound after about 40 steps, by an amount that depends on summation order alone)."""
    ours = parity.run("cnn", "sgd-momentum", 50, np.float32, device="cuda", batch_size=32)
    itself = parity.pytorch_against_itself("cnn", "sgd-momentum", 50, np.float32, batch_size=32, device="cuda")
    relative = np.abs(np.array(ours["losses"]) - ours["torch_losses"]) / np.array(ours["torch_losses"])
    assert relative[:40].max() < 1e-4
    assert ours["max_relative_loss_difference"] <= 10 * max(itself["max_relative_loss_difference"], 1e-5)
    assert ours["max_weight_difference"] <= 10 * max(itself["max_weight_difference"], 1e-4)


def test_cnn_with_adam_on_the_gpu_drifts_no_more_than_pytorch_between_cpu_and_gpu():
    """The criterion of tests/test_reference_bridge.py's CPU test of the same pair (see its docstring), with the
    GPU's own yardstick: PyTorch on the CPU against PyTorch on the GPU. Against cuDNN's summation order the runs
    part earlier, at step 13-14 (2.6e-4 on an H100), so agreement within 1e-4 is asserted for the first 10 steps."""
    ours = parity.run("cnn", "adam", 50, np.float32, device="cuda", batch_size=16)
    itself = parity.pytorch_against_itself("cnn", "adam", 50, np.float32, batch_size=16, device="cuda")
    relative = np.abs(np.array(ours["losses"]) - ours["torch_losses"]) / np.array(ours["torch_losses"])
    assert relative[:10].max() < 1e-4
    assert ours["max_relative_loss_difference"] <= 10 * itself["max_relative_loss_difference"]
    assert ours["max_weight_difference"] <= 10 * itself["max_weight_difference"]


@pytest.mark.parametrize("build", [feedforward, fashion_cnn])
def test_bridge_round_trip_through_a_gpu_model(build):
    ours, theirs = build(mt.nn).eval(), build(torch.nn).cuda().eval()
    bridge.to_torch(ours, theirs)
    assert all(p.is_cuda for p in theirs.parameters())
    x = np.random.default_rng(0).standard_normal((8, 1, 28, 28)).astype(np.float32)
    with torch.no_grad():
        on_gpu = theirs(torch.from_numpy(x).cuda()).cpu().numpy()
    np.testing.assert_allclose(ours(mt.tensor(x)).detach().numpy(), on_gpu, rtol=1e-4, atol=1e-5)
    back = build(mt.nn).eval()
    bridge.from_torch(theirs, back)
    for (name, a), (_, b) in zip(ours.state_dict().items(), back.state_dict().items()):
        np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=name)


def test_optimizer_state_crosses_the_bridge_to_a_gpu_optimizer():
    ours = feedforward(mt.nn)
    optimizer = mt.optim.Adam(ours.parameters(), lr=1e-3)
    ours(mt.randn(4, 1, 28, 28)).sum().backward()
    optimizer.step()
    theirs = feedforward(torch.nn).cuda()
    torch_optimizer = torch.optim.Adam(theirs.parameters(), lr=1e-3)
    bridge.to_torch(ours, theirs)
    bridge.optimizer_to_torch(optimizer, torch_optimizer)
    first_ours, first_theirs = next(iter(ours.parameters())), next(iter(theirs.parameters()))
    moment = torch_optimizer.state[first_theirs]["exp_avg"]
    assert moment.is_cuda
    np.testing.assert_array_equal(moment.cpu().numpy(), optimizer.state[first_ours]["exp_avg"].numpy())


@pytest.mark.parametrize("train", [False, True])
def test_resnet18_equals_torchvision_on_the_gpu(train):
    configure_for_parity()
    torch.manual_seed(0)
    theirs = torchvision.models.resnet18(weights=None, num_classes=10).cuda().train(train)
    ours = resnet18(num_classes=10).train(train)
    bridge.from_torch(theirs, ours)
    x = np.random.default_rng(0).standard_normal((2, 3, 64, 64)).astype(np.float32)
    our_out = ours(mt.tensor(x))
    torch_out = theirs(torch.from_numpy(x).cuda())
    np.testing.assert_allclose(our_out.detach().numpy(), torch_out.detach().cpu().numpy(), rtol=1e-3, atol=1e-4)
    upstream = np.random.default_rng(1).standard_normal(our_out.shape).astype(np.float32)
    our_out.backward(mt.tensor(upstream))
    torch_out.backward(torch.from_numpy(upstream).cuda())
    for (name, a), (_, b) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.cpu().numpy(), rtol=1e-3, atol=1e-3, err_msg=name)


def test_mixup_of_gpu_tensors_stays_on_the_gpu():
    x, y = torch.randn(8, 1, 28, 28, device="cuda"), torch.arange(8, device="cuda")
    mixed, y_a, y_b, lam = mixup_data(x, y, alpha=1.0, generator=mt.Generator().manual_seed(0))
    assert mixed.is_cuda and y_b.is_cuda
    torch.testing.assert_close(mixed, lam * x + (1 - lam) * x[y_b])


def test_checkpoint_of_a_gpu_model_loads_onto_the_gpu_and_into_minitorch_es(tmp_path):
    model = fashion_cnn(torch.nn).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.randn(4, 1, 28, 28, device="cuda")).sum().backward()
    optimizer.step()
    path = save_checkpoint(tmp_path / "gpu.npz", model, optimizer, epoch=1)
    fresh = fashion_cnn(torch.nn).cuda()
    fresh_optimizer = torch.optim.SGD(fresh.parameters(), lr=0.1, momentum=0.9)
    load_checkpoint(path, fresh, fresh_optimizer)
    for (name, a), (_, b) in zip(model.state_dict().items(), fresh.state_dict().items()):
        assert b.is_cuda and torch.equal(a, b), name
    buffer = fresh_optimizer.state[next(iter(fresh.parameters()))]["momentum_buffer"]
    assert buffer.is_cuda
    ours = fashion_cnn(mt.nn)
    load_checkpoint(path, ours)
    np.testing.assert_array_equal(ours.state_dict()["0.weight"].numpy(), model[0].weight.detach().cpu().numpy())


def _train(tmp_path, *options, launcher=(sys.executable, "-m")):
    make_fashion_files(tmp_path / "data" / "FashionMNIST" / "raw", count=60)
    out = tmp_path / "run"
    result = subprocess.run([*launcher, "minitorch_es", "train", "--backend", "torch", "--epochs", "2",
                             "--batch-size", "20", "--data-root", str(tmp_path / "data"), "--out", str(out),
                             "--no-progress", *options], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((out / "metrics.json").read_text()), out


@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_training_program_runs_on_the_gpu_by_default(tmp_path, model):
    metrics, out = _train(tmp_path, "--model", model, "--optimizer", "momentum", "--lr", "0.01")
    assert metrics["device"] == "cuda" and len(metrics["train_loss"]) == 2
    for name in ("curves.png", "samples.png", "prediction.png", "confusion.png", "best.npz"):
        assert (out / name).stat().st_size > 0, name


def test_training_program_device_override_keeps_torch_on_the_cpu(tmp_path):
    metrics, _ = _train(tmp_path, "--device", "cpu")
    assert metrics["device"] == "cpu"


def test_torchrun_with_nccl_on_the_gpu(tmp_path):
    torchrun = Path(sys.executable).with_name("torchrun")
    launcher = (str(torchrun), "--nproc_per_node", "1", "-m") if torchrun.exists() else \
        (sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "1", "-m")
    metrics, _ = _train(tmp_path, launcher=launcher)
    assert metrics["device"] == "cuda:0" and metrics["backend"] == "torch"
