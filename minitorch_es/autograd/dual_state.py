"""Where forward-mode AD keeps its state: the open dual levels and each dual tensor's tangent (see
:mod:`.forward_ad`). Kept apart so that ``Function.apply`` checks one list, ``levels``, and pays nothing else
while no dual level is open."""

from __future__ import annotations

import weakref

levels: list = []  # one list of weak references (the tensors given a tangent) per open level


def tangent_of(value):
    """The tangent (an array) ``value`` carries at the innermost level, or None. A view whose base's tangent was
    written in place since (through another view) takes its own from the base's again."""
    base = getattr(value, "_view_base", None)
    if base is not None and base._tangent_writes != value._tangent_generation:
        from ..ops.in_place import regenerate_tangent

        regenerate_tangent(value)
    return getattr(value, "_tangent", None)


def any_tangent(values) -> bool:
    return any(tangent_of(value) is not None for value in values)


def set_tangent(tensor, tangent) -> None:
    """Give ``tensor`` a tangent at the innermost level (forgotten when that level closes)."""
    tensor._tangent = tangent
    levels[-1].append(weakref.ref(tensor))
