"""Entries for ``ops/conversion.py`` (clone, contiguous, the dtype conversions whose gradient goes back to the
input's dtype) and ``creation.py``'s meshgrid (expanded views of its vectors)."""

import numpy as np
from hypothesis import strategies as st
from strategies import arrays

from .op_info import ErrorCase, OpInfo, Sample, function_or_method
from .samples import unary, with_options

CONVERSION, CREATION = "ops/conversion.py", "creation.py"


@st.composite
def _meshgrid_case(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    return Sample(tuple(draw(arrays((n,))) for n in sizes),
                  {"indexing": draw(st.sampled_from(["ij", "xy"])), "as_list": draw(st.booleans())}, 16)


def _meshgrid(lib, *vectors, indexing, as_list):
    """``meshgrid(a, b, ...)`` or ``meshgrid([a, b, ...])``."""
    return lib.meshgrid(list(vectors), indexing=indexing) if as_list else lib.meshgrid(*vectors, indexing=indexing)


NAMED_CONVERSIONS = ("bool", "half", "int", "long", "float", "double", "cpu")

OPS = [
    OpInfo("clone", function_or_method("clone"), with_options(unary(), method=st.booleans()), CONVERSION),
    OpInfo("Tensor.contiguous", lambda lib, t: t.transpose(-1, -2).contiguous() if t.ndim >= 2 else t.contiguous(),
           unary(), CONVERSION),
    OpInfo("Tensor.double", lambda lib, t: t.double() * 3, unary(), CONVERSION, dtypes=(np.float32,)),
    OpInfo("Tensor.float", lambda lib, t: t.float() * 3, unary(), CONVERSION, dtypes=(np.float64,)),
    OpInfo("Tensor.to", lambda lib, t, target: t.to(getattr(lib, target)) * 3,
           with_options(unary(), target=st.sampled_from(["float32", "float64"])), CONVERSION,
           errors=(ErrorCase(lambda lib: lib.ones(2).to("cuda:99"), RuntimeError, "cuda"),)),
    OpInfo("Tensor.to", lambda lib, t, target: getattr(t, target)(), with_options(
        unary(-300, 300), target=st.sampled_from(NAMED_CONVERSIONS)), CONVERSION, variant="named_conversions",
        check_grad=False),
    OpInfo("Tensor.type", lambda lib, t: t.type(lib.float64) * 3, unary(), CONVERSION),
    OpInfo("Tensor.type_as", lambda lib, t: t.type_as(lib.zeros(1, dtype=lib.float64)) * 3, unary(), CONVERSION),
    OpInfo("meshgrid", _meshgrid, _meshgrid_case(), CREATION, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.meshgrid(lib.ones(2, 2), indexing="ij"), RuntimeError,
                             "Expected 0D or 1D tensor"),
                   ErrorCase(lambda lib: lib.meshgrid(lib.ones(2), indexing="yx"), RuntimeError,
                             "indexing must be one of"))),
]
