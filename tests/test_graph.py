"""The graph you can walk, against PyTorch's: the same node names and edges (``next_functions``) for the same
expression, ``AccumulateGrad`` nodes with ``.variable``, hooks on nodes and leaves, ``_saved_*`` attributes, and
anomaly detection naming the forward op that made a NaN."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import minitorch_es

LIBRARIES = (minitorch_es, torch)
X = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [0.1, 0.7, -2.0]]
W = [[0.3, 1.0, -0.2], [0.5, 0.9, 0.4], [0.2, -0.1, 0.8]]


def _walk(node, depth=0, lines=None, output_nr=0) -> list:
    """The graph behind ``node``, depth first, as torchviz-style walkers see it: one line per edge's node (and
    the number of the output it leads to)."""
    lines = [] if lines is None else lines
    if node is None:
        lines.append(f"{depth} None")
        return lines
    lines.append(f"{depth} {node.name()} {output_nr}")
    for parent, parent_output_nr in node.next_functions:
        _walk(parent, depth + 1, lines, parent_output_nr)
    return lines


def _setitem(lib, x, w):
    y = x * 1
    y[0] = w[1]
    return y


EXPRESSIONS = {
    "x * 2": lambda lib, x, w: x * 2,
    "x * w + 1": lambda lib, x, w: x * w + 1,
    "x / w - x": lambda lib, x, w: x / w - x,
    "exp, sum": lambda lib, x, w: x.exp().sum(),
    "sum over a dim": lambda lib, x, w: x.sum(0),
    "mean over a dim": lambda lib, x, w: x.mean(1),
    "x @ w.t()": lambda lib, x, w: x @ w.t(),
    "mm": lambda lib, x, w: lib.mm(x, w),
    "transpose, permute": lambda lib, x, w: x.transpose(0, 1).permute(1, 0),
    "view, reshape, flatten": lambda lib, x, w: x.view(-1).reshape(3, 3).flatten(),
    "unsqueeze, squeeze": lambda lib, x, w: x.unsqueeze(0).squeeze(0),
    "select, slice": lambda lib, x, w: x[0] + x[1:].sum(),
    "expand": lambda lib, x, w: x[:, :1].expand(3, 3),
    "integer array index": lambda lib, x, w: x[lib.tensor([0, 2])],
    "relu, sigmoid, tanh": lambda lib, x, w: lib.relu(x).sigmoid() + x.tanh(),
    "softmax, log_softmax": lambda lib, x, w: x.softmax(1) + lib.nn.functional.log_softmax(x, 1),
    "cat, stack": lambda lib, x, w: lib.stack([lib.cat([x, w]), lib.cat([w, x])]),
    "max, amax, clamp": lambda lib, x, w: x.max() + x.amax(0).sum() + x.clamp(-1, 1).sum(),
    "where": lambda lib, x, w: lib.where(x > 0, x, w),
    "max pooling of a view": lambda lib, x, w: lib.nn.functional.max_pool2d(x.reshape(1, 1, 3, 3), 2),
    "layer norm": lambda lib, x, w: lib.nn.functional.layer_norm(x, (3,), w[0], w[1]),
    "gelu, leaky relu": lambda lib, x, w: lib.nn.functional.gelu(x) + lib.nn.functional.leaky_relu(x),
    "mse loss": lambda lib, x, w: lib.nn.functional.mse_loss(x, w),
    "cross entropy": lambda lib, x, w: lib.nn.functional.cross_entropy(x, lib.tensor([0, 2, 1])),
    "nll loss, sum": lambda lib, x, w: lib.nn.functional.nll_loss(x, lib.tensor([0, 2, 1]), reduction="sum"),
    "binary cross entropy": lambda lib, x, w: lib.nn.functional.binary_cross_entropy(x.sigmoid(), w.sigmoid()),
    "smooth l1, huber": lambda lib, x, w: (lib.nn.functional.smooth_l1_loss(x, w) +
                                          lib.nn.functional.huber_loss(x, w, reduction="sum")),
    "x[0] = w[1] (CopySlices)": _setitem,
    "in-place relu of a product": lambda lib, x, w: (x * w).relu_(),
}


@pytest.mark.parametrize("expression", sorted(EXPRESSIONS))
def test_the_graph_walks_as_pytorchs(expression):
    walks = []
    for lib in LIBRARIES:
        x, w = lib.tensor(X, requires_grad=True), lib.tensor(W, requires_grad=True)
        walks.append(_walk(EXPRESSIONS[expression](lib, x, w).grad_fn))
    assert walks[0] == walks[1]


# Where the graphs differ, by design for now: PyTorch's linear layer is addmm(b, x, W.t()) with a TBackward0 node
# (ours one AddmmBackward0 node with edges to x, W, b), x[1:, 0] is two nodes there (SliceBackward0 then
# SelectBackward0) and one here, and some losses (kl_div, multi_margin, soft_margin) are one node there and compositions
# here (tests/test_ops.py lists them in NODE_NAME_DIFFERS).


def test_accumulate_grad_nodes_are_the_leaves_own():
    for lib in LIBRARIES:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y, z = x * 2, x.exp()
        accumulate = y.grad_fn.next_functions[0][0]
        assert accumulate.variable is x and accumulate.name() == "torch::autograd::AccumulateGrad"
        assert z.grad_fn.next_functions[0][0] is accumulate  # one per leaf while a graph leads to it
        assert accumulate.next_functions == ()


def _hook_events(lib):
    events = []
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    y = (h * h).sum()
    h.register_hook(lambda g: events.append(("tensor hook", g.tolist())) or g * 2)
    h.grad_fn.register_prehook(lambda grad_outputs: events.append(("node prehook", grad_outputs[0].tolist())))
    h.grad_fn.register_hook(lambda grad_inputs, grad_outputs: events.append(
        ("node hook", [None if g is None else g.tolist() for g in grad_inputs], grad_outputs[0].tolist())))
    accumulate = h.grad_fn.next_functions[0][0]
    accumulate.register_prehook(lambda grad_outputs: events.append(("leaf prehook", grad_outputs[0].tolist())))
    x.register_hook(lambda g: events.append(("leaf hook", g.tolist())))
    x.register_post_accumulate_grad_hook(lambda leaf: events.append(("post accumulate", leaf.grad.tolist())))
    removed = x.register_hook(lambda g: events.append("removed hook ran"))
    removed.remove()
    y.backward()
    return events


def test_tensor_node_and_leaf_hooks_fire_in_pytorchs_order():
    ours, theirs = (_hook_events(lib) for lib in LIBRARIES)
    assert ours == theirs
    assert [event[0] for event in ours] == ["tensor hook", "node prehook", "node hook", "leaf hook", "leaf prehook",
                                            "post accumulate"]


def test_saved_attributes_as_pytorchs():
    for lib in LIBRARIES:
        x = lib.tensor([1.0, -2.0], requires_grad=True)
        w = lib.tensor([3.0, 4.0], requires_grad=True)
        product = x * w
        assert product.grad_fn._saved_self.tolist() == [1.0, -2.0]
        assert product.grad_fn._saved_other.tolist() == [3.0, 4.0]
        assert (x * 2).grad_fn._saved_self is None  # not needed: the constant's gradient is not wanted
        assert x.exp().grad_fn._saved_result.tolist() == pytest.approx([np.e, np.exp(-2)])
        assert x.relu().grad_fn._saved_result.tolist() == [1.0, 0.0]


def test_metadata_and_names_of_nodes():
    for lib in LIBRARIES:
        y = lib.tensor([1.0], requires_grad=True).exp()
        y.grad_fn.metadata["where"] = "layer 1"
        assert y.grad_fn.metadata == {"where": "layer 1"} and y.grad_fn.name() == "ExpBackward0"


def _anomaly(lib):
    x = lib.tensor([0.0, 1.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught, lib.autograd.detect_anomaly():
        warnings.simplefilter("always")
        y = (x.sqrt() * 0).sum()
        with pytest.raises(RuntimeError) as error:
            y.backward()
    forward_traces = [str(w.message) for w in caught if "Traceback of forward call" in str(w.message)]
    return str(error.value), len(forward_traces), "x.sqrt()" in "".join(forward_traces)


def test_anomaly_detection_names_the_op_and_where_it_was_called():
    ours, theirs = (_anomaly(lib) for lib in LIBRARIES)
    assert ours == theirs == ("Function 'SqrtBackward0' returned nan values in its 0th output.", 1, True)
    assert not minitorch_es.is_anomaly_enabled()
    with minitorch_es.autograd.set_detect_anomaly(True):
        assert minitorch_es.is_anomaly_enabled() and minitorch_es.is_anomaly_check_nan_enabled()
    assert not minitorch_es.is_anomaly_enabled()
