"""Entries for the rest of ``nn.functional``: pad (``ops/padding.py``), interpolate (``ops/resampling.py``),
cosine_similarity and pairwise_distance (``nn/functional/distance.py``), embedding and one_hot
(``nn/functional/sparse.py``)."""

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays, shapes

from .op_info import ErrorCase, OpInfo, Sample, function
from .samples import fixed

PADDING, RESAMPLING = "ops/padding.py", "ops/resampling.py"
DISTANCE, SPARSE = "nn/functional/distance.py", "nn/functional/sparse.py"


def _f(name):
    return function(f"nn.functional.{name}")


@st.composite
def _pad_case(draw):
    mode = draw(st.sampled_from(["constant", "reflect", "replicate", "circular"]))
    x = draw(shapes(min_dims=2, max_dims=4, min_side=2).flatmap(arrays))
    # PyTorch pads, in the non-constant modes, the last 1, 2 or 3 dims of a batched (and optionally channeled) input
    dims = draw(st.integers(1, 2)) if mode == "constant" else draw(st.integers(max(1, x.ndim - 2), min(3, x.ndim - 1)))
    low = 0 if mode != "constant" else -1
    widths = []
    for k in range(dims):
        size = x.shape[x.ndim - 1 - k]
        high = {"reflect": size - 1, "circular": size}.get(mode, 3)
        widths += [draw(st.integers(low, high)), draw(st.integers(low, high))]
    options = {"pad": tuple(widths), "mode": mode}
    if mode == "constant" and draw(st.booleans()):
        options["value"] = 0.5
    return Sample((x,), options)


@st.composite
def _interpolate_case(draw):
    mode = draw(st.sampled_from(["nearest", "nearest-exact", "linear", "bilinear"]))
    dims = 1 if mode == "linear" else (2 if mode == "bilinear" else draw(st.sampled_from([1, 2])))
    spatial = tuple(draw(st.integers(1, 7)) for _ in range(dims))
    options = {"mode": mode}
    if draw(st.booleans()):
        options["size"] = tuple(draw(st.integers(1, 9)) for _ in range(dims))
    else:
        options["scale_factor"] = draw(st.sampled_from([0.5, 1.5, 2.0, 3.0, 0.7]))
        if all(int(n * options["scale_factor"]) < 1 for n in spatial):
            options["scale_factor"] = 2.0
        options["recompute_scale_factor"] = draw(st.sampled_from([None, True]))
    if mode in ("linear", "bilinear"):
        options["align_corners"] = draw(st.booleans())
        if mode == "bilinear" and not options["align_corners"]:
            options["antialias"] = draw(st.booleans())
    assume(all(int(n * options.get("scale_factor", 1)) >= 1 for n in spatial))
    outputs = options.get("size") or tuple(int(n * options["scale_factor"]) for n in spatial)
    assume(not (options.get("antialias") and min(*spatial, *outputs) == 1))  # PyTorch's 1-pixel quirk
    return Sample((draw(arrays((2, 2) + spatial)),), options, 4)


@st.composite
def _distance_case(draw, cosine: bool):
    a = draw(arrays((3, 4)))
    b = draw(arrays((1, 4) if draw(st.booleans()) else (3, 4)))
    if cosine:
        dim = draw(st.sampled_from([0, 1, -1]))
        # vectors far from zero length: near it, gradients grow as 1/length and compare only to rounding
        lengths = np.linalg.norm(a, axis=dim), np.linalg.norm(np.broadcast_to(b, a.shape), axis=dim)
        assume(min(lengths[0].min(), lengths[1].min()) > 0.1)
        return Sample((a, b), {"dim": dim, "eps": draw(st.sampled_from([1e-8, 1e-3]))}, 4)
    return Sample((a, b + 0.5), {"p": draw(st.sampled_from([1.0, 2.0, 3.0])), "keepdim": draw(st.booleans())}, 4)


@st.composite
def _embedding_case(draw):
    indices = np.random.default_rng(draw(st.integers(0, 99))).integers(0, 7, draw(st.sampled_from([(5,), (2, 4),
                                                                                                  (3, 1, 2)])))
    return Sample((Constant(indices), draw(arrays((7, 3)))),
                  {"padding_idx": draw(st.sampled_from([None, 0, 6])),
                   "scale_grad_by_freq": draw(st.booleans())})


OPS = [
    OpInfo("nn.functional.pad", _f("pad"), _pad_case(), PADDING,
           errors=(ErrorCase(lambda lib: lib.nn.functional.pad(lib.ones(1, 1, 3), (3, 0), mode="reflect"),
                             RuntimeError, "Padding size should be less than the corresponding input dimension"),
                   ErrorCase(lambda lib: lib.nn.functional.pad(lib.ones(1, 3), (1,)), RuntimeError,
                             "Padding length must be divisible by 2"))),
    OpInfo("nn.functional.interpolate", _f("interpolate"), _interpolate_case(), RESAMPLING, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 2, 2)), ValueError,
                             "either size or scale_factor should be defined"),
                   ErrorCase(lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 2, 2), size=3, scale_factor=2),
                             ValueError, "only one of size or scale_factor should be defined"),
                   ErrorCase(lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 2, 2), scale_factor=2,
                                                                       align_corners=True), ValueError,
                             "align_corners option can only be set with the interpolating modes"))),
    OpInfo("nn.functional.cosine_similarity", _f("cosine_similarity"), _distance_case(cosine=True), DISTANCE,
           kind="reduction", examples=(fixed(np.zeros((2, 3)), np.ones((2, 3))),),
           errors=(ErrorCase(lambda lib: lib.nn.functional.cosine_similarity(lib.ones(3, 4), lib.ones(3, 5)),
                             RuntimeError, r"The size of tensor a \(4\) must match the size of tensor b \(5\)"),)),
    OpInfo("nn.functional.pairwise_distance", _f("pairwise_distance"), _distance_case(cosine=False), DISTANCE,
           kind="reduction", examples=(fixed(np.arange(4.0), np.ones(4)),)),
    OpInfo("nn.functional.embedding", _f("embedding"), _embedding_case(), SPARSE,
           errors=(ErrorCase(lambda lib: lib.nn.functional.embedding(lib.tensor([1.0]), lib.ones(3, 2)), RuntimeError,
                             "Expected tensor for argument #1 'indices' to have one of the following scalar types"),
                   ErrorCase(lambda lib: lib.nn.functional.embedding(lib.tensor([3]), lib.ones(3, 2)), IndexError,
                             "index out of range"))),
    OpInfo("nn.functional.one_hot", _f("one_hot"),
           st.sampled_from([fixed(Constant(np.array([0, 3, 1]))),
                            fixed(Constant(np.array([[0], [2]])), num_classes=4)]),
           SPARSE,
           errors=(ErrorCase(lambda lib: lib.nn.functional.one_hot(lib.tensor([0.0])), RuntimeError,
                             "one_hot is only applicable to index tensor"),
                   ErrorCase(lambda lib: lib.nn.functional.one_hot(lib.tensor([3]), 2), RuntimeError,
                             "Class values must be smaller than num_classes"))),
]
