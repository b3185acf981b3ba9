"""Entries for ``ops/linalg.py`` (matmul and its names, dot, outer, addmm, norm, diag, trace, tril, triu),
``ops/einsum.py`` and the ``minitorch_es.linalg`` namespace (the norms of ``torch.linalg``)."""

import numpy as np
import torch
from hypothesis import strategies as st
from strategies import arrays, distinct, shapes

from .op_info import ErrorCase, OpInfo, Sample, function_or_method
from .samples import fixed, with_options

LINALG, EINSUM, NAMESPACE = "ops/linalg.py", "ops/einsum.py", "linalg.py"

MATMUL_SHAPES = [
    ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)), ((2, 1, 2, 3), (4, 3, 2)), ((3,), (2, 3, 4)), ((2, 2, 3), (3,)),
]


def _either(samples, **options):
    return with_options(samples, method=st.booleans(), **options)


@st.composite
def _matmul_case(draw):
    a_shape, b_shape = draw(st.sampled_from(MATMUL_SHAPES))
    return Sample((draw(arrays(a_shape)), draw(arrays(b_shape))), {}, a_shape[-1])


@st.composite
def _matrices(draw, batch: bool = False, max_size: int = 40):
    n, k, m = (draw(st.integers(1, max_size)) for _ in range(3))
    lead = (draw(st.integers(1, 3)),) if batch else ()
    return Sample((draw(arrays(lead + (n, k))), draw(arrays(lead + (k, m)))), {}, k)


@st.composite
def _vectors(draw, same_length: bool = True):
    n = draw(st.integers(1, 6))
    return Sample((draw(arrays((n,))), draw(arrays((n if same_length else draw(st.integers(1, 6)),)))), {}, n)


@st.composite
def _addmm_case(draw):
    shape = draw(st.sampled_from([(2, 4), (4,), (1, 4), (2, 1)]))
    return Sample((draw(arrays(shape)), draw(arrays((2, 3))), draw(arrays((3, 4)))),
                  {"beta": draw(st.sampled_from([1, 0, 0.5])), "alpha": draw(st.sampled_from([1, -2.0]))}, 3)


def _away_from_kinks(x):
    """No entry at |x|'s kink, and no ties (max and min have kinks at ties)."""
    x = np.where(np.abs(x) < 1e-2, 0.5, x)
    return x + np.arange(x.size).reshape(x.shape) * 1e-3


@st.composite
def _norm_case(draw):
    x = _away_from_kinks(draw(shapes(min_dims=1).flatmap(arrays)))
    return Sample((x,), {"p": draw(st.sampled_from(["fro", 2, 1, float("inf"), 3, 0.5])),
                         "dim": draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1))),
                         "keepdim": draw(st.booleans())}, int(x.size))


@st.composite
def _diag_case(draw):
    matrix = draw(st.booleans())
    shape = (draw(st.integers(1, 4)), draw(st.integers(1, 4))) if matrix else (draw(st.integers(1, 4)),)
    return Sample((draw(arrays(shape)),), {"diagonal": draw(st.integers(-2, 2))})


def _torch_traces_non_square_matrices() -> bool:
    """PyTorch 2.11 sends trace's gradient to the wrong entries of non-square matrices; 2.14 does not."""
    x = torch.zeros(2, 3, requires_grad=True)
    torch.trace(x).backward()
    return bool(torch.equal(x.grad, torch.eye(2, 3)))


@st.composite
def _trace_case(draw):
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    if not _torch_traces_non_square_matrices():
        columns = rows
    return Sample((draw(arrays((rows, columns))),), {}, min(rows, columns))


