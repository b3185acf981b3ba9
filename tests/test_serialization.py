"""save/load as torch.save/torch.load: state_dicts, optimizer state, nested checkpoints, safety, torch's files."""

import copy
import io
import os
import pickle

import numpy as np
import pytest
import torch

import minitorch_es as mt


def trained_model_and_optimizer():
    mt.manual_seed(0)
    model = mt.nn.Sequential(mt.nn.Conv2d(1, 2, 3), mt.nn.BatchNorm2d(2), mt.nn.Flatten(), mt.nn.Linear(8, 3))
    optimizer = mt.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(2):
        optimizer.zero_grad()
        model(mt.randn(4, 1, 4, 4)).sum().backward()
        optimizer.step()
    return model, optimizer


def test_state_dicts_and_a_whole_checkpoint_round_trip(tmp_path):
    model, optimizer = trained_model_and_optimizer()
    checkpoint = {"epoch": 3, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "loss": 0.25,
                  "history": [0.5, 0.25], "name": "cnn"}
    mt.save(checkpoint, tmp_path / "best.pt")
    assert [p.name for p in tmp_path.iterdir()] == ["best.pt"], "no temporary file is left behind"
    loaded = mt.load(tmp_path / "best.pt")
    assert loaded["epoch"] == 3 and loaded["history"] == [0.5, 0.25] and loaded["name"] == "cnn"
    assert list(loaded["model"]) == list(model.state_dict())
    for key, value in model.state_dict().items():
        assert type(loaded["model"][key]) is mt.Tensor and loaded["model"][key].dtype == value.dtype
        np.testing.assert_array_equal(loaded["model"][key].numpy(), value.numpy())
    fresh, _ = trained_model_and_optimizer()
    fresh.load_state_dict(loaded["model"])
    new_optimizer = mt.optim.Adam(fresh.parameters(), lr=1.0)
    new_optimizer.load_state_dict(loaded["optimizer"])
    assert new_optimizer.param_groups[0]["lr"] == 1e-2
    state = new_optimizer.state_dict()["state"][0]
    np.testing.assert_array_equal(state["exp_avg"].numpy(), optimizer.state_dict()["state"][0]["exp_avg"].numpy())


def test_parameters_tensors_and_file_objects():
    weight = mt.nn.Parameter(mt.ones(2, 2))
    values = (weight, mt.arange(3), mt.tensor([1.5], requires_grad=True), mt.tensor(True))
    buffer = io.BytesIO()
    mt.save(values, buffer)
    buffer.seek(0)
    loaded = mt.load(buffer)
    assert type(loaded) is tuple and type(loaded[0]) is mt.nn.Parameter and loaded[0].requires_grad
    assert loaded[1].dtype is mt.int64 and loaded[1].tolist() == [0, 1, 2]
    assert loaded[2].requires_grad and loaded[2].is_leaf and loaded[3].dtype is mt.bool


def test_deepcopy_of_a_model_copies_its_weights():
    model, _ = trained_model_and_optimizer()
    twin = copy.deepcopy(model)
    with mt.no_grad():
        twin[3].weight.fill_(0.0)
    assert twin[3].weight.requires_grad and float(model[3].weight.abs().sum()) > 0


def test_a_non_leaf_tensor_is_saved_as_a_leaf_and_not_deep_copied_like_pytorch(tmp_path):
    for lib in (mt, torch):
        x = lib.ones(2, requires_grad=True) * 2
        buffer = io.BytesIO()
        lib.save(x, buffer)
        buffer.seek(0)
        loaded = lib.load(buffer)
        assert loaded.tolist() == [2.0, 2.0] and loaded.requires_grad and loaded.is_leaf
        with pytest.raises(RuntimeError, match="Only Tensors created explicitly by the user"):
            copy.deepcopy(x)


def test_deepcopy_keeps_the_gradient_of_a_leaf():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    twin = copy.deepcopy(x)
    assert twin.requires_grad and twin.grad.tolist() == [2.0, 4.0]
    with mt.no_grad():
        twin.add_(1.0)
    assert x.tolist() == [1.0, 2.0]


def test_a_failed_save_leaves_nothing_behind(tmp_path):
    with pytest.raises((pickle.PicklingError, AttributeError)):
        mt.save({"weights": mt.ones(1), "function": lambda: 0}, tmp_path / "model.pt")
    assert not any(tmp_path.iterdir())


class Payload:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def test_weights_only_refuses_code_and_names_what_it_asked_for(tmp_path):
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps({"weights": Payload()}))
    refused = r"Weights only load failed: the file asks for (posix|os|nt)\.system"
    with pytest.raises(pickle.UnpicklingError, match=refused):
        mt.load(path)
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        mt.load(tmp_path / "missing.pt")
    with pytest.raises(RuntimeError, match="cuda"):
        mt.load(path, map_location="cuda")


def test_files_written_by_torch_save_load_as_minitorch_tensors(tmp_path):
    torch.manual_seed(0)
    twin = torch.nn.Linear(3, 2)
    torch.save({"model": twin.state_dict(), "epoch": 1}, tmp_path / "torch.pth")
    loaded = mt.load(tmp_path / "torch.pth", map_location="cpu")
    assert loaded["epoch"] == 1
    model = mt.nn.Linear(3, 2)
    model.load_state_dict(loaded["model"])
    np.testing.assert_array_equal(model.weight.detach().numpy(), twin.weight.detach().numpy())
