"""Module machinery: registration, traversal, modes, state_dict round trips with PyTorch, errors, printing."""

import math

import numpy as np
import pytest
import torch
from parity import copy_torch_weights

import minitorch_es as mt
from minitorch_es import nn


def guide_network(lib):
    """The feed-forward network of guide 004: 784-128-64-10 with ReLU and Dropout(0.2)."""
    return lib.nn.Sequential(
        lib.nn.Flatten(), lib.nn.Linear(784, 128), lib.nn.ReLU(), lib.nn.Dropout(0.2),
        lib.nn.Linear(128, 64), lib.nn.ReLU(), lib.nn.Dropout(0.2), lib.nn.Linear(64, 10),
    )


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(3, 4)
        self.norm = nn.BatchNorm1d(4)
        self.register_buffer("scale", mt.ones(1))
        self.register_buffer("cache", mt.zeros(1), persistent=False)
        self.extra = nn.Parameter(mt.zeros(2))

    def forward(self, x):
        return self.norm(self.layer(x)) * self.scale


def test_registration_and_traversal():
    block = Block()
    names = [name for name, _ in block.named_parameters()]
    assert names == ["extra", "layer.weight", "layer.bias", "norm.weight", "norm.bias"]
    assert [name for name, _ in block.named_buffers()] == [
        "scale", "cache", "norm.running_mean", "norm.running_var", "norm.num_batches_tracked"]
    assert list(block.state_dict()) == ["extra", "scale", "layer.weight", "layer.bias", "norm.weight", "norm.bias",
                                        "norm.running_mean", "norm.running_var", "norm.num_batches_tracked"]
    assert [type(m).__name__ for m in block.modules()] == ["Block", "Linear", "BatchNorm1d"]
    assert [name for name, _ in block.named_children()] == ["layer", "norm"]
    assert len(list(block.parameters(recurse=False))) == 1


def test_replacing_a_child_or_parameter_keeps_its_place_as_pytorch():
    """Transfer learning replaces ``fc`` or ``conv1`` and then counts children (guide 003, exercise 4)."""
    def replaced(lib):
        block = lib.nn.Module()
        block.first, block.second, block.scale = lib.nn.Linear(2, 2), lib.nn.ReLU(), lib.nn.Parameter(lib.ones(1))
        block.bias = lib.nn.Parameter(lib.zeros(1))
        block.first, block.scale = lib.nn.Linear(3, 3), lib.nn.Parameter(lib.ones(2))
        return [n for n, _ in block.named_children()], [n for n, _ in block.named_parameters()]

    assert replaced(mt) == replaced(torch) == (["first", "second"], ["scale", "bias", "first.weight", "first.bias"])


def test_state_dict_keys_match_the_pytorch_twin():
    ours, theirs = guide_network(mt), guide_network(torch)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    shapes = [tuple(v.shape) for v in ours.state_dict().values()]
    assert shapes == [tuple(v.shape) for v in theirs.state_dict().values()]
    our_bn, torch_bn = nn.BatchNorm2d(3), torch.nn.BatchNorm2d(3)
    assert list(our_bn.state_dict()) == list(torch_bn.state_dict())


