"""Parity with PyTorch of ``einsum`` (every operand's gradient, including diagonals, indices summed inside one
operand, "..." with broadcasting and the implicit output) and of ``linalg``'s norms."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import assert_parity
from strategies import FLOAT_DTYPES, arrays, distinct

import minitorch_es as mt

SIZES = {"i": 2, "j": 3, "k": 4, "b": 2, "l": 1}
EQUATIONS = [  # (equation, operand subscripts for the shapes)
    ("ij,jk->ik", ["ij", "jk"]), ("bij,bjk->bik", ["bij", "bjk"]), ("i,j->ij", ["i", "j"]), ("ii->", ["ii"]),
    ("ii->i", ["ii"]), ("ij->ji", ["ij"]), ("ij->", ["ij"]), ("ij->j", ["ij"]), ("ij,ij->i", ["ij", "ij"]),
    ("bij,bjk", ["bij", "bjk"]), ("ij,jk,kl->il", ["ij", "jk", "kl"]), ("i,ij,j->", ["i", "ij", "j"]),
    ("...ij,...jk->...ik", ["bij", "jk"]), ("...ij->...ji", ["bij"]), ("bi,bi->b", ["bi", "bi"]),
    ("iij->j", ["iij"]), ("ij,kj->ikj", ["ij", "kj"]), ("ij,lj->ij", ["ij", "lj"]),
]


@pytest.mark.parametrize("equation,subscripts", EQUATIONS, ids=[e for e, _ in EQUATIONS])
@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_einsum_values_and_every_gradient(equation, subscripts, data, dtype):
    operands = [data.draw(arrays(tuple(SIZES[c] for c in term))) for term in subscripts]
    assert_parity(lambda lib, *t: lib.einsum(equation, *t), *operands, dtype=dtype, kind="reduction",
                  summed_terms=12)


def test_einsum_takes_a_list_and_reports_bad_equations():
    a, b = mt.ones(2, 3), mt.ones(2, 3)
    np.testing.assert_array_equal(mt.einsum("ij,ij->i", [a, b]).numpy(), [3.0, 3.0])
    with pytest.raises(RuntimeError, match="subscript j has size 2 for operand 1 which does not broadcast with "
                                           "previously seen size 3"):
        mt.einsum("ij,jk", a, b)
    with pytest.raises(RuntimeError, match=r"the number of subscripts in the equation \(2\) does not match the "
                                           r"number of dimensions \(3\) for operand 0 and no ellipsis was given"):
        mt.einsum("ij", mt.ones(2, 3, 4))
    with pytest.raises(RuntimeError, match="fewer operands were provided than specified in the equation"):
        mt.einsum("ij,jk", a)
    with pytest.raises(RuntimeError, match="expected scalar type Float but found Double"):
        mt.einsum("i,i->", mt.ones(2), mt.ones(2, dtype=mt.float64))


NORMS = [
    lambda lib, t: lib.linalg.norm(t), lambda lib, t: lib.linalg.norm(t, dim=1),
    lambda lib, t: lib.linalg.norm(t, dim=(0, 2), keepdim=True), lambda lib, t: lib.linalg.norm(t[0], ord=1),
    lambda lib, t: lib.linalg.norm(t[0], ord=float("inf")), lambda lib, t: lib.linalg.norm(t[0], ord="fro"),
    lambda lib, t: lib.linalg.norm(t[0, 0], ord=3), lambda lib, t: lib.linalg.vector_norm(t, ord=1, dim=(1, 2)),
    lambda lib, t: lib.linalg.vector_norm(t, ord=float("-inf")), lambda lib, t: lib.linalg.vector_norm(t, ord=0.5),
    lambda lib, t: lib.linalg.matrix_norm(t), lambda lib, t: lib.linalg.matrix_norm(t, ord=-1, keepdim=True),
    lambda lib, t: lib.linalg.matrix_norm(t, ord=float("-inf"), dim=(0, 2)),
]


@pytest.mark.parametrize("index", range(len(NORMS)))
@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_linalg_norms(index, data, dtype):
    x = distinct(data.draw(arrays((2, 3, 4))), 0.1)
    x = np.where(np.abs(x) < 0.05, 0.3, x)  # no entry at abs's kink
    assert_parity(NORMS[index], x, dtype=dtype, kind="reduction", summed_terms=24)


def test_linalg_errors_name_what_is_missing():
    with pytest.raises(NotImplementedError, match="needs singular values"):
        mt.linalg.matrix_norm(mt.ones(2, 2), ord="nuc")
    with pytest.raises(RuntimeError, match="must have at least 2 dimensions"):
        mt.linalg.matrix_norm(mt.ones(3))
    with pytest.raises(RuntimeError, match="the input must be 1D or 2D. Got 3D"):
        mt.linalg.norm(mt.ones(2, 2, 2), ord=1)
    assert torch.linalg.norm(torch.ones(3, 4)).item() == pytest.approx(mt.linalg.norm(mt.ones(3, 4)).item())


@given(data=st.data(), dtype=FLOAT_DTYPES)
def test_einsum_broadcasts_dimensions_of_size_one(data, dtype):
    a, b = data.draw(arrays((1, 2, 3))), data.draw(arrays((2, 3, 4)))
    assert_parity(lambda lib, x, y: lib.einsum("bij,bjk->bik", x, y), a, b, dtype=dtype, kind="reduction",
                  summed_terms=3)
    assert_parity(lambda lib, x, y: lib.einsum("...ij,...jk->...ik", x, y), a, b, dtype=dtype, kind="reduction",
                  summed_terms=3)
