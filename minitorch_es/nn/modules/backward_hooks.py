"""Backward hooks of modules, as PyTorch's: functions called when the gradients of a module's output and inputs
are computed (Grad-CAM, gradient inspection, clipping per layer).

- ``register_full_backward_pre_hook(hook)``: ``hook(module, grad_output)`` when the gradients of the outputs
  arrive, before anything of the module's backward; it returns None or new ``grad_output``;
- ``register_full_backward_hook(hook)``: ``hook(module, grad_input, grad_output)`` once the gradients of the
  module's tensor inputs are known; it returns None or new ``grad_input`` (all None where no input requires a
  gradient: it is then called when the outputs' gradients arrive);
- ``register_backward_hook(hook)``, the legacy one: ``hook(module, grad_input, grad_output)`` with grad_input the
  gradients of the inputs of the *last op* of ``forward`` (its output's ``grad_fn``), as PyTorch's.

Module-wide versions: ``register_module_full_backward_pre_hook`` and ``register_module_full_backward_hook`` (run
before the module's own). As in PyTorch, the inputs and outputs pass through an identity Function
(``BackwardHookFunctionBackward`` in the graph) whose backward calls the hooks.
"""

from __future__ import annotations

from collections import OrderedDict

from ...autograd import is_grad_enabled
from ...autograd.custom_function import Function
from ...autograd.hooks import add_hook as _add
from ...utils.hooks import RemovableHandle

_global_backward_pre_hooks: OrderedDict = OrderedDict()
_global_backward_hooks: OrderedDict = OrderedDict()


def register_module_full_backward_pre_hook(hook) -> RemovableHandle:
    """A backward pre-hook for every module: ``hook(module, grad_output)``."""
    return _add(_global_backward_pre_hooks, hook)


def register_module_full_backward_hook(hook) -> RemovableHandle:
    """A full backward hook for every module: ``hook(module, grad_input, grad_output)``."""
    return _add(_global_backward_hooks, hook)


class BackwardHookFunction(Function):
    """y = x for each tensor; its backward hands the gradients to ``callback``, which may replace them."""

    @staticmethod
    def forward(ctx, callback, *tensors):
        ctx.callback = callback
        return tensors if len(tensors) > 1 else tensors[0]

    @staticmethod
    def backward(ctx, *grads):
        replaced = ctx.callback(grads)
        return (None, *(grads if replaced is None else replaced))


def _replace(hook_result, current: tuple, what: str) -> tuple:
    if hook_result is None:
        return current
    result = hook_result if isinstance(hook_result, tuple) else (hook_result,)
    if len(result) != len(current):
        raise RuntimeError(f"Backward hook returned an invalid number of grad_{what} (got {len(result)}, but "
                           f"expected {len(current)})")
    return result


class _CallBackwardHooks:
    """One call of a module with backward hooks: wraps its inputs and outputs, and calls the hooks in backward."""

    def __init__(self, module, pre_hooks: list, hooks: list) -> None:
        self.module, self.pre_hooks, self.hooks = module, pre_hooks, hooks
        self.grad_output: tuple | None = None
        self.input_count = 0

    def setup_input(self, args: tuple) -> tuple:
        self.input_count = sum(1 for a in args if _requires_grad(a))
        return _through_hook_node(args, self._on_input_grads)

    def setup_output(self, output):
        outputs = _through_hook_node(output if isinstance(output, tuple) else (output,), self._on_output_grads)
        return outputs if isinstance(output, tuple) else outputs[0]

    def _on_output_grads(self, grads: tuple) -> tuple:
        for hook in self.pre_hooks:
            grads = _replace(hook(self.module, grads), grads, "output")
        self.grad_output = grads
        if self.input_count == 0:  # no input will receive a gradient: the full hooks see None for each
            for hook in self.hooks:
                hook(self.module, (None,), grads)
        return grads

    def _on_input_grads(self, grads: tuple) -> tuple:
        for hook in self.hooks:
            grads = _replace(hook(self.module, grads, self.grad_output), grads, "input")
        return grads


def _requires_grad(value) -> bool:
    return getattr(value, "requires_grad", False) is True


def _through_hook_node(values: tuple, callback) -> tuple:
    """``values`` with the tensors that require a gradient passed through one BackwardHookFunction node, whose
    backward gives their gradients to ``callback``; the others as they are."""
    positions = [i for i, value in enumerate(values) if _requires_grad(value)]
    if not (positions and is_grad_enabled()):
        return values
    wrapped = BackwardHookFunction.apply(callback, *(values[i] for i in positions))
    wrapped = wrapped if isinstance(wrapped, tuple) else (wrapped,)
    values = list(values)
    for position, tensor in zip(positions, wrapped):
        values[position] = tensor
    return tuple(values)


class BackwardHooks:
    """What Module mixes in: registering backward hooks, and the hooks of one call."""

    def register_full_backward_pre_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        return _add(self._hook_registry("_backward_pre_hooks"), hook, prepend)

    def register_full_backward_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        self._refuse_both_kinds(self.__dict__.get("_legacy_backward_hooks"))
        return _add(self._hook_registry("_backward_hooks"), hook, prepend)

    def register_backward_hook(self, hook) -> RemovableHandle:
        """The legacy hook: grad_input are the gradients of the inputs of the last op of ``forward``."""
        self._refuse_both_kinds(self.__dict__.get("_backward_hooks"))
        return _add(self._hook_registry("_legacy_backward_hooks"), hook)

    @staticmethod
    def _refuse_both_kinds(other_kind) -> None:
        if other_kind:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")

    def _has_backward_hooks(self) -> bool:
        return bool(self.__dict__.get("_backward_pre_hooks") or self.__dict__.get("_backward_hooks")
                    or self.__dict__.get("_legacy_backward_hooks") or _global_backward_pre_hooks
                    or _global_backward_hooks)

    def _backward_hooks_of_this_call(self):
        pre = [*_global_backward_pre_hooks.values(), *self.__dict__.get("_backward_pre_hooks", {}).values()]
        full = [*_global_backward_hooks.values(), *self.__dict__.get("_backward_hooks", {}).values()]
        return _CallBackwardHooks(self, pre, full) if pre or full else None

    def _attach_legacy_backward_hooks(self, output) -> None:
        hooks = list(self.__dict__.get("_legacy_backward_hooks", {}).values())
        node = getattr(output if not isinstance(output, tuple) else output[0], "grad_fn", None)
        if not hooks or node is None:
            return
        module = self

        def call(grad_inputs, grad_outputs):
            for hook in hooks:
                grad_inputs = _replace(hook(module, grad_inputs, grad_outputs), grad_inputs, "input")
            return grad_inputs

        node.register_hook(call)
