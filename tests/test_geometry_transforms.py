"""Resize, CenterCrop, Pad, RandomResizedCrop, RandomVerticalFlip, Grayscale, RandomErasing, RandomApply, RandomChoice,
RandomOrder, RandomGrayscale against torchvision."""

import numpy as np
import pytest
import torch
import torchvision.transforms as tv
from hypothesis import assume, given
from hypothesis import strategies as st
from PIL import Image

import minitorch_es as mt
from minitorch_es.vision import transforms
from minitorch_es.vision.transforms.geometry import _target_size

SIDES = st.integers(1, 24)


@given(channels=st.integers(1, 3), height=SIDES, width=SIDES, data=st.data(),
       interpolation=st.sampled_from(["bilinear", "nearest"]), antialias=st.booleans())
def test_resize_of_tensors_equals_torchvision(channels, height, width, data, interpolation, antialias):
    """PyTorch's antialiased kernel returns the first row everywhere when a dimension is 1 pixel wide before and
    after (resizing 3x1 to 2x1 gives [0.3125, 0.3125] for [0.2, 0.5, 0.9], where a 3x2 image gives [0.3125, 0.75]
    in each column); ours gives the same answer for both, so those shapes are left out."""
    image = np.random.default_rng(height * 31 + width).random((channels, height, width)).astype(np.float32)
    size = data.draw(st.one_of(st.tuples(SIDES, SIDES), SIDES))
    target = _target_size(height, width, size, None)
    assume(not (interpolation == "bilinear" and antialias and min(height, width, *target) == 1))
    mode = tv.InterpolationMode.BILINEAR if interpolation == "bilinear" else tv.InterpolationMode.NEAREST
    ours = transforms.Resize(size, interpolation=interpolation, antialias=antialias)(mt.tensor(image)).numpy()
    theirs = tv.Resize(size, interpolation=mode, antialias=antialias)(torch.tensor(image)).numpy()
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=2e-6)


@given(height=SIDES, width=SIDES, size=st.tuples(SIDES, SIDES))
def test_resize_of_uint8_images_is_within_one_level_of_pil(height, width, size):
    image = np.random.default_rng(height * 31 + width).integers(0, 256, (height, width), dtype=np.uint8)
    ours = transforms.Resize(size)(image)
    theirs = np.asarray(tv.Resize(size)(Image.fromarray(image)))
    assert ours.dtype == np.uint8 and ours.shape == theirs.shape
    assert np.abs(ours.astype(int) - theirs).max() <= 1


@given(height=SIDES, width=SIDES, size=st.one_of(SIDES, st.tuples(SIDES, SIDES)))
def test_center_crop_equals_torchvision_also_when_it_pads(height, width, size):
    image = np.random.default_rng(height * 31 + width).integers(0, 256, (height, width), dtype=np.uint8)
    np.testing.assert_array_equal(transforms.CenterCrop(size)(image),
                                  np.asarray(tv.CenterCrop(size)(Image.fromarray(image))))
    tensor = image[None].astype(np.float32) / 255
    np.testing.assert_array_equal(transforms.CenterCrop(size)(mt.tensor(tensor)).numpy(),
                                  tv.CenterCrop(size)(torch.tensor(tensor)).numpy())


@given(padding=st.one_of(st.integers(0, 3), st.tuples(st.integers(0, 3), st.integers(0, 3)),
                         st.tuples(*[st.integers(0, 3)] * 4)),
       mode=st.sampled_from(["constant", "edge", "reflect", "symmetric"]))
def test_pad_equals_torchvision(padding, mode):
    image = np.random.default_rng(0).integers(0, 256, (5, 6), dtype=np.uint8)
    fill = 7 if mode == "constant" else 0
    np.testing.assert_array_equal(transforms.Pad(padding, fill, mode)(image),
                                  np.asarray(tv.Pad(padding, fill, mode)(Image.fromarray(image))))
    tensor = image[None].astype(np.float32)
    np.testing.assert_array_equal(transforms.Pad(padding, fill, mode)(mt.tensor(tensor)).numpy(),
                                  tv.Pad(padding, fill, mode)(torch.tensor(tensor)).numpy())


