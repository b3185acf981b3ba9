"""Process-wide settings that ``import minitorch_es`` applies, each measured and explained in its module:

- :mod:`.openmp`: Numba's OpenMP threads sleep when idle (before Numba loads).
- :mod:`.blas_threads`: NumPy's OpenBLAS threads spin for about 1 ms after a product, not 70 ms.
- :mod:`.freed_memory`: glibc's malloc keeps freed memory for the next training step.

Each leaves the process alone where the user's environment already decides (see the modules). Kernels stay pure
array functions; this is the only place that changes how the process runs.
"""