SIZES = {"i": 2, "j": 3, "k": 4, "b": 2, "l": 1}
EQUATIONS = [  # (equation, operand subscripts for the shapes)
    ("ij,jk->ik", ["ij", "jk"]), ("bij,bjk->bik", ["bij", "bjk"]), ("i,j->ij", ["i", "j"]), ("ii->", ["ii"]),
    ("ii->i", ["ii"]), ("ij->ji", ["ij"]), ("ij->", ["ij"]), ("ij->j", ["ij"]), ("ij,ij->i", ["ij", "ij"]),
    ("bij,bjk", ["bij", "bjk"]), ("ij,jk,kl->il", ["ij", "jk", "kl"]), ("i,ij,j->", ["i", "ij", "j"]),
    ("...ij,...jk->...ik", ["bij", "jk"]), ("...ij->...ji", ["bij"]), ("bi,bi->b", ["bi", "bi"]),
    ("iij->j", ["iij"]), ("ij,kj->ikj", ["ij", "kj"]), ("ij,lj->ij", ["ij", "lj"]),
]


@st.composite
def _einsum_case(draw):
    if draw(st.integers(0, 9)) == 0:  # an operand of size 1 where the other's is larger: it broadcasts
        equation = draw(st.sampled_from(["bij,bjk->bik", "...ij,...jk->...ik"]))
        return Sample((draw(arrays((1, 2, 3))), draw(arrays((2, 3, 4)))), {"equation": equation}, 3)
    equation, subscripts = draw(st.sampled_from(EQUATIONS))
    operands = tuple(draw(arrays(tuple(SIZES[c] for c in term))) for term in subscripts)
    return Sample(operands, {"equation": equation}, 12)


NORMS = {  # name -> calls on a (2, 3, 4) tensor
    "norm": [lambda lib, t: lib.linalg.norm(t), lambda lib, t: lib.linalg.norm(t, dim=1),
             lambda lib, t: lib.linalg.norm(t, dim=(0, 2), keepdim=True), lambda lib, t: lib.linalg.norm(t[0], ord=1),
             lambda lib, t: lib.linalg.norm(t[0], ord=float("inf")), lambda lib, t: lib.linalg.norm(t[0], ord="fro"),
             lambda lib, t: lib.linalg.norm(t[0, 0], ord=3)],
    "vector_norm": [lambda lib, t: lib.linalg.vector_norm(t, ord=1, dim=(1, 2)),
                    lambda lib, t: lib.linalg.vector_norm(t, ord=float("-inf")),
                    lambda lib, t: lib.linalg.vector_norm(t, ord=0.5)],
    "matrix_norm": [lambda lib, t: lib.linalg.matrix_norm(t),
                    lambda lib, t: lib.linalg.matrix_norm(t, ord=-1, keepdim=True),
                    lambda lib, t: lib.linalg.matrix_norm(t, ord=float("-inf"), dim=(0, 2))],
}


def _norm_call(lib, t, call):
    return call(lib, t)

