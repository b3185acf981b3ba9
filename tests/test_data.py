"""utils.data and vision: DataLoader, datasets and their readers (on generated files), transforms vs torchvision."""

import gzip
import pickle

import numpy as np
import pytest
import torch
import torchvision.transforms as tv
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch_es as mt
from minitorch_es.utils.data import DataLoader, Subset, TensorDataset, random_split
from minitorch_es.vision import datasets, transforms
from minitorch_es.vision.idx import read_idx


def test_dataloader_batches_shuffles_reproducibly_and_drops_last():
    data = TensorDataset(mt.arange(10.0).reshape(10, 1), mt.arange(10))
    batches = list(DataLoader(data, batch_size=4))
    assert [len(b[1]) for b in batches] == [4, 4, 2] and batches[0][1].tolist() == [0, 1, 2, 3]
    assert len(DataLoader(data, batch_size=4)) == 3 and len(DataLoader(data, batch_size=4, drop_last=True)) == 2
    assert [len(b[1]) for b in DataLoader(data, batch_size=4, drop_last=True)] == [4, 4]
    def epoch(seed):
        loader = DataLoader(data, batch_size=3, shuffle=True, generator=mt.Generator().manual_seed(seed))
        return [b[1].tolist() for b in loader]

    first, again = epoch(1), epoch(1)
    assert first == again and sorted(sum(first, [])) == list(range(10)) and sum(first, []) != list(range(10))


def test_default_collation_of_tuples_numbers_dicts_and_arrays():
    class Samples:
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return {"x": np.full((2,), i, dtype=np.float32), "y": i, "w": 0.5 * i, "name": f"s{i}"}

    batch = next(iter(DataLoader(Samples(), batch_size=4)))
    assert batch["x"].shape == (4, 2) and batch["x"].dtype is mt.float32
    assert batch["y"].dtype is mt.int64 and batch["y"].tolist() == [0, 1, 2, 3]
    assert batch["w"].dtype is mt.float64 and batch["name"] == ["s0", "s1", "s2", "s3"]
    pairs = next(iter(DataLoader([(mt.ones(2), 1), (mt.zeros(2), 0)], batch_size=2)))
    assert pairs[0].shape == (2, 2) and pairs[1].tolist() == [1, 0]
    with pytest.raises(ValueError, match="batch_size should be a positive integer value"):
        DataLoader([1, 2], batch_size=0)


def test_subset_and_random_split():
    data = TensorDataset(mt.arange(10))
    subset = Subset(data, [3, 1])
    assert len(subset) == 2 and subset[0][0].item() == 3
    parts = random_split(data, [7, 3], generator=mt.Generator().manual_seed(0))
    assert [len(p) for p in parts] == [7, 3]
    assert sorted(parts[0].indices + parts[1].indices) == list(range(10))
    assert [len(p) for p in random_split(data, [0.8, 0.2])] == [8, 2]
    with pytest.raises(ValueError, match="Sum of input lengths does not equal the length of the input dataset"):
        random_split(data, [5, 3])


# ---- IDX and CIFAR readers on generated files -------------------------------------------------------------------


def write_idx(path, array, magic, compress=True):
    header = magic.to_bytes(4, "big") + b"".join(size.to_bytes(4, "big") for size in array.shape)
    content = header + array.astype(np.uint8).tobytes()
    if compress:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(content))
    else:
        path.write_bytes(content)
    return path


