"""Creation, dtypes and type promotion, printing, devices and conversions, compared with PyTorch."""

import itertools

import numpy as np
import pytest
import torch
from hypothesis import given
from strategies import arrays, shapes

import minitorch_es as mt

DTYPE_NAMES = ["float16", "float32", "float64", "uint8", "int8", "int16", "int32", "int64", "bool"]


def _name(dtype) -> str:
    return str(dtype).split(".")[-1]


@pytest.mark.parametrize("data", [
    1.5, 3, True, [1.0, 2.0], [1, 2], [True, False], [[1, 2.5]], [[1, 2], [3, 4]], [], np.float64(2.0),
    np.arange(3, dtype=np.int32), np.ones((2, 2), dtype=np.float64), np.array([1, 0], dtype=np.uint8),
])
def test_tensor_infers_dtype_like_pytorch(data):
    ours, theirs = mt.tensor(data), torch.tensor(data)
    assert _name(ours.dtype) == _name(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_tensor_copies_and_from_numpy_shares():
    array = np.zeros(3)
    copied, shared = mt.tensor(array), mt.from_numpy(array)
    array[0] = 7
    assert copied[0].item() == 0 and shared[0].item() == 7
    assert mt.as_tensor(array).numpy() is array
    assert mt.tensor([mt.tensor(1.0), mt.tensor(2.0)]).tolist() == [1.0, 2.0]


@pytest.mark.parametrize("a,b", list(itertools.product(DTYPE_NAMES, repeat=2)))
def test_type_promotion_between_tensors(a, b):
    x, y = np.ones(2), np.ones(2)
    ours = mt.result_type(mt.tensor(x, dtype=getattr(mt, a)), mt.tensor(y, dtype=getattr(mt, b)))
    theirs = torch.result_type(torch.tensor(x, dtype=getattr(torch, a)), torch.tensor(y, dtype=getattr(torch, b)))
    assert _name(ours) == _name(theirs)
    ours = mt.result_type(mt.tensor(x, dtype=getattr(mt, a)), mt.tensor(1, dtype=getattr(mt, b)))
    theirs = torch.result_type(torch.tensor(x, dtype=getattr(torch, a)), torch.tensor(1, dtype=getattr(torch, b)))
    assert _name(ours) == _name(theirs), "zero-dimensional operand"


@pytest.mark.parametrize("name", DTYPE_NAMES)
@pytest.mark.parametrize("scalar", [2, 2.5, True])
def test_python_numbers_do_not_upcast(name, scalar):
    ours = mt.result_type(mt.ones(2, dtype=getattr(mt, name)), scalar)
    theirs = torch.result_type(torch.ones(2, dtype=getattr(torch, name)), scalar)
    assert _name(ours) == _name(theirs)


def test_operations_promote_as_pytorch():
    assert (mt.tensor([1, 2]) * mt.tensor([0.5])).dtype is mt.float32
    assert (mt.tensor([1.0], dtype=mt.float32) * 2.5).dtype is mt.float32
    assert (mt.tensor([1.0], dtype=mt.float32) + mt.tensor(1.0, dtype=mt.float64)).dtype is mt.float32
    assert (mt.tensor([1, 2]) / 2).dtype is mt.float32
    assert mt.tensor([1, 2]).exp().dtype is mt.float32
    assert (mt.tensor([1, 2]) // 2).dtype is mt.int64


def test_factories():
    assert mt.zeros(2, 3).shape == (2, 3) and mt.zeros((2, 3)).dtype is mt.float32
    assert mt.ones(2, dtype=mt.int64).tolist() == [1, 1]
    assert mt.full((2,), 7).dtype is mt.int64 and mt.full((2,), 7.0).dtype is mt.float32
    assert mt.empty(3).shape == (3,)
    assert mt.eye(2, 3).tolist() == [[1, 0, 0], [0, 1, 0]]
    assert mt.zeros_like(mt.ones(2, dtype=mt.float64)).dtype is mt.float64
    assert mt.ones_like(mt.ones(2)).tolist() == [1.0, 1.0]
    assert mt.full_like(mt.ones(2), 3.0).tolist() == [3.0, 3.0]
    assert mt.tensor([1.0], dtype=mt.float16).dtype is mt.float16


@pytest.mark.parametrize("args", [(5,), (1, 4), (0, 1, 0.1), (2.5, 7.0, 0.5), (10, 0, -3), (-1.0, 1.0, 0.3)])
def test_arange_like_pytorch(args):
    ours, theirs = mt.arange(*args), torch.arange(*args)
    assert _name(ours.dtype) == _name(theirs.dtype)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("args", [(0, 1, 5), (-3.0, 7.0, 11), (0.1, 0.7, 7), (1, 1, 1), (2, 3, 0), (0, 10, 4)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
def test_linspace_like_pytorch(args, dtype):
    ours = mt.linspace(*args, dtype=getattr(mt, dtype))
    theirs = torch.linspace(*args, dtype=getattr(torch, dtype))
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_random_factories_are_seeded_and_well_distributed():
    mt.manual_seed(0)
    a = mt.rand(2000)
    mt.manual_seed(0)
    assert mt.rand(2000).equal(a)
    assert a.dtype is mt.float32 and a.min().item() >= 0 and a.max().item() < 1
    assert abs(a.mean().item() - 0.5) < 0.03
    normal = mt.randn(4000, dtype=mt.float64)
    assert abs(normal.mean().item()) < 0.06 and abs(normal.std().item() - 1) < 0.06
    integers = mt.randint(3, 7, (1000,))
    assert integers.dtype is mt.int64 and set(integers.tolist()) == {3, 4, 5, 6}
    assert sorted(mt.randperm(10).tolist()) == list(range(10))
    assert mt.randint(5, (3, 2)).shape == (3, 2)
    generator = mt.Generator().manual_seed(3)
    assert mt.randn(3, generator=generator).equal(mt.randn(3, generator=mt.Generator().manual_seed(3)))
    assert mt.rand_like(a).shape == a.shape and mt.randn_like(normal).dtype is mt.float64


TENSORS_TO_PRINT = [
    [[1.0, 2.0, 0.1]], [0.2424, 0.6590, 0.0986], [1.0, 2.0], [1e-5, 1.0], [1.5, 2000.25], [0.0, float("nan")],
    [1, 2, 3], [True, False], 3.5, [[1.0, -2.5], [300.0, 4.0]], [float("inf"), 1.0], [1e9, 1.0],
    [[1, 20], [300, 4]], list(range(2000)), [], np.arange(3000.0).reshape(50, 60).tolist(),
]


@pytest.mark.parametrize("data", TENSORS_TO_PRINT, ids=lambda d: repr(d)[:30])
def test_repr_matches_pytorch(data):
    assert repr(mt.tensor(data)) == repr(torch.tensor(data))


def test_repr_shows_dtype_requires_grad_and_grad_fn():
    x = mt.tensor([1.0, 2.0], dtype=mt.float64, requires_grad=True)
    assert repr(x) == "tensor([1., 2.], dtype=minitorch_es.float64, requires_grad=True)"
    assert repr(x * 2) == "tensor([2., 4.], dtype=minitorch_es.float64, grad_fn=<MulBackward0>)"
    assert repr(mt.zeros(2, 0)) == "tensor([], size=(2, 0))"
    assert repr(mt.tensor([1], dtype=mt.int32)) == "tensor([1], dtype=minitorch_es.int32)"
    assert repr(mt.zeros(2, 3).shape) == "minitorch_es.Size([2, 3])"


def test_devices_and_cuda():
    x = mt.tensor([1.0])
    assert x.device == mt.device("cpu") and str(x.device) == "cpu"
    assert x.to("cpu") is x and x.cpu() is x
    assert mt.cuda.is_available() is False
    device = mt.device("cuda" if mt.cuda.is_available() else "cpu")
    assert x.to(device).equal(x)
    with pytest.raises(RuntimeError, match="minitorch_es computes on the CPU only.*reference"):
        x.to("cuda")
    with pytest.raises(RuntimeError, match="computes on the CPU only"):
        mt.zeros(2, device="cuda:0")
    with pytest.raises(RuntimeError, match="computes on the CPU only"):
        x.cuda()


def test_conversions():
    x = mt.tensor([[1.5, 2.0]])
    assert x.size() == (1, 2) and x.size(1) == 2 and x.size(-1) == 2 and x.dim() == 2 and x.numel() == 2
    assert x.tolist() == [[1.5, 2.0]] and x[0, 0].item() == 1.5 and float(x[0, 1]) == 2.0
    assert x.double().dtype is mt.float64 and x.long().tolist() == [[1, 2]] and x.to(mt.float16).dtype is mt.float16
    assert x.to(mt.int64).dtype is mt.int64 and x.to(mt.zeros(1, dtype=mt.float64)).dtype is mt.float64
    assert x.bool().dtype is mt.bool and x.int().dtype is mt.int32 and x.half().dtype is mt.float16
    assert len(x) == 1 and np.asarray(x).shape == (1, 2)
    with pytest.raises(RuntimeError, match="a Tensor with 2 elements cannot be converted to Scalar"):
        x.item()
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is ambiguous"):
        bool(x)


def test_comparisons_and_logic_return_bool_tensors():
    a, b = mt.tensor([1.0, 2.0, 3.0]), mt.tensor([3.0, 2.0, 1.0])
    assert (a < b).tolist() == [True, False, False] and (a <= b).dtype is mt.bool
    assert (a == b).tolist() == [False, True, False] and (a != 2).tolist() == [True, False, True]
    assert (a > 1).tolist() == [False, True, True] and (a >= b).tolist() == [False, True, True]
    assert ((a > 1) & (b > 1)).tolist() == [False, True, False] and (~(a > 1)).tolist() == [True, False, False]
    assert ((a > 2) | (b > 2)).tolist() == [True, False, True] and (a > 1).any().item()
    assert not (a > 1).all().item()
    assert mt.tensor([float("nan"), 1.0]).isnan().tolist() == [True, False]


@given(x=shapes(min_dims=1).flatmap(arrays))
def test_numpy_roundtrip(x):
    assert np.array_equal(mt.tensor(x).numpy(), x) and mt.tensor(x).dtype is mt.float64
