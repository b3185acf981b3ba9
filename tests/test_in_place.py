"""In-place ops as PyTorch's: on tensors inside a graph (rebased onto the in-place node, writes into views through
CopySlices), their gradients, the version counter and the error when a saved tensor has changed (in the same
situations as PyTorch and no others), leaves that refuse them, and saved tensors freed by backward."""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from parity import tolerance_for

import minitorch_es

LIBRARIES = (minitorch_es, torch)
X = np.array([[0.5, -1.2, 2.0], [1.5, 0.3, -0.4], [0.9, -0.7, 1.1]])
W = np.array([[0.3, 1.0, -0.2], [0.5, 0.9, 0.4], [0.2, -0.1, 0.8]])
UPSTREAM = np.array([[1.0, -0.5, 2.0], [0.25, 1.5, -1.0], [0.75, -2.0, 0.5]])


def _leaves(lib, x=X, w=W, dtype=np.float64):
    return (lib.tensor(x.astype(dtype), requires_grad=True), lib.tensor(w.astype(dtype), requires_grad=True))


def _values_and_gradients(lib, program, x=X, w=W, dtype=np.float64, second_order=False):
    """Run ``program(lib, x, w)`` on two leaves: its output's values, the leaves' gradients for UPSTREAM, and with
    ``second_order`` the gradients of <UPSTREAM, dJ/dx> (the first-order gradient recorded, then differentiated)."""
    leaf_x, leaf_w = _leaves(lib, x, w, dtype)
    out = program(lib, leaf_x, leaf_w)
    upstream = lib.tensor(UPSTREAM[tuple(slice(n) for n in out.shape)].astype(dtype))
    values = out.detach().numpy().copy()
    if not second_order:
        out.backward(upstream)
        return values, [None if leaf.grad is None else leaf.grad.detach().numpy() for leaf in (leaf_x, leaf_w)]
    (first,) = lib.autograd.grad(out, leaf_x, upstream, create_graph=True)
    if not first.requires_grad:  # a first-order gradient that depends on no leaf (x + w): no second order
        return values, [first.detach().numpy(), None, None]
    second = lib.autograd.grad((first * lib.tensor(UPSTREAM.astype(dtype))).sum(), (leaf_x, leaf_w),
                               allow_unused=True)
    return values, [first.detach().numpy()] + [None if g is None else g.detach().numpy() for g in second]


def assert_same_as_pytorch(program, x=X, w=W, dtype=np.float64, second_order=False) -> None:
    """The same values and gradients, or the same version error (a saved tensor changed) in both libraries:
    float64 tight, float32 loose (the op table's elementwise tolerances)."""
    outcomes = []
    for lib in LIBRARIES:
        try:
            outcomes.append(_values_and_gradients(lib, program, x, w, dtype, second_order))
        except RuntimeError as error:
            if MODIFIED not in str(error):
                raise
            outcomes.append(str(error))
    ours, theirs = outcomes
    if isinstance(theirs, str) or isinstance(ours, str):
        assert ours == theirs
        return
    values, grads = tolerance_for("elementwise", dtype)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=values.rtol, atol=values.atol, err_msg="values")
    for index, (a, b) in enumerate(zip(ours[1], theirs[1])):
        if a is None and b is not None and not np.any(b):  # PyTorch's zeros where no gradient flows
            continue
        assert (a is None) == (b is None), f"gradient {index}: {a} against PyTorch's {b}"
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=grads.rtol, atol=grads.atol, err_msg=f"gradient {index}")


def assert_same_tangent_as_pytorch(program, x=X, w=W, dtype=np.float64) -> None:
    """Forward mode: the output's tangent for tangents UPSTREAM of x and W of w, as PyTorch's."""
    tangents = []
    for lib in LIBRARIES:
        forward_ad = lib.autograd.forward_ad
        with forward_ad.dual_level():
            dual_x = forward_ad.make_dual(lib.tensor(x.astype(dtype)), lib.tensor(UPSTREAM.astype(dtype)))
            dual_w = forward_ad.make_dual(lib.tensor(w.astype(dtype)), lib.tensor(W.astype(dtype)))
            tangent = forward_ad.unpack_dual(program(lib, dual_x, dual_w)).tangent
            tangents.append(None if tangent is None else tangent.detach().numpy().copy())
    ours, theirs = tangents
    assert (ours is None) == (theirs is None), (ours, theirs)
    if ours is not None:
        grads = tolerance_for("elementwise", dtype)[1]
        np.testing.assert_allclose(ours, theirs, rtol=grads.rtol, atol=grads.atol, err_msg="tangent")


