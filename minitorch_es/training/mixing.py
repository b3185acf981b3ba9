"""MixUp and CutMix (guide 003, section 7.4 and exercise 7): train on mixtures of pairs of images.

MixUp:   x' = lam x_i + (1 - lam) x_j,  lam ~ Beta(alpha, alpha);  the loss mixes the two labels' losses,
         J = lam J(f(x'), y_i) + (1 - lam) J(f(x'), y_j)   (``mixup_criterion``).
CutMix:  a random box of image j is pasted into image i; lam is the fraction of image i that remains, and the
         same mixed loss applies.
Pairs are formed with a random permutation of the batch.
"""

from __future__ import annotations

import numpy as np

from ..random import numpy_generator
from .loops import library_of


def mixup_data(x, y, alpha: float = 1.0, generator=None):
    """(mixed_x, y_a, y_b, lam) as the guide's pseudocode: lam ~ Beta(alpha, alpha) (1 when alpha <= 0)."""
    rng = numpy_generator(generator)
    lam = float(rng.beta(alpha, alpha)) if alpha > 0 else 1.0
    index = _permutation(x, rng)
    mixed_x = lam * x + (1 - lam) * x[index]
    return mixed_x, y, y[index], lam


def mixup_criterion(criterion, pred, y_a, y_b, lam: float):
    """J = lam J(pred, y_a) + (1 - lam) J(pred, y_b)."""
    return lam * criterion(pred, y_a) + (1 - lam) * criterion(pred, y_b)


def cutmix_data(x, y, alpha: float = 1.0, generator=None):
    """(mixed_x, y_a, y_b, lam): a box of area ~(1 - lam) of each partner image pasted at a random place;
    lam is then recomputed as the exact fraction of pixels that stayed."""
    rng = numpy_generator(generator)
    lam = float(rng.beta(alpha, alpha)) if alpha > 0 else 1.0
    index = _permutation(x, rng)
    height, width = x.shape[-2], x.shape[-1]
    cut = np.sqrt(1.0 - lam)
    box_h, box_w = int(height * cut), int(width * cut)
    center_y, center_x = int(rng.integers(height)), int(rng.integers(width))
    top, bottom = np.clip([center_y - box_h // 2, center_y + box_h // 2], 0, height)
    left, right = np.clip([center_x - box_w // 2, center_x + box_w // 2], 0, width)
    mask = np.zeros((height, width), dtype=bool)
    mask[top:bottom, left:right] = True
    inside = library_of(x).as_tensor(mask, device=x.device)
    mixed_x = library_of(x).where(inside, x[index], x)
    lam = 1.0 - float(mask.mean())
    return mixed_x, y, y[index], lam


def _permutation(x, rng) -> object:
    """A random order of the batch, as a tensor of x's library on x's device."""
    return library_of(x).as_tensor(rng.permutation(x.shape[0]).astype(np.int64), device=x.device)
