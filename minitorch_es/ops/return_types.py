"""The named tuples that ops return, as ``torch.return_types``: ``x.max(dim)`` gives ``(values, indices)``,
``aminmax`` gives ``(min, max)``."""

from __future__ import annotations

from collections import namedtuple

ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])
MinMax = namedtuple("aminmax", ["min", "max"])
