"""``minitorch_es.utils``: data loading (``utils.data``) and hook handles (``utils.hooks``)."""

from . import data, hooks

__all__ = ["data", "hooks"]
