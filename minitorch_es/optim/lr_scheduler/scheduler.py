"""``LRScheduler``, the base of the schedulers: the optimizer's rates per parameter group, ``step()`` (with
PyTorch's warnings), ``get_last_lr`` and ``state_dict``.

Call ``scheduler.step()`` once per epoch, after ``optimizer.step()``; ``ReduceLROnPlateau.step(metric)`` takes the
monitored value. Each scheduler writes the new rate into ``optimizer.param_groups[i]["lr"]``.
"""

from __future__ import annotations

import warnings
from functools import wraps
from weakref import ref

from ..optimizer import Optimizer

ORDER_WARNING = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call "
    "them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in "
    "PyTorch skipping the first value of the learning rate schedule. See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate"
)

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use "
    "`scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed "
    "form is used instead of the new chainable form, where available. Please open an issue if you are unable to "
    "replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose."
)


def _track_optimizer_steps(optimizer: Optimizer) -> None:
    """Mark the optimizer when its ``step`` runs, to warn about calling the scheduler first."""
    if getattr(optimizer.step, "_wrapped_by_lr_scheduler", False):
        return
    optimizer_ref, step = ref(optimizer), optimizer.step.__func__

    @wraps(step)
    def counting_step(*args, **kwargs):
        instance = optimizer_ref()
        instance._optimizer_step_called = True
        return step(instance, *args, **kwargs)

    counting_step._wrapped_by_lr_scheduler = True
    optimizer.step = counting_step


class LRScheduler:
    """Base class: ``get_lr()`` gives the next rates from the current ones (PyTorch's chainable form)."""

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for index, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(f"param 'initial_lr' is not specified in param_groups[{index}] when resuming an "
                                   "optimizer")
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        _track_optimizer_steps(optimizer)
        self._initial_step()

    def _initial_step(self) -> None:
        """The step every scheduler takes when it is made (it sets the rates of epoch 0)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        raise NotImplementedError

    def get_last_lr(self) -> list[float]:
        """The rates set by the last ``step()``."""
        return self._last_lr

    def _current_lrs(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]

    def step(self, epoch: int | None = None) -> None:
        """Advance one epoch. The deprecated ``epoch`` argument jumps to that epoch, with the closed-form rates
        where the scheduler has them (as PyTorch)."""
        self._count_step()
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch: int | None = None) -> None:
        if epoch is None:
            self.last_epoch += 1
            rates = self.get_lr()
        else:
            self.last_epoch = epoch
            rates = self._get_closed_form_lr() if hasattr(self, "_get_closed_form_lr") else self.get_lr()
        self._apply(rates)

    def _count_step(self) -> None:
        """Warn, as PyTorch, when the first scheduler step comes before any optimizer step."""
        if self._step_count == 1 and not getattr(self.optimizer, "_optimizer_step_called", False):
            warnings.warn(ORDER_WARNING, UserWarning, stacklevel=3)
        self._step_count += 1

    def _apply(self, rates: list[float]) -> None:
        for group, lr in zip(self.optimizer.param_groups, rates):
            group["lr"] = lr
        self._last_lr = self._current_lrs()

    def state_dict(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: dict) -> None:
        self.__dict__.update(state_dict)
