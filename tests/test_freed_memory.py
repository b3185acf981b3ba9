"""minitorch_es keeps freed memory for the next training step (see minitorch_es/tuning/freed_memory.py)."""

import ctypes
import os
import platform
import subprocess
import sys

import pytest

from minitorch_es.tuning.freed_memory import MMAP_THRESHOLD

# A 20 MiB array, freed: with minitorch_es's settings it came from the heap and its memory stays there (free, for
# the next step); with glibc's defaults it had its own mapping, returned to the system at once.
SCRIPT = """
import ctypes, numpy
import minitorch_es
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                     "fsmblks", "uordblks", "fordblks", "keepcost")]
mallinfo2 = ctypes.CDLL(None).mallinfo2
mallinfo2.restype = MallInfo2
array = numpy.ones(20 * 2**20 // 8)
mapped = mallinfo2().hblkhd
del array
print(mapped // 2**20, mallinfo2().fordblks // 2**20)
"""


def _mapped_and_kept_mib(**environment) -> list[int]:
    variables = {k: v for k, v in os.environ.items()
                 if not k.startswith("MALLOC_") and k != "MINITORCH_ES_KEEP_FREED_MEMORY"} | environment
    output = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
                            env=variables).stdout
    return [int(value) for value in output.split()]


def test_freed_arrays_stay_for_the_next_step_unless_the_user_says_otherwise():
    if platform.libc_ver()[0] != "glibc" or not hasattr(ctypes.CDLL(None), "mallinfo2"):
        pytest.skip("the C library here is not glibc 2.33 or newer: minitorch_es leaves malloc as it is")
    assert MMAP_THRESHOLD > 20 * 2**20
    mapped, kept = _mapped_and_kept_mib()
    assert mapped < 20 and kept >= 20  # from the heap, and still there once freed
    for opt_out in ({"MINITORCH_ES_KEEP_FREED_MEMORY": "0"}, {"MALLOC_TRIM_THRESHOLD_": str(2**20)}):
        mapped, kept = _mapped_and_kept_mib(**opt_out)
        assert mapped >= 20 or kept < 20, opt_out  # glibc's own behaviour: not kept
