"""Entries for ``nn/functional/pooling.py`` on the Functions of ``ops/pooling.py``: max (values, indices, the
gradient to the first maximum), average, adaptive, power-average and unpooling, 1-d and 2-d, both kernel sets."""

import numpy as np
import torch
from hypothesis import assume
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays, distinct

from .op_info import ErrorCase, OpInfo, Sample, function
from .samples import fixed

FAMILY = "ops/pooling.py"
BOTH_KERNEL_SETS = ("numba", "numpy")


def _f(name):
    return function(f"nn.functional.{name}")


@st.composite
def _pool_case(draw, with_dilation: bool = True, max_pooling: bool = False):
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) if with_dilation else (1, 1)
    padding = (draw(st.integers(0, kernel[0] // 2)), draw(st.integers(0, kernel[1] // 2)))
    ceil_mode = draw(st.booleans())
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    effective = [(k - 1) * d + 1 for k, d in zip(kernel, dilation)]
    assume(h + 2 * padding[0] >= effective[0] and w + 2 * padding[1] >= effective[1])
    x = draw(arrays((draw(st.integers(1, 2)), draw(st.integers(1, 3)), h, w)))
    options = dict(kernel_size=kernel, stride=stride, padding=padding, ceil_mode=ceil_mode)
    if max_pooling:
        x = np.round(x * 2) / 2 if draw(st.booleans()) else x  # ties: the first maximum takes the gradient
        options.update(dilation=dilation, return_indices=draw(st.booleans()))
        # a window wholly in the padding gives an index outside the input, and PyTorch's backward then writes out
        # of bounds (a memory corruption): such windows are left out
        with torch.no_grad():
            _, indices = torch.nn.functional.max_pool2d(torch.tensor(x), **{**options, "return_indices": True})
        assume(int(indices.max()) < h * w)
    else:
        options.update(count_include_pad=draw(st.booleans()),
                       divisor_override=draw(st.sampled_from([None, None, 2, 5])))
    return Sample((x,), options)


@st.composite
def _adaptive_case(draw, max_pooling: bool):
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    batched = draw(st.booleans()) or not max_pooling
    x = draw(arrays(((2,) if batched else ()) + (3, h, w)))
    if max_pooling:
        sizes = (draw(st.integers(1, 9)), draw(st.sampled_from([None, 1, 2, 3, 10])))
        return Sample((distinct(x),), {"output_size": sizes, "return_indices": draw(st.booleans())})
    return Sample((x,), {"output_size": draw(st.one_of(st.integers(1, 10), st.tuples(st.integers(1, 10),
                                                                                     st.integers(1, 10)),
                                                       st.tuples(st.none(), st.integers(1, 4))))})


@st.composite
def _pool1d_case(draw, max_pooling: bool):
    kernel, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    x = distinct(draw(arrays((2, 3, draw(st.integers(kernel, 9))))))
    options = dict(kernel_size=kernel, stride=stride, padding=draw(st.integers(0, kernel // 2)),
                   ceil_mode=draw(st.booleans()))
    if max_pooling:
        options["return_indices"] = draw(st.booleans())
    else:
        options["count_include_pad"] = draw(st.booleans())
    return Sample((x[0] if draw(st.booleans()) else x,), options)


@st.composite
def _unpool_case(draw):
    """The pooled values and indices of max_pool2d, unpooled back to the input's size: the default one, or
    ``output_size`` where the windows left some rows or columns out (given as (H, W) or as (N, C, H, W))."""
    kernel = draw(st.sampled_from([1, 2, 3, (2, 3)]))
    kernel_hw = (kernel, kernel) if isinstance(kernel, int) else kernel
    padding = draw(st.integers(0, 1))
    assume(padding <= min(kernel_hw) // 2)
    batch = draw(st.sampled_from([(), (2,)]))
    x = draw(arrays(batch + (3, draw(st.integers(3, 8)), draw(st.integers(3, 8)))))
    pooled, indices = torch.nn.functional.max_pool2d(torch.tensor(x), kernel, padding=padding, return_indices=True)
    default = [(n - 1) * k - 2 * padding + k for n, k in zip(pooled.shape[-2:], kernel_hw)]
    size = None if default == list(x.shape[-2:]) else (list(x.shape) if draw(st.booleans()) and batch
                                                       else list(x.shape[-2:]))
    return Sample((pooled.numpy(), Constant(indices.numpy())), {"kernel_size": kernel, "padding": padding,
                                                                "output_size": size})


@st.composite
def _lp_case(draw):
    norm_type = draw(st.sampled_from([1, 2, 3, 1.5]))
    x = draw(arrays((2, 3, draw(st.integers(3, 8)), draw(st.integers(3, 8))), 0.1, 2.0))
    if norm_type == 2:  # signs too where the result is well-conditioned: x^2 >= 0 (for p = 1 a window's sum may
        # cancel to about 0, the kink of |.|; a cube root of cubes that nearly cancel turns float32 rounding into
        # 1e-2; x^1.5 of a negative is NaN)
        x = x * np.where(draw(arrays(x.shape)) > 0, 1.0, -1.0)
    return Sample((x,), {"norm_type": norm_type, "kernel_size": draw(st.sampled_from([2, 3, (2, 3)])),
                         "stride": draw(st.sampled_from([None, 1, 2])), "ceil_mode": draw(st.booleans())})


X = np.zeros((1, 2, 4, 4))


def _pooled_indices(lib):
    return lib.nn.functional.max_pool2d(lib.zeros(1, 2, 4, 4), 2, return_indices=True)


OPS = [
    OpInfo("nn.functional.max_pool2d", _f("max_pool2d"), _pool_case(max_pooling=True), FAMILY,
           settings=BOTH_KERNEL_SETS,
           errors=(ErrorCase(lambda lib: lib.nn.functional.max_pool2d(lib.zeros(1, 1, 8, 8), 3, padding=2),
                             RuntimeError, "pad should be smaller than or equal to half of kernel size, but got "
                                           "padW = 2, padH = 2, kW = 3, kH = 3"),
                   ErrorCase(lambda lib: lib.nn.functional.max_pool2d(lib.zeros(1, 1, 1, 1), 2), RuntimeError,
                             r"Given input size: \(1x1x1\). Calculated output size: \(1x0x0\). Output size is too "
                             "small"),
                   ErrorCase(lambda lib: lib.nn.functional.max_pool2d(lib.zeros(4, 4), 2), RuntimeError,
                             r"Expected 3D \(unbatched\) or 4D \(batched\) input"),
                   ErrorCase(lambda lib: lib.nn.functional.max_pool2d(lib.zeros(1, 1, 8, 8), 2, stride=(0, 1)),
                             RuntimeError, "stride should not be zero"),
                   ErrorCase(lambda lib: lib.nn.functional.max_pool2d(lib.zeros(1, 1, 8, 8), (0, 2), stride=1),
                             RuntimeError, "kernel size should be greater than zero, but got kH: 0 kW: 2"),
                   ErrorCase(lambda lib: lib.nn.functional.max_pool2d(lib.zeros(1, 1, 8, 8), 2, dilation=0),
                             RuntimeError, "dilation should be greater than zero, but got dilationH: 0 dilationW: 0"),
                   ErrorCase(lambda lib: lib.nn.functional.max_pool2d(lib.zeros(1, 1, 5, 5), (2, 2, 2)),
                             RuntimeError, "max_pool2d: kernel_size must either be a single int, or a tuple of two "
                                           "ints"))),
    OpInfo("nn.functional.max_pool2d_with_indices", _f("max_pool2d_with_indices"),
           st.just(fixed(np.random.default_rng(0).standard_normal((1, 2, 5, 5)), kernel_size=2)), FAMILY),
    OpInfo("nn.functional.avg_pool2d", _f("avg_pool2d"), _pool_case(with_dilation=False), FAMILY, kind="reduction",
           settings=BOTH_KERNEL_SETS,
           errors=(ErrorCase(lambda lib: lib.nn.functional.avg_pool2d(lib.zeros(1, 1, 8, 8), 2, padding=2),
                             RuntimeError, "pad should be smaller than or equal to half of kernel size"),
                   ErrorCase(lambda lib: lib.nn.functional.avg_pool2d(lib.zeros(1, 1, 8, 8), 0), RuntimeError,
                             "stride should not be zero"),
                   ErrorCase(lambda lib: lib.nn.functional.avg_pool2d(lib.zeros(1, 1, 8, 8), 3, padding=-1),
                             RuntimeError, "pad must be non-negative, but got pad: -1"),
                   ErrorCase(lambda lib: lib.nn.functional.avg_pool2d(lib.zeros(1, 1, 8, 8), 2, divisor_override=0),
                             RuntimeError, "divisor must be not zero"))),
    OpInfo("nn.functional.adaptive_avg_pool2d", _f("adaptive_avg_pool2d"), _adaptive_case(max_pooling=False),
           FAMILY, kind="reduction"),
    OpInfo("nn.functional.adaptive_max_pool2d", _f("adaptive_max_pool2d"), _adaptive_case(max_pooling=True), FAMILY,
           examples=(fixed(np.ones((1, 1, 3, 3)), output_size=2),)),
    OpInfo("nn.functional.adaptive_max_pool2d_with_indices", _f("adaptive_max_pool2d_with_indices"),
           st.just(fixed(np.random.default_rng(0).standard_normal((1, 2, 5, 5)), output_size=3)), FAMILY),
    OpInfo("nn.functional.max_pool1d", _f("max_pool1d"), _pool1d_case(max_pooling=True), FAMILY,
           errors=(ErrorCase(lambda lib: lib.nn.functional.max_pool1d(lib.ones(1, 1, 5), (2, 3)), RuntimeError,
                             "max_pool1d\\(\\) kernel_size must be an int, list of ints or tuple of ints of size 1 but "
                             "got size 2"),)),
    OpInfo("nn.functional.avg_pool1d", _f("avg_pool1d"), _pool1d_case(max_pooling=False), FAMILY),
    OpInfo("nn.functional.max_unpool2d", _f("max_unpool2d"), _unpool_case(), FAMILY,
           errors=(ErrorCase(lambda lib: lib.nn.functional.max_unpool2d(_pooled_indices(lib)[0],
                                                                        _pooled_indices(lib)[1] + 100, 2),
                             RuntimeError, r"Found an invalid max index: 1\d\d \(output volumes are of size 4x4\)"),
                   ErrorCase(lambda lib: lib.nn.functional.max_unpool2d(_pooled_indices(lib)[0],
                                                                        _pooled_indices(lib)[1].float(), 2),
                             RuntimeError, "elements in indices should be type int64 but got: float32"),
                   ErrorCase(lambda lib: lib.nn.functional.max_unpool2d(_pooled_indices(lib)[0],
                                                                        _pooled_indices(lib)[1][0], 2),
                             RuntimeError, "Expected shape of indices to be same as that of the input tensor"),
                   ErrorCase(lambda lib: lib.nn.functional.max_unpool2d(*_pooled_indices(lib), 2, output_size=(6, 5)),
                             ValueError, r'invalid output_size "\(6, 5\)" \(dim 0 must be between 2 and 6\)'))),
    OpInfo("nn.functional.lp_pool2d", _f("lp_pool2d"), _lp_case(), FAMILY, kind="reduction"),
]
