"""What the layers share: the ``device`` and ``dtype`` arguments of their constructors."""

from __future__ import annotations

from ... import dtypes
from ...device import device as as_device


def factory_options(device, dtype) -> dict:
    """The options a layer passes to the factories of its parameters: ``dtype`` (None: the default float dtype);
    ``device`` must be the CPU (anything else is the device's error, naming what to do instead)."""
    if device is not None:
        as_device(device)
    return {"dtype": dtypes.to_dtype(dtype) if dtype is not None else None}
