"""Gradient recording switch: ``no_grad``, ``enable_grad``, ``set_grad_enabled`` and ``inference_mode``, as in
PyTorch.

While recording is off, operations build no graph, and in-place updates of parameters (what an optimizer's
``p -= lr * g`` does) are allowed.
"""

from __future__ import annotations

import functools
import threading

_state = threading.local()


def is_grad_enabled() -> bool:
    return getattr(_state, "enabled", True)


def _set_enabled(enabled: bool) -> None:
    _state.enabled = bool(enabled)


class _GradModeContext:
    """Base of the three switches: a context manager that is also a function decorator."""

    _target: bool

    def __enter__(self) -> None:
        self._previous = is_grad_enabled()
        _set_enabled(self._target)

    def __exit__(self, *exc_info) -> None:
        _set_enabled(self._previous)

    def __call__(self, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return function(*args, **kwargs)

        return wrapper


class _NoArgumentSwitch(_GradModeContext):
    """A switch that also decorates without parentheses (``@no_grad`` as well as ``@no_grad()``), as PyTorch's."""

    def __new__(cls, function=None):
        instance = super().__new__(cls)
        return instance if function is None else instance(function)


class no_grad(_NoArgumentSwitch):
    """Operations inside build no graph: ``with minitorch_es.no_grad(): ...``, ``@no_grad()`` or ``@no_grad``."""

    _target = False


class enable_grad(_NoArgumentSwitch):
    """Turn recording back on inside a ``no_grad`` block."""

    _target = True


class inference_mode(_GradModeContext):
    """PyTorch's faster ``no_grad`` for inference; here the same as ``no_grad`` (``mode=False`` records as usual).
    Works as ``with inference_mode():``, ``@inference_mode()`` and ``@inference_mode``."""

    def __new__(cls, mode=True):
        instance = super().__new__(cls)
        if callable(mode):
            instance._target = False
            return instance(mode)
        return instance

    def __init__(self, mode=True) -> None:
        if not callable(mode):
            self._target = not mode

    def __call__(self, function):
        target = self._target

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with inference_mode(not target):
                return function(*args, **kwargs)

        return wrapper


class set_grad_enabled(_GradModeContext):
    """Set recording on or off; works as a plain call, a context manager, or a decorator."""

    def __init__(self, mode: bool) -> None:
        self._target = bool(mode)
        self._previous = is_grad_enabled()
        _set_enabled(mode)

    def __enter__(self) -> None:
        pass

    def __call__(self, function):
        _set_enabled(self._previous)
        mode = self._target

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return function(*args, **kwargs)

        return wrapper
