"""State-dict hooks of modules, as PyTorch's: functions called around ``state_dict`` and ``load_state_dict``
(renaming keys of old checkpoints, converting values, reporting what was not loaded).

- ``register_state_dict_pre_hook(hook)``: ``hook(module, prefix, keep_vars)`` before the module writes its entries;
- ``register_state_dict_post_hook(hook)``: ``hook(module, state_dict, prefix, local_metadata)`` after the module and
  its children have written theirs (it may change ``state_dict`` in place; it returns None);
- ``register_load_state_dict_pre_hook(hook)``: ``hook(module, state_dict, prefix, local_metadata, strict,
  missing_keys, unexpected_keys, error_msgs)`` before the module's entries are read (it may rename or convert
  entries of ``state_dict`` in place);
- ``register_load_state_dict_post_hook(hook)``: ``hook(module, incompatible_keys)`` after everything was loaded and
  before ``strict`` is checked: clearing ``incompatible_keys.missing_keys`` there makes those keys acceptable.
"""

from __future__ import annotations

from ...autograd.hooks import add_hook as _add
from ...utils.hooks import RemovableHandle


class StateDictHooks:
    """What Module mixes in: registering state-dict hooks and running them."""

    def register_state_dict_pre_hook(self, hook) -> RemovableHandle:
        return _add(self._hook_registry("_state_dict_pre_hooks"), hook)

    def register_state_dict_post_hook(self, hook) -> RemovableHandle:
        return _add(self._hook_registry("_state_dict_post_hooks"), hook)

    def register_load_state_dict_pre_hook(self, hook) -> RemovableHandle:
        return _add(self._hook_registry("_load_state_dict_pre_hooks"), hook)

    def register_load_state_dict_post_hook(self, hook) -> RemovableHandle:
        return _add(self._hook_registry("_load_state_dict_post_hooks"), hook)

    def _hooks_of(self, name: str) -> list:
        return list(self.__dict__.get(name, {}).values())

    def _run_state_dict_pre_hooks(self, prefix: str, keep_vars: bool) -> None:
        for hook in self._hooks_of("_state_dict_pre_hooks"):
            hook(self, prefix, keep_vars)

    def _run_state_dict_post_hooks(self, destination, prefix: str) -> None:
        for hook in self._hooks_of("_state_dict_post_hooks"):
            if hook(self, destination, prefix, {}) is not None:
                raise RuntimeError("state_dict post-hook must return None")

    def _run_load_state_dict_pre_hooks(self, state_dict, strict: bool, missing: list, unexpected: list,
                                       errors: list) -> None:
        """Each module's pre-hooks, with its prefix, in the order of ``named_modules``."""
        for prefix, module in self.named_modules():
            for hook in module._hooks_of("_load_state_dict_pre_hooks"):
                hook(module, state_dict, prefix + "." if prefix else "", {}, strict, missing, unexpected, errors)

    def _run_load_state_dict_post_hooks(self, incompatible_keys) -> None:
        for _, module in self.named_modules():
            for hook in module._hooks_of("_load_state_dict_post_hooks"):
                if hook(module, incompatible_keys) is not None:
                    raise RuntimeError("load_state_dict post-hook must return None")