def test_state_dict_round_trip_both_ways_gives_the_same_outputs():
    x = np.random.default_rng(0).standard_normal((5, 1, 28, 28)).astype(np.float32)
    ours, theirs = guide_network(mt).eval(), guide_network(torch).eval()
    copy_torch_weights(theirs, ours)
    np.testing.assert_allclose(ours(mt.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)
    fresh_ours, fresh_theirs = guide_network(mt).eval(), guide_network(torch).eval()
    fresh_theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in fresh_ours.state_dict().items()})
    np.testing.assert_allclose(fresh_ours(mt.tensor(x)).detach().numpy(),
                               fresh_theirs(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_state_dict_shares_memory_and_is_detached():
    layer = nn.Linear(2, 2)
    state = layer.state_dict()
    assert not state["weight"].requires_grad
    state["weight"][0, 0] = 42.0
    assert layer.weight[0, 0].item() == 42.0


def test_load_state_dict_errors_list_missing_unexpected_and_mismatched():
    layer = nn.Linear(3, 2)
    with pytest.raises(RuntimeError) as error:
        layer.load_state_dict({"weight": np.zeros((2, 4)), "bogus": np.zeros(1)})
    message = str(error.value)
    assert "Error(s) in loading state_dict for Linear" in message
    assert 'Missing key(s) in state_dict: "bias"' in message
    assert 'Unexpected key(s) in state_dict: "bogus"' in message
    assert ("size mismatch for weight: copying a param with shape minitorch_es.Size([2, 4]) from checkpoint, the shape "
            "in current model is minitorch_es.Size([2, 3])") in message
    result = layer.load_state_dict({"weight": np.ones((2, 3)), "bogus": np.zeros(1)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["bogus"]
    assert layer.weight.detach().numpy().tolist() == [[1.0] * 3] * 2


def test_train_eval_zero_grad_requires_grad_and_to():
    model = guide_network(mt)
    model.eval()
    assert all(not m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    model(mt.randn(2, 784)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad(set_to_none=False)
    assert all(not p.grad.numpy().any() for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())
    model.double()
    assert all(p.dtype is mt.float64 for p in model.parameters())
    assert model.to("cpu") is model and model.to(mt.float32)[1].weight.dtype is mt.float32
    with pytest.raises(RuntimeError, match="computes on the CPU only"):
        model.to("cuda")


def test_sequential_indexing_slicing_and_containers():
    model = guide_network(mt)
    assert isinstance(model[1], nn.Linear) and isinstance(model[-1], nn.Linear)
    head = model[:3]
    assert isinstance(head, nn.Sequential) and len(head) == 3 and head(mt.zeros(2, 1, 28, 28)).shape == (2, 128)
    model[7] = nn.Linear(64, 3)
    assert model(mt.zeros(2, 784)).shape == (2, 3)
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(list(layers.parameters())) == 6 and isinstance(layers[1], nn.Linear)
    heads = nn.ModuleDict({"a": nn.Linear(2, 1), "b": nn.ReLU()})
    assert list(heads.keys()) == ["a", "b"] and "a" in heads
    assert [k for k, _ in heads.named_parameters()] == ["a.weight", "a.bias"]


def test_repr_matches_pytorch():
    ours = repr(guide_network(mt))
    assert ours == repr(guide_network(torch))
    block = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU(), nn.Linear(2, 1, bias=False)))
    twin = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sequential(torch.nn.ReLU(),
                                                                          torch.nn.Linear(2, 1, bias=False)))
    assert repr(block) == repr(twin)


def test_assigning_plain_tensor_to_a_parameter_is_an_error():
    layer = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="cannot assign 'Tensor' as parameter 'weight'"):
        layer.weight = mt.zeros(2, 2)
    layer.weight = nn.Parameter(mt.zeros(2, 2))
    assert layer.weight.requires_grad and "weight" in dict(layer.named_parameters())


def test_parameter_and_missing_forward():
    p = nn.Parameter(mt.ones(2))
    assert p.requires_grad and p.is_leaf and repr(p).startswith("Parameter containing:")
    with pytest.raises(NotImplementedError, match='missing the required "forward" function'):
        nn.Module()(1)


def test_linear_input_mismatch_is_a_clear_error():
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(2x5 and 4x3\)"):
        nn.Linear(4, 3)(mt.ones(2, 5))


# ---- initialisation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("nonlinearity,param", [("linear", None), ("conv2d", None), ("sigmoid", None),
                                                ("tanh", None), ("relu", None), ("leaky_relu", None),
                                                ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("selu", None)])
def test_calculate_gain_matches_pytorch(nonlinearity, param):
    assert nn.init.calculate_gain(nonlinearity, param) == pytest.approx(
        torch.nn.init.calculate_gain(nonlinearity, param), rel=1e-12)


def _assert_uniform(values, bound):
    assert values.min() >= -bound and values.max() <= bound
    assert values.min() < -0.9 * bound and values.max() > 0.9 * bound
    assert abs(values.std() - bound / math.sqrt(3)) < 0.05 * bound


def test_linear_default_init_follows_pytorch_bounds():
    mt.manual_seed(0)
    layer = nn.Linear(400, 300)
    _assert_uniform(layer.weight.detach().numpy(), 1 / math.sqrt(400))
    _assert_uniform(layer.bias.detach().numpy(), 1 / math.sqrt(400))
    twin = torch.nn.Linear(400, 300)
    assert abs(layer.weight.detach().numpy().std() - twin.weight.detach().numpy().std()) < 0.003


