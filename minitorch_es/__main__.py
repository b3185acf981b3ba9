"""``python -m minitorch_es train ...``: see :mod:`minitorch_es.training.cli`."""

import sys

from .training.cli import main

sys.exit(main())