def make_fashion_files(folder, count=12, compress=True):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", count), ("t10k", count // 2)):
        write_idx(folder / f"{prefix}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28)), 2051, compress)
        write_idx(folder / f"{prefix}-labels-idx1-ubyte", rng.integers(0, 10, n), 2049, compress)


@pytest.mark.parametrize("compress", [True, False])
def test_fashion_mnist_reads_torchvision_layout_first(tmp_path, monkeypatch, compress):
    make_fashion_files(tmp_path / "FashionMNIST" / "raw", compress=compress)
    monkeypatch.setattr(datasets.FashionMNIST, "system_folders", [tmp_path / "nowhere"])
    train = datasets.FashionMNIST(tmp_path, train=True, transform=transforms.ToTensor())
    test = datasets.FashionMNIST(tmp_path, train=False)
    assert len(train) == 12 and len(test) == 6
    image, label = train[0]
    assert image.shape == (1, 28, 28) and image.dtype is mt.float32 and 0 <= label < 10
    assert train.classes[0] == "T-shirt/top" and train.class_to_idx["Ankle boot"] == 9
    raw = read_idx(next((tmp_path / "FashionMNIST" / "raw").glob("train-images*")))
    np.testing.assert_allclose(image.numpy()[0], raw[0] / 255, rtol=1e-6)


def test_fashion_mnist_falls_back_to_the_system_folder_and_names_every_place(tmp_path, monkeypatch):
    system = tmp_path / "system"
    make_fashion_files(system)
    monkeypatch.setattr(datasets.FashionMNIST, "system_folders", [system])
    assert len(datasets.FashionMNIST(tmp_path / "root", train=True)) == 12
    monkeypatch.setattr(datasets.FashionMNIST, "system_folders", [tmp_path / "empty"])
    with pytest.raises(FileNotFoundError) as error:
        datasets.FashionMNIST(tmp_path / "root")
    message = str(error.value)
    assert str(tmp_path / "root" / "FashionMNIST" / "raw") in message and str(tmp_path / "empty") in message
    assert "apt-get install dataset-fashion-mnist" in message and "download=True" in message


def test_download_failure_without_internet_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets.FashionMNIST, "system_folders", [])
    monkeypatch.setattr(datasets.FashionMNIST, "mirrors", ["http://127.0.0.1:9/"])
    with pytest.raises(FileNotFoundError, match="Downloading failed") as error:
        datasets.FashionMNIST(tmp_path, download=True)
    assert "train-images-idx3-ubyte.gz" in str(error.value)
    assert "apt-get install dataset-fashion-mnist" in str(error.value)
    assert not list((tmp_path / "FashionMNIST" / "raw").glob("*.part")), "no half-written file is left"


def test_damaged_idx_files_say_what_is_wrong(tmp_path):
    good = write_idx(tmp_path / "images", np.zeros((2, 3, 3)), 2051, compress=False)
    content = good.read_bytes()
    (tmp_path / "truncated").write_bytes(content[:-4])
    with pytest.raises(ValueError, match=r"announces shape \(2, 3, 3\) \(18 bytes of data\) but the file holds 14"):
        read_idx(tmp_path / "truncated")
    (tmp_path / "magic").write_bytes(b"\x01\x02" + content[2:])
    with pytest.raises(ValueError, match="bad magic number"):
        read_idx(tmp_path / "magic")
    with pytest.raises(ValueError, match="magic number 2051 but 2049 was expected"):
        read_idx(good, expected_magic=2049)
    (tmp_path / "bad.gz").write_bytes(b"not gzip at all")
    with pytest.raises(ValueError, match="damaged"):
        read_idx(tmp_path / "bad.gz")


def test_cifar10_reads_python_batches(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        with open(folder / name, "wb") as handle:
            pickle.dump({"data": rng.integers(0, 256, (4, 3072), dtype=np.uint8), "labels": [0, 1, 2, 9]}, handle)
    train = datasets.CIFAR10(tmp_path, train=True, transform=transforms.ToTensor())
    assert len(train) == 20 and train[0][0].shape == (3, 32, 32) and train.classes[9] == "truck"
    with open(folder / "data_batch_1", "rb") as handle:
        first = pickle.load(handle)["data"][0].reshape(3, 32, 32)
    np.testing.assert_allclose(train[0][0].numpy(), first / 255, rtol=1e-6)
    (folder / "test_batch").write_bytes(b"garbage")
    with pytest.raises(ValueError, match="not a CIFAR-10 python batch"):
        datasets.CIFAR10(tmp_path, train=False)
    with pytest.raises(FileNotFoundError, match="cifar-10-python.tar.gz"):
        datasets.CIFAR10(tmp_path / "missing")


def test_batched_transforms_give_the_same_numbers_as_image_by_image(tmp_path, monkeypatch):
    make_fashion_files(tmp_path / "FashionMNIST" / "raw", count=20)
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    dataset = datasets.FashionMNIST(tmp_path, transform=transform)
    images, labels = next(iter(DataLoader(dataset, batch_size=7, shuffle=False)))
    one_by_one = np.stack([dataset[i][0].numpy() for i in range(7)])
    np.testing.assert_array_equal(images.numpy(), one_by_one)
    assert labels.tolist() == [dataset[i][1] for i in range(7)] and labels.dtype is mt.int64


# ---- transforms against torchvision ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(5, 7), (5, 7, 3), (4, 4, 1)])
def test_to_tensor_and_normalize_match_torchvision(shape):
    image = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    ours = transforms.ToTensor()(image)
    theirs = tv.ToTensor()(image)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=0, atol=0)
    channels = theirs.shape[0]
    mean, std = [0.5, 0.4, 0.3][:channels], [0.5, 0.2, 0.25][:channels]
    np.testing.assert_allclose(transforms.Normalize(mean, std)(ours).numpy(), tv.Normalize(mean, std)(theirs).numpy(),
                               rtol=1e-6, atol=1e-7)


