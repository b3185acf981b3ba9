"""The reference package: weight bridge round trips, errors, optimizer state, and training parity over 50 steps."""

import numpy as np
import pytest
import torch

import minitorch_es as mt
from minitorch_es.training.models import fashion_cnn, feedforward
from reference import bridge, parity

LAYERS = [  # every layer type with parameters or buffers
    lambda nn: nn.Linear(5, 3), lambda nn: nn.Conv2d(2, 4, 3, padding=1, groups=2), lambda nn: nn.BatchNorm2d(2),
    lambda nn: nn.BatchNorm1d(5), lambda nn: nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 2)),
    lambda nn: nn.Conv1d(2, 3, 3, padding=1), lambda nn: nn.LayerNorm(5), lambda nn: nn.GroupNorm(2, 4),
    lambda nn: nn.Sequential(nn.Embedding(7, 3, padding_idx=0), nn.Flatten()),
    lambda nn: nn.BatchNorm2d(2, affine=False), lambda nn: nn.Conv2d(2, 3, (2, 3), bias=False, padding_mode="reflect",
                                                                    padding=1),
]
INPUTS = [(4, 5), (2, 2, 5, 5), (3, 2, 4, 4), (6, 5), (4, 5), (2, 2, 6), (3, 5), (2, 4, 3, 3), "indices",
          (3, 2, 4, 4), (2, 2, 5, 5)]


def _randomize(values, rng) -> None:
    """Draw every floating parameter and buffer anew (positive, for running variances), so that equal outputs can
    only come from the copy, not from default initialisations that happen to agree (ones and zeros of norms)."""
    for value in values:
        if value.dtype.is_floating_point:
            drawn = rng.uniform(0.5, 1.5, tuple(value.shape)).astype(np.float32)
            value.copy_(torch.from_numpy(drawn) if isinstance(value, torch.Tensor) else mt.tensor(drawn))