@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize("nonlinearity", ["relu", "leaky_relu", "tanh"])
def test_kaiming_and_xavier_statistics(mode, nonlinearity):
    mt.manual_seed(1)
    weight = mt.empty(200, 100, 3, 3)
    fan = 100 * 9 if mode == "fan_in" else 200 * 9
    gain = nn.init.calculate_gain(nonlinearity, 0)  # kaiming's default a = 0
    nn.init.kaiming_normal_(weight, mode=mode, nonlinearity=nonlinearity)
    assert abs(weight.numpy().std() - gain / math.sqrt(fan)) < 0.02 * gain / math.sqrt(fan)
    assert abs(weight.numpy().mean()) < 0.01 * gain / math.sqrt(fan)
    nn.init.kaiming_uniform_(weight, mode=mode, nonlinearity=nonlinearity)
    _assert_uniform(weight.numpy(), gain * math.sqrt(3 / fan))
    nn.init.xavier_uniform_(weight, gain=gain)
    _assert_uniform(weight.numpy(), gain * math.sqrt(6 / (900 + 1800)))
    nn.init.xavier_normal_(weight)
    assert abs(weight.numpy().std() - math.sqrt(2 / 2700)) < 0.02 * math.sqrt(2 / 2700)


def test_simple_initialisers():
    w = mt.empty(3, 4)
    assert (nn.init.constant_(w, 0.5).numpy() == 0.5).all()
    assert (nn.init.zeros_(w).numpy() == 0).all() and (nn.init.ones_(w).numpy() == 1).all()
    values = nn.init.uniform_(mt.empty(10000), -2, 3).numpy()
    assert values.min() >= -2 and values.max() <= 3 and abs(values.mean() - 0.5) < 0.05
    normal = nn.init.normal_(mt.empty(10000), 1.0, 0.5).numpy()
    assert abs(normal.mean() - 1) < 0.02 and abs(normal.std() - 0.5) < 0.02
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init.xavier_uniform_(mt.empty(3))
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        nn.init.calculate_gain("swish")


@pytest.mark.parametrize("shape,groups", [((3, 5), None), ((5, 3), None), ((4, 2, 3, 3), 1), ((4, 2, 3, 3), 2),
                                          ((6, 3, 5), 3), ((2, 4, 3, 2, 5), 1)])
def test_identity_initialisers_equal_pytorch(shape, groups):
    if groups is None:
        np.testing.assert_array_equal(nn.init.eye_(mt.empty(*shape)).numpy(), torch.nn.init.eye_(torch.empty(shape)))
    else:
        np.testing.assert_array_equal(nn.init.dirac_(mt.empty(*shape), groups).numpy(),
                                      torch.nn.init.dirac_(torch.empty(shape), groups).numpy())


@pytest.mark.parametrize("shape", [(30, 50), (50, 30), (8, 4, 3, 3)])
def test_orthogonal_rows_or_columns_are_orthonormal_times_gain(shape):
    weight = nn.init.orthogonal_(mt.empty(*shape), gain=2.0).numpy().reshape(shape[0], -1)
    gram = weight @ weight.T if weight.shape[0] <= weight.shape[1] else weight.T @ weight
    np.testing.assert_allclose(gram, 4.0 * np.eye(len(gram)), atol=1e-5)


def test_trunc_normal_and_sparse_match_pytorch_statistically():
    mt.manual_seed(0)
    torch.manual_seed(0)
    ours = nn.init.trunc_normal_(mt.empty(40000), mean=0.2, std=1.0, a=-1.0, b=0.5).numpy()
    theirs = torch.nn.init.trunc_normal_(torch.empty(40000), mean=0.2, std=1.0, a=-1.0, b=0.5).numpy()
    assert ours.min() >= -1.0 and ours.max() <= 0.5
    assert abs(ours.mean() - theirs.mean()) < 0.01 and abs(ours.std() - theirs.std()) < 0.01
    sparse = nn.init.sparse_(mt.empty(20, 300), sparsity=0.25, std=0.5).numpy()
    assert ((sparse == 0).sum(axis=0) == 5).all()
    assert abs(sparse[sparse != 0].std() - 0.5) < 0.02
    with pytest.warns(UserWarning, match="mean is more than 2 std from"):
        nn.init.trunc_normal_(mt.empty(10), mean=10.0, a=-1.0, b=1.0)
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions are supported"):
        nn.init.eye_(mt.empty(2, 2, 2))
    with pytest.raises(ValueError, match="Only tensors with 3, 4, or 5 dimensions are supported"):
        nn.init.dirac_(mt.empty(2, 2))


def test_initialising_a_parameter_works_outside_no_grad():
    layer = nn.Linear(3, 3)
    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    nn.init.zeros_(layer.bias)
    assert layer.weight.requires_grad and not layer.bias.detach().numpy().any()