def test_flip_and_crop_follow_torchvision():
    image = torch.rand(1, 6, 5)
    np.testing.assert_array_equal(transforms.RandomHorizontalFlip(p=1.0)(mt.tensor(image.numpy())).numpy(),
                                  tv.RandomHorizontalFlip(p=1.0)(image).numpy())
    np.testing.assert_array_equal(transforms.RandomHorizontalFlip(p=0.0)(mt.tensor(image.numpy())).numpy(),
                                  image.numpy())
    crop = transforms.RandomCrop(5, padding=2)
    mt.manual_seed(0)
    crops = [crop(mt.tensor(image.numpy())).numpy() for _ in range(200)]
    assert all(c.shape == (1, 5, 5) for c in crops)
    padded = np.pad(image.numpy(), ((0, 0), (2, 2), (2, 2)))
    windows = {(top, left) for top in range(6) for left in range(5)}
    found = {next((top, left) for top, left in windows
                  if np.array_equal(padded[:, top:top + 5, left:left + 5], c)) for c in crops}
    assert len(found) > 20, "crops come from many positions of the padded image"
    flips = [np.array_equal(transforms.RandomHorizontalFlip()(mt.tensor(image.numpy())).numpy(), image.numpy())
             for _ in range(400)]
    assert 0.4 < np.mean(flips) < 0.6


@pytest.mark.parametrize("channels", [1, 3])
def test_color_jitter_with_a_fixed_factor_matches_torchvision(channels):
    image = torch.rand(channels, 6, 6)
    for options in ({"brightness": (1.4, 1.4)}, {"contrast": (0.6, 0.6)}, {"brightness": (0.5, 0.5)}):
        ours = transforms.ColorJitter(**options)(mt.tensor(image.numpy())).numpy()
        theirs = tv.ColorJitter(**options)(image).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_rotation_by_right_angles_and_lambda():
    image = np.arange(16, dtype=np.uint8).reshape(4, 4)
    np.testing.assert_array_equal(transforms.RandomRotation((90, 90))(image), np.rot90(image))
    np.testing.assert_array_equal(transforms.RandomRotation(0)(image), image)
    assert transforms.Lambda(lambda x: x + 1)(1) == 2
    with pytest.raises(TypeError, match="should be callable"):
        transforms.Lambda(3)
    with pytest.raises(ValueError, match="must be positive"):
        transforms.RandomRotation(-5)


@settings(deadline=None)
@given(height=st.integers(1, 33), width=st.integers(1, 33), channels=st.integers(1, 3),
       angle=st.one_of(st.floats(-180, 180), st.integers(-12, 12).map(lambda k: 15.0 * k)),
       fill=st.sampled_from([0.0, 0.5, 200.0]), centered=st.booleans(), data=st.data())
def test_rotation_at_any_angle_equals_torchvision(height, width, channels, angle, fill, centered, data):
    """Right angles, 30/45/60 degrees and non-square images put many source positions exactly half-way between
    pixels: the rounding must follow torchvision's arithmetic there too."""
    center = None if centered else [data.draw(st.integers(0, width - 1)), data.draw(st.integers(0, height - 1))]
    rng = np.random.default_rng(height * 100 + width)
    image = rng.random((channels, height, width), dtype=np.float32)
    rotation = transforms.RandomRotation((angle, angle), center=center, fill=fill)
    expected = tv.functional.rotate(torch.from_numpy(image), angle, center=center, fill=[fill]).numpy()
    np.testing.assert_array_equal(rotation(mt.tensor(image)).numpy(), expected)
    pixels = (image[0] * 255).astype(np.uint8)
    expected = tv.functional.rotate(torch.from_numpy(pixels)[None], angle, center=center, fill=[fill])[0].numpy()
    np.testing.assert_array_equal(rotation(pixels), expected)


def test_a_custom_collate_fn_receives_the_list_of_samples_as_in_pytorch():
    images, labels = np.arange(24, dtype=np.float32).reshape(6, 2, 2), np.arange(6)
    seen = []

    def collate(lib):
        def collate_fn(samples):
            seen.append((type(samples).__name__, len(samples), type(samples[0]).__name__))
            return lib.stack([image for image, _ in samples]), [int(label) for _, label in samples]
        return collate_fn

    ours = DataLoader(Subset(TensorDataset(mt.tensor(images), mt.tensor(labels)), [5, 0, 3, 1]), batch_size=3,
                      collate_fn=collate(mt))
    theirs = torch.utils.data.DataLoader(
        torch.utils.data.Subset(torch.utils.data.TensorDataset(torch.tensor(images), torch.tensor(labels)),
                                [5, 0, 3, 1]), batch_size=3, collate_fn=collate(torch))
    for (a, a_labels), (b, b_labels) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        assert a_labels == b_labels
    assert seen == [("list", 3, "tuple")] * 2 + [("list", 1, "tuple")] * 2  # ours and torch's, batch by batch