# ---- every in-place method through a graph ----------------------------------------------------------------------

POSITIVE = {"log_", "log1p_", "sqrt_", "rsqrt_", "reciprocal_"}  # methods whose domain needs x > 0
ARGUMENTS = {  # the arguments of each in-place method, from (lib, w)
    "add_": lambda lib, w: (w,), "sub_": lambda lib, w: (w,), "mul_": lambda lib, w: (w,),
    "div_": lambda lib, w: (w.abs() + 1,), "pow_": lambda lib, w: (2,), "clamp_": lambda lib, w: (-0.5, 0.8),
    "clip_": lambda lib, w: (-0.5, 0.8), "clamp_min_": lambda lib, w: (0.1,), "clamp_max_": lambda lib, w: (0.4,),
    "lerp_": lambda lib, w: (w, 0.3), "fmod_": lambda lib, w: (0.7,), "remainder_": lambda lib, w: (0.7,),
    "masked_fill_": lambda lib, w: (w > 0.35, 2.5),
    "index_add_": lambda lib, w: (0, lib.tensor([2, 0]), w[:2]),
    "scatter_": lambda lib, w: (1, lib.tensor([[2], [0], [1]]), w[:, :1]),
    "scatter_add_": lambda lib, w: (1, lib.tensor([[2], [0], [1]]), w[:, :1]),
}
IN_PLACE_METHODS = sorted(name for name in vars(minitorch_es.Tensor) if name.endswith("_") and not name.startswith("_")
                          and hasattr(minitorch_es.Tensor, name[:-1]) and name not in ("detach_", "requires_grad_"))


MATRICES = hnp.arrays(np.float64, (3, 3), elements=st.floats(-2, 2).map(lambda v: round(v, 3) + 0.0005))
DIFFERENTIABLE_TWICE = {"add_", "sub_", "mul_", "div_", "pow_", "neg_", "reciprocal_", "square_", "lerp_", "exp_",
                        "expm1_", "log_", "log1p_", "sqrt_", "rsqrt_", "sin_", "cos_", "tanh_", "sigmoid_"}


@pytest.mark.parametrize("name", IN_PLACE_METHODS)
@given(x=MATRICES, w=MATRICES, dtype=st.sampled_from([np.float64, np.float32]))
def test_every_in_place_method_changes_a_non_leaf_as_pytorchs(name, x, w, dtype):
    """y = f(x); y.<name>(...) changes y itself (the same object, its version bumped), and the gradients reach x
    (and w, where it is an argument) as PyTorch's, for drawn values, in float64 and float32; for the smooth
    methods, the second-order gradients and the forward-mode tangent too."""
    arguments = ARGUMENTS.get(name, lambda lib, w: ())
    x = np.abs(x) + 0.5 if name in POSITIVE else x

    def program(lib, x, w):
        y = x * 1.5
        version = y._version
        result = getattr(y, name)(*arguments(lib, w))
        assert result is y and y._version == version + 1
        return y * w

    assert_same_as_pytorch(program, x=x, w=w, dtype=dtype)
    if name in DIFFERENTIABLE_TWICE:
        assert_same_as_pytorch(program, x=x, w=w, dtype=dtype, second_order=True)
        assert_same_tangent_as_pytorch(program, x=x, w=w, dtype=dtype)


def test_in_place_methods_without_a_graph_change_the_tensor_itself():
    x = minitorch_es.tensor([1.0, 4.0])
    assert x.sqrt_() is x and x.tolist() == [1.0, 2.0] and x._version == 1


# ---- drawn sequences of in-place and out-of-place ops, views included ------------------------------------------

