"""Anomaly detection, as ``torch.autograd.detect_anomaly`` / ``set_detect_anomaly``.

While it is on, every recorded node keeps the Python stack of the forward call that made it, and backward checks
each node's results: a NaN raises ``RuntimeError("Function 'DivBackward0' returned nan values in its 1th
output.")`` after a warning that shows where that op was called in the forward pass. It makes every op slower:
for debugging only.
"""

from __future__ import annotations

import traceback
import warnings

import numpy as np


class _State:
    enabled = False
    check_nan = True


state = _State()

_WARNING = ("Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled "
            "for debugging.")


def is_anomaly_enabled() -> bool:
    return state.enabled


def is_anomaly_check_nan_enabled() -> bool:
    return state.check_nan


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """``torch.set_anomaly_enabled``: the switch itself, without a context."""
    state.enabled, state.check_nan = bool(enabled), bool(check_nan)


class set_detect_anomaly:
    """Turn anomaly detection on or off (``mode``); also usable as a context manager, restoring the previous
    setting on exit."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.previous = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = bool(mode), bool(check_nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc_info) -> None:
        state.enabled, state.check_nan = self.previous


class detect_anomaly:
    """Context manager (and decorator) that enables anomaly detection inside its block."""

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        warnings.warn(_WARNING, stacklevel=2)

    def __enter__(self) -> None:
        self.previous = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = True, self.check_nan

    def __exit__(self, *exc_info) -> None:
        state.enabled, state.check_nan = self.previous

    def __call__(self, function):
        def run(*args, **kwargs):
            with self:
                return function(*args, **kwargs)

        return run


def forward_stack() -> list:
    """The stack of the forward call being recorded, without this package's own frames."""
    return [line for line in traceback.format_stack()[:-1] if "/minitorch_es/" not in line]


def checked_apply(node, grad, create_graph: bool) -> tuple:
    """``node.apply`` that names the forward call of a node whose backward fails or returns NaN."""
    try:
        input_grads = node.apply(grad, create_graph)
        if state.check_nan:
            for index, value in enumerate(input_grads):
                array = getattr(value, "_data", value)
                if isinstance(array, np.ndarray) and array.dtype.kind == "f" and np.isnan(array).any():
                    raise RuntimeError(f"Function '{node.name()}' returned nan values in its {index}th output.")
    except Exception:
        stack = getattr(node, "forward_stack", None)
        if stack:
            warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                          + "".join(stack), stacklevel=2)
        raise
    return input_grads
