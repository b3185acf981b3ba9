"""Differentiable operations: each a small Function class (forward and backward on arrays) and a wrapper."""
