"""Forward hooks of modules, as PyTorch's: functions called around a module's ``forward`` to read or replace its
inputs and output (feature extraction, Grad-CAM, model summaries).

Calling a module runs, in this order: the global forward pre-hooks (``register_module_forward_pre_hook``), the
module's pre-hooks, ``forward``, the global forward hooks, the module's forward hooks. Each kind runs in the order
of registration (``prepend=True`` puts a hook first).

- pre-hook: ``hook(module, args)`` returns None or new args (a tuple, or one value);
  ``with_kwargs=True``: ``hook(module, args, kwargs)`` returns None or ``(args, kwargs)``;
- forward hook: ``hook(module, args, output)`` returns None or a new output;
  ``with_kwargs=True``: ``hook(module, args, kwargs, output)``; ``always_call=True``: it also runs when
  ``forward`` raised (which then propagates).

A module with backward hooks (``backward_hooks.py``) goes the same way: its inputs, after the pre-hooks, and its
output, after the forward hooks, pass through the node that calls them.
"""

from __future__ import annotations

from collections import OrderedDict

from ...autograd.hooks import add_hook
from ...utils.hooks import RemovableHandle

_global_forward_pre_hooks: OrderedDict = OrderedDict()
_global_forward_hooks: OrderedDict = OrderedDict()
_global_always_called: set = set()


def _add(registry: OrderedDict, hook, prepend: bool, *flag_sets) -> RemovableHandle:
    return add_hook(registry, hook, prepend, flag_sets)


def register_module_forward_pre_hook(hook) -> RemovableHandle:
    """A pre-hook for every module: ``hook(module, args)``, before the modules' own."""
    return _add(_global_forward_pre_hooks, hook, False)


def register_module_forward_hook(hook, *, always_call: bool = False) -> RemovableHandle:
    """A forward hook for every module: ``hook(module, args, output)``, before the modules' own."""
    handle = _add(_global_forward_hooks, hook, False, _global_always_called)
    if always_call:
        _global_always_called.add(handle.id)
    return handle


class ForwardHooks:
    """What Module mixes in: registering forward hooks and running them around ``forward``."""

    def _hook_registry(self, name: str):
        registry = self.__dict__.get(name)
        if registry is None:
            registry = OrderedDict() if name.endswith("hooks") else set()
            object.__setattr__(self, name, registry)
        return registry

    def register_forward_pre_hook(self, hook, *, prepend: bool = False, with_kwargs: bool = False):
        with_kwargs_ids = self._hook_registry("_forward_pre_hooks_with_kwargs")
        handle = _add(self._hook_registry("_forward_pre_hooks"), hook, prepend, with_kwargs_ids)
        if with_kwargs:
            with_kwargs_ids.add(handle.id)
        return handle

    def register_forward_hook(self, hook, *, prepend: bool = False, with_kwargs: bool = False,
                              always_call: bool = False):
        with_kwargs_ids = self._hook_registry("_forward_hooks_with_kwargs")
        always_ids = self._hook_registry("_forward_hooks_always_called")
        handle = _add(self._hook_registry("_forward_hooks"), hook, prepend, with_kwargs_ids, always_ids)
        if with_kwargs:
            with_kwargs_ids.add(handle.id)
        if always_call:
            always_ids.add(handle.id)
        return handle

    def __call__(self, *args, **kwargs):
        pre, post = self.__dict__.get("_forward_pre_hooks"), self.__dict__.get("_forward_hooks")
        if not (pre or post or _global_forward_pre_hooks or _global_forward_hooks or self._has_backward_hooks()):
            return self.forward(*args, **kwargs)
        return self._call_with_hooks(args, kwargs)

    def _has_backward_hooks(self) -> bool:  # see backward_hooks.BackwardHooks
        return False

    def _call_with_hooks(self, args: tuple, kwargs: dict):
        with_kwargs = self.__dict__.get("_forward_pre_hooks_with_kwargs", ())
        for hook_id, hook in [*_global_forward_pre_hooks.items(), *self._hook_registry("_forward_pre_hooks").items()]:
            if hook_id in with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                           f"but got {result}.")
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        backward_hooks = self._backward_hooks_of_this_call() if self._has_backward_hooks() else None
        if backward_hooks is not None:  # the inputs pass through the node that calls the full backward hooks
            args = backward_hooks.setup_input(args)
        try:
            output = self.forward(*args, **kwargs)
        except Exception:
            always = self.__dict__.get("_forward_hooks_always_called", set())
            for hook_id, hook in self._forward_hooks_in_order():
                if hook_id in always or hook_id in _global_always_called:
                    self._run_forward_hook(hook_id, hook, args, kwargs, None)
            raise
        for hook_id, hook in self._forward_hooks_in_order():
            result = self._run_forward_hook(hook_id, hook, args, kwargs, output)
            if result is not None:
                output = result
        if self._has_backward_hooks():
            self._attach_legacy_backward_hooks(output)
            if backward_hooks is not None:
                output = backward_hooks.setup_output(output)
        return output

    def _forward_hooks_in_order(self) -> list:
        return [*_global_forward_hooks.items(), *self._hook_registry("_forward_hooks").items()]

    def _run_forward_hook(self, hook_id, hook, args, kwargs, output):
        if hook_id in self.__dict__.get("_forward_hooks_with_kwargs", ()):
            return hook(self, args, kwargs, output)
        return hook(self, args, output)