def test_flip_and_grayscale_equal_torchvision():
    rng = np.random.default_rng(0)
    tensor = rng.random((3, 4, 5)).astype(np.float32)
    np.testing.assert_array_equal(transforms.RandomVerticalFlip(1.0)(mt.tensor(tensor)).numpy(),
                                  tv.RandomVerticalFlip(1.0)(torch.tensor(tensor)).numpy())
    np.testing.assert_allclose(transforms.Grayscale(3)(mt.tensor(tensor)).numpy(),
                               tv.Grayscale(3)(torch.tensor(tensor)).numpy(), rtol=0, atol=1e-7)
    rgb = rng.integers(0, 256, (4, 5, 3), dtype=np.uint8)
    np.testing.assert_array_equal(transforms.Grayscale()(rgb), np.asarray(tv.Grayscale()(Image.fromarray(rgb))))
    flips = [np.array_equal(transforms.RandomVerticalFlip()(tensor[0]), tensor[0]) for _ in range(400)]
    assert 0.4 < np.mean(flips) < 0.6


def test_random_resized_crop_areas_ratios_and_its_deterministic_case():
    image = np.random.default_rng(0).random((1, 20, 30)).astype(np.float32)
    exact = transforms.RandomResizedCrop((10, 10), scale=(1.0, 1.0), ratio=(1.5, 1.5))(mt.tensor(image)).numpy()
    np.testing.assert_allclose(exact, tv.RandomResizedCrop((10, 10), scale=(1.0, 1.0), ratio=(1.5, 1.5))(
        torch.tensor(image)).numpy(), atol=2e-6)
    crop = transforms.RandomResizedCrop(8, scale=(0.2, 0.5))
    mt.manual_seed(0)
    boxes = [crop.get_params(20, 30) for _ in range(300)]
    areas = np.array([h * w for _, _, h, w in boxes]) / 600
    ratios = np.array([w / h for _, _, h, w in boxes])
    assert all(0 <= top <= 20 - h and 0 <= left <= 30 - w for top, left, h, w in boxes)
    assert areas.min() > 0.15 and areas.max() < 0.56 and ratios.min() > 0.6 and ratios.max() < 1.5
    assert crop(mt.tensor(image)).shape == (1, 8, 8)


def test_random_erasing_overwrites_one_rectangle_of_the_requested_area():
    mt.manual_seed(1)
    image = mt.ones(3, 20, 20)
    erased = transforms.RandomErasing(p=1.0, scale=(0.25, 0.25), ratio=(1.0, 1.0), value=(0.0, 0.5, 2.0))(image)
    assert image.sum().item() == 1200.0, "not in place by default"
    changed = erased.numpy() != 1.0
    assert changed[0].sum() == 100 and (changed[0] == changed[1]).all()
    rows, columns = np.nonzero(changed[0])
    assert rows.max() - rows.min() == 9 and columns.max() - columns.min() == 9
    assert set(np.unique(erased.numpy()[1][changed[1]])) == {0.5}
    assert transforms.RandomErasing(p=0.0)(image) is image
    with pytest.raises(TypeError, match="img should be a Tensor"):
        transforms.RandomErasing(p=1.0)(np.ones((3, 4, 4)))
    with pytest.raises(ValueError, match="Random erasing probability should be between 0 and 1"):
        transforms.RandomErasing(p=2.0)


def test_random_apply_choice_order_and_grayscale_draw_as_torchvision():
    mt.manual_seed(0)
    image = mt.tensor(np.random.default_rng(0).random((3, 4, 5)).astype(np.float32))
    flip = transforms.RandomHorizontalFlip(p=1.0)
    flipped = flip(image).numpy()
    applied = [np.array_equal(transforms.RandomApply([flip], p=0.3)(image).numpy(), flipped) for _ in range(2000)]
    assert abs(np.mean(applied) - 0.3) < 0.04
    assert all(np.array_equal(transforms.RandomApply([flip], p=1.0)(image).numpy(), flipped) for _ in range(20))
    gray = tv.Grayscale(3)(torch.tensor(image.numpy())).numpy()
    choice = transforms.RandomChoice([flip, transforms.Grayscale(3)], p=[3, 1])
    picks = [np.array_equal(choice(image).numpy(), gray) for _ in range(2000)]
    assert abs(np.mean(picks) - 0.25) < 0.04
    shift = transforms.Lambda(lambda t: t + 1)
    double = transforms.Lambda(lambda t: t * 2)
    orders = {float(transforms.RandomOrder([shift, double])(mt.tensor([1.0])).item()) for _ in range(50)}
    assert orders == {4.0, 3.0}  # (1 + 1) * 2 and 1 * 2 + 1
    became_gray = [np.array_equal(transforms.RandomGrayscale(p=0.5)(image).numpy(), gray) for _ in range(2000)]
    assert abs(np.mean(became_gray) - 0.5) < 0.04
    one_channel = image[:1]
    np.testing.assert_array_equal(transforms.RandomGrayscale(p=1.0)(one_channel).numpy(), one_channel.numpy())
    pil = Image.fromarray((np.random.default_rng(1).random((4, 5, 3)) * 255).astype(np.uint8))
    np.testing.assert_array_equal(np.asarray(transforms.RandomGrayscale(p=1.0)(np.asarray(pil))),
                                  np.asarray(tv.Grayscale(3)(pil)))
    for ours, theirs in [(transforms.RandomApply([flip], p=0.3), tv.RandomApply([tv.RandomHorizontalFlip(1.0)], 0.3)),
                         (transforms.RandomChoice([flip]), tv.RandomChoice([tv.RandomHorizontalFlip(1.0)])),
                         (transforms.RandomOrder([flip]), tv.RandomOrder([tv.RandomHorizontalFlip(1.0)])),
                         (transforms.RandomGrayscale(0.2), tv.RandomGrayscale(0.2))]:
        assert repr(ours) == repr(theirs)
    with pytest.raises(ValueError, match="Length of p doesn't match the number of transforms"):
        transforms.RandomChoice([flip], p=[0.5, 0.5])


