"""Pure array functions (NumPy and Numba) that the differentiable ops call; nothing here knows of Tensor."""