STEPS = {
    "add_ w": lambda lib, y, w: y.add_(w),
    "mul_ w": lambda lib, y, w: y.mul_(w),
    "y += 1": lambda lib, y, w: y.__iadd__(1.0),
    "relu_": lambda lib, y, w: y.relu_(),
    "sigmoid_": lambda lib, y, w: y.sigmoid_(),
    "tanh_": lambda lib, y, w: y.tanh_(),
    "exp_ of clamped": lambda lib, y, w: y.clamp_(-2, 2).exp_(),
    "row 0 *= 2 (a view)": lambda lib, y, w: (y[0].mul_(2), y)[1],
    "column 1 += w's (a view)": lambda lib, y, w: (y[:, 1].add_(w[:, 1]), y)[1],
    "y[2] = w[0] (setitem)": lambda lib, y, w: (y.__setitem__(2, w[0] * 3), y)[1],
    "transposed view sub_": lambda lib, y, w: (y.t().sub_(w), y)[1],
    "y * w (out of place)": lambda lib, y, w: y * w,
    "y.exp() (out of place)": lambda lib, y, w: y.clamp(-2, 2).exp(),
    "y.t() (a view, kept)": lambda lib, y, w: y.t(),
    "masked_fill_": lambda lib, y, w: y.masked_fill_(w > 0.6, 0.0),
}


@given(steps=st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=6))
def test_drawn_sequences_of_in_place_ops_give_pytorchs_gradients(steps):
    def program(lib, x, w):
        y = x * 1.0
        for step in steps:
            y = STEPS[step](lib, y, w)
        return y

    assert_same_as_pytorch(program)
    assert_same_tangent_as_pytorch(program)


def test_writes_into_a_view_update_the_base_history():
    """The base's grad_fn becomes CopySlices, and another view of the base taken before reads the new history."""
    for lib in LIBRARIES:
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        base = x * 1
        view = base[1:]
        base[0].mul_(5)
        assert base.grad_fn.name() == "torch::autograd::CopySlices"
        (view * 2).sum().backward()
        assert x.grad.tolist() == [0.0, 2.0, 2.0]


def test_relu_inplace_in_a_model_gives_pytorchs_gradients():
    def program(lib, x, w):
        model = lib.nn.Sequential(lib.nn.Linear(3, 3), lib.nn.ReLU(inplace=True), lib.nn.Dropout(0.0, inplace=True),
                                  lib.nn.LeakyReLU(0.1, inplace=True)).double()
        with lib.no_grad():
            model[0].weight.copy_(w)
            model[0].bias.fill_(0.1)
        return model(x)

    assert_same_as_pytorch(program)


# ---- the version counter and its error ---------------------------------------------------------------------------


def test_views_share_the_version_counter_and_data_does_not():
    for lib in LIBRARIES:
        x = lib.zeros(2, 3)
        views = (x[0], x.t(), x.view(6), x.detach(), x.transpose(0, 1), x.reshape(3, 2))
        x.add_(1)
        assert [v._version for v in views] == [1] * len(views)
        x.data.add_(1)
        assert x._version == 1
        views[0].mul_(2)
        assert x._version == 2 and x._base is None and views[0]._base is x


MODIFIED = "one of the variables needed for gradient computation has been modified by an inplace operation"
SITUATIONS = {  # each returns the loss whose backward PyTorch either refuses or not
    "x.exp() then x changed in place under no_grad": lambda lib, x, w: (
        (lambda y: (_under_no_grad(lib, lambda: x.mul_(10)), y.sum())[1])(x.exp())),
    "through detach()": lambda lib, x, w: ((lambda y: (x.detach().mul_(10), y.sum())[1])(x.exp())),
    "through .data (unnoticed)": lambda lib, x, w: ((lambda y: (x.data.mul_(10), y.sum())[1])(x.exp())),
    "a saved output changed": lambda lib, x, w: ((lambda y: (y.add_(1), y.sum())[1])((x * 1).exp())),
    "multiplied by a constant, then changed": lambda lib, x, w: ((lambda h, y: (h.add_(1), y.sum())[1])(
        *(lambda h: (h, h * 2))(x * 1))),
    "multiplied by a tensor, then changed": lambda lib, x, w: ((lambda h, y: (h.add_(1), y.sum())[1])(
        *(lambda h: (h, h * w))(x * 1))),
    "a view of a saved tensor changed": lambda lib, x, w: ((lambda h, y: (h[0].mul_(3), y.sum())[1])(
        *(lambda h: (h, h.sigmoid()))((x * 1).sigmoid()))),
    "an added tensor changed (nothing saved)": lambda lib, x, w: ((lambda h, y: (h.mul_(3), y.sum())[1])(
        *(lambda h: (h, h + w))(x * 1))),
}


