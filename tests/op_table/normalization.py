"""Entries for ``nn/functional/normalization.py`` on the Functions of ``ops/normalization.py``: batch_norm (batch
and running statistics, the running statistics' update), layer_norm, group_norm, and normalize."""

import numpy as np
from hypothesis import strategies as st
from strategies import arrays, away_from, shapes

from .op_info import ErrorCase, OpInfo, Sample, function

FAMILY, FUNCTIONAL = "ops/normalization.py", "nn/functional/normalization.py"


def _f(name):
    return function(f"nn.functional.{name}")


@st.composite
def _batch_norm_case(draw):
    shape = draw(st.sampled_from([(6, 3), (4, 3, 5), (4, 3, 2, 5), (2, 3, 4, 4)]))
    spread = np.linspace(-1, 1, shape[0]).reshape((-1,) + (1,) * (len(shape) - 1))
    x = draw(arrays(shape)) + spread
    training = draw(st.booleans())
    affine = draw(st.booleans())
    inputs = [x]
    if affine:
        inputs += [draw(arrays((3,), 0.5, 1.5)), draw(arrays((3,), -0.5, 0.5))]
    running = (draw(arrays((3,), -0.5, 0.5)), draw(arrays((3,), 0.5, 1.5))) if draw(st.booleans()) or not training \
        else None
    return Sample(tuple(inputs), {"running": running, "training": training,
                                  "momentum": draw(st.sampled_from([0.1, 0.5]))}, int(np.prod(shape)) // 3)


def _batch_norm(lib, x, weight=None, bias=None, running=None, **options):
    """The output and the running statistics after the update (both libraries update the buffers in place), the
    statistics in x's dtype."""
    if running is None:
        return lib.nn.functional.batch_norm(x, None, None, weight, bias, **options)
    mean, variance = (lib.tensor(values, dtype=x.dtype) for values in running)
    y = lib.nn.functional.batch_norm(x, mean, variance, weight, bias, **options)
    return y, mean, variance


@st.composite
def _layer_norm_case(draw):
    """Groups of at least 3 values: with 2, x_hat = +-sqrt(v / (v + eps)) and the input gradient is a pure
    cancellation of size eps / (v + eps), where float32 results scatter (PyTorch's own by twice ours)."""
    trailing = draw(st.integers(1, 2))
    x = draw(shapes(min_dims=trailing, max_dims=4, min_side=3).flatmap(lambda s: arrays(s, -3, 3)))
    x = x + np.random.default_rng(x.size).normal(0, 1, x.shape)  # a spread of order 1 in every group
    normalized = tuple(x.shape[x.ndim - trailing:])
    affine = draw(st.sampled_from(["none", "weight", "both"]))
    parameters = {"none": (), "weight": (draw(arrays(normalized, 0.5, 1.5)),),
                  "both": (draw(arrays(normalized, 0.5, 1.5)), draw(arrays(normalized, -0.5, 0.5)))}[affine]
    return Sample((x, *parameters), {"normalized_shape": normalized}, int(np.prod(normalized)))


def _layer_norm(lib, x, weight=None, bias=None, normalized_shape=()):
    return lib.nn.functional.layer_norm(x, normalized_shape, weight, bias)


@st.composite
def _group_norm_case(draw):
    groups = draw(st.sampled_from([1, 2, 4]))
    channels = groups * draw(st.integers(1, 2))
    # groups of at least 3 values (see _layer_norm_case)
    shape = (draw(st.integers(1, 3)), channels) + tuple(draw(st.lists(st.integers(3, 4), min_size=1, max_size=2)))
    x = draw(arrays(shape)) + np.random.default_rng(len(shape)).normal(0, 1, shape)
    parameters = (draw(arrays((channels,), 0.5, 1.5)), draw(arrays((channels,), -0.5, 0.5))) \
        if draw(st.booleans()) else ()
    return Sample((x, *parameters), {"num_groups": groups}, int(np.prod(shape[1:])) // groups)


def _group_norm(lib, x, weight=None, bias=None, num_groups=1):
    return lib.nn.functional.group_norm(x, num_groups, weight, bias)


@st.composite
def _normalize_case(draw):
    x = away_from(draw(shapes(min_dims=1).flatmap(arrays)), [0.0], 0.05)
    dim = draw(st.integers(-x.ndim, x.ndim - 1))
    return Sample((x,), {"p": draw(st.sampled_from([2.0, 1.0, 3.0])), "dim": dim}, x.shape[dim])


OPS = [
    OpInfo("nn.functional.batch_norm", _batch_norm, _batch_norm_case(), FAMILY, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.batch_norm(lib.ones(1, 3), None, None, training=True),
                             ValueError, "Expected more than 1 value per channel when training"),
                   ErrorCase(lambda lib: lib.nn.functional.batch_norm(lib.ones(4, 3), lib.zeros(2), lib.ones(2)),
                             RuntimeError, "running_mean should contain 3 elements not 2"))),
    OpInfo("nn.functional.layer_norm", _layer_norm, _layer_norm_case(), FAMILY, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.layer_norm(lib.ones(2, 3), [4]), RuntimeError,
                             r"Given normalized_shape=\[4\], expected input with shape \[\*, 4\]"),)),
    OpInfo("nn.functional.group_norm", _group_norm, _group_norm_case(), FUNCTIONAL, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.group_norm(lib.ones(2, 3, 2), 2), RuntimeError,
                             "Expected number of channels in input to be divisible by num_groups"),)),
    OpInfo("nn.functional.normalize", _f("normalize"), _normalize_case(), FUNCTIONAL, kind="reduction"),
]
