"""ResNet-18 against torchvision's: the same state_dict keys, and equal outputs and gradients with copied weights."""

import numpy as np
import pytest
import torch
import torchvision
from parity import copy_torch_weights

import minitorch_es as mt
from minitorch_es.vision.models import resnet18
from reference import bridge


def test_state_dict_keys_and_shapes_equal_torchvision():
    ours, theirs = resnet18(), torchvision.models.resnet18(weights=None)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert all(tuple(a.shape) == tuple(b.shape) for a, b in zip(ours.state_dict().values(),
                                                                theirs.state_dict().values()))


@pytest.mark.parametrize("train", [False, True])
def test_forward_and_gradients_equal_torchvision(train):
    torch.manual_seed(0)
    theirs = torchvision.models.resnet18(weights=None, num_classes=10)
    ours = resnet18(num_classes=10)
    copy_torch_weights(theirs, ours)
    ours.train(train)
    theirs.train(train)
    x = np.random.default_rng(0).standard_normal((2, 3, 64, 64)).astype(np.float32)
    our_out = ours(mt.tensor(x))
    torch_out = theirs(torch.tensor(x))
    np.testing.assert_allclose(our_out.detach().numpy(), torch_out.detach().numpy(), rtol=1e-3, atol=1e-4)
    upstream = np.random.default_rng(1).standard_normal(our_out.shape).astype(np.float32)
    our_out.backward(mt.tensor(upstream))
    torch_out.backward(torch.tensor(upstream))
    for (name, a), (_, b) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-3, atol=1e-3, err_msg=name)
    if train:
        for (name, a), (_, b) in zip(ours.named_buffers(), theirs.named_buffers()):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5, err_msg=name)


def test_bridge_round_trip_for_resnet18():
    ours, theirs = resnet18(num_classes=5).eval(), torchvision.models.resnet18(weights=None, num_classes=5).eval()
    bridge.to_torch(ours, theirs)
    x = np.random.default_rng(2).standard_normal((1, 3, 32, 32)).astype(np.float32)
    np.testing.assert_allclose(ours(mt.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-3, atol=1e-4)


def test_local_weights_file_and_transfer_learning_workflow(tmp_path):
    source = torchvision.models.resnet18(weights=None)
    path = tmp_path / "resnet18.npz"
    np.savez(path, **{k: v.numpy() for k, v in source.state_dict().items()})
    model = resnet18(weights=path)
    np.testing.assert_array_equal(model.conv1.weight.detach().numpy(), source.conv1.weight.detach().numpy())
    for parameter in model.parameters():
        parameter.requires_grad = False
    model.fc = mt.nn.Linear(model.fc.in_features, 10)
    trainable = [name for name, p in model.named_parameters() if p.requires_grad]
    assert trainable == ["fc.weight", "fc.bias"]
    for parameter in model.layer4.parameters():
        parameter.requires_grad = True
    optimizer = mt.optim.SGD([{"params": model.layer4.parameters(), "lr": 1e-4},
                              {"params": model.fc.parameters(), "lr": 1e-3}], momentum=0.9)
    loss = mt.nn.CrossEntropyLoss()(model(mt.randn(2, 3, 32, 32)), mt.tensor([1, 2]))
    loss.backward()
    optimizer.step()
    assert model.conv1.weight.grad is None and model.fc.weight.grad is not None
    with pytest.raises(FileNotFoundError, match="loads pretrained weights from a local file"):
        resnet18(weights="IMAGENET1K_V1")


def test_small_input_stem_for_fashion_mnist():
    model = resnet18(num_classes=10, in_channels=1, small_input=True)
    assert model(mt.randn(2, 1, 28, 28)).shape == (2, 10)


def test_a_torchvision_pth_file_loads_as_well(tmp_path):
    source = torchvision.models.resnet18(weights=None)
    path = tmp_path / "resnet18.pth"
    torch.save(source.state_dict(), path)
    model = resnet18(weights=path)
    np.testing.assert_array_equal(model.layer1[0].conv2.weight.detach().numpy(),
                                  source.layer1[0].conv2.weight.detach().numpy())