def _under_no_grad(lib, action):
    with lib.no_grad():
        action()


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_the_version_error_in_the_same_situations_as_pytorch(situation):
    outcomes = []
    for lib in LIBRARIES:
        x, w = _leaves(lib)
        loss = SITUATIONS[situation](lib, x, w)
        try:
            loss.backward()
            outcomes.append(("ok", x.grad.detach().numpy().round(10).tolist()))
        except RuntimeError as error:
            assert MODIFIED in str(error)
            outcomes.append(("error", str(error).split("; expected")[0].split("[")[0]))
    assert outcomes[0] == outcomes[1]


def test_the_version_error_reads_as_pytorchs():
    messages = []
    for lib in LIBRARIES:
        a = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
        h = a * 2
        y = h * h
        h.add_(1)
        with pytest.raises(RuntimeError) as caught:
            y.sum().backward()
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "[torch.FloatTensor [2, 3]], which is output 0 of MulBackward0, is at version 1; expected version 0" \
           in messages[0] or "is at version 1; expected version 0 instead" in messages[0]


def test_optimizer_step_between_forward_and_backward_is_refused():
    """The classic bug: the parameters change before the backward that saved them (the second layer's weight,
    saved for its input's gradient). A single layer on data saves no weight: both libraries accept it."""
    for layers, refused in ((2, True), (1, False)):
        for lib in LIBRARIES:
            lib.manual_seed(0)
            model = lib.nn.Sequential(*[lib.nn.Linear(3, 3) for _ in range(layers)]).double()
            optimizer = lib.optim.SGD(model.parameters(), lr=0.1)
            model(lib.tensor(X)).sum().backward()
            loss = model(lib.tensor(X)).sum()
            optimizer.step()
            if refused:
                with pytest.raises(RuntimeError, match=MODIFIED):
                    loss.backward()
            else:
                loss.backward()


def test_in_place_on_a_leaf_or_a_view_of_one_is_refused_as_pytorch():
    for lib in LIBRARIES:
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place "
                                               "operation."):
            w.mul_(2)
        with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an "
                                               "in-place operation."):
            w[0].add_(1)
        with lib.no_grad():
            w.mul_(2)  # allowed where nothing is recorded
        assert w.tolist() == [2.0, 4.0]


# ---- saved tensors freed --------------------------------------------------------------------------------------


def test_backward_frees_the_saved_arrays():
    """A 8 MB exp: its saved output is freed by backward (only the output and the gradient stay)."""
    x = minitorch_es.rand(1_000_000, dtype=minitorch_es.float64, requires_grad=True)
    gc.collect()
    tracemalloc.start()
    try:
        y = x.exp().exp()  # the inner exp's output lives only as the outer one's saved input
        before = tracemalloc.get_traced_memory()[0]
        y.sum().backward()
        x.grad = None
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert before - after >= 7_000_000, (before, after)  # the inner exp's 8 MB went


def test_a_second_backward_is_refused_and_a_graph_that_saved_nothing_runs_twice():
    for lib in LIBRARIES:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp().sum()
        y.backward()
        with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
            y.backward()
        with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
            getattr(y.grad_fn.next_functions[0][0], "_saved_result")  # noqa: B009 (reading it raises)
        z = (x + 1).sum()
        z.backward()
        z.backward()
        assert x.grad.tolist() == pytest.approx([np.e + 2, np.e ** 2 + 2])
        kept = x.exp().sum()
        kept.backward(retain_graph=True)
        kept.backward()
