"""minitorch_es shortens the idle spin of NumPy's OpenBLAS threads (see minitorch_es/tuning/blas_threads.py)."""

import os
import subprocess
import sys

import pytest
from threadpoolctl import threadpool_info

from minitorch_es.tuning.blas_threads import SPIN_EXPONENT

SCRIPT = """
import ctypes, os
import numpy
import minitorch_es
from threadpoolctl import threadpool_info
library = ctypes.CDLL(next(i["filepath"] for i in threadpool_info() if i["internal_api"] == "openblas"))
print(os.environ["OPENBLAS_THREAD_TIMEOUT"], library.openblas_thread_timeout())
"""


def _timeouts(**environment) -> list[str]:
    variables = {k: v for k, v in os.environ.items() if k != "OPENBLAS_THREAD_TIMEOUT"} | environment
    return subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
                          env=variables).stdout.split()


def test_openblas_reads_the_shorter_spin_even_when_numpy_came_first_and_a_user_setting_wins():
    if not any(i["internal_api"] == "openblas" and i.get("threading_layer") == "pthreads" for i in threadpool_info()):
        pytest.skip("NumPy here does not link OpenBLAS with its own thread pool: nothing to shorten")
    assert _timeouts() == [SPIN_EXPONENT, SPIN_EXPONENT]
    assert _timeouts(OPENBLAS_THREAD_TIMEOUT="25") == ["25", "25"]
