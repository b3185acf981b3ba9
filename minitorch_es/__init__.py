"""minitorch_es: a tensor and autograd engine written from scratch on NumPy, with PyTorch's API.

Code written for PyTorch runs by changing its imports::

    import minitorch_es as torch
    x = torch.tensor([[1.0, 2.0, 0.1]], requires_grad=True)
    loss = -torch.log_softmax(x, dim=1)[0, 1]
    loss.backward()

This file is the face: each ``torch.<name>`` below is imported from the file that computes it (``torch.exp`` from
``ops/exp_log.py``). ARCHITECTURE.md says how the package is laid out.
"""

from .tuning.openmp import wait_passively as _wait_passively

_wait_passively()  # before anything below loads Numba, whose OpenMP threads read the setting when they start

from . import tensor_methods as _tensor_methods  # noqa: E402,F401  (binds Tensor's methods; see the module)
from .autograd import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled  # noqa: E402
from .autograd.anomaly import is_anomaly_check_nan_enabled, is_anomaly_enabled, set_anomaly_enabled  # noqa: E402
from .creation import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like, linspace,  # noqa: E402
                       meshgrid, ones, ones_like, rand, rand_like, randint, randint_like, randn, randn_like, randperm,
                       tensor, zeros, zeros_like)
from .device import device  # noqa: E402
from .dtypes import (bool_ as bool, double, dtype, float, float16, float32, float64, get_default_dtype,  # noqa: E402
                     half, int, int8, int16, int32, int64, long, promote_types, result_type, set_default_dtype, short,
                     uint8)
from .ops.activations import log_softmax, relu, sigmoid, softmax  # noqa: E402
from .ops.arithmetic import (add, div, divide, float_power, floor_divide, fmod, lerp, mul, multiply, neg,  # noqa: E402
                             negative, positive, pow, reciprocal, remainder, rsub, square, sub, subtract, true_divide)
from .ops.comparison import (all, allclose, any, eq, equal, ge, greater, greater_equal, gt, isclose,  # noqa: E402
                             isfinite, isinf, isnan, le, less, less_equal, logical_and, logical_not, logical_or,
                             logical_xor, lt, ne, not_equal)
from .ops.conversion import clone  # noqa: E402
from .ops.einsum import einsum  # noqa: E402
from .ops.exp_log import exp, exp2, expm1, log, log1p, log2, log10, logaddexp, logit, rsqrt, sqrt, xlogy  # noqa: E402
from .ops.extrema import amax, amin, aminmax, argmax, argmin, max, min  # noqa: E402
from .ops.indexing import (argwhere, diagonal, flip, gather, index_select, masked_select, narrow, nonzero,  # noqa: E402
                           repeat_interleave, roll, select, take_along_dim)
from .ops.joining import (cat, chunk, column_stack, concat, concatenate, dstack, hstack, row_stack, split,  # noqa: E402
                          stack, tile, unbind, vstack)
from .ops.linalg import addmm, bmm, diag, dot, matmul, mm, norm, outer, trace, tril, triu  # noqa: E402
from .ops.piecewise import clamp, clamp_max, clamp_min, clip, maximum, minimum, nan_to_num, where  # noqa: E402
from .ops.reductions import (bincount, count_nonzero, logsumexp, mean, nanmean, nansum, prod, std,  # noqa: E402
                             std_mean, sum, var, var_mean)
from .ops.rounding import abs, absolute, ceil, copysign, fix, floor, round, sign, trunc  # noqa: E402
from .ops.scans import cummax, cummin, cumprod, cumsum, diff, logcumsumexp  # noqa: E402
from .ops.scatter import index_add, masked_fill, scatter, scatter_add  # noqa: E402
from .ops.sorting import argsort, kthvalue, median, quantile, sort, topk, unique  # noqa: E402
from .ops.special import erf  # noqa: E402
from .ops.trigonometric import (acos, acosh, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh,  # noqa: E402
                                asin, asinh, atan, atan2, atanh, cos, cosh, deg2rad, hypot, rad2deg, sin, sinc, sinh,
                                tan, tanh)
from .ops.views import (atleast_1d, atleast_2d, atleast_3d, broadcast_shapes, broadcast_tensors,  # noqa: E402
                        broadcast_to, expand, flatten, moveaxis, movedim, permute, ravel, reshape, squeeze, swapaxes,
                        swapdims, t, transpose, unflatten, unsqueeze)
from .random import (Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed,  # noqa: E402
                     set_rng_state)
from .serialization import load, save  # noqa: E402
from .size import Size  # noqa: E402
from .tensor import Tensor, is_floating_point, is_tensor, numel  # noqa: E402
from .tuning.blas_threads import shorten_openblas_spin as _shorten_openblas_spin  # noqa: E402
from .tuning.freed_memory import keep_freed_memory as _keep_freed_memory  # noqa: E402

from . import autograd, cuda, func, linalg, nn, optim, random, serialization, utils, vision  # noqa: E402,I001


# NumPy's OpenBLAS threads spin ~70 ms after each product and Numba's kernels share their cores (tuning/blas_threads).
_shorten_openblas_spin()
# Each training step allocates the same large arrays again: keep freed memory for it (tuning/freed_memory).
_keep_freed_memory()

__version__ = "0.1.0"
