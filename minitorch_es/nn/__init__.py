"""``minitorch_es.nn``: modules, layers, losses and initialisation with PyTorch's names and defaults. The layers are
in :mod:`.modules` (one file per concept), their functions in :mod:`.functional`."""

from . import functional, init, modules, utils
from .modules import *  # noqa: F403  (the layers: the names of modules.__all__)
from .modules import __all__ as _layers
from .parameter import Parameter

__all__ = ["functional", "init", "modules", "utils", "Parameter", *_layers]
