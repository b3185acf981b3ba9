"""Reading the IDX format of MNIST and Fashion-MNIST (optionally gzip-compressed), with checks that say what is
wrong with a damaged file.

Layout: 2 zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, then one big-endian uint32 per
dimension, then the data in row-major order. Images are magic 2051 (3 dimensions), labels 2049 (1 dimension).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049


def read_idx(path: Path, expected_magic: int | None = None) -> np.ndarray:
    """The array stored in an IDX file (``.gz`` or not); ``ValueError`` naming the file and the problem."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            content = handle.read()
    except (OSError, EOFError) as error:
        raise ValueError(f"{path}: cannot be read as {'gzip' if path.suffix == '.gz' else 'an IDX file'} "
                         f"({error}); the file is damaged, delete it and get it again") from None
    if len(content) < 4:
        raise ValueError(f"{path}: {len(content)} bytes is too short for an IDX header")
    magic = int.from_bytes(content[:4], "big")
    if content[0] != 0 or content[1] != 0 or content[2] != 0x08:
        raise ValueError(f"{path}: bad magic number {magic:#010x} (expected an unsigned-byte IDX file, "
                         f"0x0000080N)")
    if expected_magic is not None and magic != expected_magic:
        raise ValueError(f"{path}: magic number {magic} but {expected_magic} was expected "
                         f"({'images' if expected_magic == IMAGES_MAGIC else 'labels'})")
    dimensions = content[3]
    header = 4 + 4 * dimensions
    if len(content) < header:
        raise ValueError(f"{path}: the header announces {dimensions} dimensions but the file ends early")
    shape = tuple(int.from_bytes(content[4 + 4 * i:8 + 4 * i], "big") for i in range(dimensions))
    expected = int(np.prod(shape)) if shape else 0
    actual = len(content) - header
    if actual != expected:
        raise ValueError(f"{path}: the header announces shape {shape} ({expected} bytes of data) but the file holds "
                         f"{actual}; it is truncated or damaged")
    return np.frombuffer(content, dtype=np.uint8, offset=header).reshape(shape)
