"""What an entry of the op table says about one op, in the spirit of PyTorch's OpInfo.

An :class:`OpInfo` names the op as PyTorch does, says how to call it on either library (``call(lib, *tensors,
**options)``, ``lib`` being ``minitorch_es`` or ``torch``), and gives a hypothesis strategy of :class:`Sample`
inputs inside the op's domain, the dtypes and tolerances, fixed examples (kinks, ties, zeros, huge values), the
bad inputs that must raise (:class:`ErrorCase`), the warnings both libraries give on purpose (regular expressions,
ignored), the settings it runs under (kernel sets) and the flags later kinds of tests read. ``tests/test_ops.py`` makes
every test from the table, so that a new op is one entry.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st
from parity import using_kernels

FLOATS = (np.float64, np.float32)


@dataclass(frozen=True)
class Sample:
    """One call of an op. ``inputs`` are what becomes tensors: float arrays (leaves of the tested dtype that
    require gradients) and :class:`~parity.Constant` arrays (indices, masks, weights: passed as they are, never
    differentiated). ``options`` go to the call unchanged (ints, flags, shapes). ``summed_terms`` is how many terms
    each output adds up (it widens float32's tolerance for long sums, as ``shared/TESTING.md`` says)."""

    inputs: tuple
    options: dict = field(default_factory=dict)
    summed_terms: int = 1


@dataclass(frozen=True)
class ErrorCase:
    """A call that both libraries refuse with ``exception``; ours also says ``match`` (a regular expression with
    PyTorch's words, or our own where they name more)."""

    call: Callable
    exception: type
    match: str = ""


@dataclass(frozen=True)
class OpInfo:
    """One op of the table; see the module's docstring."""

    name: str
    call: Callable
    samples: st.SearchStrategy
    family: str
    variant: str = ""
    kind: str = "elementwise"
    dtypes: tuple = FLOATS
    noncontiguous: bool = True
    examples: tuple = ()
    errors: tuple = ()
    check_grad: bool = True
    settings: tuple = ("default",)
    expected_warnings: tuple = ()
    supports_double_backward: bool = True
    supports_forward_ad: bool = True
    supports_out: bool = False

    @property
    def id(self) -> str:
        return f"{self.name}.{self.variant}" if self.variant else self.name


# ---- how an op is called -----------------------------------------------------------------------------------------


def namespace(lib, path: str):
    """``lib.nn.functional`` for path "nn.functional" (``lib`` itself for "")."""
    for part in filter(None, path.split(".")):
        lib = getattr(lib, part)
    return lib


def function(name: str) -> Callable:
    """Call ``lib.<name>(*tensors, **options)``; a dotted name reaches into namespaces ("nn.functional.relu")."""
    path, _, attribute = name.rpartition(".")

    def call(lib, *tensors, **options):
        return getattr(namespace(lib, path), attribute)(*tensors, **options)

    return call


def method(name: str) -> Callable:
    """Call ``first_tensor.<name>(*other_tensors, **options)``."""

    def call(lib, first, *tensors, **options):
        return getattr(first, name)(*tensors, **options)

    return call


def function_or_method(name: str) -> Callable:
    """``lib.<name>(x, ...)``, or ``x.<name>(...)`` where the sample's options say ``method=True``: both forms of
    one op, drawn at random."""
    as_function, as_method = function(name), method(name)

    def call(lib, *tensors, method=False, **options):
        return (as_method if method else as_function)(lib, *tensors, **options)

    return call


# ---- the settings an op runs under (the kernel sets and routes it has) --------------------------------------------

KERNEL_SETS = ("numba", "numpy")


def setting(name: str):
    """The context an op's test runs in: "default", a kernel set ("numba", "numpy"), or a route of the Numba
    convolution ("direct", "lowered")."""
    if name == "default":
        return contextlib.nullcontext()
    if name in KERNEL_SETS:
        return using_kernels(name)
    return numba_convolution_route(name)


@contextlib.contextmanager
def numba_convolution_route(route: str):
    """The Numba convolution forced onto one route for every layer: "direct" (register-blocked kernels) or "lowered"
    (im2col + BLAS); by default the channel count per group chooses."""
    from unittest import mock

    from minitorch_es.kernels import conv2d as conv2d_kernels

    limit = 1 if route == "direct" else 10 ** 9
    with using_kernels("numba"), mock.patch.object(conv2d_kernels, "DIRECT_MIN_CHANNELS", limit), \
            mock.patch.object(conv2d_kernels, "DIRECT_MIN_TERMS", limit), \
            mock.patch.object(conv2d_kernels, "DIRECT_KERNELS_PAY", route == "direct"):
        yield
