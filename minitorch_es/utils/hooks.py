"""``RemovableHandle``, as ``torch.utils.hooks``: what registering a hook returns; ``handle.remove()`` (or leaving
its ``with`` block) unregisters it."""

from __future__ import annotations

import itertools

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
