"""``minitorch_es.utils.data``: datasets and the DataLoader, as ``torch.utils.data``."""

from .dataloader import DataLoader, default_collate
from .dataset import ConcatDataset, Dataset, Subset, TensorDataset, random_split

__all__ = ["DataLoader", "Dataset", "TensorDataset", "Subset", "ConcatDataset", "random_split", "default_collate"]
