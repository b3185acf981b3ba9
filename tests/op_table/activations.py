"""Entries for ``ops/activations.py`` (relu, leaky_relu, elu, gelu, sigmoid, softmax, log_softmax, hardsigmoid)
and ``nn/functional/activation.py`` (the activations composed of other ops)."""

import numpy as np
from hypothesis import strategies as st
from parity import Constant
from strategies import arrays, away_from, shapes

from .op_info import ErrorCase, OpInfo, Sample, function
from .samples import fixed, unary, with_options

OPS_FILE, FUNCTIONAL = "ops/activations.py", "nn/functional/activation.py"
AT_ZERO = fixed([-1.0, 0.0, 1.0])
FAR_OUT = fixed([-40.0, -3.0, -1.0, 0.0, 1.0, 3.0, 40.0])


def _f(name):
    return function(f"nn.functional.{name}")


@st.composite
def _along_a_dim(draw, low=-10, high=10):
    x = draw(shapes(min_dims=1).flatmap(lambda s: arrays(s, low, high)))
    dim = draw(st.integers(-x.ndim, x.ndim - 1))
    return Sample((x,), {"dim": dim}, x.shape[dim])


@st.composite
def _prelu_case(draw):
    shape = draw(shapes(min_dims=2, max_dims=4))
    x = away_from(draw(arrays(shape)), [0.0])
    slopes = shape[1] if draw(st.booleans()) else 1
    return Sample((x, draw(arrays((slopes,), -0.5, 0.5))), {}, int(np.prod(shape)) // slopes)


OPS = [
    OpInfo("relu", function("relu"), unary(-4, 4, kinks=[0.0]), OPS_FILE, examples=(AT_ZERO, fixed([np.nan])),
           settings=("numba", "numpy"),
           errors=(ErrorCase(lambda lib: lib.relu(lib.tensor([True])), RuntimeError,
                             "\"clamp_min_scalar_cpu\" not implemented for 'Bool'"),)),
    OpInfo("Tensor.relu", lambda lib, t: t.relu(), unary(-4, 4, kinks=[0.0]), OPS_FILE),
    OpInfo("relu", function("relu"), st.just(fixed(Constant(np.array([-2, 0, 3])))), OPS_FILE, variant="integers"),
    OpInfo("nn.functional.relu", _f("relu"), unary(-4, 4, kinks=[0.0]), OPS_FILE),
    OpInfo("nn.functional.leaky_relu", _f("leaky_relu"),
           with_options(unary(-4, 4, kinks=[0.0]), negative_slope=st.sampled_from([0.01, 0.2])), OPS_FILE,
           examples=(AT_ZERO,)),
    OpInfo("nn.functional.elu", _f("elu"), with_options(unary(-4, 4, kinks=[0.0]), alpha=st.sampled_from([1.0, 0.7])),
           OPS_FILE, examples=(AT_ZERO,)),
    OpInfo("nn.functional.gelu", _f("gelu"),
           with_options(unary(-4, 4), approximate=st.sampled_from(["none", "tanh"])), OPS_FILE,
           examples=(AT_ZERO,),
           errors=(ErrorCase(lambda lib: lib.nn.functional.gelu(lib.ones(2), approximate="fast"), RuntimeError,
                             "approximate argument must be either none or tanh"),)),
    OpInfo("sigmoid", function("sigmoid"), unary(-4, 4), OPS_FILE,
           examples=(fixed([-800.0, -50.0, 0.0, 50.0, 800.0]), fixed([-100.0, 100.0]))),
    OpInfo("Tensor.sigmoid", lambda lib, t: t.sigmoid(), unary(-4, 4), OPS_FILE),
    OpInfo("nn.functional.sigmoid", _f("sigmoid"), unary(-4, 4), OPS_FILE),
    OpInfo("nn.functional.tanh", _f("tanh"), unary(-4, 4), "ops/trigonometric.py"),
    *(OpInfo(name, function(name), _along_a_dim(), OPS_FILE, kind="reduction",
             examples=(fixed([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]], dim=1),),
             errors=(ErrorCase(lambda lib, name=name: getattr(lib.ones(2, 3), name)(dim=-3), IndexError,
                               "Dimension out of range"),)) for name in ("softmax", "log_softmax")),
    *(OpInfo(f"Tensor.{name}", lambda lib, t, dim, name=name: getattr(t, name)(dim), _along_a_dim(), OPS_FILE,
             kind="reduction") for name in ("softmax", "log_softmax")),
    *(OpInfo(f"nn.functional.{name}", _f(name), _along_a_dim(), FUNCTIONAL, kind="reduction")
      for name in ("softmax", "log_softmax")),
    OpInfo("nn.functional.softmax", _f("softmax"), st.sampled_from([fixed(np.ones((2, 3))), fixed(np.ones(3)),
                                                                    fixed(np.ones((2, 2, 3)))]), FUNCTIONAL,
           variant="implicit_dim", kind="reduction", expected_warnings=("Implicit dimension choice for softmax",)),
    OpInfo("nn.functional.hardsigmoid", _f("hardsigmoid"), unary(-6, 6, kinks=[-3.0, 3.0]), OPS_FILE,
           examples=(FAR_OUT,), supports_double_backward=False),  # PyTorch: not implemented (ours: gradgradcheck)
    OpInfo("nn.functional.hardswish", _f("hardswish"), unary(-6, 6, kinks=[-3.0, 3.0]), FUNCTIONAL,
           examples=(FAR_OUT,)),
    OpInfo("nn.functional.logsigmoid", _f("logsigmoid"), unary(-6, 6, kinks=[0.0]), FUNCTIONAL, examples=(FAR_OUT,)),
    OpInfo("nn.functional.hardtanh", _f("hardtanh"),
           with_options(unary(-3, 3, kinks=[-2.0, -1.0, 0.5, 1.0], margin=2e-2), min_val=st.sampled_from([-1.0, -2.0]),
                        max_val=st.sampled_from([1.0, 0.5])), FUNCTIONAL),
    OpInfo("nn.functional.relu6", _f("relu6"), unary(-3, 8, kinks=[0.0, 6.0], margin=2e-2), FUNCTIONAL),
    OpInfo("nn.functional.silu", _f("silu"), unary(-4, 4), FUNCTIONAL),
    OpInfo("nn.functional.softplus", _f("softplus"),
           with_options(unary(-3, 3, kinks=[0.75, 1.5], margin=2e-2), beta=st.sampled_from([1.0, 2.0]),
                        threshold=st.sampled_from([20.0, 1.5])), FUNCTIONAL),
    OpInfo("nn.functional.selu", _f("selu"), unary(-3, 3, kinks=[0.0]), FUNCTIONAL),
    OpInfo("nn.functional.mish", _f("mish"), unary(-3, 3), FUNCTIONAL),
    OpInfo("nn.functional.prelu", _f("prelu"), _prelu_case(), FUNCTIONAL,
           examples=(fixed([-2.0, 0.0, 3.0], [0.3]),),
           errors=(ErrorCase(lambda lib: lib.nn.functional.prelu(lib.ones(2, 4), lib.ones(3)), RuntimeError,
                             "Found parameter numbers = 3 and channel size = 4"),
                   ErrorCase(lambda lib: lib.nn.functional.prelu(lib.ones(2, 4), lib.ones(2, 2)), RuntimeError,
                             "Expected `weight` to be a scalar or 1D tensor"))),
]
