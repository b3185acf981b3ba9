"""Hook handles and tensor hooks: ``RemovableHandle`` (as ``torch.utils.hooks``), what registering a hook
returns (``handle.remove()``, or leaving its ``with`` block, unregisters it), and the registration of a tensor's
gradient hooks, its post-accumulate hooks and ``retain_grad``."""

from __future__ import annotations

import itertools
import weakref

_ids = itertools.count()


class RemovableHandle:
    """The handle of one hook registered in ``registry`` (a dict from handle id to hook), and in any of
    ``extra_registries`` (the sets or dicts of the options it was registered with)."""

    def __init__(self, registry: dict, extra_registries: tuple = ()) -> None:
        self.id = next(_ids)
        self._registries = (registry, *extra_registries)

    def remove(self) -> None:
        for registry in self._registries:
            if isinstance(registry, dict):
                registry.pop(self.id, None)
            else:
                registry.discard(self.id)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc_info) -> None:
        self.remove()


def add_hook(registry: dict, hook, prepend: bool = False, extra_registries: tuple = ()) -> RemovableHandle:
    """Register ``hook`` in ``registry`` (by its handle's id; first with ``prepend``, ``registry`` being an
    OrderedDict then), the handle also removing it from ``extra_registries`` (the sets of its options)."""
    handle = RemovableHandle(registry, extra_registries)
    registry[handle.id] = hook
    if prepend:
        registry.move_to_end(handle.id, last=False)
    return handle


class _ListHandle:
    """The handle of a hook kept in a plain list (a tensor's gradient hooks)."""

    def __init__(self, hooks: list, hook) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)

    def __enter__(self) -> _ListHandle:
        return self

    def __exit__(self, *exc_info) -> None:
        self.remove()


def retain_grad(tensor) -> None:
    """``tensor.retain_grad()``: its node keeps a weak reference to it, and the engine stores the gradient that
    reaches the node in ``tensor.grad``."""
    if not tensor._requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if tensor._grad_fn is not None:
        tensor._retains_grad = True
        tensor._grad_fn.retained = weakref.ref(tensor)


def register_gradient_hook(tensor, hook):
    """``tensor.register_hook(hook)``: ``hook(grad)`` runs when the gradient of ``tensor`` is computed, and a
    returned tensor replaces it. On a non-leaf tensor the hook belongs to its ``grad_fn``, as PyTorch's."""
    if not tensor._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if tensor._grad_fn is None:
        hooks = tensor._hooks
    else:
        if not tensor._grad_fn.tensor_hooks:
            tensor._grad_fn.tensor_hooks = []
        hooks = tensor._grad_fn.tensor_hooks
    hooks.append(hook)
    return _ListHandle(hooks, hook)


def register_post_accumulate_grad_hook(tensor, hook):
    """``tensor.register_post_accumulate_grad_hook(hook)``: ``hook(tensor)`` runs on this leaf after its
    ``.grad`` has been accumulated (where an optimizer can step this parameter at once)."""
    if not tensor._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if tensor._grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    if tensor._post_accumulate_grad_hooks is None:
        tensor._post_accumulate_grad_hooks = []
    tensor._post_accumulate_grad_hooks.append(hook)
    return _ListHandle(tensor._post_accumulate_grad_hooks, hook)
