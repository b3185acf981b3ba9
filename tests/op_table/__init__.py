"""The op table: one entry per op, in the spirit of PyTorch's OpInfo (``op_info.py`` says what an entry holds).
Each file holds the entries of one family of ``minitorch_es/ops`` (or of ``nn.functional``), and
``tests/test_ops.py`` makes every parity, example and error test from them, so that a new op is one entry."""

from . import (activations, arithmetic, comparison, conversion, convolution, exp_log, functional, indexing, linalg,
               losses, normalization, piecewise, pooling, reductions, rounding, sorting, trigonometric, views)

FAMILIES = (arithmetic, exp_log, trigonometric, rounding, piecewise, comparison, reductions, sorting, views, indexing,
            linalg, activations, losses, convolution, pooling, normalization, functional, conversion)
OPS = [op for family in FAMILIES for op in family.OPS]
