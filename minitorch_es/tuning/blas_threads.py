"""NumPy's OpenBLAS and Numba's kernels share the CPU cores: keep OpenBLAS's idle threads from spinning.

After each matrix product, OpenBLAS's worker threads keep polling for more work for 2^28 cycles (about 70 ms)
before they sleep, yielding the core only between polls. A Numba kernel that runs in that window (a convolution
after a linear layer's product, in a CNN's training step) shares every core with a spinning thread. Measured here
(2 cores, the Fashion-MNIST CNN's Adam step at batch 100): 101 ms with OpenBLAS's default, 66-70 ms with the spin
cut to 2^22 cycles (about 1 ms). Shorter spins (2^20: 62-65 ms) put the threads to sleep between the products of
one im2col convolution, which then waits for them to wake (1 -> 32 channels, forward and backward: 3.5 ms with 2^22
and 2^28, 3.9-6.2 ms with 2^20); the feed-forward net's step does not change (0.58 ms). Numba's own OpenMP
threads get the same treatment in :mod:`.openmp` (``OMP_WAIT_POLICY=PASSIVE``).

OpenBLAS reads ``OPENBLAS_THREAD_TIMEOUT`` (the exponent) when it loads, and NumPy has loaded it by the time
minitorch_es runs, so ``shorten_openblas_spin`` sets the variable, has OpenBLAS read its environment again and
stops its thread pool, which it starts afresh, with the new timeout, at the next product. Where the variable is
already set it is the user's choice, and nothing changes; child processes inherit it.
"""

from __future__ import annotations

import ctypes
import os

SPIN_EXPONENT = "22"  # OpenBLAS's idle threads poll for 2^22 cycles before they sleep


def shorten_openblas_spin() -> bool:
    """Apply SPIN_EXPONENT to every OpenBLAS (with its own thread pool) loaded in this process; True if one was."""
    if "OPENBLAS_THREAD_TIMEOUT" in os.environ:
        return False
    os.environ["OPENBLAS_THREAD_TIMEOUT"] = SPIN_EXPONENT
    from threadpoolctl import threadpool_info

    changed = False
    for library in threadpool_info():
        if library.get("internal_api") != "openblas" or library.get("threading_layer") != "pthreads":
            continue
        try:
            handle = ctypes.CDLL(library["filepath"])
            read_environment, stop_threads = handle.openblas_read_env, handle.blas_thread_shutdown_
        except (OSError, AttributeError):  # another build of OpenBLAS: leave it as it is
            continue
        read_environment()
        stop_threads()
        changed = True
    return changed
