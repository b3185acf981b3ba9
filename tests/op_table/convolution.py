"""Entries for ``nn/functional/conv.py`` (conv1d, conv2d, conv_transpose2d, on the Functions of
``ops/convolution.py``), ``nn/functional/linear.py`` and ``nn/functional/fold.py`` (unfold, fold): every option,
under both kernel sets and both routes of the Numba convolution."""

import numpy as np
import torch
from hypothesis import assume
from hypothesis import strategies as st
from strategies import arrays

from .op_info import ErrorCase, OpInfo, Sample, function
from .samples import fixed

CONVOLUTION, LINEAR, FOLD = "ops/convolution.py", "nn/functional/linear.py", "nn/functional/fold.py"
EVERY_ROUTE = ("numpy", "numba", "direct", "lowered")


def _f(name):
    return function(f"nn.functional.{name}")


@st.composite
def _conv_case(draw, wide: bool = False):
    """Inputs, weights, a bias (or none) and every option; ``wide``: 16-70 output channels per group, where the
    direct kernels' blocks of 32 and 64 channels are full or partly filled."""
    groups = draw(st.sampled_from([1, 1, 2] if wide else [1, 1, 2, 3]))
    c_in = groups * draw(st.integers(1, 20 if wide else 3))
    c_out = groups * draw(st.integers(16, 70) if wide else st.integers(1, 3))
    kernel = (draw(st.integers(1, 3 if wide else 4)), draw(st.integers(1, 3 if wide else 4)))
    stride = (draw(st.integers(1, 2 if wide else 3)), draw(st.integers(1, 2 if wide else 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = draw(st.tuples(st.integers(0, 2), st.integers(0, 2)) if wide else
                   st.one_of(st.sampled_from(["valid", "same"]), st.tuples(st.integers(0, 2), st.integers(0, 2)),
                             st.integers(0, 2)))
    if padding == "same":
        stride = (1, 1)
    h, w = draw(st.integers(1, 7 if wide else 9)), draw(st.integers(1, 7 if wide else 9))
    pad_h, pad_w = (padding, padding) if isinstance(padding, int) else (padding if isinstance(padding, tuple)
                                                                        else (0, 0))
    if padding != "same":
        assume(h + 2 * pad_h >= dilation[0] * (kernel[0] - 1) + 1)
        assume(w + 2 * pad_w >= dilation[1] * (kernel[1] - 1) + 1)
    x = draw(arrays((draw(st.integers(1, 2 if wide else 3)), c_in, h, w)))
    weight = draw(arrays((c_out, c_in // groups) + kernel))
    bias = (draw(arrays((c_out,))),) if draw(st.booleans()) else ()
    return Sample((x, weight, *bias), dict(stride=stride, padding=padding, dilation=dilation, groups=groups),
                  weight[0].size * x.shape[0])


@st.composite
def conv1d_case(draw):
    groups = draw(st.sampled_from([1, 2]))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel, stride, dilation = draw(st.integers(1, 3)), draw(st.integers(1, 2)), draw(st.integers(1, 2))
    padding = draw(st.sampled_from([0, 1, 2, "same", "valid"]))
    if padding == "same":
        stride = 1
    x = draw(arrays((draw(st.integers(1, 3)), c_in, draw(st.integers(dilation * (kernel - 1) + 1, 9)))))
    bias = (draw(arrays((c_out,))),) if draw(st.booleans()) else ()
    return Sample((x, draw(arrays((c_out, c_in // groups, kernel))), *bias),
                  dict(stride=stride, padding=padding, dilation=dilation, groups=groups), c_in * kernel)


@st.composite
def _transpose_case(draw):
    groups = draw(st.sampled_from([1, 1, 2]))
    c_in, c_out = groups * draw(st.integers(1, 3)), groups * draw(st.integers(1, 3))
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    out = [(size - 1) * s - 2 * p + d * (k - 1) + op + 1 for size, s, p, d, k, op in
           zip((h, w), stride, padding, dilation, kernel, output_padding)]
    if min(out) < 1:
        padding = (0, 0)
    x = draw(arrays((draw(st.integers(1, 3)), c_in, h, w)))
    weight = draw(arrays((c_in, c_out // groups) + kernel))
    bias = (draw(arrays((c_out,))),) if draw(st.booleans()) else ()
    return Sample((x, weight, *bias), dict(stride=stride, padding=padding, output_padding=output_padding,
                                           groups=groups, dilation=dilation), weight[:, 0].size * x.shape[0])


@st.composite
def _linear_case(draw):
    bias_shape = draw(st.sampled_from([None, (4,), (1,), (2, 4), (1, 4), (3, 1, 4)]))
    # a bias of 3 dimensions only with a batch of 3: for a batch of 1 PyTorch flattens the input to a matrix first
    # and refuses to broadcast it
    x = draw(arrays((3 if bias_shape == (3, 1, 4) else draw(st.integers(1, 5)), 2, 7)))
    bias = () if bias_shape is None else (draw(arrays(bias_shape)),)
    return Sample((x, draw(arrays((4, 7))), *bias), {}, 7)


PAIRS = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))


@st.composite
def _block_case(draw, fold: bool):
    """An input and block options with at least one block (for fold: columns, one per block)."""
    options = dict(kernel_size=draw(PAIRS), dilation=draw(PAIRS), stride=draw(PAIRS),
                   padding=draw(st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2)))))
    batch = draw(st.sampled_from([(), (1,), (2,)]))
    shape = batch + (draw(st.integers(1, 3)), draw(st.integers(1, 8)), draw(st.integers(1, 8)))
    try:
        blocks = torch.nn.functional.unfold(torch.zeros(shape), **options).shape[-1]
    except RuntimeError:
        assume(False)
    if not fold:
        return Sample((draw(arrays(shape)),), options)
    kernel = options["kernel_size"]
    taps = kernel * kernel if isinstance(kernel, int) else kernel[0] * kernel[1]
    return Sample((draw(arrays(shape[:-3] + (shape[-3] * taps, blocks))),), {"output_size": shape[-2:], **options},
                  taps)


RNG = np.random.default_rng(0)

OPS = [
    OpInfo("nn.functional.conv2d", _f("conv2d"), _conv_case(), CONVOLUTION, kind="reduction", settings=EVERY_ROUTE,
           examples=(fixed(RNG.standard_normal((3, 6, 5)), RNG.standard_normal((4, 3, 3, 3)), padding=1),),
           errors=(ErrorCase(lambda lib: lib.nn.functional.conv2d(lib.zeros(2, 4, 5, 5), lib.zeros(1, 4, 3, 3),
                                                                  lib.zeros(2)), RuntimeError,
                             r"Given weight of size \[1, 4, 3, 3\], expected bias to be 1-dimensional with 1 elements, "
                             r"but got bias of size \[2\] instead"),
                   ErrorCase(lambda lib: lib.nn.functional.conv2d(lib.zeros(2, 1, 8, 8), lib.zeros(4, 3, 3, 3)),
                             RuntimeError, r"expected input\[2, 1, 8, 8\] to have 3 channels, but got 1 channels"),
                   ErrorCase(lambda lib: lib.nn.functional.conv2d(lib.zeros(1, 1, 2, 2), lib.zeros(1, 1, 3, 3)),
                             RuntimeError, r"Calculated padded input size per channel: \(2 x 2\). Kernel size: "
                                           r"\(3 x 3\). Kernel size can't be greater than actual input size"),
                   ErrorCase(lambda lib: lib.nn.functional.conv2d(lib.zeros(1, 1, 5, 5, dtype=lib.float64),
                                                                  lib.zeros(1, 1, 3, 3)), RuntimeError,
                             r"Input type \(float64\) and weight type \(float32\) should be the same"),
                   ErrorCase(lambda lib: lib.nn.functional.conv2d(lib.zeros(1, 1, 5, 5), lib.zeros(1, 1, 3, 3),
                                                                  stride=(1, 2, 3)), RuntimeError,
                             r"expected stride to be a single integer value or a list of 2 values to match the "
                             r"convolution dimensions, but got stride=\[1, 2, 3\]"),
                   ErrorCase(lambda lib: lib.nn.functional.conv2d(lib.zeros(1, 1, 5, 5), lib.zeros(1, 1, 3, 3),
                                                                  stride=2, padding="same"), RuntimeError,
                             "padding='same' is not supported for strided convolutions"))),
    OpInfo("nn.functional.conv2d", _f("conv2d"), _conv_case(wide=True), CONVOLUTION, variant="wide",
           kind="reduction", settings=("direct", "lowered")),
    OpInfo("nn.functional.conv1d", _f("conv1d"), conv1d_case(), CONVOLUTION, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.conv1d(lib.ones(1, 1, 2, 5), lib.ones(1, 1, 3)),
                             RuntimeError, r"Expected 2D \(unbatched\) or 3D \(batched\) input to conv1d"),)),
    OpInfo("nn.functional.conv_transpose2d", _f("conv_transpose2d"), _transpose_case(), CONVOLUTION,
           kind="reduction", settings=("numba", "numpy"),
           errors=(ErrorCase(lambda lib: lib.nn.functional.conv_transpose2d(lib.ones(1, 2, 3, 3),
                                                                            lib.ones(2, 1, 3, 3), output_padding=1),
                             RuntimeError,
                             "output padding must be smaller than either stride or dilation"),
                   ErrorCase(lambda lib: lib.nn.functional.conv_transpose2d(lib.ones(1, 3, 3, 3),
                                                                            lib.ones(2, 1, 3, 3)),
                             RuntimeError, r"expected input\[1, 3, 3, 3\] to have 2 channels, but got 3"),
                   ErrorCase(lambda lib: lib.nn.functional.conv_transpose2d(lib.ones(1, 1, 1, 1),
                                                                            lib.ones(1, 1, 1, 1), padding=1),
                             RuntimeError,
                             "Output size is too small"),
                   ErrorCase(lambda lib: lib.nn.functional.conv_transpose2d(lib.zeros(1, 4, 5, 5),
                                                                            lib.zeros(4, 2, 3, 3), lib.zeros(3)),
                             RuntimeError,
                             r"Given transposed=1, weight of size \[4, 2, 3, 3\], expected bias to be 1-dimensional "
                             r"with 2 elements, but got bias of size \[3\] instead"))),
    # an output of size 0: PyTorch returns an empty tensor in float32 (oneDNN), but its float64 path refuses it
    OpInfo("nn.functional.conv_transpose2d", _f("conv_transpose2d"),
           st.just(fixed(np.ones((2, 20, 5, 1)), np.ones((20, 32, 2, 2)), stride=2, padding=1)), CONVOLUTION,
           variant="empty_output", dtypes=(np.float32,), settings=("numba", "numpy"),
           supports_double_backward=False),  # PyTorch's double backward refuses an empty output
    OpInfo("nn.functional.linear", _f("linear"), _linear_case(), LINEAR, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.linear(lib.zeros(2, 3), lib.zeros(4, 3), lib.zeros(3)),
                             RuntimeError,
                             r"linear: bias of size \[3\] does not broadcast to the output size \[2, 4\]"),
                   ErrorCase(lambda lib: lib.nn.functional.linear(lib.zeros(2, 3), lib.zeros(4, 5)), RuntimeError,
                             r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 5x4\)"))),
    OpInfo("nn.functional.unfold", _f("unfold"), _block_case(fold=False), FOLD,
           errors=(ErrorCase(lambda lib: lib.nn.functional.unfold(lib.zeros(4, 4), 2), IndexError,
                             r"Only 3D or 4D input Tensors are supported \(got 2D\)"),
                   ErrorCase(lambda lib: lib.nn.functional.unfold(lib.zeros(1, 1, 4, 4, 4), 2), RuntimeError,
                             r"Expected 3D or 4D \(batch mode\) tensor"),
                   ErrorCase(lambda lib: lib.nn.functional.unfold(lib.zeros(1, 2, 4, 4), 5), RuntimeError,
                             r"Given input with spatial size \(4, 4\), kernel_size=\(5, 5\), dilation=\(1, 1\), "
                             r"padding=\(0, 0\), calculated shape of the array of sliding blocks as \(0, 0\)"),
                   ErrorCase(lambda lib: lib.nn.functional.unfold(lib.zeros(1, 2, 4, 4), 2, stride=0), RuntimeError,
                             "stride should be greater than zero, but got stride_height: 0"),
                   ErrorCase(lambda lib: lib.nn.functional.unfold(lib.zeros(1, 2, 4, 4), (2, 2, 2)), RuntimeError,
                             "It is expected kernel_size equals to 2, but got size 3"))),
    OpInfo("nn.functional.fold", _f("fold"), _block_case(fold=True), FOLD, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.nn.functional.fold(lib.zeros(1, 7, 9), (4, 4), 2), RuntimeError,
                             r"divisible by the product of kernel_size, but got input.size\(1\)=7"),
                   ErrorCase(lambda lib: lib.nn.functional.fold(lib.zeros(1, 8, 8), (4, 4), 2), RuntimeError,
                             r"calculated number of sliding blocks 3 \* 3 = 9, but got input.size\(2\)=8"))),
]