OPS = [
    OpInfo("matmul", lambda lib, a, b, method: a @ b if method else lib.matmul(a, b), _either(_matmul_case()),
           LINALG, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.ones(2, 3) @ lib.ones(4, 5), RuntimeError,
                             r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\)"),
                   ErrorCase(lambda lib: lib.ones(3) @ lib.ones(4), RuntimeError,
                             r"inconsistent tensor size, expected tensor \[3\] and src \[4\]"),
                   ErrorCase(lambda lib: lib.ones(2, 2, 3) @ lib.ones(3, 3, 4), RuntimeError,
                             r"batch dimensions \[2\] and \[3\]"),
                   ErrorCase(lambda lib: lib.matmul(lib.tensor(1.0), lib.ones(2)), RuntimeError, "at least 1D"),
                   ErrorCase(lambda lib: lib.ones(2, 2) @ lib.ones(2, 2, dtype=lib.float64), RuntimeError,
                             "expected m1 and m2 to have the same dtype, but got: float != double"))),
    OpInfo("mm", function_or_method("mm"), _either(_matrices()), LINALG, kind="reduction"),
    OpInfo("matmul", lambda lib, a, b: a @ b.T.T, _matrices(), LINALG, variant="of_views", kind="reduction"),
    OpInfo("bmm", function_or_method("bmm"), _either(_matrices(batch=True, max_size=6)), LINALG, kind="reduction"),
    OpInfo("dot", function_or_method("dot"), _either(_vectors()), LINALG, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.ones(2, 2).dot(lib.ones(2)), RuntimeError,
                             "1D tensors expected, but got 2D and 1D tensors"),)),
    OpInfo("outer", function_or_method("outer"), _either(_vectors(same_length=False)), LINALG),
    OpInfo("addmm", function_or_method("addmm"), _either(_addmm_case()), LINALG, kind="reduction",
           examples=(fixed(np.full((2, 2), np.nan), np.ones((2, 3)), np.ones((3, 2)), beta=0),),
           errors=(ErrorCase(lambda lib: lib.addmm(lib.ones(2), lib.ones(2), lib.ones(2, 2)), RuntimeError,
                             "mat1 must be a matrix, got 1-D tensor"),)),
    OpInfo("Tensor.norm", lambda lib, t, **o: t.norm(**o), _norm_case(), LINALG, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.tensor([1, 2]).norm(), RuntimeError,
                             "Expected a floating point or complex tensor as input"),)),
    OpInfo("norm", lambda lib, t, **o: lib.norm(t), _norm_case(), LINALG, kind="reduction",
           examples=(fixed(np.zeros(3)),)),
    OpInfo("diag", function_or_method("diag"), _either(_diag_case()), LINALG,
           errors=(ErrorCase(lambda lib: lib.diag(lib.ones(2, 2, 2)), RuntimeError,
                             "Supports 1D or 2D tensors. Got 3D"),)),
    OpInfo("trace", function_or_method("trace"), _either(_trace_case()), LINALG, kind="reduction",
           errors=(ErrorCase(lambda lib: lib.trace(lib.ones(3)), RuntimeError,
                             "expected a matrix, but got tensor with dim 1"),)),
    *(OpInfo(name, function_or_method(name), _either(shapes(min_dims=2).flatmap(arrays).map(lambda x: Sample((x,))),
                                                     diagonal=st.integers(-4, 4)), LINALG)
      for name in ("tril", "triu")),
    OpInfo("einsum", lambda lib, *operands, equation: lib.einsum(equation, *operands), _einsum_case(), EINSUM,
           kind="reduction",
           errors=(ErrorCase(lambda lib: lib.einsum("ij,jk", lib.ones(2, 3), lib.ones(2, 3)), RuntimeError,
                             "subscript j has size 2 for operand 1 which does not broadcast with previously seen size "
                             "3"),
                   ErrorCase(lambda lib: lib.einsum("ij", lib.ones(2, 3, 4)), RuntimeError,
                             r"the number of subscripts in the equation \(2\) does not match the number of dimensions "
                             r"\(3\) for operand 0 and no ellipsis was given"),
                   ErrorCase(lambda lib: lib.einsum("ij,jk", lib.ones(2, 3)), RuntimeError,
                             "fewer operands were provided than specified in the equation"),
                   ErrorCase(lambda lib: lib.einsum("i,i->", lib.ones(2), lib.ones(2, dtype=lib.float64)),
                             RuntimeError, "expected scalar type Float but found Double"))),
    OpInfo("einsum", lambda lib, a, b: lib.einsum("ij,ij->i", [a, b]),
           st.just(fixed(np.ones((2, 3)), np.ones((2, 3)))), EINSUM, variant="operands_in_a_list"),
    *(OpInfo(f"linalg.{name}", _norm_call, st.tuples(arrays((2, 3, 4)), st.sampled_from(calls)).map(
        lambda c: Sample((_away_from_kinks(distinct(c[0], 0.1)),), {"call": c[1]}, 24)), NAMESPACE, kind="reduction",
        errors=(ErrorCase(lambda lib: lib.linalg.matrix_norm(lib.ones(3)), RuntimeError,
                          "must have at least 2 dimensions"),) if name == "matrix_norm" else
        (ErrorCase(lambda lib: lib.linalg.norm(lib.ones(2, 2, 2), ord=1), RuntimeError,
                   "the input must be 1D or 2D. Got 3D"),) if name == "norm" else ())
      for name, calls in NORMS.items()),
]
