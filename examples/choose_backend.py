"""``--backend torch`` for the examples: the guides' code runs on PyTorch by changing only the import.

    torch = library_from_command_line()   # minitorch_es by default; PyTorch with --backend torch

Each example imports its library through this function, so that ``python examples/X.py --backend torch`` prints
PyTorch's numbers beside ours (``python examples/X.py``) from the very same lines.
"""

from __future__ import annotations

import argparse
import importlib
import sys


def backend_name(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--backend", choices=["minitorch_es", "torch"], default="minitorch_es")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return known.backend


def library_from_command_line(argv: list[str] | None = None):
    """The module ``minitorch_es`` or ``torch``, as ``--backend`` says."""
    return importlib.import_module(backend_name(argv))
