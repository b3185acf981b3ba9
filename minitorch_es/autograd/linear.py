"""Higher-order gradients of linear ops, with no tensor version of their backward.

For an op linear in its input, y = J x (a sum, a view, an index, an average pooling), the backward is
x_grad = J^T g, linear in g with coefficients fixed by the call (shapes, indices, windows), and its own derivative
with respect to g is J again. So, under ``create_graph``, the backward is recorded as :class:`LinearBackward`
(g -> J^T g, computed by the op's ``backward`` on arrays, kernels included), whose gradient is :class:`Jacobian`
(h -> J h, the op's ``jvp``), whose gradient is :class:`LinearBackward` again: every order, two rules per op.
"""

from __future__ import annotations

from .function import Function


def _first(grads):
    return grads[0] if isinstance(grads, tuple) else grads


class LinearBackward(Function):
    """x_grad = J^T g (the op's backward);  dJ/dg = J h (the op's jvp)."""

    @staticmethod
    def forward(ctx, g, function, op_ctx):
        ctx.function, ctx.op_ctx = function, op_ctx
        return _first(function.backward(op_ctx, g))

    @staticmethod
    def backward(ctx, h):
        if hasattr(h, "_data"):
            return Jacobian.apply(h, function=ctx.function, op_ctx=ctx.op_ctx)
        return ctx.function.backward_transposed(ctx.op_ctx, h)


class Jacobian(Function):
    """y_tangent = J h (the op's ``backward_transposed``, its jvp);  dJ/dh = J^T g (the op's backward)."""

    @staticmethod
    def forward(ctx, h, function, op_ctx):
        ctx.function, ctx.op_ctx = function, op_ctx
        return function.backward_transposed(op_ctx, h)

    @staticmethod
    def backward(ctx, g):
        if hasattr(g, "_data"):
            return LinearBackward.apply(g, function=ctx.function, op_ctx=ctx.op_ctx)
        return _first(ctx.function.backward(ctx.op_ctx, g))