@given(height=st.integers(1, 20), width=st.integers(1, 20), channels=st.integers(1, 3),
       angle=st.one_of(st.floats(-180, 180), st.sampled_from([0.0, 30.0, 90.0, -45.0])),
       shift=st.tuples(st.integers(-5, 5), st.integers(-5, 5)), scale=st.sampled_from([1.0, 0.5, 0.8, 1.3, 2.0]),
       shear=st.one_of(st.floats(-40, 40), st.tuples(st.floats(-40, 40), st.floats(-40, 40)),
                       st.tuples(st.floats(-40, 40))),
       fill=st.sampled_from([0.0, 0.7]), centered=st.booleans(), data=st.data())
def test_affine_equals_torchvision_pixel_for_pixel(height, width, channels, angle, shift, scale, shear, fill,
                                                   centered, data):
    from minitorch_es.vision.transforms.affine import affine

    center = None if centered else [data.draw(st.integers(0, width - 1)), data.draw(st.integers(0, height - 1))]
    image = np.random.default_rng(height * 100 + width).random((channels, height, width), dtype=np.float32)
    shear_list = shear if isinstance(shear, float) else list(shear)
    expected = tv.functional.affine(torch.from_numpy(image), angle, list(shift), scale, shear_list,
                                    fill=[fill], center=center).numpy()
    np.testing.assert_array_equal(affine(mt.tensor(image), angle, shift, scale, shear, fill, center).numpy(),
                                  expected)
    pixels = (image[0] * 255).astype(np.uint8)
    expected = tv.functional.affine(torch.from_numpy(pixels)[None], angle, list(shift), scale, shear_list,
                                    fill=[fill], center=center)[0].numpy()
    np.testing.assert_array_equal(affine(pixels, angle, shift, scale, shear, fill, center), expected)


def test_random_affine_draws_its_parameters_in_range_and_prints_as_torchvision():
    mt.manual_seed(0)
    transform = transforms.RandomAffine(10, translate=(0.1, 0.2), scale=(0.9, 1.1), shear=(1, 2, 3, 4))
    draws = [transform.get_params(30, 20) for _ in range(500)]
    angles, shifts, zooms, shears = zip(*draws)
    assert -10 <= min(angles) < -9 and 9 < max(angles) <= 10
    assert {abs(dx) for dx, _ in shifts} == {0, 1, 2, 3} and max(abs(dy) for _, dy in shifts) == 4
    assert min(zooms) >= 0.9 and max(zooms) <= 1.1
    assert all(1 <= sx <= 2 and 3 <= sy <= 4 for sx, sy in shears)
    image = mt.tensor(np.random.default_rng(0).random((1, 20, 30)).astype(np.float32))
    assert tuple(transform(image).shape) == (1, 20, 30)
    for options in [dict(degrees=10), dict(degrees=(-5, 20), translate=(0.1, 0.2), scale=(0.9, 1.1), shear=5,
                                          fill=1), dict(degrees=0, shear=(1, 2, 3, 4), center=(1, 2))]:
        assert repr(transforms.RandomAffine(**options)) == repr(tv.RandomAffine(**options))
    for bad, message in [(dict(degrees=-1), "must be positive"), (dict(degrees=1, translate=(1.5, 0)),
                                                                   "between 0 and 1"),
                         (dict(degrees=1, scale=(-1, 1)), "scale values should be positive"),
                         (dict(degrees=1, shear=(1, 2, 3)), "shear should be a sequence of length 2 or 4")]:
        with pytest.raises(ValueError, match=message):
            transforms.RandomAffine(**bad)