@pytest.mark.parametrize("options,message", [
    ({"batch_sampler": [[0, 1]], "batch_size": 2}, "batch_sampler option is mutually exclusive"),
    ({"batch_sampler": [[0, 1]], "shuffle": True}, "batch_sampler option is mutually exclusive"),
    ({"prefetch_factor": 2}, "prefetch_factor option could only be specified in multiprocessing"),
    ({"persistent_workers": True}, "persistent_workers option needs num_workers > 0"),
    ({"num_workers": -1}, "num_workers option should be non-negative"),
    ({"sampler": [0, 1], "shuffle": True}, "sampler option is mutually exclusive with shuffle"),
])
def test_dataloader_option_errors_match_pytorch(options, message):
    with pytest.raises(ValueError, match=message):
        DataLoader(TensorDataset(mt.arange(4)), **options)
    with pytest.raises(ValueError, match=message):
        torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(4)), **options)


def test_workers_options_are_accepted_and_batches_are_the_same():
    calls = []
    loader = DataLoader(TensorDataset(mt.arange(10)), batch_size=4, num_workers=2, prefetch_factor=2,
                        persistent_workers=True, pin_memory=True, worker_init_fn=calls.append, timeout=5)
    assert [batch.tolist() for (batch,) in loader] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert calls == [0]
    sampled = DataLoader(TensorDataset(mt.arange(10)), batch_sampler=[[3, 1], [0]])
    assert [batch.tolist() for (batch,) in sampled] == [[3, 1], [0]] and len(sampled) == 2


def test_samplers_follow_pytorchs_rules():
    from minitorch_es.utils.data import (BatchSampler, RandomSampler, SequentialSampler, SubsetRandomSampler,
                                         WeightedRandomSampler)

    data = list(range(10))
    assert list(SequentialSampler(data)) == data and len(SequentialSampler(data)) == 10
    permutation = list(RandomSampler(data, generator=mt.Generator().manual_seed(3)))
    assert sorted(permutation) == data and permutation != data
    assert permutation == list(RandomSampler(data, generator=mt.Generator().manual_seed(3)))
    longer = list(RandomSampler(data, num_samples=25))
    assert len(longer) == 25 and sorted(longer[:10]) == data and sorted(longer[10:20]) == data
    with_replacement = list(RandomSampler(data, replacement=True, num_samples=200))
    assert len(with_replacement) == 200 and set(with_replacement) <= set(data) and len(set(with_replacement)) == 10
    assert sorted(SubsetRandomSampler([7, 3, 5])) == [3, 5, 7]
    mt.manual_seed(0)
    draws = np.array(list(WeightedRandomSampler([0.0, 1.0, 3.0], num_samples=4000)))
    assert set(draws) == {1, 2} and 0.70 < (draws == 2).mean() < 0.80
    assert sorted(WeightedRandomSampler([1, 1, 1], 3, replacement=False)) == [0, 1, 2]
    for sampler, batch_size, drop_last in ((range(10), 3, False), (range(10), 3, True), (range(4), 5, False)):
        ours = BatchSampler(sampler, batch_size, drop_last)
        theirs = torch.utils.data.BatchSampler(sampler, batch_size, drop_last)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)
    loader = DataLoader(TensorDataset(mt.arange(10)), batch_sampler=BatchSampler(SequentialSampler(data), 4, False))
    assert [batch.tolist() for (batch,) in loader] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


@pytest.mark.parametrize("name,args,error,message", [
    ("RandomSampler", ([1, 2],), {"num_samples": 0}, "num_samples should be a positive integer value"),
    ("WeightedRandomSampler", ([1.0, 2.0], 0), {}, "num_samples should be a positive integer value"),
    ("WeightedRandomSampler", ([[1.0, 2.0]], 2), {}, "weights should be a 1d sequence"),
    ("BatchSampler", ([1, 2], 0, False), {}, "batch_size should be a positive integer value"),
    ("BatchSampler", ([1, 2], 2, 1), {}, "drop_last should be a boolean value"),
])
def test_sampler_errors_match_pytorch(name, args, error, message):
    import minitorch_es.utils.data as ours

    with pytest.raises(ValueError, match=message):
        getattr(ours, name)(*args, **error)
    with pytest.raises(ValueError, match=message):
        getattr(torch.utils.data, name)(*args, **error)
