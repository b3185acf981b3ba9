"""Random numbers: one NumPy ``Generator`` behind ``manual_seed``, as PyTorch's default CPU generator.

Streams are not PyTorch's (the tests never compare random draws across libraries, only distributions).
"""

from __future__ import annotations

import numpy as np


class Generator:
    """A seedable source of random numbers, passed as ``generator=`` to random factories and DataLoaders."""

    def __init__(self, device="cpu") -> None:
        self._seed = int(np.random.SeedSequence().entropy % (2**63))
        self.numpy = np.random.default_rng(self._seed)

    def manual_seed(self, seed: int) -> Generator:
        self._seed = int(seed)
        self.numpy = np.random.default_rng(self._seed)
        return self

    def seed(self) -> int:
        self.manual_seed(int(np.random.SeedSequence().entropy % (2**63)))
        return self._seed

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> dict:
        return self.numpy.bit_generator.state

    def set_state(self, state: dict) -> Generator:
        self.numpy.bit_generator.state = state
        return self


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Seed the default generator, making every later random draw reproducible."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state() -> dict:
    return default_generator.get_state()


def set_rng_state(state: dict) -> None:
    default_generator.set_state(state)


def numpy_generator(generator: Generator | None = None) -> np.random.Generator:
    """The NumPy generator behind ``generator``, or behind the default one."""
    return (generator or default_generator).numpy
