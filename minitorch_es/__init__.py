"""minitorch_es: a tensor and autograd engine written from scratch on NumPy, with PyTorch's API.

Code written for PyTorch runs by changing its imports::

    import minitorch_es as torch
    x = torch.tensor([[1.0, 2.0, 0.1]], requires_grad=True)
    loss = -torch.log_softmax(x, dim=1)[0, 1]
    loss.backward()
"""

import os as _os

# Numba's OpenMP threads otherwise spin after each parallel kernel and starve NumPy's BLAS threads on small
# machines (a 3x3 convolution took 17 ms with this and 300 ms without; see benchmarks/ and shared/PERFORMANCE.md).
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from . import cuda  # noqa: E402
from .autograd import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .creation import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like, linspace, meshgrid, ones,
                       ones_like, rand, rand_like, randint, randint_like, randn, randn_like, randperm, tensor, zeros,
                       zeros_like)
from .device import device
from .dtypes import (bool_ as bool, double, dtype, float, float16, float32, float64, get_default_dtype, half, int,
                     int8, int16, int32, int64, long, promote_types, set_default_dtype, short, uint8)
from .functional import *  # noqa: F401,F403  (torch.exp, torch.cat, ... as functions)
from .random import Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from .serialization import load, save
from .size import Size
from .tensor import Tensor


def result_type(*operands) -> dtype:
    """The dtype PyTorch's type promotion gives to an operation on ``operands`` (tensors and numbers)."""
    from .dtypes import result_type as _result_type

    return _result_type(*operands)


from . import linalg, nn, optim, utils, vision  # noqa: E402  (they need the names above)
from .kernels.blas_threads import shorten_openblas_spin as _shorten_openblas_spin  # noqa: E402
from .kernels.freed_memory import keep_freed_memory as _keep_freed_memory  # noqa: E402
from .utils import data as _data  # noqa: E402,F401  (makes minitorch_es.utils.data importable as an attribute)

# The other half of the sharing: NumPy's OpenBLAS threads spin ~70 ms after each product (see kernels/blas_threads).
_shorten_openblas_spin()
# Each training step allocates the same large arrays again: keep freed memory for it (see kernels/freed_memory).
_keep_freed_memory()

__version__ = "0.1.0"
