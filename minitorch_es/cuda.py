"""``minitorch_es.cuda``: answers the questions PyTorch code asks before choosing a device (there is no GPU here)."""


def is_available() -> bool:
    return False


def device_count() -> int:
    return 0


def manual_seed(seed: int) -> None:
    """Accepted and ignored, so that seeding code written for PyTorch runs unchanged."""


def manual_seed_all(seed: int) -> None:
    """Accepted and ignored, so that seeding code written for PyTorch runs unchanged."""
