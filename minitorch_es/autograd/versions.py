"""Version counters: how backward knows that a value it saved has been overwritten since.

Every tensor has a version, 0 when it is made, that each in-place change adds 1 to (``add_``, ``x[k] = v``,
``fill_``, an optimizer's step...). Tensors that share memory as views share one counter, with their base:
``detach()``, slicing, ``view``, ``transpose``..., so that writing through any of them is seen by all. (``x.data``
shares the memory but not the counter, as PyTorch's.)

When a Function saves one of its input tensors, or its output, for backward, the node records that tensor's
counter and the version it had. Backward compares them before using the values, and raises PyTorch's error when
they differ: the gradient would otherwise be computed with the new values, silently wrong.
"""

from __future__ import annotations

OUTPUT = "output"  # a saved value that is the Function's own output


def counter_of(tensor) -> list:
    """The tensor's version counter: a one-item list shared by its views, made when first needed."""
    counter = tensor._version_counter
    if counter is None:
        counter = tensor._version_counter = [0]
    return counter


def bump(tensor) -> None:
    """Count one in-place change of the tensor's memory."""
    counter_of(tensor)[0] += 1


def record(saved: tuple, tensors: list, out, result) -> tuple:
    """For the arrays in ``saved`` that are the data of one of ``tensors`` (the inputs) or ``out`` (the output's
    array, ``result``'s): who owns each (a tensor, :data:`OUTPUT` or None), and what to check: (counter, version,
    owner, value)."""
    owners, checks = [], []
    for value in saved:
        owner = None
        if value is out:
            owner = OUTPUT
            counter = counter_of(result)
        else:
            for tensor in tensors:
                if tensor is not None and tensor._data is value:
                    owner, counter = tensor, counter_of(tensor)
                    break
        owners.append(owner)
        if owner is not None:
            checks.append((counter, counter[0], owner, value))
    return tuple(owners), tuple(checks)


def check(node) -> None:
    """Raise PyTorch's error if a tensor that ``node`` saved has been changed in place since (naming, as
    PyTorch's, the node that made the tensor's current values)."""
    for counter, version, owner, value in node.ctx.saved_versions:
        if counter[0] != version:
            producer = node if owner is OUTPUT else owner._grad_fn
            raise RuntimeError(modified_message(producer, value, counter[0], version))


def modified_message(producer, value, version: int, expected: int) -> str:
    from .. import dtypes

    shape, dtype = value.shape, value.dtype
    which = f", which is output 0 of {producer.forward_name()}," if producer is not None else ""
    type_name = f"torch.{dtypes.torch_name(dtypes.from_numpy_dtype(dtype))}Tensor"
    return (f"one of the variables needed for gradient computation has been modified by an inplace operation: "
            f"[{type_name} [{', '.join(str(n) for n in shape)}]]{which} is at version {version}; expected version "
            f"{expected} instead. Hint: enable anomaly detection to find the operation that failed to compute its "
            f"gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
