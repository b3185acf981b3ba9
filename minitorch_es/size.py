"""``Size``: a tensor's shape, a tuple of ints that prints as PyTorch's ``torch.Size``."""


class Size(tuple):
    def numel(self) -> int:
        count = 1
        for size in self:
            count *= size
        return count

    def __repr__(self) -> str:
        return f"minitorch_es.Size({list(self)})"