@pytest.mark.parametrize("index", range(len(LAYERS)))
def test_bridge_round_trips_give_equal_outputs(index):
    make, shape = LAYERS[index], INPUTS[index]
    rng = np.random.default_rng(0)
    x = rng.integers(0, 7, (4, 2)) if shape == "indices" else rng.standard_normal(shape).astype(np.float32)
    ours, theirs = make(mt.nn).eval(), make(torch.nn).eval()
    _randomize(ours.state_dict().values(), rng)
    bridge.to_torch(ours, theirs)
    np.testing.assert_allclose(ours(mt.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)
    fresh_torch, fresh_ours = make(torch.nn).eval(), make(mt.nn).eval()
    _randomize(fresh_torch.state_dict().values(), rng)
    bridge.from_torch(fresh_torch, fresh_ours)
    np.testing.assert_allclose(fresh_ours(mt.tensor(x)).detach().numpy(),
                               fresh_torch(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_bridge_refuses_mismatched_models_listing_every_problem():
    with pytest.raises(RuntimeError, match="cannot copy weights minitorch_es -> torch") as error:
        bridge.to_torch(feedforward(mt.nn), fashion_cnn(torch.nn))
    assert "missing in the source" in str(error.value) and "not in the target" in str(error.value)
    with pytest.raises(RuntimeError, match=r"shape mismatches: \['weight: \(3, 5\) -> \(3, 4\)'"):
        bridge.from_torch(torch.nn.Linear(5, 3), mt.nn.Linear(4, 3))


def test_optimizer_state_crosses_the_bridge_both_ways():
    ours = feedforward(mt.nn)
    theirs = feedforward(torch.nn)
    bridge.to_torch(ours, theirs)
    optimizer = mt.optim.Adam(ours.parameters(), lr=0.01)
    x = mt.randn(4, 784)
    ours(x).sum().backward()
    optimizer.step()
    torch_optimizer = torch.optim.Adam(theirs.parameters(), lr=0.01)
    bridge.optimizer_to_torch(optimizer, torch_optimizer)
    first = next(iter(theirs.parameters()))
    np.testing.assert_array_equal(torch_optimizer.state[first]["exp_avg"].numpy(),
                                  optimizer.state[next(iter(ours.parameters()))]["exp_avg"].numpy())
    back = mt.optim.Adam(feedforward(mt.nn).parameters(), lr=0.5)
    bridge.optimizer_from_torch(torch_optimizer, back)
    assert back.param_groups[0]["lr"] == 0.01


@pytest.mark.parametrize("model_name", ["mlp", "cnn"])
@pytest.mark.parametrize("optimizer_name", ["sgd-momentum", "adam"])
def test_training_parity_in_float64(model_name, optimizer_name):
    result = parity.run(model_name, optimizer_name, 50 if model_name == "mlp" else 15, np.float64, batch_size=16)
    assert result["max_relative_loss_difference"] < 1e-10
    assert result["max_weight_difference"] < 1e-10


@pytest.mark.parametrize("model_name,optimizer_name,scheduler,data", [
    ("mlp", "sgd-momentum", "step", "fashion-mnist"), ("cnn", "adam", "cosine", "random"),
])
def test_training_parity_with_a_scheduler_and_either_data_source(model_name, optimizer_name, scheduler, data):
    result = parity.run(model_name, optimizer_name, 30 if model_name == "mlp" else 12, np.float64, batch_size=8,
                        data=data, scheduler=scheduler)
    assert result["max_relative_loss_difference"] < 1e-10
    assert result["max_weight_difference"] < 1e-10


@pytest.mark.parametrize("optimizer_name", ["sgd-momentum", "adam"])
def test_feed_forward_training_parity_in_float32(optimizer_name):
    result = parity.run("mlp", optimizer_name, 50, np.float32, batch_size=16)
    assert result["max_relative_loss_difference"] < 1e-4
    assert result["max_weight_difference"] < 1e-5


def test_cnn_float32_training_with_sgd_momentum_stays_as_close_as_pytorch_to_itself():
    """50 float32 steps of the CNN with SGD-momentum on Fashion-MNIST batches. Rounding differences stay at the
    float32 level for about 40 steps, then grow quickly (a ReLU or max-pool decision flips and momentum carries it):
    PyTorch with oneDNN's convolutions against PyTorch with its native ones reaches 1.7e-4 in loss and 8e-4 in
    weights by step 50, and the summation order alone moves ours between 1e-5 and 4e-4 (im2col with another chunk
    size, direct kernels with or without blocked sums; measured). The criterion is therefore: within 1e-4 for the
    first 40 steps, and a final drift of the same order as PyTorch's own (within 10x). Float64 runs agree to 1e-10
    (test_training_parity_in_float64)."""
    ours = parity.run("cnn", "sgd-momentum", 50, np.float32, batch_size=16)
    itself = parity.pytorch_against_itself("cnn", "sgd-momentum", 50, np.float32, batch_size=16)
    relative = np.abs(np.array(ours["losses"]) - ours["torch_losses"]) / np.array(ours["torch_losses"])
    assert relative[:40].max() < 1e-4
    assert ours["max_relative_loss_difference"] <= 10 * itself["max_relative_loss_difference"]
    assert ours["max_weight_difference"] <= 10 * itself["max_weight_difference"]


def test_cnn_float32_training_with_adam_drifts_no_more_than_pytorch_from_itself():
    """Adam turns every gradient, rounding noise of dead units included, into a step of about lr, so float32 runs
    that differ only in summation order separate after 15-25 steps: PyTorch with oneDNN's convolutions against
    PyTorch with its native ones ends 7e-3 to 3e-2 apart in loss and 1e-2 to 2e-2 in weights after 50 steps,
    depending on the thread count. The criterion is therefore: agreement within 1e-4 while rounding has not yet
    compounded (the first 15 steps), and a final drift of the same order as PyTorch's own (within 10x).
    Float64 runs agree to 1e-10 (test_training_parity_in_float64)."""
    ours = parity.run("cnn", "adam", 50, np.float32, batch_size=16)
    itself = parity.pytorch_against_itself("cnn", "adam", 50, np.float32, batch_size=16)
    relative = np.abs(np.array(ours["losses"]) - ours["torch_losses"]) / np.array(ours["torch_losses"])
    assert relative[:15].max() < 1e-4
    assert ours["max_relative_loss_difference"] <= 10 * itself["max_relative_loss_difference"]
    assert ours["max_weight_difference"] <= 10 * itself["max_weight_difference"]
