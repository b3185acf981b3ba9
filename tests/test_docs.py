"""The READMEs and ARCHITECTURE.md point to places that exist: every file they name, every name they say a file
defines, every test they cite, and every op table selection (``-k name``) they tell a student to run. A move that
forgets a document fails here instead of leaving a newcomer a dead end."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.op_table import OPS

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("README.md", "README.es.md", "ARCHITECTURE.md")
# Where a path written in a document may start: the repository, the package (``ops/linalg.py``), the workspace.
PLACES = (ROOT, ROOT / "minitorch_es", ROOT.parent)
# Paths of the user's machine (their data, their runs) and commands, not places of the repository.
USERS_PATHS = ("data/", "runs/", "python", "make", "pytest", ".venv")
SOURCE_PATH = re.compile(r"^[\w./-]+(\.py|/)$")


def _resolve(path: str, directory: Path | None) -> Path | None:
    bare = "/" not in path.rstrip("/")
    near = [directory, *directory.parents] if directory is not None and bare else []  # a file beside, or above
    starts = [start for start in near if ROOT in (start, *start.parents)] + list(PLACES)
    for start in starts:
        if (start / path).exists():
            return start / path
    return None


def _defines(path: Path, name: str) -> bool:
    return re.search(rf"^\s*(class|def) {re.escape(name)}\b|^{re.escape(name)} =", path.read_text(), re.M) is not None


def _references(document: str):
    """(line number, backquoted text, whether it starts a table row or paragraph) for each backquoted token: a bare
    name (``plateau.py``, ``::test_reduce_lr_on_plateau``) belongs to the folder or file named before it there."""
    previous = ""
    for number, line in enumerate((ROOT / document).read_text().splitlines(), 1):
        starts = line.startswith("|") or not previous.strip()
        for index, token in enumerate(re.findall(r"`([^`]+)`", line)):
            yield number, token, starts and index == 0
        previous = line


def _problems(document: str):
    op_ids = [op.id for op in OPS]
    directory = test_file = None
    for number, token, first in _references(document):
        where = f"{document}:{number}: `{token}`"
        if first:
            directory = test_file = None
        if "*" in token or "<" in token:  # a pattern (tests/test_nn_*.py): its folder is the context
            parent = _resolve(token.rsplit("/", 1)[0], directory) if "/" in token else None
            directory = parent or directory
            continue
        if token.startswith(USERS_PATHS):
            continue
        if token.startswith("-k "):
            for name in re.split(r"\s+or\s+|\s+and\s+", token[3:].strip('"')):
                if not any(name in op_id for op_id in op_ids):
                    yield f"{where}: no op table entry matches {name!r}"
            continue
        if "::" in token:
            path, _, test = token.partition("::")
            test_file = _resolve(path, None) if path else test_file
            if test_file is None or not _defines(test_file, test):
                yield f"{where}: no test {test} in {test_file or path}"
            continue
        path, _, names = token.partition(": ")
        if not SOURCE_PATH.match(path):
            continue
        found = _resolve(path, directory)
        if found is None:
            yield f"{where}: no such file or folder"
            continue
        directory = found if found.is_dir() else found.parent
        for name in filter(None, (re.match(r"\w*", part.strip()).group() for part in names.split(","))):
            if not _defines(found, name):
                yield f"{where}: {os.path.relpath(found, ROOT)} defines no {name}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_place_a_document_names_exists(document):
    problems = list(_problems(document))
    assert not problems, "\n".join(problems)


def test_the_checker_reads_the_tables():
    """Not vacuous: the equation table's references are seen, and a wrong one would be reported."""
    tokens = [token for _, token, _ in _references("README.md")]
    assert "ops/activations.py: Softmax, LogSoftmax" in tokens
    assert "-k nn.functional.cross_entropy" in tokens
    assert _defines(ROOT / "minitorch_es/ops/activations.py", "Softmax")
    assert not _defines(ROOT / "minitorch_es/ops/activations.py", "NoSuchFunction")
    assert _resolve("ops/no_such_file.py", None) is None
